//! Pushed authorization requests (RFC 9126): the client posts the
//! authorize parameters, authenticated, and gets a short-lived
//! `request_uri` to send to the authorize endpoint with its `client_id`.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::json;

use super::AuthServer;
use super::authorize::Rejection;
use super::error::OAuthError;
use super::params::Params;
use super::token::is_form;
use crate::tls::ClientCertificate;

/// `POST {pushed_authorization}`: 201 `{request_uri, expires_in}`.
pub(super) async fn push(
    State(server): State<Arc<AuthServer>>,
    certificate: Option<Extension<ClientCertificate>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !is_form(&headers) {
        return OAuthError::invalid_request("the body must be application/x-www-form-urlencoded")
            .into_response();
    }
    let mut params = Params::parse(&body);
    let client =
        match server.authenticate_client(&headers, &params, certificate.as_ref().map(|c| &c.0)) {
            Ok(c) => c,
            Err(e) => return e.into_response(),
        };
    if params
        .get("client_id")
        .is_some_and(|c| c != client.client_id)
    {
        return OAuthError::invalid_request("client_id differs from the authenticated client")
            .into_response();
    }
    if params.get("request_uri").is_some() {
        return OAuthError::invalid_request("request_uri cannot be pushed").into_response();
    }
    params.set_default("client_id", &client.client_id);
    let mut pending = match server.validate(&params) {
        Ok(p) => p,
        Err(Rejection::Page(msg)) => return OAuthError::invalid_request(msg).into_response(),
        Err(Rejection::Redirect(_, error, description)) => {
            return OAuthError::new(StatusCode::BAD_REQUEST, error, description).into_response();
        }
    };
    let now = server.clock.now();
    let ttl = server.config.lifetimes.pushed_request_secs;
    pending.expires_at = now.saturating_add(ttl);
    let request_uri = server.lock().add_pushed(pending, now);
    let mut resp = (
        StatusCode::CREATED,
        Json(json!({ "request_uri": request_uri, "expires_in": ttl })),
    )
        .into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}
