//! A customer's tokens, refreshed with the refresh-token grant.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::HeaderMap;
use http::header::AUTHORIZATION;
use oauth2::RefreshToken;
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use super::oauth::{OAuthClient, OauthHttp, token_set};
use super::token::TokenSet;
use super::token_cache::{DEFAULT_REFRESH_MARGIN, TokenCache};
use super::{ApplyFuture, AuthContext, Credentials, TokenFuture};
use crate::error::{AuthError, AuthErrorKind};

type RefreshHook = Arc<dyn Fn(&TokenSet) + Send + Sync>;

/// The future of a [`UserCredentials::persist_with`] hook.
pub type PersistFuture =
    Pin<Box<dyn Future<Output = Result<(), Box<dyn std::error::Error + Send + Sync>>> + Send>>;

type PersistHook = Arc<dyn Fn(Option<String>, TokenSet) -> PersistFuture + Send + Sync>;

/// The tokens a customer granted, used as bearer credentials.
///
/// When the access token nears expiry (or the bank answers 401), a new one
/// is obtained with the refresh token, once for all concurrent calls. A
/// rotated refresh token replaces the old one; [`on_refresh`](Self::on_refresh)
/// lets the application persist it.
pub struct UserCredentials {
    oauth: OAuthClient,
    refresh: Mutex<Option<SecretString>>,
    cache: TokenCache,
    on_refresh: Option<RefreshHook>,
    persist: Option<PersistHook>,
}

impl UserCredentials {
    /// Credentials from the tokens of an authorization-code exchange.
    pub fn new(oauth: OAuthClient, tokens: TokenSet) -> Self {
        Self::with_margin(oauth, tokens, DEFAULT_REFRESH_MARGIN)
    }

    /// Like [`new`](Self::new), replacing the access token `margin` before it expires.
    pub fn with_margin(oauth: OAuthClient, tokens: TokenSet, margin: Duration) -> Self {
        let cache = TokenCache::bearer(margin);
        let (access, refresh) = tokens.into_parts();
        // A token that cannot be a header is refetched on first use instead.
        let _ = cache.store(&access);
        Self {
            oauth,
            refresh: Mutex::new(refresh),
            cache,
            on_refresh: None,
            persist: None,
        }
    }

    /// Calls `hook` with each new token set, for example to store the
    /// rotated refresh token.
    pub fn on_refresh(mut self, hook: impl Fn(&TokenSet) + Send + Sync + 'static) -> Self {
        self.on_refresh = Some(Arc::new(hook));
        self
    }

    /// Awaits `hook` with the refresh token used and each new token set, before the new access
    /// token is used: the place to store a rotated refresh token durably (by compare-and-set
    /// on the old one, so that a store shared by many processes keeps exactly one). A hook that
    /// fails is logged; the new tokens are still used, and the next refresh stores them again.
    pub fn persist_with(
        mut self,
        hook: impl Fn(Option<String>, TokenSet) -> PersistFuture + Send + Sync + 'static,
    ) -> Self {
        self.persist = Some(Arc::new(hook));
        self
    }

    /// How many times the tokens have been refreshed.
    pub fn refreshes(&self) -> u64 {
        self.cache.fetches()
    }

    fn refresh<'a>(&'a self, cx: AuthContext<'a>) -> TokenFuture<'a> {
        Box::pin(async move {
            let current = self
                .refresh
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_ref()
                .map(|s| s.expose_secret().to_owned());
            let Some(current) = current else {
                return Err(AuthError::new(
                    AuthErrorKind::Unauthorized,
                    "the access token expired and the bank issued no refresh token: ask the customer again",
                ));
            };
            let client = self.oauth.client();
            let used = current.clone();
            let refresh_token = RefreshToken::new(current);
            let mut request = client.exchange_refresh_token(&refresh_token);
            for (name, value) in self.oauth.assertion_params()? {
                request = request.add_extra_param(name, value);
            }
            let http = OauthHttp::new(cx.transport.clone());
            let tokens = token_set(
                request
                    .request_async(&http)
                    .await
                    .map_err(|e| http.error(e))?,
            );
            if let Some(rotated) = tokens.refresh_token() {
                *self.refresh.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(SecretString::from(rotated.to_owned()));
            }
            if let Some(hook) = &self.on_refresh {
                hook(&tokens);
            }
            if let Some(persist) = &self.persist
                && let Err(error) = persist(Some(used), tokens.clone()).await
            {
                tracing::warn!(%error, "the refreshed tokens could not be stored");
            }
            Ok(tokens.access_token().clone())
        })
    }
}

impl fmt::Debug for UserCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserCredentials")
            .field("oauth", &self.oauth)
            .field("refreshes", &self.cache.fetches())
            .finish_non_exhaustive()
    }
}

impl Credentials for UserCredentials {
    fn apply<'a>(&'a self, cx: AuthContext<'a>, headers: &'a mut HeaderMap) -> ApplyFuture<'a> {
        Box::pin(async move {
            let header = self.cache.header(|| self.refresh(cx)).await?;
            headers.insert(AUTHORIZATION, header);
            Ok(())
        })
    }

    fn invalidate(&self, sent_at: Instant) -> bool {
        self.cache.invalidate(sent_at)
    }
}
