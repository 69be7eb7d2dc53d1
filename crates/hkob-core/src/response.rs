//! A bank's answer as plain data.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::DecodeError;
use crate::headers::INTERACTION_ID;

/// A bank's answer: status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct ApiResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    interaction_id: String,
}

impl ApiResponse {
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        interaction_id: String,
    ) -> Self {
        Self {
            status,
            headers,
            body,
            interaction_id,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// How long the bank asks to wait before the next call (`Retry-After`, in seconds or as an
    /// HTTP date), when it says.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        crate::retry::retry_after::parse(&self.headers)
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The interaction id of the call: the bank's echo where it sent one,
    /// else the one hkob sent.
    pub fn interaction_id(&self) -> &str {
        self.headers
            .get(INTERACTION_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(&self.interaction_id)
    }

    /// Decodes the body as JSON into `T`; a failure names the JSON path.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        decode_json(&self.body)
            .map_err(|e| e.with_context(self.status, Some(self.interaction_id().to_owned())))
    }
}

/// Decodes JSON, naming the path of the first value that does not fit.
///
/// The common case, a body that decodes, costs what plain `serde_json`
/// costs; only a failure is decoded again, tracking the path.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::new(".", "the body is empty", body));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        DecodeError::new(path, e.into_inner().to_string(), body)
    })?;
    de.end().map_err(|e| {
        DecodeError::new(
            ".",
            format!("trailing data after the JSON value: {e}"),
            body,
        )
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        data: Vec<Item>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        rate: u32,
    }

    #[test]
    fn decode_error_names_the_path() {
        let err = decode_json::<Page>(br#"{"data":[{"rate":1},{"rate":"x"}]}"#).unwrap_err();
        assert_eq!(err.path(), "data[1].rate");
        assert!(err.snippet().starts_with("{\"data\""));
    }

    #[test]
    fn truncated_empty_and_trailing_bodies_are_errors() {
        assert!(decode_json::<Page>(br#"{"data":[{"rate":1}"#).is_err());
        assert_eq!(
            decode_json::<Page>(b"").unwrap_err().message(),
            "the body is empty"
        );
        assert!(decode_json::<Page>(br#"{"data":[]} x"#).is_err());
        assert!(decode_json::<Page>(b"<html>down</html>").is_err());
    }
}
