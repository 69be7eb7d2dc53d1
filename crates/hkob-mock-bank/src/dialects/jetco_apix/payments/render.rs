//! JETCO APIX answer bodies: `PaymentConsentResponse` and `PaymentResponse`.

use serde_json::{Map, Value, json};

use super::wire::KINDS;
use crate::dialects::accounts::instant;
use crate::payments::consents::ConsentView;
use crate::payments::initiation::Initiation;
use crate::payments::progress::PaymentStatus;
use crate::payments::submit::PaymentView;

/// A `PaymentConsentResponse`.
pub(super) fn consent(view: &ConsentView, self_url: &str) -> Value {
    let mut data = Map::new();
    data.insert("consentId".into(), json!(view.consent_id));
    data.insert("status".into(), json!(view.status.as_str()));
    data.insert("creationDate".into(), json!(instant(view.created_at)));
    data.insert(
        "statusUpdateDate".into(),
        json!(instant(view.status_updated_at)),
    );
    if let Some(exp) = view.expires_at {
        data.insert("expirationDate".into(), json!(instant(exp)));
    }
    data.insert("initiation".into(), initiation(&view.initiation));
    data.insert("creditorName".into(), json!(view.creditor_name));
    json!({ "data": data, "links": { "self": self_url } })
}

/// A `PaymentResponse`.
pub(super) fn payment(view: &PaymentView, self_url: &str) -> Value {
    let mut data = Map::new();
    data.insert("paymentId".into(), json!(view.payment_id));
    data.insert("consentId".into(), json!(view.consent_id));
    data.insert("status".into(), json!(status(view.status)));
    data.insert("creationDate".into(), json!(instant(view.created_at)));
    data.insert(
        "statusUpdateDate".into(),
        json!(instant(view.status_updated_at)),
    );
    data.insert("initiation".into(), initiation(&view.initiation));
    if let Some((code, text)) = &view.reason {
        data.insert(
            "statusReason".into(),
            json!({ "code": code, "information": text }),
        );
    }
    json!({ "data": data, "links": { "self": self_url } })
}

fn status(s: PaymentStatus) -> &'static str {
    match s {
        PaymentStatus::Pending => "Pending",
        PaymentStatus::InProcess => "AcceptedSettlementInProcess",
        PaymentStatus::Completed => "AcceptedSettlementCompleted",
        PaymentStatus::Rejected => "Rejected",
        PaymentStatus::Cancelled => "Cancelled",
    }
}

/// A `PaymentInitiation`.
fn initiation(i: &Initiation) -> Value {
    let mut o = Map::new();
    let kind = KINDS
        .iter()
        .find(|(_, k)| *k == i.kind)
        .map_or("FPS", |(name, _)| *name);
    o.insert("paymentType".into(), json!(kind));
    o.insert(
        "instructedAmount".into(),
        json!({ "amount": i.amount.text, "currency": i.amount.currency }),
    );
    if let Some(d) = &i.debtor {
        o.insert(
            "debtorAccount".into(),
            json!({ "schemeName": d.scheme.code(), "identification": d.identification }),
        );
    }
    let c = &i.creditor;
    let mut creditor = Map::new();
    creditor.insert("schemeName".into(), json!(c.scheme.code()));
    creditor.insert("identification".into(), json!(c.identification));
    if let Some(code) = &c.bank_code {
        creditor.insert("bankCode".into(), json!(code));
    }
    if let Some(name) = &c.name {
        creditor.insert("name".into(), json!(name));
    }
    o.insert("creditorAccount".into(), Value::Object(creditor));
    if let Some(b) = &i.bill {
        let mut bill = Map::new();
        bill.insert("merchantCode".into(), json!(b.merchant_code));
        bill.insert("billNumber".into(), json!(b.bill_number));
        if let Some(t) = &b.bill_type {
            bill.insert("billType".into(), json!(t));
        }
        o.insert("bill".into(), Value::Object(bill));
    }
    if let Some(r) = &i.reference {
        o.insert("reference".into(), json!(r));
    }
    if let Some(p) = &i.purpose {
        o.insert("purpose".into(), json!(p));
    }
    Value::Object(o)
}
