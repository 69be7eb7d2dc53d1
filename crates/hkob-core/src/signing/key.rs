//! A private key that signs JWTs and JWS.

use std::fmt;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

use crate::error::InvalidRequest;

/// The JWS algorithms hkob signs with (those FAPI allows, and RS256 for
/// older banks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningAlgorithm {
    /// RSASSA-PSS with SHA-256.
    Ps256,
    /// ECDSA on P-256 with SHA-256.
    Es256,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
}

impl SigningAlgorithm {
    /// The `alg` header value.
    pub fn name(self) -> &'static str {
        match self {
            SigningAlgorithm::Ps256 => "PS256",
            SigningAlgorithm::Es256 => "ES256",
            SigningAlgorithm::Rs256 => "RS256",
        }
    }

    fn algorithm(self) -> Algorithm {
        match self {
            SigningAlgorithm::Ps256 => Algorithm::PS256,
            SigningAlgorithm::Es256 => Algorithm::ES256,
            SigningAlgorithm::Rs256 => Algorithm::RS256,
        }
    }
}

/// A private key with its algorithm and key id.
#[derive(Clone)]
pub struct SigningKey {
    key: EncodingKey,
    algorithm: SigningAlgorithm,
    kid: Option<String>,
}

impl SigningKey {
    /// Reads a PEM private key: RSA (PKCS#1 or PKCS#8) for PS256 and RS256,
    /// EC P-256 (PKCS#8) for ES256.
    pub fn from_pem(algorithm: SigningAlgorithm, pem: &[u8]) -> Result<Self, InvalidRequest> {
        let key = match algorithm {
            SigningAlgorithm::Ps256 | SigningAlgorithm::Rs256 => EncodingKey::from_rsa_pem(pem),
            SigningAlgorithm::Es256 => EncodingKey::from_ec_pem(pem),
        }
        .map_err(|e| {
            InvalidRequest::new(format!("the {} key cannot be read: {e}", algorithm.name()))
        })?;
        Ok(Self {
            key,
            algorithm,
            kid: None,
        })
    }

    /// Sets the key id (`kid`) the bank knows the public key by.
    pub fn kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The algorithm.
    pub fn algorithm(&self) -> SigningAlgorithm {
        self.algorithm
    }

    /// The key id, if set.
    pub fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// A compact JWT of `claims`.
    pub(crate) fn jwt<T: Serialize>(
        &self,
        claims: &T,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let mut header = Header::new(self.algorithm.algorithm());
        header.kid = self.kid.clone();
        jsonwebtoken::encode(&header, claims, &self.key)
    }

    /// The base64url signature of `message`.
    pub(crate) fn sign(&self, message: &[u8]) -> Result<String, jsonwebtoken::errors::Error> {
        jsonwebtoken::crypto::sign(message, &self.key, self.algorithm.algorithm())
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}
