//! Dynamic client registration at a mock bank of the HSBC group, end to end: the TSP registers
//! its client with a request signed by its key and the software statement the bank issued,
//! connects with the registration, walks a consent flow as the registered client and reads
//! with the consent, then reads and updates the registration.

mod support;

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use futures_util::TryStreamExt;
use hkob_accounts::{
    AccessError, AccessOptions, AccountAccess, ConsentRequest, ConsentStatus, ConsentStore,
    MemoryStore, Permission,
};
use hkob_banks::BankProfile;
use hkob_core::auth::oidc::{ClientRegistration, ProviderMetadata, Registrar, RegistrationRequest};
use hkob_core::auth::{ClientAuth, PrivateKeyJwt};
use hkob_core::error::AuthErrorKind;
use hkob_core::signing::{SigningAlgorithm, SigningKey};
use hkob_mock_bank::{AuthServer, MockBank};
use serde_json::{Value, json};
use support::*;

const BANK: &str = "hsbc";
const SOFTWARE_ID: &str = "tsp-software-1";
const KID: &str = "tsp-key-1";

/// The TSP's key: hkob-core's test EC key.
fn tsp_key() -> SigningKey {
    SigningKey::from_pem(
        SigningAlgorithm::Es256,
        include_bytes!("../../hkob-core/tests/fixtures/test-ec-key.pem"),
    )
    .expect("the test EC key")
    .kid(KID)
}

/// The public half of [`tsp_key`] as a JWK, from its PEM (a P-256 SubjectPublicKeyInfo ends
/// with the uncompressed point `04 || x || y`).
fn tsp_jwk() -> Value {
    let pem = include_str!("../../hkob-core/tests/fixtures/test-ec-pub.pem");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = STANDARD.decode(body).expect("base64");
    assert_eq!(der.len(), 91, "a P-256 public key");
    let point = &der[26..];
    assert_eq!(point[0], 4, "an uncompressed point");
    json!({
        "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": KID,
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
        "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
    })
}

fn auth_server(mock: &MockBank) -> Arc<AuthServer> {
    mock.bank(BANK)
        .and_then(|b| b.auth_server())
        .expect("an authorization server")
        .clone()
}

fn profile(mock: &MockBank) -> BankProfile {
    hkob_banks::mock_profiles_of(mock, &[BANK])
        .pop()
        .expect("a profile")
}

/// The software statement the bank issued to the TSP, naming its key.
fn statement(auth: &AuthServer) -> String {
    auth.issue_software_statement(SOFTWARE_ID, json!({ "keys": [tsp_jwk()] }))
        .expect("a software statement")
}

fn accounts_request() -> ConsentRequest {
    ConsentRequest::new([
        Permission::AccountsDetail,
        Permission::Balances,
        Permission::TransactionsDetail,
    ])
}

/// Begins, approves (the customer approves at once) and completes a consent.
async fn approved_consent(access: &AccountAccess) -> hkob_accounts::Consent {
    let redirect = access
        .begin(&accounts_request())
        .await
        .expect("consent created");
    let callback = visit(&redirect.url).await;
    let consent = access.complete(&callback).await.expect("approved");
    assert_eq!(consent.status, ConsentStatus::Authorised);
    consent
}

/// The client the customer's stored access token for `consent_id` was issued to.
async fn token_client(auth: &AuthServer, store: &MemoryStore, consent_id: &str) -> String {
    let record = store
        .consent(BANK, consent_id)
        .await
        .expect("the store answers")
        .expect("the consent is kept");
    let tokens = record.tokens.expect("tokens");
    auth.check_bearer(tokens.access_token.expose())
        .expect("a live token")
        .client_id
}

