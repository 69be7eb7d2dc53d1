//! JETCO APIX Phase II, applications (`specs/phase2-jetco-apix.yaml`), under
//! `/jetco/{apix code}`: `POST /applications` (the applicant a JWE to the
//! bank's key, the body signed), `GET /applications/{applicationId}`, the
//! answers to information requests and the withdrawal, and the bank's
//! `GET /applications/encryption-keys`.
//!
//! Every route sits behind the `X-IBM-Client-Id` / `X-IBM-Client-Secret`
//! check; the writes take an `x-idempotency-key`; failures are answered in
//! the gateway's `{httpCode, httpMessage, moreInformation, errors}` body; an
//! `X-Request-Id` is echoed; every answer is signed (`x-jws-signature`).

mod render;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::Path;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::response::Response;
use axum::routing::{get, post};
use http::{HeaderMap, StatusCode};
use serde_json::{Map, Value, json};

use crate::applications::routes::{Layers, layered};
use crate::applications::{self, ALREADY_DECIDED, NOT_AWAITING, Problem, validate};
use crate::bank::{AuthStyle, SimulatedDialect};
use crate::dialects::BankRoute;
use crate::envelope::{error_response, json_response};
use crate::idempotency::Refusal;
use crate::instance::BankState;

/// The header naming the request, echoed.
const REQUEST_ID_HEADER: &str = "x-request-id";
/// The header of the client id (the guard checked it with its secret).
const CLIENT_ID_HEADER: &str = "x-ibm-client-id";

const WRITE: Layers = Layers {
    guard: AuthStyle::IbmClientHeaders,
    idempotency: Some(refuse_key),
    sign: true,
};
const READ: Layers = Layers {
    idempotency: None,
    ..WRITE
};

/// The Phase II routes of one JETCO bank.
pub(super) fn routes(bank: &Arc<BankState>) -> Vec<BankRoute> {
    let b = bank.clone();
    let submit = post(
        move |headers: HeaderMap, body: Result<Bytes, BytesRejection>| async move {
            finish(&headers, submit(&b, &headers, body), StatusCode::CREATED)
        },
    );
    let b = bank.clone();
    let read = get(
        move |headers: HeaderMap, id: Result<Path<String>, PathRejection>| async move {
            let result = id_of(id).and_then(|id| {
                b.applications
                    .read(&id, client(&headers))
                    .map_err(|r| Problem::from_store(r, ""))
            });
            finish(
                &headers,
                result.map(|r| render::application(&r)),
                StatusCode::OK,
            )
        },
    );
    let b = bank.clone();
    let answer = post(
        move |headers: HeaderMap,
              id: Result<Path<String>, PathRejection>,
              body: Result<Bytes, BytesRejection>| async move {
            finish(&headers, answer(&b, &headers, id, body), StatusCode::OK)
        },
    );
    let b = bank.clone();
    let withdraw = post(
        move |headers: HeaderMap,
              id: Result<Path<String>, PathRejection>,
              body: Result<Bytes, BytesRejection>| async move {
            finish(&headers, withdraw(&b, &headers, id, body), StatusCode::OK)
        },
    );
    let b = bank.clone();
    let keys = get(move |headers: HeaderMap| async move {
        finish(&headers, Ok(applications::jwks(&b, true)), StatusCode::OK)
    });
    vec![
        BankRoute::open("/applications", layered(bank, submit, WRITE)),
        BankRoute::open("/applications/encryption-keys", layered(bank, keys, READ)),
        BankRoute::open("/applications/{applicationId}", layered(bank, read, READ)),
        BankRoute::open(
            "/applications/{applicationId}/information",
            layered(bank, answer, WRITE),
        ),
        BankRoute::open(
            "/applications/{applicationId}/withdrawal",
            layered(bank, withdraw, WRITE),
        ),
    ]
}

