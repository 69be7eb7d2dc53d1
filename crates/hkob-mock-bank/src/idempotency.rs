//! Idempotency keys for POST (and PUT) endpoints (`x-idempotency-key`).
//!
//! The same key with the same body gets the stored response again; the same
//! key with a different body is refused with 422 in the bank's error
//! envelope; a key still being processed gives 409. Keys are scoped per TSP
//! and remembered for 24 hours, up to a fixed number per bank.
//!
//! Use [`idempotent`] as a middleware on any POST route that runs behind the
//! bank pipeline:
//!
//! ```ignore
//! use axum::Router;
//! use axum::routing::post;
//!
//! async fn create_payment() -> &'static str {
//!     "created"
//! }
//!
//! let app: Router = Router::new()
//!     .route("/jetco/{bank}/payments", post(create_payment))
//!     .route_layer(axum::middleware::from_fn(idempotent));
//! ```

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use crate::envelope::error_response;
use crate::instance::BankState;

/// The request header carrying the key.
pub const IDEMPOTENCY_KEY_HEADER: &str = "x-idempotency-key";
/// The response header set on a replayed response.
pub const REPLAY_HEADER: &str = "x-idempotent-replayed";
/// The longest key accepted.
pub const MAX_KEY_LEN: usize = 40;
/// How long a key is remembered.
pub const KEY_LIFETIME: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, Clone)]
enum Slot {
    InFlight {
        fingerprint: u64,
    },
    Done {
        fingerprint: u64,
        stored: StoredResponse,
    },
}

#[derive(Debug, Clone)]
struct StoredResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Debug, Default)]
struct Slots {
    map: HashMap<(String, String), (Slot, Instant)>,
    order: VecDeque<(String, String)>,
}

/// One bank's remembered keys.
#[derive(Debug)]
pub struct IdempotencyStore {
    slots: Mutex<Slots>,
    capacity: usize,
}

/// What the store decided for an incoming request.
#[derive(Debug)]
pub enum Decision {
    /// New key: run the request, then call [`IdempotencyStore::complete`].
    Proceed,
    /// Same key, same body: answer with this stored response.
    Replay(Response),
    /// Same key, different body.
    Mismatch,
    /// Same key, first request not finished yet.
    InProgress,
}

impl IdempotencyStore {
    /// A store remembering at most `capacity` keys.
    pub fn new(capacity: usize) -> Self {
        Self {
            slots: Mutex::new(Slots::default()),
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.slots.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Looks a key up, reserving it when new.
    pub fn begin(&self, scope: &str, key: &str, fingerprint: u64) -> Decision {
        let mut slots = self.lock();
        let id = (scope.to_owned(), key.to_owned());
        let now = Instant::now();
        if let Some((slot, at)) = slots.map.get(&id)
            && now.duration_since(*at) < KEY_LIFETIME
        {
            {
                return match slot {
                    Slot::InFlight { fingerprint: f } if *f == fingerprint => Decision::InProgress,
                    Slot::Done {
                        fingerprint: f,
                        stored,
                    } if *f == fingerprint => {
                        let mut resp = Response::new(Body::from(stored.body.clone()));
                        *resp.status_mut() = stored.status;
                        *resp.headers_mut() = stored.headers.clone();
                        resp.headers_mut()
                            .insert(REPLAY_HEADER, HeaderValue::from_static("true"));
                        Decision::Replay(resp)
                    }
                    _ => Decision::Mismatch,
                };
            }
        }
        while slots.map.len() >= self.capacity {
            match slots.order.pop_front() {
                Some(old) => {
                    slots.map.remove(&old);
                }
                None => break,
            }
        }
        slots.order.push_back(id.clone());
        slots.map.insert(id, (Slot::InFlight { fingerprint }, now));
        Decision::Proceed
    }

    /// Stores the response of a request that got [`Decision::Proceed`]; a
    /// server error or a refused credential (401) frees the key instead, so
    /// the client may retry.
    pub fn complete(
        &self,
        scope: &str,
        key: &str,
        fingerprint: u64,
        status: StatusCode,
        headers: &HeaderMap,
        body: &Bytes,
    ) {
        let mut slots = self.lock();
        let id = (scope.to_owned(), key.to_owned());
        if status.is_server_error() || status == StatusCode::UNAUTHORIZED {
            slots.map.remove(&id);
            slots.order.retain(|k| k != &id);
            return;
        }
        if let Some(entry) = slots.map.get_mut(&id) {
            entry.0 = Slot::Done {
                fingerprint,
                stored: StoredResponse {
                    status,
                    headers: headers.clone(),
                    body: body.clone(),
                },
            };
        }
    }

    /// How many keys are remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().map.len()
    }
}

/// Fingerprint of a request: method, path and body.
pub fn fingerprint(method: &Method, path: &str, body: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    method.as_str().hash(&mut h);
    path.hash(&mut h);
    body.hash(&mut h);
    h.finish()
}

/// Who a key belongs to: the TSP, by its client id (the credential
/// headers, or the client the bearer token was issued to, so a customer's
/// token and the TSP's own share the TSP's keys), else the raw token.
fn scope(bank: &BankState, headers: &HeaderMap) -> String {
    for name in ["x-ibm-client-id", "clientid"] {
        if let Some(v) = headers.get(name).and_then(|v| v.to_str().ok()) {
            return format!("client:{v}");
        }
    }
    if let Some(v) = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        // A payment's retry carries a token whose consent the first attempt consumed: it
        // must still name the same TSP, or the retry would not find its key.
        let token = v
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        let client = bank
            .auth
            .get()
            .zip(token)
            .and_then(|(auth, token)| auth.check_bearer_after_payment(token, None).ok())
            .map(|token| token.client_id);
        return match client {
            Some(id) => format!("client:{id}"),
            None => format!("authorization:{v}"),
        };
    }
    "anonymous".to_owned()
}

