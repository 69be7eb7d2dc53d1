//! A customer's refresh serialised across every process that shares a [`StateBackend`]: one
//! lease per token family, and a look at the latest stored tokens under it.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::token::TokenSet;
use crate::error::{AuthError, AuthErrorKind};
use crate::store::{self, StateBackend, StoreError, StoreFuture};

/// The collection of refresh leases.
const LEASES: &str = "user-refresh-leases";

/// How long a process may hold the refresh of one customer's tokens, by default: longer than a
/// token request takes, short enough that a crashed process does not stall the others long.
pub const DEFAULT_REFRESH_LEASE: Duration = Duration::from_secs(30);

/// The first and longest pause between two tries of a process waiting for another's refresh.
const FIRST_POLL: Duration = Duration::from_millis(10);
const LONGEST_POLL: Duration = Duration::from_millis(200);

/// The future of a [`RefreshCoordination`]'s look at the latest stored tokens.
pub type LatestTokensFuture = StoreFuture<'static, Option<TokenSet>>;

type LatestHook = Arc<dyn Fn() -> LatestTokensFuture + Send + Sync>;

/// How [`UserCredentials`](super::UserCredentials) refresh one customer's tokens when many
/// processes hold them: one refresh at a time for the whole fleet, under a lease in a shared
/// [`StateBackend`].
///
/// A bank that rotates refresh tokens revokes every token of an authorization when it sees a
/// spent refresh token again. Two processes that refresh with the same refresh token at once
/// therefore lose the customer's consent. With a coordination, a process about to refresh:
///
/// 1. takes the lease `id` in the backend (`put_if_absent` with a ttl of
///    [`lease`](Self::lease), 30 s by default), waiting with backoff while another process
///    holds it (at most [`max_wait`](Self::max_wait));
/// 2. once it holds it, asks `latest` for the tokens the store holds now. If their refresh
///    token is not the one this process holds (or, at a bank that does not rotate refresh
///    tokens, their access token is not), another process has refreshed already: this one
///    adopts the stored tokens and sends nothing to the bank (unless the stored access token
///    is itself expiring, in which case it refreshes with the stored, newer refresh token). A
///    stored refresh token this process has spent itself is not adopted: the store missed
///    this process's last write, and is brought up to date by its next refresh;
/// 3. otherwise it refreshes, stores the new tokens with the
///    [`persist_with`](super::UserCredentials::persist_with) hook while it still holds the
///    lease, and releases it.
///
/// If the backend cannot be reached (or `latest` fails), the refresh fails with an
/// [`AuthError`] of kind [`AuthErrorKind::TokenTransport`] whose message says that the token
/// store is unreachable, and nothing is sent to the bank: refreshing without the lease could
/// reuse a rotated refresh token and cost the consent. The call can be retried once the store
/// is back; the access token in hand is used as long as it is valid.
///
/// The lease must outlast a token request (a process whose request takes longer than the
/// lease may race the next holder). Use a [`SealedBackend`](crate::store::SealedBackend): the
/// lease's id is then stored only as a keyed hash.
///
/// ```
/// use std::sync::Arc;
///
/// use hkob_core::auth::{RefreshCoordination, TokenSet};
/// use hkob_core::store::{MemoryBackend, StateBackend};
///
/// let shared: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
/// // `latest` reads the customer's tokens from wherever the TSP stores them.
/// let coordination = RefreshCoordination::new(shared, "bea/consent-42", || {
///     Box::pin(async { Ok(None::<TokenSet>) })
/// });
/// # let _ = coordination;
/// ```
#[derive(Clone)]
pub struct RefreshCoordination {
    backend: Arc<dyn StateBackend>,
    id: String,
    latest: LatestHook,
    lease: Duration,
    max_wait: Duration,
}

impl fmt::Debug for RefreshCoordination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshCoordination")
            .field("id_len", &self.id.len())
            .field("lease", &self.lease)
            .field("max_wait", &self.max_wait)
            .finish_non_exhaustive()
    }
}

impl RefreshCoordination {
    /// Refreshes serialised under the lease `id` in `backend` (one id per token family: a
    /// bank and a consent, say), with `latest` reading the tokens the processes store.
    /// `latest` answers `None` when the store holds no tokens; the process then refreshes with
    /// its own.
    pub fn new(
        backend: Arc<dyn StateBackend>,
        id: impl Into<String>,
        latest: impl Fn() -> LatestTokensFuture + Send + Sync + 'static,
    ) -> Self {
        Self {
            backend,
            id: id.into(),
            latest: Arc::new(latest),
            lease: DEFAULT_REFRESH_LEASE,
            max_wait: DEFAULT_REFRESH_LEASE.saturating_mul(2),
        }
    }

    /// How long one process may hold the refresh before another may take it (30 s by
    /// default): longer than the bank's token endpoint takes to answer.
    #[must_use]
    pub fn lease(mut self, ttl: Duration) -> Self {
        self.lease = ttl;
        self
    }

    /// How long a process waits for another's refresh before it fails (60 s by default).
    #[must_use]
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// Takes the lease, waiting while another process holds it.
    pub(super) async fn acquire(&self) -> Result<Lease, AuthError> {
        let started = Instant::now();
        let mut pause = FIRST_POLL;
        loop {
            let taken = store::Lease::try_take(&self.backend, LEASES, &self.id, self.lease)
                .await
                .map_err(|e| store_failed(&e, "taking the refresh lease"))?;
            if let Some(held) = taken {
                return Ok(Lease {
                    held,
                    ttl: self.lease,
                });
            }
            if started.elapsed() >= self.max_wait {
                return Err(AuthError::new(
                    AuthErrorKind::TokenTransport,
                    format!(
                        "another process held the refresh of these tokens for more than {:?}; \
                         nothing was refreshed",
                        self.max_wait
                    ),
                ));
            }
            tokio::time::sleep(pause).await;
            pause = pause.saturating_mul(2).min(LONGEST_POLL);
        }
    }

    /// The tokens the processes store now.
    pub(super) async fn latest(&self) -> Result<Option<TokenSet>, AuthError> {
        (self.latest)()
            .await
            .map_err(|e| store_failed(&e, "reading the latest tokens"))
    }
}

/// The lease of one refresh, held by this process.
pub(super) struct Lease {
    held: store::Lease,
    ttl: Duration,
}

impl Lease {
    /// Gives the lease back, if this process still holds it (after a stall longer than the
    /// lease, another may).
    pub(super) async fn release(self) {
        match self.held.release().await {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                lease = ?self.ttl,
                "a customer's refresh outlasted its lease; another process may have refreshed too"
            ),
            Err(e) => tracing::warn!(
                kind = ?e.kind(),
                error = %e.message(),
                "the refresh lease could not be released; it frees itself when its ttl ends"
            ),
        }
    }
}

/// The error of a refresh the token store stopped; never holds a secret.
fn store_failed(error: &StoreError, doing: &str) -> AuthError {
    let what = if error.is_unreachable() {
        "the token store is unreachable".to_owned()
    } else {
        format!("the token store failed ({})", error.kind())
    };
    AuthError::new(
        AuthErrorKind::TokenTransport,
        format!(
            "{what} while {doing}: {}; the tokens were not refreshed, since a refresh outside \
             the fleet's lease could reuse a rotated refresh token and end the consent",
            error.message()
        ),
    )
}
