//! BOCHK's `ApplicationStatus` body.

use serde_json::{Value, json};

use crate::applications::store::ApplicationRecord;
use crate::applications::{ApplicationStatus, decision, information_request};

/// BOCHK's code and words of a status.
fn code(s: ApplicationStatus) -> (&'static str, &'static str) {
    match s {
        ApplicationStatus::UnderReview => ("PROC", "Application being processed."),
        ApplicationStatus::InformationRequired => ("PEND", "Waiting for more information."),
        ApplicationStatus::Approved => ("APPR", "Application approved."),
        ApplicationStatus::Declined => ("REJT", "Application rejected."),
        ApplicationStatus::Withdrawn => ("WDRN", "Application withdrawn."),
        _ => ("RCVD", "Application received."),
    }
}

/// The status body of an application.
pub(super) fn status(r: &ApplicationRecord) -> Value {
    let (code, words) = code(r.status());
    let mut body = json!({
        "applicationId": r.taken.id,
        "statusCode": code,
        "statusDescription": words,
        "createTime": r.created,
        "updateTime": r.updated,
    });
    if let Some(req) = information_request(r) {
        body["pendingItems"] = json!([{
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
        body["decision"] = v;
    }
    body
}
