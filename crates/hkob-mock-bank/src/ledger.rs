//! Account balances and the transfers that move money between them.
//!
//! Each bank has its own ledger behind its own lock, so banks never contend
//! with each other. A transfer debits and credits under one lock, so the sum
//! of a bank's balances never changes; a payment between two banks takes
//! both locks, always in the same order ([`between`]), so the sum over the
//! whole instance never changes either.
//!
//! Besides the customers' accounts a ledger may hold the bank's internal
//! accounts (the card-settlement account card repayments credit, the
//! accounts of merchants paid by bill payment), opened with
//! [`Ledger::open_internal`]; totals count them.

pub(crate) mod between;

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
    /// One of the accounts is closed.
    AccountClosed(String),
}

impl std::fmt::Display for TransferError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransferError::InvalidAmount => f.write_str("amount must be positive"),
            TransferError::SameAccount => f.write_str("debtor and creditor accounts are the same"),
            TransferError::UnknownAccount(id) => write!(f, "unknown account {id}"),
            TransferError::CurrencyMismatch => f.write_str("accounts hold different currencies"),
            TransferError::InsufficientFunds => f.write_str("insufficient funds"),
            TransferError::AccountClosed(id) => write!(f, "account {id} is closed"),
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
    closed: bool,
}

struct Books {
    entries: HashMap<String, Entry>,
    transfers: u64,
}

impl Books {
    /// The balance and currency of an open account.
    fn usable(&self, id: &str) -> Result<(Decimal, &'static str), TransferError> {
        match self.entries.get(id) {
            Some(e) if e.closed => Err(TransferError::AccountClosed(id.to_owned())),
            Some(e) => Ok((e.balance, e.currency)),
            None => Err(TransferError::UnknownAccount(id.to_owned())),
        }
    }

    fn set(&mut self, id: &str, balance: Decimal) {
        if let Some(e) = self.entries.get_mut(id) {
            e.balance = balance;
        }
    }

    fn total(&self, currency: &str) -> Decimal {
        self.entries
            .values()
            .filter(|e| e.currency == currency)
            .map(|e| e.balance)
            .sum()
    }
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
                        closed: false,
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

    /// Opens an internal account of the bank with a zero balance (nothing
    /// when the id is taken). `currency` is `HKD`, `CNY` or `USD`.
    pub fn open_internal(&self, account_id: &str, currency: &str) {
        let currency = match currency {
            "HKD" => "HKD",
            "CNY" => "CNY",
            "USD" => "USD",
            _ => return,
        };
        self.lock()
            .entries
            .entry(account_id.to_owned())
            .or_insert(Entry {
                balance: Decimal::ZERO,
                currency,
                closed: false,
            });
    }

    /// Closes an account: transfers from or to it are refused from now on.
    /// Returns whether the account exists.
    pub fn close(&self, account_id: &str) -> bool {
        match self.lock().entries.get_mut(account_id) {
            Some(e) => {
                e.closed = true;
                true
            }
            None => false,
        }
    }

    /// The currency of an account.
    pub fn currency(&self, account_id: &str) -> Option<&'static str> {
        self.lock().entries.get(account_id).map(|e| e.currency)
    }

    /// The current balance of an account.
    pub fn balance(&self, account_id: &str) -> Option<Decimal> {
        self.lock().entries.get(account_id).map(|e| e.balance)
    }

    /// The sum of all balances in one currency.
    pub fn total(&self, currency: &str) -> Decimal {
        Books::total(&self.lock(), currency)
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
        let from = books.usable(debtor)?;
        let to = books.usable(creditor)?;
        if from.1 != to.1 {
            return Err(TransferError::CurrencyMismatch);
        }
        if from.0 < amount {
            return Err(TransferError::InsufficientFunds);
        }
        // The amount is at most the debtor's balance and money is only
        // moved, so neither can overflow; checked all the same.
        let (Some(debtor_balance), Some(creditor_balance)) =
            (from.0.checked_sub(amount), to.0.checked_add(amount))
        else {
            return Err(TransferError::InvalidAmount);
        };
        books.set(debtor, debtor_balance);
        books.set(creditor, creditor_balance);
        books.transfers = books.transfers.saturating_add(1);
        Ok(TransferReceipt {
            transfer_id: books.transfers,
            debtor_balance,
            creditor_balance,
        })
    }
}
