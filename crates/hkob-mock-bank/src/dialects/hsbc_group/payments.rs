//! HSBC group Phase IV, domestic payments (`specs/phase4-hsbc-group.yaml`),
//! under `{bank}/open-banking/v1.0/payments/`: domestic payment consents
//! and domestic payments, with ISO 20022 statuses, on the shared rules of
//! `crate::payments`.
//!
//! No Phase I `ClientID` / `ClientSecret`: consents take the TSP's
//! client-credentials token, payments the customer's. Failures are answered
//! in `ErrorInfo` (`{id, errors: [{code, causes, extendedDetails}]}`) with
//! `HK.HKMA.*` codes (`HK.HKMA.Proxy.NotFound`,
//! `HK.HKMA.Payment.ConsentMismatch`, ...); every answer carries
//! `x-fapi-interaction-id` (the request's, or a new one) and is signed
//! (`x-jws-signature`).

mod render;
mod wire;

use std::sync::Arc;

use axum::response::Response;
use http::{HeaderValue, header};
use serde_json::{Value, json};

use crate::dialects::BankRoute;
use crate::dialects::accounts::Caller;
use crate::envelope::json_response;
use crate::idempotency::{Refusal, WriteRefusal};
use crate::instance::BankState;
use crate::payments::consents::ConsentView;
use crate::payments::initiation::Initiation;
use crate::payments::routes::{self, PaymentWire};
use crate::payments::submit::{PaymentView, Submission};
use crate::payments::{FieldNames, Kind, Problem, Wire};
use crate::pipeline::INTERACTION_ID_HEADER;

/// HSBC's Phase IV wire.
pub(super) struct Hsbc;

const WIRE: Wire = Wire {
    names: FieldNames {
        kind: "initiation.localInstrument",
        bill: "initiation.billInformation",
        reference: "initiation.remittanceInformation",
        unstructured: "initiation.remittanceInformation.unstructured",
        purpose: "initiation.purposeCode",
    },
    payment_prefix: "dp",
    app_client_header: None,
};

/// The Phase IV routes of one HSBC group bank.
pub(super) fn routes(bank: &Arc<BankState>) -> Vec<BankRoute> {
    routes::routes(&Hsbc, bank)
}

impl PaymentWire for Hsbc {
    fn wire(&self) -> &Wire {
        &WIRE
    }

    fn consents_path(&self) -> &'static str {
        const_path::CONSENTS
    }

    fn payments_path(&self) -> &'static str {
        const_path::PAYMENTS
    }

    fn parse_consent(&self, body: &[u8]) -> Result<Initiation, Problem> {
        wire::consent(body)
    }

    fn parse_payment(&self, body: &[u8]) -> Result<Submission, Problem> {
        wire::payment(body)
    }

    fn render_consent(&self, view: &ConsentView, self_url: &str) -> Value {
        render::consent(view, self_url)
    }

    fn render_payment(&self, view: &PaymentView, self_url: &str) -> Value {
        render::payment(view, self_url)
    }

    fn refuse(&self, problem: &Problem) -> Response {
        refuse(problem)
    }

    fn idempotency_refusal(&self) -> WriteRefusal {
        refuse_key
    }

    fn finish(&self, resp: &mut Response, caller: &Caller) {
        let interaction = caller
            .headers
            .get(INTERACTION_ID_HEADER)
            .cloned()
            .or_else(|| HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()).ok());
        if let Some(id) = interaction {
            resp.headers_mut().insert(INTERACTION_ID_HEADER, id);
        }
    }
}

/// The paths of the domestic payment resources.
mod const_path {
    /// The consent collection.
    pub(super) const CONSENTS: &str = "/open-banking/v1.0/payments/domestic-payment-consents";
    /// The payment collection.
    pub(super) const PAYMENTS: &str = "/open-banking/v1.0/payments/domestic-payments";
}

/// The `HK.HKMA.*` code of a problem.
fn code(kind: Kind) -> &'static str {
    match kind {
        Kind::FieldMissing => "HK.HKMA.Field.Missing",
        Kind::FieldInvalid => "HK.HKMA.Field.Invalid",
        Kind::ConsentMismatch => "HK.HKMA.Payment.ConsentMismatch",
        Kind::ProxyNotFound => "HK.HKMA.Proxy.NotFound",
        Kind::CreditorInvalid => "HK.HKMA.Account.Invalid",
        Kind::SignatureMissing => "HK.HKMA.Signature.Missing",
        Kind::SignatureInvalid => "HK.HKMA.Signature.Invalid",
        Kind::Token => "HK.HKMA.Token.Invalid",
        Kind::ConsentInvalid => "HK.HKMA.Consent.Invalid",
        Kind::NotFound => "HK.HKMA.Resource.NotFound",
        Kind::IdempotencyInProgress => "HK.HKMA.Idempotency.InProgress",
        Kind::IdempotencyMismatch => "HK.HKMA.Idempotency.Mismatch",
        Kind::Unexpected => "HK.HKMA.UnexpectedError",
    }
}

/// A problem in the `ErrorInfo` body.
fn refuse(problem: &Problem) -> Response {
    // The spec allows 1 to 500 characters.
    let mut causes = problem.message.clone();
    if let Some((cut, _)) = causes.char_indices().nth(500) {
        causes.truncate(cut);
    }
    if causes.is_empty() {
        causes.push_str("Refused.");
    }
    let mut error = json!({ "code": code(problem.kind), "causes": causes });
    if let Some(detail) = &problem.detail {
        error["extendedDetails"] = json!(detail);
    }
    let body = json!({ "id": uuid::Uuid::new_v4().to_string(), "errors": [error] });
    let mut resp = json_response(problem.status(), body.to_string().into());
    if let Some(v) = problem
        .www_authenticate
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    resp
}

fn refuse_key(_bank: &BankState, refusal: Refusal) -> Response {
    refuse(&Problem::from(refusal))
}