fn client(headers: &HeaderMap) -> &str {
    headers
        .get(CLIENT_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or_default()
}

fn id_of(id: Result<Path<String>, PathRejection>) -> Result<String, Problem> {
    id.map(|Path(id)| id)
        .map_err(|_| Problem::new(applications::Kind::NotFound, "No application with this id."))
}

/// The signed body's `data` object.
fn data_of(
    bank: &BankState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Value>, Problem> {
    let body = body.map_err(|_| Problem::field("body", "could not be read"))?;
    applications::verify_signature(
        bank,
        client(headers),
        headers,
        None,
        &body,
        "x-jws-signature",
    )?;
    let value: Value =
        serde_json::from_slice(&body).map_err(|_| Problem::field("body", "is not JSON"))?;
    match value.get("data") {
        Some(Value::Object(data)) => Ok(data.clone()),
        Some(_) => Err(Problem::field("data", "must be an object")),
        None => Err(Problem::field("data", "is required")),
    }
}

fn submit(
    bank: &BankState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Value, Problem> {
    let mut data = data_of(bank, headers, body)?;
    let applicant = match data.get("applicant") {
        Some(Value::String(jwe)) => applications::decrypt_json(bank, jwe, "applicant")?,
        Some(_) => return Err(Problem::field("applicant", "must be a compact JWE")),
        None => return Err(Problem::field("applicant", "is required")),
    };
    data.insert("applicant".to_owned(), applicant);
    let document = Value::Object(data);
    let errors = validate::document(&document);
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    let record = applications::take(bank, client(headers), document);
    Ok(render::application(&record))
}

fn answer(
    bank: &BankState,
    headers: &HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Value, Problem> {
    let id = id_of(id)?;
    let data = data_of(bank, headers, body)?;
    let mut c = validate::Checker::default();
    let request_id = c.text(&data, "", "requestId", 1, 128).map(str::to_owned);
    let jwe = c
        .text(&data, "", "answer", 1, 1024 * 1024)
        .map(str::to_owned);
    let (Some(request_id), Some(jwe)) = (request_id, jwe) else {
        return Err(Problem::invalid(c.into_errors()));
    };
    let answer = applications::decrypt_json(bank, &jwe, "answer")?;
    let errors = validate::answer(&answer, "answer", Some(&request_id));
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    bank.applications
        .answer(&id, client(headers), &request_id, answer)
        .map(|r| render::application(&r))
        .map_err(|r| Problem::from_store(r, NOT_AWAITING))
}

fn withdraw(
    bank: &BankState,
    headers: &HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Value, Problem> {
    let id = id_of(id)?;
    let data = data_of(bank, headers, body)?;
    let mut c = validate::Checker::default();
    let reason = c
        .optional_text(&data, "", "reason", 1, 500)
        .map(str::to_owned);
    let errors = c.into_errors();
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    bank.applications
        .withdraw(&id, client(headers), reason)
        .map(|r| render::application(&r))
        .map_err(|r| Problem::from_store(r, ALREADY_DECIDED))
}

/// The answer: the body, or the problem in the gateway's error body; the
/// request id echoed.
fn finish(headers: &HeaderMap, result: Result<Value, Problem>, status: StatusCode) -> Response {
    let mut resp = match result {
        Ok(body) => json_response(status, body.to_string().into()),
        Err(problem) => refuse(&problem),
    };
    if let Some(id) = headers.get(REQUEST_ID_HEADER) {
        resp.headers_mut().insert(REQUEST_ID_HEADER, id.clone());
    }
    resp
}

/// A problem in the gateway's error body, with its field errors.
fn refuse(problem: &Problem) -> Response {
    let status = problem.status();
    let mut body = json!({
        "httpCode": status.as_str(),
        "httpMessage": status.canonical_reason().unwrap_or("Error"),
        "moreInformation": problem.message,
    });
    if !problem.fields.is_empty() {
        body["errors"] = problem
            .fields
            .iter()
            .map(|f| json!({ "field": f.field, "message": f.message }))
            .collect();
    }
    json_response(status, body.to_string().into())
}

fn refuse_key(_bank: &BankState, refusal: Refusal) -> Response {
    error_response(
        SimulatedDialect::JetcoApix,
        refusal.status(),
        refusal.message(),
    )
}
