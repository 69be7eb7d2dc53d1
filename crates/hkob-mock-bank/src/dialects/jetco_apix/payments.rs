//! JETCO APIX Phase IV, payments (`specs/phase4-jetco-apix.yaml`), under
//! `/jetco/{apix code}`: `POST /payment-consents`, `GET
//! /payment-consents/{consentId}`, `POST /payments` and `GET
//! /payments/{paymentId}`, on the shared rules of `crate::payments`.
//!
//! Every route sits behind the `X-IBM-Client-Id` / `X-IBM-Client-Secret`
//! check of Phase I, and the token must have been issued to that client.
//! Failures are answered in the gateway's `{httpCode, httpMessage,
//! moreInformation}` body (a refused proxy's names the reason `BE23`); an
//! `X-Request-Id` is echoed; every answer is signed (`x-jws-signature`).

mod render;
mod wire;

use std::sync::Arc;

use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use serde_json::Value;

use crate::bank::{AuthStyle, SimulatedDialect};
use crate::dialects::BankRoute;
use crate::dialects::accounts::Caller;
use crate::envelope::error_response;
use crate::idempotency::{Refusal, WriteRefusal};
use crate::instance::BankState;
use crate::payments::consents::ConsentView;
use crate::payments::initiation::Initiation;
use crate::payments::routes::{self, PaymentWire};
use crate::payments::submit::{PaymentView, Submission};
use crate::payments::{FieldNames, Problem, Wire};

/// The header naming the request, echoed.
const REQUEST_ID_HEADER: &str = "x-request-id";

/// JETCO's Phase IV wire.
struct Jetco;

const WIRE: Wire = Wire {
    names: FieldNames {
        kind: "initiation.paymentType",
        bill: "initiation.bill",
        reference: "initiation.reference",
        unstructured: "initiation.reference",
        purpose: "initiation.purpose",
    },
    payment_prefix: "pay",
    app_client_header: Some("x-ibm-client-id"),
};

/// The Phase IV routes of one JETCO bank.
pub(super) fn routes(bank: &Arc<BankState>) -> Vec<BankRoute> {
    routes::routes(&Jetco, bank)
}

impl PaymentWire for Jetco {
    fn wire(&self) -> &Wire {
        &WIRE
    }

    fn consents_path(&self) -> &'static str {
        "/payment-consents"
    }

    fn payments_path(&self) -> &'static str {
        "/payments"
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
        if let Some(id) = caller.headers.get(REQUEST_ID_HEADER) {
            resp.headers_mut().insert(REQUEST_ID_HEADER, id.clone());
        }
    }

    fn guard(&self) -> Option<AuthStyle> {
        Some(AuthStyle::IbmClientHeaders)
    }
}

/// A problem in the gateway's error body.
fn refuse(problem: &Problem) -> Response {
    let mut resp = error_response(
        SimulatedDialect::JetcoApix,
        problem.status(),
        &problem.message,
    );
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
    let problem = Problem::from(refusal);
    debug_assert_ne!(problem.status(), StatusCode::PAYLOAD_TOO_LARGE);
    refuse(&problem)
}
