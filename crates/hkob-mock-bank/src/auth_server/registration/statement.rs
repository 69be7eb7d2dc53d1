//! The software statement a registration request carries: a JWT that
//! vouches for the TSP's software and holds its public keys. The mock
//! takes any well-formed one (three base64url parts, a JSON header naming
//! an `alg`, a JSON object of claims); it does not check who signed it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::error::RegistrationError;

/// The claims that may hold the TSP's keys, in the order they are looked at:
/// UK Open Banking's `software_jwks` and `org_jwks`, or a plain `jwks`.
const KEY_CLAIMS: [&str; 3] = ["software_jwks", "org_jwks", "jwks"];

/// A well-formed software statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SoftwareStatement {
    /// The statement as it was sent (returned unchanged, RFC 7591 §3.2.1).
    pub(crate) jwt: String,
    /// Its claims.
    pub(crate) claims: Map<String, Value>,
}

impl SoftwareStatement {
    /// Reads a statement: refused with `invalid_software_statement` unless it
    /// is a JWT.
    pub(crate) fn parse(jwt: &str) -> Result<Self, RegistrationError> {
        let bad = |why: &str| RegistrationError::statement(format!("software_statement: {why}"));
        let mut parts = jwt.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("not a compact JWT (three dot-separated parts)"));
        };
        if header.is_empty() || payload.is_empty() || signature.is_empty() {
            return Err(bad("a part of the JWT is empty"));
        }
        let header = json_object(header).ok_or_else(|| bad("the header is not base64url JSON"))?;
        let alg = header.get("alg").and_then(Value::as_str);
        if alg.is_none_or(|a| a.is_empty() || a.eq_ignore_ascii_case("none")) {
            return Err(bad("the header names no signing alg"));
        }
        if URL_SAFE_NO_PAD.decode(signature).is_err() {
            return Err(bad("the signature is not base64url"));
        }
        let claims = json_object(payload)
            .ok_or_else(|| bad("the claims are not a base64url JSON object"))?;
        Ok(Self {
            jwt: jwt.to_owned(),
            claims,
        })
    }

    /// The statement's `software_id`, if it names one.
    pub(crate) fn software_id(&self) -> Option<&str> {
        self.claims.get("software_id").and_then(Value::as_str)
    }

    /// The public keys the statement carries (JWK objects), from the first
    /// of `software_jwks`, `org_jwks` and `jwks` that holds any.
    pub(crate) fn keys(&self) -> Vec<&Map<String, Value>> {
        KEY_CLAIMS
            .iter()
            .filter_map(|claim| self.claims.get(*claim))
            .map(|set| {
                set.get("keys")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_object)
                    .collect::<Vec<_>>()
            })
            .find(|keys| !keys.is_empty())
            .unwrap_or_default()
    }
}

/// A base64url part of a JWT that decodes to a JSON object.
pub(crate) fn json_object(part: &str) -> Option<Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jwt(header: &Value, claims: &Value) -> String {
        format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    }

    #[test]
    fn a_well_formed_statement_gives_its_software_id_and_keys() {
        let key = json!({"kty": "EC", "kid": "k1"});
        let s = SoftwareStatement::parse(&jwt(
            &json!({"alg": "PS256"}),
            &json!({"software_id": "sw-1", "org_jwks": {"keys": []}, "jwks": {"keys": [key]}}),
        ))
        .unwrap();
        assert_eq!(s.software_id(), Some("sw-1"));
        assert_eq!(s.keys().len(), 1);
        assert_eq!(s.keys()[0]["kid"], "k1");
    }

    #[test]
    fn anything_but_a_jwt_is_refused() {
        for bad in [
            String::new(),
            "abc".to_owned(),
            "a.b".to_owned(),
            "a.b.c.d".to_owned(),
            "..".to_owned(),
            "%%%.%%%.%%%".to_owned(),
            jwt(&json!({"alg": "none"}), &json!({})),
            jwt(&json!({"typ": "JWT"}), &json!({})),
            jwt(&json!({"alg": "ES256"}), &json!(["not", "an", "object"])),
            format!("{}.e30.c2ln", URL_SAFE_NO_PAD.encode("[1]")),
        ] {
            let refused = SoftwareStatement::parse(&bad).unwrap_err();
            assert_eq!(
                refused.code,
                super::super::error::RegistrationErrorCode::SoftwareStatement,
                "{bad}"
            );
        }
    }
}
