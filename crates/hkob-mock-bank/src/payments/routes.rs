//! The four Phase IV routes of one bank, for a dialect's [`PaymentWire`]:
//! create and read a payment consent, submit and read a payment.
//!
//! Each route is layered, from the outside in: the bank's signature on
//! every answer ([`super::signatures::sign_answers`]); the dialect's Phase I
//! credential check, where it has one (JETCO's `X-IBM-Client-*`); the
//! idempotency keys of the POSTs, refused in the dialect's Phase IV error
//! body; then the handler.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use http::StatusCode;
use serde_json::Value;

use super::consents::{self, ConsentView};
use super::initiation::Initiation;
use super::submit::{self, PaymentView, Submission};
use super::{Ctx, Problem, Wire};
use crate::bank::AuthStyle;
use crate::dialects::BankRoute;
use crate::dialects::accounts::Caller;
use crate::envelope::json_response;
use crate::idempotency::{WriteRefusal, idempotent_with};
use crate::instance::{BankState, Instance};

/// What a dialect says of its Phase IV API.
pub(crate) trait PaymentWire: Send + Sync + 'static {
    /// The dialect's facts beyond its bodies.
    fn wire(&self) -> &Wire;
    /// The consent collection's path below the bank prefix.
    fn consents_path(&self) -> &'static str;
    /// The payment collection's path below the bank prefix.
    fn payments_path(&self) -> &'static str;
    /// Reads a consent request's body.
    fn parse_consent(&self, body: &[u8]) -> Result<Initiation, Problem>;
    /// Reads a payment request's body.
    fn parse_payment(&self, body: &[u8]) -> Result<Submission, Problem>;
    /// A consent's body, with its `self` link.
    fn render_consent(&self, view: &ConsentView, self_url: &str) -> Value;
    /// A payment's body, with its `self` link.
    fn render_payment(&self, view: &PaymentView, self_url: &str) -> Value;
    /// A refusal in the dialect's error body.
    fn refuse(&self, problem: &Problem) -> Response;
    /// The idempotency middleware's refusals in the same body.
    fn idempotency_refusal(&self) -> WriteRefusal;
    /// Headers every answer echoes (a request id, an interaction id).
    fn finish(&self, resp: &mut Response, caller: &Caller);
    /// The Phase I credential check the routes sit behind, if any.
    fn guard(&self) -> Option<AuthStyle> {
        None
    }
}

/// The routes of one bank, all `open` (each route checks its callers).
pub(crate) fn routes(wire: &'static dyn PaymentWire, bank: &Arc<BankState>) -> Vec<BankRoute> {
    let consents = wire.consents_path();
    let payments = wire.payments_path();
    let wrap = |handler: MethodRouter<Arc<Instance>>| layered(wire, bank, handler);
    vec![
        BankRoute::open(consents, wrap(create_consent(wire, bank))),
        BankRoute::open(
            format!("{consents}/{{consentId}}"),
            wrap(read_consent(wire, bank)),
        ),
        BankRoute::open(payments, wrap(create_payment(wire, bank))),
        BankRoute::open(
            format!("{payments}/{{paymentId}}"),
            wrap(read_payment(wire, bank)),
        ),
    ]
}

pub(crate) fn layered(
    wire: &'static dyn PaymentWire,
    bank: &Arc<BankState>,
    handler: MethodRouter<Arc<Instance>>,
) -> MethodRouter<Arc<Instance>> {
    let handler = handler.route_layer(axum::middleware::from_fn_with_state(
        wire.idempotency_refusal(),
        idempotent_with,
    ));
    let handler = match wire.guard() {
        Some(style) => crate::guard::layer(handler, style, bank.clone()),
        None => handler,
    };
    handler.route_layer(axum::middleware::from_fn_with_state(
        bank.clone(),
        super::signatures::sign_answers,
    ))
}

/// The absolute URL of a resource: the issuer (the bank's base URL) and
/// the path below it.
pub(crate) fn self_url(bank: &BankState, path: &str) -> String {
    let issuer = bank
        .auth
        .get()
        .map(|a| a.issuer().to_owned())
        .unwrap_or_default();
    format!("{issuer}{path}")
}

