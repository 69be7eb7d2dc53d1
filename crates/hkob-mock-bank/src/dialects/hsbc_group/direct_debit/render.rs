//! HSBC group direct debit answer bodies: `DirectDebitConsentResponse`,
//! `DirectDebitAuthorisationResponse`, `OtpConfirmationResponse`,
//! `MandateEnquiryResponse` and `DirectDebitInstructionResponse`, each
//! (but the consent) with its `processResult`.

use serde_json::{Map, Value, json};

use crate::auth_server::ConsentStatus;
use crate::dialects::accounts::instant;
use crate::direct_debit::account::CashAccount;
use crate::direct_debit::consents::ConsentView;
use crate::direct_debit::instructions::InstructionView;
use crate::direct_debit::mandates::{MandateView, SetupView};
use crate::direct_debit::otp::ConfirmView;
use crate::direct_debit::{Occurrences, Outcome};

/// The ISO 20022 code of a consent status.
fn consent_status(s: ConsentStatus) -> &'static str {
    match s {
        ConsentStatus::AwaitingAuthorisation => "AWAU",
        ConsentStatus::Authorised => "AUTH",
        ConsentStatus::Rejected => "RJCT",
        ConsentStatus::Consumed => "COND",
        ConsentStatus::Expired => "EXPD",
        _ => "CANC",
    }
}

/// A `DirectDebitConsentResponse`.
pub(super) fn consent(view: &ConsentView, self_url: &str) -> Value {
    let mut data = Map::new();
    data.insert("consentId".into(), json!(view.consent_id));
    data.insert("status".into(), json!(consent_status(view.status)));
    data.insert("creationDateTime".into(), json!(instant(view.created_at)));
    data.insert(
        "statusUpdateDateTime".into(),
        json!(instant(view.status_updated_at)),
    );
    data.insert(
        "permissions".into(),
        json!(
            view.permissions
                .iter()
                .map(|p| p.code())
                .collect::<Vec<_>>()
        ),
    );
    if let Some(exp) = view.expires_at {
        data.insert("expirationDateTime".into(), json!(instant(exp)));
    }
    if let Some(account) = &view.creditor_account {
        data.insert("creditorAccount".into(), cash(account));
    }
    json!({ "data": data, "links": { "self": self_url } })
}

/// A `cashAccount`.
fn cash(a: &CashAccount) -> Value {
    let mut o = Map::new();
    o.insert("bankCode".into(), json!(a.bank_code));
    o.insert("accountIdentification".into(), json!(a.identification));
    o.insert("currency".into(), json!(a.currency));
    o.insert("accountSchemeName".into(), json!("BBAN"));
    if let Some(t) = &a.sub_type {
        o.insert("accountSubType".into(), json!(t));
    }
    Value::Object(o)
}

/// A `processResult`: `00`, or `99` with its reasons.
fn process_result(o: &Outcome) -> Value {
    if o.succeeded() {
        return json!({ "responseCode": "00" });
    }
    let reasons: Vec<Value> = o
        .reasons
        .iter()
        .map(|(code, text)| json!({ "rejectReasonCode": code, "rejectReasonInfomation": text }))
        .collect();
    json!({ "responseCode": "99", "rejectReasonList": reasons })
}

fn occurrences(o: &Occurrences) -> Value {
    json!({
        "frequencyType": o.frequency.code(),
        "durationToDate": o.until.format("%Y-%m-%d").to_string(),
    })
}

/// A `DirectDebitAuthorisationResponse` (a setup, a new password).
pub(super) fn setup(view: &SetupView) -> Value {
    let mut o = Map::new();
    o.insert("processResult".into(), process_result(&view.result));
    o.insert("mandateIdentification".into(), json!(view.mandate_id));
    if let Some(p) = &view.otp_prefix {
        o.insert("otpIdentificationNumber".into(), json!(p));
    }
    if let Some(m) = &view.masked_mobile {
        o.insert("mobileNumber".into(), json!(m));
    }
    if let Some(s) = view.status {
        o.insert("mandateStatus".into(), json!(s.code()));
    }
    Value::Object(o)
}

/// An `OtpConfirmationResponse`.
pub(super) fn confirmation(view: &ConfirmView) -> Value {
    let mut o = Map::new();
    o.insert("processResult".into(), process_result(&view.result));
    o.insert("mandateIdentification".into(), json!(view.mandate_id));
    if let Some(r) = &view.creditor_reference {
        o.insert("creditorReference".into(), json!(r));
    }
    if let Some(s) = view.status {
        o.insert("mandateStatus".into(), json!(s.code()));
    }
    Value::Object(o)
}

/// A `MandateEnquiryResponse`.
pub(super) fn mandate(view: &MandateView) -> Value {
    json!({
        "processResult": process_result(&view.result),
        "mandateIdentification": view.mandate_id,
        "mandateStatus": view.status.code(),
        "maximumAmount": view.maximum.text,
        "maximumAmountCurrency": view.maximum.currency,
        "occurrences": occurrences(&view.occurrences),
    })
}

/// A `DirectDebitInstructionResponse`.
pub(super) fn instruction(view: &InstructionView) -> Value {
    json!({
        "processResult": process_result(&view.result),
        "transactionIdentification": view.transaction_id,
        "paymentInformationStatus": view.status.code(),
    })
}
