//! Why a Phase IV request is refused, before any dialect writes it down:
//! each dialect turns a [`Problem`] into its own error body (JETCO's
//! gateway body, HSBC's `ErrorInfo` with an `HK.HKMA.*` code).

use http::StatusCode;

use crate::auth_server::AuthFailure;

/// What kind of refusal, for the dialect's error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A required field or header is missing (400).
    FieldMissing,
    /// A field, header or the body is malformed (400).
    FieldInvalid,
    /// The payment differs from its consent (400).
    ConsentMismatch,
    /// No FPS participant registered the proxy (400, reason `BE23`).
    ProxyNotFound,
    /// The creditor account, card or merchant is not known (400, `AC03`).
    CreditorInvalid,
    /// The request signature is missing (400).
    SignatureMissing,
    /// The request signature does not verify (400).
    SignatureInvalid,
    /// The access token is missing, wrong or expired, or is not the kind
    /// the call needs (401).
    Token,
    /// The consent does not allow the call (403).
    ConsentInvalid,
    /// No such consent or payment (404).
    NotFound,
    /// The first request with the idempotency key is in progress (409).
    IdempotencyInProgress,
    /// The idempotency key was used with another request (422).
    IdempotencyMismatch,
    /// The bank failed (500).
    Unexpected,
}

/// A refused Phase IV request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub kind: Kind,
    /// What went wrong, for people.
    pub message: String,
    /// The field or header it is about.
    pub detail: Option<String>,
    /// The RFC 6750 challenge of a refused token.
    pub www_authenticate: Option<String>,
}

impl Problem {
    /// A problem of a kind with a message.
    pub(crate) fn new(kind: Kind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            detail: None,
            www_authenticate: None,
        }
    }

    /// A 400 for a malformed field.
    pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::new(Kind::FieldInvalid, message).about(field)
    }

    /// A 400 for a missing field.
    pub(crate) fn missing(field: &str) -> Self {
        Self::new(Kind::FieldMissing, format!("{field} is required.")).about(field)
    }

    /// A 401 for the wrong kind of token.
    pub(crate) fn token(message: impl Into<String>) -> Self {
        let mut p = Self::new(Kind::Token, message);
        p.www_authenticate = Some("Bearer error=\"invalid_token\"".to_owned());
        p
    }

    /// A 404.
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(Kind::NotFound, message)
    }

    /// The same problem, about a field or header.
    pub(crate) fn about(mut self, field: &str) -> Self {
        self.detail = Some(field.to_owned());
        self
    }

    /// The status to answer with.
    pub(crate) fn status(&self) -> StatusCode {
        match self.kind {
            Kind::FieldMissing
            | Kind::FieldInvalid
            | Kind::ConsentMismatch
            | Kind::ProxyNotFound
            | Kind::CreditorInvalid
            | Kind::SignatureMissing
            | Kind::SignatureInvalid => StatusCode::BAD_REQUEST,
            Kind::Token => StatusCode::UNAUTHORIZED,
            Kind::ConsentInvalid => StatusCode::FORBIDDEN,
            Kind::NotFound => StatusCode::NOT_FOUND,
            Kind::IdempotencyInProgress => StatusCode::CONFLICT,
            Kind::IdempotencyMismatch => StatusCode::UNPROCESSABLE_ENTITY,
            Kind::Unexpected => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<AuthFailure> for Problem {
    /// A refused token: 401, or 403 when its consent no longer authorises.
    fn from(f: AuthFailure) -> Self {
        let (kind, message) = match &f {
            AuthFailure::ConsentNotAuthorised { status, .. } => (
                Kind::ConsentInvalid,
                format!("The consent is {}.", status.as_str()),
            ),
            AuthFailure::MissingToken => (Kind::Token, "The access token is missing.".to_owned()),
            AuthFailure::MalformedAuthorization => (
                Kind::Token,
                "The Authorization header is not Bearer <token>.".to_owned(),
            ),
            AuthFailure::ExpiredToken => (Kind::Token, "The access token expired.".to_owned()),
            AuthFailure::RevokedToken => (Kind::Token, "The access token was revoked.".to_owned()),
            other => (
                Kind::Token,
                format!("The access token is not valid ({other})."),
            ),
        };
        Problem {
            kind,
            message,
            detail: None,
            www_authenticate: (kind == Kind::Token).then(|| f.www_authenticate()),
        }
    }
}

impl From<crate::idempotency::Refusal> for Problem {
    /// The idempotency middleware's refusals (a body too large is a 400:
    /// the Phase IV specs declare no 413).
    fn from(r: crate::idempotency::Refusal) -> Self {
        use crate::idempotency::{IDEMPOTENCY_KEY_HEADER, Refusal};
        match r {
            Refusal::KeyMissing => Problem::missing(IDEMPOTENCY_KEY_HEADER),
            Refusal::KeyInvalid => Problem::invalid(IDEMPOTENCY_KEY_HEADER, r.message()),
            Refusal::TooLarge => Problem::invalid("body", r.message()),
            Refusal::Mismatch => Problem::new(Kind::IdempotencyMismatch, r.message()),
            Refusal::InProgress => Problem::new(Kind::IdempotencyInProgress, r.message()),
        }
    }
}

/// Reads a JSON body into a dialect's request type: a body that is not
/// JSON, or not of the type's shape (a missing field, a wrong type), is a 400.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    serde_json::from_slice(body).map_err(|e| {
        let kind = if e.to_string().starts_with("missing field") {
            Kind::FieldMissing
        } else {
            Kind::FieldInvalid
        };
        Problem::new(kind, format!("The body is not a valid request: {e}.")).about("body")
    })
}
