//! No secret reaches Debug or Display.

use std::time::Duration;

use hkob_core::auth::{
    AccessToken, AuthorizationCodeFlow, ClientAuth, ClientCredentials, OAuthClient, PrivateKeyJwt,
    StaticHeaders, TokenSet, UserCredentials,
};
use hkob_core::signing::{DetachedJws, SigningAlgorithm, SigningKey};
use hkob_core::{ApiRequest, Client};

const SECRET: &str = "TOP-SECRET-VALUE-93";

fn assert_hidden(shown: String) {
    assert!(!shown.contains(SECRET), "leaked: {shown}");
}

#[test]
fn credential_types_hide_their_secrets() {
    let oauth = OAuthClient::new(
        "id",
        "https://bank.example/token",
        ClientAuth::secret_basic(SECRET),
    )
    .unwrap();
    assert_hidden(format!("{oauth:?}"));
    assert_hidden(format!("{:?}", ClientAuth::secret_post(SECRET)));
    assert_hidden(format!(
        "{:?}",
        StaticHeaders::ibm_api_connect("id", SECRET)
    ));
    assert_hidden(format!("{:?}", ClientCredentials::new(oauth.clone())));
    let token = AccessToken::new(SECRET, Some(Duration::from_secs(60)));
    assert_hidden(format!("{token:?}"));
    let tokens = TokenSet::new(token, Some(SECRET.into()), Some(SECRET.into()));
    assert_hidden(format!("{tokens:?}"));
    let user = UserCredentials::new(oauth.clone(), tokens);
    assert_hidden(format!("{user:?}"));
    let client = Client::builder()
        .base_url("https://bank.example")
        .credentials(user)
        .build()
        .unwrap();
    assert_hidden(format!("{client:?}"));

    let flow =
        AuthorizationCodeFlow::new(oauth, "https://bank.example/auth", "https://tsp.example/cb")
            .unwrap();
    let start = flow.start();
    let shown = format!("{start:?}");
    assert!(!shown.contains(start.pending.pkce_verifier()));
    assert!(!shown.contains(start.pending.nonce()));
}

#[test]
fn keys_and_requests_hide_their_contents() {
    let pem = include_bytes!("../fixtures/test-rsa-key.pem");
    let key = SigningKey::from_pem(SigningAlgorithm::Ps256, pem).unwrap();
    let shown = format!(
        "{key:?} {:?} {:?}",
        DetachedJws::new(key.clone()),
        PrivateKeyJwt::new(key.clone())
    );
    assert!(!shown.contains("PRIVATE KEY"));
    assert!(!shown.contains("MII"));
    let request = ApiRequest::post("/p")
        .header("authorization", format!("Bearer {SECRET}"))
        .json(&serde_json::json!({ "pin": SECRET }));
    assert_hidden(format!("{request:?}"));
}
