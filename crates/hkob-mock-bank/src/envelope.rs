//! Error answers, each in its bank's dialect's own body (see
//! [`crate::dialects::Dialect::error_body`]).

use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};

use crate::bank::SimulatedDialect;

/// An error answer in a bank's dialect.
pub fn error_response(dialect: SimulatedDialect, status: StatusCode, message: &str) -> Response {
    let body = crate::dialects::of(dialect).error_body(status, message);
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
