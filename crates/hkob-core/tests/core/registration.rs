//! Pushed authorization requests and dynamic client registration against a local server: what is
//! sent, what comes back, and refusals as typed errors.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkob_core::Error;
use hkob_core::auth::oidc::{ProviderMetadata, Registrar, RegistrationRequest};
use hkob_core::auth::{AuthorizationCodeFlow, ClientAuth, OAuthClient};
use hkob_core::error::AuthErrorKind;
use hkob_core::signing::{SigningAlgorithm, SigningKey};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{RecordingSleep, builder, form};

fn metadata(server: &MockServer) -> ProviderMetadata {
    let issuer = server.uri();
    ProviderMetadata::from_json(
        &issuer,
        json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorize"),
            "token_endpoint": format!("{issuer}/token"),
            "jwks_uri": format!("{issuer}/jwks"),
            "pushed_authorization_request_endpoint": format!("{issuer}/par"),
            "registration_endpoint": format!("{issuer}/register"),
        }),
    )
    .unwrap()
}

fn key() -> SigningKey {
    SigningKey::from_pem(
        SigningAlgorithm::Es256,
        include_bytes!("../fixtures/test-ec-key.pem"),
    )
    .unwrap()
    .kid("tsp-key-1")
}

/// The claims of a compact JWT, unverified.
fn claims_of(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn a_pushed_request_sends_every_parameter_authenticated_and_the_url_carries_only_a_reference()
{
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/par"))
        .and(header("authorization", "Basic dHNwOnMlM0FjcmV0"))
        .respond_with(ResponseTemplate::new(201).set_body_json(
            json!({"request_uri": "urn:ietf:params:oauth:request_uri:abc", "expires_in": 60}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let meta = metadata(&server);
    let oauth = OAuthClient::new(
        "tsp",
        &meta.token_endpoint,
        ClientAuth::secret_basic("s:cret"),
    )
    .unwrap();
    let flow = AuthorizationCodeFlow::new(
        oauth,
        &meta.authorization_endpoint,
        "https://tsp.example/cb",
    )
    .unwrap()
    .scope("openid");
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    let par = meta.pushed_authorization_request_endpoint.clone().unwrap();
    let start = flow
        .push(&client, &par, &[("consent_id", "c-1")])
        .await
        .expect("pushed");
    let pairs: Vec<(String, String)> = start.url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [
            ("client_id".to_owned(), "tsp".to_owned()),
            (
                "request_uri".to_owned(),
                "urn:ietf:params:oauth:request_uri:abc".to_owned()
            ),
        ]
    );
    let sent: Vec<Request> = server.received_requests().await.unwrap();
    let body = form(std::str::from_utf8(&sent[0].body).unwrap());
    assert_eq!(body["consent_id"], "c-1");
    assert_eq!(body["code_challenge_method"], "S256");
    assert_eq!(body["state"], start.pending.state());
    assert_eq!(body["nonce"], start.pending.nonce());
    assert!(
        !body.contains_key("client_secret"),
        "the secret went in Basic auth only"
    );
}

#[tokio::test]
async fn a_refused_push_is_a_typed_error_with_the_oauth_code() {
    let server = MockServer::start().await;
    Mock::given(path("/par"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error": "invalid_request", "error_description": "unknown consent"}),
        ))
        .mount(&server)
        .await;
    let meta = metadata(&server);
    let oauth =
        OAuthClient::new("tsp", &meta.token_endpoint, ClientAuth::secret_post("s")).unwrap();
    let flow = AuthorizationCodeFlow::new(
        oauth,
        &meta.authorization_endpoint,
        "https://tsp.example/cb",
    )
    .unwrap();
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    let error = flow
        .push(&client, &format!("{}/par", server.uri()), &[])
        .await
        .expect_err("refused");
    match error {
        Error::Auth(e) => {
            assert_eq!(e.kind(), AuthErrorKind::TokenRequest);
            assert_eq!(e.oauth_error(), Some("invalid_request"));
            assert_eq!(e.status().map(|s| s.as_u16()), Some(400));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn registration_sends_a_signed_request_for_the_issuer_then_reads_and_updates_it() {
    let server = MockServer::start().await;
    let issuer = server.uri();
    Mock::given(method("POST"))
        .and(path("/register"))
        .and(header("content-type", "application/jose"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "client_id": "registered-1",
            "client_secret": "very-secret",
            "registration_access_token": "rat-1",
            "registration_client_uri": format!("{issuer}/register/registered-1"),
            "redirect_uris": ["https://tsp.example/cb"],
            "token_endpoint_auth_method": "private_key_jwt",
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/register/registered-1"))
        .and(header("authorization", "Bearer rat-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "client_id": "registered-1",
            "redirect_uris": ["https://tsp.example/cb"],
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/register/registered-1"))
        .and(header("authorization", "Bearer rat-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "client_id": "registered-1",
            "redirect_uris": ["https://tsp.example/cb", "https://tsp.example/cb2"],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let registrar = Registrar::new(&metadata(&server), key())
        .unwrap()
        .software_id("software-9");
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    let request = RegistrationRequest::new(["https://tsp.example/cb"])
        .software_statement("ssa.jwt.value")
        .token_endpoint_auth_method("private_key_jwt")
        .scope("openid accounts");
    let registration = registrar
        .register(&client, &request)
        .await
        .expect("registered");
    assert_eq!(registration.client_id, "registered-1");
    let shown = format!("{registration:?}");
    assert!(
        !shown.contains("very-secret") && !shown.contains("rat-1"),
        "{shown}"
    );

    let sent = server.received_requests().await.unwrap();
    let jwt = std::str::from_utf8(&sent[0].body).unwrap();
    let claims = claims_of(jwt);
    assert_eq!(claims["aud"], issuer);
    assert_eq!(claims["iss"], "software-9");
    assert_eq!(claims["software_statement"], "ssa.jwt.value");
    assert_eq!(claims["redirect_uris"][0], "https://tsp.example/cb");
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert!((1..=1800).contains(&lifetime), "{lifetime}");

    let read = registrar.read(&client, &registration).await.expect("read");
    assert_eq!(read.metadata["redirect_uris"][0], "https://tsp.example/cb");
    let mut more = request.clone();
    more.redirect_uris
        .push("https://tsp.example/cb2".to_owned());
    let updated = registrar
        .update(&client, &registration, &more)
        .await
        .expect("updated");
    assert_eq!(
        updated.metadata["redirect_uris"].as_array().map(Vec::len),
        Some(2)
    );
    let put = &server.received_requests().await.unwrap()[2];
    assert_eq!(
        claims_of(std::str::from_utf8(&put.body).unwrap())["iss"],
        "registered-1"
    );

    Mock::given(method("DELETE"))
        .and(path("/register/registered-1"))
        .and(header("authorization", "Bearer rat-1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    registrar
        .delete(&client, &registration)
        .await
        .expect("deleted");

    // Stored and read back, the secrets survive.
    let stored = serde_json::to_string(&registration).unwrap();
    let back: hkob_core::auth::oidc::ClientRegistration = serde_json::from_str(&stored).unwrap();
    assert!(back.client_secret.is_some() && back.registration_access_token.is_some());
}

#[tokio::test]
async fn a_refused_registration_is_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(path("/register"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_software_statement",
            "error_description": "the software statement has expired",
        })))
        .mount(&server)
        .await;
    let registrar = Registrar::new(&metadata(&server), key()).unwrap();
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    let error = registrar
        .register(
            &client,
            &RegistrationRequest::new(["https://tsp.example/cb"]),
        )
        .await
        .expect_err("refused");
    match error {
        Error::Auth(e) => {
            assert_eq!(e.kind(), AuthErrorKind::Registration);
            assert_eq!(e.oauth_error(), Some("invalid_software_statement"));
            assert!(e.to_string().contains("expired"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    let mut without = metadata(&server);
    without.registration_endpoint = None;
    assert!(Registrar::new(&without, key()).is_err());
}
