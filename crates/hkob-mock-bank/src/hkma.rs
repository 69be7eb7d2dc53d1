//! The HKMA public data API (`https://api.hkma.gov.hk/public`), mocked.
//!
//! Served under [`PREFIX`] (`/hkma/public/...`), mirroring the portal's paths (see
//! `specs/hkma-public.yaml`):
//!
//! - the nine datasets of the spec, generated from the seed (same seed, same
//!   rows), newest first unless sorted;
//! - the portal's envelope `{"header": {...}, "result": {"datasize", "records"}}`;
//! - `offset`/`pagesize` paging, `fields`, `column`/`filter`,
//!   `choose`/`from`/`to` and `sortby`/`sortorder`;
//! - refusals as the portal sends them: a missing or bad `segment` or `lang`
//!   (or another bad value) is HTTP 400 with `err_code` `1002`; a `pagesize`
//!   above the dataset's ceiling (1000, or 150 for the register) is HTTP
//!   **200** with `success: false` and `err_code` `9999`;
//! - outages on demand, as fault scenarios (the `x-mock-scenario` header or
//!   an admin fault rule): `hkma-html-200` answers an HTML page with HTTP
//!   200, `hkma-bad-gateway` an HTML page with HTTP 502 ([`outage_page`]).
//!
//! The portal sits behind the same request pipeline as the banks
//! (`crate::pipeline`): its requests are in the request log (with no bank),
//! and the other scenarios that fit it (latency, status, `Retry-After`,
//! dropped or broken bodies) apply too, errors in the portal's envelope
//! ([`error_response`]).

#[cfg(test)]
mod conformance;
mod data;
mod query;
mod random;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, StatusCode, header};
use serde_json::{Value, json};

use crate::fault::HkmaOutage;
use crate::rejection::Checked;
use query::Refusal;

/// The path the portal is served under.
pub const PREFIX: &str = "/hkma/public";

