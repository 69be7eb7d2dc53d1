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

use axum::Router;
use axum::extract::Extension;
use axum::response::Response;
use axum::routing::{get, post};
use base64::Engine as _;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use crate::bank::{ProductKind, SimulatedDialect};
use crate::envelope::{error_response, json_response};
use crate::fault::{Scenario, TokenFault};
use crate::instance::{BankState, Instance};

/// The token exchange path below the bank prefix.
pub const AUTHORIZE_PATH: &str = "/partner/api/hk/v1/oauth/authorize";
/// How long an access token lives, in seconds.
pub const TOKEN_LIFETIME_SECS: i64 = 1800;
/// The scope the mock gives partner tokens.
const SCOPE: &str = "products";

/// JSON keys whose values come from a spec enum (used by the `unknown-enum`
/// fault; `language` is left alone so clients can still pick their language).
pub const ENUM_KEYS: &[&str] = &[
    "rateType",
    "calculationFrequency",
    "creditingFrequency",
    "criteriaAmountType",
    "feeType",
    "boardRateType",
];

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

    /// The response schema name in the spec.
    pub fn schema_name(self) -> &'static str {
        match self {
            Family::SavingsAccounts => "SavingsAccountListResponse",
            Family::CurrentAccounts => "CurrentAccountListResponse",
            Family::ForeignCurrencyAccounts => "ForeignCurrencyAccountListResponse",
            Family::TimeDeposits => "TimeDepositListResponse",
            Family::CreditCards => "CreditCardListResponse",
            Family::Mortgages => "MortgageListResponse",
            Family::UnsecuredLoans => "UnsecuredLoanListResponse",
            Family::SecuredLoans => "SecuredLoanListResponse",
            Family::Branches => "BranchListResponse",
            Family::Atms => "AtmListResponse",
            Family::ExchangeRates => "ExchangeRateListResponse",
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

/// The routes of every DBS-dialect bank of the instance.
pub fn routes(instance: &Instance) -> Router<Arc<Instance>> {
    let mut router = Router::new();
    for bank in instance
        .banks
        .iter()
        .filter(|b| b.profile.dialect == SimulatedDialect::Dbs)
    {
        let prefix = &bank.profile.prefix;
        let state = bank.clone();
        router = router.route(
            &format!("{prefix}{AUTHORIZE_PATH}"),
            post(move |headers: HeaderMap, body: Bytes| async move {
                authorize(&state, &headers, &body)
            }),
        );
        for family in Family::ALL {
            if !bank.profile.offers(family.kind()) {
                continue;
            }
            let body = Bytes::from(render::list(bank, family).to_string());
            let state = bank.clone();
            router = router.route(
                &format!("{prefix}{}", family.path()),
                get(
                    move |scenario: Option<Extension<Scenario>>, headers: HeaderMap| async move {
                        match check_read(&state, &headers, scenario.as_ref().map(|s| &s.0)) {
                            Ok(()) => json_response(StatusCode::OK, body.clone()),
                            Err(refusal) => refusal.into_response(),
                        }
                    },
                ),
            );
        }
    }
    router
}

/// Why a DBS call was refused.
struct Refusal(StatusCode, &'static str);

impl Refusal {
    fn into_response(self) -> Response {
        error_response(SimulatedDialect::Dbs, self.0, self.1)
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// Checks Basic credentials, the `clientId` header and the common headers;
/// returns the client id.
fn check_client(bank: &BankState, headers: &HeaderMap) -> Result<String, Refusal> {
    let basic = header(headers, "authorization")
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .and_then(|(_, b64)| {
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .ok()
        })
        .and_then(|raw| String::from_utf8(raw).ok());
    let Some(basic) = basic else {
        return Err(Refusal(
            StatusCode::UNAUTHORIZED,
            "HTTP Basic credentials are required.",
        ));
    };
    let (id, secret) = basic.split_once(':').unwrap_or((&basic, ""));
    if bank.clients.verify(Some(id), Some(secret)).is_err() {
        return Err(Refusal(
            StatusCode::UNAUTHORIZED,
            "Invalid client id or secret.",
        ));
    }
    if header(headers, "clientid") != Some(id) {
        return Err(Refusal(
            StatusCode::UNAUTHORIZED,
            "The clientId header must name the authenticated client.",
        ));
    }
    if header(headers, "servicingcountry") != Some("HK") {
        return Err(Refusal(
            StatusCode::BAD_REQUEST,
            "The servicingCountry header must be HK.",
        ));
    }
    if header(headers, "uuid").is_none() {
        return Err(Refusal(
            StatusCode::BAD_REQUEST,
            "The uuid header is required.",
        ));
    }
    Ok(id.to_owned())
}

fn check_read(
    bank: &BankState,
    headers: &HeaderMap,
    scenario: Option<&Scenario>,
) -> Result<(), Refusal> {
    let client_id = check_client(bank, headers)?;
    match scenario.and_then(|s| s.token) {
        Some(TokenFault::Expired) => {
            return Err(Refusal(
                StatusCode::UNAUTHORIZED,
                "The access token has expired.",
            ));
        }
        Some(TokenFault::Revoked) => {
            return Err(Refusal(
                StatusCode::UNAUTHORIZED,
                "The access token has been revoked.",
            ));
        }
        None => {}
    }
    let Some(token) = header(headers, "accesstoken") else {
        return Err(Refusal(
            StatusCode::UNAUTHORIZED,
            "The accessToken header is required.",
        ));
    };
    let Some(auth) = bank.auth.get() else {
        return Err(Refusal(
            StatusCode::UNAUTHORIZED,
            "The access token is not valid.",
        ));
    };
    match auth.check_bearer(token) {
        Ok(info) if info.client_id == client_id => Ok(()),
        Ok(_) => Err(Refusal(
            StatusCode::UNAUTHORIZED,
            "The access token was issued to another client.",
        )),
        Err(_) => Err(Refusal(
            StatusCode::UNAUTHORIZED,
            "The access token is missing, wrong or expired.",
        )),
    }
}

/// Whether a string looks like a compact JWT: three non-empty parts.
fn jwt_shaped(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty())
}

fn authorize(bank: &BankState, headers: &HeaderMap, body: &[u8]) -> Response {
    let client_id = match check_client(bank, headers) {
        Ok(id) => id,
        Err(refusal) => return refusal.into_response(),
    };
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return Refusal(StatusCode::BAD_REQUEST, "The body is not valid JSON.").into_response();
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
        return Refusal(
            StatusCode::BAD_REQUEST,
            "credentialDetl.partnerId and credentialDetl.partnerSecret are required.",
        )
        .into_response();
    }
    if request.get("credentialType").and_then(Value::as_i64) != Some(7) {
        return Refusal(StatusCode::BAD_REQUEST, "credentialType must be 7.").into_response();
    }
    let registered = bank
        .clients
        .get(&client_id)
        .is_some_and(|c| c.client_secret() == partner_secret);
    if !registered && !jwt_shaped(partner_secret) {
        return Refusal(
            StatusCode::UNAUTHORIZED,
            "The partner secret is neither the client secret nor a signed JWT.",
        )
        .into_response();
    }
    let Some(auth) = bank.auth.get() else {
        return Refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The token service is not available.",
        )
        .into_response();
    };
    let token = auth.mint_access_token(&client_id, &[SCOPE], None, None);
    let body = json!({ "accessToken": token, "expiresIn": TOKEN_LIFETIME_SECS });
    json_response(StatusCode::OK, Bytes::from(body.to_string()))
}
