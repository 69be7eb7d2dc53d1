//! Lending products: credit cards, mortgages, and unsecured and secured loans.

use hkob_core::{Amount, Currency};
use serde::{Deserialize, Serialize};

use super::{ProductRules, check_positive, check_range};
use crate::invalid::Problems;
use crate::model::Address;

/// A credit card, with the credit limit asked for if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreditCard {
    /// The credit limit asked for; the bank decides when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_limit: Option<Amount>,
}

impl CreditCard {
    /// A card with the limit left to the bank.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks for a credit limit.
    pub fn requested_limit(mut self, limit: Amount) -> Self {
        self.requested_limit = Some(limit);
        self
    }
}

impl ProductRules for CreditCard {
    fn amount(&self) -> Option<(&'static str, &Amount)> {
        self.requested_limit.as_ref().map(|a| ("requestedLimit", a))
    }

    fn currencies(&self) -> Vec<(String, Currency)> {
        self.requested_limit
            .iter()
            .map(|a| ("requestedLimit.currency".to_owned(), a.currency))
            .collect()
    }

    fn lends(&self) -> bool {
        true
    }

    fn adults_only(&self) -> bool {
        true
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        if let Some(limit) = &self.requested_limit {
            check_positive(problems, format!("{field}.requestedLimit.amount"), limit);
        }
    }
}

/// A mortgage loan on a property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Mortgage {
    /// The property's address.
    pub property_address: Address,
    /// The property's value (the purchase price or valuation).
    pub property_value: Amount,
    /// The amount to borrow.
    pub loan_amount: Amount,
    /// The tenor in months (12 to 360).
    pub tenor_months: u32,
}

impl Mortgage {
    /// A loan of `loan_amount` over `tenor_months` on the property at `property_address`
    /// worth `property_value`.
    pub fn new(
        property_address: Address,
        property_value: Amount,
        loan_amount: Amount,
        tenor_months: u32,
    ) -> Self {
        Self {
            property_address,
            property_value,
            loan_amount,
            tenor_months,
        }
    }
}

impl ProductRules for Mortgage {
    fn amount(&self) -> Option<(&'static str, &Amount)> {
        Some(("loanAmount", &self.loan_amount))
    }

    fn tenor(&self) -> Option<(&'static str, u32, &'static str)> {
        Some(("tenorMonths", self.tenor_months, "months"))
    }

    fn currencies(&self) -> Vec<(String, Currency)> {
        vec![("loanAmount.currency".into(), self.loan_amount.currency)]
    }

    fn lends(&self) -> bool {
        true
    }

    fn adults_only(&self) -> bool {
        true
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        self.property_address
            .check(&format!("{field}.propertyAddress"), problems);
        check_positive(
            problems,
            format!("{field}.propertyValue.amount"),
            &self.property_value,
        );
        check_positive(
            problems,
            format!("{field}.loanAmount.amount"),
            &self.loan_amount,
        );
        check_range(
            problems,
            format!("{field}.tenorMonths"),
            self.tenor_months,
            12..=360,
        );
        if self.loan_amount.currency != self.property_value.currency {
            problems.inconsistent(
                format!("{field}.loanAmount.currency"),
                "is not the currency of the property value",
            );
        } else if self.loan_amount.value > self.property_value.value {
            problems.inconsistent(
                format!("{field}.loanAmount.amount"),
                "is more than the property value",
            );
        }
    }
}

/// An unsecured (personal) loan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UnsecuredLoan {
    /// The amount to borrow.
    pub loan_amount: Amount,
    /// The tenor in months (1 to 120).
    pub tenor_months: u32,
    /// What the loan is for (up to 140 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
}

impl UnsecuredLoan {
    /// A loan of `loan_amount` over `tenor_months`.
    pub fn new(loan_amount: Amount, tenor_months: u32) -> Self {
        Self {
            loan_amount,
            tenor_months,
            purpose: None,
        }
    }

    /// Says what the loan is for.
    pub fn purpose(mut self, purpose: impl Into<String>) -> Self {
        self.purpose = Some(purpose.into());
        self
    }
}

impl ProductRules for UnsecuredLoan {
    fn amount(&self) -> Option<(&'static str, &Amount)> {
        Some(("loanAmount", &self.loan_amount))
    }

    fn tenor(&self) -> Option<(&'static str, u32, &'static str)> {
        Some(("tenorMonths", self.tenor_months, "months"))
    }

    fn currencies(&self) -> Vec<(String, Currency)> {
        vec![("loanAmount.currency".into(), self.loan_amount.currency)]
    }

    fn lends(&self) -> bool {
        true
    }

    fn adults_only(&self) -> bool {
        true
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        check_positive(
            problems,
            format!("{field}.loanAmount.amount"),
            &self.loan_amount,
        );
        check_range(
            problems,
            format!("{field}.tenorMonths"),
            self.tenor_months,
            1..=120,
        );
        if let Some(purpose) = &self.purpose {
            problems.text(&format!("{field}.purpose"), purpose, 140);
        }
    }
}

/// A loan secured on collateral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SecuredLoan {
    /// The amount to borrow.
    pub loan_amount: Amount,
    /// The tenor in months (1 to 360).
    pub tenor_months: u32,
    /// What secures the loan.
    pub collateral: Collateral,
    /// The collateral's value.
    pub collateral_value: Amount,
}

impl SecuredLoan {
    /// A loan of `loan_amount` over `tenor_months`, secured on `collateral` worth
    /// `collateral_value`.
    pub fn new(
        loan_amount: Amount,
        tenor_months: u32,
        collateral: Collateral,
        collateral_value: Amount,
    ) -> Self {
        Self {
            loan_amount,
            tenor_months,
            collateral,
            collateral_value,
        }
    }
}

impl ProductRules for SecuredLoan {
    fn amount(&self) -> Option<(&'static str, &Amount)> {
        Some(("loanAmount", &self.loan_amount))
    }

    fn tenor(&self) -> Option<(&'static str, u32, &'static str)> {
        Some(("tenorMonths", self.tenor_months, "months"))
    }

    fn currencies(&self) -> Vec<(String, Currency)> {
        vec![("loanAmount.currency".into(), self.loan_amount.currency)]
    }

    fn lends(&self) -> bool {
        true
    }

    fn adults_only(&self) -> bool {
        true
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        check_positive(
            problems,
            format!("{field}.loanAmount.amount"),
            &self.loan_amount,
        );
        check_positive(
            problems,
            format!("{field}.collateralValue.amount"),
            &self.collateral_value,
        );
        check_range(
            problems,
            format!("{field}.tenorMonths"),
            self.tenor_months,
            1..=360,
        );
    }
}

/// What secures a [`SecuredLoan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Collateral {
    /// A time deposit at the bank.
    TimeDeposit,
    /// Securities.
    Securities,
    /// A property.
    Property,
    /// An insurance policy with a cash value.
    InsurancePolicy,
}
