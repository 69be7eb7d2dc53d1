//! Each bank's authorization server (see [`crate::auth_server`]): built once
//! the listen address is known (the issuer is the bank's base URL), served
//! under the bank's prefix, and used by resource endpoints to check bearer
//! tokens, with the `token=expired|revoked` scenario applied first.

use std::sync::Arc;

use axum::Router;
use axum::extract::Extension;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderMap, StatusCode, header};
use serde_json::json;

use crate::auth_server::{
    AuthConfig, AuthFailure, AuthServer, AuthSetupError, RegisteredClient, TEST_CUSTOMERS,
    TEST_REDIRECT_URIS, TestCustomer, TokenInfo,
};
use crate::bank::SimulatedDialect;
use crate::data::{Account, Card, cards_of};
use crate::fault::{Scenario, TokenFault};
use crate::guard::Refusal;
use crate::instance::{BankState, Instance};

/// The password of generated customers past the fixed test customers.
pub const CUSTOMER_PASSWORD: &str = "password";

/// Builds the authorization server of every bank, with issuer
/// `{base_url}{bank prefix}`, the bank's TSP clients and customers.
///
/// Customers `C0001`..`C0003` log in with the usernames and passwords of
/// [`TEST_CUSTOMERS`]; later ones with their id in lower case (`c0004`) and
/// [`CUSTOMER_PASSWORD`]. The consent page offers each customer's accounts,
/// and their credit cards where the dialect serves cards.
pub fn install(instance: &Instance, base_url: &str) -> Result<(), AuthSetupError> {
    for bank in &instance.banks {
        let mut config = AuthConfig::new(format!("{base_url}{}", bank.profile.prefix));
        config.bank_name = bank.profile.name.clone();
        // Phase I token endpoints and lifetimes where a dialect's spec names them.
        let dialect = crate::dialects::of(bank.profile.dialect);
        dialect.configure_auth(&mut config);
        for client in bank.clients.iter() {
            let mut registered =
                RegisteredClient::with_secret(client.client_id(), client.client_secret());
            for uri in TEST_REDIRECT_URIS {
                registered = registered.redirect_uri(*uri);
            }
            config = config.client(registered);
        }
        let serves_cards = dialect.serves_cards();
        for (i, customer) in bank.customers.iter().enumerate() {
            let (username, password) = match TEST_CUSTOMERS.get(i) {
                Some((u, p, ..)) => ((*u).to_owned(), (*p).to_owned()),
                None => (customer.id.to_lowercase(), CUSTOMER_PASSWORD.to_owned()),
            };
            let accounts: Vec<&Account> = bank
                .accounts
                .iter()
                .filter(|a| a.customer_id == customer.id)
                .collect();
            let cards = if serves_cards {
                cards_of(
                    instance.settings.seed,
                    &bank.profile.id,
                    &customer.id,
                    instance.settings.transactions_per_account,
                )
            } else {
                Vec::new()
            };
            let mut login = TestCustomer::new(
                username,
                password,
                customer.name_en.clone(),
                customer.id.clone(),
                accounts.iter().map(|a| a.id.clone()).collect(),
            )
            .cards(cards.iter().map(|c| c.id.clone()).collect());
            for a in &accounts {
                login = login
                    .label(a.id.clone(), account_label(a))
                    .currency(a.id.clone(), a.currency);
            }
            for c in &cards {
                login = login.label(c.id.clone(), card_label(c));
            }
            config = config.customer(login);
        }
        let server = Arc::new(AuthServer::new(config)?);
        // Each bank is installed once, right after start; a second call keeps the first server.
        let _ = bank.auth.set(server);
    }
    Ok(())
}

/// How the consent page names an account: `Savings account, HKD, ending 1234`.
fn account_label(account: &Account) -> String {
    format!(
        "{} account, {}, ending {}",
        account.account_type,
        account.currency,
        last_four(&account.number)
    )
}

/// How the consent page names a card: `VISA credit card ending 1234`.
fn card_label(card: &Card) -> String {
    format!(
        "{} credit card ending {}",
        card.scheme,
        last_four(&card.masked_number)
    )
}

/// The last four digits of a number, whatever separates them.
fn last_four(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(4)..].iter().collect()
}

/// The authorization servers' routes, each under its bank's prefix, plus
/// the mock-only `GET {prefix}/__mock/whoami` bearer check.
pub fn routes(instance: &Instance) -> Router {
    let mut router = Router::new()
        .route("/jetco/{bank}/__mock/whoami", get(whoami))
        .route("/{bank}/__mock/whoami", get(whoami));
    for bank in &instance.banks {
        if let Some(auth) = bank.auth.get() {
            router = router.nest(&bank.profile.prefix, auth.clone().routes());
        }
    }
    router
}

/// Checks the request's bearer token at a bank: the scenario's token fault
/// first, then the bank's authorization server.
pub fn check_bearer(
    bank: &BankState,
    headers: &HeaderMap,
    scenario: Option<&Scenario>,
    client_certificate: Option<&[u8]>,
) -> Result<TokenInfo, AuthFailure> {
    check_bearer_as(bank, headers, scenario, client_certificate, false)
}

/// Like [`check_bearer`], with `after_payment`: a token bound to a payment
/// consent that its payment consumed still works (to read the payment).
pub fn check_bearer_as(
    bank: &BankState,
    headers: &HeaderMap,
    scenario: Option<&Scenario>,
    client_certificate: Option<&[u8]>,
    after_payment: bool,
) -> Result<TokenInfo, AuthFailure> {
    match scenario.and_then(|s| s.token) {
        Some(TokenFault::Expired) => return Err(AuthFailure::ExpiredToken),
        Some(TokenFault::Revoked) => return Err(AuthFailure::RevokedToken),
        None => {}
    }
    let Some(auth) = bank.auth.get() else {
        return Err(AuthFailure::UnknownToken);
    };
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(AuthFailure::MissingToken)?;
    let (scheme, token) = value
        .trim()
        .split_once(' ')
        .ok_or(AuthFailure::MalformedAuthorization)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AuthFailure::MalformedAuthorization);
    }
    // A token bound to a client certificate (issued over mutual TLS) must
    // come with that certificate.
    if after_payment {
        auth.check_bearer_after_payment(token.trim(), client_certificate)
    } else {
        auth.check_bearer_with_certificate(token.trim(), client_certificate)
    }
}

/// The answer to a refused token: the status and `WWW-Authenticate` of
/// RFC 6750, with the dialect's error body.
pub fn failure_response(dialect: SimulatedDialect, failure: &AuthFailure) -> Response {
    Refusal::from(failure).into_response(dialect)
}

async fn whoami(
    bank: Option<Extension<Arc<BankState>>>,
    scenario: Option<Extension<Scenario>>,
    certificate: Option<Extension<crate::tls::ClientCertificate>>,
    headers: HeaderMap,
) -> Response {
    let Some(Extension(bank)) = bank else {
        return crate::envelope::admin_error(StatusCode::NOT_FOUND, "not found");
    };
    match check_bearer(
        &bank,
        &headers,
        scenario.as_ref().map(|s| &s.0),
        certificate.as_ref().map(|c| c.0.0.as_slice()),
    ) {
        Ok(info) => axum::Json(json!({
            "clientId": info.client_id,
            "scopes": info.scopes,
            "consentId": info.consent_id,
            "customerId": info.customer_id,
            "accountIds": info.account_ids,
            "expiresAt": info.expires_at,
        }))
        .into_response(),
        Err(failure) => failure_response(bank.profile.dialect, &failure),
    }
}
