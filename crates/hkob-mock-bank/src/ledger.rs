//! Account balances and the transfers that move money between them.
//!
//! Each bank has its own ledger behind its own lock, so banks never contend
//! with each other. A transfer debits and credits under one lock, so the sum
//! of a bank's balances never changes.

use std::collections::HashMap;
use std::sync::Mutex;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::data::Account;

/// Why a transfer was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransferError {
    /// The amount is zero or negative.
    InvalidAmount,
    /// Debtor and creditor are the same account.
    SameAccount,
    /// No such account at this bank.
    UnknownAccount(String),
    /// The accounts hold different currencies.
    CurrencyMismatch,
    /// The debtor's balance is too low.
    InsufficientFunds,
}

impl std::fmt::Display for TransferError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransferError::InvalidAmount => f.write_str("amount must be positive"),
            TransferError::SameAccount => f.write_str("debtor and creditor accounts are the same"),
            TransferError::UnknownAccount(id) => write!(f, "unknown account {id}"),
            TransferError::CurrencyMismatch => f.write_str("accounts hold different currencies"),
            TransferError::InsufficientFunds => f.write_str("insufficient funds"),
        }
    }
}

impl std::error::Error for TransferError {}

/// The result of a completed transfer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferReceipt {
    /// Sequence number of the transfer within the bank.
    pub transfer_id: u64,
    /// Debtor balance after the transfer.
    pub debtor_balance: Decimal,
    /// Creditor balance after the transfer.
    pub creditor_balance: Decimal,
}

struct Entry {
    balance: Decimal,
    currency: &'static str,
}

struct Books {
    entries: HashMap<String, Entry>,
    transfers: u64,
}

/// One bank's balances.
pub struct Ledger {
    books: Mutex<Books>,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger").finish_non_exhaustive()
    }
}

impl Ledger {
    /// A ledger holding the accounts' opening balances.
    pub fn new(accounts: &[Account]) -> Self {
        let entries = accounts
            .iter()
            .map(|a| {
                (
                    a.id.clone(),
                    Entry {
                        balance: a.opening_balance,
                        currency: a.currency,
                    },
                )
            })
            .collect();
        Self {
            books: Mutex::new(Books {
                entries,
                transfers: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Books> {
        // A panic while holding the lock cannot leave a half-done transfer
        // (both sides are written after all checks), so recover the guard.
        self.books.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current balance of an account.
    pub fn balance(&self, account_id: &str) -> Option<Decimal> {
        self.lock().entries.get(account_id).map(|e| e.balance)
    }

    /// The sum of all balances in one currency.
    pub fn total(&self, currency: &str) -> Decimal {
        self.lock()
            .entries
            .values()
            .filter(|e| e.currency == currency)
            .map(|e| e.balance)
            .sum()
    }

    /// Moves `amount` from one account to another, atomically.
    pub fn transfer(
        &self,
        debtor: &str,
        creditor: &str,
        amount: Decimal,
    ) -> Result<TransferReceipt, TransferError> {
        if amount <= Decimal::ZERO {
            return Err(TransferError::InvalidAmount);
        }
        if debtor == creditor {
            return Err(TransferError::SameAccount);
        }
        let mut books = self.lock();
        let (from_balance, from_ccy) = match books.entries.get(debtor) {
            Some(e) => (e.balance, e.currency),
            None => return Err(TransferError::UnknownAccount(debtor.to_owned())),
        };
        let (to_balance, to_ccy) = match books.entries.get(creditor) {
            Some(e) => (e.balance, e.currency),
            None => return Err(TransferError::UnknownAccount(creditor.to_owned())),
        };
        if from_ccy != to_ccy {
            return Err(TransferError::CurrencyMismatch);
        }
        if from_balance < amount {
            return Err(TransferError::InsufficientFunds);
        }
        // The amount is at most the debtor's balance and money is only
        // moved, so neither can overflow; checked all the same.
        let (Some(debtor_balance), Some(creditor_balance)) = (
            from_balance.checked_sub(amount),
            to_balance.checked_add(amount),
        ) else {
            return Err(TransferError::InvalidAmount);
        };
        if let Some(e) = books.entries.get_mut(debtor) {
            e.balance = debtor_balance;
        }
        if let Some(e) = books.entries.get_mut(creditor) {
            e.balance = creditor_balance;
        }
        books.transfers = books.transfers.saturating_add(1);
        Ok(TransferReceipt {
            transfer_id: books.transfers,
            debtor_balance,
            creditor_balance,
        })
    }
}
