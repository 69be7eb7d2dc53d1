//! DBS Bank (Hong Kong) credentials: the partner token exchange, and the headers every DBS call
//! carries.
//!
//! DBS does not use OAuth's token endpoint. A partner application exchanges its credentials at
//! `POST /partner/api/hk/v1/oauth/authorize` (operation `authorize` of `specs/phase1-dbs.yaml`):
//!
//! - HTTP Basic authentication with the client id and client secret, the client id again in a
//!   `clientId` header, `servicingCountry: HK` and a fresh `uuid` header;
//! - a JSON body `{"credentialDetl": {"partnerId", "partnerSecret"}, "credentialType": 7}`, where
//!   `partnerSecret` is the JWT the partner signed.
//!
//! The answer's `accessToken` (and `expiresIn`, when the bank sends it) is cached. Every product
//! call then carries the Basic credentials, `clientId`, `accessToken`, `servicingCountry: HK` and a
//! `uuid` header that is new for each request, so the generated DBS operations take none of them.
//!
//! ```no_run
//! use hkob_core::Client;
//! use hkob_products::dbs_auth::DbsCredentials;
//! use hkob_products::generated::dbs::operations::ListSavingsAccounts;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let credentials = DbsCredentials::new(
//!     "https://www.dbs.com/sandbox",
//!     "my-client-id",
//!     "my-client-secret",
//!     "my-partner-app",
//!     "eyJhbGciOiJSUzI1NiJ9.partner-claims.signature",
//! )?;
//! let client = Client::builder()
//!     .base_url("https://www.dbs.com/sandbox")
//!     .credentials(credentials)
//!     .build()?;
//! let savings = ListSavingsAccounts::new().send(&client).await?;
//! println!("{} products", savings.savings_account_product_info.len());
//! # Ok(()) }
//! ```
//!
//! The token is fetched once for any number of concurrent calls, replaced a margin before it
//! expires (60 s by default, never more than half its life), and dropped when the bank answers a
//! call with 401, so that the client retries once with a fresh one. Secrets (client secret,
//! partner secret, access token) never appear in `Debug` output or in errors.

mod token_exchange;

