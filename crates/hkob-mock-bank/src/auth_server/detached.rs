//! Signed answers: a detached JWS (RFC 7515 Appendix F) over an answer's
//! exact body bytes, as UK Open Banking's message signing writes it, with
//! the key the server signs ID tokens with (its `kid` is in the JWKS).
//!
//! The protected header holds `alg` (ES256), `kid`, `typ: JOSE`,
//! `http://openbanking.org.uk/iat` (the real time, a number),
//! `http://openbanking.org.uk/iss` (the issuer) and
//! `http://openbanking.org.uk/tan` ([`TRUST_ANCHOR`]), and `crit` lists
//! those three; the payload is the ordinary base64url form of the body,
//! left out of the value (`<header>..<signature>`).

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use super::{AuthServer, Misbehaviour, RequestMisbehaviours, read};

/// The trust anchor named in `http://openbanking.org.uk/tan`.
pub const TRUST_ANCHOR: &str = "openbanking.org.hk";

/// The header parameters every signature lists in `crit`.
const CRITICAL: [&str; 3] = [
    "http://openbanking.org.uk/iat",
    "http://openbanking.org.uk/iss",
    "http://openbanking.org.uk/tan",
];

/// The header parameter `payment-signature-unknown-crit` adds (and lists).
const UNKNOWN_CRITICAL: &str = "http://openbanking.org.hk/unknown-critical";

impl AuthServer {
    /// A detached JWS over `body` (`<header>..<signature>`), signed with the
    /// server's current key, for an `x-jws-signature` header; `None` when
    /// signing fails.
    pub fn sign_detached(&self, body: &[u8]) -> Option<String> {
        self.sign_detached_with(body, None)
    }

    /// [`AuthServer::sign_detached`] with the misbehaviours now on (and
    /// those of the request): the signature may be tampered with, made
    /// with another key under an unknown `kid`, carry an unknown critical
    /// parameter, or be missing (`None`).
    pub(crate) fn sign_detached_with(
        &self,
        body: &[u8],
        extra: Option<&RequestMisbehaviours>,
    ) -> Option<String> {
        let on = |m| self.misbehaving(extra, m);
        if on(Misbehaviour::PaymentSignatureMissing) {
            return None;
        }
        let (key, kid) = {
            let ring = read(&self.keys);
            if on(Misbehaviour::PaymentSignatureWrongKid) {
                let kid = format!("unknown-{}", ring.decoy.kid());
                (ring.decoy.clone(), kid)
            } else {
                (ring.current.clone(), ring.current.kid().to_owned())
            }
        };
        let iat = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut header = Map::new();
        header.insert("alg".into(), json!("ES256"));
        header.insert("kid".into(), json!(kid));
        header.insert("typ".into(), json!("JOSE"));
        header.insert(CRITICAL[0].into(), json!(iat));
        header.insert(CRITICAL[1].into(), json!(self.config.issuer));
        header.insert(CRITICAL[2].into(), json!(TRUST_ANCHOR));
        let mut crit: Vec<Value> = CRITICAL.iter().map(|c| json!(c)).collect();
        if on(Misbehaviour::PaymentSignatureUnknownCrit) {
            header.insert(UNKNOWN_CRITICAL.into(), json!(true));
            crit.push(json!(UNKNOWN_CRITICAL));
        }
        header.insert("crit".into(), Value::Array(crit));
        let header_b64 = URL_SAFE_NO_PAD.encode(Value::Object(header).to_string());
        let input = format!("{header_b64}.{}", URL_SAFE_NO_PAD.encode(body));
        let mut signature = key.sign_input(input.as_bytes()).ok()?;
        if on(Misbehaviour::PaymentSignatureTampered) {
            signature = tampered(&signature);
        }
        Some(format!("{header_b64}..{signature}"))
    }
}

/// The signature with its first byte's bits flipped.
fn tampered(signature: &str) -> String {
    let Ok(mut bytes) = URL_SAFE_NO_PAD.decode(signature) else {
        return format!("A{signature}");
    };
    if let Some(first) = bytes.first_mut() {
        *first ^= 0xff;
    }
    URL_SAFE_NO_PAD.encode(bytes)
}
