//! Credentials: static headers, client credentials, private_key_jwt,
//! authorization code with PKCE, refresh with rotation, 401 handling.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hkob_core::auth::{
    AuthorizationCodeFlow, ClientAuth, ClientCredentials, OAuthClient, PrivateKeyJwt,
    StaticHeaders, UserCredentials,
};
use hkob_core::error::AuthErrorKind;
use hkob_core::signing::{SigningAlgorithm, SigningKey};
use hkob_core::{ApiRequest, Error};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{RecordingSleep, bodies_at, builder, form};

fn token_response(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "access_token": token, "token_type": "bearer", "expires_in": expires_in, "scope": "/api"
    }))
}

async fn mount_token(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path("/auth/oauth/v2/token"))
        .respond_with(response)
        .mount(server)
        .await;
}

fn registration(server: &MockServer, auth: ClientAuth) -> OAuthClient {
    OAuthClient::new(
        "tsp-1",
        &format!("{}/auth/oauth/v2/token", server.uri()),
        auth,
    )
    .unwrap()
}

#[tokio::test]
async fn static_headers_are_sent_on_every_request() {
    let server = MockServer::start().await;
    Mock::given(header("x-ibm-client-id", "id-1"))
        .and(header("x-ibm-client-secret", "secret-1"))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&server)
        .await;
    let client = builder(&server, &RecordingSleep::default())
        .credentials(StaticHeaders::ibm_api_connect("id-1", "secret-1"))
        .build()
        .unwrap();
    client.send_empty(ApiRequest::get("/a")).await.unwrap();
    client.send_empty(ApiRequest::get("/b")).await.unwrap();
}

