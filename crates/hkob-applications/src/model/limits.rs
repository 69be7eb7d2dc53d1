//! The limits of one product, given by the caller.

use hkob_core::{Amount, Currency};
use serde::{Deserialize, Serialize};

/// What one bank product allows: amounts, tenors, currencies, ages and income.
///
/// The caller gives them, usually from the product's Phase I data (a time deposit's minimum
/// deposit, a loan's maximum amount and tenor, a card's minimum income); an application outside
/// them is refused before it is sent. Every limit is optional, and [`ProductLimits::none`]
/// checks only the rules every product has.
///
/// Tenors count in the product's own unit: days for a time deposit, months for loans and
/// mortgages, years for life insurance.
///
/// ```
/// use hkob_applications::ProductLimits;
/// use hkob_core::{Amount, Decimal};
///
/// let limits = ProductLimits::none()
///     .amount_between(Amount::hkd(Decimal::from(10_000)), Amount::hkd(Decimal::from(5_000_000)))
///     .tenor_between(7, 365)
///     .min_age(18);
/// assert_eq!(limits.tenor(), (Some(7), Some(365)));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProductLimits {
    /// The smallest amount (principal, loan amount, credit limit, sum insured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_amount: Option<Amount>,
    /// The largest amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<Amount>,
    /// The shortest tenor, in the product's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_tenor: Option<u32>,
    /// The longest tenor, in the product's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tenor: Option<u32>,
    /// The currencies offered; any when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub currencies: Vec<Currency>,
    /// The youngest applicant, in whole years. Lending, investment, insurance, current
    /// accounts and safe deposit boxes default to 18.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
    /// The oldest applicant, in whole years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    /// The lowest monthly income.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_monthly_income: Option<Amount>,
}

impl ProductLimits {
    /// No limits beyond the rules every product has.
    pub fn none() -> Self {
        Self::default()
    }

    /// Amounts from `min` to `max`, both included.
    pub fn amount_between(mut self, min: Amount, max: Amount) -> Self {
        self.min_amount = Some(min);
        self.max_amount = Some(max);
        self
    }

    /// Amounts of at least `min`.
    pub fn min_amount(mut self, min: Amount) -> Self {
        self.min_amount = Some(min);
        self
    }

    /// Amounts of at most `max`.
    pub fn max_amount(mut self, max: Amount) -> Self {
        self.max_amount = Some(max);
        self
    }

    /// Tenors from `min` to `max` in the product's unit, both included.
    pub fn tenor_between(mut self, min: u32, max: u32) -> Self {
        self.min_tenor = Some(min);
        self.max_tenor = Some(max);
        self
    }

    /// The tenor limits, shortest and longest.
    pub fn tenor(&self) -> (Option<u32>, Option<u32>) {
        (self.min_tenor, self.max_tenor)
    }

    /// Only these currencies.
    pub fn currencies(mut self, currencies: impl IntoIterator<Item = Currency>) -> Self {
        self.currencies = currencies.into_iter().collect();
        self
    }

    /// Applicants of at least `years`.
    pub fn min_age(mut self, years: u32) -> Self {
        self.min_age = Some(years);
        self
    }

    /// Applicants of at most `years`.
    pub fn max_age(mut self, years: u32) -> Self {
        self.max_age = Some(years);
        self
    }

    /// A monthly income of at least `income`.
    pub fn min_monthly_income(mut self, income: Amount) -> Self {
        self.min_monthly_income = Some(income);
        self
    }
}
