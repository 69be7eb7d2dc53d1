//! `private_key_jwt` client authentication (RFC 7523).

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use crate::error::{AuthError, AuthErrorKind};
use crate::signing::SigningKey;

/// The longest lifetime [`PrivateKeyJwt::lifetime`] keeps.
const MAX_LIFETIME: Duration = Duration::from_secs(3600);

/// Signs short-lived client assertions with the TSP's private key.
pub struct PrivateKeyJwt {
    key: SigningKey,
    lifetime: Duration,
    audience: Option<String>,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    jti: String,
    iat: i64,
    exp: i64,
}

impl PrivateKeyJwt {
    /// Assertions signed with `key`, valid for 60 seconds, addressed to the
    /// token endpoint.
    pub fn new(key: SigningKey) -> Self {
        Self {
            key,
            lifetime: Duration::from_secs(60),
            audience: None,
        }
    }

    /// Addresses assertions to `audience` (some banks want their issuer
    /// rather than the token endpoint).
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// How long each assertion is valid: 60 s by default, and kept between 1 s and an hour (an
    /// assertion is meant to be short-lived; a longer one is shortened to an hour).
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime.clamp(Duration::from_secs(1), MAX_LIFETIME);
        self
    }

    /// A fresh signed assertion (new `jti` each time).
    pub(crate) fn assertion(&self, client_id: &str, token_url: &str) -> Result<String, AuthError> {
        let iat = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: client_id,
            sub: client_id,
            aud: self.audience.as_deref().unwrap_or(token_url),
            jti: uuid::Uuid::new_v4().to_string(),
            iat,
            exp: iat.saturating_add(i64::try_from(self.lifetime.as_secs()).unwrap_or(i64::MAX)),
        };
        self.key.jwt(&claims).map_err(|e| {
            AuthError::new(
                AuthErrorKind::Configuration,
                format!("cannot sign the client assertion: {e}"),
            )
        })
    }
}

impl fmt::Debug for PrivateKeyJwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKeyJwt")
            .field("key", &self.key)
            .field("lifetime", &self.lifetime)
            .field("audience", &self.audience)
            .finish()
    }
}
