//! A single-flight cache of one access token, refreshed before it expires.
//!
//! hkob's own OAuth credentials use it; credentials for a bank's own token
//! scheme can use it too.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use http::HeaderValue;
use tokio::time::Instant;

use super::fleet_token::{FIRST_POLL, FleetHeld, FleetToken, LONGEST_POLL};
use super::token::AccessToken;
use crate::error::{AuthError, AuthErrorKind};
use crate::store::{Lease, StateBackend, StoreError};

/// How long a cache waits before it tries a failed store once more.
const STORE_RETRY: Duration = Duration::from_millis(50);

/// How long before expiry a token is replaced, by default.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

#[derive(Clone)]
struct Cached {
    header: HeaderValue,
    refresh_at: Option<Instant>,
    fetched_at: Instant,
    /// The token as the fleet's store holds it, when it came from there.
    shared: Option<Vec<u8>>,
}

/// What one look at the fleet's store found.
enum FleetStep {
    /// A token to use.
    Held(FleetHeld),
    /// No token, and this instance holds the lease to fetch one.
    Leased(Lease),
    /// Another instance is fetching one.
    Wait,
}

/// Holds the current token as a header value; concurrent callers that find
/// it missing or stale share one fetch.
///
/// A token is replaced `margin` before it expires, but never earlier than
/// half-way through its life.
///
/// [`shared`](Self::shared) makes the cache share its token with every process that uses the
/// same [`StateBackend`] and id: when the token is due, one process of the whole fleet fetches
/// the next (it holds a lease in the store for that; a process that dies while holding it
/// frees it within 30 seconds) and the others wait for it, then read it. Every process keeps
/// the token in memory for its life, so a warm token costs no store round trip. If the store
/// fails, the process fetches a token for itself alone (more token requests, no failed call)
/// and says so in a warning.
pub struct TokenCache {
    current: RwLock<Option<Cached>>,
    fetch_lock: tokio::sync::Mutex<()>,
    margin: Duration,
    scheme: Option<&'static str>,
    fetches: AtomicU64,
    fleet: Option<FleetToken>,
    /// A shared token the bank refused: not to be taken from the store again.
    refused: Mutex<Option<Vec<u8>>>,
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
            fleet: None,
            refused: Mutex::new(None),
        }
    }

    /// The same cache, replacing its token `margin` before it expires.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Shares the token, under `id`, with every process that uses `backend` (see the type's
    /// docs). The id names one credential at one bank: the same token URL, client and scopes.
    ///
    /// The token is never written in clear: a backend that does not
    /// [protect secrets](StateBackend::protects_secrets) (one not wrapped in a
    /// [`SealedBackend`](crate::store::SealedBackend)) is not used, and an error says so in the
    /// log; the cache then works for this process alone.
    pub fn shared(mut self, backend: Arc<dyn StateBackend>, id: impl Into<String>) -> Self {
        if backend.protects_secrets() {
            self.fleet = Some(FleetToken::new(backend, id.into()));
        } else {
            tracing::error!(
                "the shared store does not seal what it keeps: the TSP's token is not shared \
                 (wrap the backend in a SealedBackend)"
            );
        }
        self
    }

    /// Whether the token is shared through a store.
    pub fn is_shared(&self) -> bool {
        self.fleet.is_some()
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
        match &self.fleet {
            Some(fleet) => self.through_fleet(fleet, fetch).await,
            None => {
                let token = fetch().await?;
                self.fetches.fetch_add(1, Ordering::Relaxed);
                self.store(&token)
            }
        }
    }

    /// A token from the fleet's store, or fetched under the fleet's lease and shared.
    async fn through_fleet<F, Fut>(
        &self,
        fleet: &FleetToken,
        fetch: F,
    ) -> Result<HeaderValue, AuthError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<AccessToken, AuthError>>,
    {
        let mut pause = FIRST_POLL;
        let mut store_failed_once = false;
        loop {
            match self.fleet_step(fleet).await {
                Ok(FleetStep::Held(held)) => {
                    let refresh_at = held.refresh_in.and_then(|d| Instant::now().checked_add(d));
                    return self.keep(&held.token, refresh_at, Some(held.raw));
                }
                Ok(FleetStep::Wait) => {
                    tokio::time::sleep(pause).await;
                    pause = pause.saturating_mul(2).min(LONGEST_POLL);
                }
                Ok(FleetStep::Leased(lease)) => {
                    let result = match fetch().await {
                        Ok(token) => {
                            self.fetches.fetch_add(1, Ordering::Relaxed);
                            let refresh_at = self.refresh_at(&token);
                            let refresh_in =
                                refresh_at.map(|at| at.saturating_duration_since(Instant::now()));
                            let shared = fleet
                                .write(&token, refresh_in)
                                .await
                                .map_err(|e| store_failed(&e, "sharing the new token"))
                                .ok();
                            self.keep(&token, refresh_at, shared)
                        }
                        Err(e) => Err(e),
                    };
                    if let Err(e) = lease.release().await {
                        store_failed(&e, "releasing the token lease");
                    }
                    return result;
                }
                // A store that was just restarted may fail once while it reconnects.
                Err(_) if !store_failed_once => {
                    store_failed_once = true;
                    tokio::time::sleep(STORE_RETRY).await;
                }
                Err(e) => {
                    store_failed(
                        &e,
                        "reading the shared token; fetching one for this process",
                    );
                    let token = fetch().await?;
                    self.fetches.fetch_add(1, Ordering::Relaxed);
                    return self.store(&token);
                }
            }
        }
    }

    async fn fleet_step(&self, fleet: &FleetToken) -> Result<FleetStep, StoreError> {
        let usable = |held: Option<FleetHeld>| {
            let refused = self.refused.lock().unwrap_or_else(|e| e.into_inner());
            held.filter(|h| refused.as_deref() != Some(h.raw.as_slice()))
        };
        if let Some(held) = usable(fleet.read().await?) {
            return Ok(FleetStep::Held(held));
        }
        let Some(lease) = fleet.lease().await? else {
            return Ok(FleetStep::Wait);
        };
        // Another process may have shared a token between the read and the lease.
        if let Some(held) = usable(fleet.read().await?) {
            lease.release().await?;
            return Ok(FleetStep::Held(held));
        }
        Ok(FleetStep::Leased(lease))
    }

    /// Puts a token obtained elsewhere (an authorization-code exchange) in the cache.
    pub fn store(&self, token: &AccessToken) -> Result<HeaderValue, AuthError> {
        self.keep(token, self.refresh_at(token), None)
    }

    /// When `token` is to be replaced: `margin` before it expires, but never earlier than
    /// half-way through its life.
    fn refresh_at(&self, token: &AccessToken) -> Option<Instant> {
        let now = Instant::now();
        token.expires_at().map(|at| {
            let lifetime = at.saturating_duration_since(now);
            // Never spend more than half a short-lived token's life waiting.
            let margin = self.margin.min(lifetime.checked_div(2).unwrap_or_default());
            // `margin` is at most `at - now`, so this is never before now; refresh now if it were.
            at.checked_sub(margin).unwrap_or(now)
        })
    }

    fn keep(
        &self,
        token: &AccessToken,
        refresh_at: Option<Instant>,
        shared: Option<Vec<u8>>,
    ) -> Result<HeaderValue, AuthError> {
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
        let cached = Cached {
            header: header.clone(),
            refresh_at,
            fetched_at: Instant::now(),
            shared,
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
                if let Some(shared) = &c.shared {
                    *self.refused.lock().unwrap_or_else(|e| e.into_inner()) = Some(shared.clone());
                }
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

/// Says, without any secret, that the fleet's store failed.
fn store_failed(error: &StoreError, doing: &str) {
    tracing::warn!(kind = ?error.kind(), error = %error.message(), "token store failed while {doing}");
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("margin", &self.margin)
            .field("fetches", &self.fetches())
            .field("shared", &self.fleet)
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

    mod fleet {
        use std::sync::atomic::AtomicUsize;

        use super::*;
        use crate::store::{MemoryBackend, StateKey, StoreFuture};

        /// `n` caches sharing `backend`, as `n` processes would.
        fn fleet(n: usize, backend: &Arc<dyn StateBackend>) -> Vec<Arc<TokenCache>> {
            (0..n)
                .map(|_| {
                    Arc::new(
                        TokenCache::bearer(Duration::from_secs(60))
                            .shared(Arc::clone(backend), "bank-client"),
                    )
                })
                .collect()
        }

        /// A token endpoint that counts its requests and takes a moment to answer.
        #[derive(Default)]
        struct Endpoint {
            requests: AtomicUsize,
        }

        impl Endpoint {
            async fn token(&self, lifetime: u64) -> Result<AccessToken, AuthError> {
                let n = self.requests.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok(AccessToken::new(
                    format!("token-{n}"),
                    Some(Duration::from_secs(lifetime)),
                ))
            }

            fn requests(&self) -> usize {
                self.requests.load(Ordering::SeqCst)
            }
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn eight_processes_times_ten_thousand_calls_make_one_token_request() {
            let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
            let endpoint = Arc::new(Endpoint::default());
            let mut calls = tokio::task::JoinSet::new();
            for cache in fleet(8, &backend) {
                for _ in 0..10_000 {
                    let (cache, endpoint) = (Arc::clone(&cache), Arc::clone(&endpoint));
                    calls.spawn(async move {
                        let header = cache.header(|| endpoint.token(600)).await.unwrap();
                        header.to_str().map(str::to_owned).unwrap_or_default()
                    });
                }
            }
            let mut headers = std::collections::HashSet::new();
            while let Some(header) = calls.join_next().await {
                headers.insert(header.unwrap());
            }
            assert_eq!(endpoint.requests(), 1, "one token request for the fleet");
            assert_eq!(
                headers.len(),
                1,
                "every call used the one token: {headers:?}"
            );
        }

        #[tokio::test]
        async fn a_refused_token_is_replaced_once_for_the_fleet_and_a_due_one_refetched() {
            let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
            let endpoint = Endpoint::default();
            let caches = fleet(3, &backend);
            for cache in &caches {
                cache.header(|| endpoint.token(600)).await.unwrap();
            }
            assert_eq!(endpoint.requests(), 1);
            // The bank refuses the token: every process drops it, one fetches the next.
            tokio::time::sleep(Duration::from_millis(2)).await;
            let refused_at = Instant::now();
            for cache in &caches {
                assert!(cache.invalidate(refused_at));
            }
            let mut headers = std::collections::HashSet::new();
            for cache in &caches {
                let h = cache.header(|| endpoint.token(600)).await.unwrap();
                headers.insert(h.to_str().unwrap().to_owned());
            }
            assert_eq!(endpoint.requests(), 2, "one new token for the fleet");
            assert_eq!(headers.len(), 1, "{headers:?}");
            assert!(headers.contains("Bearer token-1"));

            // A short-lived token is due half-way through its life, for everyone.
            let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
            let endpoint = Endpoint::default();
            let caches = fleet(2, &backend);
            caches[0].header(|| endpoint.token(1)).await.unwrap();
            caches[1].header(|| endpoint.token(1)).await.unwrap();
            assert_eq!(endpoint.requests(), 1);
            tokio::time::sleep(Duration::from_millis(600)).await;
            caches[1].header(|| endpoint.token(1)).await.unwrap();
            caches[0].header(|| endpoint.token(1)).await.unwrap();
            assert_eq!(endpoint.requests(), 2);
        }

        /// A store that cannot be reached.
        struct Down;

        impl StateBackend for Down {
            fn get<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
                Box::pin(async { Err(StoreError::unreachable("down")) })
            }
            fn put<'a>(
                &'a self,
                _: StateKey<'a>,
                _: Vec<u8>,
                _: Option<Duration>,
            ) -> StoreFuture<'a, ()> {
                Box::pin(async { Err(StoreError::unreachable("down")) })
            }
            fn put_if_absent<'a>(
                &'a self,
                _: StateKey<'a>,
                _: Vec<u8>,
                _: Option<Duration>,
            ) -> StoreFuture<'a, bool> {
                Box::pin(async { Err(StoreError::unreachable("down")) })
            }
            fn take<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
                Box::pin(async { Err(StoreError::unreachable("down")) })
            }
            fn compare_and_swap<'a>(
                &'a self,
                _: StateKey<'a>,
                _: Option<&'a [u8]>,
                _: Vec<u8>,
                _: Option<Duration>,
            ) -> StoreFuture<'a, bool> {
                Box::pin(async { Err(StoreError::unreachable("down")) })
            }
            fn delete<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, bool> {
                Box::pin(async { Err(StoreError::unreachable("down")) })
            }
            fn list<'a>(&'a self, _: &'a str) -> StoreFuture<'a, Vec<crate::store::ListedEntry>> {
                Box::pin(async { Err(StoreError::unreachable("down")) })
            }
            fn count<'a>(&'a self, _: StateKey<'a>, _: Duration) -> StoreFuture<'a, u64> {
                Box::pin(async { Err(StoreError::unreachable("down")) })
            }
            fn protects_secrets(&self) -> bool {
                true
            }
        }

        /// A store that keeps values as they are given.
        struct Clear(MemoryBackend);

        impl StateBackend for Clear {
            fn get<'a>(&'a self, k: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
                self.0.get(k)
            }
            fn put<'a>(
                &'a self,
                k: StateKey<'a>,
                v: Vec<u8>,
                t: Option<Duration>,
            ) -> StoreFuture<'a, ()> {
                self.0.put(k, v, t)
            }
            fn put_if_absent<'a>(
                &'a self,
                k: StateKey<'a>,
                v: Vec<u8>,
                t: Option<Duration>,
            ) -> StoreFuture<'a, bool> {
                self.0.put_if_absent(k, v, t)
            }
            fn take<'a>(&'a self, k: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
                self.0.take(k)
            }
            fn compare_and_swap<'a>(
                &'a self,
                k: StateKey<'a>,
                e: Option<&'a [u8]>,
                v: Vec<u8>,
                t: Option<Duration>,
            ) -> StoreFuture<'a, bool> {
                self.0.compare_and_swap(k, e, v, t)
            }
            fn delete<'a>(&'a self, k: StateKey<'a>) -> StoreFuture<'a, bool> {
                self.0.delete(k)
            }
            fn list<'a>(&'a self, c: &'a str) -> StoreFuture<'a, Vec<crate::store::ListedEntry>> {
                self.0.list(c)
            }
            fn count<'a>(&'a self, k: StateKey<'a>, w: Duration) -> StoreFuture<'a, u64> {
                self.0.count(k, w)
            }
        }

        #[tokio::test]
        async fn a_store_that_does_not_seal_is_never_given_the_token() {
            let clear = Arc::new(Clear(MemoryBackend::new()));
            let backend: Arc<dyn StateBackend> = clear.clone();
            let cache = TokenCache::bearer(Duration::from_secs(60)).shared(backend, "bank-client");
            assert!(!cache.is_shared());
            let endpoint = Endpoint::default();
            cache.header(|| endpoint.token(600)).await.unwrap();
            assert!(clear.0.list("tsp-tokens").await.unwrap().is_empty());
            assert_eq!(endpoint.requests(), 1, "the process still has its token");
        }

        #[tokio::test]
        async fn with_the_store_down_each_process_fetches_for_itself_and_no_call_fails() {
            let backend: Arc<dyn StateBackend> = Arc::new(Down);
            let endpoint = Endpoint::default();
            let caches = fleet(2, &backend);
            for cache in &caches {
                for _ in 0..3 {
                    cache.header(|| endpoint.token(600)).await.unwrap();
                }
            }
            assert_eq!(
                endpoint.requests(),
                2,
                "one per process, then cached in each"
            );
        }
    }
}
