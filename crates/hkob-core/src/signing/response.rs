//! Checking the bank's detached JWS over an answer's body (`x-jws-signature`).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::HeaderName;
use jsonwebtoken::Algorithm;
use serde_json::{Map, Value};

use crate::auth::oidc::Jwks;
use crate::error::{AuthError, AuthErrorKind};
use crate::headers::JWS_SIGNATURE;
use crate::response::ApiResponse;

/// The algorithms a bank may sign answers with.
const ALLOWED: [Algorithm; 2] = [Algorithm::PS256, Algorithm::ES256];

/// The UK Open Banking claims a signer may put in the protected header and list in `crit`.
const OB_IAT: &str = "http://openbanking.org.uk/iat";
const OB_ISS: &str = "http://openbanking.org.uk/iss";
const OB_TAN: &str = "http://openbanking.org.uk/tan";

/// Header parameters this verifier understands when a signer marks them critical.
const UNDERSTOOD_CRIT: [&str; 4] = ["b64", OB_IAT, OB_ISS, OB_TAN];

/// Checks the detached JWS a bank puts on its answers (RFC 7515 Appendix F), with a key from the
/// bank's published key set.
///
/// An answer passes when it carries the signature header, the protected header names an allowed
/// algorithm (`PS256`, `ES256`) and a `kid` the bank's key set holds, every name in `crit` is one
/// this verifier understands (`b64` and the Open Banking `iat`, `iss`, `tan`) and is present,
/// the signing time is not in the future, the signer is the expected issuer (when one is set and
/// the header names one), and the signature verifies over the exact body bytes (base64url
/// encoded, or as they are under `"b64": false`). Anything else is
/// [`AuthErrorKind::InvalidSignature`].
///
/// ```no_run
/// use std::sync::Arc;
/// use hkob_core::auth::oidc::Jwks;
/// use hkob_core::signing::ResponseVerifier;
///
/// # async fn run(client: hkob_core::Client, answer: hkob_core::ApiResponse) -> hkob_core::Result<()> {
/// let jwks = Arc::new(Jwks::new(&client, "https://bank.example/jwks")?);
/// let verifier = ResponseVerifier::new(jwks).issuer("https://bank.example");
/// verifier.verify(&answer).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ResponseVerifier {
    jwks: Arc<Jwks>,
    issuer: Option<String>,
    header: HeaderName,
    skew: Duration,
}

impl fmt::Debug for ResponseVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseVerifier")
            .field("jwks", &self.jwks)
            .field("issuer", &self.issuer)
            .field("header", &self.header)
            .finish_non_exhaustive()
    }
}

impl ResponseVerifier {
    /// Verifies with keys from `jwks` (the bank's `jwks_uri`), reading `x-jws-signature`.
    pub fn new(jwks: Arc<Jwks>) -> Self {
        Self {
            jwks,
            issuer: None,
            header: HeaderName::from_static(JWS_SIGNATURE),
            skew: Duration::from_secs(60),
        }
    }

    /// Requires the Open Banking `iss` header parameter, when the signer sets it, to be `issuer`.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Reads the signature from another header.
    pub fn header_name(mut self, name: HeaderName) -> Self {
        self.header = name;
        self
    }

    /// How far in the future a signing time may be, for clocks that differ (60 seconds unless
    /// set).
    pub fn clock_skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// Checks the signature of `response`.
    pub async fn verify(&self, response: &ApiResponse) -> Result<(), AuthError> {
        let signature = response
            .headers()
            .get(&self.header)
            .map(|v| {
                v.to_str()
                    .map_err(|_| invalid("the signature header is not text"))
            })
            .transpose()?;
        self.verify_body(signature, response.body()).await
    }

