//! The DBS credentials against a local server standing in for DBS.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use base64::Engine as _;
use hkob_core::error::AuthErrorKind;
use hkob_core::{Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::{AUTHORIZE_PATH, DbsCredentials};
use crate::generated::dbs::operations::ListSavingsAccounts;

const SAVINGS_PATH: &str = "/api/hk/v1/products/savingsAccounts";

fn credentials(server: &MockServer) -> DbsCredentials {
    match DbsCredentials::new(
        &server.uri(),
        "client-1",
        "client-secret-1",
        "partner-app",
        "partner.jwt.sig",
    ) {
        Ok(c) => c,
        Err(e) => panic!("credentials: {e}"),
    }
}

fn client(server: &MockServer, credentials: DbsCredentials) -> Client {
    match Client::builder()
        .base_url(server.uri())
        .credentials(credentials)
        .build()
    {
        Ok(c) => c,
        Err(e) => panic!("client: {e}"),
    }
}

fn token_answer(token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"accessToken": token, "expiresIn": 1800}))
}

fn empty_list() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"savingsAccountProductInfo": []}))
}

fn basic() -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode("client-1:client-secret-1");
    format!("Basic {encoded}")
}

/// The `uuid` header of a received request, parsed as a version 4 UUID.
fn request_uuid(request: &Request) -> Option<uuid::Uuid> {
    let value = request.headers.get("uuid")?.to_str().ok()?;
    uuid::Uuid::parse_str(value)
        .ok()
        .filter(|u| u.get_version_num() == 4)
}

#[tokio::test]
async fn the_token_request_has_dbs_shape() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(AUTHORIZE_PATH))
        .and(header("authorization", basic().as_str()))
        .and(header("clientId", "client-1"))
        .and(header("servicingCountry", "HK"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "credentialDetl": {"partnerId": "partner-app", "partnerSecret": "partner.jwt.sig"},
            "credentialType": 7
        })))
        .respond_with(token_answer("tok-1"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(SAVINGS_PATH))
        .respond_with(empty_list())
        .mount(&server)
        .await;
    let client = client(&server, credentials(&server));
    let list = ListSavingsAccounts::new().send(&client).await;
    assert!(list.is_ok_and(|l| l.savings_account_product_info.is_empty()));
    let requests = server.received_requests().await.unwrap_or_default();
    let exchange = requests.iter().find(|r| r.url.path() == AUTHORIZE_PATH);
    assert!(
        exchange.and_then(request_uuid).is_some(),
        "the exchange carries a v4 uuid"
    );
}

#[tokio::test]
async fn product_calls_carry_the_token_and_dbs_headers_with_a_fresh_uuid() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(token_answer("tok-1"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(SAVINGS_PATH))
        .and(header("accessToken", "tok-1"))
        .and(header("clientId", "client-1"))
        .and(header("servicingCountry", "HK"))
        .and(header("authorization", basic().as_str()))
        .respond_with(empty_list())
        .expect(3)
        .mount(&server)
        .await;
    let client = client(&server, credentials(&server));
    for _ in 0..3 {
        let sent = ListSavingsAccounts::new().send(&client).await;
        assert!(sent.is_ok(), "{sent:?}");
    }
    let requests = server.received_requests().await.unwrap_or_default();
    let mut uuids: Vec<uuid::Uuid> = requests.iter().filter_map(request_uuid).collect();
    assert_eq!(
        uuids.len(),
        4,
        "every request, the exchange too, has a v4 uuid"
    );
    uuids.sort();
    uuids.dedup();
    assert_eq!(uuids.len(), 4, "no uuid is used twice");
}

#[tokio::test]
async fn many_concurrent_calls_share_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(token_answer("tok-shared").set_delay(Duration::from_millis(200)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(SAVINGS_PATH))
        .and(header("accessToken", "tok-shared"))
        .respond_with(empty_list())
        .expect(100)
        .mount(&server)
        .await;
    let credentials = Arc::new(credentials(&server));
    let client = match Client::builder()
        .base_url(server.uri())
        .shared_credentials(credentials.clone())
        .build()
    {
        Ok(c) => c,
        Err(e) => panic!("client: {e}"),
    };
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { ListSavingsAccounts::new().send(&client).await })
    });
    for call in futures_util::future::join_all(calls).await {
        assert!(call.is_ok_and(|r| r.is_ok()));
    }
    assert_eq!(credentials.token_requests(), 1);
}

