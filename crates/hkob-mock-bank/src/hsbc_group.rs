//! HSBC group Phase I (HSBC HK, Hang Seng): the whole-list product, location
//! and exchange rate endpoints of `specs/phase1-hsbc-group.yaml`, under
//! `{bank}/open-banking/v1.0/`.
//!
//! Every list is serialized once per language when the router is built; a
//! request checks the `ClientID` / `ClientSecret` headers, picks the body of
//! its `Accept-Language` and answers with a reference-counted clone.

mod render;

use std::sync::Arc;

use axum::Router;
use axum::response::Response;
use axum::routing::get;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use crate::bank::{ProductKind, SimulatedDialect};
use crate::envelope::{error_response, json_response};
use crate::instance::{BankState, Instance};
use crate::tsp::CredentialError;

/// The path prefix of every operation below the bank prefix.
pub const BASE_PATH: &str = "/open-banking/v1.0";

/// JSON keys whose values come from a spec enum (used by the `unknown-enum` fault).
pub const ENUM_KEYS: &[&str] = &[
    "ExchangeRateTypeName",
    "AccessChannels",
    "AmountType",
    "TermUnit",
    "CalculationFrequency",
    "ApplicationFrequency",
    "FeeType",
    "FeeFrequency",
    "CardScheme",
    "CollateralType",
    "LoanType",
    "FixedVariableInterestRateType",
    "ReferenceRate",
    "Accessibility",
];

/// One list operation of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// `atms`
    Atms,
    /// `branches`
    Branches,
    /// `personal-all-in-one-and-savings-accounts` (HSBC) or
    /// `personal-savings-accounts` (Hang Seng).
    Savings,
    /// `personal-current-accounts`
    Current,
    /// `time-deposit-accounts`
    TimeDeposits,
    /// `personal-foreign-currency-accounts`
    ForeignCurrency,
    /// `personal-foreign-exchange-rates`
    ExchangeRates,
    /// `personal-mortgages`
    Mortgages,
    /// `personal-credit-cards`
    CreditCards,
    /// `personal-secured-loans`
    SecuredLoans,
    /// `personal-unsecured-loans`
    UnsecuredLoans,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 11] = [
        Family::Atms,
        Family::Branches,
        Family::Savings,
        Family::Current,
        Family::TimeDeposits,
        Family::ForeignCurrency,
        Family::ExchangeRates,
        Family::Mortgages,
        Family::CreditCards,
        Family::SecuredLoans,
        Family::UnsecuredLoans,
    ];

    /// The path below `/open-banking/v1.0/` at a bank (the savings list is
    /// named differently at HSBC and at Hang Seng).
    pub fn path(self, bank_id: &str) -> &'static str {
        match self {
            Family::Atms => "atms",
            Family::Branches => "branches",
            Family::Savings if bank_id == "hsbc" => "personal-all-in-one-and-savings-accounts",
            Family::Savings => "personal-savings-accounts",
            Family::Current => "personal-current-accounts",
            Family::TimeDeposits => "time-deposit-accounts",
            Family::ForeignCurrency => "personal-foreign-currency-accounts",
            Family::ExchangeRates => "personal-foreign-exchange-rates",
            Family::Mortgages => "personal-mortgages",
            Family::CreditCards => "personal-credit-cards",
            Family::SecuredLoans => "personal-secured-loans",
            Family::UnsecuredLoans => "personal-unsecured-loans",
        }
    }

    /// The key of the item array inside each `Brand` entry.
    pub fn brand_key(self) -> &'static str {
        match self {
            Family::Atms => "ATM",
            Family::Branches => "Branch",
            Family::Savings => "SavingsAccount",
            Family::Current => "CurrentAccount",
            Family::TimeDeposits => "TimeDeposit",
            Family::ForeignCurrency => "ForeignCurrencyAccount",
            Family::ExchangeRates => "ExchangeRateType",
            Family::Mortgages => "Mortgage",
            Family::CreditCards => "CreditCard",
            Family::SecuredLoans => "SecuredLoan",
            Family::UnsecuredLoans => "UnsecuredLoan",
        }
    }

    /// The response schema name in the spec.
    pub fn schema_name(self) -> &'static str {
        match self {
            Family::Atms => "AtmListResponse",
            Family::Branches => "BranchListResponse",
            Family::Savings => "SavingsAccountListResponse",
            Family::Current => "CurrentAccountListResponse",
            Family::TimeDeposits => "TimeDepositListResponse",
            Family::ForeignCurrency => "ForeignCurrencyAccountListResponse",
            Family::ExchangeRates => "ExchangeRateListResponse",
            Family::Mortgages => "MortgageListResponse",
            Family::CreditCards => "CreditCardListResponse",
            Family::SecuredLoans => "SecuredLoanListResponse",
            Family::UnsecuredLoans => "UnsecuredLoanListResponse",
        }
    }

    /// The generated data the family is made from.
    pub fn kind(self) -> ProductKind {
        match self {
            Family::Atms => ProductKind::Atm,
            Family::Branches => ProductKind::Branch,
            Family::Savings => ProductKind::Savings,
            Family::Current => ProductKind::Current,
            Family::TimeDeposits => ProductKind::TimeDeposit,
            Family::ForeignCurrency => ProductKind::ForeignCurrency,
            Family::ExchangeRates => ProductKind::FxRate,
            Family::Mortgages => ProductKind::Mortgage,
            Family::CreditCards => ProductKind::CreditCard,
            Family::SecuredLoans => ProductKind::SecuredLoan,
            Family::UnsecuredLoans => ProductKind::UnsecuredLoan,
        }
    }
}

