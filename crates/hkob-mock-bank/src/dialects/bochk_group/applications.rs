//! BOCHK group Phase II, applications (`specs/phase2-bochk-group.yaml`):
//! every operation a `POST` with `Authorization: Bearer <token>` (the
//! client-credentials token of Phase I). A submission or a supplement is a
//! wrapped payload `{token, checksum, digest}`: `token` a JWE to the bank's
//! key of the whole document, `checksum` the lower-case hex SHA-256 of its
//! plaintext, `digest` the TSP's detached JWS over the `token` string. The
//! bank decrypts, checks the checksum and the digest, then the document.
//!
//! Failures are answered `{ErrorMsg, errors: [{field, message}]}`; answers
//! are not signed (the digest does that job for requests).

mod render;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::response::Response;
use axum::routing::post;
use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::applications::routes::{Layers, layered};
use crate::applications::{self, ALREADY_DECIDED, Kind, NOT_AWAITING, Problem, validate};
use crate::bank::AuthStyle;
use crate::bank_auth::check_bearer;
use crate::dialects::BankRoute;
use crate::dialects::accounts::Caller;
use crate::envelope::json_response;
use crate::idempotency::Refusal;
use crate::instance::BankState;

const WRITE: Layers = Layers {
    guard: AuthStyle::OAuthClientCredentials,
    idempotency: Some(refuse_key),
    sign: false,
};
const READ: Layers = Layers {
    idempotency: None,
    ..WRITE
};

type Handler = fn(&BankState, &str, &Map<String, Value>) -> Result<Value, Problem>;

/// The Phase II routes of one BOCHK group bank.
pub(super) fn routes(bank: &Arc<BankState>) -> Vec<BankRoute> {
    let route = |path: &str, handler: Handler, layers: Layers| {
        let b = bank.clone();
        let method = post(
            move |caller: Caller, body: Result<Bytes, BytesRejection>| async move {
                finish(run(&b, &caller, body, handler))
            },
        );
        BankRoute::open(path, layered(bank, method, layers))
    };
    vec![
        route("/application/submit/v1", submit, WRITE),
        route("/application/enquiry/v1", enquiry, READ),
        route("/application/supplement/v1", supplement, WRITE),
        route("/application/withdrawal/v1", withdrawal, WRITE),
        route("/application/keys/v1", keys, READ),
    ]
}

/// The token's client, the body read as an object, then `handler`.
fn run(
    bank: &BankState,
    caller: &Caller,
    body: Result<Bytes, BytesRejection>,
    handler: Handler,
) -> Result<Value, Problem> {
    let client = check_bearer(
        bank,
        &caller.headers,
        caller.scenario.as_ref(),
        caller.certificate.as_deref(),
    )
    .map(|t| t.client_id)
    .unwrap_or_default();
    let body = body.map_err(|_| Problem::field("body", "could not be read"))?;
    let value: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(&body).map_err(|_| Problem::field("body", "is not JSON"))?
    };
    let Value::Object(object) = value else {
        return Err(Problem::field("body", "must be an object"));
    };
    handler(bank, &client, &object)
}

/// Opens a wrapped payload: decrypts `token`, checks `checksum` and
/// `digest`; the plaintext as JSON.
fn unwrap(bank: &BankState, client: &str, body: &Map<String, Value>) -> Result<Value, Problem> {
    let mut c = validate::Checker::default();
    let token = c.text(body, "", "token", 1, 1024 * 1024);
    let checksum = c.text(body, "", "checksum", 1, 128);
    let digest = c.text(body, "", "digest", 1, 8192);
    let (Some(token), Some(checksum), Some(digest)) = (token, checksum, digest) else {
        return Err(Problem::invalid(c.into_errors()));
    };
    let plain = applications::decrypt(bank, token, "token")?;
    let sum = ring::digest::digest(&ring::digest::SHA256, &plain);
    let hex: String = sum.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    if hex != checksum {
        return Err(Problem {
            kind: Kind::Checksum,
            message: "The checksum is not the SHA-256 of the decrypted payload.".to_owned(),
            fields: vec![validate::FieldError {
                field: "checksum".to_owned(),
                message: "does not match the decrypted payload".to_owned(),
            }],
        });
    }
    applications::verify_signature(
        bank,
        client,
        &http::HeaderMap::new(),
        Some(digest),
        token.as_bytes(),
        "digest",
    )
    .map_err(|p| Problem {
        fields: vec![validate::FieldError {
            field: "digest".to_owned(),
            message: p.message.clone(),
        }],
        ..p
    })?;
    serde_json::from_slice(&plain).map_err(|_| Problem::field("token", "the plaintext is not JSON"))
}

