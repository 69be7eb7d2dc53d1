//! How a resolved scenario changes an answer: the answer it gives instead
//! of the handler's (a dropped connection, an HKMA outage page, an injected
//! error status), and what it changes on an answer (`Retry-After`, the body).

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::request::Parts;
use http::{HeaderValue, StatusCode, header};
use http_body::Frame;

use crate::envelope::Envelope;
use crate::fault::{
    RetryAfter, Scenario, add_extra_fields, http_date_after, latest_http_date, replace_enum_values,
};
use crate::server::ConnectionControl;

/// After the scenario's latency, the answer it gives instead of the
/// handler's, if any.
pub(super) async fn instead(s: &Scenario, envelope: Envelope, parts: &Parts) -> Option<Response> {
    if let Some(latency) = s.latency {
        tokio::time::sleep(latency).await;
    }
    if s.reset {
        let control = parts.extensions.get::<Arc<ConnectionControl>>().cloned();
        return Some(reset_response(control));
    }
    if s.reset_after {
        // The handler runs; the pipeline drops its answer.
        return None;
    }
    let resp = if let Some(outage) = s.hkma_outage {
        crate::hkma::outage_page(outage)
    } else {
        let status = StatusCode::from_u16(s.status?).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        envelope.error(status, fault_message(status))
    };
    Some(after(resp, s, envelope).await)
}

/// What the scenario changes on an answer: its `Retry-After` header and its body.
pub(super) async fn after(mut resp: Response, s: &Scenario, envelope: Envelope) -> Response {
    if let Some(ra) = s.retry_after {
        add_retry_after(&mut resp, ra);
    }
    if s.rewrites_body() {
        resp = rewrite_body(resp, s, envelope).await;
    }
    resp
}

fn fault_message(status: StatusCode) -> &'static str {
    match status.as_u16() {
        429 => "Rate limit exceeded.",
        500 => "The backend service is temporarily unavailable.",
        502 => "The gateway received an invalid response from the bank.",
        503 => "The service is unavailable; try again later.",
        504 => "The bank did not answer in time.",
        401 => "Invalid client id or secret.",
        403 => "The client application is not subscribed to this plan.",
        _ => "Injected fault.",
    }
}

fn add_retry_after(resp: &mut Response, ra: RetryAfter) {
    let value = match ra {
        RetryAfter::Seconds(s) => s.to_string(),
        // Checked when the scenario was parsed; a rule installed long ago
        // may have run past the last HTTP-date since, and gets that date.
        RetryAfter::HttpDate(s) => {
            httpdate::fmt_http_date(http_date_after(s).unwrap_or_else(latest_http_date))
        }
    };
    if let Ok(v) = HeaderValue::from_str(&value) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
}

async fn rewrite_body(resp: Response, s: &Scenario, envelope: Envelope) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(mut bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if (s.unknown_enum || s.extra_fields)
        && let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&bytes)
    {
        if s.unknown_enum {
            replace_enum_values(&mut value, &|key| envelope.rewrites_enum_key(key));
        }
        if s.extra_fields {
            add_extra_fields(&mut value);
        }
        bytes = Bytes::from(value.to_string());
    }
    if s.malformed_json {
        let mut broken = bytes.to_vec();
        broken.pop();
        broken.extend_from_slice(br#","unterminated": "#);
        bytes = Bytes::from(broken);
    }
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    if s.truncate {
        let half = bytes.slice(..bytes.len() / 2);
        return Response::from_parts(parts, Body::new(TruncatedBody::new(half)));
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The connection dropped (or, outside the mock's own server, the body failed).
pub(super) fn reset_response(control: Option<Arc<ConnectionControl>>) -> Response {
    match control {
        Some(c) => {
            c.abort();
            Response::new(Body::empty())
        }
        // Served outside the mock's own server: fail the body instead.
        None => Response::new(Body::new(TruncatedBody::new(Bytes::new()))),
    }
}

/// A body that sends its bytes, waits a moment so they reach the client, then fails,
/// which makes the server close the connection before the announced length was sent.
struct TruncatedBody {
    first: Option<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
}

impl TruncatedBody {
    fn new(first: Bytes) -> Self {
        Self {
            first: (!first.is_empty()).then_some(first),
            pause: Box::pin(tokio::time::sleep(Duration::from_millis(20))),
        }
    }
}

impl http_body::Body for TruncatedBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        match self.pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "body truncated by fault injection",
            )))),
        }
    }
}