/// Whether a request path is the portal's.
pub fn serves(path: &str) -> bool {
    path.strip_prefix(PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// What a dataset needs besides the shared parameters.
#[derive(Debug, Clone, Copy)]
enum Selector {
    None,
    Segment(&'static [&'static str]),
    Lang(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
struct Definition {
    path: &'static str,
    selector: Selector,
    max_page_size: u64,
}

const DEFINITIONS: [Definition; 9] = [
    Definition {
        path: data::LIQUIDITY,
        selector: Selector::None,
        max_page_size: 1000,
    },
    Definition {
        path: data::HIBOR,
        selector: Selector::Segment(&["hibor.fixing", "hibor", "honia"]),
        max_page_size: 1000,
    },
    Definition {
        path: data::EXCHANGE_RATES,
        selector: Selector::None,
        max_page_size: 1000,
    },
    Definition {
        path: data::RATE_AVERAGES,
        selector: Selector::None,
        max_page_size: 1000,
    },
    Definition {
        path: data::RATE_CHANGES,
        selector: Selector::None,
        max_page_size: 1000,
    },
    Definition {
        path: data::DEPOSITS,
        selector: Selector::Segment(&["new", "old"]),
        max_page_size: 1000,
    },
    Definition {
        path: data::BRANCHES,
        selector: Selector::Lang(&["en", "tc", "sc"]),
        max_page_size: 1000,
    },
    Definition {
        path: data::ATMS,
        selector: Selector::Lang(&["en", "tc", "sc"]),
        max_page_size: 1000,
    },
    Definition {
        path: data::REGISTER,
        selector: Selector::Lang(&["en", "tc"]),
        max_page_size: 150,
    },
];

/// The generated rows of every dataset, by (path, segment or lang).
#[derive(Debug)]
struct Portal {
    tables: HashMap<(&'static str, &'static str), Vec<Value>>,
}

/// The routes of the mocked portal, to be nested under [`PREFIX`].
pub fn routes<S: Clone + Send + Sync + 'static>(seed: u64) -> Router<S> {
    let portal = Arc::new(Portal {
        tables: data::generate(seed),
    });
    Router::new()
        .route("/{*dataset}", get(serve))
        .with_state(portal)
}

/// The rows the mock serves for one dataset and segment or language, in the
/// default order (newest first), as JSON objects. `selector` is `""` for a
/// dataset without `segment` or `lang`.
pub fn rows(seed: u64, path: &str, selector: &str) -> Vec<Value> {
    data::generate(seed)
        .into_iter()
        .find(|((p, s), _)| *p == path && *s == selector)
        .map(|(_, rows)| rows)
        .unwrap_or_default()
}

async fn serve(
    State(portal): State<Arc<Portal>>,
    Checked(Path(dataset)): Checked<Path<String>>,
    Checked(Query(params)): Checked<Query<Vec<(String, String)>>>,
) -> Response {
    let Some(definition) = DEFINITIONS.iter().find(|d| d.path == dataset) else {
        return envelope_error(
            StatusCode::NOT_FOUND,
            "1001",
            "Invalid API: no such dataset in the mock",
        );
    };
    match answer(&portal, definition, &params) {
        Ok((records, _)) => {
            let body = json!({
                "header": {"success": true, "err_code": "0000", "err_msg": "No error found"},
                "result": {"datasize": records.len(), "records": records},
            });
            json_response(StatusCode::OK, &body)
        }
        Err(Refusal::Invalid(message)) => envelope_error(StatusCode::BAD_REQUEST, "1002", &message),
        Err(Refusal::PageTooLarge) => envelope_error(StatusCode::OK, "9999", "Unexpected error"),
    }
}

fn answer(
    portal: &Portal,
    definition: &Definition,
    params: &[(String, String)],
) -> Result<(Vec<Value>, usize), Refusal> {
    let param = |name: &str| {
        params
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let selector: &'static str = match definition.selector {
        Selector::None => "",
        Selector::Segment(allowed) => pick(allowed, param("segment")).ok_or_else(|| {
            Refusal::Invalid(format!(
                "Invalid input value: segment is missing or invalid input ({})",
                allowed.join("/")
            ))
        })?,
        Selector::Lang(allowed) => pick(allowed, param("lang")).ok_or_else(|| {
            Refusal::Invalid(
                "Invalid input value: Parameter lang is missing or invalid input (en|tc|sc)"
                    .to_owned(),
            )
        })?,
    };
    let rows = portal
        .tables
        .get(&(definition.path, selector))
        .map(Vec::as_slice)
        .unwrap_or_default();
    query::apply(rows, params, definition.max_page_size)
}

fn pick(allowed: &'static [&'static str], value: Option<&str>) -> Option<&'static str> {
    let value = value?;
    allowed.iter().copied().find(|a| *a == value)
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// An error in the portal's envelope, its `err_code` from the status: `1001`
/// (no such API) for 404, `1002` (invalid input) for another 4xx, `9999`
/// otherwise.
pub fn error_response(status: StatusCode, message: &str) -> Response {
    let code = match status.as_u16() {
        404 => "1001",
        400..=499 => "1002",
        _ => "9999",
    };
    envelope_error(status, code, message)
}

/// The HTML page of an outage of the portal.
pub fn outage_page(outage: HkmaOutage) -> Response {
    html(match outage {
        HkmaOutage::HtmlPage => StatusCode::OK,
        HkmaOutage::BadGateway => StatusCode::BAD_GATEWAY,
    })
}

fn envelope_error(status: StatusCode, code: &str, message: &str) -> Response {
    json_response(
        status,
        &json!({"header": {"success": false, "err_code": code, "err_msg": message}}),
    )
}

fn html(status: StatusCode) -> Response {
    let reason = status.canonical_reason().unwrap_or("Error");
    let page = format!(
        "<html>\n<head><title>{code} {reason}</title></head>\n<body>\n<center><h1>{code} {reason}</h1></center>\n</body>\n</html>\n",
        code = status.as_u16()
    );
    let mut response = (status, page).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    response
}
