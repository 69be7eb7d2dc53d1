//! Protecting personal data for the bank: JWE to its published key, and BOCHK-style wrapped
//! payloads. All the cryptography is josekit's (JWE) and ring's (SHA-256); the detached JWS is
//! hkob-core's.

use std::fmt;

use hkob_core::signing::DetachedJws;
use josekit::jwe::{self, JweHeader};
use josekit::jwk::Jwk;
use serde_json::Value;

use crate::error::ApplicationError;

/// The key-management algorithm hkob encrypts with.
pub const KEY_ALGORITHM: &str = "RSA-OAEP-256";
/// The content-encryption algorithm hkob encrypts with.
pub const CONTENT_ENCRYPTION: &str = "A256GCM";

/// A bank's public encryption key (an RSA key for `RSA-OAEP-256`), as the bank publishes it in
/// its key set.
///
/// [`ApplicationAccess`](crate::ApplicationAccess) reads it from the bank's key set; a TSP that
/// received the key another way (BOCHK exchanges certificates with each TSP) gives it with
/// [`ApplicationOptions::encryption_key`](crate::ApplicationOptions::encryption_key).
#[derive(Clone)]
pub struct BankEncryptionKey {
    kid: String,
    jwk: Jwk,
}

impl BankEncryptionKey {
    /// Reads one JWK (as JSON). It must be an RSA key with a `kid`, for encryption (`use`
    /// `enc`, or no `use`) with `RSA-OAEP-256` (or no `alg`).
    pub fn from_jwk(jwk: &Value) -> Result<Self, ApplicationError> {
        let refuse = |why: &str| ApplicationError::EncryptionKey(why.to_owned());
        let member = |name: &str| jwk.get(name).and_then(Value::as_str);
        if member("kty") != Some("RSA") {
            return Err(refuse("the key is not an RSA key"));
        }
        if member("use").is_some_and(|u| u != "enc") {
            return Err(refuse("the key is not for encryption"));
        }
        if member("alg").is_some_and(|a| a != KEY_ALGORITHM) {
            return Err(refuse("the key is not for RSA-OAEP-256"));
        }
        let kid = member("kid")
            .filter(|k| !k.is_empty())
            .ok_or_else(|| refuse("the key has no kid"))?
            .to_owned();
        let Value::Object(map) = jwk.clone() else {
            return Err(refuse("the key is not a JSON object"));
        };
        let jwk = Jwk::from_map(map).map_err(|e| refuse(&e.to_string()))?;
        // Refuses a key josekit cannot use (a short modulus, say) now rather than at sending.
        jwe::RSA_OAEP_256
            .encrypter_from_jwk(&jwk)
            .map_err(|e| refuse(&e.to_string()))?;
        Ok(Self { kid, jwk })
    }

    /// Picks the encryption key out of a key set (`{"keys": [...]}`): the one RSA key for
    /// encryption, or, if the set has several, the first.
    pub fn from_jwks(set: &Value) -> Result<Self, ApplicationError> {
        let keys = set
            .get("keys")
            .and_then(Value::as_array)
            .ok_or_else(|| ApplicationError::EncryptionKey("the key set has no keys".into()))?;
        keys.iter()
            .filter(|k| k.get("use").and_then(Value::as_str) != Some("sig"))
            .find_map(|k| Self::from_jwk(k).ok())
            .ok_or_else(|| {
                ApplicationError::EncryptionKey(
                    "the key set has no RSA key for RSA-OAEP-256 encryption".into(),
                )
            })
    }

    /// The key's id, copied into every JWE header.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// `plaintext` as a compact JWE (`RSA-OAEP-256`, `A256GCM`, the key's `kid`, `cty` `json`).
    pub(crate) fn encrypt(&self, plaintext: &[u8]) -> Result<String, ApplicationError> {
        let failed = |e: josekit::JoseError| ApplicationError::Encryption(e.to_string());
        let encrypter = jwe::RSA_OAEP_256
            .encrypter_from_jwk(&self.jwk)
            .map_err(failed)?;
        let mut header = JweHeader::new();
        header.set_content_encryption(CONTENT_ENCRYPTION);
        header.set_key_id(self.kid.clone());
        header.set_content_type("json");
        jwe::serialize_compact(plaintext, &header, &encrypter).map_err(failed)
    }

    /// `value`'s JSON as a compact JWE.
    pub(crate) fn encrypt_json(
        &self,
        value: &impl serde::Serialize,
    ) -> Result<String, ApplicationError> {
        let plaintext = serde_json::to_vec(value)
            .map_err(|e| ApplicationError::Encryption(format!("cannot encode the payload: {e}")))?;
        self.encrypt(&plaintext)
    }
}

impl fmt::Debug for BankEncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BankEncryptionKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// A document sealed as the BOCHK group wants it: encrypted (`token`), checked (`checksum`,
/// the lowercase hex SHA-256 of the plaintext) and signed (`digest`, a detached JWS over the
/// token).
pub(crate) struct Wrapped {
    pub(crate) token: String,
    pub(crate) checksum: String,
    pub(crate) digest: String,
}