#[tokio::test]
async fn client_secret_post_sends_the_secret_in_the_body() {
    let server = MockServer::start().await;
    mount_token(&server, token_response("tok-1", 1800)).await;
    Mock::given(path("/products"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let credentials =
        ClientCredentials::new(registration(&server, ClientAuth::secret_post("s3cret")))
            .scope("/api");
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    client
        .send_empty(ApiRequest::get("/products"))
        .await
        .unwrap();
    let fields = form(&bodies_at(&server, "/auth/oauth/v2/token").await[0]);
    assert_eq!(fields["grant_type"], "client_credentials");
    assert_eq!(fields["client_id"], "tsp-1");
    assert_eq!(fields["client_secret"], "s3cret");
    assert_eq!(fields["scope"], "/api");
}

#[tokio::test]
async fn client_secret_basic_sends_the_secret_in_a_header() {
    let server = MockServer::start().await;
    Mock::given(path("/auth/oauth/v2/token"))
        .and(header("authorization", "Basic dHNwLTE6czNjcmV0"))
        .respond_with(token_response("tok-b", 1800))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/p"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let credentials =
        ClientCredentials::new(registration(&server, ClientAuth::secret_basic("s3cret")));
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    client.send_empty(ApiRequest::get("/p")).await.unwrap();
    let fields = form(&bodies_at(&server, "/auth/oauth/v2/token").await[0]);
    assert!(!fields.contains_key("client_secret"));
}

#[tokio::test]
async fn private_key_jwt_sends_a_signed_assertion() {
    let server = MockServer::start().await;
    mount_token(&server, token_response("tok-j", 1800)).await;
    Mock::given(path("/p"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let key = SigningKey::from_pem(
        SigningAlgorithm::Es256,
        include_bytes!("../fixtures/test-ec-key.pem"),
    )
    .unwrap()
    .kid("key-1");
    // An absurd lifetime is kept to an hour, not wrapped into an `exp` in the past.
    let auth = ClientAuth::private_key_jwt(PrivateKeyJwt::new(key).lifetime(Duration::MAX));
    let credentials = ClientCredentials::new(registration(&server, auth));
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    client.send_empty(ApiRequest::get("/p")).await.unwrap();

    let fields = form(&bodies_at(&server, "/auth/oauth/v2/token").await[0]);
    assert_eq!(
        fields["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    assert!(!fields.contains_key("client_secret"));
    let public =
        jsonwebtoken::DecodingKey::from_ec_pem(include_bytes!("../fixtures/test-ec-pub.pem"))
            .unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    let token_url = format!("{}/auth/oauth/v2/token", server.uri());
    validation.set_audience(&[token_url.as_str()]);
    validation.set_issuer(&["tsp-1"]);
    let claims = jsonwebtoken::decode::<serde_json::Value>(
        &fields["client_assertion"],
        &public,
        &validation,
    )
    .unwrap()
    .claims;
    assert_eq!(claims["sub"], "tsp-1");
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 3600);
    assert!(claims["jti"].as_str().is_some_and(|j| !j.is_empty()));
    let header = jsonwebtoken::decode_header(&fields["client_assertion"]).unwrap();
    assert_eq!(header.kid.as_deref(), Some("key-1"));
}

#[tokio::test]
async fn a_thousand_concurrent_calls_share_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(path("/auth/oauth/v2/token"))
        .respond_with(token_response("tok-shared", 1800).set_delay(Duration::from_millis(200)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/p"))
        .and(header("authorization", "Bearer tok-shared"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1000)
        .mount(&server)
        .await;
    let credentials = ClientCredentials::new(registration(&server, ClientAuth::secret_post("s")));
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    let calls = (0..1000).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.send_empty(ApiRequest::get("/p")).await })
    });
    for call in futures_util::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
}

#[tokio::test]
async fn a_401_refreshes_the_token_and_retries_once() {
    let server = MockServer::start().await;
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    Mock::given(path("/auth/oauth/v2/token"))
        .respond_with(move |_: &Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            token_response(&format!("tok-{n}"), 1800)
        })
        .mount(&server)
        .await;
    Mock::given(path("/p"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path("/p"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    // A POST without a key: safe to resend after a 401, which the bank refused unprocessed.
    let credentials = ClientCredentials::new(registration(&server, ClientAuth::secret_post("s")));
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    client.send_empty(ApiRequest::post("/p")).await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_second_401_is_reported() {
    let server = MockServer::start().await;
    mount_token(&server, token_response("tok", 1800)).await;
    Mock::given(path("/p"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_token", "error_description": "revoked"
        })))
        .expect(2)
        .mount(&server)
        .await;
    let credentials = ClientCredentials::new(registration(&server, ClientAuth::secret_post("s")));
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    let err = client.send_empty(ApiRequest::get("/p")).await.unwrap_err();
    let Error::Api(api) = err else { panic!() };
    assert_eq!(api.status(), 401);
    assert_eq!(api.code(), Some("invalid_token"));
}

#[tokio::test]
async fn static_credentials_are_not_retried_on_401() {
    let server = MockServer::start().await;
    Mock::given(path("/p"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server, &RecordingSleep::default())
        .credentials(StaticHeaders::client_id_secret("a", "b"))
        .build()
        .unwrap();
    assert!(client.send_empty(ApiRequest::get("/p")).await.is_err());
}

#[tokio::test]
async fn a_token_refusal_is_an_auth_error() {
    let server = MockServer::start().await;
    mount_token(
        &server,
        ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_client", "error_description": "unknown client"
        })),
    )
    .await;
    let credentials =
        ClientCredentials::new(registration(&server, ClientAuth::secret_post("wrong")));
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    let err = client.send_empty(ApiRequest::get("/p")).await.unwrap_err();
    let Error::Auth(auth) = err else {
        panic!("{err:?}")
    };
    assert_eq!(auth.kind(), AuthErrorKind::TokenRequest);
    assert_eq!(auth.oauth_error(), Some("invalid_client"));
    assert!(!auth.to_string().contains("wrong"));
}

#[tokio::test]
async fn the_token_request_never_follows_a_redirect() {
    let server = MockServer::start().await;
    mount_token(
        &server,
        ResponseTemplate::new(307).insert_header("location", "/stolen"),
    )
    .await;
    Mock::given(path("/stolen"))
        .respond_with(token_response("t", 60))
        .expect(0)
        .mount(&server)
        .await;
    let credentials = ClientCredentials::new(registration(&server, ClientAuth::secret_post("s")));
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    let err = client.send_empty(ApiRequest::get("/p")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
}

#[tokio::test]
async fn a_garbled_token_response_is_an_auth_error() {
    let server = MockServer::start().await;
    mount_token(
        &server,
        ResponseTemplate::new(200).set_body_string("{\"access_tok"),
    )
    .await;
    let credentials = ClientCredentials::new(registration(&server, ClientAuth::secret_post("s")));
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    let err = client.send_empty(ApiRequest::get("/p")).await.unwrap_err();
    let Error::Auth(auth) = err else {
        panic!("{err:?}")
    };
    assert_eq!(auth.kind(), AuthErrorKind::InvalidTokenResponse);
}

#[tokio::test]
async fn authorization_code_then_refresh_with_rotation() {
    let server = MockServer::start().await;
    let token_url = format!("{}/oauth/token", server.uri());
    // The code exchange answers with an access token that is already due.
    Mock::given(path("/oauth/token"))
        .and(wiremock::matchers::body_string_contains(
            "grant_type=authorization_code",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "at-0", "token_type": "Bearer", "expires_in": 0,
            "refresh_token": "rt-1", "id_token": "header.claims.sig"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let rotations = Arc::new(AtomicUsize::new(1));
    let counter = rotations.clone();
    Mock::given(path("/oauth/token"))
        .and(wiremock::matchers::body_string_contains(
            "grant_type=refresh_token",
        ))
        .respond_with(move |_: &Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": format!("at-{n}"), "token_type": "Bearer", "expires_in": 0,
                "refresh_token": format!("rt-{}", n + 1)
            }))
        })
        .mount(&server)
        .await;
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let oauth = OAuthClient::new("tsp-1", &token_url, ClientAuth::secret_basic("s")).unwrap();
    let flow = AuthorizationCodeFlow::new(
        oauth.clone(),
        &format!("{}/oauth/authorize", server.uri()),
        "https://tsp.example/callback",
    )
    .unwrap()
    .issuer("https://bank.example")
    .scope("openid");
    let start = flow.start();
    // The bank redirects back with the same state and its issuer.
    let callback = format!(
        "https://tsp.example/callback?code=c-1&state={}&iss=https%3A%2F%2Fbank.example",
        start.pending.state()
    );
    let code = flow.validate_callback(&start.pending, &callback).unwrap();
    let verifier = start.pending.pkce_verifier().to_owned();
    let base = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    let tokens = flow.exchange(&base, code, start.pending).await.unwrap();
    assert_eq!(tokens.refresh_token(), Some("rt-1"));
    assert_eq!(tokens.id_token(), Some("header.claims.sig"));
    let exchange = form(&bodies_at(&server, "/oauth/token").await[0]);
    assert_eq!(exchange["code"], "c-1");
    assert_eq!(exchange["code_verifier"], verifier);
    assert_eq!(exchange["redirect_uri"], "https://tsp.example/callback");

    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let user = UserCredentials::new(oauth, tokens).on_refresh(move |t| {
        log.lock()
            .unwrap()
            .push(t.refresh_token().unwrap().to_owned())
    });
    let accounts = base.with_credentials(user);
    accounts
        .send_empty(ApiRequest::get("/accounts"))
        .await
        .unwrap();
    accounts
        .send_empty(ApiRequest::get("/accounts"))
        .await
        .unwrap();

    let bodies = bodies_at(&server, "/oauth/token").await;
    let refreshes: Vec<_> = bodies[1..]
        .iter()
        .map(|b| form(b)["refresh_token"].clone())
        .collect();
    assert_eq!(
        refreshes,
        vec!["rt-1", "rt-2"],
        "each refresh uses the rotated token"
    );
    assert_eq!(*seen.lock().unwrap(), vec!["rt-2", "rt-3"]);
    let requests = server.received_requests().await.unwrap();
    let used: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() == "/accounts")
        .map(|r| {
            r.headers
                .get("authorization")
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(used, vec!["Bearer at-1", "Bearer at-2"]);
}

#[tokio::test]
async fn an_expired_token_without_refresh_token_asks_for_consent_again() {
    let server = MockServer::start().await;
    let oauth = registration(&server, ClientAuth::secret_basic("s"));
    let tokens = hkob_core::auth::TokenSet::new(
        hkob_core::auth::AccessToken::new("at", Some(Duration::ZERO)),
        None,
        None,
    );
    let client = builder(&server, &RecordingSleep::default())
        .credentials(UserCredentials::new(oauth, tokens))
        .build()
        .unwrap();
    let err = client
        .send_empty(ApiRequest::get("/accounts"))
        .await
        .unwrap_err();
    let Error::Auth(auth) = err else {
        panic!("{err:?}")
    };
    assert_eq!(auth.kind(), AuthErrorKind::Unauthorized);
}

#[tokio::test]
async fn a_token_that_never_expires_by_its_word_is_used_not_a_panic() {
    let server = MockServer::start().await;
    mount_token(&server, token_response("tok-long", u64::MAX)).await;
    Mock::given(path("/p"))
        .and(header("authorization", "Bearer tok-long"))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&server)
        .await;
    let credentials =
        ClientCredentials::new(registration(&server, ClientAuth::secret_post("s3cret")));
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    client.send_empty(ApiRequest::get("/p")).await.unwrap();
    client.send_empty(ApiRequest::get("/p")).await.unwrap();
    assert_eq!(bodies_at(&server, "/auth/oauth/v2/token").await.len(), 1);
}

#[tokio::test]
async fn a_token_endpoint_that_never_answers_is_bounded_by_the_attempt_timeout() {
    let server = MockServer::start().await;
    mount_token(
        &server,
        token_response("tok-slow", 1800).set_delay(Duration::from_secs(30)),
    )
    .await;
    let credentials =
        ClientCredentials::new(registration(&server, ClientAuth::secret_post("s3cret")));
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .attempt_timeout(Duration::from_millis(200))
        .total_timeout(None)
        .build()
        .unwrap();
    let err = client.send_empty(ApiRequest::get("/p")).await.unwrap_err();
    match &err {
        Error::Transport(t) => {
            assert_eq!(t.kind(), hkob_core::error::TransportErrorKind::Timeout)
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_token_endpoint_answering_404_keeps_its_status() {
    let server = MockServer::start().await;
    mount_token(
        &server,
        ResponseTemplate::new(404).set_body_string("<html>Not Found</html>"),
    )
    .await;
    let credentials =
        ClientCredentials::new(registration(&server, ClientAuth::secret_post("s3cret")));
    let client = builder(&server, &RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    let err = client.send_empty(ApiRequest::get("/p")).await.unwrap_err();
    let Error::Auth(auth) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(auth.status(), Some(hkob_core::StatusCode::NOT_FOUND));
    assert!(auth.message().contains("404"), "{}", auth.message());
    assert!(!format!("{err:?}").contains("s3cret"));
}

#[tokio::test]
async fn tls_client_auth_sends_the_client_id_and_no_secret() {
    let server = MockServer::start().await;
    mount_token(&server, token_response("tok-m", 600)).await;
    Mock::given(path("/p"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let auth = ClientAuth::TlsClientAuth;
    assert_eq!(auth.method(), "tls_client_auth");
    let client = builder(&server, &RecordingSleep::default())
        .credentials(ClientCredentials::new(registration(&server, auth)))
        .build()
        .unwrap();
    client.execute(ApiRequest::get("/p")).await.unwrap();
    let token_requests = bodies_at(&server, "/auth/oauth/v2/token").await;
    let sent = form(&token_requests[0]);
    assert_eq!(sent.get("client_id").map(String::as_str), Some("tsp-1"));
    assert!(!sent.contains_key("client_secret") && !sent.contains_key("client_assertion"));
    let requests = server.received_requests().await.unwrap();
    let token = requests
        .iter()
        .find(|r| r.url.path() == "/auth/oauth/v2/token")
        .expect("a token request");
    assert!(
        token.headers.get("authorization").is_none(),
        "no Basic secret"
    );
}
