//! HSBC group answer bodies: `DomesticPaymentConsentResponse` and
//! `DomesticPaymentResponse`, with ISO 20022 status codes.

use serde_json::{Map, Value, json};

use super::wire::INSTRUMENTS;
use crate::auth_server::ConsentStatus;
use crate::dialects::accounts::instant;
use crate::payments::consents::ConsentView;
use crate::payments::initiation::Initiation;
use crate::payments::progress::PaymentStatus;
use crate::payments::submit::PaymentView;

/// A `DomesticPaymentConsentResponse`.
pub(super) fn consent(view: &ConsentView, self_url: &str) -> Value {
    let mut data = Map::new();
    data.insert("consentId".into(), json!(view.consent_id));
    data.insert("status".into(), json!(consent_status(view.status)));
    data.insert("creationDateTime".into(), json!(instant(view.created_at)));
    data.insert(
        "statusUpdateDateTime".into(),
        json!(instant(view.status_updated_at)),
    );
    if let Some(exp) = view.expires_at {
        data.insert("expirationDateTime".into(), json!(instant(exp)));
    }
    data.insert("initiation".into(), initiation(&view.initiation));
    data.insert("creditorName".into(), json!(view.creditor_name));
    json!({ "data": data, "links": { "self": self_url } })
}

/// A `DomesticPaymentResponse`.
pub(super) fn payment(view: &PaymentView, self_url: &str) -> Value {
    let mut data = Map::new();
    data.insert("domesticPaymentId".into(), json!(view.payment_id));
    data.insert("consentId".into(), json!(view.consent_id));
    data.insert("status".into(), json!(payment_status(view.status)));
    data.insert("creationDateTime".into(), json!(instant(view.created_at)));
    data.insert(
        "statusUpdateDateTime".into(),
        json!(instant(view.status_updated_at)),
    );
    data.insert("initiation".into(), initiation(&view.initiation));
    if let Some((code, text)) = &view.reason {
        data.insert(
            "rejectReasonList".into(),
            json!([{ "rejectReasonCode": code, "rejectReasonInfomation": text }]),
        );
    }
    json!({ "data": data, "links": { "self": self_url } })
}

/// The ISO 20022 code of a consent status.
pub(super) fn consent_status(s: ConsentStatus) -> &'static str {
    match s {
        ConsentStatus::AwaitingAuthorisation => "AWAU",
        ConsentStatus::Authorised => "AUTH",
        ConsentStatus::Rejected => "RJCT",
        ConsentStatus::Consumed => "COND",
        ConsentStatus::Expired => "EXPD",
        _ => "CANC",
    }
}

fn payment_status(s: PaymentStatus) -> &'static str {
    match s {
        PaymentStatus::Pending => "RCVD",
        PaymentStatus::InProcess => "ACSP",
        PaymentStatus::Completed => "ACSC",
        PaymentStatus::Rejected => "RJCT",
        PaymentStatus::Cancelled => "CANC",
    }
}

/// A `DomesticPaymentInitiation`.
fn initiation(i: &Initiation) -> Value {
    let mut o = Map::new();
    let instrument = INSTRUMENTS
        .iter()
        .find(|(_, k)| *k == i.kind)
        .map_or("HK.FPS", |(name, _)| *name);
    o.insert("localInstrument".into(), json!(instrument));
    o.insert(
        "instructedAmount".into(),
        json!({ "amount": i.amount.text, "currency": i.amount.currency }),
    );
    if let Some(d) = &i.debtor {
        let mut debtor = Map::new();
        debtor.insert("schemeName".into(), json!(d.scheme.code()));
        debtor.insert("identification".into(), json!(d.identification));
        if let Some(name) = &d.name {
            debtor.insert("name".into(), json!(name));
        }
        o.insert("debtorAccount".into(), Value::Object(debtor));
    }
    let c = &i.creditor;
    let mut creditor = Map::new();
    creditor.insert("schemeName".into(), json!(c.scheme.code()));
    creditor.insert("identification".into(), json!(c.identification));
    if let Some(name) = &c.name {
        creditor.insert("name".into(), json!(name));
    }
    if let Some(code) = &c.bank_code {
        creditor.insert("bankCode".into(), json!(code));
    }
    o.insert("creditorAccount".into(), Value::Object(creditor));
    if i.reference.is_some() || i.unstructured.is_some() {
        let mut r = Map::new();
        if let Some(v) = &i.reference {
            r.insert("reference".into(), json!(v));
        }
        if let Some(v) = &i.unstructured {
            r.insert("unstructured".into(), json!(v));
        }
        o.insert("remittanceInformation".into(), Value::Object(r));
    }
    if let Some(b) = &i.bill {
        let mut bill = Map::new();
        bill.insert("merchantCode".into(), json!(b.merchant_code));
        bill.insert("billNumber".into(), json!(b.bill_number));
        if let Some(t) = &b.bill_type {
            bill.insert("billType".into(), json!(t));
        }
        o.insert("billInformation".into(), Value::Object(bill));
    }
    if let Some(p) = &i.purpose {
        o.insert("purposeCode".into(), json!(p));
    }
    Value::Object(o)
}
