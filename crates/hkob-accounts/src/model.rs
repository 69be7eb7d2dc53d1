//! The canonical account model: one set of types for every bank's dialect.
//!
//! Everything here is personal data (account numbers, balances, transactions, card details), so
//! no type shows it in `Debug`: each prints its shape with the values redacted. The types are
//! `Serialize` / `Deserialize`, for a TSP that stores what it read.

mod account;
mod balance;
mod card;
mod transaction;

pub use account::{Account, AccountKind, AccountStatus};
pub use balance::{Balance, BalanceKind, Direction};
pub use card::{Card, CardStatus, CardTransaction};
pub use hkob_banks::BankId;
pub use hkob_core::Redacted;
pub use transaction::{Transaction, TransactionStatus};
