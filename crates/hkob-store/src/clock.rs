//! Wall-clock time in milliseconds: what a store shared by several processes compares
//! expiry times with.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hkob_core::store::ttl_millis;

/// The longest ttl or window a backend keeps, in milliseconds (about 100 years): longer ones are
/// cut to it, so that deadlines stay far inside every backend's number range.
pub(crate) const MAX_TTL_MILLIS: u64 = 100 * 365 * 24 * 3600 * 1000;

/// Milliseconds since the Unix epoch (0 if the clock is before it).
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
pub(crate) fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
        })
}

/// `ttl` in whole milliseconds, rounded up, at least 1 and at most [`MAX_TTL_MILLIS`].
pub(crate) fn bounded_millis(ttl: Duration) -> u64 {
    ttl_millis(ttl).min(MAX_TTL_MILLIS)
}

/// The deadline `ttl` from `now`, in milliseconds since the Unix epoch.
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
pub(crate) fn deadline(now: i64, ttl: Duration) -> i64 {
    // At most 100 years: always fits an i64.
    now.saturating_add(i64::try_from(bounded_millis(ttl)).unwrap_or(i64::MAX))
}
