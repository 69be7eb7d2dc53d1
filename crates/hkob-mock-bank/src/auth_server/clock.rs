//! The server's clock: real time plus an offset tests can move forward, never
//! past the latest time the server can write ([`LATEST`]).

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The latest time the clock may show: 9999-12-31T23:59:59Z, the last second
/// a four-digit year (an RFC 3339 time, an HTTP-date) can name. Times a
/// lifetime past it still fit an `i64` by far.
pub(super) const LATEST: i64 = 253_402_300_799;

/// A clock advance that would take the server's time past [`LATEST`]
/// (the end of the year 9999).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockError {
    seconds: u64,
}

impl fmt::Display for ClockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot advance the clock by {} s: its time would pass 9999-12-31T23:59:59Z",
            self.seconds
        )
    }
}

impl std::error::Error for ClockError {}

/// Seconds since the Unix epoch, shifted by [`Clock::advance`].
#[derive(Debug, Default)]
pub(super) struct Clock {
    offset: AtomicI64,
}

fn real_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl Clock {
    /// Now, in seconds since the Unix epoch.
    pub(super) fn now(&self) -> i64 {
        real_now().saturating_add(self.offset.load(Ordering::Relaxed))
    }

    /// Moves the clock forward, unless that would take it past [`LATEST`].
    pub(super) fn advance(&self, seconds: u64) -> Result<(), ClockError> {
        let refused = ClockError { seconds };
        let secs = i64::try_from(seconds).map_err(|_| refused.clone())?;
        self.offset
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |offset| {
                let moved = offset.checked_add(secs)?;
                (real_now().checked_add(moved)? <= LATEST).then_some(moved)
            })
            .map(|_| ())
            .map_err(|_| refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_pass_the_latest_time_and_stays_where_it_was() {
        let clock = Clock::default();
        assert!(clock.advance(60).is_ok());
        let before = clock.now();
        assert!(before >= real_now() + 59);
        assert!(clock.advance(u64::MAX).is_err());
        assert!(clock.advance(i64::MAX as u64).is_err());
        assert!(clock.advance(LATEST as u64).is_err());
        assert!(clock.now() - before < 5, "unchanged");
        let to_the_end = (LATEST - clock.now() - 10) as u64;
        assert!(clock.advance(to_the_end).is_ok());
        assert!(clock.now() <= LATEST);
        assert!(clock.advance(3600).is_err());
    }
}
