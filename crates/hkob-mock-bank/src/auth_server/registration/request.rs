//! The signed registration request (`Content-Type: application/jose`): a
//! JWT signed (ES256 or PS256) with a key the software statement carries,
//! issued by the statement's software, addressed to this issuer, and
//! short-lived (`exp` at most 30 minutes after `iat`, `iat` not ahead).

use http::{HeaderMap, header};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};

use super::error::RegistrationError;
use super::statement::{SoftwareStatement, json_object};
use crate::auth_server::AuthServer;

/// The longest a request may be valid, from `iat` to `exp` (30 minutes).
const MAX_LIFETIME_SECS: i64 = 1800;
/// Clock skew accepted on `iat` and `exp`, in seconds.
const SKEW_SECS: i64 = 60;
/// The store's key for the `jti`s of registration requests (no client id
/// can be empty).
const JTI_SCOPE: &str = "";

/// A registration request whose signature and times checked out.
#[derive(Debug, Clone)]
pub(crate) struct SignedRequest {
    /// Every claim of the request: the client metadata, and the JWT's own.
    pub(crate) claims: Map<String, Value>,
    /// The software statement: the request's, or (on update) the one registered.
    pub(crate) statement: SoftwareStatement,
    /// The public key (a JWK of the statement) the request verified with.
    pub(crate) key: Map<String, Value>,
}

/// Who may have signed an update: the registered client, whose statement
/// stands when the request carries none.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Registered<'a> {
    pub(crate) client_id: &'a str,
    pub(crate) statement: &'a SoftwareStatement,
}

/// Whether the body is labelled `application/jose` (or `application/jwt`).
fn is_jose(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            let v = v.trim();
            v.eq_ignore_ascii_case("application/jose") || v.eq_ignore_ascii_case("application/jwt")
        })
}

impl AuthServer {
    /// Checks a registration (`registered` is `None`) or update request.
    pub(crate) fn signed_request(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        registered: Option<Registered<'_>>,
    ) -> Result<SignedRequest, RegistrationError> {
        let bad = |why: &str| RegistrationError::metadata(format!("the request JWT: {why}"));
        if !is_jose(headers) {
            return Err(RegistrationError::metadata(
                "the body must be a signed JWT labelled application/jose",
            ));
        }
        let jwt = std::str::from_utf8(body)
            .map_err(|_| bad("not text"))?
            .trim();
        let mut parts = jwt.split('.');
        let (Some(header), Some(payload), Some(_), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("not a compact JWS"));
        };
        let header = json_object(header).ok_or_else(|| bad("the header is not base64url JSON"))?;
        let alg = match header.get("alg").and_then(Value::as_str) {
            Some("ES256") => Algorithm::ES256,
            Some("PS256") => Algorithm::PS256,
            _ => return Err(bad("alg must be ES256 or PS256")),
        };
        let unverified =
            json_object(payload).ok_or_else(|| bad("the claims are not a JSON object"))?;
        let statement = match unverified.get("software_statement") {
            Some(Value::String(s)) => SoftwareStatement::parse(s)?,
            Some(_) => {
                return Err(RegistrationError::statement(
                    "software_statement must be a JWT",
                ));
            }
            None => match registered {
                Some(r) => r.statement.clone(),
                None => {
                    return Err(RegistrationError::statement(
                        "software_statement is required",
                    ));
                }
            },
        };
        let kid = header.get("kid").and_then(Value::as_str);
        let (key, claims) = verify(jwt, alg, kid, &statement)?;
        self.check_claims(&claims, &statement, registered)?;
        Ok(SignedRequest {
            claims,
            statement,
            key,
        })
    }

    /// `aud`, `iat`, `exp`, `iss` and a `jti` seen once.
    fn check_claims(
        &self,
        claims: &Map<String, Value>,
        statement: &SoftwareStatement,
        registered: Option<Registered<'_>>,
    ) -> Result<(), RegistrationError> {
        let bad = |why: String| RegistrationError::metadata(format!("the request JWT: {why}"));
        let issuer = self.config.issuer.as_str();
        let for_us = match claims.get("aud") {
            Some(Value::String(aud)) => aud == issuer,
            Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(issuer)),
            _ => false,
        };
        if !for_us {
            return Err(bad(format!("aud must be the issuer {issuer}")));
        }
        let time = |name: &str| {
            claims
                .get(name)
                .and_then(Value::as_i64)
                .ok_or_else(|| bad(format!("{name} must be a time in seconds")))
        };
        let (iat, exp) = (time("iat")?, time("exp")?);
        let now = self.clock.now();
        if iat > now.saturating_add(SKEW_SECS) {
            return Err(bad("iat is in the future".to_owned()));
        }
        if exp <= iat {
            return Err(bad("exp must be after iat".to_owned()));
        }
        if exp.saturating_sub(iat) > MAX_LIFETIME_SECS {
            return Err(bad("exp is more than 30 minutes after iat".to_owned()));
        }
        if exp.saturating_add(SKEW_SECS) <= now {
            return Err(bad("the request has expired".to_owned()));
        }
        let iss = claims
            .get("iss")
            .and_then(Value::as_str)
            .filter(|i| !i.is_empty())
            .ok_or_else(|| bad("iss is required".to_owned()))?;
        let software = statement.software_id();
        let signer_ok = match registered {
            Some(r) => iss == r.client_id || software == Some(iss),
            None => software.is_none_or(|s| s == iss),
        };
        if !signer_ok {
            return Err(bad(format!(
                "iss {iss} is not the software statement's software_id{}",
                if registered.is_some() {
                    " nor the client id"
                } else {
                    ""
                }
            )));
        }
        if let Some(jti) = claims.get("jti") {
            let jti = jti
                .as_str()
                .filter(|j| !j.is_empty())
                .ok_or_else(|| bad("jti must be text".to_owned()))?;
            let fresh = self.lock().record_assertion_jti(
                JTI_SCOPE,
                jti,
                exp.saturating_add(SKEW_SECS),
                now,
            );
            if !fresh {
                return Err(bad("jti was already used".to_owned()));
            }
        }
        Ok(())
    }
}

