//! Why a Phase III request is refused, before any dialect writes it down:
//! each dialect turns a [`Problem`] into its own error body.

use http::StatusCode;

use crate::auth_server::AuthFailure;

/// A refused Phase III request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The authorization server refused the access token (401, or 403 for
    /// a consent that is no longer authorised).
    Token(AuthFailure),
    /// The caller is not who the call needs (401): a token of another
    /// client, a customer's token where the TSP's is needed.
    Unauthorized(String),
    /// Not consented (403): a permission the consent does not grant, an
    /// account or card the customer did not choose, another consent's id.
    NotConsented {
        /// What is missing, for people.
        message: String,
        /// The permission or account it is about.
        detail: Option<String>,
    },
    /// No such account or card (404).
    NotFound(String),
    /// A malformed or missing parameter, header or body field (400).
    BadRequest {
        /// What is wrong, for people.
        message: String,
        /// The parameter or field.
        field: String,
        /// Whether it is missing rather than malformed.
        missing: bool,
    },
}

impl Problem {
    /// A 403 about a permission the consent does not grant.
    pub(crate) fn permission(name: &str) -> Self {
        Problem::NotConsented {
            message: format!("The consent does not include the {name} permission."),
            detail: Some(name.to_owned()),
        }
    }

    /// A 403 for something else the consent does not cover.
    pub(crate) fn not_consented(message: impl Into<String>, detail: Option<&str>) -> Self {
        Problem::NotConsented {
            message: message.into(),
            detail: detail.map(str::to_owned),
        }
    }

    /// A 400 for a malformed parameter or field.
    pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Self {
        Problem::BadRequest {
            message: message.into(),
            field: field.to_owned(),
            missing: false,
        }
    }

    /// A 400 for a missing parameter or field.
    pub(crate) fn missing(field: &str) -> Self {
        Problem::BadRequest {
            message: format!("{field} is required."),
            field: field.to_owned(),
            missing: true,
        }
    }

    /// The status to answer with. A malformed `Authorization` header is a
    /// 401 like a missing one (the specs declare no 400 on single reads).
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Problem::Token(f) => match StatusCode::from_u16(f.status()) {
                Ok(StatusCode::FORBIDDEN) => StatusCode::FORBIDDEN,
                _ => StatusCode::UNAUTHORIZED,
            },
            Problem::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Problem::NotConsented { .. } => StatusCode::FORBIDDEN,
            Problem::NotFound(_) => StatusCode::NOT_FOUND,
            Problem::BadRequest { .. } => StatusCode::BAD_REQUEST,
        }
    }

    /// What went wrong, for people.
    pub(crate) fn message(&self) -> String {
        match self {
            Problem::Token(f) => token_message(f),
            Problem::Unauthorized(m) | Problem::NotFound(m) => m.clone(),
            Problem::NotConsented { message, .. } | Problem::BadRequest { message, .. } => {
                message.clone()
            }
        }
    }

    /// The permission, account or field the problem is about.
    pub(crate) fn detail(&self) -> Option<&str> {
        match self {
            Problem::NotConsented { detail, .. } => detail.as_deref(),
            Problem::BadRequest { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The RFC 6750 challenge of a refused token.
    pub(crate) fn www_authenticate(&self) -> Option<String> {
        match self {
            Problem::Token(f) => Some(f.www_authenticate()),
            Problem::Unauthorized(_) => Some("Bearer error=\"invalid_token\"".to_owned()),
            _ => None,
        }
    }
}

fn token_message(f: &AuthFailure) -> String {
    match f {
        AuthFailure::MissingToken => "The access token is missing.".to_owned(),
        AuthFailure::MalformedAuthorization => {
            "The Authorization header is not Bearer <token>.".to_owned()
        }
        AuthFailure::ExpiredToken => "The access token expired.".to_owned(),
        AuthFailure::RevokedToken => "The access token was revoked.".to_owned(),
        AuthFailure::ConsentNotAuthorised { status, .. } => {
            format!(
                "The consent is {}; it no longer authorises access.",
                status.as_str()
            )
        }
        other => format!("The access token is not valid ({other})."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth_server::ConsentStatus;

    #[test]
    fn statuses() {
        assert_eq!(
            Problem::Token(AuthFailure::MalformedAuthorization).status(),
            StatusCode::UNAUTHORIZED
        );
        let revoked = Problem::Token(AuthFailure::ConsentNotAuthorised {
            consent_id: "c".into(),
            status: ConsentStatus::Revoked,
        });
        assert_eq!(revoked.status(), StatusCode::FORBIDDEN);
        assert!(revoked.message().contains("Revoked"));
        assert_eq!(
            Problem::permission("ReadBalances").detail(),
            Some("ReadBalances")
        );
        assert_eq!(Problem::missing("data").status(), StatusCode::BAD_REQUEST);
        assert!(Problem::NotFound("x".into()).www_authenticate().is_none());
    }
}
