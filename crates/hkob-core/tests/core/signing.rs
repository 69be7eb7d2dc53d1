//! Detached JWS signatures that a bank can verify.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkob_core::ApiRequest;
use hkob_core::signing::{DetachedJws, SigningAlgorithm, SigningKey};
use jsonwebtoken::{Algorithm, DecodingKey};
use wiremock::matchers::{header_exists, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RecordingSleep, builder};

fn verify(signature: &str, body: &[u8], key: &DecodingKey, alg: Algorithm) -> serde_json::Value {
    let (protected, rest) = signature.split_once("..").expect("detached form");
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(protected).unwrap()).unwrap();
    let mut message = protected.as_bytes().to_vec();
    message.push(b'.');
    message.extend_from_slice(body);
    assert!(
        jsonwebtoken::crypto::verify(rest, &message, key, alg).unwrap(),
        "signature does not verify"
    );
    header
}

#[test]
fn ps256_and_es256_signatures_verify() {
    let body = br#"{"amount":"100.00","currency":"HKD"}"#;
    let rsa = SigningKey::from_pem(
        SigningAlgorithm::Ps256,
        include_bytes!("../fixtures/test-rsa-key.pem"),
    )
    .unwrap()
    .kid("rsa-1");
    let signature = DetachedJws::new(rsa).signature(body).unwrap();
    let public = DecodingKey::from_rsa_pem(include_bytes!("../fixtures/test-rsa-pub.pem")).unwrap();
    let header = verify(&signature, body, &public, Algorithm::PS256);
    assert_eq!(header["alg"], "PS256");
    assert_eq!(header["kid"], "rsa-1");
    assert_eq!(header["b64"], false);
    assert_eq!(header["crit"], serde_json::json!(["b64"]));

    let ec = SigningKey::from_pem(
        SigningAlgorithm::Es256,
        include_bytes!("../fixtures/test-ec-key.pem"),
    )
    .unwrap();
    let signature = DetachedJws::new(ec).signature(body).unwrap();
    let public = DecodingKey::from_ec_pem(include_bytes!("../fixtures/test-ec-pub.pem")).unwrap();
    verify(&signature, body, &public, Algorithm::ES256);

    // A changed body no longer verifies.
    let (protected, rest) = signature.split_once("..").unwrap();
    let forged = [protected.as_bytes(), b".", br#"{"amount":"999.00"}"#].concat();
    assert!(!jsonwebtoken::crypto::verify(rest, &forged, &public, Algorithm::ES256).unwrap());
}

#[test]
fn a_key_of_the_wrong_kind_is_refused() {
    assert!(
        SigningKey::from_pem(
            SigningAlgorithm::Es256,
            include_bytes!("../fixtures/test-rsa-key.pem")
        )
        .is_err()
    );
    assert!(SigningKey::from_pem(SigningAlgorithm::Ps256, b"not a key").is_err());
}

#[tokio::test]
async fn signed_requests_carry_a_fresh_signature_on_each_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header_exists("x-jws-signature"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header_exists("x-jws-signature"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let key = SigningKey::from_pem(
        SigningAlgorithm::Es256,
        include_bytes!("../fixtures/test-ec-key.pem"),
    )
    .unwrap();
    let client = builder(&server, &RecordingSleep::default())
        .signer(DetachedJws::new(key))
        .build()
        .unwrap();
    let body = serde_json::json!({"amount": "5.00"});
    client
        .send_empty(
            ApiRequest::post("/payments")
                .json(&body)
                .idempotent()
                .signed(),
        )
        .await
        .unwrap();
    let public = DecodingKey::from_ec_pem(include_bytes!("../fixtures/test-ec-pub.pem")).unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let signature = request
            .headers
            .get("x-jws-signature")
            .unwrap()
            .to_str()
            .unwrap();
        verify(signature, &request.body, &public, Algorithm::ES256);
    }
}