/// Response language, from `Accept-Language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// `en-HK` (the default).
    En,
    /// `zh-HK`, traditional Chinese.
    ZhHk,
    /// `zh-CN`, simplified Chinese.
    ZhCn,
}

impl Language {
    const ALL: [Language; 3] = [Language::En, Language::ZhHk, Language::ZhCn];

    /// The first language of the header decides; English when absent or unknown.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let first = headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split([',', ';']).next())
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match first.as_str() {
            "zh-hk" | "zh-tw" | "zh-hant" | "hk" => Language::ZhHk,
            "zh-cn" | "zh" | "zh-hans" => Language::ZhCn,
            _ => Language::En,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One list, serialized in each language.
type Bodies = Arc<[Bytes; 3]>;

/// The routes of every HSBC group bank of the instance.
pub fn routes(instance: &Instance) -> Router<Arc<Instance>> {
    let mut router = Router::new();
    for bank in instance
        .banks
        .iter()
        .filter(|b| b.profile.dialect == SimulatedDialect::HsbcGroup)
    {
        for family in Family::ALL {
            if !bank.profile.offers(family.kind()) {
                continue;
            }
            let bodies: Bodies = Arc::new(
                Language::ALL.map(|lang| Bytes::from(render::list(bank, family, lang).to_string())),
            );
            let path = format!(
                "{}{BASE_PATH}/{}",
                bank.profile.prefix,
                family.path(&bank.profile.id)
            );
            let state = bank.clone();
            router = router.route(
                &path,
                get(move |headers: HeaderMap| async move { serve(&state, &bodies, &headers) }),
            );
        }
    }
    router
}

fn serve(bank: &BankState, bodies: &Bodies, headers: &HeaderMap) -> Response {
    if let Err(message) = authenticate(bank, headers) {
        return error_response(
            SimulatedDialect::HsbcGroup,
            StatusCode::UNAUTHORIZED,
            message,
        );
    }
    json_response(
        StatusCode::OK,
        bodies[Language::from_headers(headers).index()].clone(),
    )
}

/// Checks the `ClientID` / `ClientSecret` pair; the refusal message otherwise.
fn authenticate(bank: &BankState, headers: &HeaderMap) -> Result<(), &'static str> {
    let id = headers.get("clientid").and_then(|v| v.to_str().ok());
    let secret = headers.get("clientsecret").and_then(|v| v.to_str().ok());
    match bank.clients.verify(id, secret) {
        Ok(_) => Ok(()),
        Err(CredentialError::Missing) => Err("The ClientID and ClientSecret headers are required."),
        Err(_) => Err("Invalid ClientID or ClientSecret."),
    }
}
