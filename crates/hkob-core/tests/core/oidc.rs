//! OpenID Connect discovery, key sets and ID token validation, against a local issuer: every
//! negative case is refused before anything the token vouches for is used.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hkob_core::Error;
use hkob_core::auth::oidc::{IdTokenChecks, IdTokenVerifier, Jwks, KeySetFuture, ProviderMetadata};
use hkob_core::error::AuthErrorKind;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RecordingSleep, builder};

const CLIENT: &str = "tsp-client";
const NONCE: &str = "n-0S6_WzA2Mj";

/// The test EC key's public half as a JWK (the last 65 bytes of its SPKI are 04 || x || y).
fn ec_jwk(kid: &str) -> Value {
    let pem = include_str!("../fixtures/test-ec-pub.pem");
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = STANDARD.decode(b64).unwrap();
    let point = &der[der.len() - 65..];
    json!({
        "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": kid,
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
        "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
    })
}

fn ec_key() -> EncodingKey {
    EncodingKey::from_ec_pem(include_bytes!("../fixtures/test-ec-key.pem")).unwrap()
}

fn half_hash(value: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, value.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest.as_ref()[..16])
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

struct Issuer {
    server: MockServer,
}

impl Issuer {
    async fn start() -> Self {
        let server = MockServer::start().await;
        let issuer = server.uri();
        Mock::given(path("/.well-known/openid-configuration"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "issuer": issuer,
                "authorization_endpoint": format!("{issuer}/authorize"),
                "token_endpoint": format!("{issuer}/token"),
                "jwks_uri": format!("{issuer}/jwks"),
                "pushed_authorization_request_endpoint": format!("{issuer}/par"),
                "token_endpoint_auth_methods_supported": ["private_key_jwt", "tls_client_auth"],
                "id_token_signing_alg_values_supported": ["PS256", "ES256"],
            })))
            .mount(&server)
            .await;
        Self { server }
    }

    async fn serve_keys(&self, keys: Vec<Value>) {
        Mock::given(path("/jwks"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "keys": keys })))
            .mount(&self.server)
            .await;
    }

    fn claims(&self) -> Value {
        json!({
            "iss": self.server.uri(), "sub": "customer-123", "aud": CLIENT,
            "exp": now() + 300, "iat": now(), "nonce": NONCE,
            "openbanking_intent_id": "consent-42",
        })
    }

    async fn verifier(&self) -> IdTokenVerifier {
        let client = builder(&self.server, &RecordingSleep::default())
            .build()
            .unwrap();
        let metadata = ProviderMetadata::discover(&client, &self.server.uri())
            .await
            .unwrap();
        let jwks = Jwks::new(&client, &metadata.jwks_uri).unwrap();
        IdTokenVerifier::new(&metadata, CLIENT, jwks)
    }
}

fn sign(claims: &Value, kid: &str) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, &ec_key()).unwrap()
}

fn refused(result: Result<impl std::fmt::Debug, Error>, what: &str) -> String {
    match result {
        Err(Error::Auth(e)) if e.kind() == AuthErrorKind::InvalidIdToken => e.message().to_owned(),
        other => panic!("{what}: expected an invalid ID token, got {other:?}"),
    }
}

#[tokio::test]
async fn a_valid_token_verifies_and_its_claims_are_read() {
    let issuer = Issuer::start().await;
    issuer.serve_keys(vec![ec_jwk("k1")]).await;
    let verifier = issuer.verifier().await;
    let code = "SplxlOBeZQQYbYS6WxSbIA";
    let mut claims = issuer.claims();
    claims["c_hash"] = json!(half_hash(code));
    let token = sign(&claims, "k1");
    let consent_is_mine = |c: &hkob_core::auth::oidc::IdTokenClaims| match c
        .claim("openbanking_intent_id")
        .and_then(Value::as_str)
    {
        Some("consent-42") => Ok(()),
        other => Err(format!("consent {other:?}")),
    };
    let checks = IdTokenChecks::new(NONCE)
        .code(code)
        .require_c_hash()
        .claims(&consent_is_mine);
    let verified = verifier.verify(&token, &checks).await.unwrap();
    assert_eq!(verified.subject(), "customer-123");
    assert_eq!(verified.audiences(), [CLIENT]);
    assert!(
        !format!("{verified:?}").contains("customer-123"),
        "the subject stays out of Debug"
    );
}

