//! One token exchange at `POST /partner/api/hk/v1/oauth/authorize`.

use std::time::Duration;

use bytes::Bytes;
use hkob_core::auth::AccessToken;
use hkob_core::error::{AuthError, AuthErrorKind};
use hkob_core::transport::Transport;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method};
use secrecy::ExposeSecret;

use super::DbsCredentials;
use crate::generated::dbs::types::{CredentialDetail, ErrorResponse, TokenRequest, TokenResponse};

/// The `credentialType` of a partner JWT.
const PARTNER_JWT: i32 = 7;

/// How much of the bank's error message an [`AuthError`] keeps.
const MESSAGE_LIMIT: usize = 200;

/// Exchanges the partner credentials for an access token.
pub(super) async fn request_token(
    credentials: &DbsCredentials,
    transport: &dyn Transport,
) -> Result<AccessToken, AuthError> {
    let body = TokenRequest {
        credential_detl: CredentialDetail {
            partner_id: credentials.partner_id.clone(),
            partner_secret: credentials.partner_secret.expose_secret().to_owned(),
            additional_properties: Default::default(),
        },
        credential_type: PARTNER_JWT,
        additional_properties: Default::default(),
    };
    let body = serde_json::to_vec(&body).map_err(|_| {
        AuthError::new(
            AuthErrorKind::Configuration,
            "the token request body cannot be encoded",
        )
    })?;
    let mut headers = HeaderMap::new();
    credentials.common_headers(&mut headers)?;
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));

    let mut request = http::Request::new(Bytes::from(body));
    *request.method_mut() = Method::POST;
    *request.uri_mut() = credentials.token_url.as_str().parse().map_err(|_| {
        AuthError::new(
            AuthErrorKind::Configuration,
            format!(
                "the token URL `{}` is not a valid URI",
                credentials.token_url
            ),
        )
    })?;
    *request.headers_mut() = headers;

    let sent = tokio::time::timeout(credentials.token_timeout, transport.send(request));
    let response = match sent.await {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => {
            return Err(AuthError::new(
                AuthErrorKind::TokenTransport,
                format!("the DBS token endpoint could not be reached: {e}"),
            ));
        }
        Err(_) => {
            return Err(AuthError::new(
                AuthErrorKind::TokenTransport,
                format!(
                    "the DBS token endpoint did not answer within {:?}",
                    credentials.token_timeout
                ),
            ));
        }
    };
    let status = response.status();
    let body = response.into_body();
    if !status.is_success() {
        return Err(refusal(status, &body));
    }
    let answer: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
        AuthError::new(
            AuthErrorKind::InvalidTokenResponse,
            format!(
                "the DBS token answer is not a token response (line {}, column {}: {:?})",
                e.line(),
                e.column(),
                e.classify()
            ),
        )
    })?;
    if answer.access_token.is_empty() {
        return Err(AuthError::new(
            AuthErrorKind::InvalidTokenResponse,
            "the DBS token answer holds an empty accessToken",
        ));
    }
    let lifetime = answer
        .expires_in
        .and_then(|s| u64::try_from(s).ok())
        .filter(|s| *s > 0)
        .map(Duration::from_secs);
    Ok(AccessToken::new(answer.access_token, lifetime))
}

/// The error for a token request the bank refused, with its code and message when its body is
/// DBS's error envelope.
fn refusal(status: http::StatusCode, body: &[u8]) -> AuthError {
    let mut message = format!("the DBS token endpoint refused the request with {status}");
    if let Ok(envelope) = serde_json::from_slice::<ErrorResponse>(body) {
        if let Some(code) = envelope.code.filter(|c| !c.is_empty()) {
            message.push_str(&format!(" (code {})", bounded(&code)));
        }
        if !envelope.message.is_empty() {
            message.push_str(": ");
            message.push_str(&bounded(&envelope.message));
        }
    }
    AuthError::new(AuthErrorKind::TokenRequest, message)
}

/// At most [`MESSAGE_LIMIT`] characters of a text from the bank.
fn bounded(text: &str) -> String {
    text.chars().take(MESSAGE_LIMIT).collect()
}
