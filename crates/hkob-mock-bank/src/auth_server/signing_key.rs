//! The server's signing key: ES256 on P-256, generated at start, published
//! as a JWKS with an RFC 7638 thumbprint as `kid`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use std::sync::Arc;

use serde_json::{Value, json};

use super::error::AuthSetupError;

/// A private key and its public JWK.
pub(super) struct SigningKey {
    encoding: EncodingKey,
    kid: String,
    jwk: Value,
}

/// The keys a server publishes: the one it signs with, the one before a
/// rotation (still published so tokens signed with it verify), and a decoy
/// that signs nothing (published only when asked to misbehave).
pub(super) struct KeyRing {
    pub(super) current: Arc<SigningKey>,
    pub(super) previous: Option<Arc<SigningKey>>,
    pub(super) decoy: Arc<SigningKey>,
}

impl KeyRing {
    pub(super) fn generate() -> Result<Self, AuthSetupError> {
        Ok(Self {
            current: Arc::new(SigningKey::generate()?),
            previous: None,
            decoy: Arc::new(SigningKey::generate()?),
        })
    }

    /// The JWKS document; with `decoy`, the decoy key comes first.
    pub(super) fn jwks(&self, decoy: bool) -> Value {
        let mut keys = Vec::new();
        if decoy {
            keys.push(self.decoy.jwk().clone());
        }
        keys.push(self.current.jwk().clone());
        if let Some(p) = &self.previous {
            keys.push(p.jwk().clone());
        }
        json!({ "keys": keys })
    }
}

impl SigningKey {
    /// Generates a fresh P-256 key.
    pub(super) fn generate() -> Result<Self, AuthSetupError> {
        let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)
            .map_err(|e| AuthSetupError::SigningKey(e.to_string()))?;
        let raw = pair.public_key_raw();
        // Uncompressed point: 0x04 || x (32 bytes) || y (32 bytes).
        if raw.len() != 65 || raw[0] != 4 {
            return Err(AuthSetupError::SigningKey(
                "unexpected P-256 public key encoding".to_owned(),
            ));
        }
        let x = URL_SAFE_NO_PAD.encode(&raw[1..33]);
        let y = URL_SAFE_NO_PAD.encode(&raw[33..65]);
        let thumbprint_input = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
        let kid = URL_SAFE_NO_PAD.encode(
            ring::digest::digest(&ring::digest::SHA256, thumbprint_input.as_bytes()).as_ref(),
        );
        let jwk = json!({
            "kty": "EC",
            "crv": "P-256",
            "x": x,
            "y": y,
            "use": "sig",
            "alg": "ES256",
            "kid": kid,
        });
        Ok(Self {
            encoding: EncodingKey::from_ec_der(&pair.serialize_der()),
            kid,
            jwk,
        })
    }

    /// The key id.
    pub(super) fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as a JWK.
    pub(super) fn jwk(&self) -> &Value {
        &self.jwk
    }

    /// Signs a JWS signing input (`<header>.<payload>`, both base64url):
    /// the base64url signature.
    pub(super) fn sign_input(&self, input: &[u8]) -> Result<String, jsonwebtoken::errors::Error> {
        jsonwebtoken::crypto::sign(input, &self.encoding, Algorithm::ES256)
    }

    /// Signs claims as a compact JWS (`alg` ES256, `typ` JWT, this `kid`).
    pub(super) fn sign(&self, claims: &Value) -> Result<String, jsonwebtoken::errors::Error> {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.kid.clone());
        header.typ = Some("JWT".to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding)
    }
}
