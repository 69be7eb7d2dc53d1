//! Integration tests of Phase II (applications) at a JETCO APIX bank, an
//! HSBC group bank and a BOCHK group bank, with plain HTTP: the TSP reads
//! the bank's encryption key, encrypts the personal data to it (josekit),
//! signs with its own key, follows the application to its decision; and
//! every refusal. Every answer body is checked against its spec.

// The shared helpers of the mock bank's tests (targets, client, spec
// validator); these tests use only some of them.
#[allow(dead_code)]
#[path = "../mock_bank/support.rs"]
mod support;

mod bochk;
mod hsbc;
mod jetco;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkob_mock_bank::{JwsAlgorithm, JwsKey, MockBank, TspClient};
use josekit::jwe::{self, JweHeader, RSA_OAEP_256};
use josekit::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Value, json};

/// The TSP of these tests: its credentials and its signing key.
pub const CLIENT_ID: &str = "applicant-tsp";
pub const CLIENT_SECRET: &str = "applicant-tsp-secret";

pub struct Signer(EncodingKey);

impl Signer {
    /// A detached ES256 JWS of `payload`.
    pub fn sign(&self, payload: &[u8]) -> String {
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"ES256","kid":"tsp-key"}"#);
        let input = format!("{header}.{}", URL_SAFE_NO_PAD.encode(payload));
        let sig =
            jsonwebtoken::crypto::sign(input.as_bytes(), &self.0, Algorithm::ES256).expect("signs");
        format!("{header}..{sig}")
    }
}

/// A mock of `banks` where the TSP lodged an ES256 key; the TSP's signer.
pub async fn mock(banks: &[&str]) -> (MockBank, Signer) {
    let kp = rcgen::KeyPair::generate().expect("P-256 key");
    let enc = EncodingKey::from_ec_pem(kp.serialize_pem().as_bytes()).expect("encoding key");
    let public =
        JwsKey::from_pem(JwsAlgorithm::Es256, kp.public_key_pem().as_bytes()).expect("public");
    let mock = MockBank::builder()
        .banks(banks.iter().copied())
        .tsp_client(TspClient::new(CLIENT_ID, CLIENT_SECRET).with_signing_key(public))
        .start()
        .await
        .expect("mock");
    (mock, Signer(enc))
}

/// The `use: enc` key of a JWKS.
pub fn enc_key(jwks: &Value) -> Value {
    jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["use"] == "enc")
        .expect("an enc key")
        .clone()
}

/// A compact JWE of `plain` to `jwk` (RSA-OAEP-256, A256GCM, its kid).
pub fn encrypt(jwk: &Value, plain: &Value) -> String {
    let key = Jwk::from_bytes(jwk.to_string()).expect("jwk");
    let mut header = JweHeader::new();
    header.set_content_encryption("A256GCM");
    header.set_key_id(jwk["kid"].as_str().expect("kid"));
    header.set_content_type("json");
    let encrypter = RSA_OAEP_256.encrypter_from_jwk(&key).expect("encrypter");
    jwe::serialize_compact(plain.to_string().as_bytes(), &header, &encrypter).expect("jwe")
}

/// A JWE to a key the bank does not hold.
pub fn encrypt_to_stranger(plain: &Value) -> String {
    let pair = RSA_OAEP_256.generate_key_pair(2048).expect("pair");
    let mut jwk: Value =
        serde_json::from_str(&josekit::jwk::KeyPair::to_jwk_public_key(&pair).to_string())
            .expect("jwk");
    jwk["kid"] = json!("stranger");
    encrypt(&jwk, plain)
}

/// A valid applicant.
pub fn applicant() -> Value {
    json!({
        "name": { "surname": "CHAN", "givenNames": "Tai Man" },
        "identityDocument": { "type": "HKID", "number": "A123456(3)" },
        "dateOfBirth": "1990-01-01",
        "nationality": "HK",
        "mobileNumber": "+852-91234567",
        "email": "chan.tai.man@example.com",
        "residentialAddress": {
            "lines": ["Flat A, 1/F", "1 Example Road"],
            "district": "sha-tin",
            "region": "NT",
            "countryCode": "HK"
        }
    })
}

/// The document of a time deposit application, `applicant` aside.
pub fn time_deposit() -> Value {
    json!({
        "productType": "time-deposit",
        "productCode": "TD001",
        "details": { "timeDeposit": {
            "principal": { "amount": "250000.00", "currency": "HKD" },
            "tenorDays": 90,
            "maturityInstruction": "RENEW_PRINCIPAL"
        }},
        "consents": { "personalDataCollection": true, "marketing": false }
    })
}

/// An answer to the bank's information request.
pub fn information_answer() -> Value {
    json!({
        "requestId": "ir-01",
        "text": "Attached.",
        "document": { "fileName": "bill.pdf", "mediaType": "application/pdf", "content": "JVBERi0=" }
    })
}

/// An answer read whole.
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub async fn read(resp: reqwest::Response) -> Answer {
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.expect("body");
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}
