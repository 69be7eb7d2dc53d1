//! Where a time falls in a history of derived items.
//!
//! Item `i` of a history (0 = newest) is booked somewhere in its own slot,
//! `[end - (i + 1) * width, end - i * width - 1]`, so booking times strictly
//! decrease with the index and the items booked in any time range are one
//! run of consecutive indices, found by deriving at most two items.

use std::ops::Range;

/// The slots of one history: the instant every item is booked before, and
/// how many seconds each item's slot spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slots {
    /// Every item is booked before this instant (seconds since the Unix epoch).
    pub end: i64,
    /// Seconds per item; at least 1.
    pub width: i64,
}

impl Slots {
    /// The first index whose item is booked before `t`, among `count` items
    /// (`count` when none is). `booked` gives an item's booking time.
    pub(crate) fn first_before(self, t: i64, count: u64, booked: impl Fn(u64) -> i64) -> u64 {
        let width = self.width.max(1);
        let Some(newest_latest) = self.end.checked_sub(1) else {
            return count;
        };
        if t > newest_latest {
            return 0;
        }
        // t is inside the slot of item `slot` (see the module docs).
        let Some(gap) = newest_latest.checked_sub(t) else {
            return count;
        };
        let slot = gap
            .checked_div(width)
            .and_then(|s| u64::try_from(s).ok())
            .unwrap_or(u64::MAX);
        if slot >= count {
            return count;
        }
        if booked(slot) < t {
            slot
        } else {
            slot.saturating_add(1).min(count)
        }
    }

    /// The indices of the items booked in `[from, to)`, among `count` items.
    pub(crate) fn booked_in(
        self,
        from: i64,
        to: i64,
        count: u64,
        booked: impl Fn(u64) -> i64,
    ) -> Range<u64> {
        if to <= from {
            return 0..0;
        }
        let lo = self.first_before(to, count, &booked);
        let hi = self.first_before(from, count, &booked);
        lo..hi.max(lo)
    }

    /// The earliest instant of item `index`'s slot.
    pub(crate) fn slot_start(self, index: u64) -> i64 {
        let n = i64::try_from(index).unwrap_or(i64::MAX).saturating_add(1);
        self.end.saturating_sub(n.saturating_mul(self.width.max(1)))
    }
}

/// The UTC date (`YYYY-MM-DD`) of an instant in seconds since the Unix epoch.
pub(crate) fn date_of_instant(secs: i64) -> String {
    let (y, m, d) = super::civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLOTS: Slots = Slots {
        end: 1_000,
        width: 10,
    };

    /// Item i booked at the middle of its slot.
    fn booked(i: u64) -> i64 {
        SLOTS.slot_start(i).saturating_add(5)
    }

    fn brute(from: i64, to: i64, count: u64) -> Range<u64> {
        let hits: Vec<u64> = (0..count)
            .filter(|i| (from..to).contains(&booked(*i)))
            .collect();
        match (hits.first(), hits.last()) {
            (Some(a), Some(b)) => *a..b.saturating_add(1),
            _ => 0..0,
        }
    }

    #[test]
    fn ranges_match_a_scan() {
        for from in (-20..1_030).step_by(7) {
            for to in (from..1_040).step_by(11) {
                let got = SLOTS.booked_in(from, to, 50, booked);
                let want = brute(from, to, 50);
                assert_eq!(got.end - got.start, want.end - want.start, "{from}..{to}");
                if !want.is_empty() {
                    assert_eq!(got, want, "{from}..{to}");
                }
            }
        }
    }

    #[test]
    fn extremes_do_not_overflow() {
        assert_eq!(SLOTS.first_before(i64::MAX, 50, booked), 0);
        assert_eq!(SLOTS.first_before(i64::MIN, 50, booked), 50);
        assert_eq!(SLOTS.booked_in(i64::MIN, i64::MAX, 50, booked), 0..50);
        assert_eq!(SLOTS.booked_in(5, 5, 50, booked), 0..0);
        assert!(SLOTS.slot_start(u64::MAX) < -9_000_000_000_000_000_000);
    }

    #[test]
    fn dates_of_instants() {
        assert_eq!(date_of_instant(0), "1970-01-01");
        assert_eq!(date_of_instant(1_767_225_599), "2025-12-31");
        assert_eq!(date_of_instant(-1), "1969-12-31");
    }
}
