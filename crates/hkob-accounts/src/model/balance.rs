//! An account's balances.

use chrono::{DateTime, Utc};
use hkob_core::{Amount, Decimal};
use serde::{Deserialize, Serialize};

hkob_core::open_enum! {
    /// Which balance.
    pub enum BalanceKind {
        /// At the start of the business day.
        Opening = "opening",
        /// What the customer can spend now (holds and overdraft limits applied).
        Available = "available",
        /// Booked now.
        Current = "current",
        /// Booked at the end of the last business day.
        ClosingBooked = "closing-booked",
        /// Booked now plus what is pending.
        Expected = "expected",
    }
}

/// Money in or out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// In: a credit, or a balance in the customer's favour.
    Credit,
    /// Out: a debit, or an overdrawn balance.
    Debit,
}

/// One balance of an account.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Balance {
    /// Which balance.
    pub kind: BalanceKind,
    /// How much, never negative: the direction says which side.
    pub amount: Amount,
    /// In the customer's favour (`Credit`) or overdrawn (`Debit`).
    pub direction: Direction,
    /// When the bank took it.
    pub at: Option<DateTime<Utc>>,
}

impl Balance {
    /// A balance.
    pub fn new(kind: BalanceKind, amount: Amount, direction: Direction) -> Self {
        Self {
            kind,
            amount,
            direction,
            at: None,
        }
    }

    /// The balance as a signed number: negative when overdrawn.
    pub fn signed(&self) -> Decimal {
        match self.direction {
            Direction::Credit => self.amount.value,
            Direction::Debit => {
                let mut value = self.amount.value;
                value.set_sign_negative(!value.is_zero());
                value
            }
        }
    }
}

impl std::fmt::Debug for Balance {
    /// The kind and currency; the amount is personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Balance")
            .field("kind", &self.kind)
            .field("currency", &self.amount.currency)
            .field("amount", &"[redacted]")
            .finish_non_exhaustive()
    }
}
