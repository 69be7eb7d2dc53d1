//! DBS HK Phase I: the partner token exchange and the whole-list product,
//! location and exchange rate endpoints of `specs/phase1-dbs.yaml`.
//!
//! `POST {bank}/partner/api/hk/v1/oauth/authorize` takes HTTP Basic
//! credentials of a registered TSP client, the same client id in a `clientId`
//! header, `servicingCountry: HK`, a `uuid` header and the body
//! `{"credentialDetl": {"partnerId", "partnerSecret"}, "credentialType": 7}`.
//! The mock accepts as `partnerSecret` either the client's registered secret
//! or any JWT-shaped string (three non-empty dot-separated parts); it does not
//! verify a JWT signature. The answer's `accessToken` is an access token of
//! the bank's authorization server (so the admin API can expire or revoke
//! it), valid for 30 minutes.
//!
//! Reads (`GET {bank}/api/hk/v1/...`) need the same Basic credentials and
//! `clientId`, `servicingCountry: HK`, `uuid`, and the `accessToken` header
//! (no `Bearer` prefix) of a token issued to that client. Each list is
//! serialized once, with every item once per language (`en_US`, `zh_TW`,
//! `zh_CN`).

mod render;

use std::sync::Arc;

use axum::response::Response;
use axum::routing::{get, post};
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::{BankRoute, Dialect};
use crate::auth_server::AuthConfig;
use crate::bank::{AuthStyle, ProductKind, SimulatedDialect};
use crate::envelope::json_response;
use crate::guard::{Refusal, partner_client};
use crate::instance::{BankState, Instance};

/// The token exchange path below the bank prefix.
pub const AUTHORIZE_PATH: &str = "/partner/api/hk/v1/oauth/authorize";
/// How long an access token lives, in seconds.
pub const TOKEN_LIFETIME_SECS: i64 = 1800;
/// The scope the mock gives partner tokens.
const SCOPE: &str = "products";

/// The DBS dialect.
pub(crate) struct Dbs;

impl Dialect for Dbs {
    fn dialect(&self) -> SimulatedDialect {
        SimulatedDialect::Dbs
    }

    fn name(&self) -> &'static str {
        "dbs"
    }

    fn spec(&self) -> &'static str {
        "phase1-dbs.yaml"
    }

    fn auth_style(&self) -> AuthStyle {
        AuthStyle::PartnerJwt
    }

    /// `{code, message}`.
    fn error_body(&self, status: StatusCode, message: &str) -> Value {
        json!({ "code": status.as_str(), "message": message })
    }

    fn language_key(&self) -> Option<&'static str> {
        Some("language")
    }

    fn configure_auth(&self, config: &mut AuthConfig) {
        config.lifetimes.access_token_secs = TOKEN_LIFETIME_SECS;
    }

    /// The partner token exchange (which checks the client itself), and one
    /// route per list the bank publishes, serialized here.
    fn routes(&self, _instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        let state = bank.clone();
        let mut routes = vec![BankRoute::open(
            AUTHORIZE_PATH,
            post(move |headers: HeaderMap, body: Bytes| async move {
                authorize(&state, &headers, &body)
            }),
        )];
        routes.extend(
            Family::ALL
                .into_iter()
                .filter(|family| bank.profile.offers(family.kind()))
                .map(|family| {
                    let body = Bytes::from(render::list(bank, family).to_string());
                    BankRoute::guarded(
                        family.path(),
                        get(move || async move { json_response(StatusCode::OK, body) }),
                    )
                }),
        );
        routes
    }
}

