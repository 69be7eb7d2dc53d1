//! A customer's tokens, refreshed with the refresh-token grant.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::HeaderMap;
use http::header::AUTHORIZATION;
use oauth2::RefreshToken;
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use super::oauth::{OAuthClient, OauthHttp, token_set};
use super::refresh_lease::RefreshCoordination;
use super::token::{AccessToken, TokenSet};
use super::token_cache::{DEFAULT_REFRESH_MARGIN, TokenCache};
use super::{ApplyFuture, AuthContext, Credentials, TokenFuture};
use crate::error::{AuthError, AuthErrorKind};
use crate::transport::Transport;

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
///
/// When several processes hold the same customer's tokens, give them all a
/// [`RefreshCoordination`] over the state they share
/// ([`coordinate_with`](Self::coordinate_with)): they then refresh one at a time, and a
/// process that finds the tokens already refreshed by another adopts them instead of
/// refreshing again.
pub struct UserCredentials {
    oauth: OAuthClient,
    cache: TokenCache,
    on_refresh: Option<RefreshHook>,
    persist: Option<PersistHook>,
    coordination: Option<RefreshCoordination>,
    held: Arc<Held>,
}

/// What the credentials hold between refreshes, shared with a refresh in flight.
struct Held {
    refresh: Mutex<Option<SecretString>>,
    /// The access token last obtained (given, refreshed or adopted).
    access: Mutex<SecretString>,
    /// The last refresh tokens these credentials spent, newest last.
    spent: Mutex<VecDeque<SecretString>>,
    refreshes: AtomicU64,
    adoptions: AtomicU64,
}

/// One refresh: everything it needs, owned, so that a coordinated refresh runs to its end (the
/// new tokens stored, the lease released) even when the call that started it is dropped.
struct Refresh {
    oauth: OAuthClient,
    on_refresh: Option<RefreshHook>,
    persist: Option<PersistHook>,
    held: Arc<Held>,
}

/// How many spent refresh tokens a credential remembers.
const SPENT_KEPT: usize = 4;

/// How little life an adopted access token may have left before it is refreshed at once.
const DUE_WITHIN: Duration = Duration::from_secs(1);

/// How many times new tokens are offered to the persist hook under a coordination.
const PERSIST_ATTEMPTS: u32 = 3;

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
            cache,
            on_refresh: None,
            persist: None,
            coordination: None,
            held: Arc::new(Held {
                refresh: Mutex::new(refresh),
                access: Mutex::new(SecretString::from(access.secret().to_owned())),
                spent: Mutex::new(VecDeque::new()),
                refreshes: AtomicU64::new(0),
                adoptions: AtomicU64::new(0),
            }),
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
    ///
    /// Under a [`coordinate_with`](Self::coordinate_with), the hook is awaited while the
    /// refresh lease is held, its first argument is the refresh token the store is expected to
    /// hold, and a hook that fails is tried up to three times in all.
    pub fn persist_with(
        mut self,
        hook: impl Fn(Option<String>, TokenSet) -> PersistFuture + Send + Sync + 'static,
    ) -> Self {
        self.persist = Some(Arc::new(hook));
        self
    }

    /// Serialises every refresh of these tokens with the other processes (and other
    /// credentials of this process) that share `coordination`'s backend and id: see
    /// [`RefreshCoordination`]. With it, a refresh fails with an
    /// [`AuthErrorKind::TokenTransport`] error, and nothing is sent to the bank, when the
    /// shared store cannot be reached.
    pub fn coordinate_with(mut self, coordination: RefreshCoordination) -> Self {
        self.coordination = Some(coordination);
        self
    }

    /// How many refresh requests these credentials have sent to the bank.
    pub fn refreshes(&self) -> u64 {
        self.held.refreshes.load(Ordering::Relaxed)
    }

    /// How many times these credentials took tokens that another process (or another
    /// credential) had refreshed, instead of refreshing themselves (see
    /// [`coordinate_with`](Self::coordinate_with)).
    pub fn adoptions(&self) -> u64 {
        self.held.adoptions.load(Ordering::Relaxed)
    }

    fn refresh<'a>(&'a self, cx: AuthContext<'a>) -> TokenFuture<'a> {
        let refresh = Refresh {
            oauth: self.oauth.clone(),
            on_refresh: self.on_refresh.clone(),
            persist: self.persist.clone(),
            held: Arc::clone(&self.held),
        };
        let coordination = self.coordination.clone();
        let transport = Arc::clone(cx.transport);
        Box::pin(async move {
            let Some(coordination) = coordination else {
                let used = refresh.held.current();
                return refresh
                    .refresh_with(&transport, used.clone(), used, 1)
                    .await;
            };
            // A task of its own: a caller that gives up (a timeout, a dropped request) does not
            // cut a refresh between the bank's answer and the store's write.
            tokio::spawn(async move {
                let lease = coordination.acquire().await?;
                let result = refresh.under_lease(&transport, &coordination).await;
                lease.release().await;
                result
            })
            .await
            .unwrap_or_else(|_| {
                Err(AuthError::new(
                    AuthErrorKind::TokenTransport,
                    "the refresh of the customer's tokens was interrupted",
                ))
            })
        })
    }
}

