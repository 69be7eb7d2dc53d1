//! One view of a customer's money across banks.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use futures_util::TryStreamExt;
use futures_util::future::join_all;
use hkob_core::{Currency, Decimal};
use serde::{Deserialize, Serialize};

use crate::access::AccountAccess;
use crate::error::AccessError;
use crate::model::{Account, Balance, BalanceKind, BankId};

/// How long one bank may take, by default, before it is reported as failed.
pub const DEFAULT_BANK_DEADLINE: Duration = Duration::from_secs(20);

/// An account with its balances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountWithBalances {
    /// The account.
    pub account: Account,
    /// Its balances.
    pub balances: Vec<Balance>,
}

impl AccountWithBalances {
    /// The balance that best says what the account holds: the current one, else the available
    /// one, else the first.
    pub fn headline(&self) -> Option<&Balance> {
        [BalanceKind::Current, BalanceKind::Available]
            .iter()
            .find_map(|kind| self.balances.iter().find(|b| b.kind == *kind))
            .or_else(|| self.balances.first())
    }
}

/// What one bank holds for the customer, over every live consent there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BankAccounts {
    /// The bank.
    pub bank: BankId,
    /// The consents read.
    pub consents: Vec<String>,
    /// The accounts with their balances.
    pub accounts: Vec<AccountWithBalances>,
}

/// A bank that could not be read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BankFailure {
    /// The bank.
    pub bank: BankId,
    /// Why.
    pub error: Arc<AccessError>,
}

impl fmt::Display for BankFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.bank, self.error)
    }
}

/// A customer's accounts across banks.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AccountsOverview {
    /// What each bank that answered holds.
    pub banks: Vec<BankAccounts>,
    /// The banks that did not answer in time or failed.
    pub failures: Vec<BankFailure>,
}

impl AccountsOverview {
    /// The total per currency of every account's headline balance (overdrawn ones count
    /// negative); `None` for a currency whose total would overflow.
    pub fn totals(&self) -> BTreeMap<Currency, Option<Decimal>> {
        let mut totals: BTreeMap<Currency, Option<Decimal>> = BTreeMap::new();
        for balance in self
            .banks
            .iter()
            .flat_map(|b| &b.accounts)
            .filter_map(AccountWithBalances::headline)
        {
            let total = totals
                .entry(balance.amount.currency)
                .or_insert(Some(Decimal::ZERO));
            *total = total.and_then(|t| t.checked_add(balance.signed()));
        }
        totals
    }
}

/// Reads a customer's accounts and balances at every bank where the store holds a live
/// consent, all banks at once, with a deadline per bank.
#[derive(Debug, Clone)]
pub struct AccountAggregator {
    banks: Vec<AccountAccess>,
    deadline: Duration,
}

impl AccountAggregator {
    /// An aggregator over `banks`.
    pub fn new(banks: impl IntoIterator<Item = AccountAccess>) -> Self {
        Self {
            banks: banks.into_iter().collect(),
            deadline: DEFAULT_BANK_DEADLINE,
        }
    }

    /// How long one bank may take.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Every bank's accounts and balances, over the consents in each bank's store that are
    /// authorised and not expired.
    pub async fn overview(&self) -> AccountsOverview {
        let reads = self.banks.iter().map(|access| async move {
            let bank = access.bank().clone();
            match tokio::time::timeout(self.deadline, read_bank(access)).await {
                Ok(Ok(accounts)) => Ok(accounts),
                Ok(Err(error)) => Err(BankFailure {
                    bank,
                    error: Arc::new(error),
                }),
                Err(_) => Err(BankFailure {
                    bank,
                    error: Arc::new(AccessError::InvalidInput(format!(
                        "no answer within the deadline of {:?}",
                        self.deadline
                    ))),
                }),
            }
        });
        let mut overview = AccountsOverview {
            banks: Vec::new(),
            failures: Vec::new(),
        };
        for result in join_all(reads).await {
            match result {
                Ok(accounts) => overview.banks.push(accounts),
                Err(failure) => overview.failures.push(failure),
            }
        }
        overview
    }
}

async fn read_bank(access: &AccountAccess) -> Result<BankAccounts, AccessError> {
    let bank = access.bank().clone();
    let now = Utc::now();
    let live: Vec<String> = access
        .store()
        .consents()
        .await?
        .into_iter()
        .filter(|r| r.consent.bank == bank && r.tokens.is_some())
        .filter(|r| r.consent.status_at(now).is_usable())
        .map(|r| r.consent.id)
        .collect();
    let mut accounts = Vec::new();
    for consent in &live {
        let session = access.session(consent).await?;
        let listed: Vec<Account> = session.accounts().try_collect().await?;
        for account in listed {
            let balances = session.balances(&account.id).await?;
            accounts.push(AccountWithBalances { account, balances });
        }
    }
    Ok(BankAccounts {
        bank,
        consents: live,
        accounts,
    })
}
