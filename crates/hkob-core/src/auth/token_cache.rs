//! A single-flight cache of one access token, refreshed before it expires.
//!
//! hkob's own OAuth credentials use it; credentials for a bank's own token
//! scheme can use it too.

use std::future::Future;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use http::HeaderValue;
use tokio::time::Instant;

use super::token::AccessToken;
use crate::error::{AuthError, AuthErrorKind};

/// How long before expiry a token is replaced, by default.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

#[derive(Clone)]
struct Cached {
    header: HeaderValue,
    refresh_at: Option<Instant>,
    fetched_at: Instant,
}

/// Holds the current token as a header value; concurrent callers that find
/// it missing or stale share one fetch.
///
/// A token is replaced `margin` before it expires, but never earlier than
/// half-way through its life.
pub struct TokenCache {
    current: RwLock<Option<Cached>>,
    fetch_lock: tokio::sync::Mutex<()>,
    margin: Duration,
    scheme: Option<&'static str>,
    fetches: AtomicU64,
}

impl TokenCache {
    /// A cache whose header value is `Bearer <token>`.
    pub fn bearer(margin: Duration) -> Self {
        Self::with_scheme(Some("Bearer"), margin)
    }

    /// A cache whose header value is the bare token, for banks that send it
    /// in a header of their own (DBS's `accessToken`).
    pub fn bare(margin: Duration) -> Self {
        Self::with_scheme(None, margin)
    }

    fn with_scheme(scheme: Option<&'static str>, margin: Duration) -> Self {
        Self {
            current: RwLock::new(None),
            fetch_lock: tokio::sync::Mutex::new(()),
            margin,
            scheme,
            fetches: AtomicU64::new(0),
        }
    }

    /// How many tokens have been fetched.
    pub fn fetches(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// The header value for a fresh token, fetching one with
    /// `fetch` only if no caller is already doing so.
    pub async fn header<F, Fut>(&self, fetch: F) -> Result<HeaderValue, AuthError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<AccessToken, AuthError>>,
    {
        if let Some(header) = self.fresh() {
            return Ok(header);
        }
        let _guard = self.fetch_lock.lock().await;
        if let Some(header) = self.fresh() {
            return Ok(header);
        }
        let token = fetch().await?;
        self.fetches.fetch_add(1, Ordering::Relaxed);
        self.store(&token)
    }

    /// Puts a token obtained elsewhere (an authorization-code exchange) in the cache.
    pub fn store(&self, token: &AccessToken) -> Result<HeaderValue, AuthError> {
        let value = match self.scheme {
            Some(scheme) => format!("{scheme} {}", token.secret()),
            None => token.secret().to_owned(),
        };
        let mut header = HeaderValue::try_from(value).map_err(|_| {
            AuthError::new(
                AuthErrorKind::InvalidTokenResponse,
                "the access token has characters a header cannot carry",
            )
        })?;
        header.set_sensitive(true);
        let now = Instant::now();
        let refresh_at = token.expires_at().map(|at| {
            let lifetime = at.saturating_duration_since(now);
            // Never spend more than half a short-lived token's life waiting.
            let margin = self.margin.min(lifetime.checked_div(2).unwrap_or_default());
            // `margin` is at most `at - now`, so this is never before now; refresh now if it were.
            at.checked_sub(margin).unwrap_or(now)
        });
        let cached = Cached {
            header: header.clone(),
            refresh_at,
            fetched_at: now,
        };
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(cached);
        Ok(header)
    }

    /// Drops the token if it is not newer than a request that the bank
    /// refused; returns whether a retry may help.
    pub fn invalidate(&self, sent_at: Instant) -> bool {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        match &*current {
            Some(c) if c.fetched_at <= sent_at => {
                *current = None;
                true
            }
            // A newer token exists already: retrying with it may help.
            Some(_) => true,
            None => true,
        }
    }

    fn fresh(&self) -> Option<HeaderValue> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        let cached = current.as_ref()?;
        match cached.refresh_at {
            Some(at) if Instant::now() >= at => None,
            _ => Some(cached.header.clone()),
        }
    }
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("margin", &self.margin)
            .field("fetches", &self.fetches())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(lifetime: u64) -> AccessToken {
        AccessToken::new("t", Some(Duration::from_secs(lifetime)))
    }

    #[tokio::test(start_paused = true)]
    async fn refreshes_before_expiry() {
        let cache = TokenCache::bearer(Duration::from_secs(60));
        cache.header(|| async { Ok(token(600)) }).await.unwrap();
        tokio::time::advance(Duration::from_secs(500)).await;
        cache.header(|| async { Ok(token(600)) }).await.unwrap();
        assert_eq!(
            cache.fetches(),
            1,
            "still 100 s left: the cached token serves"
        );
        tokio::time::advance(Duration::from_secs(50)).await;
        cache.header(|| async { Ok(token(600)) }).await.unwrap();
        assert_eq!(
            cache.fetches(),
            2,
            "50 s left, under the 60 s margin: refreshed"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn short_tokens_are_used_for_half_their_life() {
        let cache = TokenCache::bearer(Duration::from_secs(60));
        cache.header(|| async { Ok(token(30)) }).await.unwrap();
        tokio::time::advance(Duration::from_secs(10)).await;
        cache.header(|| async { Ok(token(30)) }).await.unwrap();
        assert_eq!(cache.fetches(), 1);
        tokio::time::advance(Duration::from_secs(6)).await;
        cache.header(|| async { Ok(token(30)) }).await.unwrap();
        assert_eq!(cache.fetches(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn invalidation_spares_newer_tokens() {
        let cache = TokenCache::bearer(Duration::from_secs(60));
        let before = Instant::now();
        tokio::time::advance(Duration::from_secs(1)).await;
        cache.header(|| async { Ok(token(600)) }).await.unwrap();
        assert!(cache.invalidate(before));
        cache.header(|| async { Ok(token(600)) }).await.unwrap();
        assert_eq!(
            cache.fetches(),
            1,
            "the token was newer than the refused request"
        );
        assert!(cache.invalidate(Instant::now()));
        cache.header(|| async { Ok(token(600)) }).await.unwrap();
        assert_eq!(cache.fetches(), 2);
    }

    #[tokio::test]
    async fn bare_caches_send_the_token_alone() {
        let cache = TokenCache::bare(DEFAULT_REFRESH_MARGIN);
        let header = cache.header(|| async { Ok(token(600)) }).await.unwrap();
        assert_eq!(header, "t");
        assert!(header.is_sensitive());
        let bearer = TokenCache::bearer(DEFAULT_REFRESH_MARGIN);
        assert_eq!(
            bearer.header(|| async { Ok(token(600)) }).await.unwrap(),
            "Bearer t"
        );
    }

    #[tokio::test]
    async fn failures_are_not_cached() {
        let cache = TokenCache::bearer(DEFAULT_REFRESH_MARGIN);
        let err = cache
            .header(|| async { Err(AuthError::new(AuthErrorKind::TokenRequest, "no")) })
            .await;
        assert!(err.is_err());
        cache.header(|| async { Ok(token(600)) }).await.unwrap();
        assert_eq!(cache.fetches(), 1);
    }
}