impl Held {
    fn current(&self) -> Option<String> {
        self.refresh
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|s| s.expose_secret().to_owned())
    }

    fn set_current(&self, token: Option<&str>) {
        *self.refresh.lock().unwrap_or_else(|e| e.into_inner()) =
            token.map(|t| SecretString::from(t.to_owned()));
    }

    fn set_access(&self, token: &AccessToken) {
        *self.access.lock().unwrap_or_else(|e| e.into_inner()) =
            SecretString::from(token.secret().to_owned());
    }

    /// Whether `token` is the access token these credentials last obtained.
    fn holds(&self, token: &AccessToken) -> bool {
        self.access
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .expose_secret()
            == token.secret()
    }

    fn has_spent(&self, token: &str) -> bool {
        self.spent
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(|s| s.expose_secret() == token)
    }
}

impl Refresh {
    /// A refresh while this process holds the fleet's lease: adopts what another process
    /// refreshed, or refreshes and stores.
    async fn under_lease(
        &self,
        transport: &Arc<dyn Transport>,
        coordination: &RefreshCoordination,
    ) -> Result<AccessToken, AuthError> {
        let ours = self.held.current();
        let mut expected = ours.clone();
        if let Some(stored) = coordination.latest().await? {
            // Stored tokens without a refresh token leave this process's own in place.
            let theirs = stored.refresh_token().or(ours.as_deref());
            let access = stored.access_token();
            if theirs.is_some_and(|t| ours.as_deref() != Some(t) && self.held.has_spent(t)) {
                // The store missed an earlier write of this process: its token is spent.
                // Refresh with ours, and replace the stored one.
                tracing::warn!(
                    "the token store holds a refresh token this process already spent; \
                     refreshing with the newer one and storing it"
                );
                expected = theirs.map(str::to_owned);
            } else if theirs != ours.as_deref() || !self.held.holds(access) {
                // Another process refreshed (a bank that does not rotate refresh tokens
                // changes only the access token): take its tokens.
                self.held.set_current(theirs);
                self.held.set_access(access);
                self.held.adoptions.fetch_add(1, Ordering::Relaxed);
                let left = access
                    .expires_at()
                    .map(|at| at.saturating_duration_since(Instant::now()));
                if left.is_none_or(|left| left > DUE_WITHIN) {
                    return Ok(access.clone());
                }
                expected = theirs.map(str::to_owned);
            }
        }
        let current = self.held.current();
        self.refresh_with(transport, current, expected, PERSIST_ATTEMPTS)
            .await
    }

