//! HSBC's `HsbcApplication` body.

use serde_json::{Value, json};

use crate::applications::store::ApplicationRecord;
use crate::applications::{ApplicationStatus, decision, information_request};

/// HSBC's name of a status.
fn status(s: ApplicationStatus) -> &'static str {
    match s {
        ApplicationStatus::AwaitingCustomer => "AwaitingCustomer",
        ApplicationStatus::Cancelled => "Cancelled",
        ApplicationStatus::UnderReview => "InProgress",
        ApplicationStatus::InformationRequired => "AdditionalInformationRequired",
        ApplicationStatus::Approved => "Approved",
        ApplicationStatus::Declined => "Rejected",
        ApplicationStatus::Withdrawn => "Withdrawn",
        _ => "Submitted",
    }
}

/// `{ Data: HsbcApplication }`.
pub(super) fn application(r: &ApplicationRecord) -> Value {
    let mut app = json!({
        "ApplicationId": r.taken.id,
        "ProductType": r.taken.product_type,
        "ProductIdentifier": r.taken.product_code,
        "Status": status(r.status()),
        "CreationDateTime": r.created,
        "StatusUpdateDateTime": r.updated,
    });
    if let Some(req) = information_request(r) {
        app["AdditionalInformationRequests"] = json!([{
            "RequestId": req.id,
            "Kind": req.kind,
            "Description": req.description,
            "DueDate": req.due_date,
        }]);
    }
    if let Some(d) = decision(r) {
        let mut v = json!({ "DecidedAt": d.decided_at, "Reason": d.reason });
        if let Some((amount, currency)) = d.approved_amount {
            v["ApprovedAmount"] = json!({ "Amount": amount, "Currency": currency });
        }
        app["Decision"] = v;
    }
    json!({ "Data": app })
}
