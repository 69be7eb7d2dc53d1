//! Detached JWS verification (`x-jws-signature: <header>..<signature>`), as
//! used for signed requests: RFC 7515 Appendix F, with RFC 7797 unencoded
//! payloads (`"b64": false`, listed in `crit`) or ordinary base64url ones.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;

/// Header parameters a signer may list in `crit` that this verifier understands.
const UNDERSTOOD_CRIT: &[&str] = &[
    "b64",
    "http://openbanking.org.uk/iat",
    "http://openbanking.org.uk/iss",
    "http://openbanking.org.uk/tan",
];

/// The signature algorithms accepted for signed requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwsAlgorithm {
    /// RSASSA-PSS with SHA-256.
    Ps256,
    /// ECDSA P-256 with SHA-256.
    Es256,
}

impl JwsAlgorithm {
    fn name(self) -> &'static str {
        match self {
            JwsAlgorithm::Ps256 => "PS256",
            JwsAlgorithm::Es256 => "ES256",
        }
    }

    fn to_jwt(self) -> Algorithm {
        match self {
            JwsAlgorithm::Ps256 => Algorithm::PS256,
            JwsAlgorithm::Es256 => Algorithm::ES256,
        }
    }
}

/// A TSP's public key for verifying its request signatures.
#[derive(Clone)]
pub struct JwsKey {
    key: DecodingKey,
    algorithm: JwsAlgorithm,
    kid: Option<String>,
}

impl std::fmt::Debug for JwsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwsKey")
            .field("algorithm", &self.algorithm)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl JwsKey {
    /// A key from a PEM public key (`PUBLIC KEY` for EC or RSA, or `RSA PUBLIC KEY`).
    pub fn from_pem(algorithm: JwsAlgorithm, pem: &[u8]) -> Result<Self, JwsError> {
        let key = match algorithm {
            JwsAlgorithm::Ps256 => DecodingKey::from_rsa_pem(pem),
            JwsAlgorithm::Es256 => DecodingKey::from_ec_pem(pem),
        }
        .map_err(|_| JwsError::BadKey)?;
        Ok(Self {
            key,
            algorithm,
            kid: None,
        })
    }

    /// Requires signatures to name this key id in their `kid` header.
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The algorithm the key verifies.
    pub fn algorithm(&self) -> JwsAlgorithm {
        self.algorithm
    }
}

/// Why a detached signature was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwsError {
    /// The key given to [`JwsKey::from_pem`] could not be read.
    BadKey,
    /// The value is not `<header>..<signature>`.
    Malformed,
    /// The payload part is not empty (the JWS is not detached).
    NotDetached,
    /// The protected header is not base64url JSON.
    BadHeader,
    /// `alg` is missing, not allowed, or not the key's algorithm.
    AlgorithmNotAllowed(String),
    /// `kid` does not name the registered key.
    WrongKeyId,
    /// `b64` is present but not listed in `crit`, or is not a boolean.
    B64NotCritical,
    /// `crit` is malformed, lists a parameter that is not in the header,
    /// or lists one this verifier does not understand.
    UnsupportedCritical(String),
    /// The signature does not verify over the body.
    BadSignature,
}

impl std::fmt::Display for JwsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JwsError::BadKey => f.write_str("the verification key could not be read"),
            JwsError::Malformed => f.write_str("x-jws-signature is not <header>..<signature>"),
            JwsError::NotDetached => f.write_str("the JWS payload is not detached"),
            JwsError::BadHeader => f.write_str("the JWS header is not base64url-encoded JSON"),
            JwsError::AlgorithmNotAllowed(a) => write!(f, "JWS algorithm `{a}` is not allowed"),
            JwsError::WrongKeyId => f.write_str("the JWS kid does not name the registered key"),
            JwsError::B64NotCritical => f.write_str("b64 must be a boolean listed in crit"),
            JwsError::UnsupportedCritical(c) => write!(f, "unsupported crit parameter `{c}`"),
            JwsError::BadSignature => f.write_str("the JWS signature does not match the body"),
        }
    }
}

impl std::error::Error for JwsError {}

/// What a verified signature's header said.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedJws {
    /// The protected header.
    pub header: serde_json::Map<String, Value>,
    /// Whether the payload was signed unencoded (`b64: false`).
    pub unencoded_payload: bool,
}

/// Verifies a detached JWS over a request body.
pub fn verify_detached(
    signature_header: &str,
    body: &[u8],
    key: &JwsKey,
) -> Result<VerifiedJws, JwsError> {
    let mut parts = signature_header.trim().split('.');
    let (Some(header_b64), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwsError::Malformed);
    };
    if !payload.is_empty() {
        return Err(JwsError::NotDetached);
    }
    if header_b64.is_empty() || signature.is_empty() {
        return Err(JwsError::Malformed);
    }
    let header_json = URL_SAFE_NO_PAD
        .decode(header_b64)
        .map_err(|_| JwsError::BadHeader)?;
    let header: serde_json::Map<String, Value> =
        serde_json::from_slice(&header_json).map_err(|_| JwsError::BadHeader)?;

    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if alg != key.algorithm.name() {
        return Err(JwsError::AlgorithmNotAllowed(alg.to_owned()));
    }
    if let Some(kid) = &key.kid
        && header.get("kid").and_then(Value::as_str) != Some(kid.as_str())
    {
        return Err(JwsError::WrongKeyId);
    }
    let crit: Vec<&str> = match header.get("crit") {
        None => Vec::new(),
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| JwsError::UnsupportedCritical(v.to_string()))
            })
            .collect::<Result<_, _>>()?,
        Some(other) => return Err(JwsError::UnsupportedCritical(other.to_string())),
    };
    for name in &crit {
        if !UNDERSTOOD_CRIT.contains(name) || !header.contains_key(*name) {
            return Err(JwsError::UnsupportedCritical((*name).to_owned()));
        }
    }
    let unencoded_payload = match header.get("b64") {
        None => false,
        Some(Value::Bool(b64)) => {
            if !crit.contains(&"b64") {
                return Err(JwsError::B64NotCritical);
            }
            !b64
        }
        Some(_) => return Err(JwsError::B64NotCritical),
    };

    let capacity = (body.len() / 3)
        .saturating_mul(4)
        .saturating_add(header_b64.len())
        .saturating_add(8);
    let mut signing_input = Vec::with_capacity(capacity);
    signing_input.extend_from_slice(header_b64.as_bytes());
    signing_input.push(b'.');
    if unencoded_payload {
        signing_input.extend_from_slice(body);
    } else {
        signing_input.extend_from_slice(URL_SAFE_NO_PAD.encode(body).as_bytes());
    }
    match jsonwebtoken::crypto::verify(signature, &signing_input, &key.key, key.algorithm.to_jwt())
    {
        Ok(true) => Ok(VerifiedJws {
            header,
            unencoded_payload,
        }),
        _ => Err(JwsError::BadSignature),
    }
}
