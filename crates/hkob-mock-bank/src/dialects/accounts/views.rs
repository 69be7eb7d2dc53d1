//! What a transaction list shows of a derived history: the items booked in
//! a window and, for the credit-only and debit-only permissions, of one
//! direction. The view knows its length and the index of its `k`-th item
//! without deriving the items before it, so any page of a history of
//! millions costs the same as the first.

use std::ops::Range;

use crate::data::{CreditDebit, History};

/// Some of an account's transactions, newest first.
#[derive(Debug, Clone)]
pub(crate) struct DepositView<'a> {
    history: History<'a>,
    /// The history indices inside the window.
    range: Range<u64>,
    /// Only this direction, when set.
    only: Option<CreditDebit>,
    /// How many items of `only` come before `range.start`.
    rank_start: u64,
    /// How many items the view holds.
    len: u64,
}

impl<'a> DepositView<'a> {
    /// The transactions of `history` booked in `[from, to)`, of one
    /// direction or both.
    pub(crate) fn new(history: History<'a>, from: i64, to: i64, only: Option<CreditDebit>) -> Self {
        let range = history.booked_in(from, to);
        let (rank_start, len) = match only {
            None => (0, range.end.saturating_sub(range.start)),
            Some(direction) => {
                let start = history.count_before(direction, range.start);
                let end = history.count_before(direction, range.end);
                (start, end.saturating_sub(start))
            }
        };
        DepositView {
            history,
            range: range.start..range.end,
            only,
            rank_start,
            len,
        }
    }

    /// How many transactions the view holds.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// The history index of the view's `k`-th item (`k < len`).
    pub(crate) fn index_of(&self, k: u64) -> u64 {
        match self.only {
            None => self.range.start.saturating_add(k),
            Some(direction) => self
                .history
                .nth(direction, self.rank_start.saturating_add(k)),
        }
    }

    /// The history indices of the view's items `positions` (clamped to the view).
    pub(crate) fn indices(&self, positions: Range<u64>) -> impl Iterator<Item = u64> + '_ {
        let end = positions.end.min(self.len);
        (positions.start.min(end)..end).map(|k| self.index_of(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::transaction;

    fn history(count: u64) -> History<'static> {
        History {
            seed: 5,
            bank: "bea",
            account: "A00011",
            count,
        }
    }

    #[test]
    fn a_direction_view_holds_exactly_that_direction_in_the_window() {
        let h = history(400);
        let from = transaction(5, "bea", "A00011", 333).booked_at;
        let to = transaction(5, "bea", "A00011", 17).booked_at;
        for only in [None, Some(CreditDebit::Credit), Some(CreditDebit::Debit)] {
            let view = DepositView::new(h, from, to, only);
            let want: Vec<u64> = (0..400)
                .filter(|i| {
                    let t = transaction(5, "bea", "A00011", *i);
                    (from..to).contains(&t.booked_at) && only.is_none_or(|d| d == t.credit_debit)
                })
                .collect();
            let got: Vec<u64> = view.indices(0..u64::MAX).collect();
            assert_eq!(got, want, "{only:?}");
            assert_eq!(view.len(), want.len() as u64);
            let tail: Vec<u64> = view.indices(view.len() - 3..view.len() + 10).collect();
            assert_eq!(tail, want[want.len() - 3..]);
        }
    }

    #[test]
    fn a_million_transactions_page_at_the_end() {
        let h = history(1_000_000);
        let view = DepositView::new(h, i64::MIN, i64::MAX, Some(CreditDebit::Debit));
        assert_eq!(view.len(), 625_000);
        let last: Vec<u64> = view.indices(view.len() - 1..view.len()).collect();
        assert_eq!(last.len(), 1);
        assert!(last[0] >= 999_992 && last[0] < 1_000_000);
    }
}
