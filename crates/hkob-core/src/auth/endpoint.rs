//! One request to an authorization server's endpoint other than the token endpoint (pushed
//! authorization, registration): bounded in time, and a refusal read as an OAuth error.

use bytes::Bytes;
use serde::Deserialize;

use crate::client::Client;
use crate::error::{AuthError, AuthErrorKind, Error};
use crate::transport::HttpResponse;

#[derive(Deserialize)]
struct Refusal {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// Sends `request` with `body` through `client`'s transport (no credentials of its own, no
/// redirect followed), within the client's limit for authorization requests. `what` names the
/// endpoint in messages; errors are of `kind`, a refusal's with its OAuth error code and status.
pub(crate) async fn call(
    client: &Client,
    request: http::request::Builder,
    body: Bytes,
    what: &str,
    kind: AuthErrorKind,
) -> Result<HttpResponse, Error> {
    let request = request.body(body).map_err(|e| {
        AuthError::new(
            kind,
            format!("the request to the {what} cannot be built: {e}"),
        )
    })?;
    let limit = client.auth_request_limit();
    let response = tokio::time::timeout(limit, client.transport().send(request))
        .await
        .map_err(|_| {
            AuthError::new(kind, format!("the {what} did not answer within {limit:?}"))
        })??;
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let refusal = serde_json::from_slice::<Refusal>(response.body()).ok();
    let message = refusal
        .as_ref()
        .and_then(|r| r.error_description.clone())
        .unwrap_or_else(|| format!("the {what} answered HTTP {}", status.as_u16()));
    let mut error = AuthError::new(kind, message).with_status(Some(status));
    if let Some(refusal) = refusal {
        error = error.with_oauth_error(refusal.error);
    }
    Err(error.into())
}
