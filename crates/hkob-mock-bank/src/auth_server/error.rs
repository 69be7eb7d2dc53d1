//! Errors: OAuth error responses (RFC 6749 §5.2), bearer-token failures
//! (RFC 6750 §3.1) and set-up failures.

use std::fmt;

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::json;

use super::ConsentStatus;

/// Why an [`super::AuthServer`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthSetupError {
    /// The issuer is not an absolute http(s) URL.
    InvalidIssuer(String),
    /// The signing key could not be generated or loaded.
    SigningKey(String),
}

impl fmt::Display for AuthSetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidIssuer(s) => write!(f, "invalid issuer: {s}"),
            Self::SigningKey(s) => write!(f, "signing key: {s}"),
        }
    }
}

impl std::error::Error for AuthSetupError {}

/// Why a bearer token was refused at a resource endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthFailure {
    /// No `Authorization` header.
    MissingToken,
    /// An `Authorization` header that is not `Bearer <token>`.
    MalformedAuthorization,
    /// A token this server never issued.
    UnknownToken,
    /// The token has expired.
    ExpiredToken,
    /// The token was revoked.
    RevokedToken,
    /// The token's consent is no longer `Authorised`.
    ConsentNotAuthorised {
        /// The consent.
        consent_id: String,
        /// Its status now.
        status: ConsentStatus,
    },
    /// The token is bound to a client certificate that the request did not
    /// present (RFC 8705 §3).
    CertificateMismatch,
    /// The token lacks a scope the endpoint requires.
    InsufficientScope {
        /// The scope required.
        required: String,
    },
}

impl AuthFailure {
    /// The HTTP status to answer with: 401; 400 for a malformed
    /// `Authorization` header; 403 for a consent that is no longer
    /// authorised and for a missing scope.
    pub fn status(&self) -> u16 {
        match self {
            Self::MalformedAuthorization => 400,
            Self::ConsentNotAuthorised { .. } | Self::InsufficientScope { .. } => 403,
            _ => 401,
        }
    }

    /// The RFC 6750 error code, if any (`invalid_token`, `insufficient_scope`).
    pub fn error_code(&self) -> Option<&'static str> {
        match self {
            Self::MissingToken => None,
            Self::MalformedAuthorization => Some("invalid_request"),
            Self::InsufficientScope { .. } => Some("insufficient_scope"),
            _ => Some("invalid_token"),
        }
    }

    /// The value of the `WWW-Authenticate` header to send with the answer.
    pub fn www_authenticate(&self) -> String {
        match self.error_code() {
            None => "Bearer".to_owned(),
            Some(code) => format!("Bearer error=\"{code}\", error_description=\"{self}\""),
        }
    }
}

impl fmt::Display for AuthFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingToken => f.write_str("no access token"),
            Self::MalformedAuthorization => f.write_str("authorization header is not Bearer"),
            Self::UnknownToken => f.write_str("unknown access token"),
            Self::ExpiredToken => f.write_str("access token expired"),
            Self::RevokedToken => f.write_str("access token revoked"),
            Self::CertificateMismatch => {
                f.write_str("access token is bound to another client certificate")
            }
            Self::ConsentNotAuthorised { consent_id, status } => {
                write!(f, "consent {consent_id} is {}", status.as_str())
            }
            Self::InsufficientScope { required } => write!(f, "scope {required} required"),
        }
    }
}

impl std::error::Error for AuthFailure {}

impl IntoResponse for AuthFailure {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::UNAUTHORIZED);
        let mut resp = (
            status,
            Json(json!({
                "error": self.error_code().unwrap_or("invalid_token"),
                "error_description": self.to_string(),
            })),
        )
            .into_response();
        if let Ok(v) = HeaderValue::from_str(&self.www_authenticate()) {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
        resp
    }
}

/// An OAuth error answer from the token or revocation endpoint.
#[derive(Debug)]
pub(super) struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
    basic_challenge: bool,
}

impl OAuthError {
    pub(super) fn new(
        status: StatusCode,
        error: &'static str,
        description: impl Into<String>,
    ) -> Self {
        Self {
            status,
            error,
            description: description.into(),
            basic_challenge: false,
        }
    }

    pub(super) fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    pub(super) fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_grant", description)
    }

    pub(super) fn server_error(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            description,
        )
    }

    pub(super) fn invalid_scope(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_scope", description)
    }

    /// 401 `invalid_client`; `basic` adds `WWW-Authenticate: Basic` (RFC 6749 §5.2).
    pub(super) fn invalid_client(description: impl Into<String>, basic: bool) -> Self {
        Self {
            basic_challenge: basic,
            ..Self::new(StatusCode::UNAUTHORIZED, "invalid_client", description)
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut resp = (
            self.status,
            Json(json!({ "error": self.error, "error_description": self.description })),
        )
            .into_response();
        let h = resp.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if self.basic_challenge {
            h.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"token\""),
            );
        }
        resp
    }
}