/// Why the middleware refused a request, before the route's handler ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No `x-idempotency-key` (400).
    KeyMissing,
    /// A key that is empty, too long or not text (400).
    KeyInvalid,
    /// A body above 1 MiB (413).
    TooLarge,
    /// The key was used with another request (422).
    Mismatch,
    /// The key's first request is still being processed (409).
    InProgress,
}

impl Refusal {
    /// The status of the refusal.
    pub(crate) fn status(self) -> StatusCode {
        match self {
            Refusal::KeyMissing | Refusal::KeyInvalid => StatusCode::BAD_REQUEST,
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::Mismatch => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::InProgress => StatusCode::CONFLICT,
        }
    }

    /// What went wrong, for people.
    pub(crate) fn message(self) -> &'static str {
        match self {
            Refusal::KeyMissing => "x-idempotency-key is required.",
            Refusal::KeyInvalid => "x-idempotency-key must be 1 to 40 visible ASCII characters.",
            Refusal::TooLarge => "The request body is too large.",
            Refusal::Mismatch => {
                "The idempotency key was already used with a different request body."
            }
            Refusal::InProgress => "A request with this idempotency key is still being processed.",
        }
    }
}

/// How a family of routes writes the middleware's refusals.
pub(crate) type WriteRefusal = fn(&BankState, Refusal) -> Response;

/// Refusals in the bank's dialect's (Phase I) error body.
fn in_dialect(bank: &BankState, refusal: Refusal) -> Response {
    error_response(bank.profile.dialect, refusal.status(), refusal.message())
}

/// Middleware enforcing idempotency keys on POST requests. It needs the bank
/// (put into the request by the bank pipeline) for its store and error envelope.
pub async fn idempotent(req: Request, next: Next) -> Response {
    run(in_dialect, req, next).await
}

/// [`idempotent`], with the refusals written by `write` (the error body of
/// the routes' spec).
pub(crate) async fn idempotent_with(
    State(write): State<WriteRefusal>,
    req: Request,
    next: Next,
) -> Response {
    run(write, req, next).await
}

async fn run(write: WriteRefusal, req: Request, next: Next) -> Response {
    if req.method() != Method::POST && req.method() != Method::PUT {
        return next.run(req).await;
    }
    let Some(bank) = req.extensions().get::<Arc<BankState>>().cloned() else {
        return next.run(req).await;
    };
    let key = match req
        .headers()
        .get(IDEMPOTENCY_KEY_HEADER)
        .map(|v| v.to_str())
    {
        None => return write(&bank, Refusal::KeyMissing),
        Some(Err(_)) => return write(&bank, Refusal::KeyInvalid),
        Some(Ok(k)) if k.is_empty() || k.len() > MAX_KEY_LEN => {
            return write(&bank, Refusal::KeyInvalid);
        }
        Some(Ok(k)) => k.to_owned(),
    };
    let scope = scope(&bank, req.headers());
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return write(&bank, Refusal::TooLarge);
    };
    let stable = crate::applications::stable_body(&bank, &body);
    let fp = fingerprint(
        &parts.method,
        parts.uri.path(),
        stable.as_deref().unwrap_or(&body),
    );
    match bank.idempotency.begin(&scope, &key, fp) {
        Decision::Replay(resp) => resp,
        Decision::Mismatch => write(&bank, Refusal::Mismatch),
        Decision::InProgress => write(&bank, Refusal::InProgress),
        Decision::Proceed => {
            let resp = next.run(Request::from_parts(parts, Body::from(body))).await;
            let (rparts, rbody) = resp.into_parts();
            let rbytes = axum::body::to_bytes(rbody, usize::MAX)
                .await
                .unwrap_or_default();
            bank.idempotency
                .complete(&scope, &key, fp, rparts.status, &rparts.headers, &rbytes);
            Response::from_parts(rparts, Body::from(rbytes))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_mismatch_and_capacity() {
        let store = IdempotencyStore::new(2);
        assert!(matches!(store.begin("tsp", "k1", 1), Decision::Proceed));
        assert!(matches!(store.begin("tsp", "k1", 1), Decision::InProgress));
        store.complete(
            "tsp",
            "k1",
            1,
            StatusCode::CREATED,
            &HeaderMap::new(),
            &Bytes::from_static(b"{}"),
        );
        assert!(matches!(store.begin("tsp", "k1", 1), Decision::Replay(_)));
        assert!(matches!(store.begin("tsp", "k1", 2), Decision::Mismatch));
        assert!(matches!(store.begin("other", "k1", 2), Decision::Proceed));
        assert!(matches!(store.begin("tsp", "k2", 1), Decision::Proceed));
        assert!(store.len() <= 2);
        store.complete(
            "tsp",
            "k2",
            1,
            StatusCode::SERVICE_UNAVAILABLE,
            &HeaderMap::new(),
            &Bytes::new(),
        );
        assert!(matches!(store.begin("tsp", "k2", 9), Decision::Proceed));
    }
}
