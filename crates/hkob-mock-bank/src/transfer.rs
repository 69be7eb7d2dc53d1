//! `POST {bank prefix}/__mock/transfers`: a mock-only endpoint that moves
//! money between two accounts of a bank. It runs behind the idempotency
//! layer and, when the calling TSP registered a signing key, requires a
//! valid detached JWS, so both checks can be exercised over HTTP before the
//! Phase IV endpoints exist.

use std::sync::Arc;

use axum::Router;
use axum::extract::Extension;
use axum::response::Response;
use axum::routing::post;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::envelope::{error_response, json_response};
use crate::idempotency::idempotent;
use crate::instance::BankState;
use crate::jws::verify_detached;
use crate::ledger::TransferError;
use crate::tsp::TspClient;

/// The header carrying the detached request signature.
pub const JWS_HEADER: &str = "x-jws-signature";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TransferRequest {
    debtor_account: String,
    creditor_account: String,
    amount: Decimal,
}

/// The transfer routes (for both prefix shapes).
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/jetco/{bank}/__mock/transfers", post(create))
        .route("/{bank}/__mock/transfers", post(create))
        .route_layer(axum::middleware::from_fn(idempotent))
}

/// The TSP identified by the request's credential headers (either the
/// `X-IBM-Client-*` or the `ClientID` / `ClientSecret` pair).
pub fn client_from_headers<'b>(bank: &'b BankState, headers: &HeaderMap) -> Option<&'b TspClient> {
    let get = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    bank.clients
        .verify(get("x-ibm-client-id"), get("x-ibm-client-secret"))
        .or_else(|_| bank.clients.verify(get("clientid"), get("clientsecret")))
        .ok()
}

async fn create(
    bank: Option<Extension<Arc<BankState>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(Extension(bank)) = bank else {
        return json_response(
            StatusCode::NOT_FOUND,
            Bytes::from_static(b"{\"error\":\"unknown bank\"}"),
        );
    };
    let dialect = bank.profile.dialect;
    let Some(client) = client_from_headers(&bank, &headers) else {
        return error_response(
            dialect,
            StatusCode::UNAUTHORIZED,
            "Invalid client id or secret.",
        );
    };
    if let Some(key) = client.signing_key() {
        let Some(sig) = headers.get(JWS_HEADER).and_then(|v| v.to_str().ok()) else {
            return error_response(
                dialect,
                StatusCode::BAD_REQUEST,
                "x-jws-signature is required.",
            );
        };
        if let Err(e) = verify_detached(sig, &body, key) {
            return error_response(
                dialect,
                StatusCode::BAD_REQUEST,
                &format!("Invalid x-jws-signature: {e}."),
            );
        }
    }
    let req: TransferRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error_response(
                dialect,
                StatusCode::BAD_REQUEST,
                &format!("Invalid body: {e}."),
            );
        }
    };
    match bank
        .ledger
        .transfer(&req.debtor_account, &req.creditor_account, req.amount)
    {
        Ok(receipt) => match serde_json::to_vec(&receipt) {
            Ok(v) => json_response(StatusCode::CREATED, Bytes::from(v)),
            Err(_) => error_response(
                dialect,
                StatusCode::INTERNAL_SERVER_ERROR,
                "Serialization failed.",
            ),
        },
        Err(TransferError::UnknownAccount(a)) => error_response(
            dialect,
            StatusCode::NOT_FOUND,
            &format!("Unknown account {a}."),
        ),
        Err(e) => error_response(dialect, StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
    }
}
