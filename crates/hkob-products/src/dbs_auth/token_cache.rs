//! A single-flight cache of one DBS access token, replaced before it expires.

use std::future::Future;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hkob_core::auth::AccessToken;
use hkob_core::error::{AuthError, AuthErrorKind};
use http::HeaderValue;
use tokio::time::Instant;

#[derive(Clone)]
struct Cached {
    header: HeaderValue,
    refresh_at: Option<Instant>,
    fetched_at: Instant,
}

/// Holds the current `accessToken` header value; concurrent callers that find it missing or
/// stale share one fetch.
pub(super) struct TokenCache {
    current: RwLock<Option<Cached>>,
    fetch_lock: tokio::sync::Mutex<()>,
    margin: Duration,
    fetches: AtomicU64,
}

impl TokenCache {
    pub(super) fn new(margin: Duration) -> Self {
        Self {
            current: RwLock::new(None),
            fetch_lock: tokio::sync::Mutex::new(()),
            margin,
            fetches: AtomicU64::new(0),
        }
    }

    /// How many tokens have been fetched.
    pub(super) fn fetches(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// The header value of a fresh token, fetched with `fetch` only if no other caller is
    /// fetching one already.
    pub(super) async fn header<F, Fut>(&self, fetch: F) -> Result<HeaderValue, AuthError>
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

    fn store(&self, token: &AccessToken) -> Result<HeaderValue, AuthError> {
        let mut header = HeaderValue::try_from(token.secret()).map_err(|_| {
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
            at - self.margin.min(lifetime / 2)
        });
        let cached = Cached {
            header: header.clone(),
            refresh_at,
            fetched_at: now,
        };
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(cached);
        Ok(header)
    }

    /// Drops the token if it is not newer than a request the bank refused; returns whether a
    /// retry may help.
    pub(super) fn invalidate(&self, sent_at: Instant) -> bool {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        if current.as_ref().is_some_and(|c| c.fetched_at <= sent_at) {
            *current = None;
        }
        true
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

#[cfg(test)]
mod tests {
    use super::*;

    fn token(lifetime: Option<u64>) -> AccessToken {
        AccessToken::new("t", lifetime.map(Duration::from_secs))
    }

    async fn header(cache: &TokenCache, lifetime: Option<u64>) -> Result<HeaderValue, AuthError> {
        cache.header(|| async move { Ok(token(lifetime)) }).await
    }

    #[tokio::test(start_paused = true)]
    async fn replaced_a_margin_before_expiry() {
        let cache = TokenCache::new(Duration::from_secs(60));
        assert!(header(&cache, Some(1800)).await.is_ok());
        tokio::time::advance(Duration::from_secs(1700)).await;
        assert!(header(&cache, Some(1800)).await.is_ok());
        assert_eq!(cache.fetches(), 1, "100 s left: the cached token serves");
        tokio::time::advance(Duration::from_secs(50)).await;
        assert!(header(&cache, Some(1800)).await.is_ok());
        assert_eq!(cache.fetches(), 2, "50 s left, under the margin: replaced");
    }

    #[tokio::test(start_paused = true)]
    async fn short_tokens_serve_half_their_life() {
        let cache = TokenCache::new(Duration::from_secs(60));
        assert!(header(&cache, Some(30)).await.is_ok());
        tokio::time::advance(Duration::from_secs(14)).await;
        assert!(header(&cache, Some(30)).await.is_ok());
        assert_eq!(cache.fetches(), 1);
        tokio::time::advance(Duration::from_secs(2)).await;
        assert!(header(&cache, Some(30)).await.is_ok());
        assert_eq!(cache.fetches(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn tokens_without_expiry_serve_until_refused() {
        let cache = TokenCache::new(Duration::from_secs(60));
        assert!(header(&cache, None).await.is_ok());
        tokio::time::advance(Duration::from_secs(86_400)).await;
        assert!(header(&cache, None).await.is_ok());
        assert_eq!(cache.fetches(), 1);
        assert!(cache.invalidate(Instant::now()));
        assert!(header(&cache, None).await.is_ok());
        assert_eq!(cache.fetches(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_refusal_spares_a_newer_token() {
        let cache = TokenCache::new(Duration::from_secs(60));
        let before = Instant::now();
        tokio::time::advance(Duration::from_secs(1)).await;
        assert!(header(&cache, Some(1800)).await.is_ok());
        assert!(cache.invalidate(before));
        assert!(header(&cache, Some(1800)).await.is_ok());
        assert_eq!(
            cache.fetches(),
            1,
            "the token is newer than the refused request"
        );
    }

    #[tokio::test]
    async fn failures_are_not_cached() {
        let cache = TokenCache::new(Duration::from_secs(60));
        let failed = cache
            .header(|| async { Err(AuthError::new(AuthErrorKind::TokenRequest, "no")) })
            .await;
        assert!(failed.is_err());
        assert_eq!(cache.fetches(), 0);
        assert!(header(&cache, Some(1800)).await.is_ok());
        assert_eq!(cache.fetches(), 1);
    }

    #[test]
    fn the_header_is_the_bare_token_marked_sensitive() {
        let cache = TokenCache::new(Duration::from_secs(60));
        let stored = cache.store(&AccessToken::new("abc.def", None));
        assert!(
            stored
                .as_ref()
                .is_ok_and(|h| h == "abc.def" && h.is_sensitive())
        );
        let bad = cache.store(&AccessToken::new("line\nbreak", None));
        assert!(bad.is_err_and(|e| e.kind() == AuthErrorKind::InvalidTokenResponse));
    }
}