/// Seals `value`'s JSON for the bank of `key`, signed with `signer`.
pub(crate) fn wrap(
    key: &BankEncryptionKey,
    signer: &DetachedJws,
    value: &impl serde::Serialize,
) -> Result<Wrapped, ApplicationError> {
    let plaintext = plaintext(value)?;
    let token = key.encrypt(&plaintext)?;
    let digest = signer.signature(token.as_bytes()).map_err(|e| {
        ApplicationError::Encryption(format!("cannot sign the token: {}", e.message()))
    })?;
    Ok(Wrapped {
        checksum: sha256_hex(&plaintext),
        token,
        digest,
    })
}

/// `value`'s JSON, the plaintext of a JWE.
fn plaintext(value: &impl serde::Serialize) -> Result<Vec<u8>, ApplicationError> {
    serde_json::to_vec(value)
        .map_err(|e| ApplicationError::Encryption(format!("cannot encode the payload: {e}")))
}

/// The lowercase hex SHA-256 of `bytes`.
fn sha256_hex(bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    digest
        .as_ref()
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            use fmt::Write as _;
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_a_known_string() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// A bank key pair, and its public half as the bank publishes it.
    fn bank_key() -> (josekit::jwk::Jwk, Value) {
        use josekit::jwk::KeyPair;
        let pair = jwe::RSA_OAEP_256.generate_key_pair(2048).unwrap();
        let mut public = pair.to_jwk_public_key();
        public.set_key_id("bank-enc-1");
        public.set_key_use("enc");
        public.set_algorithm(KEY_ALGORITHM);
        let public = Value::Object(public.as_ref().clone());
        (pair.to_jwk_private_key(), public)
    }

    #[test]
    fn a_jwe_decrypts_with_the_bank_key_only() {
        let (private, public) = bank_key();
        let set = serde_json::json!({"keys": [{"kty": "EC", "use": "sig", "kid": "s", "crv": "P-256", "x": "AA", "y": "AA"}, public]});
        let key = BankEncryptionKey::from_jwks(&set).unwrap();
        assert_eq!(key.kid(), "bank-enc-1");
        let token = key
            .encrypt_json(&serde_json::json!({"hkid": "A1234563"}))
            .unwrap();
        assert_eq!(token.split('.').count(), 5);
        assert!(!token.contains("A1234563"));

        let decrypter = jwe::RSA_OAEP_256.decrypter_from_jwk(&private).unwrap();
        let (plaintext, header) = jwe::deserialize_compact(&token, &decrypter).unwrap();
        assert_eq!(plaintext, br#"{"hkid":"A1234563"}"#);
        assert_eq!(header.algorithm(), Some(KEY_ALGORITHM));
        assert_eq!(header.content_encryption(), Some(CONTENT_ENCRYPTION));
        assert_eq!(header.key_id(), Some("bank-enc-1"));
        assert_eq!(header.content_type(), Some("json"));

        let (other, _) = bank_key();
        let wrong = jwe::RSA_OAEP_256.decrypter_from_jwk(&other).unwrap();
        assert!(jwe::deserialize_compact(&token, &wrong).is_err());
    }

    #[test]
    fn a_wrapped_payload_is_checked_and_signed() {
        let (private, public) = bank_key();
        let key = BankEncryptionKey::from_jwk(&public).unwrap();
        let pem = p256_pem();
        let signer = DetachedJws::new(
            hkob_core::signing::SigningKey::from_pem(
                hkob_core::signing::SigningAlgorithm::Es256,
                pem.as_bytes(),
            )
            .unwrap(),
        );
        let document = serde_json::json!({"productType": "credit-card"});
        let sealed = wrap(&key, &signer, &document).unwrap();
        let decrypter = jwe::RSA_OAEP_256.decrypter_from_jwk(&private).unwrap();
        let (plaintext, _) = jwe::deserialize_compact(&sealed.token, &decrypter).unwrap();
        assert_eq!(sealed.checksum, sha256_hex(&plaintext));
        let parts: Vec<&str> = sealed.digest.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert!(parts[1].is_empty(), "the digest is detached");
    }

    /// A throw-away P-256 key in PKCS#8 PEM, made with josekit.
    fn p256_pem() -> String {
        use josekit::jwk::alg::ec::{EcCurve, EcKeyPair};
        let pair = EcKeyPair::generate(EcCurve::P256).unwrap();
        String::from_utf8(pair.to_pem_private_key()).unwrap()
    }

    #[test]
    fn keys_that_cannot_encrypt_are_refused() {
        for jwk in [
            serde_json::json!({"kty": "EC", "kid": "a", "crv": "P-256", "x": "AA", "y": "AA"}),
            serde_json::json!({"kty": "RSA", "use": "sig", "kid": "a", "n": "AQAB", "e": "AQAB"}),
            serde_json::json!({"kty": "RSA", "alg": "RSA1_5", "kid": "a", "n": "AQAB", "e": "AQAB"}),
            serde_json::json!({"kty": "RSA", "n": "AQAB", "e": "AQAB"}),
            serde_json::json!({"kty": "RSA", "kid": "tiny", "n": "AQAB", "e": "AQAB"}),
        ] {
            assert!(
                matches!(
                    BankEncryptionKey::from_jwk(&jwk),
                    Err(ApplicationError::EncryptionKey(_))
                ),
                "{jwk}"
            );
        }
        assert!(BankEncryptionKey::from_jwks(&serde_json::json!({"keys": []})).is_err());
    }
}
