//! Deposit products: savings, current and foreign currency accounts, and time deposits.

use hkob_core::{Amount, Currency};
use serde::{Deserialize, Serialize};

use super::{ProductRules, check_positive, check_range, has_duplicates};
use crate::invalid::Problems;

/// A savings account in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SavingsAccount {
    /// The account's currency.
    pub currency: Currency,
}

impl SavingsAccount {
    /// A savings account in `currency`.
    pub fn new(currency: Currency) -> Self {
        Self { currency }
    }
}

impl ProductRules for SavingsAccount {
    fn currencies(&self) -> Vec<(String, Currency)> {
        vec![("currency".into(), self.currency)]
    }

    fn check(&self, _field: &str, _problems: &mut Problems) {}
}

/// A current (cheque) account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CurrentAccount {
    /// The account's currency.
    pub currency: Currency,
    /// Whether a cheque book is wanted.
    pub cheque_book: bool,
}

impl CurrentAccount {
    /// A current account in `currency`, without a cheque book.
    pub fn new(currency: Currency) -> Self {
        Self {
            currency,
            cheque_book: false,
        }
    }

    /// Asks for a cheque book.
    pub fn with_cheque_book(mut self) -> Self {
        self.cheque_book = true;
        self
    }
}

impl ProductRules for CurrentAccount {
    fn currencies(&self) -> Vec<(String, Currency)> {
        vec![("currency".into(), self.currency)]
    }

    fn adults_only(&self) -> bool {
        true
    }

    fn check(&self, _field: &str, _problems: &mut Problems) {}
}

/// A multi-currency account holding one or more foreign currencies (1 to 10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ForeignCurrencyAccount {
    /// The currencies to hold.
    pub currencies: Vec<Currency>,
}

impl ForeignCurrencyAccount {
    /// An account holding `currencies`.
    pub fn new(currencies: impl IntoIterator<Item = Currency>) -> Self {
        Self {
            currencies: currencies.into_iter().collect(),
        }
    }
}

impl ProductRules for ForeignCurrencyAccount {
    fn currencies(&self) -> Vec<(String, Currency)> {
        self.currencies
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("currencies[{i}]"), *c))
            .collect()
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        let list = format!("{field}.currencies");
        if self.currencies.is_empty() {
            problems.missing(list);
        } else if self.currencies.len() > 10 {
            problems.outside(list, "must have 1 to 10 currencies");
        } else if has_duplicates(&self.currencies) {
            problems.invalid(list, "names a currency twice");
        }
    }
}

/// A time deposit: a principal placed for a fixed number of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TimeDeposit {
    /// The amount placed.
    pub principal: Amount,
    /// The tenor in days (1 to 3660).
    pub tenor_days: u32,
    /// What happens at maturity.
    pub maturity_instruction: MaturityInstruction,
}

impl TimeDeposit {
    /// `principal` for `tenor_days`, paid out to the account at maturity.
    pub fn new(principal: Amount, tenor_days: u32) -> Self {
        Self {
            principal,
            tenor_days,
            maturity_instruction: MaturityInstruction::CreditAccount,
        }
    }

    /// Sets what happens at maturity.
    pub fn at_maturity(mut self, instruction: MaturityInstruction) -> Self {
        self.maturity_instruction = instruction;
        self
    }
}

impl ProductRules for TimeDeposit {
    fn amount(&self) -> Option<(&'static str, &Amount)> {
        Some(("principal", &self.principal))
    }

    fn tenor(&self) -> Option<(&'static str, u32, &'static str)> {
        Some(("tenorDays", self.tenor_days, "days"))
    }

    fn currencies(&self) -> Vec<(String, Currency)> {
        vec![("principal.currency".into(), self.principal.currency)]
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        check_positive(
            problems,
            format!("{field}.principal.amount"),
            &self.principal,
        );
        check_range(
            problems,
            format!("{field}.tenorDays"),
            self.tenor_days,
            1..=3660,
        );
    }
}

/// What a time deposit does at maturity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum MaturityInstruction {
    /// Renew the principal; pay the interest out.
    RenewPrincipal,
    /// Renew principal and interest.
    RenewAll,
    /// Pay principal and interest to the account.
    CreditAccount,
}
