//! ID token validation.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, Validation};
use serde::Deserialize;

use super::discovery::ProviderMetadata;
use super::jwks::Jwks;
use crate::error::{AuthError, AuthErrorKind, Error};

/// The signing algorithms an ID token may use (FAPI 1.0 Advanced): PS256 and ES256, never
/// `none`, never a symmetric one.
const ALLOWED: [Algorithm; 2] = [Algorithm::PS256, Algorithm::ES256];

/// The claims of a validated ID token. The subject (a customer identifier) never appears in
/// `Debug`.
#[derive(Clone, Deserialize)]
pub struct IdTokenClaims {
    iss: String,
    sub: String,
    #[serde(deserialize_with = "one_or_many")]
    aud: Vec<String>,
    exp: i64,
    iat: i64,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    azp: Option<String>,
    #[serde(default)]
    c_hash: Option<String>,
    #[serde(default)]
    s_hash: Option<String>,
    #[serde(default)]
    at_hash: Option<String>,
    #[serde(default)]
    auth_time: Option<i64>,
    #[serde(default)]
    acr: Option<String>,
    #[serde(flatten)]
    other: serde_json::Map<String, serde_json::Value>,
}

impl fmt::Debug for IdTokenClaims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdTokenClaims")
            .field("iss", &self.iss)
            .field("sub", &"[redacted]")
            .field("aud", &self.aud)
            .field("exp", &self.exp)
            .field("iat", &self.iat)
            .field("acr", &self.acr)
            .field("claims", &self.other.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl IdTokenClaims {
    /// The issuer.
    pub fn issuer(&self) -> &str {
        &self.iss
    }

    /// The customer's identifier at the bank (personal data: do not log it).
    pub fn subject(&self) -> &str {
        &self.sub
    }

    /// The audiences.
    pub fn audiences(&self) -> &[String] {
        &self.aud
    }

    /// Expiry, in seconds since the Unix epoch.
    pub fn expires_at(&self) -> i64 {
        self.exp
    }

    /// Issue time, in seconds since the Unix epoch.
    pub fn issued_at(&self) -> i64 {
        self.iat
    }

    /// When the customer authenticated, if the bank says.
    pub fn auth_time(&self) -> Option<i64> {
        self.auth_time
    }

    /// The authentication context class, if the bank says.
    pub fn acr(&self) -> Option<&str> {
        self.acr.as_deref()
    }

    /// Any other claim, such as the bank's consent id (`openbanking_intent_id`).
    pub fn claim(&self, name: &str) -> Option<&serde_json::Value> {
        self.other.get(name)
    }
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(a) => vec![a],
        OneOrMany::Many(a) => a,
    })
}

/// A check of the caller's own on the claims (the bank's consent-id claim names the consent the
/// TSP created, say); its `Err` is the reason shown.
pub type ClaimCheck<'a> = &'a (dyn Fn(&IdTokenClaims) -> Result<(), String> + Sync);

/// What one ID token must match, besides what every token must.
#[derive(Clone, Copy)]
pub struct IdTokenChecks<'a> {
    nonce: &'a str,
    code: Option<&'a str>,
    state: Option<&'a str>,
    access_token: Option<&'a str>,
    require_c_hash: bool,
    require_s_hash: bool,
    claim_check: Option<ClaimCheck<'a>>,
}

impl fmt::Debug for IdTokenChecks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdTokenChecks")
            .field("require_c_hash", &self.require_c_hash)
            .field("require_s_hash", &self.require_s_hash)
            .finish_non_exhaustive()
    }
}

impl<'a> IdTokenChecks<'a> {
    /// Checks for a token that must carry `nonce`, the one sent in the authorization request.
    pub fn new(nonce: &'a str) -> Self {
        Self {
            nonce,
            code: None,
            state: None,
            access_token: None,
            require_c_hash: false,
            require_s_hash: false,
            claim_check: None,
        }
    }

