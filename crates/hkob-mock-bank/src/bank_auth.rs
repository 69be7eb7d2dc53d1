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
/// [`CUSTOMER_PASSWORD`].
pub fn install(instance: &Instance, base_url: &str) -> Result<(), AuthSetupError> {
    for bank in &instance.banks {
        let mut config = AuthConfig::new(format!("{base_url}{}", bank.profile.prefix));
        config.bank_name = bank.profile.name.clone();
        // Phase I token endpoints and lifetimes where a dialect's spec names them.
        crate::dialects::of(bank.profile.dialect).configure_auth(&mut config);
        for client in bank.clients.iter() {
            let mut registered =
                RegisteredClient::with_secret(client.client_id(), client.client_secret());
            for uri in TEST_REDIRECT_URIS {
                registered = registered.redirect_uri(*uri);
            }
            config = config.client(registered);
        }
        for (i, customer) in bank.customers.iter().enumerate() {
            let accounts = bank
                .accounts
                .iter()
                .filter(|a| a.customer_id == customer.id)
                .map(|a| a.id.clone())
                .collect();
            let (username, password) = match TEST_CUSTOMERS.get(i) {
                Some((u, p, ..)) => ((*u).to_owned(), (*p).to_owned()),
                None => (customer.id.to_lowercase(), CUSTOMER_PASSWORD.to_owned()),
            };
            config = config.customer(TestCustomer::new(
                username,
                password,
                customer.name_en.clone(),
                customer.id.clone(),
                accounts,
            ));
        }
        let server = Arc::new(AuthServer::new(config)?);
        // Each bank is installed once, right after start; a second call keeps the first server.
        let _ = bank.auth.set(server);
    }
    Ok(())
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
    auth.check_bearer_with_certificate(token.trim(), client_certificate)
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
