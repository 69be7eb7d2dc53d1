//! HSBC group Phase I (HSBC HK, Hang Seng): the whole-list product, location
//! and exchange rate endpoints of `specs/phase1-hsbc-group.yaml`, under
//! `{bank}/open-banking/v1.0/`; Phase III is in [`accounts`], Phase IV in
//! [`payments`] and [`direct_debit`].
//!
//! Every list is serialized once per language when the router is built; a
//! request checks the `ClientID` / `ClientSecret` headers, picks the body of
//! its `Accept-Language` and answers with a reference-counted clone.

mod accounts;
mod applications;
mod direct_debit;
mod payments;
mod render;

use std::sync::Arc;

use axum::response::Response;
use axum::routing::get;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::wire::Language;
use super::{BankRoute, Dialect};
use crate::auth_server::AuthConfig;
use crate::bank::{AuthStyle, ProductKind, SimulatedDialect};
use crate::envelope::json_response;
use crate::instance::{BankState, Instance};

/// The path prefix of every operation below the bank prefix.
pub const BASE_PATH: &str = "/open-banking/v1.0";

/// The HSBC group dialect.
pub(crate) struct HsbcGroup;

impl Dialect for HsbcGroup {
    fn dialect(&self) -> SimulatedDialect {
        SimulatedDialect::HsbcGroup
    }

    fn name(&self) -> &'static str {
        "hsbc-group"
    }

    fn spec(&self) -> &'static str {
        "phase1-hsbc-group.yaml"
    }

    fn auth_style(&self) -> AuthStyle {
        AuthStyle::ClientIdHeaders
    }

    /// The UK Open Banking style error response.
    fn error_body(&self, status: StatusCode, message: &str) -> Value {
        json!({
            "Code": status.as_str(),
            "Message": status.canonical_reason().unwrap_or("Error"),
            "Errors": [{ "ErrorCode": error_code(status), "Message": message }],
        })
    }

    /// The consent resource of Phase III, at the path of its spec.
    fn configure_auth(&self, config: &mut AuthConfig) {
        config.paths.consents = accounts::CONSENTS_PATH.to_owned();
    }

    /// Phase III: accounts, status, balances, transactions, availability, events.
    fn account_routes(&self, instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        accounts::routes(instance, bank)
    }

    /// Phase II: the landing-page hand-off of applications, the landing
    /// page itself, and the bank's keys.
    fn application_routes(&self, _instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        applications::routes(bank)
    }

    /// Phase IV: domestic payment consents and domestic payments; direct
    /// debit consents, authorisations and instructions.
    fn payment_routes(&self, _instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        let mut routes = payments::routes(bank);
        routes.extend(direct_debit::routes(bank));
        routes
    }

    /// One route per list the bank publishes; each list is serialized once
    /// per language, here.
    fn routes(&self, _instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        Family::ALL
            .into_iter()
            .filter(|family| bank.profile.offers(family.kind()))
            .map(|family| {
                let bodies: Bodies = Arc::new(
                    Language::ALL
                        .map(|lang| Bytes::from(render::list(bank, family, lang).to_string())),
                );
                BankRoute::guarded(
                    format!("{BASE_PATH}/{}", family.path(&bank.profile.id)),
                    get(move |headers: HeaderMap| async move { serve(&bodies, &headers) }),
                )
            })
            .collect()
    }
}

fn error_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500..=599 => "ServerError",
        _ => "Error",
    }
}

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

/// The `Accept-Language` values of the spec (`en-HK`, `zh-HK`, `zh-CN`,
/// English when absent) and the tags taken for them.
const LANGUAGE_TAGS: &[(&str, Language)] = &[
    ("zh-hk", Language::ZhHant),
    ("zh-tw", Language::ZhHant),
    ("zh-hant", Language::ZhHant),
    ("hk", Language::ZhHant),
    ("zh-cn", Language::ZhHans),
    ("zh", Language::ZhHans),
    ("zh-hans", Language::ZhHans),
];

/// One list, serialized in each language.
type Bodies = Arc<[Bytes; 3]>;

fn serve(bodies: &Bodies, headers: &HeaderMap) -> Response {
    json_response(
        StatusCode::OK,
        bodies[Language::from_accept_language(headers, LANGUAGE_TAGS).index()].clone(),
    )
}
