//! The bank's own error answer.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use super::envelope::{self, EnvelopeKind};
use crate::headers::INTERACTION_ID;
use crate::response::ApiResponse;
use crate::retry::retry_after;

/// One field-level problem reported by the bank.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct FieldError {
    /// The bank's code for the problem, such as `UK.OBIE.Field.Missing`.
    pub code: Option<String>,
    /// The bank's description of it.
    pub message: Option<String>,
    /// The field it concerns, in the bank's own path notation.
    pub path: Option<String>,
}

/// The bank answered with an error.
///
/// The envelope is decoded where it is one that hkob knows (see
/// [`EnvelopeKind`]); the raw body is always kept.
#[derive(Clone)]
pub struct ApiError {
    status: StatusCode,
    envelope: EnvelopeKind,
    code: Option<String>,
    message: Option<String>,
    field_errors: Vec<FieldError>,
    interaction_id: Option<String>,
    retry_after: Option<Duration>,
    body: Bytes,
}

impl ApiError {
    /// Reads an error answer: status, headers and body.
    ///
    /// For a refusal inside a success answer the client already received, use
    /// [`from_api_response`](Self::from_api_response), which also keeps the
    /// interaction id that was sent.
    pub fn from_response(status: StatusCode, headers: &HeaderMap, body: Bytes) -> Self {
        let (envelope, parsed) = envelope::parse(&body);
        Self {
            status,
            envelope,
            code: parsed.code,
            message: parsed.message,
            field_errors: parsed.fields,
            interaction_id: headers
                .get(INTERACTION_ID)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            retry_after: retry_after::parse(headers),
            body,
        }
    }

    /// Reads a refusal inside a success answer (an error flag or code in a 2xx envelope), for
    /// an [`Operation::check`](crate::Operation::check) or a
    /// [`ResponseCheck`](crate::paging::ResponseCheck): the status, the envelope's code and
    /// message, the raw body, and the interaction id (the bank's echo, else the one sent).
    pub fn from_api_response(response: &ApiResponse) -> Self {
        Self::from_response(
            response.status(),
            response.headers(),
            response.body().clone(),
        )
        .or_interaction_id(response.interaction_id())
    }

    /// Sets the interaction id this call sent, when the bank did not echo one.
    pub(crate) fn or_interaction_id(mut self, sent: &str) -> Self {
        if self.interaction_id.is_none() {
            self.interaction_id = Some(sent.to_owned());
        }
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Which envelope the body used.
    pub fn envelope(&self) -> EnvelopeKind {
        self.envelope
    }

    /// The bank's error code (`err_code`, `httpCode`, `ErrorCode`, OAuth `error`, ...).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The bank's error message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Field-level errors, where the envelope lists them.
    pub fn field_errors(&self) -> &[FieldError] {
        &self.field_errors
    }

    /// The `x-fapi-interaction-id` of the call (the bank's echo, or the one sent).
    pub fn interaction_id(&self) -> Option<&str> {
        self.interaction_id.as_deref()
    }

    /// The wait the bank asked for in `Retry-After`.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The raw body, whatever it was.
    pub fn raw_body(&self) -> &Bytes {
        &self.body
    }

    /// 408, 429 and 5xx answers may succeed on a retry.
    pub fn is_retryable(&self) -> bool {
        self.status == StatusCode::REQUEST_TIMEOUT
            || self.status == StatusCode::TOO_MANY_REQUESTS
            || self.status.is_server_error()
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("envelope", &self.envelope)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("field_errors", &self.field_errors)
            .field("interaction_id", &self.interaction_id)
            .field("retry_after", &self.retry_after)
            .field("body", &crate::error::snippet(&self.body))
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the bank answered {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.interaction_id {
            write!(f, " (interaction {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
