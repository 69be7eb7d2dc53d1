//! Error answers, each in the body of whoever answers: a bank in its
//! dialect's own body (see [`crate::dialects::Dialect::error_body`]), the
//! HKMA portal in its `{"header": ...}` envelope, the admin API as
//! `{"error": "..."}`.

use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};

use crate::bank::SimulatedDialect;

/// Who answers a request, and so which body its errors are written in.
///
/// The request pipeline puts it in the request's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// A bank of this dialect.
    Dialect(SimulatedDialect),
    /// The HKMA public portal.
    Portal,
    /// The admin API (and any path that is neither a bank's nor the portal's).
    Admin,
}

impl Envelope {
    /// An error answer in this envelope.
    pub fn error(self, status: StatusCode, message: &str) -> Response {
        match self {
            Envelope::Dialect(dialect) => error_response(dialect, status, message),
            Envelope::Portal => crate::hkma::error_response(status, message),
            Envelope::Admin => admin_error(status, message),
        }
    }

    /// Whether the `unknown-enum` fault rewrites the values of this key.
    pub fn rewrites_enum_key(self, key: &str) -> bool {
        match self {
            Envelope::Dialect(dialect) => crate::dialects::of(dialect).rewrites_enum_key(key),
            Envelope::Portal | Envelope::Admin => false,
        }
    }
}

/// An error answer in a bank's dialect.
pub fn error_response(dialect: SimulatedDialect, status: StatusCode, message: &str) -> Response {
    let body = crate::dialects::of(dialect).error_body(status, message);
    json_response(status, body.to_string().into())
}

/// An error answer of the admin API: `{"error": "..."}`.
pub fn admin_error(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": message });
    json_response(status, body.to_string().into())
}

/// A JSON answer from ready bytes.
pub fn json_response(status: StatusCode, body: Bytes) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}
