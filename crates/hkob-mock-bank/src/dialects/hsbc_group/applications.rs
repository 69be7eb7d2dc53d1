//! HSBC group Phase II, applications (`specs/phase2-hsbc-group.yaml`): the
//! landing-page hand-off. `POST /open-banking/v1.0/applications/landing-page`
//! (signed, idempotent; an optional `Prefill` JWE of the applicant) answers
//! a `LandingPageURL` on the mock's own host, where the customer fills in
//! the bank's form ([`landing`]); the browser then goes back to the TSP's
//! `ReturnURL`. The application is read, answered and withdrawn like the
//! other dialects', in PascalCase with the `Data` wrapper.
//!
//! The API routes sit behind the `ClientID` / `ClientSecret` check; failures
//! are answered `{Code, Id, Message, Errors: [{ErrorCode, Message, Path}]}`;
//! every API answer is signed (`x-jws-signature`).

mod landing;
mod page;
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
use crate::applications::store::{ApplicationRecord, Landing, ReceivedApplication};
use crate::applications::{
    self, ALREADY_DECIDED, ApplicationStatus, Kind, NOT_AWAITING, Problem, validate,
};
use crate::bank::AuthStyle;
use crate::dialects::BankRoute;
use crate::envelope::json_response;
use crate::idempotency::Refusal;
use crate::instance::BankState;

/// The base path of the applications API.
const BASE: &str = "/open-banking/v1.0/applications";
/// The header of the client id (the guard checked it with its secret).
const CLIENT_ID_HEADER: &str = "clientid";
/// How long a landing page works, in seconds.
const LANDING_LIFETIME_SECS: i64 = 15 * 60;

const WRITE: Layers = Layers {
    guard: AuthStyle::ClientIdHeaders,
    idempotency: Some(refuse_key),
    sign: true,
};
const READ: Layers = Layers {
    idempotency: None,
    ..WRITE
};

/// The Phase II routes of one HSBC group bank, the landing page included.
pub(super) fn routes(bank: &Arc<BankState>) -> Vec<BankRoute> {
    let b = bank.clone();
    let create = post(
        move |headers: HeaderMap, body: Result<Bytes, BytesRejection>| async move {
            finish(create(&b, &headers, body), StatusCode::CREATED)
        },
    );
    let b = bank.clone();
    let keys = get(move || async move { finish(Ok(applications::jwks(&b, true)), StatusCode::OK) });
    let b = bank.clone();
    let read = get(
        move |headers: HeaderMap, id: Result<Path<String>, PathRejection>| async move {
            let result = id_of(id).and_then(|id| {
                b.applications
                    .read(&id, client(&headers))
                    .map_err(|r| Problem::from_store(r, ""))
            });
            finish(result.map(|r| render::application(&r)), StatusCode::OK)
        },
    );
    let b = bank.clone();
    let answer = post(
        move |headers: HeaderMap,
              id: Result<Path<String>, PathRejection>,
              body: Result<Bytes, BytesRejection>| async move {
            finish(answer(&b, &headers, id, body), StatusCode::OK)
        },
    );
    let b = bank.clone();
    let withdraw = post(
        move |headers: HeaderMap,
              id: Result<Path<String>, PathRejection>,
              body: Result<Bytes, BytesRejection>| async move {
            finish(withdraw(&b, &headers, id, body), StatusCode::OK)
        },
    );
    let mut routes = vec![
        BankRoute::open(format!("{BASE}/landing-page"), layered(bank, create, WRITE)),
        BankRoute::open(format!("{BASE}/encryption-keys"), layered(bank, keys, READ)),
        BankRoute::open(
            format!("{BASE}/{{ApplicationId}}"),
            layered(bank, read, READ),
        ),
        BankRoute::open(
            format!("{BASE}/{{ApplicationId}}/additional-information"),
            layered(bank, answer, WRITE),
        ),
        BankRoute::open(
            format!("{BASE}/{{ApplicationId}}/withdrawal"),
            layered(bank, withdraw, WRITE),
        ),
    ];
    routes.push(landing::route(bank));
    routes
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
        .map_err(|_| Problem::new(Kind::NotFound, "No application with this id."))
}

