//! The one error type of every hkob call.
//!
//! [`Error`] separates what a caller can act on (the bank said no, the
//! caller's input was bad, credentials were refused) from what is only
//! informative (transport trouble, an undecodable body). Each variant keeps
//! what is needed to report the failure to the bank: the HTTP status, the
//! bank's own code and message, the interaction id and the raw body.

mod api;
mod envelope;

use std::fmt;
use std::time::Duration;

pub use api::{ApiError, FieldError};
pub use envelope::EnvelopeKind;

/// The result of every fallible hkob operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a call to a bank.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bank answered with an error status (or an error envelope).
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The request never got a complete answer: timeout, refused connection, reset.
    #[error(transparent)]
    Transport(TransportError),
    /// Obtaining or using credentials failed.
    #[error(transparent)]
    Auth(Box<AuthError>),
    /// The bank answered with a success status, but the body is not what the API promises.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The caller's input cannot make a valid request; nothing was sent.
    #[error(transparent)]
    InvalidRequest(InvalidRequest),
    /// The quota the TSP's processes share at the bank is used up; nothing was sent (see
    /// [`SharedRateLimit`](crate::rate_limit::SharedRateLimit)).
    #[error(transparent)]
    RateLimited(crate::rate_limit::RateLimited),
}

impl Error {
    /// Whether sending the same request again may succeed: 408, 429 and 5xx
    /// answers, timeouts and connection failures.
    ///
    /// Whether a retry is *safe* (the method is idempotent or the request
    /// carries an idempotency key) is a separate question that the retry loop
    /// answers.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.is_retryable(),
            Error::Transport(e) => e.is_retryable(),
            _ => false,
        }
    }

    /// How long the bank asked the caller to wait, from its `Retry-After` header.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after(),
            _ => None,
        }
    }

    /// The HTTP status of the bank's answer, where there was one.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Error::Api(e) => Some(e.status()),
            Error::Decode(e) => e.status(),
            _ => None,
        }
    }

    /// What went wrong with credentials, a signature or an approval, when that is the error.
    pub fn auth_kind(&self) -> Option<AuthErrorKind> {
        match self {
            Error::Auth(e) => Some(e.kind()),
            _ => None,
        }
    }

    /// The `x-fapi-interaction-id` of the call, to quote when reporting to the bank.
    pub fn interaction_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.interaction_id(),
            Error::Decode(e) => e.interaction_id(),
            _ => None,
        }
    }

    /// The bank's own error code (`HK.HKMA.InvalidAccount`, `invalid_client`, an HKMA
    /// `err_code` ...), where it gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.code(),
            Error::Auth(e) => e.oauth_error(),
            _ => None,
        }
    }

    /// A description of what went wrong: the bank's own message where it gave one, else hkob's.
    /// Never holds a secret.
    pub fn message(&self) -> String {
        match self {
            Error::Api(e) => e.message().map_or_else(|| e.to_string(), str::to_owned),
            Error::Transport(e) => e.to_string(),
            Error::Auth(e) => e.message().to_owned(),
            Error::Decode(e) => e.message().to_owned(),
            Error::InvalidRequest(e) => e.message().to_owned(),
            Error::RateLimited(e) => e.to_string(),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidRequest(InvalidRequest::new(message))
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl From<crate::rate_limit::RateLimited> for Error {
    fn from(e: crate::rate_limit::RateLimited) -> Self {
        Error::RateLimited(e)
    }
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl From<AuthError> for Error {
    fn from(e: AuthError) -> Self {
        Error::Auth(Box::new(e))
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(Box::new(e))
    }
}

impl From<InvalidRequest> for Error {
    fn from(e: InvalidRequest) -> Self {
        Error::InvalidRequest(e)
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No answer within the per-attempt or total time limit.
    Timeout,
    /// The connection could not be opened (refused, DNS, TLS handshake).
    Connect,
    /// The connection broke while the request or the answer was in flight.
    Io,
    /// Anything else the HTTP layer reported.
    Other,
}

/// The request never got a complete answer.
#[derive(Debug, thiserror::Error)]
#[error("transport error ({kind:?}): {message}")]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    #[source]
    source: Option<BoxError>,
}

impl TransportError {
    /// A transport error of the given kind.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// The same error, with its underlying cause attached.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// What kind of failure it was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether no answer came in time.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// Whether the connection could not be opened.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// Timeouts, connect failures and broken connections may succeed on a retry.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Timeout | TransportErrorKind::Connect | TransportErrorKind::Io
        )
    }
}

/// What went wrong with credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthErrorKind {
    /// The token endpoint refused the request (an OAuth `error` answer).
    TokenRequest,
    /// The token endpoint answered something that is not a token response.
    InvalidTokenResponse,
    /// The token endpoint could not be reached.
    TokenTransport,
    /// The authorization response's `state` is not the one sent.
    StateMismatch,
    /// The authorization response's `iss` is not the expected issuer.
    IssuerMismatch,
    /// The customer or the bank refused the authorization (`error=` in the callback).
    AuthorizationDenied,
    /// The authorization response lacks a required parameter.
    MalformedCallback,
    /// The customer's authorisation can no longer be used (the access token expired and the
    /// bank issued no refresh token): ask the customer again. A bank that still answers 401
    /// after a fresh token is an [`Error::Api`] with status 401, keeping the bank's error body.
    Unauthorized,
    /// The credentials or keys are not usable as configured.
    Configuration,
    /// The bank's OpenID Connect discovery document or key set could not be fetched or is not
    /// acceptable (an issuer that differs from the configured one, an endpoint that is not
    /// `https`).
    Discovery,
    /// An ID token failed validation (signature, algorithm, issuer, audience, times, nonce,
    /// hashes or the caller's own check); nothing it vouches for may be used.
    InvalidIdToken,
    /// Dynamic client registration was refused or failed.
    Registration,
    /// A bank's signed answer failed its check (no signature, an algorithm or a critical header
    /// parameter the client does not accept, a key the bank does not publish, or a signature
    /// that does not verify); nothing in the answer may be used.
    InvalidSignature,
}

