//! Error bodies in each dialect's own shape.

use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use serde_json::json;

use crate::bank::SimulatedDialect;

/// An error answer in a bank's dialect.
pub fn error_response(dialect: SimulatedDialect, status: StatusCode, message: &str) -> Response {
    let reason = status.canonical_reason().unwrap_or("Error");
    let body = match dialect {
        // IBM API Connect gateway shape.
        SimulatedDialect::JetcoApix => json!({
            "httpCode": status.as_str(),
            "httpMessage": reason,
            "moreInformation": message,
        }),
        // UK Open Banking style error response.
        SimulatedDialect::HsbcGroup => json!({
            "Code": status.as_str(),
            "Message": reason,
            "Errors": [{ "ErrorCode": error_code(status), "Message": message }],
        }),
        // `specs/phase1-bochk-group.yaml`: the gateway's `{"ErrorMsg": ...}`.
        SimulatedDialect::BochkGroup => json!({ "ErrorMsg": message }),
        // `specs/phase1-standard-chartered.yaml` and `specs/phase1-dbs.yaml`.
        SimulatedDialect::StandardChartered | SimulatedDialect::Dbs => json!({
            "code": status.as_str(),
            "message": message,
        }),
    };
    json_response(status, body.to_string().into())
}

fn error_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500..=599 => "ServerError",
        _ => "Error",
    }
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
