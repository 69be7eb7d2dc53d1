//! The booking times a transaction list covers: a half-open range of whole
//! seconds, from the request's parameters, never wider than the consent's
//! `transactionFromDate` / `transactionToDate`.

use chrono::DateTime;
use serde_json::{Map, Value};

use super::Problem;

/// Booking times `from <= t < to`, in seconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    /// The earliest booking time included.
    pub from: i64,
    /// The first booking time left out.
    pub to: i64,
}

/// How a parameter bounds a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// Booked at or after the instant.
    AtOrAfter,
    /// Booked before the instant.
    Before,
    /// Booked at or before the instant.
    AtOrBefore,
}

impl Window {
    /// Every booking time.
    pub(crate) const ALL: Window = Window {
        from: i64::MIN,
        to: i64::MAX,
    };

    /// No booking time.
    pub(crate) const NONE: Window = Window { from: 0, to: 0 };

    /// The range a consent allows: `transactionFromDate` and
    /// `transactionToDate` (both included) of its `data`. A date that does
    /// not parse allows nothing, rather than everything.
    pub(crate) fn of_consent(details: &Map<String, Value>) -> Window {
        let mut window = Window::ALL;
        for (key, bound) in [
            ("transactionFromDate", Bound::AtOrAfter),
            ("transactionToDate", Bound::AtOrBefore),
        ] {
            match details.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => match parse_instant(s) {
                    Some(instant) => window = window.bounded(instant, bound),
                    None => return Window::NONE,
                },
                Some(_) => return Window::NONE,
            }
        }
        window
    }

    /// The window narrowed by one bound at an instant (seconds, nanoseconds).
    pub(crate) fn bounded(self, (secs, nanos): (i64, u32), bound: Bound) -> Window {
        let ceil = if nanos > 0 {
            secs.saturating_add(1)
        } else {
            secs
        };
        match bound {
            Bound::AtOrAfter => Window {
                from: self.from.max(ceil),
                ..self
            },
            Bound::Before => Window {
                to: self.to.min(ceil),
                ..self
            },
            Bound::AtOrBefore => Window {
                to: self.to.min(secs.saturating_add(1)),
                ..self
            },
        }
    }

    /// The window narrowed by a query parameter holding an RFC 3339 instant,
    /// when present; a 400 when it does not parse.
    pub(crate) fn with_param(
        self,
        name: &str,
        value: Option<&str>,
        bound: Bound,
    ) -> Result<Window, Problem> {
        match value {
            None => Ok(self),
            Some(text) => parse_instant(text)
                .map(|instant| self.bounded(instant, bound))
                .ok_or_else(|| {
                    Problem::invalid(name, format!("{name} is not an RFC 3339 date-time."))
                }),
        }
    }

    /// Whether an instant is inside.
    #[cfg(test)]
    pub(crate) fn contains(self, t: i64) -> bool {
        self.from <= t && t < self.to
    }
}

/// An RFC 3339 instant as (seconds, nanoseconds). A `+` of the offset that a
/// client left unencoded in a query arrives as a space, and is taken back.
pub(crate) fn parse_instant(text: &str) -> Option<(i64, u32)> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc3339(&text.replace(' ', "+")))
        .ok()
        .map(|at| (at.timestamp(), at.timestamp_subsec_nanos()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn details(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn consent_bounds_are_inclusive() {
        let w = Window::of_consent(&details(json!({
            "transactionFromDate": "2025-01-01T00:00:00Z",
            "transactionToDate": "2025-01-02T00:00:00Z",
        })));
        assert!(w.contains(1_735_689_600));
        assert!(w.contains(1_735_776_000));
        assert!(!w.contains(1_735_776_001));
        assert!(!w.contains(1_735_689_599));
        assert_eq!(Window::of_consent(&Map::new()), Window::ALL);
        assert_eq!(
            Window::of_consent(&details(json!({"transactionToDate": "soon"}))),
            Window::NONE
        );
    }

    #[test]
    fn params_narrow_and_fractions_round_inwards() {
        let w = Window::ALL
            .with_param("from", Some("2025-01-01T00:00:00.5Z"), Bound::AtOrAfter)
            .and_then(|w| w.with_param("to", Some("2025-01-01 08:00:10 08:00"), Bound::Before));
        // The space in the offset is taken as a '+'; the second does not parse.
        assert!(w.is_err());
        let w = Window::ALL
            .with_param("from", Some("2025-01-01T00:00:00.5Z"), Bound::AtOrAfter)
            .and_then(|w| w.with_param("to", Some("2025-01-01T08:00:10 08:00"), Bound::Before));
        assert_eq!(
            w,
            Ok(Window {
                from: 1_735_689_601,
                to: 1_735_689_610
            })
        );
        assert!(
            Window::ALL
                .with_param("x", Some("nope"), Bound::Before)
                .is_err()
        );
        assert_eq!(
            Window::ALL.with_param("x", None, Bound::Before),
            Ok(Window::ALL)
        );
    }
}
