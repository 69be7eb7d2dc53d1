//! An account's transaction.

use chrono::{DateTime, Utc};
use hkob_core::Amount;
use serde::{Deserialize, Serialize};

use super::Direction;

hkob_core::open_enum! {
    /// Whether a transaction is booked.
    pub enum TransactionStatus {
        /// Booked to the account.
        Booked = "booked",
        /// Not booked yet.
        Pending = "pending",
    }
}

/// One transaction of an account.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Transaction {
    /// The account's id (as in [`Account::id`](super::Account::id)).
    pub account_id: String,
    /// The bank's unique id of the transaction.
    pub id: String,
    /// When it was booked (or made, while pending).
    pub booked_at: DateTime<Utc>,
    /// How much, never negative.
    pub amount: Amount,
    /// In or out.
    pub direction: Direction,
    /// Booked or pending.
    pub status: TransactionStatus,
    /// The description as on a statement.
    pub description: Option<String>,
    /// The bank's code for the kind of transaction.
    pub code: Option<String>,
    /// The amount in the currency it was made in, when that differs.
    pub original_amount: Option<Amount>,
    /// The account's balance after it, when the bank says.
    pub balance_after: Option<Amount>,
}

impl Transaction {
    /// A booked transaction.
    pub fn new(
        account_id: impl Into<String>,
        id: impl Into<String>,
        booked_at: DateTime<Utc>,
        amount: Amount,
        direction: Direction,
    ) -> Self {
        Self {
            account_id: account_id.into(),
            id: id.into(),
            booked_at,
            amount,
            direction,
            status: TransactionStatus::Booked,
            description: None,
            code: None,
            original_amount: None,
            balance_after: None,
        }
    }
}

impl std::fmt::Debug for Transaction {
    /// The time, currency, direction and status; amounts, ids and descriptions are personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("booked_at", &self.booked_at)
            .field("currency", &self.amount.currency)
            .field("direction", &self.direction)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}
