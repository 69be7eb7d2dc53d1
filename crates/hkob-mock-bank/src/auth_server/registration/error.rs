//! Refusals of the registration endpoints, as RFC 7591 §3.2.2 and RFC 7592
//! §2 answer them: JSON `{error, error_description}`.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::json;

/// The RFC 7591 / 7592 error codes the mock answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RegistrationErrorCode {
    /// A metadata value is invalid, or the request JWT is (400).
    ClientMetadata,
    /// The software statement is missing or not a JWT (400).
    SoftwareStatement,
    /// A redirect URI is not allowed (400).
    RedirectUri,
    /// The registration access token is missing, unknown or not the
    /// client's (401).
    Token,
}

impl RegistrationErrorCode {
    fn as_str(self) -> &'static str {
        match self {
            Self::ClientMetadata => "invalid_client_metadata",
            Self::SoftwareStatement => "invalid_software_statement",
            Self::RedirectUri => "invalid_redirect_uri",
            Self::Token => "invalid_token",
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Self::Token => StatusCode::UNAUTHORIZED,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

/// Why a registration request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegistrationError {
    pub(crate) code: RegistrationErrorCode,
    pub(crate) description: String,
}

impl RegistrationError {
    pub(crate) fn metadata(description: impl Into<String>) -> Self {
        Self::new(RegistrationErrorCode::ClientMetadata, description)
    }

    pub(crate) fn statement(description: impl Into<String>) -> Self {
        Self::new(RegistrationErrorCode::SoftwareStatement, description)
    }

    pub(crate) fn redirect_uri(description: impl Into<String>) -> Self {
        Self::new(RegistrationErrorCode::RedirectUri, description)
    }

    pub(crate) fn token(description: impl Into<String>) -> Self {
        Self::new(RegistrationErrorCode::Token, description)
    }

    fn new(code: RegistrationErrorCode, description: impl Into<String>) -> Self {
        Self {
            code,
            description: description.into(),
        }
    }
}

impl IntoResponse for RegistrationError {
    fn into_response(self) -> Response {
        let mut resp = (
            self.code.status(),
            Json(json!({ "error": self.code.as_str(), "error_description": self.description })),
        )
            .into_response();
        let h = resp.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if self.code == RegistrationErrorCode::Token {
            h.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses_follow_the_rfcs() {
        let resp = RegistrationError::redirect_uri("no").into_response();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let resp = RegistrationError::token("no").into_response();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
        assert!(resp.headers().contains_key(header::WWW_AUTHENTICATE));
        assert_eq!(
            RegistrationErrorCode::SoftwareStatement.as_str(),
            "invalid_software_statement"
        );
    }
}