pub(crate) fn answer(
    wire: &dyn PaymentWire,
    result: Result<Value, Problem>,
    status: StatusCode,
    caller: &Caller,
) -> Response {
    let mut resp = match result {
        Ok(body) => json_response(status, body.to_string().into()),
        Err(problem) => wire.refuse(&problem),
    };
    wire.finish(&mut resp, caller);
    resp
}

pub(crate) fn body_of(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Problem> {
    body.map_err(|_| Problem::invalid("body", "The body could not be read."))
}

pub(crate) fn id_of(id: Result<Path<String>, PathRejection>) -> Result<String, Problem> {
    id.map(|Path(id)| id)
        .map_err(|_| Problem::not_found("No resource with this id."))
}

fn create_consent(
    wire: &'static dyn PaymentWire,
    bank: &Arc<BankState>,
) -> MethodRouter<Arc<Instance>> {
    let bank = bank.clone();
    post(
        move |State(inst): State<Arc<Instance>>,
              caller: Caller,
              body: Result<Bytes, BytesRejection>| async move {
            let ctx = Ctx {
                instance: &inst,
                bank: &bank,
                wire: wire.wire(),
            };
            let result = body_of(body)
                .and_then(|body| consents::create(&ctx, &caller, &body, |b| wire.parse_consent(b)))
                .map(|view| {
                    let url = self_url(
                        &bank,
                        &format!("{}/{}", wire.consents_path(), view.consent_id),
                    );
                    wire.render_consent(&view, &url)
                });
            answer(wire, result, StatusCode::CREATED, &caller)
        },
    )
}

fn read_consent(
    wire: &'static dyn PaymentWire,
    bank: &Arc<BankState>,
) -> MethodRouter<Arc<Instance>> {
    let bank = bank.clone();
    get(
        move |State(inst): State<Arc<Instance>>,
              id: Result<Path<String>, PathRejection>,
              caller: Caller| async move {
            let ctx = Ctx {
                instance: &inst,
                bank: &bank,
                wire: wire.wire(),
            };
            let result = id_of(id)
                .and_then(|id| consents::read(&ctx, &caller, &id))
                .map(|view| {
                    let url = self_url(
                        &bank,
                        &format!("{}/{}", wire.consents_path(), view.consent_id),
                    );
                    wire.render_consent(&view, &url)
                });
            answer(wire, result, StatusCode::OK, &caller)
        },
    )
}

fn create_payment(
    wire: &'static dyn PaymentWire,
    bank: &Arc<BankState>,
) -> MethodRouter<Arc<Instance>> {
    let bank = bank.clone();
    post(
        move |State(inst): State<Arc<Instance>>,
              caller: Caller,
              body: Result<Bytes, BytesRejection>| async move {
            let ctx = Ctx {
                instance: &inst,
                bank: &bank,
                wire: wire.wire(),
            };
            let result = body_of(body)
                .and_then(|body| submit::create(&ctx, &caller, &body, |b| wire.parse_payment(b)))
                .map(|view| {
                    let url = self_url(
                        &bank,
                        &format!("{}/{}", wire.payments_path(), view.payment_id),
                    );
                    wire.render_payment(&view, &url)
                });
            answer(wire, result, StatusCode::CREATED, &caller)
        },
    )
}

fn read_payment(
    wire: &'static dyn PaymentWire,
    bank: &Arc<BankState>,
) -> MethodRouter<Arc<Instance>> {
    let bank = bank.clone();
    get(
        move |State(inst): State<Arc<Instance>>,
              id: Result<Path<String>, PathRejection>,
              caller: Caller| async move {
            let ctx = Ctx {
                instance: &inst,
                bank: &bank,
                wire: wire.wire(),
            };
            let result = id_of(id)
                .and_then(|id| submit::read(&ctx, &caller, &id))
                .map(|view| {
                    let url = self_url(
                        &bank,
                        &format!("{}/{}", wire.payments_path(), view.payment_id),
                    );
                    wire.render_payment(&view, &url)
                });
            answer(wire, result, StatusCode::OK, &caller)
        },
    )
}
