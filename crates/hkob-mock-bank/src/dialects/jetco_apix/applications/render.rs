//! JETCO's `Application` body.

use serde_json::{Value, json};

use crate::applications::store::ApplicationRecord;
use crate::applications::{ApplicationStatus, decision, information_request};

/// JETCO's name of a status.
fn status(s: ApplicationStatus) -> &'static str {
    match s {
        ApplicationStatus::UnderReview => "UnderReview",
        ApplicationStatus::InformationRequired => "InformationRequired",
        ApplicationStatus::Approved => "Approved",
        ApplicationStatus::Declined => "Declined",
        ApplicationStatus::Withdrawn => "Withdrawn",
        _ => "Received",
    }
}

/// `{ data: Application }`.
pub(super) fn application(r: &ApplicationRecord) -> Value {
    let mut app = json!({
        "applicationId": r.taken.id,
        "productType": r.taken.product_type,
        "productCode": r.taken.product_code,
        "status": status(r.status()),
        "creationDateTime": r.created,
        "statusUpdateDateTime": r.updated,
    });
    if let Some(req) = information_request(r) {
        app["informationRequests"] = json!([{
            "requestId": req.id,
            "kind": req.kind,
            "description": req.description,
            "dueDate": req.due_date,
        }]);
    }
    if let Some(d) = decision(r) {
        let mut v = json!({ "decidedAt": d.decided_at, "reason": d.reason });
        if let Some((amount, currency)) = d.approved_amount {
            v["approvedAmount"] = json!({ "amount": amount, "currency": currency });
        }
        app["decision"] = v;
    }
    json!({ "data": app })
}
