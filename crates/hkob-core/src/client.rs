//! The client: one bank, one set of credentials, the whole request pipeline.

mod builder;

use std::sync::Arc;
use std::time::Duration;

use http::header::{ACCEPT, ACCEPT_LANGUAGE, HeaderValue, USER_AGENT};
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument;

use crate::auth::{AuthContext, Credentials};
use crate::error::{ApiError, Error, Result, TransportError, TransportErrorKind};
use crate::headers::{IDEMPOTENCY_KEY, INTERACTION_ID};
use crate::idempotency::IdempotencyKey;
use crate::rate_limit::SharedRateLimit;
use crate::request::{ApiRequest, Idempotency};
use crate::response::ApiResponse;
use crate::retry::{self, RetryPolicy, Sleep};
use crate::signing::{RequestSigner, SigningInput};
use crate::transport::Transport;

pub use builder::ClientBuilder;

/// A client for one bank API: base URL, credentials, retries, signing.
///
/// Cheap to clone (the state is shared) and safe to use from many tasks.
/// Every call goes through the same pipeline: an interaction id and a
/// tracing span; then, per attempt, credentials, signature and transport;
/// then the error mapping and the decode.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Clone, Debug)]
struct Inner {
    base_url: url::Url,
    transport: Arc<dyn Transport>,
    credentials: Arc<dyn Credentials>,
    signer: Option<Arc<dyn RequestSigner>>,
    retry: RetryPolicy,
    sleep: Arc<dyn Sleep>,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    user_agent: HeaderValue,
    language: Option<HeaderValue>,
    label: Option<String>,
    rate_limit: Option<SharedRateLimit>,
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The same client with other credentials (for example a customer's
    /// tokens after consent), sharing the transport and its connections.
    pub fn with_credentials(&self, credentials: impl Credentials) -> Client {
        let mut inner = (*self.inner).clone();
        inner.credentials = Arc::new(credentials);
        Client {
            inner: Arc::new(inner),
        }
    }

    /// The base URL paths are relative to.
    pub fn base_url(&self) -> &url::Url {
        &self.inner.base_url
    }

    /// The transport, for token requests that must share it.
    pub(crate) fn transport(&self) -> &Arc<dyn Transport> {
        &self.inner.transport
    }

    /// How long one request to an authorization server may take: the attempt timeout, else 30 s.
    pub(crate) fn auth_request_limit(&self) -> Duration {
        self.inner.attempt_timeout.unwrap_or(CREDENTIALS_TIMEOUT)
    }

    /// Sends a request and decodes a success answer as JSON.
    pub async fn send_json<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T> {
        let response = self.execute(request).await?;
        Ok(response.json()?)
    }

    /// Sends a request and ignores the body of a success answer.
    pub async fn send_empty(&self, request: ApiRequest) -> Result<()> {
        self.execute(request).await.map(|_| ())
    }

    /// Sends a request through the pipeline. An answer outside 2xx is an
    /// [`Error::Api`]; a success answer is returned whole.
    pub async fn execute(&self, request: ApiRequest) -> Result<ApiResponse> {
        request.validate()?;
        let interaction_id = uuid::Uuid::new_v4().to_string();
        let span = tracing::info_span!(
            "hkob.call",
            method = %request.method,
            path = %request.template,
            operation = request.operation.as_deref().unwrap_or(""),
            bank = self.inner.label.as_deref().unwrap_or(""),
            interaction_id = %interaction_id,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        let call = self.call(request, interaction_id);
        match self.inner.total_timeout {
            Some(limit) => tokio::time::timeout(limit, call)
                .instrument(span)
                .await
                .unwrap_or_else(|_| {
                    Err(TransportError::new(
                        TransportErrorKind::Timeout,
                        format!("no answer within the total time limit of {limit:?}"),
                    )
                    .into())
                }),
            None => call.instrument(span).await,
        }
    }

    async fn call(&self, mut request: ApiRequest, interaction_id: String) -> Result<ApiResponse> {
        let inner = &*self.inner;
        let url = self.url_for(&request)?;
        if request.signed && inner.signer.is_none() {
            return Err(Error::invalid(
                "this operation must be signed, but the client has no signer",
            ));
        }
        let mut headers = std::mem::take(&mut request.headers);
        headers.insert(USER_AGENT, inner.user_agent.clone());
        headers.insert(
            INTERACTION_ID,
            HeaderValue::try_from(interaction_id.as_str())
                .map_err(|_| Error::invalid("bad interaction id"))?,
        );
        headers
            .entry(ACCEPT)
            .or_insert(HeaderValue::from_static("application/json"));
        if let Some(language) = &inner.language {
            headers.entry(ACCEPT_LANGUAGE).or_insert(language.clone());
        }
        if let Idempotency::Required(key) = &request.idempotency {
            let key = key.clone().unwrap_or_else(IdempotencyKey::random);
            let value = HeaderValue::try_from(key.as_str())
                .map_err(|_| Error::invalid("the idempotency key is not a header value"))?;
            headers.insert(IDEMPOTENCY_KEY, value);
        }
        let keyed = matches!(request.idempotency, Idempotency::Required(_));
        let body = request.body.take().unwrap_or_default();
        let retry_safe = request.is_retry_safe();
        let started = Instant::now();
        let mut attempt: u32 = 1;
        let mut refreshed = false;

        loop {
            tracing::Span::current().record("attempt", attempt);
            let mut attempt_headers = headers.clone();
            // A token request is a network wait too: bounded like an attempt, and by a default
            // when attempts are not.
            let credentials_limit = inner.attempt_timeout.unwrap_or(CREDENTIALS_TIMEOUT);
            let apply = inner
                .credentials
                .apply(AuthContext::new(&inner.transport), &mut attempt_headers);
            tokio::time::timeout(credentials_limit, apply)
                .await
                .map_err(|_| {
                    Error::from(TransportError::new(
                        TransportErrorKind::Timeout,
                        format!("no credentials (token) within {credentials_limit:?}"),
                    ))
                })??;
            let sent_at = Instant::now();
            if (request.signed || request.sign_if_configured)
                && let Some(signer) = &inner.signer
            {
                let signed = signer.sign(SigningInput {
                    method: &request.method,
                    url: &url,
                    headers: &attempt_headers,
                    body: &body,
                })?;
                attempt_headers.extend(signed);
            }
            let mut http_request = http::Request::new(body.clone());
            *http_request.method_mut() = request.method.clone();
            *http_request.uri_mut() = url
                .as_str()
                .parse()
                .map_err(|_| Error::invalid(format!("`{url}` is not a valid URI")))?;
            *http_request.headers_mut() = attempt_headers;

            if let Some(quota) = &inner.rate_limit {
                quota.admit().await?;
            }
            let sent = inner.transport.send(http_request);
            let outcome = match inner.attempt_timeout {
                Some(limit) => tokio::time::timeout(limit, sent).await.unwrap_or_else(|_| {
                    Err(TransportError::new(
                        TransportErrorKind::Timeout,
                        format!("no answer within the attempt time limit of {limit:?}"),
                    ))
                }),
                None => sent.await,
            };

            let failure: Error = match outcome {
                Ok(response) => {
                    let (parts, body) = response.into_parts();
                    tracing::Span::current().record("status", parts.status.as_u16());
                    if parts.status.is_success() {
                        check_echo(&parts.headers, &interaction_id);
                        return Ok(ApiResponse::new(
                            parts.status,
                            parts.headers,
                            body,
                            interaction_id,
                        ));
                    }
                    ApiError::from_response(parts.status, &parts.headers, body)
                        .or_interaction_id(&interaction_id)
                        .into()
                }
                Err(e) => e.into(),
            };

            let credentials_renewed = failure.status() == Some(http::StatusCode::UNAUTHORIZED)
                && !refreshed
                && inner.credentials.invalidate(sent_at);
            let decision = retry::decide(
                &inner.retry,
                inner.total_timeout,
                retry::Failure {
                    error: &failure,
                    retry_safe,
                    attempt,
                    elapsed: started.elapsed(),
                    credentials_renewed,
                    keyed,
                },
            );
            match decision {
                retry::Decision::RetryNow => {
                    refreshed = true;
                    tracing::debug!("401: retrying once with fresh credentials");
                }
                retry::Decision::RetryAfter(delay) => {
                    tracing::debug!(?delay, error = %failure, "retrying");
                    inner.sleep.sleep(delay).await;
                    attempt = attempt.saturating_add(1);
                }
                retry::Decision::Stop => return Err(failure),
            }
        }
    }

    /// The full URL of a request: base URL + path + query, or the request's
    /// absolute URL (which must share the base URL's origin).
    fn url_for(&self, request: &ApiRequest) -> Result<url::Url> {
        let mut url = match &request.absolute_url {
            Some(url) => {
                if url.origin() != self.inner.base_url.origin() {
                    return Err(Error::invalid(format!(
                        "refusing to send credentials to `{}`, outside the bank's origin",
                        url.origin().ascii_serialization()
                    )));
                }
                url.clone()
            }
            None => {
                let base = self.inner.base_url.as_str().trim_end_matches('/');
                let path = request.path.as_str();
                let joined = if path.starts_with('/') || path.is_empty() {
                    format!("{base}{path}")
                } else {
                    format!("{base}/{path}")
                };
                url::Url::parse(&joined)
                    .map_err(|e| Error::invalid(format!("`{joined}` is not a URL: {e}")))?
            }
        };
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    /// Resolves a next-page link: absolute, or relative to the base URL.
    pub(crate) fn resolve_link(&self, link: &str) -> Result<url::Url> {
        url::Url::parse(link)
            .or_else(|_| self.inner.base_url.join(link))
            .map_err(|e| Error::invalid(format!("the next-page link `{link}` is not a URL: {e}")))
    }
}

/// How long the credentials (a token request) may take when attempts have no time limit.
const CREDENTIALS_TIMEOUT: Duration = Duration::from_secs(30);

/// Warns when the bank echoes another interaction id than the one sent.
///
/// A mismatch is not an error: failing a call whose effect (a payment) has
/// happened would invite a duplicate.
fn check_echo(headers: &http::HeaderMap, sent: &str) {
    if let Some(echo) = headers.get(INTERACTION_ID)
        && echo.as_bytes() != sent.as_bytes()
    {
        tracing::warn!(sent, echoed = ?echo, "the bank echoed another x-fapi-interaction-id");
    }
}
