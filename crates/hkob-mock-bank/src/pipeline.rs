//! The request pipeline in front of every bank and the HKMA portal: it
//! records the request, resolves the fault scenario (admin rules and the
//! `x-mock-scenario` header) and applies it around the handler
//! ([`apply`]).

mod apply;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderMap, StatusCode, header};

use crate::envelope::{Envelope, error_response};
use crate::fault::Scenario;
use crate::instance::Instance;
use crate::request_log::LogEntry;

/// The header that asks for a fault on one request.
pub const SCENARIO_HEADER: &str = "x-mock-scenario";
/// The FAPI interaction id, echoed back when a client sends one to a bank.
pub const INTERACTION_ID_HEADER: &str = "x-fapi-interaction-id";
/// The largest request body the mock accepts.
const MAX_BODY: usize = 1024 * 1024;

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Middleware over every bank route and the HKMA portal.
pub async fn run(State(inst): State<Arc<Instance>>, req: Request, next: Next) -> Response {
    let uri = req.uri().clone();
    let path = uri.path();
    let (bank, rel, envelope) = match inst.bank_for_path(path) {
        Some((bank, rel)) => (
            Some(bank.clone()),
            rel,
            Envelope::Dialect(bank.profile.dialect),
        ),
        None if crate::hkma::serves(path) => (None, path, Envelope::Portal),
        None => {
            // Under a gateway shared by a dialect's banks, an unknown bank is
            // the gateway's 404.
            if let Some(dialect) = crate::dialects::gateway_of(path) {
                return error_response(dialect, StatusCode::NOT_FOUND, "Unknown bank code.");
            }
            return next.run(req).await;
        }
    };
    let seq = inst.log.next_seq();
    let received_at_ms = now_ms();

    let (mut parts, body) = req.into_parts();
    let interaction_id = bank
        .as_ref()
        .and_then(|_| parts.headers.get(INTERACTION_ID_HEADER).cloned());
    let has_body = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .is_some_and(|v| v.as_bytes() != b"0")
        || parts.headers.contains_key(header::TRANSFER_ENCODING);
    let (body_bytes, body) = if has_body {
        match axum::body::to_bytes(body, MAX_BODY).await {
            Ok(b) => (b.clone(), Body::from(b)),
            Err(_) => {
                return envelope.error(
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
        bank: bank.as_ref().map(|b| b.id.clone()),
        method: parts.method.clone(),
        head: crate::request_log::pack_head(&uri, &parts.headers),
        // A landing page's form carries personal data in clear: not kept.
        body: if crate::applications::holds_personal_data(uri.path()) {
            Bytes::new()
        } else {
            LogEntry::body_excerpt(&body_bytes)
        },
        status: 0,
        scenario: None,
    };

    let header_scenario = match header_scenario(&inst, &parts.headers, envelope) {
        Ok(s) => s,
        Err(message) => {
            let resp = envelope.error(StatusCode::BAD_REQUEST, &message);
            record.status = resp.status().as_u16();
            inst.log.push(record);
            return resp;
        }
    };
    let bank_id = bank.as_ref().map(|b| b.profile.id.as_str());
    let method = parts.method.as_str().to_owned();
    let header_scenario = header_scenario.filter(|s| s.applies_to_method(&method));
    let rule_scenario = inst.faults.take(bank_id, &method, path, rel);
    let scenario = match (rule_scenario, header_scenario) {
        (None, None) => None,
        (Some(r), None) => Some(r),
        (None, Some(h)) => Some(h),
        (Some(r), Some(h)) => Some(r.merged_with(&h)),
    }
    .filter(|s| !s.is_empty());

    if let Some(s) = &scenario {
        record.scenario = serde_json::to_string(s).ok();
        if let Some(mut resp) = apply::instead(s, envelope, &parts).await {
            // A dropped connection answers nothing (logged with status 0).
            if !s.reset {
                if let Some(id) = interaction_id {
                    resp.headers_mut().insert(INTERACTION_ID_HEADER, id);
                }
                record.status = resp.status().as_u16();
            }
            inst.log.push(record);
            return resp;
        }
        parts.extensions.insert(s.clone());
    }

    parts.extensions.insert(envelope);
    if let Some(bank) = bank {
        parts.extensions.insert(bank);
    }
    let control = parts
        .extensions
        .get::<Arc<crate::server::ConnectionControl>>()
        .cloned();
    let req = Request::from_parts(parts, body);
    let mut resp = next.run(req).await;
    if scenario.as_ref().is_some_and(|s| s.reset_after) {
        // The handler did its work; the answer never leaves.
        record.status = resp.status().as_u16();
        inst.log.push(record);
        drop(resp);
        return apply::reset_response(control);
    }
    if let Some(s) = &scenario {
        resp = apply::after(resp, s, envelope).await;
    }
    if let Some(id) = interaction_id {
        resp.headers_mut().insert(INTERACTION_ID_HEADER, id);
    }
    record.status = resp.status().as_u16();
    inst.log.push(record);
    resp
}

/// The scenario the `x-mock-scenario` header asks for (when the mock honours
/// the header), or why a header that does not parse or does not apply to
/// whoever answers is refused (with 400).
fn header_scenario(
    inst: &Instance,
    headers: &HeaderMap,
    envelope: Envelope,
) -> Result<Option<Scenario>, String> {
    let Some(value) = headers
        .get(SCENARIO_HEADER)
        .filter(|_| inst.settings.scenario_header)
    else {
        return Ok(None);
    };
    let text = value
        .to_str()
        .map_err(|_| "x-mock-scenario is not ASCII".to_owned())?;
    let scenario = Scenario::parse(text).map_err(|e| e.to_string())?;
    match envelope {
        Envelope::Dialect(_) if !scenario.applies_to_banks() => Err(
            "x-mock-scenario: hkma-* directives apply to the HKMA portal (/hkma/public) only"
                .to_owned(),
        ),
        Envelope::Portal if !scenario.applies_to_portal() => Err(
            "x-mock-scenario: token= and unknown-enum apply to banks only, not the HKMA portal"
                .to_owned(),
        ),
        _ => Ok(Some(scenario)),
    }
}
