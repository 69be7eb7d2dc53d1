//! The request pipeline in front of every bank: it records the request,
//! resolves the fault scenario (admin rules and the `x-mock-scenario`
//! header) and applies it around the bank's handler.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use http_body::Frame;

use crate::bank::SimulatedDialect;
use crate::envelope::error_response;
use crate::fault::{RetryAfter, Scenario, add_extra_fields, replace_enum_values};
use crate::instance::Instance;
use crate::request_log::LogEntry;
use crate::server::ConnectionControl;

/// The header that asks for a fault on one request.
pub const SCENARIO_HEADER: &str = "x-mock-scenario";
/// The FAPI interaction id, echoed back when a client sends one.
pub const INTERACTION_ID_HEADER: &str = "x-fapi-interaction-id";
/// The largest request body the mock accepts.
const MAX_BODY: usize = 1024 * 1024;

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Middleware over every bank route.
pub async fn bank_pipeline(
    State(inst): State<Arc<Instance>>,
    req: Request,
    next: Next,
) -> Response {
    let uri = req.uri().clone();
    let path = uri.path();
    let Some((bank, rel)) = inst.bank_for_path(path) else {
        // Under a gateway shared by a dialect's banks, an unknown bank is
        // the gateway's 404.
        if let Some(dialect) = crate::dialects::gateway_of(path) {
            return error_response(dialect, StatusCode::NOT_FOUND, "Unknown bank code.");
        }
        return next.run(req).await;
    };
    let bank = bank.clone();
    let dialect = bank.profile.dialect;
    let seq = inst.log.next_seq();
    let received_at_ms = now_ms();

    let (mut parts, body) = req.into_parts();
    let interaction_id = parts.headers.get(INTERACTION_ID_HEADER).cloned();
    let has_body = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .is_some_and(|v| v.as_bytes() != b"0")
        || parts.headers.contains_key(header::TRANSFER_ENCODING);
    let (body_bytes, body) = if has_body {
        match axum::body::to_bytes(body, MAX_BODY).await {
            Ok(b) => (b.clone(), Body::from(b)),
            Err(_) => {
                return error_response(
                    dialect,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The request body is too large.",
                );
            }
        }
    } else {
        (Bytes::new(), body)
    };

    let mut record = LogEntry {
        seq,
        received_at_ms,
        bank: Some(bank.id.clone()),
        method: parts.method.clone(),
        head: crate::request_log::pack_head(&uri, &parts.headers),
        body: LogEntry::body_excerpt(&body_bytes),
        status: 0,
        scenario: None,
    };

    let header_scenario = match parts.headers.get(SCENARIO_HEADER) {
        Some(v) if inst.settings.scenario_header => match v.to_str().ok().map(Scenario::parse) {
            Some(Ok(s)) => Some(s),
            Some(Err(e)) => {
                let resp = error_response(dialect, StatusCode::BAD_REQUEST, &e.to_string());
                record.status = resp.status().as_u16();
                inst.log.push(record);
                return resp;
            }
            None => {
                let resp = error_response(
                    dialect,
                    StatusCode::BAD_REQUEST,
                    "x-mock-scenario is not ASCII",
                );
                record.status = resp.status().as_u16();
                inst.log.push(record);
                return resp;
            }
        },
        _ => None,
    };
    let rule_scenario = inst.faults.take(&bank.profile.id, path, rel);
    let scenario = match (rule_scenario, header_scenario) {
        (None, None) => None,
        (Some(r), None) => Some(r),
        (None, Some(h)) => Some(h),
        (Some(r), Some(h)) => Some(r.merged_with(&h)),
    }
    .filter(|s| !s.is_empty());

    if let Some(s) = &scenario {
        record.scenario = serde_json::to_string(s).ok();
        if let Some(latency) = s.latency {
            tokio::time::sleep(latency).await;
        }
        if s.reset {
            let control = parts.extensions.get::<Arc<ConnectionControl>>().cloned();
            inst.log.push(record);
            return reset_response(control);
        }
        if let Some(status) = s.status {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut resp = error_response(dialect, status, fault_message(status));
            if let Some(ra) = s.retry_after {
                add_retry_after(&mut resp, ra);
            }
            let mut resp = rewrite_body(resp, s, dialect).await;
            if let Some(id) = interaction_id {
                resp.headers_mut().insert(INTERACTION_ID_HEADER, id);
            }
            record.status = resp.status().as_u16();
            inst.log.push(record);
            return resp;
        }
        parts.extensions.insert(s.clone());
    }

    parts.extensions.insert(bank);
    let req = Request::from_parts(parts, body);
    let mut resp = next.run(req).await;
    if let Some(s) = &scenario {
        if let Some(ra) = s.retry_after {
            add_retry_after(&mut resp, ra);
        }
        if s.rewrites_body() {
            resp = rewrite_body(resp, s, dialect).await;
        }
    }
    if let Some(id) = interaction_id {
        resp.headers_mut().insert(INTERACTION_ID_HEADER, id);
    }
    record.status = resp.status().as_u16();
    inst.log.push(record);
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
        RetryAfter::HttpDate(s) => {
            httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(s))
        }
    };
    if let Ok(v) = HeaderValue::from_str(&value) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
}

async fn rewrite_body(resp: Response, s: &Scenario, dialect: SimulatedDialect) -> Response {
    if !s.rewrites_body() {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(mut bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if (s.unknown_enum || s.extra_fields)
        && let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&bytes)
    {
        if s.unknown_enum {
            let dialect = crate::dialects::of(dialect);
            replace_enum_values(&mut value, &|key| dialect.rewrites_enum_key(key));
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

fn reset_response(control: Option<Arc<ConnectionControl>>) -> Response {
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