/// The signed body's `Data` object.
fn data_of(
    bank: &BankState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Value>, Problem> {
    let body = body.map_err(|_| Problem::field("Data", "could not be read"))?;
    applications::verify_signature(
        bank,
        client(headers),
        headers,
        None,
        &body,
        "x-jws-signature",
    )?;
    let value: Value = serde_json::from_slice(&body)
        .map_err(|_| Problem::field("Data", "the body is not JSON"))?;
    match value.get("Data") {
        Some(Value::Object(data)) => Ok(data.clone()),
        Some(_) => Err(Problem::field("Data", "must be an object")),
        None => Err(Problem::field("Data", "is required")),
    }
}

fn create(
    bank: &BankState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Value, Problem> {
    let data = data_of(bank, headers, body)?;
    let mut c = validate::Checker::default();
    let kinds: Vec<&str> = validate::PRODUCT_TYPES.iter().map(|(k, _)| *k).collect();
    let kind = c
        .one_of(&data, "Data", "ProductType", &kinds)
        .map(str::to_owned);
    let code = c
        .text(&data, "Data", "ProductIdentifier", 1, 40)
        .map(str::to_owned);
    let return_url = c
        .text(&data, "Data", "ReturnURL", 1, 2048)
        .map(str::to_owned);
    if let Some(u) = &return_url
        && !url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
    {
        c.fail("Data.ReturnURL", "must be an absolute http or https URL");
    }
    let state = c.text(&data, "Data", "State", 8, 128).map(str::to_owned);
    let prefill = c
        .optional_text(&data, "Data", "Prefill", 1, 512 * 1024)
        .map(str::to_owned);
    let errors = c.into_errors();
    let (Some(kind), Some(code), Some(return_url), Some(state), true) =
        (kind, code, return_url, state, errors.is_empty())
    else {
        return Err(Problem::invalid(errors));
    };
    let applicant = match prefill {
        Some(jwe) => {
            let value = applications::decrypt_json(bank, &jwe, "Data.Prefill")?;
            let errors: Vec<_> = validate::applicant(&value, "")
                .into_iter()
                .filter(|e| e.message != "is required")
                .collect();
            if !errors.is_empty() {
                return Err(Problem::invalid(errors).under("Data.Prefill"));
            }
            value
        }
        None => Value::Null,
    };
    let expires_at = applications::bank_now(bank).saturating_add(LANDING_LIFETIME_SECS);
    let expires = chrono::DateTime::from_timestamp(expires_at, 0)
        .unwrap_or_else(chrono::Utc::now)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let taken = ReceivedApplication {
        id: applications::new_id(),
        client_id: client(headers).to_owned(),
        product_type: kind.clone(),
        product_code: code.clone(),
        document: json!({ "productType": kind, "productCode": code, "applicant": applicant }),
        status: ApplicationStatus::AwaitingCustomer,
        answers: Vec::new(),
    };
    let landing = Landing {
        return_url,
        state,
        expires_at,
        used: false,
    };
    let record = ApplicationRecord::new(taken, bank.applications.progress(), Some(landing));
    let id = record.taken.id.clone();
    bank.applications.insert(record);
    Ok(json!({ "Data": {
        "ApplicationId": id,
        "LandingPageURL": landing::url(bank, &id),
        "ExpirationDateTime": expires,
        "Status": "AwaitingCustomer",
    }}))
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
    let request_id = c
        .text(&data, "Data", "RequestId", 1, 128)
        .map(str::to_owned);
    let jwe = c
        .text(&data, "Data", "Answer", 1, 1024 * 1024)
        .map(str::to_owned);
    let (Some(request_id), Some(jwe)) = (request_id, jwe) else {
        return Err(Problem::invalid(c.into_errors()));
    };
    let answer = applications::decrypt_json(bank, &jwe, "Data.Answer")?;
    let errors = validate::answer(&answer, "Data.Answer", Some(&request_id));
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
        .optional_text(&data, "Data", "Reason", 1, 500)
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

fn finish(result: Result<Value, Problem>, status: StatusCode) -> Response {
    match result {
        Ok(body) => json_response(status, body.to_string().into()),
        Err(problem) => refuse(&problem),
    }
}

/// The `ErrorCode` of a problem.
fn error_code(kind: Kind) -> &'static str {
    match kind {
        Kind::Invalid => "InvalidField",
        Kind::Undecryptable => "UndecryptablePayload",
        Kind::SignatureMissing => "MissingSignature",
        Kind::SignatureInvalid => "InvalidSignature",
        Kind::Checksum => "InvalidChecksum",
        Kind::NotFound => "ResourceNotFound",
        Kind::Conflict => "InvalidStatus",
    }
}

/// HSBC's error body.
fn error_body(status: StatusCode, errors: Vec<Value>) -> Response {
    let body = json!({
        "Code": status.as_str(),
        "Id": uuid::Uuid::new_v4().to_string(),
        "Message": status.canonical_reason().unwrap_or("Error"),
        "Errors": errors,
    });
    json_response(status, body.to_string().into())
}

/// A problem in HSBC's error body: one entry per field, or one for the whole.
fn refuse(problem: &Problem) -> Response {
    let code = error_code(problem.kind);
    let mut errors: Vec<Value> = problem
        .fields
        .iter()
        .map(|f| json!({ "ErrorCode": code, "Message": f.message, "Path": f.field }))
        .collect();
    if errors.is_empty() || problem.kind != Kind::Invalid {
        let mut whole = json!({ "ErrorCode": code, "Message": problem.message });
        if matches!(
            problem.kind,
            Kind::SignatureMissing | Kind::SignatureInvalid
        ) {
            whole["Path"] = json!("x-jws-signature");
        }
        errors.insert(0, whole);
    }
    error_body(problem.status(), errors)
}

fn refuse_key(_bank: &BankState, refusal: Refusal) -> Response {
    let code = match refusal {
        Refusal::Mismatch => "IdempotencyMismatch",
        Refusal::InProgress => "IdempotencyInProgress",
        _ => "InvalidHeader",
    };
    let mut error = json!({ "ErrorCode": code, "Message": refusal.message() });
    if matches!(refusal, Refusal::KeyMissing | Refusal::KeyInvalid) {
        error["Path"] = json!("x-idempotency-key");
    }
    error_body(refusal.status(), vec![error])
}
