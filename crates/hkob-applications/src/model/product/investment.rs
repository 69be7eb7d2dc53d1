//! Investment accounts: funds, precious metals and stocks.

use hkob_core::Currency;
use serde::{Deserialize, Serialize};

use super::{ProductRules, check_range, has_duplicates};
use crate::invalid::Problems;

/// Checks the suitability answers every investment account asks for.
fn check_profile(field: &str, risk_tolerance: u8, experience_years: u8, problems: &mut Problems) {
    check_range(
        problems,
        format!("{field}.riskTolerance"),
        risk_tolerance.into(),
        1..=5,
    );
    check_range(
        problems,
        format!("{field}.investmentExperienceYears"),
        experience_years.into(),
        0..=80,
    );
}

/// An account for buying and holding investment funds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InvestmentFundAccount {
    /// The currency trades settle in.
    pub settlement_currency: Currency,
    /// The applicant's risk tolerance, 1 (lowest) to 5.
    pub risk_tolerance: u8,
    /// Whole years of investment experience.
    pub investment_experience_years: u8,
}

impl InvestmentFundAccount {
    /// A fund account settling in `settlement_currency`, for an investor with the given risk
    /// tolerance (1 to 5) and years of experience.
    pub fn new(settlement_currency: Currency, risk_tolerance: u8, experience_years: u8) -> Self {
        Self {
            settlement_currency,
            risk_tolerance,
            investment_experience_years: experience_years,
        }
    }
}

impl ProductRules for InvestmentFundAccount {
    fn currencies(&self) -> Vec<(String, Currency)> {
        vec![("settlementCurrency".into(), self.settlement_currency)]
    }

    fn adults_only(&self) -> bool {
        true
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        check_profile(
            field,
            self.risk_tolerance,
            self.investment_experience_years,
            problems,
        );
    }
}

/// An account holding a precious metal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PreciousMetalAccount {
    /// The metal.
    pub metal: Metal,
    /// The currency trades settle in.
    pub settlement_currency: Currency,
}

impl PreciousMetalAccount {
    /// An account in `metal`, settling in `settlement_currency`.
    pub fn new(metal: Metal, settlement_currency: Currency) -> Self {
        Self {
            metal,
            settlement_currency,
        }
    }
}

impl ProductRules for PreciousMetalAccount {
    fn currencies(&self) -> Vec<(String, Currency)> {
        vec![("settlementCurrency".into(), self.settlement_currency)]
    }

    fn adults_only(&self) -> bool {
        true
    }

    fn check(&self, _field: &str, _problems: &mut Problems) {}
}

/// A precious metal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Metal {
    /// Gold.
    Gold,
    /// Silver.
    Silver,
    /// Platinum.
    Platinum,
}

/// A securities account for trading stocks on one or more markets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StockAccount {
    /// The currency trades settle in.
    pub settlement_currency: Currency,
    /// The applicant's risk tolerance, 1 (lowest) to 5.
    pub risk_tolerance: u8,
    /// Whole years of investment experience.
    pub investment_experience_years: u8,
    /// The markets to trade (1 to 3).
    pub markets: Vec<StockMarket>,
}

impl StockAccount {
    /// A stock account trading `markets`, settling in `settlement_currency`.
    pub fn new(
        settlement_currency: Currency,
        risk_tolerance: u8,
        experience_years: u8,
        markets: impl IntoIterator<Item = StockMarket>,
    ) -> Self {
        Self {
            settlement_currency,
            risk_tolerance,
            investment_experience_years: experience_years,
            markets: markets.into_iter().collect(),
        }
    }
}

impl ProductRules for StockAccount {
    fn currencies(&self) -> Vec<(String, Currency)> {
        vec![("settlementCurrency".into(), self.settlement_currency)]
    }

    fn adults_only(&self) -> bool {
        true
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        check_profile(
            field,
            self.risk_tolerance,
            self.investment_experience_years,
            problems,
        );
        let markets = format!("{field}.markets");
        if self.markets.is_empty() {
            problems.missing(markets);
        } else if has_duplicates(&self.markets) {
            problems.invalid(markets, "names a market twice");
        }
    }
}

/// A stock market.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum StockMarket {
    /// Hong Kong.
    #[serde(rename = "HK")]
    HongKong,
    /// Mainland China (through Stock Connect).
    #[serde(rename = "CN")]
    MainlandChina,
    /// The United States.
    #[serde(rename = "US")]
    UnitedStates,
}
