//! Detached JWS (`x-jws-signature`) verification, PS256 and ES256, with and
//! without unencoded payloads.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkob_mock_bank::{JwsAlgorithm, JwsError, JwsKey, MockBank, TspClient, verify_detached};
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Value, json};

use crate::support::{Target, client};

const RSA_PRIVATE: &str = include_str!("../fixtures/ps256-test-private.pem");
const RSA_PUBLIC: &str = include_str!("../fixtures/ps256-test-public.pem");

fn sign(header: &Value, body: &[u8], key: &EncodingKey, alg: Algorithm) -> String {
    let header_b64 = URL_SAFE_NO_PAD.encode(header.to_string());
    let unencoded = header.get("b64") == Some(&Value::Bool(false));
    let mut input = format!("{header_b64}.").into_bytes();
    if unencoded {
        input.extend_from_slice(body);
    } else {
        input.extend_from_slice(URL_SAFE_NO_PAD.encode(body).as_bytes());
    }
    let sig = jsonwebtoken::crypto::sign(&input, key, alg).expect("signs");
    format!("{header_b64}..{sig}")
}

fn es256_pair() -> (EncodingKey, JwsKey) {
    let kp = rcgen::KeyPair::generate().expect("P-256 key");
    let enc = EncodingKey::from_ec_pem(kp.serialize_pem().as_bytes()).expect("encoding key");
    let dec =
        JwsKey::from_pem(JwsAlgorithm::Es256, kp.public_key_pem().as_bytes()).expect("public key");
    (enc, dec)
}

#[test]
fn ps256_unencoded_and_encoded_payloads_verify() {
    let enc = EncodingKey::from_rsa_pem(RSA_PRIVATE.as_bytes()).expect("rsa key");
    let key = JwsKey::from_pem(JwsAlgorithm::Ps256, RSA_PUBLIC.as_bytes())
        .expect("rsa public")
        .with_kid("tsp-1");
    let body = br#"{"amount":"100.00"}"#;
    let unencoded = json!({"alg": "PS256", "kid": "tsp-1", "b64": false, "crit": ["b64"]});
    let sig = sign(&unencoded, body, &enc, Algorithm::PS256);
    let ok = verify_detached(&sig, body, &key).expect("valid");
    assert!(ok.unencoded_payload);
    let encoded = json!({"alg": "PS256", "kid": "tsp-1"});
    let sig = sign(&encoded, body, &enc, Algorithm::PS256);
    assert!(
        !verify_detached(&sig, body, &key)
            .expect("valid")
            .unencoded_payload
    );
    // The body changed after signing.
    assert_eq!(
        verify_detached(&sig, br#"{"amount":"999.00"}"#, &key),
        Err(JwsError::BadSignature)
    );
}

#[test]
fn es256_header_rules() {
    let (enc, key) = es256_pair();
    let body = b"{}";
    let good = json!({"alg": "ES256", "b64": false, "crit": ["b64"]});
    assert!(verify_detached(&sign(&good, body, &enc, Algorithm::ES256), body, &key).is_ok());

    // b64 without crit.
    let h = json!({"alg": "ES256", "b64": false});
    assert_eq!(
        verify_detached(&sign(&h, body, &enc, Algorithm::ES256), body, &key),
        Err(JwsError::B64NotCritical)
    );
    // An extra, unknown crit parameter.
    let h = json!({"alg": "ES256", "b64": false, "crit": ["b64", "urn:unknown"], "urn:unknown": 1});
    assert!(matches!(
        verify_detached(&sign(&h, body, &enc, Algorithm::ES256), body, &key),
        Err(JwsError::UnsupportedCritical(_))
    ));
    // alg none / HS256 / mismatching alg.
    let h = URL_SAFE_NO_PAD.encode(json!({"alg": "none"}).to_string());
    assert!(matches!(
        verify_detached(&format!("{h}..AAAA"), body, &key),
        Err(JwsError::AlgorithmNotAllowed(_))
    ));
    // Not detached, malformed.
    assert_eq!(
        verify_detached("a.b.c", body, &key),
        Err(JwsError::NotDetached)
    );
    assert_eq!(verify_detached("abc", body, &key), Err(JwsError::Malformed));
    assert_eq!(
        verify_detached("!!..sig", body, &key),
        Err(JwsError::BadHeader)
    );
    // Signed by another key.
    let (other, _) = es256_pair();
    assert_eq!(
        verify_detached(&sign(&good, body, &other, Algorithm::ES256), body, &key),
        Err(JwsError::BadSignature)
    );
    // Wrong kid when the registered key has one.
    let key = key.with_kid("k1");
    let h = json!({"alg": "ES256", "kid": "k2"});
    assert_eq!(
        verify_detached(&sign(&h, body, &enc, Algorithm::ES256), body, &key),
        Err(JwsError::WrongKeyId)
    );
}

#[tokio::test]
async fn signed_transfers_over_http() {
    let (enc, key) = es256_pair();
    let t = Target::in_process(
        MockBank::builder()
            .banks(["bea"])
            .tsp_client(TspClient::new("signer", "signer-secret").with_signing_key(key)),
    )
    .await;
    let mock = t.mock.as_ref().expect("mock");
    let bea = mock.bank("bea").expect("bea");
    let hkd: Vec<&str> = bea
        .accounts()
        .iter()
        .filter(|a| a.currency == "HKD")
        .map(|a| a.id.as_str())
        .collect();
    let body =
        json!({"debtorAccount": hkd[0], "creditorAccount": hkd[1], "amount": "0.01"}).to_string();
    let header = json!({"alg": "ES256", "b64": false, "crit": ["b64"]});
    let post = |sig: Option<String>, key: &'static str, body: String| {
        let mut req = client()
            .post(format!("{}/__mock/transfers", t.bank_url("bea")))
            .header("X-IBM-Client-Id", "signer")
            .header("X-IBM-Client-Secret", "signer-secret")
            .header("content-type", "application/json")
            .header("x-idempotency-key", key)
            .body(body);
        if let Some(s) = sig {
            req = req.header("x-jws-signature", s);
        }
        req.send()
    };
    let missing = post(None, "s1", body.clone()).await.expect("sent");
    assert_eq!(missing.status(), 400);
    let wrong = sign(&header, b"{\"other\":1}", &enc, Algorithm::ES256);
    assert_eq!(
        post(Some(wrong), "s2", body.clone())
            .await
            .expect("sent")
            .status(),
        400
    );
    let good = sign(&header, body.as_bytes(), &enc, Algorithm::ES256);
    assert_eq!(
        post(Some(good), "s3", body.clone())
            .await
            .expect("sent")
            .status(),
        201
    );
}
