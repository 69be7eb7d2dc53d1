//! HSBC group Phase III, account information (`specs/phase3-hsbc-group.yaml`),
//! under `{bank}/open-banking/v1.0/`: the consented accounts, each account's
//! status, balances and transactions, the availability check and event
//! polling. The consent resource is the bank's authorization server's, at
//! [`CONSENTS_PATH`].
//!
//! No Phase I `ClientID` / `ClientSecret` here: the account data and the
//! events take the customer's access token, bound to an `Authorised`
//! consent; the availability check takes the TSP's client-credentials
//! token. Lists are paged by `links.next` (absolute URLs, `page` in the
//! query, the bank's default page size). Failures are answered in the
//! `ErrorInfo` body `{id, errors: [{code, causes, extendedDetails}]}` with
//! `HK.HKMA.*` codes; every answer carries `x-fapi-interaction-id` (the
//! request's, or a new one).

mod availability;
mod balances;
mod events;
mod links;
mod list;
mod set_key;
mod transactions;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::Path;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use http::{HeaderValue, StatusCode, header};
use serde_json::{Value, json};

use super::BASE_PATH;
use crate::auth_server::AuthFailure;
use crate::dialects::BankRoute;
use crate::dialects::accounts::{Caller, Problem, Served};
use crate::envelope::json_response;
use crate::instance::{BankState, Instance};
use crate::pipeline::INTERACTION_ID_HEADER;

/// The path the consent resource is served at, below the bank prefix.
pub(super) const CONSENTS_PATH: &str = "/open-banking/v1.0/account-access-consents";

/// A handler of a read without path parameters.
type Read = fn(&Served, &Caller) -> Result<Value, Problem>;
/// A handler of a read of one account.
type ReadOne = fn(&Served, &Caller, &str) -> Result<Value, Problem>;

/// The Phase III routes of one HSBC group bank.
pub(super) fn routes(instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
    let served = Served::new(instance, bank);
    let events = Arc::new(events::Events::default());
    vec![
        BankRoute::open(format!("{BASE_PATH}/accounts"), read(&served, list::list)),
        BankRoute::open(
            format!("{BASE_PATH}/accounts/{{accountId}}"),
            read_one(&served, list::one),
        ),
        BankRoute::open(
            format!("{BASE_PATH}/accounts/{{accountId}}/status"),
            read_one(&served, list::status),
        ),
        BankRoute::open(
            format!("{BASE_PATH}/accounts/{{accountId}}/balances"),
            read_one(&served, balances::one),
        ),
        BankRoute::open(
            format!("{BASE_PATH}/accounts/{{accountId}}/transactions"),
            read_one(&served, transactions::list),
        ),
        BankRoute::open(
            format!("{BASE_PATH}/accounts/availability"),
            send(&served, move |served, caller, body| {
                availability::check(served, caller, body)
            }),
        ),
        BankRoute::open(format!("{BASE_PATH}/events"), {
            let events = events.clone();
            send(&served, move |served, caller, body| {
                events.poll(served, caller, body)
            })
        }),
        BankRoute::open(
            "/__mock/events/jwks.json",
            get(
                move || async move { json_response(StatusCode::OK, events.jwks().to_string().into()) },
            ),
        ),
    ]
}

fn read(served: &Arc<Served>, handler: Read) -> MethodRouter<Arc<Instance>> {
    let served = served.clone();
    get(move |caller: Caller| async move { answer(handler(&served, &caller), &caller) })
}

fn read_one(served: &Arc<Served>, handler: ReadOne) -> MethodRouter<Arc<Instance>> {
    let served = served.clone();
    get(
        move |id: Result<Path<String>, PathRejection>, caller: Caller| async move {
            let result = match id {
                Ok(Path(id)) => handler(&served, &caller, &id),
                Err(_) => Err(Problem::NotFound("No resource with this id.".to_owned())),
            };
            answer(result, &caller)
        },
    )
}

fn send<F>(served: &Arc<Served>, handler: F) -> MethodRouter<Arc<Instance>>
where
    F: Fn(&Served, &Caller, &[u8]) -> Result<Value, Problem> + Clone + Send + Sync + 'static,
{
    let served = served.clone();
    post(
        move |caller: Caller, body: Result<Bytes, BytesRejection>| async move {
            let result = match body {
                Ok(body) => handler(&served, &caller, &body),
                Err(_) => Err(Problem::invalid("body", "The body could not be read.")),
            };
            answer(result, &caller)
        },
    )
}

/// The answer: 200 with the body, or the refusal in `ErrorInfo`; with the
/// request's `x-fapi-interaction-id`, or a new one.
fn answer(result: Result<Value, Problem>, caller: &Caller) -> Response {
    let mut resp = match result {
        Ok(body) => json_response(StatusCode::OK, body.to_string().into()),
        Err(problem) => refuse(&problem),
    };
    let interaction = caller
        .headers
        .get(INTERACTION_ID_HEADER)
        .cloned()
        .or_else(|| HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()).ok());
    if let Some(id) = interaction {
        resp.headers_mut().insert(INTERACTION_ID_HEADER, id);
    }
    resp
}

/// A problem in the `ErrorInfo` body.
fn refuse(problem: &Problem) -> Response {
    let code = match problem {
        Problem::Token(AuthFailure::ConsentNotAuthorised { .. }) | Problem::NotConsented { .. } => {
            "HK.HKMA.Consent.Invalid"
        }
        Problem::Token(_) | Problem::Unauthorized(_) => "HK.HKMA.Token.Invalid",
        Problem::NotFound(_) => "HK.HKMA.Resource.NotFound",
        Problem::BadRequest { missing: true, .. } => "HK.HKMA.Field.Missing",
        Problem::BadRequest { .. } => "HK.HKMA.Field.Invalid",
    };
    // The spec allows 1 to 500 characters.
    let mut causes = problem.message();
    if let Some((cut, _)) = causes.char_indices().nth(500) {
        causes.truncate(cut);
    }
    let mut error = json!({ "code": code, "causes": causes });
    if let Some(detail) = problem.detail() {
        error["extendedDetails"] = json!(detail);
    }
    let body = json!({ "id": uuid::Uuid::new_v4().to_string(), "errors": [error] });
    let mut resp = json_response(problem.status(), body.to_string().into());
    if let Some(v) = problem
        .www_authenticate()
        .and_then(|v| HeaderValue::from_str(&v).ok())
    {
        resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    resp
}
