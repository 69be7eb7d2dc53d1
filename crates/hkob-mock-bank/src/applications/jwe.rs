//! The bank's encryption key (RSA 2048, `RSA-OAEP-256`) and the decryption
//! of the compact JWEs TSPs send it (`A256GCM`). The key is made the first
//! time a bank needs it, so a mock that serves no application pays nothing.
//! A JWE that is not for this key, not of these algorithms, or altered is
//! refused with one [`Undecryptable`] whatever went wrong (the reason is for
//! the bank's log, not the TSP).

use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use josekit::jwe::alg::rsaes::RsaesJweDecrypter;
use josekit::jwe::{self, RSA_OAEP_256};
use josekit::jwk::KeyPair as _;
use serde_json::{Map, Value};

/// The key management algorithm the bank takes.
pub(crate) const ALG: &str = "RSA-OAEP-256";
/// The content encryption the bank takes.
pub(crate) const ENC: &str = "A256GCM";
/// The largest JWE the bank reads (bytes of its compact form).
const MAX_JWE_LEN: usize = 512 * 1024;

/// A JWE the bank could not decrypt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Undecryptable;

/// The bank's encryption key pair.
pub(crate) struct EncryptionKey {
    kid: String,
    public: Value,
    decrypter: RsaesJweDecrypter,
}

impl std::fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncryptionKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// The bank's key, made on first use; `None` if it cannot be made.
#[derive(Debug, Default)]
pub(crate) struct LazyKey(OnceLock<Option<EncryptionKey>>);

impl LazyKey {
    /// The key of `bank_id`, made now if it is the first call.
    pub(crate) fn get(&self, bank_id: &str) -> Option<&EncryptionKey> {
        self.0
            .get_or_init(|| EncryptionKey::generate(bank_id))
            .as_ref()
    }
}

impl EncryptionKey {
    fn generate(bank_id: &str) -> Option<Self> {
        let pair = RSA_OAEP_256.generate_key_pair(2048).ok()?;
        let kid = format!("{bank_id}-enc-1");
        let mut private = pair.to_jwk_key_pair();
        private.set_key_id(kid.clone());
        let decrypter = RSA_OAEP_256.decrypter_from_jwk(&private).ok()?;
        let public = pair.to_jwk_public_key();
        let map: &Map<String, Value> = public.as_ref();
        let mut jwk = Map::new();
        jwk.insert("kty".into(), "RSA".into());
        jwk.insert("use".into(), "enc".into());
        jwk.insert("alg".into(), ALG.into());
        jwk.insert("kid".into(), kid.clone().into());
        for member in ["n", "e"] {
            jwk.insert(member.into(), map.get(member)?.clone());
        }
        Some(Self {
            kid,
            public: Value::Object(jwk),
            decrypter,
        })
    }

    /// The key's id.
    #[cfg(test)]
    pub(crate) fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as a JWK (`use: enc`).
    pub(crate) fn public_jwk(&self) -> &Value {
        &self.public
    }

    /// The plaintext of a compact JWE for this key: `alg` `RSA-OAEP-256`,
    /// `enc` `A256GCM`, and the key's `kid` when it names one.
    pub(crate) fn decrypt(&self, compact: &str) -> Result<Vec<u8>, Undecryptable> {
        if compact.len() > MAX_JWE_LEN || compact.split('.').count() != 5 {
            return Err(Undecryptable);
        }
        let header = compact.split('.').next().ok_or(Undecryptable)?;
        let header = URL_SAFE_NO_PAD.decode(header).map_err(|_| Undecryptable)?;
        let header: Map<String, Value> =
            serde_json::from_slice(&header).map_err(|_| Undecryptable)?;
        let text = |k: &str| header.get(k).and_then(Value::as_str);
        if text("alg") != Some(ALG) || text("enc") != Some(ENC) || header.contains_key("zip") {
            return Err(Undecryptable);
        }
        if header
            .get("kid")
            .is_some_and(|k| k.as_str() != Some(self.kid.as_str()))
        {
            return Err(Undecryptable);
        }
        let decrypter = &self.decrypter;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            jwe::deserialize_compact(compact, decrypter)
        }))
        .map_err(|_| Undecryptable)?
        .map(|(plain, _)| plain)
        .map_err(|_| Undecryptable)
    }
}

#[cfg(test)]
mod tests {
    use josekit::jwe::JweHeader;
    use josekit::jwk::Jwk;

    use super::*;

    fn encrypt(jwk: &Value, kid: &str, plain: &[u8]) -> String {
        let jwk = Jwk::from_bytes(jwk.to_string()).expect("jwk");
        let mut header = JweHeader::new();
        header.set_content_encryption(ENC);
        header.set_key_id(kid);
        header.set_content_type("json");
        let encrypter = RSA_OAEP_256.encrypter_from_jwk(&jwk).expect("encrypter");
        jwe::serialize_compact(plain, &header, &encrypter).expect("jwe")
    }

    #[test]
    fn decrypts_its_own_and_refuses_the_rest() {
        let key = EncryptionKey::generate("bea").expect("key");
        assert_eq!(key.public_jwk()["use"], "enc");
        let jwe = encrypt(key.public_jwk(), key.kid(), br#"{"a":1}"#);
        assert_eq!(key.decrypt(&jwe), Ok(br#"{"a":1}"#.to_vec()));
        let other = encrypt(key.public_jwk(), "other", b"{}");
        assert_eq!(key.decrypt(&other), Err(Undecryptable));
        let mut tampered = jwe.clone().into_bytes();
        let at = tampered.len().saturating_sub(30);
        if let Some(b) = tampered.get_mut(at) {
            *b = if *b == b'A' { b'B' } else { b'A' };
        }
        let tampered = String::from_utf8(tampered).expect("text");
        assert_eq!(key.decrypt(&tampered), Err(Undecryptable));
        for junk in ["", "a.b.c.d.e", "....", "%%%.%.%.%.%"] {
            assert_eq!(key.decrypt(junk), Err(Undecryptable));
        }
        let jwk = Jwk::from_bytes(key.public_jwk().to_string()).expect("jwk");
        let mut header = JweHeader::new();
        header.set_content_encryption("A128GCM");
        let encrypter = RSA_OAEP_256.encrypter_from_jwk(&jwk).expect("encrypter");
        let other_enc = jwe::serialize_compact(b"{}", &header, &encrypter).expect("jwe");
        assert_eq!(key.decrypt(&other_enc), Err(Undecryptable));
        let someone_else = EncryptionKey::generate("dsb").expect("key");
        let theirs = encrypt(someone_else.public_jwk(), key.kid(), b"{}");
        assert_eq!(key.decrypt(&theirs), Err(Undecryptable));
    }
}
