//! Token revocation (RFC 7009).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode};

use super::AuthServer;
use super::error::OAuthError;
use super::params::Params;
use super::token::is_form;
use crate::tls::ClientCertificate;

/// `POST {revocation}`: 200 whether or not the token was known (RFC 7009 §2.2).
pub(super) async fn revoke(
    State(server): State<Arc<AuthServer>>,
    certificate: Option<Extension<ClientCertificate>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !is_form(&headers) {
        return OAuthError::invalid_request("the body must be application/x-www-form-urlencoded")
            .into_response();
    }
    let params = Params::parse(&body);
    let client =
        match server.authenticate_client(&headers, &params, certificate.as_ref().map(|c| &c.0)) {
            Ok(c) => c,
            Err(e) => return e.into_response(),
        };
    let Some(token) = params.get("token") else {
        return OAuthError::invalid_request("token is required").into_response();
    };
    let mut store = server.lock();
    if store.token_client(token) == Some(client.client_id.as_str()) {
        store.revoke_token(token);
    }
    StatusCode::OK.into_response()
}