/// Obtaining or using credentials failed.
#[derive(thiserror::Error)]
#[error("{kind:?}: {message}")]
pub struct AuthError {
    kind: AuthErrorKind,
    message: String,
    oauth_error: Option<String>,
    status: Option<http::StatusCode>,
    #[source]
    source: Option<BoxError>,
}

impl fmt::Debug for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthError")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("oauth_error", &self.oauth_error)
            .field("status", &self.status)
            .finish()
    }
}

impl AuthError {
    /// An auth error of the given kind.
    pub fn new(kind: AuthErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            oauth_error: None,
            status: None,
            source: None,
        }
    }

    pub(crate) fn with_status(mut self, status: Option<http::StatusCode>) -> Self {
        self.status = status;
        self
    }

    pub(crate) fn with_oauth_error(mut self, code: impl Into<String>) -> Self {
        self.oauth_error = Some(code.into());
        self
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> AuthErrorKind {
        self.kind
    }

    /// A description fit for logs (never contains a secret).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The OAuth `error` code, such as `invalid_client` or `access_denied`.
    pub fn oauth_error(&self) -> Option<&str> {
        self.oauth_error.as_deref()
    }

    /// The HTTP status of the token endpoint's answer, when there was one.
    pub fn status(&self) -> Option<http::StatusCode> {
        self.status
    }
}

/// A success answer whose body does not match what the API promises.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot decode the answer at `{path}`: {message} (body starts: {snippet:?})")]
pub struct DecodeError {
    path: String,
    message: String,
    snippet: String,
    status: Option<http::StatusCode>,
    interaction_id: Option<String>,
}

/// How much of a body a [`DecodeError`] keeps.
const SNIPPET_LIMIT: usize = 512;

impl DecodeError {
    /// A decode error at `path` (a JSON path such as `data.products[3].rate`).
    pub fn new(path: impl Into<String>, message: impl Into<String>, body: &[u8]) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            snippet: snippet(body),
            status: None,
            interaction_id: None,
        }
    }

    pub(crate) fn with_context(
        mut self,
        status: http::StatusCode,
        interaction_id: Option<String>,
    ) -> Self {
        self.status = Some(status);
        self.interaction_id = interaction_id;
        self
    }

    /// Where in the JSON the decode failed (`.` for the whole document).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What the decoder expected and found.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The start of the body, at most 512 characters.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> Option<http::StatusCode> {
        self.status
    }

    /// The interaction id of the call.
    pub fn interaction_id(&self) -> Option<&str> {
        self.interaction_id.as_deref()
    }
}

/// The first [`SNIPPET_LIMIT`] characters of a body, lossily as UTF-8.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_LIMIT * 4)]);
    text.chars().take(SNIPPET_LIMIT).collect()
}

/// The caller's input cannot make a valid request; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid request: {message}")]
pub struct InvalidRequest {
    message: String,
}

impl InvalidRequest {
    /// An invalid-request error with a message naming the bad input.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// What is wrong with the input.
    pub fn message(&self) -> &str {
        &self.message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_stays_small() {
        assert!(
            std::mem::size_of::<Error>() <= 56,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn snippet_is_bounded_and_lossy() {
        let body = vec![b'x'; 10_000];
        assert_eq!(snippet(&body).len(), SNIPPET_LIMIT);
        assert_eq!(snippet(&[0xff, b'a']), "\u{fffd}a");
    }

    #[test]
    fn transport_retryability() {
        assert!(TransportError::new(TransportErrorKind::Timeout, "t").is_retryable());
        assert!(!TransportError::new(TransportErrorKind::Other, "o").is_retryable());
    }
}
