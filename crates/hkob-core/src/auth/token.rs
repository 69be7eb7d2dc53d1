//! Access and refresh tokens, kept secret.

use std::fmt;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

/// An access token and when it expires.
#[derive(Clone)]
pub struct AccessToken {
    secret: SecretString,
    expires_at: Option<Instant>,
    scopes: Vec<String>,
}

impl AccessToken {
    /// A token valid for `lifetime` from now (`None`: no expiry given). A lifetime too long to
    /// represent (a server answering `expires_in: 18446744073709551615`) counts as no expiry
    /// given: the token is used until the bank refuses it.
    pub fn new(value: impl Into<String>, lifetime: Option<Duration>) -> Self {
        Self {
            secret: SecretString::from(value.into()),
            expires_at: lifetime.and_then(|l| Instant::now().checked_add(l)),
            scopes: Vec::new(),
        }
    }

    pub(crate) fn with_scopes(mut self, scopes: Vec<String>) -> Self {
        self.scopes = scopes;
        self
    }

    /// The token itself. Handle with care: it is a bearer credential.
    pub fn secret(&self) -> &str {
        self.secret.expose_secret()
    }

    /// When the token expires, if the server said.
    pub fn expires_at(&self) -> Option<Instant> {
        self.expires_at
    }

    /// The scopes granted, if the server said.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("secret", &"[redacted]")
            .field("expires_at", &self.expires_at)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// What a token endpoint returns: an access token, and perhaps a refresh
/// token and an OpenID Connect ID token.
#[derive(Clone)]
pub struct TokenSet {
    access: AccessToken,
    refresh: Option<SecretString>,
    id_token: Option<SecretString>,
}

impl TokenSet {
    /// A token set from its parts.
    pub fn new(access: AccessToken, refresh: Option<String>, id_token: Option<String>) -> Self {
        Self {
            access,
            refresh: refresh.map(SecretString::from),
            id_token: id_token.map(SecretString::from),
        }
    }

    /// The access token.
    pub fn access_token(&self) -> &AccessToken {
        &self.access
    }

    /// The refresh token, if one was issued. Store it securely.
    pub fn refresh_token(&self) -> Option<&str> {
        self.refresh.as_ref().map(|s| s.expose_secret())
    }

    /// The ID token (a signed JWT about the customer), if one was issued.
    pub fn id_token(&self) -> Option<&str> {
        self.id_token.as_ref().map(|s| s.expose_secret())
    }

    pub(crate) fn into_parts(self) -> (AccessToken, Option<SecretString>) {
        (self.access, self.refresh)
    }
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access", &self.access)
            .field("refresh", &self.refresh.as_ref().map(|_| "[redacted]"))
            .field("id_token", &self.id_token.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

#[cfg(test)]
mod lifetime_tests {
    use super::*;

    #[test]
    fn a_lifetime_too_long_to_represent_is_no_expiry_not_a_panic() {
        let token = AccessToken::new("t", Some(Duration::from_secs(u64::MAX)));
        assert_eq!(token.expires_at(), None);
        let token = AccessToken::new("t", Some(Duration::from_secs(60)));
        assert!(token.expires_at().is_some());
    }
}
