//! ID tokens (OpenID Connect Core §2, §3.1.3.6, FAPI 1 Advanced §5.1 `s_hash`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use super::error::OAuthError;
use super::{AuthServer, Misbehaviour, RequestMisbehaviours};

/// A week, in seconds (how far back `IdTokenIatWeekInPast` dates `iat`).
const WEEK_SECS: i64 = 7 * 24 * 3600;
/// Ten minutes, in seconds (how far ahead `FutureIdTokenIat` dates `iat`).
const FUTURE_IAT_SECS: i64 = 600;

/// What goes into one ID token.
pub(super) struct IdTokenInput<'a> {
    pub(super) client_id: &'a str,
    pub(super) subject: &'a str,
    pub(super) auth_time: i64,
    pub(super) nonce: Option<&'a str>,
    pub(super) code: Option<&'a str>,
    pub(super) state: Option<&'a str>,
    pub(super) access_token: Option<&'a str>,
    pub(super) consent_id: Option<&'a str>,
    pub(super) name: Option<&'a str>,
}

/// The left half of the SHA-256 hash, base64url (the `*_hash` claims for ES256).
pub(super) fn half_hash(value: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, value.as_bytes());
    let bytes = digest.as_ref();
    URL_SAFE_NO_PAD.encode(&bytes[..bytes.len() / 2])
}

impl AuthServer {
    /// Builds and signs an ID token, applying the misbehaviours now on.
    pub(super) fn id_token(
        &self,
        input: &IdTokenInput<'_>,
        extra: Option<&RequestMisbehaviours>,
    ) -> Result<String, OAuthError> {
        let on = |m| self.misbehaving(extra, m);
        let now = self.clock.now();
        let mut claims = Map::new();
        let iss = if on(Misbehaviour::WrongIdTokenIssuer) {
            "https://wrong-issuer.invalid".to_owned()
        } else {
            self.config.issuer.clone()
        };
        let aud = if on(Misbehaviour::WrongIdTokenAudience) {
            "some-other-client".to_owned()
        } else {
            input.client_id.to_owned()
        };
        let exp = if on(Misbehaviour::ExpiredIdToken) {
            now.saturating_sub(360)
        } else {
            now.saturating_add(self.config.lifetimes.id_token_secs)
        };
        let aud = if on(Misbehaviour::IdTokenUntrustedAudience) {
            json!([aud, "untrusted-party"])
        } else if on(Misbehaviour::IdTokenAudienceArray) {
            json!([aud])
        } else {
            json!(aud)
        };
        let iat = if on(Misbehaviour::IdTokenIatWeekInPast) {
            now.saturating_sub(WEEK_SECS)
        } else if on(Misbehaviour::FutureIdTokenIat) {
            now.saturating_add(FUTURE_IAT_SECS)
        } else {
            now
        };
        if !on(Misbehaviour::MissingIdTokenIssuer) {
            claims.insert("iss".into(), json!(iss));
        }
        claims.insert("sub".into(), json!(input.subject));
        if !on(Misbehaviour::MissingIdTokenAudience) {
            claims.insert("aud".into(), aud);
        }
        if !on(Misbehaviour::MissingIdTokenExp) {
            claims.insert("exp".into(), json!(exp));
        }
        claims.insert("iat".into(), json!(iat));
        claims.insert("auth_time".into(), json!(input.auth_time));
        if let Some(nonce) = input.nonce
            && !on(Misbehaviour::MissingNonce)
        {
            let nonce = if on(Misbehaviour::WrongNonce) {
                format!("{nonce}-tampered")
            } else {
                nonce.to_owned()
            };
            claims.insert("nonce".into(), json!(nonce));
        }
        if let Some(code) = input.code
            && !on(Misbehaviour::MissingCHash)
        {
            let h = if on(Misbehaviour::WrongCHash) {
                half_hash(&format!("{code}-tampered"))
            } else {
                half_hash(code)
            };
            claims.insert("c_hash".into(), json!(h));
        }
        if let Some(state) = input.state
            && !on(Misbehaviour::MissingSHash)
        {
            let h = if on(Misbehaviour::WrongSHash) {
                half_hash(&format!("{state}-tampered"))
            } else {
                half_hash(state)
            };
            claims.insert("s_hash".into(), json!(h));
        }
        if let Some(at) = input.access_token {
            claims.insert("at_hash".into(), json!(half_hash(at)));
        }
        if let Some(consent_id) = input.consent_id {
            let consent_id = if on(Misbehaviour::WrongConsentId) {
                format!("{consent_id}-other")
            } else {
                consent_id.to_owned()
            };
            claims.insert("consent_id".into(), json!(consent_id));
            claims.insert("openbanking_intent_id".into(), json!(consent_id));
        }
        if let Some(name) = input.name {
            claims.insert("name".into(), json!(name));
        }
        let claims = Value::Object(claims);
        if on(Misbehaviour::IdTokenAlgNone) {
            let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
            let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
            return Ok(format!("{header}.{payload}."));
        }
        let jwt = self
            .signing_key()
            .sign(&claims)
            .map_err(|e| OAuthError::server_error(format!("cannot sign ID token: {e}")))?;
        if on(Misbehaviour::BadIdTokenSignature) {
            return Ok(corrupt_signature(&jwt));
        }
        Ok(jwt)
    }
}

/// Flips a bit in the signature of a compact JWS.
fn corrupt_signature(jwt: &str) -> String {
    let Some((signing_input, sig)) = jwt.rsplit_once('.') else {
        return jwt.to_owned();
    };
    let mut bytes = URL_SAFE_NO_PAD.decode(sig).unwrap_or_default();
    if let Some(b) = bytes.first_mut() {
        *b ^= 0x01;
    }
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_hash_is_16_bytes_base64url() {
        let h = half_hash("abc");
        assert_eq!(h.len(), 22);
        // SHA-256("abc") starts ba7816bf8f01cfea414140de5dae2223.
        assert_eq!(
            URL_SAFE_NO_PAD.decode(&h).unwrap()[..4],
            [0xba, 0x78, 0x16, 0xbf]
        );
    }

    #[test]
    fn corrupt_signature_changes_only_the_signature() {
        let out = corrupt_signature("aGVhZA.Ym9keQ.c2lnbmF0dXJl");
        assert!(out.starts_with("aGVhZA.Ym9keQ."));
        assert_ne!(out, "aGVhZA.Ym9keQ.c2lnbmF0dXJl");
    }
}
