//! A deposit account.

use hkob_core::Currency;
use serde::{Deserialize, Serialize};

use super::{BankId, Redacted};

hkob_core::open_enum! {
    /// The kind of deposit account.
    pub enum AccountKind {
        /// A savings account.
        Savings = "savings",
        /// A current (cheque) account.
        Current = "current",
        /// A multi-currency account.
        MultiCurrency = "multi-currency",
        /// A time deposit account.
        TimeDeposit = "time-deposit",
    }
}

hkob_core::open_enum! {
    /// Whether an account can be used.
    pub enum AccountStatus {
        /// Open and usable.
        Active = "active",
        /// Open but not usable now (inactive, frozen or still pending).
        Inactive = "inactive",
        /// Unused for long; the bank may ask the customer to reactivate it.
        Dormant = "dormant",
        /// Closed.
        Closed = "closed",
    }
}

/// A deposit account the customer shares through a consent.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Account {
    /// The bank it is held at.
    pub bank: BankId,
    /// The bank's id of the account for this TSP: what the other calls take. Not the account
    /// number.
    pub id: String,
    /// The account number as the bank shows it, when the consent lets the TSP see it.
    pub number: Option<Redacted<String>>,
    /// The kind of account.
    pub kind: AccountKind,
    /// Whether it can be used.
    pub status: AccountStatus,
    /// Its currency; `None` for a multi-currency account that names none.
    pub currency: Option<Currency>,
    /// The product's name, as the bank calls it.
    pub product_name: Option<String>,
    /// The customer's own name for it.
    pub nickname: Option<Redacted<String>>,
}

impl Account {
    /// An account with only its id, kind and status known.
    pub fn new(
        bank: BankId,
        id: impl Into<String>,
        kind: AccountKind,
        status: AccountStatus,
    ) -> Self {
        Self {
            bank,
            id: id.into(),
            number: None,
            kind,
            status,
            currency: None,
            product_name: None,
            nickname: None,
        }
    }
}

impl std::fmt::Debug for Account {
    /// The bank, the kind and the status; the id, number and names are personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("bank", &self.bank)
            .field("id", &"[redacted]")
            .field("kind", &self.kind)
            .field("status", &self.status)
            .field("currency", &self.currency)
            .finish_non_exhaustive()
    }
}