#[tokio::test]
async fn every_negative_case_is_refused() {
    let issuer = Issuer::start().await;
    issuer.serve_keys(vec![ec_jwk("k1")]).await;
    let verifier = issuer.verifier().await;
    let checks = IdTokenChecks::new(NONCE);
    let base = issuer.claims();
    let with = |key: &str, value: Value| {
        let mut c = base.clone();
        c[key] = value;
        c
    };
    let without = |key: &str| {
        let mut c = base.clone();
        c.as_object_mut().unwrap().remove(key);
        c
    };
    let cases: Vec<(&str, String)> = vec![
        (
            "wrong issuer",
            sign(&with("iss", json!("https://evil.example")), "k1"),
        ),
        (
            "wrong audience",
            sign(&with("aud", json!("someone-else")), "k1"),
        ),
        ("expired", sign(&with("exp", json!(now() - 3600)), "k1")),
        (
            "issued in the future",
            sign(&with("iat", json!(now() + 3600)), "k1"),
        ),
        (
            "issued too long ago",
            sign(&with("iat", json!(now() - 86_400)), "k1"),
        ),
        ("missing nonce", sign(&without("nonce"), "k1")),
        ("wrong nonce", sign(&with("nonce", json!("replayed")), "k1")),
        (
            "several audiences without azp",
            sign(&with("aud", json!([CLIENT, "other"])), "k1"),
        ),
        ("unknown key", sign(&base, "k-not-in-the-set")),
    ];
    for (what, token) in cases {
        refused(verifier.verify(&token, &checks).await, what);
    }

    // A signature that does not match the payload.
    let good = sign(&base, "k1");
    let mut parts: Vec<&str> = good.split('.').collect();
    let forged = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&with("sub", json!("admin"))).unwrap());
    parts[1] = &forged;
    refused(
        verifier.verify(&parts.join("."), &checks).await,
        "bad signature",
    );

    // `alg: none`, a symmetric algorithm, and a critical header are never accepted.
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","kid":"k1"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&base).unwrap());
    refused(
        verifier
            .verify(&format!("{header}.{payload}."), &checks)
            .await,
        "alg none",
    );
    let hs = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &base,
        &EncodingKey::from_secret(b"guessable"),
    )
    .unwrap();
    refused(verifier.verify(&hs, &checks).await, "HS256");
    let mut crit = Header::new(Algorithm::ES256);
    crit.kid = Some("k1".into());
    let crit_token = {
        let raw = jsonwebtoken::encode(&crit, &base, &ec_key()).unwrap();
        let mut header: Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(raw.split('.').next().unwrap())
                .unwrap(),
        )
        .unwrap();
        header["crit"] = json!(["b64"]);
        let h = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap());
        format!("{h}.{}", raw.split_once('.').unwrap().1)
    };
    refused(verifier.verify(&crit_token, &checks).await, "crit header");

    // Hashes: a wrong one, and a required one that is absent.
    let code = "the-code";
    let wrong_c = sign(&with("c_hash", json!(half_hash("another-code"))), "k1");
    refused(
        verifier.verify(&wrong_c, &checks.code(code)).await,
        "wrong c_hash",
    );
    let no_c = sign(&base, "k1");
    refused(
        verifier
            .verify(&no_c, &checks.code(code).require_c_hash())
            .await,
        "missing c_hash",
    );
    let wrong_at = sign(&with("at_hash", json!(half_hash("other-token"))), "k1");
    refused(
        verifier
            .verify(&wrong_at, &checks.access_token("the-token"))
            .await,
        "wrong at_hash",
    );
    let wrong_s = sign(&with("s_hash", json!(half_hash("other-state"))), "k1");
    refused(
        verifier.verify(&wrong_s, &checks.state("the-state")).await,
        "wrong s_hash",
    );

    // The caller's consent check.
    let other_consent = |_: &hkob_core::auth::oidc::IdTokenClaims| Err("not my consent".to_owned());
    let message = refused(
        verifier
            .verify(&base_token(&issuer), &checks.claims(&other_consent))
            .await,
        "consent check",
    );
    assert!(message.contains("not my consent"));
}

fn base_token(issuer: &Issuer) -> String {
    sign(&issuer.claims(), "k1")
}