#[tokio::test]
async fn a_tsp_registers_with_private_key_jwt_walks_a_consent_flow_and_updates_its_registration() {
    let mock = mock(&[BANK]).await;
    auto_approve(&mock, BANK, CUSTOMER);
    let auth = auth_server(&mock);
    let profile = profile(&mock);

    let request = RegistrationRequest::new([REDIRECT])
        .software_statement(statement(&auth))
        .token_endpoint_auth_method("private_key_jwt")
        .scope("openid accounts");
    let registration: ClientRegistration = AccountAccess::register(
        &profile,
        &AccessOptions::new(REDIRECT),
        tsp_key(),
        SOFTWARE_ID,
        &request,
    )
    .await
    .expect("registered");
    let client_id = registration.client_id.clone();
    assert!(
        registration.client_secret.is_none(),
        "no secret for private_key_jwt"
    );
    assert!(registration.registration_access_token.is_some());
    assert_eq!(
        registration.metadata["token_endpoint_auth_method"],
        "private_key_jwt"
    );
    assert_eq!(registration.metadata["software_id"], SOFTWARE_ID);
    let at_bank = auth.client(&client_id).expect("the bank knows the client");
    assert_eq!(at_bank.redirect_uris, [REDIRECT]);

    // A consent flow as the registered client, authenticating with the key that registered it.
    let store = Arc::new(MemoryStore::new());
    let options = AccessOptions::new(REDIRECT)
        .registration(registration.clone())
        .client_auth(ClientAuth::private_key_jwt(PrivateKeyJwt::new(tsp_key())));
    let hsbc = AccountAccess::connect(profile.clone(), options, store.clone())
        .await
        .expect("discovery and setup");
    let consent = approved_consent(&hsbc).await;
    let at_bank = auth.consent(&consent.id).expect("the consent at the bank");
    assert_eq!(
        at_bank.client_id, client_id,
        "created by the registered client"
    );
    assert_eq!(token_client(&auth, &store, &consent.id).await, client_id);
    let session = hsbc.session(&consent.id).await.expect("a session");
    let accounts: Vec<_> = session.accounts().try_collect().await.expect("accounts");
    assert!(!accounts.is_empty(), "the customer's accounts are read");
    let balances = session.balances(&accounts[0].id).await.expect("balances");
    assert!(!balances.is_empty());

    // Read and update the registration.
    let issuer = profile.base_url.trim_end_matches('/').to_owned();
    let client = hkob_core::Client::builder()
        .base_url(issuer.clone())
        .bank(BANK)
        .build()
        .expect("a client");
    let metadata = ProviderMetadata::discover(&client, &issuer)
        .await
        .expect("discovery");
    let registrar = Registrar::new(&metadata, tsp_key())
        .expect("the bank offers registration")
        .software_id(SOFTWARE_ID);
    let read = registrar
        .read(&client, &registration)
        .await
        .expect("the registration reads back");
    assert_eq!(read.client_id, client_id);
    assert_eq!(read.metadata["redirect_uris"], json!([REDIRECT]));
    assert_eq!(read.metadata["scope"], "openid accounts");

    let second = "http://127.0.0.1:9/second";
    let updated = registrar
        .update(
            &client,
            &registration,
            &RegistrationRequest::new([REDIRECT, second])
                .token_endpoint_auth_method("private_key_jwt")
                .scope("openid accounts"),
        )
        .await
        .expect("updated");
    assert_eq!(updated.client_id, client_id);
    assert_eq!(updated.metadata["redirect_uris"], json!([REDIRECT, second]));
    assert_eq!(
        auth.client(&client_id)
            .expect("still registered")
            .redirect_uris,
        [REDIRECT, second]
    );
    // The updated client works at its new redirect URI.
    let options = AccessOptions::new(second)
        .registration(updated)
        .client_auth(ClientAuth::private_key_jwt(PrivateKeyJwt::new(tsp_key())));
    let moved = AccountAccess::connect(profile.clone(), options, store.clone())
        .await
        .expect("discovery and setup");
    let consent = approved_consent(&moved).await;
    assert_eq!(token_client(&auth, &store, &consent.id).await, client_id);

    // A wrong registration access token is a typed refusal.
    let mut forged = registration.clone();
    forged.registration_access_token = Some("not-the-token".to_owned().into());
    let refused = registrar.read(&client, &forged).await;
    assert!(
        matches!(&refused, Err(hkob_core::Error::Auth(e))
            if e.kind() == AuthErrorKind::Registration
                && e.oauth_error() == Some("invalid_token")
                && e.status().map(|s| s.as_u16()) == Some(401)),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_tsp_registered_with_a_client_secret_connects_with_the_registration_alone() {
    let mock = mock(&[BANK]).await;
    auto_approve(&mock, BANK, CUSTOMER);
    let auth = auth_server(&mock);
    // The bank's default method, and the one registered explicitly: the client authenticates
    // the way it registered to (the bank allows only that one).
    for method in [None, Some("client_secret_post")] {
        let profile = profile(&mock);
        let mut request = RegistrationRequest::new([REDIRECT]).software_statement(statement(&auth));
        if let Some(method) = method {
            request = request.token_endpoint_auth_method(method);
        }
        let registration = AccountAccess::register(
            &profile,
            &AccessOptions::new(REDIRECT),
            tsp_key(),
            SOFTWARE_ID,
            &request,
        )
        .await
        .expect("registered");
        assert!(registration.client_secret.is_some(), "{method:?}: a secret");
        let client_id = registration.client_id.clone();

        let store = Arc::new(MemoryStore::new());
        let hsbc = AccountAccess::connect(
            profile,
            AccessOptions::new(REDIRECT).registration(registration),
            store.clone(),
        )
        .await
        .expect("discovery and setup");
        let consent = approved_consent(&hsbc).await;
        assert_eq!(token_client(&auth, &store, &consent.id).await, client_id);
        let session = hsbc.session(&consent.id).await.expect("a session");
        let accounts: Vec<_> = session.accounts().try_collect().await.expect("accounts");
        assert!(!accounts.is_empty(), "{method:?}");
    }
}

#[tokio::test]
async fn a_refused_registration_is_a_typed_error_with_the_bank_s_code() {
    let mock = mock(&[BANK]).await;
    let auth = auth_server(&mock);
    let profile = profile(&mock);
    let register = |request: RegistrationRequest| {
        let profile = profile.clone();
        async move {
            AccountAccess::register(
                &profile,
                &AccessOptions::new(REDIRECT),
                tsp_key(),
                SOFTWARE_ID,
                &request,
            )
            .await
        }
    };
    let cases = [
        (
            RegistrationRequest::new([REDIRECT]).software_statement("not-a-jwt"),
            "invalid_software_statement",
        ),
        (
            RegistrationRequest::new(["http://tsp.example/callback"])
                .software_statement(statement(&auth)),
            "invalid_redirect_uri",
        ),
        (
            RegistrationRequest::new([REDIRECT])
                .software_statement(statement(&auth))
                .scope("openid everything"),
            "invalid_client_metadata",
        ),
    ];
    for (request, code) in cases {
        let refused = register(request).await;
        assert!(
            matches!(&refused, Err(AccessError::Request(hkob_core::Error::Auth(e)))
                if e.kind() == AuthErrorKind::Registration
                    && e.oauth_error() == Some(code)
                    && e.status().map(|s| s.as_u16()) == Some(400)),
            "{code}: {refused:?}"
        );
    }
}
