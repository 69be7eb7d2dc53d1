//! The key a bank signs its security event tokens with: ES256 on P-256,
//! generated when first needed, its public half served as a JWKS at
//! `{bank}/__mock/events/jwks.json`. (The authorization server keeps its
//! own signing key to itself.)

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

/// A private key, its id and its public JWK.
pub(super) struct SetKey {
    encoding: EncodingKey,
    kid: String,
    jwk: Value,
}

impl SetKey {
    /// A fresh key; `None` if one cannot be made.
    pub(super) fn generate() -> Option<Self> {
        let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).ok()?;
        let raw = pair.public_key_raw();
        // Uncompressed point: 0x04 || x (32 bytes) || y (32 bytes).
        if raw.len() != 65 || raw.first() != Some(&4) {
            return None;
        }
        let x = URL_SAFE_NO_PAD.encode(raw.get(1..33)?);
        let y = URL_SAFE_NO_PAD.encode(raw.get(33..65)?);
        let thumbprint = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
        let kid = URL_SAFE_NO_PAD
            .encode(ring::digest::digest(&ring::digest::SHA256, thumbprint.as_bytes()).as_ref());
        let jwk = json!({
            "kty": "EC", "crv": "P-256", "x": x, "y": y,
            "use": "sig", "alg": "ES256", "kid": kid,
        });
        Some(SetKey {
            encoding: EncodingKey::from_ec_der(&pair.serialize_der()),
            kid,
            jwk,
        })
    }

    /// The public key as a JWK.
    pub(super) fn jwk(&self) -> &Value {
        &self.jwk
    }

    /// Signs a security event token (`typ` `secevent+jwt`, RFC 8417).
    pub(super) fn sign(&self, claims: &Value) -> Option<String> {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.kid.clone());
        header.typ = Some("secevent+jwt".to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding).ok()
    }
}
