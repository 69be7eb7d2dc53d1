//! A bank's request quota shared by every process of the TSP.
//!
//! A bank counts requests per TSP, not per process: eight instances that each keep to the quota
//! together exceed it eightfold. [`SharedRateLimit`] counts every attempt of every client that
//! shares one [`StateBackend`] and id in a fixed window there, before it is sent; an attempt
//! over the limit waits for the next window (or fails with [`RateLimited`], if the caller
//! prefers).
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use hkob_core::Client;
//! use hkob_core::rate_limit::SharedRateLimit;
//! use hkob_core::store::MemoryBackend;
//!
//! # fn run() -> hkob_core::Result<()> {
//! // In production: the fleet's sealed Redis backend.
//! let state = Arc::new(MemoryBackend::new());
//! let quota = SharedRateLimit::new(state, "bea", 100, Duration::from_secs(1));
//! let client = Client::builder()
//!     .base_url("https://sandbox.bank.example")
//!     .rate_limit(quota)
//!     .build()?;
//! # let _ = client; Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::store::{StateBackend, StateKey};

/// The collection of the shared counters.
const QUOTAS: &str = "rate-limits";

/// The longest pause between two tries of an attempt over the limit.
const LONGEST_PAUSE: Duration = Duration::from_millis(250);

/// What an attempt over the limit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WhenOverLimit {
    /// Waits for a window with room, for at most this long, then fails with [`RateLimited`].
    Wait(Duration),
    /// Fails at once with [`RateLimited`].
    Fail,
}

/// At most `limit` requests per `window` for every client sharing the backend and id. The
/// counter lives in the backend; attempts over the limit count too (they are refused or wait),
/// and a window starts with the first attempt after the last one ended.
///
/// If the backend cannot be reached, the attempt is sent (the bank's own limit, a 429 that the
/// retry policy honours, still applies) and a warning says so: a store outage does not stop
/// the TSP's traffic.
#[derive(Clone)]
pub struct SharedRateLimit {
    backend: Arc<dyn StateBackend>,
    id: String,
    limit: u64,
    window: Duration,
    when_over: WhenOverLimit,
}

impl fmt::Debug for SharedRateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedRateLimit")
            .field("id", &self.id)
            .field("limit", &self.limit)
            .field("window", &self.window)
            .field("when_over", &self.when_over)
            .finish_non_exhaustive()
    }
}

impl SharedRateLimit {
    /// `limit` requests per `window` under `id` (the bank, and the TSP's client there if it has
    /// several) in `backend`. Attempts over it wait, for at most 30 seconds.
    pub fn new(
        backend: Arc<dyn StateBackend>,
        id: impl Into<String>,
        limit: u64,
        window: Duration,
    ) -> Self {
        Self {
            backend,
            id: id.into(),
            limit,
            window,
            when_over: WhenOverLimit::Wait(Duration::from_secs(30)),
        }
    }

    /// What an attempt over the limit does.
    pub fn when_over(mut self, when_over: WhenOverLimit) -> Self {
        self.when_over = when_over;
        self
    }

    /// Counts one attempt; `Ok` once it may be sent.
    pub(crate) async fn admit(&self) -> Result<(), RateLimited> {
        let started = Instant::now();
        let mut pause = self
            .window
            .checked_div(20)
            .unwrap_or_default()
            .max(Duration::from_millis(5));
        loop {
            match self
                .backend
                .count(StateKey::new(QUOTAS, &self.id), self.window)
                .await
            {
                Ok(n) if n <= self.limit => return Ok(()),
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(
                        quota = %self.id,
                        kind = ?error.kind(),
                        error = %error.message(),
                        "the shared rate limit's store failed; sending without it"
                    );
                    return Ok(());
                }
            }
            let refused = RateLimited {
                id: self.id.clone(),
                limit: self.limit,
                window: self.window,
            };
            let WhenOverLimit::Wait(at_most) = self.when_over else {
                return Err(refused);
            };
            if started.elapsed().saturating_add(pause) > at_most {
                return Err(refused);
            }
            tokio::time::sleep(pause).await;
            pause = pause.saturating_mul(2).min(LONGEST_PAUSE);
        }
    }
}

/// A request was not sent: the quota shared by the TSP's processes was used up (and waiting,
/// if allowed, found no room in time).
#[derive(Debug, Clone, thiserror::Error)]
#[error("the shared rate limit `{id}` ({limit} per {window:?}) is used up; nothing was sent")]
pub struct RateLimited {
    id: String,
    limit: u64,
    window: Duration,
}

impl RateLimited {
    /// The quota's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Requests allowed per window.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The window.
    pub fn window(&self) -> Duration {
        self.window
    }
}