#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hkob_banks::{AuthScheme, BankCredentials, BankProfile, ProfileError};
use hkob_core::auth::{ApplyFuture, AuthContext, Credentials, DEFAULT_REFRESH_MARGIN, TokenCache};
use hkob_core::error::InvalidRequest;
use hkob_core::error::{AuthError, AuthErrorKind};
use hkob_core::transport::Transport;
use http::{HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

/// How DBS takes a profile's [`BankCredentials::DbsPartner`] credentials: the partner token
/// exchange of [`DbsCredentials`].
pub const AUTH_SCHEME: AuthScheme = AuthScheme::Custom {
    name: "the DBS partner token exchange",
    build: credentials_of_profile,
};

fn credentials_of_profile(profile: &BankProfile) -> Result<Arc<dyn Credentials>, ProfileError> {
    match &profile.credentials {
        BankCredentials::DbsPartner {
            client_id,
            client_secret,
            partner_id,
            partner_secret,
        } => DbsCredentials::new(
            &profile.base_url,
            client_id.as_str(),
            client_secret.as_str(),
            partner_id.as_str(),
            partner_secret.as_str(),
        )
        .map(|c| Arc::new(c) as Arc<dyn Credentials>)
        .map_err(|e| ProfileError::Client {
            bank: profile.id.clone(),
            message: e.to_string(),
        }),
        other => Err(ProfileError::CredentialsMismatch {
            bank: profile.id.clone(),
            credentials: other.kind(),
            scheme: AUTH_SCHEME.name(),
        }),
    }
}

/// The path of DBS's token exchange, relative to the base URL.
pub const AUTHORIZE_PATH: &str = "/partner/api/hk/v1/oauth/authorize";

/// The `servicingCountry` value of DBS Bank (Hong Kong).
pub const SERVICING_COUNTRY: &str = "HK";

/// The time the token endpoint has to answer, by default.
const TOKEN_TIMEOUT: Duration = Duration::from_secs(30);

/// The names of the headers DBS reads (HTTP header names are case-insensitive; these are the
/// lowercase forms of `clientId`, `servicingCountry`, `uuid` and `accessToken`).
pub mod header_names {
    use http::HeaderName;

    /// `clientId`: the application's client id.
    pub const CLIENT_ID: HeaderName = HeaderName::from_static("clientid");
    /// `servicingCountry`: always [`SERVICING_COUNTRY`](super::SERVICING_COUNTRY).
    pub const SERVICING_COUNTRY: HeaderName = HeaderName::from_static("servicingcountry");
    /// `uuid`: a fresh UUID for each request.
    pub const UUID: HeaderName = HeaderName::from_static("uuid");
    /// `accessToken`: the token from the exchange, without a `Bearer` prefix.
    pub const ACCESS_TOKEN: HeaderName = HeaderName::from_static("accesstoken");
}

/// A DBS partner's credentials, as an [`hkob_core::auth::Credentials`] provider.
///
/// Build one per DBS environment (production or sandbox) and share it: the cached token is
/// shared by every client that holds it.
pub struct DbsCredentials {
    client_id: String,
    client_id_header: HeaderValue,
    basic: HeaderValue,
    partner_id: String,
    partner_secret: SecretString,
    token_url: url::Url,
    transport: Option<Arc<dyn Transport>>,
    token_timeout: Duration,
    cache: TokenCache,
}

impl DbsCredentials {
    /// Credentials for the DBS API at `base_url` (such as `https://www.dbs.com/sandbox`): the
    /// token is requested at `base_url` + [`AUTHORIZE_PATH`].
    ///
    /// `partner_secret` is the JWT the partner signed for the exchange. The URL must be `https`
    /// (plain `http` only on a loopback address, for tests); the client id must be a valid
    /// header value without a colon, and the secret a valid header value once encoded.
    pub fn new(
        base_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        partner_id: impl Into<String>,
        partner_secret: impl Into<String>,
    ) -> Result<Self, InvalidRequest> {
        let base = hkob_core::auth::parse_endpoint(base_url, "DBS base URL")?;
        let joined = format!("{}{AUTHORIZE_PATH}", base.as_str().trim_end_matches('/'));
        let token_url = url::Url::parse(&joined)
            .map_err(|e| InvalidRequest::new(format!("`{joined}` is not a URL: {e}")))?;
        let client_id = client_id.into();
        if client_id.is_empty() || client_id.contains(':') {
            return Err(InvalidRequest::new(
                "the DBS client id is empty or holds a colon",
            ));
        }
        let client_id_header = HeaderValue::try_from(client_id.as_str())
            .map_err(|_| InvalidRequest::new("the DBS client id is not a valid header value"))?;
        let client_secret = SecretString::from(client_secret.into());
        let encoded = STANDARD.encode(format!("{client_id}:{}", client_secret.expose_secret()));
        let mut basic = HeaderValue::try_from(format!("Basic {encoded}"))
            .map_err(|_| InvalidRequest::new("the DBS client secret cannot be encoded"))?;
        basic.set_sensitive(true);
        let partner_id = partner_id.into();
        if partner_id.is_empty() {
            return Err(InvalidRequest::new("the DBS partner id is empty"));
        }
        Ok(Self {
            client_id,
            client_id_header,
            basic,
            partner_id,
            partner_secret: SecretString::from(partner_secret.into()),
            token_url,
            transport: None,
            token_timeout: TOKEN_TIMEOUT,
            cache: TokenCache::bare(DEFAULT_REFRESH_MARGIN),
        })
    }

    /// Sends token requests through `transport` instead of the client's own
    /// (by default they share the client's proxy, roots and client certificate).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The time the token endpoint has to answer a token request (default 30 s); a slower
    /// answer fails the call with an [`AuthError`] of kind `TokenTransport`.
    pub fn token_timeout(mut self, timeout: Duration) -> Self {
        self.token_timeout = timeout;
        self
    }

    /// Replaces a token this long before it expires (default 60 s; never more than half of a
    /// token's life).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.cache = TokenCache::bare(margin);
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The partner id (the application's user name on the DBS developer platform).
    pub fn partner_id(&self) -> &str {
        &self.partner_id
    }

    /// Where tokens are requested.
    pub fn token_url(&self) -> &url::Url {
        &self.token_url
    }

    /// How many tokens have been obtained so far.
    pub fn token_requests(&self) -> u64 {
        self.cache.fetches()
    }

    /// The headers every DBS request carries besides the access token: Basic credentials,
    /// `clientId`, `servicingCountry` and a fresh `uuid`.
    fn common_headers(&self, headers: &mut HeaderMap) -> Result<(), AuthError> {
        headers.insert(http::header::AUTHORIZATION, self.basic.clone());
        headers.insert(header_names::CLIENT_ID, self.client_id_header.clone());
        headers.insert(
            header_names::SERVICING_COUNTRY,
            HeaderValue::from_static(SERVICING_COUNTRY),
        );
        headers.insert(header_names::UUID, request_uuid()?);
        Ok(())
    }
}

/// A fresh UUID (version 4) for the `uuid` header.
fn request_uuid() -> Result<HeaderValue, AuthError> {
    HeaderValue::try_from(uuid::Uuid::new_v4().hyphenated().to_string()).map_err(|_| {
        AuthError::new(
            AuthErrorKind::Configuration,
            "a request UUID is not a header value",
        )
    })
}

impl fmt::Debug for DbsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DbsCredentials")
            .field("client_id", &self.client_id)
            .field("partner_id", &self.partner_id)
            .field("token_url", &self.token_url.as_str())
            .field("token_requests", &self.cache.fetches())
            .finish_non_exhaustive()
    }
}

impl Credentials for DbsCredentials {
    fn apply<'a>(&'a self, cx: AuthContext<'a>, headers: &'a mut HeaderMap) -> ApplyFuture<'a> {
        Box::pin(async move {
            let transport = self.transport.as_ref().unwrap_or(cx.transport());
            let token = self
                .cache
                .header(|| token_exchange::request_token(self, transport.as_ref()))
                .await?;
            self.common_headers(headers)?;
            headers.insert(header_names::ACCESS_TOKEN, token);
            Ok(())
        })
    }

    fn invalidate(&self, sent_at: Instant) -> bool {
        self.cache.invalidate(sent_at)
    }
}
