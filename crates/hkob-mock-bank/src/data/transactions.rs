//! Account transactions, derived one at a time so that an account can have
//! millions of them without any being stored.
//!
//! The history comes in blocks of [`BLOCK`] consecutive indices, with
//! [`CREDITS_PER_BLOCK`] credits in each at positions drawn per block, so
//! how many credits (or debits) come before an index, and where the n-th
//! one is, are known without deriving the transactions around it: a view
//! of only the credits pages as fast as the whole history.

use std::ops::Range;

use rust_decimal::Decimal;
use serde::Serialize;

use super::history::Slots;
use crate::prng::Rng;

/// Credit or debit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum CreditDebit {
    /// Money in.
    Credit,
    /// Money out.
    Debit,
}

/// One transaction of an account's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// Unique id.
    pub id: String,
    /// Position in the history; 0 is the newest.
    pub index: u64,
    /// Booking time, seconds since the Unix epoch; older as `index` grows.
    pub booked_at: i64,
    /// Amount, always positive.
    pub amount: Decimal,
    /// Direction.
    pub credit_debit: CreditDebit,
    /// Description as on a statement.
    pub description: &'static str,
    /// Transaction code.
    pub code: &'static str,
}

/// The time the newest generated transaction is booked before (2026-01-01T00:00:00Z).
pub const HISTORY_END: i64 = 1_767_225_600;

/// Where account transactions are booked: one two-hour slot per index.
pub(crate) const SLOTS: Slots = Slots {
    end: HISTORY_END,
    width: 7_200,
};

/// Consecutive indices sharing one draw of credit positions.
pub(crate) const BLOCK: u64 = 8;
/// Credits in each block; the others are debits.
pub(crate) const CREDITS_PER_BLOCK: u64 = 3;

const CREDIT_KINDS: &[(&str, &str)] = &[
    ("FPS TRANSFER IN", "FPSI"),
    ("SALARY", "SALA"),
    ("INTEREST", "INTR"),
];

const DEBIT_KINDS: &[(&str, &str)] = &[
    ("FPS TRANSFER OUT", "FPSO"),
    ("ATM WITHDRAWAL", "ATMW"),
    ("OCTOPUS AAVS", "AAVS"),
    ("CREDIT CARD PAYMENT", "CCPY"),
    ("BILL PAYMENT", "BILL"),
    ("EPS PURCHASE", "EPSP"),
];

/// One account's history: what derives its transactions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct History<'a> {
    /// The instance seed.
    pub seed: u64,
    /// The bank id.
    pub bank: &'a str,
    /// The account id.
    pub account: &'a str,
    /// How many transactions it holds.
    pub count: u64,
}

impl History<'_> {
    /// The positions (0..[`BLOCK`]) of the credits in block `block`, ascending.
    fn credit_positions(self, block: u64) -> [u64; CREDITS_PER_BLOCK as usize] {
        let mut rng = Rng::derive_index(self.seed, &[self.bank, self.account, "txn-block"], block);
        let mut order: [u64; BLOCK as usize] = [0, 1, 2, 3, 4, 5, 6, 7];
        // The first CREDITS_PER_BLOCK places of a Fisher-Yates shuffle.
        let last = order.len().saturating_sub(1);
        for i in 0..CREDITS_PER_BLOCK as usize {
            let j = rng.range(i as u64, last as u64) as usize;
            order.swap(i, j.min(last));
        }
        let mut credits = [order[0], order[1], order[2]];
        credits.sort_unstable();
        credits
    }

    /// Whether transaction `index` is a credit.
    pub(crate) fn is_credit(self, index: u64) -> bool {
        self.credit_positions(index / BLOCK)
            .contains(&(index % BLOCK))
    }

    /// How many transactions of one direction come before `index`.
    pub(crate) fn count_before(self, direction: CreditDebit, index: u64) -> u64 {
        let block = index / BLOCK;
        let within = index % BLOCK;
        let credits_here = self
            .credit_positions(block)
            .iter()
            .filter(|p| **p < within)
            .count() as u64;
        // At most `index` credits come before `index`.
        let credits = block
            .saturating_mul(CREDITS_PER_BLOCK)
            .saturating_add(credits_here);
        match direction {
            CreditDebit::Credit => credits,
            CreditDebit::Debit => index.saturating_sub(credits),
        }
    }

    /// The index of the `n`-th (from 0) transaction of one direction, in an
    /// endless history.
    pub(crate) fn nth(self, direction: CreditDebit, n: u64) -> u64 {
        let per_block = match direction {
            CreditDebit::Credit => CREDITS_PER_BLOCK,
            CreditDebit::Debit => BLOCK - CREDITS_PER_BLOCK,
        };
        // `per_block` is a positive constant.
        let block = n.checked_div(per_block).unwrap_or(0);
        let rank = n.checked_rem(per_block).unwrap_or(0) as usize;
        let credits = self.credit_positions(block);
        let position = match direction {
            CreditDebit::Credit => credits.get(rank).copied(),
            CreditDebit::Debit => (0..BLOCK).filter(|p| !credits.contains(p)).nth(rank),
        };
        block
            .saturating_mul(BLOCK)
            .saturating_add(position.unwrap_or(0))
    }

    /// Transaction `index`.
    pub(crate) fn get(self, index: u64) -> Transaction {
        transaction(self.seed, self.bank, self.account, index)
    }

    /// The indices of the transactions booked in `[from, to)`.
    pub(crate) fn booked_in(self, from: i64, to: i64) -> Range<u64> {
        SLOTS.booked_in(from, to, self.count, |i| self.get(i).booked_at)
    }
}