/// A JSON object: a JWK, or a JWT's claims.
type Object = Map<String, Value>;

/// Verifies the request with the statement's keys: the one its `kid`
/// names, or each key of the algorithm's type. The key that verified, and
/// the claims.
fn verify(
    jwt: &str,
    alg: Algorithm,
    kid: Option<&str>,
    statement: &SoftwareStatement,
) -> Result<(Object, Object), RegistrationError> {
    let keys = statement.keys();
    if keys.is_empty() {
        return Err(RegistrationError::statement(
            "the software statement carries no keys (software_jwks, org_jwks or jwks)",
        ));
    }
    let kty = if alg == Algorithm::ES256 { "EC" } else { "RSA" };
    let candidates: Vec<&Map<String, Value>> = keys
        .into_iter()
        .filter(|k| !k.contains_key("d"))
        .filter(|k| match kid {
            Some(kid) => k.get("kid").and_then(Value::as_str) == Some(kid),
            None => k.get("kty").and_then(Value::as_str) == Some(kty),
        })
        .collect();
    if candidates.is_empty() {
        return Err(RegistrationError::metadata(match kid {
            Some(kid) => format!("the software statement has no public key with kid {kid}"),
            None => format!("the software statement has no public {kty} key"),
        }));
    }
    let mut validation = Validation::new(alg);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    for key in candidates {
        let Some(decoding) = decoding_key(key) else {
            continue;
        };
        if let Ok(data) = jsonwebtoken::decode::<Map<String, Value>>(jwt, &decoding, &validation) {
            return Ok((key.clone(), data.claims));
        }
    }
    Err(RegistrationError::metadata(
        "the request JWT's signature does not verify with the software statement's keys",
    ))
}

fn decoding_key(jwk: &Map<String, Value>) -> Option<DecodingKey> {
    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(Value::Object(jwk.clone())).ok()?;
    DecodingKey::from_jwk(&jwk).ok()
}
