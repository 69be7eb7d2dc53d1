//! The OAuth 2.0 client-credentials grant: a token for the TSP itself.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderMap;
use http::header::AUTHORIZATION;
use oauth2::Scope;
use tokio::time::Instant;

use super::oauth::{OAuthClient, OauthHttp, token_set};
use super::token_cache::{DEFAULT_REFRESH_MARGIN, TokenCache};
use super::{ApplyFuture, AuthContext, Credentials, TokenFuture};
use crate::store::StateBackend;

/// Bearer tokens from the client-credentials grant, cached and shared by
/// every concurrent call.
///
/// ```
/// use hkob_core::auth::{ClientAuth, ClientCredentials, OAuthClient};
///
/// let registration = OAuthClient::new(
///     "my-client-id",
///     "https://apisandbox.bank.example/auth/oauth/v2/token",
///     ClientAuth::secret_post("my-secret"),
/// )?;
/// let credentials = ClientCredentials::new(registration).scope("/api");
/// # Ok::<(), hkob_core::error::InvalidRequest>(())
/// ```
pub struct ClientCredentials {
    oauth: OAuthClient,
    scopes: Vec<String>,
    margin: Duration,
    fleet: Option<Arc<dyn StateBackend>>,
    cache: TokenCache,
}

impl ClientCredentials {
    /// Tokens for the registration `oauth`.
    pub fn new(oauth: OAuthClient) -> Self {
        Self {
            oauth,
            scopes: Vec::new(),
            margin: DEFAULT_REFRESH_MARGIN,
            fleet: None,
            cache: TokenCache::bearer(DEFAULT_REFRESH_MARGIN),
        }
    }

    /// Asks for `scope` (call again for more scopes).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self.rebuild()
    }

    /// Replaces a token this long before it expires (default 60 s).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self.rebuild()
    }

    /// Shares the token with every process that uses `state`: the fleet makes one token request
    /// when the token is due, not one per process (see [`TokenCache`]). The token is kept under
    /// a digest of the token URL, the client id and the scopes.
    pub fn shared(mut self, state: Arc<dyn StateBackend>) -> Self {
        self.fleet = Some(state);
        self.rebuild()
    }

    fn rebuild(mut self) -> Self {
        let mut cache = TokenCache::bearer(self.margin);
        if let Some(state) = &self.fleet {
            let mut scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
            scopes.sort_unstable();
            let naming = format!(
                "client-credentials\n{}\n{}\n{}",
                self.oauth.token_url(),
                self.oauth.client_id(),
                scopes.join(" ")
            );
            let digest = ring::digest::digest(&ring::digest::SHA256, naming.as_bytes());
            let id: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
            cache = cache.shared(Arc::clone(state), id);
        }
        self.cache = cache;
        self
    }

    /// How many tokens have been requested so far.
    pub fn token_requests(&self) -> u64 {
        self.cache.fetches()
    }

    fn fetch<'a>(&'a self, cx: AuthContext<'a>) -> TokenFuture<'a> {
        Box::pin(async move {
            let client = self.oauth.client();
            let mut request = client
                .exchange_client_credentials()
                .add_scopes(self.scopes.iter().cloned().map(Scope::new));
            for (name, value) in self.oauth.assertion_params()? {
                request = request.add_extra_param(name, value);
            }
            let http = OauthHttp::new(cx.transport.clone());
            let response = request
                .request_async(&http)
                .await
                .map_err(|e| http.error(e))?;
            let (access, _) = token_set(response).into_parts();
            Ok(access)
        })
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("oauth", &self.oauth)
            .field("scopes", &self.scopes)
            .field("token_requests", &self.cache.fetches())
            .finish()
    }
}

impl Credentials for ClientCredentials {
    fn apply<'a>(&'a self, cx: AuthContext<'a>, headers: &'a mut HeaderMap) -> ApplyFuture<'a> {
        Box::pin(async move {
            let header = self.cache.header(|| self.fetch(cx)).await?;
            headers.insert(AUTHORIZATION, header);
            Ok(())
        })
    }

    fn invalidate(&self, sent_at: Instant) -> bool {
        self.cache.invalidate(sent_at)
    }
}
