//! A bounded log of the requests the mock received, so tests can assert on
//! what a client sent.
//!
//! The log is a ring buffer split into shards (one lock each) so that
//! concurrent requests rarely wait for each other; the oldest entries are
//! dropped once the capacity is reached, so memory stays flat however long
//! the mock runs.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

const SHARDS: usize = 8;
/// Request bodies longer than this are cut in the log.
pub const MAX_LOGGED_BODY: usize = 8 * 1024;

/// Headers whose values are replaced by `[redacted]` in the log.
const SECRET_HEADERS: &[&str] = &[
    "x-ibm-client-secret",
    "clientsecret",
    "client_secret",
    "authorization",
    "cookie",
    "accesstoken",
    "dpop",
];

/// One received request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordedRequest {
    /// Order of arrival, starting at 1.
    pub seq: u64,
    /// Arrival time, milliseconds since the Unix epoch.
    pub received_at_ms: u64,
    /// The bank addressed, if the path belonged to one.
    pub bank: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Full path.
    pub path: String,
    /// Raw query string.
    pub query: Option<String>,
    /// Headers in arrival order; secret values are redacted.
    pub headers: Vec<(String, String)>,
    /// Body as text (lossy UTF-8), cut at 8 KiB.
    pub body: Option<String>,
    /// Status answered (0 when the connection was dropped on purpose).
    pub status: u16,
    /// The fault scenario applied, if any.
    pub scenario: Option<String>,
}

impl RecordedRequest {
    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A request as stored: cheap to record (reference-counted parts, no
/// per-header strings); turned into a [`RecordedRequest`] when read.
#[derive(Debug, Clone)]
pub struct LogEntry {
    /// Order of arrival.
    pub seq: u64,
    /// Arrival time, milliseconds since the Unix epoch.
    pub received_at_ms: u64,
    /// The bank addressed.
    pub bank: Option<std::sync::Arc<str>>,
    /// Method.
    pub method: http::Method,

    /// The request target (`path?query`) on the first line, then the
    /// headers as received, one `name: value` per line: one allocation, and
    /// no reference into the connection's read buffer.
    pub head: String,
    /// Body (at most [`MAX_LOGGED_BODY`] bytes).
    pub body: bytes::Bytes,
    /// Status answered.
    pub status: u16,
    /// The fault scenario applied.
    pub scenario: Option<String>,
}

impl LogEntry {
    /// Keeps at most [`MAX_LOGGED_BODY`] bytes of a body, without holding on
    /// to a larger buffer.
    pub fn body_excerpt(body: &bytes::Bytes) -> bytes::Bytes {
        if body.len() <= MAX_LOGGED_BODY {
            body.clone()
        } else {
            bytes::Bytes::copy_from_slice(&body[..MAX_LOGGED_BODY])
        }
    }

    fn to_recorded(&self) -> RecordedRequest {
        let (target, header_lines) = self.head.split_once('\n').unwrap_or((&self.head, ""));
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (target, None),
        };
        RecordedRequest {
            seq: self.seq,
            received_at_ms: self.received_at_ms,
            bank: self.bank.as_deref().map(str::to_owned),
            method: self.method.to_string(),
            path: path.to_owned(),
            query: query.map(str::to_owned),
            headers: redact_lines(header_lines),
            body: (!self.body.is_empty()).then(|| String::from_utf8_lossy(&self.body).into_owned()),
            status: self.status,
            scenario: self.scenario.clone(),
        }
    }
}

/// Packs a request target and headers into the stored form (see [`LogEntry::head`]).
pub fn pack_head(uri: &http::Uri, headers: &http::HeaderMap) -> String {
    let target = uri.path_and_query().map_or("/", |pq| pq.as_str());
    let len: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len().saturating_add(v.len()).saturating_add(3))
        .fold(target.len().saturating_add(1), usize::saturating_add);
    let mut out = String::with_capacity(len);
    out.push_str(target);
    out.push('\n');
    for (k, v) in headers {
        out.push_str(k.as_str());
        out.push_str(": ");
        // Header values are visible ASCII in practice; anything else is shown lossily.
        match v.to_str() {
            Ok(text) => out.push_str(text),
            Err(_) => out.push_str(&String::from_utf8_lossy(v.as_bytes())),
        }
        out.push('\n');
    }
    out
}