#[tokio::test]
async fn a_rotated_key_is_fetched_once_and_unknown_keys_do_not_hammer_the_bank() {
    let issuer = Issuer::start().await;
    Mock::given(path("/jwks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "keys": [ec_jwk("old")] })))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&issuer.server)
        .await;
    issuer.serve_keys(vec![ec_jwk("new")]).await;
    let verifier = issuer.verifier().await;
    let checks = IdTokenChecks::new(NONCE);
    verifier
        .verify(&sign(&issuer.claims(), "old"), &checks)
        .await
        .unwrap();
    assert_eq!(verifier.jwks().fetches().await, 1);
    verifier
        .verify(&sign(&issuer.claims(), "new"), &checks)
        .await
        .unwrap();
    assert_eq!(
        verifier.jwks().fetches().await,
        2,
        "the set is fetched again for the new key"
    );
    for _ in 0..5 {
        refused(
            verifier
                .verify(&sign(&issuer.claims(), "made-up"), &checks)
                .await,
            "made-up key",
        );
    }
    assert_eq!(
        verifier.jwks().fetches().await,
        2,
        "made-up keys cause no more fetches"
    );
}

#[tokio::test]
async fn a_key_set_read_by_the_caller_is_cached_refetched_for_a_new_key_and_its_failures_typed() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let issuer = Issuer::start().await;
    let client = builder(&issuer.server, &RecordingSleep::default())
        .build()
        .unwrap();
    let metadata = ProviderMetadata::discover(&client, &issuer.server.uri())
        .await
        .unwrap();
    // The first read holds only `old`, every later one `new`; a read of `broken` fails.
    let reads = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&reads);
    let jwks = Jwks::from_source("the test's key set", move || -> KeySetFuture {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            let kid = if n == 0 { "old" } else { "new" };
            Ok(json!({ "keys": [ec_jwk(kid)] }))
        })
    });
    let verifier = IdTokenVerifier::new(&metadata, CLIENT, jwks);
    let checks = IdTokenChecks::new(NONCE);
    for _ in 0..3 {
        verifier
            .verify(&sign(&issuer.claims(), "old"), &checks)
            .await
            .unwrap();
    }
    assert_eq!(reads.load(Ordering::SeqCst), 1, "read once, then cached");
    verifier
        .verify(&sign(&issuer.claims(), "new"), &checks)
        .await
        .unwrap();
    assert_eq!(
        reads.load(Ordering::SeqCst),
        2,
        "read again for the new key"
    );

    let broken = Jwks::from_source("a key set that cannot be read", || -> KeySetFuture {
        Box::pin(async {
            Err(Error::from(hkob_core::error::AuthError::new(
                AuthErrorKind::Discovery,
                "the bank is down",
            )))
        })
    });
    let verifier = IdTokenVerifier::new(&metadata, CLIENT, broken);
    match verifier.verify(&base_token(&issuer), &checks).await {
        Err(Error::Auth(e)) => {
            assert!(
                e.message().contains("a key set that cannot be read")
                    && e.message().contains("the bank is down"),
                "{e}"
            );
        }
        other => panic!("expected a typed key-set failure, got {other:?}"),
    }
    let empty = Jwks::from_source("a set without keys", || -> KeySetFuture {
        Box::pin(async { Ok(json!({ "not_keys": [] })) })
    });
    let verifier = IdTokenVerifier::new(&metadata, CLIENT, empty);
    assert!(matches!(
        verifier.verify(&base_token(&issuer), &checks).await,
        Err(Error::Auth(_))
    ));
}

#[tokio::test]
async fn discovery_refuses_a_document_for_another_issuer_or_with_plain_http() {
    let server = MockServer::start().await;
    let issuer = server.uri();
    Mock::given(path("/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "issuer": "https://impostor.example",
            "authorization_endpoint": "https://impostor.example/authorize",
            "token_endpoint": "https://impostor.example/token",
            "jwks_uri": "https://impostor.example/jwks",
        })))
        .mount(&server)
        .await;
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    match ProviderMetadata::discover(&client, &issuer).await {
        Err(Error::Auth(e)) => assert_eq!(e.kind(), AuthErrorKind::Discovery),
        other => panic!("{other:?}"),
    }

    let plain = json!({
        "issuer": "https://bank.example",
        "authorization_endpoint": "https://bank.example/authorize",
        "token_endpoint": "http://bank.example/token",
        "jwks_uri": "https://bank.example/jwks",
    });
    assert!(ProviderMetadata::from_json("https://bank.example", plain).is_err());
    let par_required = json!({
        "issuer": "https://bank.example",
        "authorization_endpoint": "https://bank.example/authorize",
        "token_endpoint": "https://bank.example/token",
        "jwks_uri": "https://bank.example/jwks",
        "require_pushed_authorization_requests": true,
    });
    assert!(ProviderMetadata::from_json("https://bank.example", par_required).is_err());
    let fine = json!({
        "issuer": "https://bank.example",
        "authorization_endpoint": "https://bank.example/authorize",
        "token_endpoint": "https://bank.example/token",
        "jwks_uri": "https://bank.example/jwks",
        "mtls_endpoint_aliases": { "token_endpoint": "https://mtls.bank.example/token" },
        "token_endpoint_auth_methods_supported": ["tls_client_auth"],
    });
    let metadata = ProviderMetadata::from_json("https://bank.example", fine).unwrap();
    assert_eq!(
        metadata.token_endpoint_for(true),
        "https://mtls.bank.example/token"
    );
    assert_eq!(
        metadata.token_endpoint_for(false),
        "https://bank.example/token"
    );
    assert!(metadata.supports_auth_method("tls_client_auth"));
    assert!(!metadata.supports_auth_method("private_key_jwt"));
    assert!(!metadata.offers_par());
}
