//! A bounded JSON `GET` for discovery documents and key sets.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::error::{AuthError, AuthErrorKind};
use crate::transport::Transport;

/// How long a discovery document or key set may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest document accepted (a discovery document or key set is a few kilobytes).
const MAX_BODY: usize = 1024 * 1024;

/// `GET url`, expecting 200 and JSON of type `T`; every failure is a [`AuthErrorKind::Discovery`]
/// error naming `what`.
pub(super) async fn get_json<T: DeserializeOwned>(
    transport: &Arc<dyn Transport>,
    url: &url::Url,
    what: &str,
) -> Result<T, AuthError> {
    let fail = |message: String| AuthError::new(AuthErrorKind::Discovery, message);
    let mut request = http::Request::new(Bytes::new());
    *request.uri_mut() = url
        .as_str()
        .parse()
        .map_err(|_| fail(format!("the {what} URL `{url}` is not a valid URI")))?;
    request.headers_mut().insert(
        http::header::ACCEPT,
        http::HeaderValue::from_static("application/json"),
    );
    let response = tokio::time::timeout(FETCH_TIMEOUT, transport.send(request))
        .await
        .map_err(|_| fail(format!("no {what} from `{url}` within {FETCH_TIMEOUT:?}")))?
        .map_err(|e| fail(format!("the {what} at `{url}` could not be fetched: {e}")))?;
    let status = response.status();
    if status != http::StatusCode::OK {
        return Err(fail(format!(
            "the {what} at `{url}` answered HTTP {}",
            status.as_u16()
        ))
        .with_status(Some(status)));
    }
    let body = response.into_body();
    if body.len() > MAX_BODY {
        return Err(fail(format!("the {what} at `{url}` is larger than 1 MiB")));
    }
    serde_json::from_slice(&body)
        .map_err(|e| fail(format!("the {what} at `{url}` is not valid: {e}")))
}
