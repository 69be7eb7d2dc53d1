//! Credentials: how a request proves which TSP (and which customer) sends it.
//!
//! Hong Kong banks use several styles (see the guide `docs/core-concepts.md`):
//!
//! - static header pairs: [`StaticHeaders`] (`X-IBM-Client-Id`/`X-IBM-Client-Secret`
//!   on JETCO APIX, `ClientID`/`ClientSecret` at HSBC, `Ocp-Apim-Subscription-Key`);
//! - OAuth 2.0 client credentials: [`ClientCredentials`], with the client
//!   secret in the body, in HTTP Basic auth, or a signed `private_key_jwt`;
//! - the authorization-code flow with PKCE for customer consent:
//!   [`AuthorizationCodeFlow`], whose tokens become [`UserCredentials`] that
//!   refresh themselves and keep the rotated refresh token.
//!
//! Tokens are cached, refreshed before they expire, and fetched once for any
//! number of concurrent callers. On a 401 the client drops the cached token
//! and retries once with a fresh one.

mod authorization_code;
mod client_credentials;
mod endpoint;
mod fleet_token;
mod layered;
mod oauth;
pub mod oidc;
mod par;
mod private_key_jwt;
mod refresh_lease;
mod static_headers;
mod token;
mod token_cache;
mod user_credentials;

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use http::HeaderMap;
use tokio::time::Instant;

use crate::error::Error;
use crate::transport::Transport;

pub use authorization_code::{
    AuthorizationCode, AuthorizationCodeFlow, AuthorizationStart, PendingAuthorization,
};
pub use client_credentials::ClientCredentials;
pub use layered::Layered;
pub use oauth::parse_endpoint;
pub use oauth::{ClientAuth, OAuthClient};

/// Parses a client's base URL with the same rule as every endpoint.
pub(crate) fn parse_base_url(value: &str) -> Result<url::Url, crate::error::InvalidRequest> {
    parse_endpoint(value, "base URL")
}
pub use private_key_jwt::PrivateKeyJwt;
pub use refresh_lease::{DEFAULT_REFRESH_LEASE, LatestTokensFuture, RefreshCoordination};
pub use static_headers::StaticHeaders;
pub use token::{AccessToken, TokenSet};
pub use token_cache::{DEFAULT_REFRESH_MARGIN, TokenCache};
pub use user_credentials::{PersistFuture, UserCredentials};

/// The future returned by [`Credentials::apply`].
pub type ApplyFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

/// The future of a token request.
pub(crate) type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<AccessToken, crate::error::AuthError>> + Send + 'a>>;

/// What credentials may use while applying themselves.
#[derive(Clone, Copy)]
pub struct AuthContext<'a> {
    pub(crate) transport: &'a Arc<dyn Transport>,
}

impl<'a> AuthContext<'a> {
    /// A context that sends token requests through `transport`.
    pub fn new(transport: &'a Arc<dyn Transport>) -> Self {
        Self { transport }
    }

    /// The client's transport: token requests sent through it share the
    /// client's proxy, roots and client certificate.
    pub fn transport(&self) -> &'a Arc<dyn Transport> {
        self.transport
    }
}

/// Adds credentials to each outgoing request.
///
/// Implementations must keep secrets out of `Debug`.
pub trait Credentials: Debug + Send + Sync + 'static {
    /// Adds the credential headers to a request about to be sent.
    fn apply<'a>(&'a self, cx: AuthContext<'a>, headers: &'a mut HeaderMap) -> ApplyFuture<'a>;

    /// Called when the bank answered 401 to a request sent at `sent_at`.
    /// Returns `true` when a retry with fresh credentials may succeed.
    fn invalidate(&self, sent_at: Instant) -> bool {
        let _ = sent_at;
        false
    }
}

/// No credentials: for public APIs such as the HKMA's.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCredentials;

impl Credentials for NoCredentials {
    fn apply<'a>(&'a self, _: AuthContext<'a>, _: &'a mut HeaderMap) -> ApplyFuture<'a> {
        Box::pin(async { Ok(()) })
    }
}
