//! A credit card and its transactions.

use chrono::{DateTime, NaiveDate, Utc};
use hkob_core::{Amount, Currency};
use serde::{Deserialize, Serialize};

use super::{BankId, Direction, Redacted, TransactionStatus};

hkob_core::open_enum! {
    /// Whether a card can be used.
    pub enum CardStatus {
        /// Usable.
        Active = "active",
        /// Not activated yet, or suspended.
        Inactive = "inactive",
        /// Blocked (reported lost, or for fraud).
        Blocked = "blocked",
        /// Closed.
        Closed = "closed",
    }
}

/// A credit card the customer shares through a consent.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Card {
    /// The bank it is issued by.
    pub bank: BankId,
    /// The bank's id of the card for this TSP; not the card number.
    pub id: String,
    /// The card number with all but the last four digits masked.
    pub masked_number: Redacted<String>,
    /// The payment network (`VISA`, `MASTERCARD`, `UNIONPAY` ...).
    pub scheme: Option<String>,
    /// The card product's name.
    pub product_name: Option<String>,
    /// Whether it can be used.
    pub status: CardStatus,
    /// The billing currency.
    pub currency: Currency,
    /// The credit limit.
    pub credit_limit: Amount,
    /// What can be spent now.
    pub available_credit: Option<Amount>,
    /// What the customer owes now.
    pub outstanding_balance: Amount,
    /// The minimum payment of the last statement.
    pub minimum_payment: Option<Amount>,
    /// The date of the last statement.
    pub statement_date: Option<NaiveDate>,
    /// When the last statement's payment is due.
    pub payment_due_date: Option<NaiveDate>,
}

impl std::fmt::Debug for Card {
    /// The bank, status and currency; numbers, limits and balances are personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Card")
            .field("bank", &self.bank)
            .field("status", &self.status)
            .field("currency", &self.currency)
            .finish_non_exhaustive()
    }
}

/// One transaction of a credit card.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CardTransaction {
    /// The card's id (as in [`Card::id`]).
    pub card_id: String,
    /// The bank's unique id of the transaction.
    pub id: String,
    /// When the card was used.
    pub made_at: DateTime<Utc>,
    /// When it was posted to the card account.
    pub posted_on: Option<NaiveDate>,
    /// How much, in the card's currency, never negative.
    pub amount: Amount,
    /// A purchase (`Debit`) or a refund or repayment (`Credit`).
    pub direction: Direction,
    /// Booked or pending.
    pub status: TransactionStatus,
    /// The description as on a statement.
    pub description: Option<String>,
    /// The merchant, for a purchase.
    pub merchant: Option<String>,
    /// The amount in the currency of the purchase, when that differs.
    pub original_amount: Option<Amount>,
}

impl std::fmt::Debug for CardTransaction {
    /// The time, currency and direction; amounts and merchants are personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardTransaction")
            .field("made_at", &self.made_at)
            .field("currency", &self.amount.currency)
            .field("direction", &self.direction)
            .finish_non_exhaustive()
    }
}