    /// Refreshes with `current`, then offers the new tokens to the persist hook (as replacing
    /// `expected`) up to `attempts` times.
    async fn refresh_with(
        &self,
        transport: &Arc<dyn Transport>,
        current: Option<String>,
        expected: Option<String>,
        attempts: u32,
    ) -> Result<AccessToken, AuthError> {
        let Some(current) = current else {
            return Err(AuthError::new(
                AuthErrorKind::Unauthorized,
                "the access token expired and the bank issued no refresh token: ask the customer again",
            ));
        };
        let client = self.oauth.client();
        let refresh_token = RefreshToken::new(current.clone());
        let mut request = client.exchange_refresh_token(&refresh_token);
        for (name, value) in self.oauth.assertion_params()? {
            request = request.add_extra_param(name, value);
        }
        let http = OauthHttp::new(Arc::clone(transport));
        self.held.refreshes.fetch_add(1, Ordering::Relaxed);
        let tokens = token_set(
            request
                .request_async(&http)
                .await
                .map_err(|e| http.error(e))?,
        );
        if let Some(rotated) = tokens.refresh_token() {
            if rotated != current {
                let mut spent = self.held.spent.lock().unwrap_or_else(|e| e.into_inner());
                spent.push_back(SecretString::from(current));
                while spent.len() > SPENT_KEPT {
                    spent.pop_front();
                }
            }
            self.held.set_current(Some(rotated));
        }
        self.held.set_access(tokens.access_token());
        if let Some(hook) = &self.on_refresh {
            hook(&tokens);
        }
        if let Some(persist) = &self.persist {
            self.persist(persist, expected, &tokens, attempts).await;
        }
        Ok(tokens.access_token().clone())
    }

    async fn persist(
        &self,
        persist: &PersistHook,
        expected: Option<String>,
        tokens: &TokenSet,
        attempts: u32,
    ) {
        let mut pause = Duration::from_millis(100);
        for attempt in 1..=attempts {
            match persist(expected.clone(), tokens.clone()).await {
                Ok(()) => return,
                Err(error) if attempt < attempts => {
                    tracing::warn!(%error, attempt, "the refreshed tokens could not be stored; trying again");
                    tokio::time::sleep(pause).await;
                    pause = pause.saturating_mul(4);
                }
                Err(error) => {
                    tracing::warn!(%error, "the refreshed tokens could not be stored");
                }
            }
        }
    }
}