    /// The authorization code the token came with: its `c_hash`, when present, must match.
    pub fn code(mut self, code: &'a str) -> Self {
        self.code = Some(code);
        self
    }

    /// The `state` of the authorization response: its `s_hash`, when present, must match.
    pub fn state(mut self, state: &'a str) -> Self {
        self.state = Some(state);
        self
    }

    /// The access token issued with the ID token: its `at_hash`, when present, must match.
    pub fn access_token(mut self, token: &'a str) -> Self {
        self.access_token = Some(token);
        self
    }

    /// Requires `c_hash` (an ID token from the authorization endpoint, in the hybrid flow).
    pub fn require_c_hash(mut self) -> Self {
        self.require_c_hash = true;
        self
    }

    /// Requires `s_hash` (FAPI's detached signature of the state).
    pub fn require_s_hash(mut self) -> Self {
        self.require_s_hash = true;
        self
    }

    /// A check of the caller's own, run last.
    pub fn claims(mut self, check: ClaimCheck<'a>) -> Self {
        self.claim_check = Some(check);
        self
    }
}

/// Validates a bank's ID tokens; see the [module documentation](super).
#[derive(Debug)]
pub struct IdTokenVerifier {
    issuer: String,
    client_id: String,
    algorithms: Vec<Algorithm>,
    skew: Duration,
    max_age: Duration,
    jwks: Arc<Jwks>,
}

impl IdTokenVerifier {
    /// A verifier for the bank of `metadata`, for tokens issued to `client_id`, with its keys
    /// from `jwks`. The algorithms are PS256 and ES256, narrowed to those the bank says it uses;
    /// the clock skew allowed is 60 s and a token may be at most 10 minutes old.
    pub fn new(
        metadata: &ProviderMetadata,
        client_id: impl Into<String>,
        jwks: impl Into<Arc<Jwks>>,
    ) -> Self {
        let offered = &metadata.id_token_signing_alg_values_supported;
        let algorithms = ALLOWED
            .into_iter()
            .filter(|a| offered.is_empty() || offered.iter().any(|o| *o == format!("{a:?}")))
            .collect();
        Self {
            issuer: metadata.issuer.clone(),
            client_id: client_id.into(),
            algorithms,
            skew: Duration::from_secs(60),
            max_age: Duration::from_secs(600),
            jwks: jwks.into(),
        }
    }

    /// Accepts only these of the allowed algorithms (PS256, ES256); others are ignored.
    pub fn algorithms(mut self, algorithms: &[Algorithm]) -> Self {
        self.algorithms = ALLOWED
            .into_iter()
            .filter(|a| algorithms.contains(a))
            .collect();
        self
    }

    /// The clock skew allowed on `exp`, `iat` and `nbf` (at most 5 minutes).
    pub fn skew(mut self, skew: Duration) -> Self {
        self.skew = skew.min(Duration::from_secs(300));
        self
    }