fn redact_lines(packed: &str) -> Vec<(String, String)> {
    packed
        .lines()
        .filter_map(|line| line.split_once(": "))
        .map(|(k, v)| {
            let value = if SECRET_HEADERS.contains(&k) {
                "[redacted]"
            } else {
                v
            };
            (k.to_owned(), value.to_owned())
        })
        .collect()
}

/// The bounded request log.
#[derive(Debug)]
pub struct RequestLog {
    shards: Vec<Mutex<VecDeque<LogEntry>>>,
    shard_capacity: usize,
    next_seq: AtomicU64,
}

impl RequestLog {
    /// A log keeping at most `capacity` entries (rounded up to a multiple of 8; 0 disables it).
    pub fn new(capacity: usize) -> Self {
        let shard_capacity = capacity.div_ceil(SHARDS);
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(VecDeque::new())).collect(),
            shard_capacity,
            next_seq: AtomicU64::new(0),
        }
    }

    /// The most entries the log keeps.
    pub fn capacity(&self) -> usize {
        self.shard_capacity.saturating_mul(SHARDS)
    }

    /// Reserves the next sequence number.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
            .fetch_add(1, Ordering::Relaxed)
            .saturating_add(1)
    }

    /// How many requests were ever recorded (including dropped ones).
    pub fn total(&self) -> u64 {
        self.next_seq.load(Ordering::Relaxed)
    }

    /// Appends an entry, dropping the oldest of its shard when full.
    pub fn push(&self, entry: LogEntry) {
        if self.shard_capacity == 0 {
            return;
        }
        let shard = &self.shards[(entry.seq as usize) % SHARDS];
        let mut q = shard.lock().unwrap_or_else(|p| p.into_inner());
        if q.len() >= self.shard_capacity {
            q.pop_front();
        }
        q.push_back(entry);
    }

    /// The retained entries in arrival order, newest last, optionally only
    /// one bank's, at most `limit` of the newest.
    pub fn entries(&self, bank: Option<&str>, limit: Option<usize>) -> Vec<RecordedRequest> {
        let mut all: Vec<RecordedRequest> = Vec::new();
        for shard in &self.shards {
            let q = shard.lock().unwrap_or_else(|p| p.into_inner());
            all.extend(
                q.iter()
                    .filter(|e| bank.is_none_or(|b| e.bank.as_deref() == Some(b)))
                    .map(LogEntry::to_recorded),
            );
        }
        all.sort_by_key(|e| e.seq);
        // Shards drop independently; keep only the newest `capacity` so the
        // listing never shows a gap left by an unevenly filled shard.
        let keep = limit.unwrap_or(usize::MAX).min(self.capacity());
        if all.len() > keep {
            all.drain(..all.len().saturating_sub(keep));
        }
        all
    }

    /// Forgets every entry.
    pub fn clear(&self) {
        for shard in &self.shards {
            shard.lock().unwrap_or_else(|p| p.into_inner()).clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64) -> LogEntry {
        LogEntry {
            seq,
            received_at_ms: 0,
            bank: Some(if seq.is_multiple_of(2) { "bea" } else { "dsb" }.into()),
            method: http::Method::GET,
            head: "/\n".to_owned(),
            body: bytes::Bytes::new(),
            status: 200,
            scenario: None,
        }
    }

    #[test]
    fn bounded_and_ordered() {
        let log = RequestLog::new(16);
        for _ in 0..1000 {
            let seq = log.next_seq();
            log.push(entry(seq));
        }
        let all = log.entries(None, None);
        assert_eq!(all.len(), 16);
        assert_eq!(all.last().map(|e| e.seq), Some(1000));
        assert!(all.windows(2).all(|w| w[0].seq < w[1].seq));
        assert_eq!(log.entries(Some("bea"), Some(3)).len(), 3);
        assert_eq!(log.total(), 1000);
        log.clear();
        assert!(log.entries(None, None).is_empty());
    }

    #[test]
    fn redacts_secrets() {
        let mut h = http::HeaderMap::new();
        h.insert(
            "x-ibm-client-secret",
            http::HeaderValue::from_static("s3cret"),
        );
        h.insert("x-ibm-client-id", http::HeaderValue::from_static("id"));
        let packed = pack_head(&http::Uri::from_static("/x"), &h);
        let (_, lines) = packed.split_once('\n').expect("target line");
        let r = redact_lines(lines);
        assert!(r.iter().all(|(_, v)| v != "s3cret"));
        assert!(r.iter().any(|(_, v)| v == "id"));
    }
}
