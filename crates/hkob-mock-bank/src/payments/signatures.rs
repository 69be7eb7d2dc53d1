//! Message signing on the Phase IV routes: a request from a TSP that
//! lodged a signing key must carry a valid detached JWS of its body
//! (`x-jws-signature`, checked by [`crate::jws::verify_detached`]), and
//! every answer, errors included, carries the bank's detached JWS of its
//! exact body bytes ([`sign_answers`], with the key of the bank's
//! authorization server, under the misbehaviours turned on there).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderMap, HeaderValue};

use super::{Kind, Problem};
use crate::auth_server::RequestMisbehaviours;
use crate::instance::BankState;
use crate::jws::verify_detached;
use crate::transfer::JWS_HEADER;

/// Checks the request signature of `client_id`, when it lodged a key.
pub(crate) fn verify_request(
    bank: &BankState,
    client_id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), Problem> {
    let Some(key) = bank.clients.get(client_id).and_then(|c| c.signing_key()) else {
        return Ok(());
    };
    let Some(sig) = headers.get(JWS_HEADER).and_then(|v| v.to_str().ok()) else {
        return Err(Problem::new(
            Kind::SignatureMissing,
            "x-jws-signature is required: the TSP lodged a signing key.",
        )
        .about(JWS_HEADER));
    };
    verify_detached(sig, body, key).map(|_| ()).map_err(|e| {
        Problem::new(
            Kind::SignatureInvalid,
            format!("Invalid x-jws-signature: {e}."),
        )
        .about(JWS_HEADER)
    })
}

/// Middleware signing every answer of a route with the bank's key.
pub(crate) async fn sign_answers(
    State(bank): State<Arc<BankState>>,
    req: Request,
    next: Next,
) -> Response {
    let extra = req.extensions().get::<RequestMisbehaviours>().cloned();
    let resp = next.run(req).await;
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    parts.headers.remove(JWS_HEADER);
    let signature = bank
        .auth
        .get()
        .and_then(|auth| auth.sign_detached_with(&bytes, extra.as_ref()))
        .and_then(|s| HeaderValue::from_str(&s).ok());
    if let Some(v) = signature {
        parts.headers.insert(JWS_HEADER, v);
    }
    Response::from_parts(parts, Body::from(bytes))
}