    /// How old a token may be when it is validated (its `iat`), at most a day.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age.min(Duration::from_secs(86_400));
        self
    }

    /// The key set.
    pub fn jwks(&self) -> &Jwks {
        &self.jwks
    }

    /// Validates `token`; its claims when every check passes, else an
    /// [`AuthErrorKind::InvalidIdToken`] error that says which failed.
    pub async fn verify(
        &self,
        token: &str,
        checks: &IdTokenChecks<'_>,
    ) -> Result<IdTokenClaims, Error> {
        Ok(self.verify_at(token, checks, now()).await?)
    }

    pub(crate) async fn verify_at(
        &self,
        token: &str,
        checks: &IdTokenChecks<'_>,
        now: i64,
    ) -> Result<IdTokenClaims, AuthError> {
        let invalid = |message: String| AuthError::new(AuthErrorKind::InvalidIdToken, message);
        let header = jose_header(token).ok_or_else(|| invalid("not a signed JWT".to_owned()))?;
        if header.get("crit").is_some() {
            return Err(invalid(
                "the token has critical header parameters".to_owned(),
            ));
        }
        let alg = header.get("alg").and_then(|a| a.as_str()).unwrap_or("");
        let algorithm = self
            .algorithms
            .iter()
            .copied()
            .find(|a| format!("{a:?}") == alg)
            .ok_or_else(|| invalid(format!("the algorithm `{alg}` is not allowed")))?;
        let kid = header.get("kid").and_then(|k| k.as_str());
        let key = self.jwks.key(kid, algorithm).await?;

        let mut validation = Validation::new(algorithm);
        validation.set_issuer(&[self.issuer.as_str()]);
        validation.set_audience(&[self.client_id.as_str()]);
        validation.leeway = self.skew.as_secs();
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // `exp` is checked here against `now`, so that tests can fix the clock.
        validation.validate_exp = false;
        let claims = jsonwebtoken::decode::<IdTokenClaims>(token, &key, &validation)
            .map_err(|e| invalid(format!("the token does not verify: {e}")))?
            .claims;

        let skew = i64::try_from(self.skew.as_secs()).unwrap_or(i64::MAX);
        let max_age = i64::try_from(self.max_age.as_secs()).unwrap_or(i64::MAX);
        if claims.exp.saturating_add(skew) < now {
            return Err(invalid("the token has expired".to_owned()));
        }
        if claims.iat > now.saturating_add(skew) {
            return Err(invalid("the token is issued in the future".to_owned()));
        }
        if claims.iat < now.saturating_sub(max_age).saturating_sub(skew) {
            return Err(invalid("the token was issued too long ago".to_owned()));
        }
        if claims.nonce.as_deref() != Some(checks.nonce) {
            return Err(invalid(
                "the nonce is missing or not the one sent".to_owned(),
            ));
        }
        if (claims.aud.len() > 1 || claims.azp.is_some())
            && claims.azp.as_deref() != Some(self.client_id.as_str())
        {
            return Err(invalid(
                "the authorized party is not this client".to_owned(),
            ));
        }
        check_hash("c_hash", &claims.c_hash, checks.code, checks.require_c_hash)?;
        check_hash(
            "s_hash",
            &claims.s_hash,
            checks.state,
            checks.require_s_hash,
        )?;
        check_hash("at_hash", &claims.at_hash, checks.access_token, false)?;
        if let Some(check) = checks.claim_check {
            check(&claims).map_err(|why| invalid(format!("the caller's check failed: {why}")))?;
        }
        Ok(claims)
    }
}

/// The token's JOSE header, when it is a compact JWS.
fn jose_header(token: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let mut parts = token.split('.');
    let (header, _, _, None) = (parts.next()?, parts.next()?, parts.next()?, parts.next()) else {
        return None;
    };
    let bytes = URL_SAFE_NO_PAD.decode(header).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// `claim` must be the left half of the SHA-256 digest of `value` (both allowed algorithms use
/// SHA-256), when the claim is present or `required`.
fn check_hash(
    name: &str,
    claim: &Option<String>,
    value: Option<&str>,
    required: bool,
) -> Result<(), AuthError> {
    let invalid = |message: String| AuthError::new(AuthErrorKind::InvalidIdToken, message);
    match (claim, value) {
        (None, _) if required => Err(invalid(format!("the token has no `{name}`"))),
        (None, _) | (Some(_), None) => Ok(()),
        (Some(claim), Some(value)) => {
            if *claim == half_hash(value) {
                Ok(())
            } else {
                Err(invalid(format!("`{name}` does not match")))
            }
        }
    }
}

/// base64url(left half of SHA-256(`value`)).
pub(crate) fn half_hash(value: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, value.as_bytes());
    let bytes = digest.as_ref();
    URL_SAFE_NO_PAD.encode(&bytes[..bytes.len() / 2])
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