    /// Checks `signature` (the header's value, `None` when it is absent) over `body`.
    pub async fn verify_body(&self, signature: Option<&str>, body: &[u8]) -> Result<(), AuthError> {
        let signature = signature.ok_or_else(|| invalid("the answer is not signed"))?;
        let mut parts = signature.split('.');
        let (Some(protected), Some(""), Some(sig), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid("the signature is not a detached JWS"));
        };
        let header = decode_header(protected)?;
        let algorithm = algorithm_of(&header)?;
        let kid = header
            .get("kid")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("the signature names no key (`kid`)"))?;
        let encoded = check_crit(&header)?;
        self.check_claims(&header)?;
        let key = self
            .jwks
            .key(Some(kid), algorithm)
            .await
            .map_err(|e| invalid(format!("no usable key: {}", e.message())))?;
        let mut message = Vec::with_capacity(protected.len().saturating_add(body.len()));
        message.extend_from_slice(protected.as_bytes());
        message.push(b'.');
        if encoded {
            message.extend_from_slice(URL_SAFE_NO_PAD.encode(body).as_bytes());
        } else {
            message.extend_from_slice(body);
        }
        match jsonwebtoken::crypto::verify(sig, &message, &key, algorithm) {
            Ok(true) => Ok(()),
            Ok(false) | Err(_) => Err(invalid("the signature does not verify")),
        }
    }

    fn check_claims(&self, header: &Map<String, Value>) -> Result<(), AuthError> {
        if let Some(typ) = header.get("typ")
            && !typ.as_str().is_some_and(|t| t.eq_ignore_ascii_case("JOSE"))
        {
            return Err(invalid("the signature's `typ` is not JOSE"));
        }
        if let Some(iat) = header.get(OB_IAT) {
            let iat = iat
                .as_i64()
                .ok_or_else(|| invalid("the signing time is not a number"))?;
            let now = chrono::Utc::now().timestamp();
            let skew = i64::try_from(self.skew.as_secs()).unwrap_or(i64::MAX);
            if iat > now.saturating_add(skew) {
                return Err(invalid("the answer is signed in the future"));
            }
        }
        if let (Some(expected), Some(iss)) = (&self.issuer, header.get(OB_ISS))
            && iss.as_str() != Some(expected.as_str())
        {
            return Err(invalid("the answer is signed by another issuer"));
        }
        Ok(())
    }
}

fn invalid(message: impl Into<String>) -> AuthError {
    AuthError::new(AuthErrorKind::InvalidSignature, message)
}

fn decode_header(protected: &str) -> Result<Map<String, Value>, AuthError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(protected)
        .map_err(|_| invalid("the signature's header is not base64url"))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(invalid("the signature's header is not a JSON object")),
    }
}

fn algorithm_of(header: &Map<String, Value>) -> Result<Algorithm, AuthError> {
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or("");
    ALLOWED
        .into_iter()
        .find(|a| format!("{a:?}") == alg)
        .ok_or_else(|| invalid(format!("the signature algorithm `{alg}` is not allowed")))
}

/// Checks `crit` and `b64`; returns whether the payload is base64url encoded.
fn check_crit(header: &Map<String, Value>) -> Result<bool, AuthError> {
    let crit: Vec<&str> = match header.get("crit") {
        None => Vec::new(),
        Some(Value::Array(names)) if !names.is_empty() => names
            .iter()
            .map(|n| {
                n.as_str()
                    .ok_or_else(|| invalid("`crit` holds a non-string"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(invalid("`crit` is not a non-empty array")),
    };
    for name in &crit {
        if !UNDERSTOOD_CRIT.contains(name) {
            return Err(invalid(format!(
                "the critical header parameter `{name}` is not understood"
            )));
        }
        if !header.contains_key(*name) {
            return Err(invalid(format!(
                "the critical header parameter `{name}` is missing"
            )));
        }
    }
    match header.get("b64") {
        None => Ok(true),
        Some(Value::Bool(true)) => Ok(true),
        Some(Value::Bool(false)) if crit.contains(&"b64") => Ok(false),
        Some(Value::Bool(false)) => Err(invalid("`b64: false` is not listed in `crit`")),
        Some(_) => Err(invalid("`b64` is not a boolean")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn crit_rules() {
        assert!(check_crit(&header(serde_json::json!({}))).unwrap());
        assert!(!check_crit(&header(serde_json::json!({"b64": false, "crit": ["b64"]}))).unwrap());
        assert!(check_crit(&header(serde_json::json!({"b64": false}))).is_err());
        assert!(check_crit(&header(serde_json::json!({"crit": ["b64"]}))).is_err());
        assert!(check_crit(&header(serde_json::json!({"x": 1, "crit": ["x"]}))).is_err());
        assert!(check_crit(&header(serde_json::json!({"crit": []}))).is_err());
        let ob = serde_json::json!({
            OB_IAT: 1, OB_ISS: "a", OB_TAN: "b", "crit": [OB_IAT, OB_ISS, OB_TAN]
        });
        assert!(check_crit(&header(ob)).unwrap());
    }

    #[test]
    fn algorithms() {
        assert!(algorithm_of(&header(serde_json::json!({"alg": "PS256"}))).is_ok());
        assert!(algorithm_of(&header(serde_json::json!({"alg": "ES256"}))).is_ok());
        for bad in ["none", "HS256", "RS256", ""] {
            assert!(algorithm_of(&header(serde_json::json!({"alg": bad}))).is_err());
        }
    }
}