/// Transaction `index` of an account: the same inputs always give the same
/// transaction, and no other transaction needs to be computed.
pub fn transaction(seed: u64, bank_id: &str, account_id: &str, index: u64) -> Transaction {
    let history = History {
        seed,
        bank: bank_id,
        account: account_id,
        count: u64::MAX,
    };
    let credit = history.is_credit(index);
    let mut rng = Rng::derive_index(seed, &[bank_id, account_id, "txn"], index);
    let (description, code) = *rng.pick(if credit { CREDIT_KINDS } else { DEBIT_KINDS });
    // One slot of two hours per index keeps time strictly decreasing.
    let booked_at = SLOTS
        .slot_start(index)
        .saturating_add(rng.range(0, 7_199) as i64);
    let cents = if code == "SALA" {
        rng.range(1_500_000, 9_000_000)
    } else {
        rng.range(100, 2_000_000)
    };
    Transaction {
        id: format!("{account_id}-{index:010}"),
        index,
        booked_at,
        amount: Decimal::new(cents as i64, 2),
        credit_debit: if credit {
            CreditDebit::Credit
        } else {
            CreditDebit::Debit
        },
        description,
        code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transactions_are_pure_and_ordered() {
        let a = transaction(1, "bea", "A00011", 5_000_000);
        assert_eq!(a, transaction(1, "bea", "A00011", 5_000_000));
        assert_ne!(a, transaction(2, "bea", "A00011", 5_000_000));
        let newer = transaction(1, "bea", "A00011", 4_999_999);
        assert!(newer.booked_at > a.booked_at);
        assert!(a.amount > Decimal::ZERO);
    }

    #[test]
    fn direction_counts_and_ranks_match_a_scan() {
        let h = History {
            seed: 3,
            bank: "bea",
            account: "A00011",
            count: 200,
        };
        let mut credits = Vec::new();
        let mut debits = Vec::new();
        for i in 0..200 {
            assert_eq!(h.count_before(CreditDebit::Credit, i), credits.len() as u64);
            assert_eq!(h.count_before(CreditDebit::Debit, i), debits.len() as u64);
            let t = h.get(i);
            assert_eq!(t.credit_debit == CreditDebit::Credit, h.is_credit(i));
            match t.credit_debit {
                CreditDebit::Credit => credits.push(i),
                CreditDebit::Debit => debits.push(i),
            }
        }
        for (n, i) in credits.iter().enumerate() {
            assert_eq!(h.nth(CreditDebit::Credit, n as u64), *i);
        }
        for (n, i) in debits.iter().enumerate() {
            assert_eq!(h.nth(CreditDebit::Debit, n as u64), *i);
        }
        assert_eq!(credits.len() as u64, 200 / BLOCK * CREDITS_PER_BLOCK);
    }

    #[test]
    fn booked_ranges_hold_exactly_the_transactions_in_them() {
        let h = History {
            seed: 9,
            bank: "dsb",
            account: "A00021",
            count: 300,
        };
        let from = h.get(250).booked_at;
        let to = h.get(40).booked_at;
        assert_eq!(h.booked_in(from, to), 41..251);
        assert_eq!(h.booked_in(from, to + 1), 40..251);
        assert_eq!(h.booked_in(i64::MIN, i64::MAX), 0..300);
        assert!(h.booked_in(HISTORY_END, i64::MAX).is_empty());
    }
}