/// One list operation of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// `products/savingsAccounts`
    SavingsAccounts,
    /// `products/currentAccounts`
    CurrentAccounts,
    /// `products/foreignCurrencyAccounts`
    ForeignCurrencyAccounts,
    /// `products/timeDeposits`
    TimeDeposits,
    /// `products/creditCards`
    CreditCards,
    /// `products/mortgages`
    Mortgages,
    /// `products/unsecuredLoans`
    UnsecuredLoans,
    /// `products/securedLoans`
    SecuredLoans,
    /// `branches`
    Branches,
    /// `ATMs`
    Atms,
    /// `rates/exchangeRates`
    ExchangeRates,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 11] = [
        Family::SavingsAccounts,
        Family::CurrentAccounts,
        Family::ForeignCurrencyAccounts,
        Family::TimeDeposits,
        Family::CreditCards,
        Family::Mortgages,
        Family::UnsecuredLoans,
        Family::SecuredLoans,
        Family::Branches,
        Family::Atms,
        Family::ExchangeRates,
    ];

    /// The path below the bank prefix.
    pub fn path(self) -> &'static str {
        match self {
            Family::SavingsAccounts => "/api/hk/v1/products/savingsAccounts",
            Family::CurrentAccounts => "/api/hk/v1/products/currentAccounts",
            Family::ForeignCurrencyAccounts => "/api/hk/v1/products/foreignCurrencyAccounts",
            Family::TimeDeposits => "/api/hk/v1/products/timeDeposits",
            Family::CreditCards => "/api/hk/v1/products/creditCards",
            Family::Mortgages => "/api/hk/v1/products/mortgages",
            Family::UnsecuredLoans => "/api/hk/v1/products/unsecuredLoans",
            Family::SecuredLoans => "/api/hk/v1/products/securedLoans",
            Family::Branches => "/api/hk/v1/branches",
            Family::Atms => "/api/hk/v1/ATMs",
            Family::ExchangeRates => "/api/hk/v1/rates/exchangeRates",
        }
    }

    /// The wrapper key of the list (including the live API's
    /// `mortagageProductInfo` spelling).
    pub fn wrapper(self) -> &'static str {
        match self {
            Family::SavingsAccounts => "savingsAccountProductInfo",
            Family::CurrentAccounts => "currentAccountProductInfo",
            Family::ForeignCurrencyAccounts => "foreignCurrencyAccountProductInfo",
            Family::TimeDeposits => "timeDepositProductInfo",
            Family::CreditCards => "creditCardProductInfo",
            Family::Mortgages => "mortagageProductInfo",
            Family::UnsecuredLoans => "unsecuredLoanProductInfo",
            Family::SecuredLoans => "securedLoanProductInfo",
            Family::Branches => "branchInfo",
            Family::Atms => "ATMInfo",
            Family::ExchangeRates => "exchangeRatesInfo",
        }
    }

    /// The generated data the family is made from.
    pub fn kind(self) -> ProductKind {
        match self {
            Family::SavingsAccounts => ProductKind::Savings,
            Family::CurrentAccounts => ProductKind::Current,
            Family::ForeignCurrencyAccounts => ProductKind::ForeignCurrency,
            Family::TimeDeposits => ProductKind::TimeDeposit,
            Family::CreditCards => ProductKind::CreditCard,
            Family::Mortgages => ProductKind::Mortgage,
            Family::UnsecuredLoans => ProductKind::UnsecuredLoan,
            Family::SecuredLoans => ProductKind::SecuredLoan,
            Family::Branches => ProductKind::Branch,
            Family::Atms => ProductKind::Atm,
            Family::ExchangeRates => ProductKind::FxRate,
        }
    }
}

fn refuse(status: StatusCode, message: &'static str) -> Response {
    Refusal::new(status, message).into_response(SimulatedDialect::Dbs)
}

/// Whether a string looks like a compact JWT: three non-empty parts.
fn jwt_shaped(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty())
}

fn authorize(bank: &BankState, headers: &HeaderMap, body: &[u8]) -> Response {
    let client_id = match partner_client(bank, headers) {
        Ok(id) => id,
        Err(refusal) => return refusal.into_response(SimulatedDialect::Dbs),
    };
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return refuse(StatusCode::BAD_REQUEST, "The body is not valid JSON.");
    };
    let partner_id = request
        .pointer("/credentialDetl/partnerId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let partner_secret = request
        .pointer("/credentialDetl/partnerSecret")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if partner_id.is_empty() || partner_secret.is_empty() {
        return refuse(
            StatusCode::BAD_REQUEST,
            "credentialDetl.partnerId and credentialDetl.partnerSecret are required.",
        );
    }
    if request.get("credentialType").and_then(Value::as_i64) != Some(7) {
        return refuse(StatusCode::BAD_REQUEST, "credentialType must be 7.");
    }
    let registered = bank
        .clients
        .get(&client_id)
        .is_some_and(|c| c.client_secret() == partner_secret);
    if !registered && !jwt_shaped(partner_secret) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "The partner secret is neither the client secret nor a signed JWT.",
        );
    }
    let Some(auth) = bank.auth.get() else {
        return refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The token service is not available.",
        );
    };
    let token = auth.mint_access_token(&client_id, &[SCOPE], None, None);
    let body = json!({ "accessToken": token, "expiresIn": TOKEN_LIFETIME_SECS });
    json_response(StatusCode::OK, Bytes::from(body.to_string()))
}