impl fmt::Debug for UserCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserCredentials")
            .field("oauth", &self.oauth)
            .field("refreshes", &self.refreshes())
            .field("adoptions", &self.adoptions())
            .field("coordination", &self.coordination)
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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use bytes::Bytes;

    use super::*;
    use crate::auth::ClientAuth;
    use crate::error::TransportError;
    use crate::store::{
        ListedEntry, MemoryBackend, StateBackend, StateKey, StoreError, StoreFuture,
    };
    use crate::transport::{HttpRequest, HttpResponse, Transport, TransportFuture};

    /// A token endpoint that rotates refresh tokens and, like a real bank, refuses a spent
    /// one (and would revoke the whole authorization).
    #[derive(Debug, Default)]
    struct Bank {
        state: Mutex<BankState>,
    }

    #[derive(Debug, Default)]
    struct BankState {
        issued: u32,
        live: Option<String>,
        spent: HashSet<String>,
        refresh_requests: u32,
        reused: u32,
        /// A bank that keeps the refresh token and issues only a new access token.
        keeps_refresh_token: bool,
    }

    impl Bank {
        fn new(live: &str) -> Arc<Self> {
            let bank = Self::default();
            bank.lock().live = Some(live.to_owned());
            Arc::new(bank)
        }

        fn lock(&self) -> std::sync::MutexGuard<'_, BankState> {
            self.state.lock().unwrap()
        }

        fn answer(&self, body: &[u8]) -> HttpResponse {
            let form: std::collections::HashMap<String, String> =
                url::form_urlencoded::parse(body).into_owned().collect();
            let mut state = self.lock();
            if form.get("grant_type").map(String::as_str) != Some("refresh_token") {
                return json(400, r#"{"error":"unsupported_grant_type"}"#.to_owned());
            }
            state.refresh_requests += 1;
            let presented = form.get("refresh_token").cloned().unwrap_or_default();
            if state.live.as_deref() != Some(presented.as_str()) {
                if state.spent.contains(&presented) {
                    state.reused += 1;
                }
                return json(400, r#"{"error":"invalid_grant"}"#.to_owned());
            }
            state.issued += 1;
            let n = state.issued;
            if state.keeps_refresh_token {
                return json(
                    200,
                    format!(
                        r#"{{"access_token":"at-{n}","token_type":"Bearer","expires_in":600}}"#
                    ),
                );
            }
            state.spent.insert(presented);
            state.live = Some(format!("rt-{n}"));
            json(
                200,
                format!(
                    r#"{{"access_token":"at-{n}","token_type":"Bearer","expires_in":600,"refresh_token":"rt-{n}"}}"#
                ),
            )
        }
    }

    fn json(status: u16, body: String) -> HttpResponse {
        http::Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(Bytes::from(body))
            .unwrap()
    }

    #[derive(Debug)]
    struct Endpoint(Arc<Bank>);

    impl Transport for Endpoint {
        fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
            Box::pin(async move {
                // Long enough for racing refreshes to overlap.
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok::<_, TransportError>(self.0.answer(request.body()))
            })
        }
    }

    /// What the processes store: the latest token set, replaced by compare-and-set.
    #[derive(Default)]
    struct Shared {
        tokens: Mutex<Option<TokenSet>>,
    }

    impl Shared {
        fn refresh_token(&self) -> Option<String> {
            self.tokens
                .lock()
                .unwrap()
                .as_ref()
                .and_then(|t| t.refresh_token().map(str::to_owned))
        }
    }

    fn oauth() -> OAuthClient {
        OAuthClient::new(
            "client",
            "http://127.0.0.1:9/token",
            ClientAuth::secret_post("s"),
        )
        .unwrap()
    }

    fn expired(refresh: &str) -> TokenSet {
        TokenSet::new(
            AccessToken::new("at-0", Some(Duration::ZERO)),
            Some(refresh.to_owned()),
            None,
        )
    }

    /// Credentials of one process: its own copy of the tokens, persisting to `shared`, and
    /// coordinated over `backend` when there is one.
    fn process(
        shared: &Arc<Shared>,
        backend: Option<&Arc<dyn StateBackend>>,
    ) -> Arc<UserCredentials> {
        let store = Arc::clone(shared);
        let mut user =
            UserCredentials::new(oauth(), expired("rt-0")).persist_with(move |used, tokens| {
                let store = Arc::clone(&store);
                Box::pin(async move {
                    let mut held = store.tokens.lock().unwrap();
                    let current = held
                        .as_ref()
                        .and_then(|t| t.refresh_token().map(str::to_owned));
                    if current == used {
                        // A refresh answer without a refresh token keeps the one used.
                        let refresh = tokens.refresh_token().map(str::to_owned).or(used);
                        *held = Some(TokenSet::new(tokens.access_token().clone(), refresh, None));
                        Ok(())
                    } else {
                        Err("the stored refresh token changed".into())
                    }
                })
            });
        if let Some(backend) = backend {
            let store = Arc::clone(shared);
            user = user.coordinate_with(RefreshCoordination::new(
                Arc::clone(backend),
                "bank/consent-1",
                move || {
                    let latest = store.tokens.lock().unwrap().clone();
                    Box::pin(async move { Ok(latest) })
                },
            ));
        }
        Arc::new(user)
    }

    async fn header(
        user: &UserCredentials,
        transport: &Arc<dyn Transport>,
    ) -> Result<String, crate::Error> {
        let mut headers = HeaderMap::new();
        user.apply(AuthContext::new(transport), &mut headers)
            .await?;
        Ok(headers[AUTHORIZATION].to_str().unwrap().to_owned())
    }

    /// `n` processes sharing `shared` (and `backend`) all call at once; the headers they sent.
    async fn race(
        n: usize,
        bank: &Arc<Bank>,
        shared: &Arc<Shared>,
        backend: Option<&Arc<dyn StateBackend>>,
    ) -> Vec<Result<String, crate::Error>> {
        let transport: Arc<dyn Transport> = Arc::new(Endpoint(Arc::clone(bank)));
        let mut calls = tokio::task::JoinSet::new();
        for _ in 0..n {
            let user = process(shared, backend);
            let transport = Arc::clone(&transport);
            calls.spawn(async move { header(&user, &transport).await });
        }
        let mut headers = Vec::new();
        while let Some(result) = calls.join_next().await {
            headers.push(result.unwrap());
        }
        headers
    }

    fn seeded() -> Arc<Shared> {
        let shared = Arc::new(Shared::default());
        *shared.tokens.lock().unwrap() = Some(expired("rt-0"));
        shared
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn eight_coordinated_processes_refresh_once_and_all_take_the_new_token() {
        let bank = Bank::new("rt-0");
        let shared = seeded();
        let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
        let headers = race(8, &bank, &shared, Some(&backend)).await;
        let headers: HashSet<String> = headers.into_iter().map(Result::unwrap).collect();
        assert_eq!(bank.lock().refresh_requests, 1, "one refresh for the fleet");
        assert_eq!(bank.lock().reused, 0);
        assert_eq!(headers, HashSet::from(["Bearer at-1".to_owned()]));
        assert_eq!(shared.refresh_token().as_deref(), Some("rt-1"));
        assert_eq!(bank.lock().live.as_deref(), Some("rt-1"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_a_bank_that_keeps_the_refresh_token_the_fleet_refreshes_once_too() {
        let bank = Bank::new("rt-0");
        bank.lock().keeps_refresh_token = true;
        let shared = seeded();
        let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
        let headers = race(8, &bank, &shared, Some(&backend)).await;
        let headers: HashSet<String> = headers.into_iter().map(Result::unwrap).collect();
        assert_eq!(bank.lock().refresh_requests, 1, "one refresh for the fleet");
        assert_eq!(headers, HashSet::from(["Bearer at-1".to_owned()]));
        assert_eq!(shared.refresh_token().as_deref(), Some("rt-0"), "kept");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn uncoordinated_processes_reuse_the_refresh_token() {
        // What the coordination prevents: the bank sees a spent refresh token again.
        let bank = Bank::new("rt-0");
        let shared = seeded();
        let results = race(4, &bank, &shared, None).await;
        assert!(bank.lock().refresh_requests > 1);
        assert!(bank.lock().reused > 0);
        assert!(results.iter().any(Result::is_err));
    }

    #[tokio::test]
    async fn an_adopted_access_token_that_is_due_is_refreshed_with_the_stored_refresh_token() {
        let bank = Bank::new("rt-5");
        let shared = seeded();
        // Another process refreshed to rt-5, and its access token is expiring too.
        *shared.tokens.lock().unwrap() = Some(expired("rt-5"));
        let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
        let transport: Arc<dyn Transport> = Arc::new(Endpoint(Arc::clone(&bank)));
        let user = process(&shared, Some(&backend));
        assert_eq!(header(&user, &transport).await.unwrap(), "Bearer at-1");
        assert_eq!(bank.lock().refresh_requests, 1);
        assert_eq!(bank.lock().reused, 0, "rt-0 was never sent");
        assert_eq!(user.adoptions(), 1);
        assert_eq!(user.refreshes(), 1);
        assert_eq!(shared.refresh_token().as_deref(), Some("rt-1"));
    }

    #[tokio::test]
    async fn a_store_that_missed_this_process_s_write_is_not_adopted() {
        let bank = Bank::new("rt-0");
        let shared = seeded();
        let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
        let transport: Arc<dyn Transport> = Arc::new(Endpoint(Arc::clone(&bank)));
        let user = process(&shared, Some(&backend));
        header(&user, &transport).await.unwrap();
        // The write of rt-1 is lost (a store restored from an old backup, say).
        *shared.tokens.lock().unwrap() = Some(expired("rt-0"));
        assert!(user.invalidate(Instant::now()));
        assert_eq!(header(&user, &transport).await.unwrap(), "Bearer at-2");
        assert_eq!(bank.lock().reused, 0, "the spent rt-0 was not taken back");
        assert_eq!(user.adoptions(), 0);
        assert_eq!(
            shared.refresh_token().as_deref(),
            Some("rt-2"),
            "the store catches up"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_caller_that_gives_up_mid_refresh_does_not_cut_the_refresh_short() {
        let bank = Bank::new("rt-0");
        let shared = seeded();
        let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
        let transport: Arc<dyn Transport> = Arc::new(Endpoint(Arc::clone(&bank)));
        let first = process(&shared, Some(&backend));
        // The bank takes 20 ms; the caller waits 5.
        let gave_up =
            tokio::time::timeout(Duration::from_millis(5), header(&first, &transport)).await;
        assert!(gave_up.is_err(), "the caller gave up");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(bank.lock().refresh_requests, 1);
        assert_eq!(
            shared.refresh_token().as_deref(),
            Some("rt-1"),
            "the bank's answer was stored all the same"
        );
        // The lease was released: another process adopts at once, without a request.
        let second = process(&shared, Some(&backend));
        let adopted =
            tokio::time::timeout(Duration::from_secs(5), header(&second, &transport)).await;
        assert_eq!(
            adopted.expect("no wait for a lease").unwrap(),
            "Bearer at-1"
        );
        assert_eq!(bank.lock().refresh_requests, 1);
        assert_eq!(bank.lock().reused, 0);
    }

    /// A store that cannot be reached.
    struct Down;

    fn down<T>() -> StoreFuture<'static, T> {
        Box::pin(async { Err(StoreError::unreachable("connection refused")) })
    }

    impl StateBackend for Down {
        fn get<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
            down()
        }
        fn put<'a>(
            &'a self,
            _: StateKey<'a>,
            _: Vec<u8>,
            _: Option<Duration>,
        ) -> StoreFuture<'a, ()> {
            down()
        }
        fn put_if_absent<'a>(
            &'a self,
            _: StateKey<'a>,
            _: Vec<u8>,
            _: Option<Duration>,
        ) -> StoreFuture<'a, bool> {
            down()
        }
        fn take<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
            down()
        }
        fn compare_and_swap<'a>(
            &'a self,
            _: StateKey<'a>,
            _: Option<&'a [u8]>,
            _: Vec<u8>,
            _: Option<Duration>,
        ) -> StoreFuture<'a, bool> {
            down()
        }
        fn delete<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, bool> {
            down()
        }
        fn list<'a>(&'a self, _: &'a str) -> StoreFuture<'a, Vec<ListedEntry>> {
            down()
        }
        fn count<'a>(&'a self, _: StateKey<'a>, _: Duration) -> StoreFuture<'a, u64> {
            down()
        }
    }

    #[tokio::test]
    async fn an_unreachable_store_fails_the_refresh_and_sends_nothing() {
        let bank = Bank::new("rt-0");
        let shared = seeded();
        let backend: Arc<dyn StateBackend> = Arc::new(Down);
        let transport: Arc<dyn Transport> = Arc::new(Endpoint(Arc::clone(&bank)));
        let user = process(&shared, Some(&backend));
        let error = header(&user, &transport).await.unwrap_err();
        assert_eq!(
            error.auth_kind(),
            Some(AuthErrorKind::TokenTransport),
            "{error:?}"
        );
        assert!(
            error.message().contains("the token store is unreachable"),
            "{}",
            error.message()
        );
        assert_eq!(bank.lock().refresh_requests, 0, "no uncoordinated refresh");
    }

    #[tokio::test(start_paused = true)]
    async fn a_lease_held_elsewhere_past_the_longest_wait_fails_typed() {
        let bank = Bank::new("rt-0");
        let shared = seeded();
        let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
        // A process that took the lease and hangs.
        backend
            .put_if_absent(
                StateKey::new("user-refresh-leases", "bank/consent-1"),
                b"someone".to_vec(),
                None,
            )
            .await
            .unwrap();
        let transport: Arc<dyn Transport> = Arc::new(Endpoint(Arc::clone(&bank)));
        let user = process(&shared, Some(&backend));
        let error = header(&user, &transport).await.unwrap_err();
        assert_eq!(
            error.auth_kind(),
            Some(AuthErrorKind::TokenTransport),
            "{error:?}"
        );
        assert_eq!(bank.lock().refresh_requests, 0);
    }

    #[test]
    fn debug_shows_no_token_and_no_lease_id() {
        let shared = seeded();
        let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
        let shown = format!("{:?}", process(&shared, Some(&backend)));
        assert!(
            !shown.contains("rt-0") && !shown.contains("consent-1"),
            "{shown}"
        );
    }
}
