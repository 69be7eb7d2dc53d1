//! When and how long to wait before trying a call again.
//!
//! The retry loop in [`Client`](crate::Client) asks one function, `decision::decide`, after each
//! failed attempt; it consults a [`RetryPolicy`]:
//! it retries only answers that may succeed later (408, 429, 5xx, timeouts
//! and connection failures, and a 409 to a request that carries an
//! idempotency key: the bank is still working on the first one) and only
//! requests that are safe to repeat (an idempotent method, or a request that
//! carries an idempotency key). It waits
//! what the bank asks in `Retry-After`, else an exponential backoff with
//! jitter, and gives up after a number of attempts or a total time.

mod decision;
pub(crate) mod retry_after;
mod sleep;

pub(crate) use decision::{Decision, Failure, decide};

use std::time::Duration;

pub use sleep::{Sleep, TokioSleep};

/// The longest wait a policy allows before one retry.
const LONGEST_WAIT: Duration = Duration::from_secs(3600);

/// How many times, and how patiently, to retry.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    /// Three attempts, backoff from 200 ms doubling up to 5 s, jittered;
    /// `Retry-After` honoured up to 60 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The total number of attempts, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; each later wait doubles, up to `max`. Both are kept
    /// at most an hour.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial.min(LONGEST_WAIT);
        self.max_backoff = max.max(initial).min(LONGEST_WAIT);
        self
    }

    /// The longest `Retry-After` honoured, at most an hour; a bank asking for more is not
    /// retried.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max.min(LONGEST_WAIT);
        self
    }

    /// Whether to randomise each backoff (full jitter between half and all of it).
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The configured attempt cap.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `next_attempt` (2 for the first retry), or
    /// `None` when the policy gives up. `retry_after` is the bank's hint.
    pub fn delay(&self, next_attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if next_attempt > self.max_attempts {
            return None;
        }
        if let Some(hint) = retry_after {
            return (hint <= self.max_retry_after).then_some(hint);
        }
        let exponent = next_attempt.saturating_sub(2).min(30);
        let base = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        if self.jitter {
            let factor = 0.5 + fastrand::f64() * 0.5;
            Some(Duration::try_from_secs_f64(base.as_secs_f64() * factor).unwrap_or(base))
        } else {
            Some(base)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = RetryPolicy::default()
            .max_attempts(10)
            .jitter(false)
            .backoff(Duration::from_millis(100), Duration::from_millis(350));
        assert_eq!(p.delay(2, None), Some(Duration::from_millis(100)));
        assert_eq!(p.delay(3, None), Some(Duration::from_millis(200)));
        assert_eq!(p.delay(4, None), Some(Duration::from_millis(350)));
        assert_eq!(p.delay(11, None), None);
    }

    #[test]
    fn jitter_stays_within_half_and_whole() {
        let p = RetryPolicy::default().max_attempts(5);
        for _ in 0..100 {
            let d = p.delay(3, None).unwrap();
            assert!(
                d >= Duration::from_millis(200) && d <= Duration::from_millis(400),
                "{d:?}"
            );
        }
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let p = RetryPolicy::default().max_retry_after(Duration::from_secs(10));
        assert_eq!(
            p.delay(2, Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(p.delay(2, Some(Duration::from_secs(11))), None);
        assert_eq!(RetryPolicy::none().delay(2, None), None);
    }
}