fn submit(bank: &BankState, client: &str, body: &Map<String, Value>) -> Result<Value, Problem> {
    let document = unwrap(bank, client, body)?;
    if !document.is_object() {
        return Err(Problem::field("token", "the plaintext must be an object"));
    }
    let errors = validate::document(&document);
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    Ok(render::status(&applications::take(bank, client, document)))
}

fn application_id(body: &Map<String, Value>) -> Result<String, Problem> {
    let mut c = validate::Checker::default();
    match c.text(body, "", "applicationId", 1, 128) {
        Some(id) => Ok(id.to_owned()),
        None => Err(Problem::invalid(c.into_errors())),
    }
}

fn enquiry(bank: &BankState, client: &str, body: &Map<String, Value>) -> Result<Value, Problem> {
    let id = application_id(body)?;
    bank.applications
        .read(&id, client)
        .map(|r| render::status(&r))
        .map_err(|r| Problem::from_store(r, ""))
}

fn supplement(bank: &BankState, client: &str, body: &Map<String, Value>) -> Result<Value, Problem> {
    let plain = unwrap(bank, client, body)?;
    let Some(object) = plain.as_object() else {
        return Err(Problem::field("token", "the plaintext must be an object"));
    };
    let id = application_id(object)?;
    let mut c = validate::Checker::default();
    let request_id = c.text(object, "", "requestId", 1, 128).map(str::to_owned);
    let mut errors = c.into_errors();
    errors.extend(
        validate::answer(&plain, "", None)
            .into_iter()
            .filter(|e| e.field != "requestId"),
    );
    let Some(request_id) = request_id.filter(|_| errors.is_empty()) else {
        return Err(Problem::invalid(errors));
    };
    bank.applications
        .answer(&id, client, &request_id, plain)
        .map(|r| render::status(&r))
        .map_err(|r| Problem::from_store(r, NOT_AWAITING))
}

fn withdrawal(bank: &BankState, client: &str, body: &Map<String, Value>) -> Result<Value, Problem> {
    let id = application_id(body)?;
    let mut c = validate::Checker::default();
    let reason = c
        .optional_text(body, "", "reason", 1, 500)
        .map(str::to_owned);
    let errors = c.into_errors();
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    bank.applications
        .withdraw(&id, client, reason)
        .map(|r| render::status(&r))
        .map_err(|r| Problem::from_store(r, ALREADY_DECIDED))
}

fn keys(bank: &BankState, _client: &str, _body: &Map<String, Value>) -> Result<Value, Problem> {
    Ok(applications::jwks(bank, false))
}

fn finish(result: Result<Value, Problem>) -> Response {
    match result {
        Ok(body) => json_response(StatusCode::OK, body.to_string().into()),
        Err(problem) => refuse(&problem),
    }
}

/// A problem in BOCHK's `{ErrorMsg, errors}` body.
fn refuse(problem: &Problem) -> Response {
    let mut body = json!({ "ErrorMsg": problem.message });
    if !problem.fields.is_empty() {
        body["errors"] = problem
            .fields
            .iter()
            .map(|f| json!({ "field": f.field, "message": f.message }))
            .collect();
    }
    json_response(problem.status(), body.to_string().into())
}

fn refuse_key(_bank: &BankState, refusal: Refusal) -> Response {
    json_response(
        refusal.status(),
        json!({ "ErrorMsg": refusal.message() }).to_string().into(),
    )
}