#[tokio::test]
async fn a_refused_exchange_is_an_auth_error_and_nothing_else_is_sent() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "code": "401",
            "message": "Partner credentials are invalid."
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(SAVINGS_PATH))
        .respond_with(empty_list())
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server, credentials(&server));
    let error = ListSavingsAccounts::new().send(&client).await.err();
    let Some(Error::Auth(auth)) = error else {
        panic!("expected an auth error, got {error:?}");
    };
    assert_eq!(auth.kind(), AuthErrorKind::TokenRequest);
    assert!(auth.message().contains("401"), "{}", auth.message());
    assert!(
        auth.message().contains("Partner credentials are invalid."),
        "{}",
        auth.message()
    );
    assert!(!auth.message().contains("partner.jwt.sig"));
}

#[tokio::test]
async fn an_answer_without_a_token_is_an_invalid_token_response() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"expiresIn": 1800})))
        .mount(&server)
        .await;
    let client = client(&server, credentials(&server));
    let error = ListSavingsAccounts::new().send(&client).await.err();
    assert!(
        matches!(&error, Some(Error::Auth(a)) if a.kind() == AuthErrorKind::InvalidTokenResponse),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_401_on_a_product_call_fetches_a_new_token_and_retries_once() {
    let server = MockServer::start().await;
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(move |_: &Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            token_answer(&format!("tok-{n}"))
        })
        .mount(&server)
        .await;
    Mock::given(path(SAVINGS_PATH))
        .and(header("accessToken", "tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "code": "401",
            "message": "Access token is invalid or has expired."
        })))
        .mount(&server)
        .await;
    Mock::given(path(SAVINGS_PATH))
        .and(header("accessToken", "tok-2"))
        .respond_with(empty_list())
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server, credentials(&server));
    let sent = ListSavingsAccounts::new().send(&client).await;
    assert!(sent.is_ok(), "{sent:?}");
    assert_eq!(issued.load(Ordering::SeqCst), 2);
}

#[test]
fn secrets_stay_out_of_debug() {
    let credentials = DbsCredentials::new(
        "https://www.dbs.com/sandbox",
        "client-1",
        "client-secret-1",
        "partner-app",
        "partner.jwt.sig",
    );
    let shown = format!("{credentials:?}");
    assert!(shown.contains("client-1") && shown.contains("partner-app"));
    assert!(!shown.contains("client-secret-1"));
    assert!(!shown.contains("partner.jwt.sig"));
    let basic = base64::engine::general_purpose::STANDARD.encode("client-1:client-secret-1");
    assert!(!shown.contains(&basic));
}

#[test]
fn bad_configuration_is_refused_before_anything_is_sent() {
    let new = |url: &str, id: &str, partner: &str| {
        DbsCredentials::new(url, id, "secret", partner, "jwt").err()
    };
    assert!(new("http://www.dbs.com", "client-1", "p").is_some());
    assert!(new("https://www.dbs.com", "", "p").is_some());
    assert!(new("https://www.dbs.com", "client:1", "p").is_some());
    assert!(new("https://www.dbs.com", "client\n1", "p").is_some());
    assert!(new("https://www.dbs.com", "client-1", "").is_some());
    assert!(new("https://www.dbs.com", "client-1", "p").is_none());
}

#[test]
fn the_generated_exchange_types_hide_their_secrets() {
    use crate::generated::dbs::types::{CredentialDetail, TokenRequest, TokenResponse};
    let request = TokenRequest {
        credential_detl: CredentialDetail {
            partner_id: "partner-app".into(),
            partner_secret: "partner.jwt.sig".into(),
            additional_properties: Default::default(),
        },
        credential_type: 7,
        additional_properties: Default::default(),
    };
    let shown = format!("{request:?}");
    assert!(shown.contains("partner-app") && !shown.contains("partner.jwt.sig"));
    let answer = TokenResponse {
        access_token: "tok-secret".into(),
        expires_in: Some(1800),
        additional_properties: Default::default(),
    };
    let shown = format!("{answer:?}");
    assert!(shown.contains("1800") && !shown.contains("tok-secret"));
}

#[tokio::test]
async fn a_silent_token_endpoint_fails_within_the_token_timeout() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(token_answer("tok-late").set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let credentials = credentials(&server).token_timeout(Duration::from_millis(100));
    let client = client(&server, credentials);
    let error = ListSavingsAccounts::new().send(&client).await.err();
    assert!(
        matches!(&error, Some(Error::Auth(a)) if a.kind() == AuthErrorKind::TokenTransport),
        "{error:?}"
    );
}
