//! Account transactions, derived one at a time so that an account can have
//! millions of them without any being stored.

use rust_decimal::Decimal;
use serde::Serialize;

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

const KINDS: &[(&str, &str, bool)] = &[
    ("FPS TRANSFER IN", "FPSI", true),
    ("FPS TRANSFER OUT", "FPSO", false),
    ("SALARY", "SALA", true),
    ("ATM WITHDRAWAL", "ATMW", false),
    ("OCTOPUS AAVS", "AAVS", false),
    ("CREDIT CARD PAYMENT", "CCPY", false),
    ("INTEREST", "INTR", true),
    ("BILL PAYMENT", "BILL", false),
    ("EPS PURCHASE", "EPSP", false),
];

/// Transaction `index` of an account: the same inputs always give the same
/// transaction, and no other transaction needs to be computed.
pub fn transaction(seed: u64, bank_id: &str, account_id: &str, index: u64) -> Transaction {
    let mut rng = Rng::derive_index(seed, &[bank_id, account_id, "txn"], index);
    let (description, code, credit) = *rng.pick(KINDS);
    // One slot of two hours per index keeps time strictly decreasing.
    let booked_at = HISTORY_END - (index as i64 + 1) * 7_200 + rng.range(0, 7_199) as i64;
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
}
