//! JETCO APIX Phase III, account information (`specs/phase3-jetco-apix.yaml`),
//! under `/jetco/{apix code}`: the consented accounts and their status,
//! balances, transactions, credit cards and card transactions, and the
//! availability check. (The consent resource is the bank's authorization
//! server's, at `/consents`.)
//!
//! Every route sits behind the `X-IBM-Client-Id` / `X-IBM-Client-Secret`
//! check of Phase I. A data call also needs the customer's access token,
//! issued to that client and bound to an `Authorised` consent, and that
//! consent's id in `X-Consent-Id`; the availability check needs the TSP's
//! client-credentials token. Failures are answered in the gateway's
//! `{httpCode, httpMessage, moreInformation}` body; an `X-Request-Id` is
//! echoed.

mod availability;
mod balances;
mod cards;
mod page;
mod status;
mod transactions;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::Path;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use http::{HeaderValue, StatusCode, header};
use serde_json::Value;

use super::language;
use crate::bank::SimulatedDialect;
use crate::dialects::BankRoute;
use crate::dialects::accounts::{Caller, CustomerAccess, Problem, Served, customer_access};
use crate::envelope::{error_response, json_response};
use crate::instance::{BankState, Instance};

/// The header naming the consent of a data call.
const CONSENT_ID_HEADER: &str = "x-consent-id";
/// The header naming the request, echoed.
const REQUEST_ID_HEADER: &str = "x-request-id";
/// The client id header the Phase I guard checked.
const CLIENT_ID_HEADER: &str = "x-ibm-client-id";

/// A handler of a read without path parameters.
type Read = fn(&Served, &Caller) -> Result<Value, Problem>;
/// A handler of a read of one account or card.
type ReadOne = fn(&Served, &Caller, &str) -> Result<Value, Problem>;

/// The Phase III routes of one JETCO bank, all behind the Phase I guard.
pub(super) fn routes(instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
    let served = Served::new(instance, bank);
    vec![
        BankRoute::guarded("/status/v1/accounts", read(&served, status::list)),
        BankRoute::guarded(
            "/status/v1/accounts/{accountId}",
            read_one(&served, status::one),
        ),
        BankRoute::guarded(
            "/balances/v1/accounts/balances",
            read(&served, balances::list),
        ),
        BankRoute::guarded(
            "/balances/v1/accounts/{accountId}/balances",
            read_one(&served, balances::one),
        ),
        BankRoute::guarded(
            "/transactions/v1/accounts/{accountId}/transactions",
            read_one(&served, transactions::list),
        ),
        BankRoute::guarded("/availability/v1/accounts/availability", check(&served)),
        BankRoute::guarded("/cards/v1/cards", read(&served, cards::list)),
        BankRoute::guarded(
            "/cards/v1/cards/{cardId}/transactions",
            read_one(&served, cards::transactions),
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
                Err(_) => Err(Problem::NotFound("No such account or card.".to_owned())),
            };
            answer(result, &caller)
        },
    )
}

fn check(served: &Arc<Served>) -> MethodRouter<Arc<Instance>> {
    let served = served.clone();
    post(
        move |caller: Caller, body: Result<Bytes, BytesRejection>| async move {
            let result = match body {
                Ok(body) => availability::check(&served, &caller, &body),
                Err(_) => Err(Problem::invalid("data", "The body could not be read.")),
            };
            answer(result, &caller)
        },
    )
}

/// A customer's data call: the checks of [`customer_access`], then the
/// token must be the calling client's and `X-Consent-Id` its consent.
fn customer(served: &Served, caller: &Caller) -> Result<CustomerAccess, Problem> {
    let access = customer_access(served, caller)?;
    if caller.header(CLIENT_ID_HEADER) != Some(access.token.client_id.as_str()) {
        return Err(Problem::Unauthorized(
            "The access token was issued to another client.".to_owned(),
        ));
    }
    match caller.header(CONSENT_ID_HEADER) {
        Some(id) if id == access.consent.consent_id => Ok(access),
        Some(_) => Err(Problem::not_consented(
            "X-Consent-Id is not the consent of the access token.",
            Some("X-Consent-Id"),
        )),
        None => Err(Problem::not_consented(
            "X-Consent-Id is required and must name the consent of the access token.",
            Some("X-Consent-Id"),
        )),
    }
}

/// The answer: 200 with the body, or the refusal in the gateway's body;
/// with the request's `X-Request-Id`.
fn answer(result: Result<Value, Problem>, caller: &Caller) -> Response {
    let mut resp = match result {
        Ok(body) => json_response(StatusCode::OK, body.to_string().into()),
        Err(problem) => refuse(&problem),
    };
    if let Some(id) = caller.headers.get(REQUEST_ID_HEADER) {
        resp.headers_mut().insert(REQUEST_ID_HEADER, id.clone());
    }
    resp
}

/// A problem in the gateway's error body.
fn refuse(problem: &Problem) -> Response {
    let mut resp = error_response(
        SimulatedDialect::JetcoApix,
        problem.status(),
        &problem.message(),
    );
    if let Some(v) = problem
        .www_authenticate()
        .and_then(|v| HeaderValue::from_str(&v).ok())
    {
        resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    resp
}
