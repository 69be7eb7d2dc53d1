//! One TSP access token for a whole fleet: kept in a shared [`StateBackend`], fetched by one
//! instance at a time under a lease, read by the others.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::token::AccessToken;
use crate::store::{Lease, StateBackend, StateKey, StoreError};

/// The collection of shared tokens, and of the leases of their fetches.
const TOKENS: &str = "tsp-tokens";
const LEASES: &str = "tsp-token-leases";

/// How long one instance may hold the fetch of a token before another may try: longer than a
/// token request takes, short enough that a crashed instance does not stall the fleet long.
pub(super) const LEASE: Duration = Duration::from_secs(30);

/// The first and longest pause between two reads of an instance waiting for another's fetch.
pub(super) const FIRST_POLL: Duration = Duration::from_millis(10);
pub(super) const LONGEST_POLL: Duration = Duration::from_millis(200);

/// A token as the fleet shares it: the secret and when it expires, in wall-clock time (an
/// `Instant` means nothing to another process).
#[derive(Serialize, Deserialize)]
struct Shared {
    token: String,
    /// When the token expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at_ms: Option<u64>,
    /// When the fleet replaces it (its expiry less the cache's margin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_at_ms: Option<u64>,
}

/// A token read from the fleet's store.
pub(super) struct FleetHeld {
    /// The token, with its remaining lifetime.
    pub(super) token: AccessToken,
    /// How long until the fleet replaces it.
    pub(super) refresh_in: Option<Duration>,
    /// The stored bytes, to recognise this very token later.
    pub(super) raw: Vec<u8>,
}

/// Where one credential's token is shared.
#[derive(Clone)]
pub(super) struct FleetToken {
    backend: Arc<dyn StateBackend>,
    id: String,
}

impl fmt::Debug for FleetToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FleetToken")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl FleetToken {
    /// The token `id` in `backend`.
    pub(super) fn new(backend: Arc<dyn StateBackend>, id: String) -> Self {
        Self { backend, id }
    }

    fn key(&self) -> StateKey<'_> {
        StateKey::new(TOKENS, &self.id)
    }

    /// The shared token, if there is one not yet due to be replaced; a stored value that does
    /// not read as a token counts as none.
    pub(super) async fn read(&self) -> Result<Option<FleetHeld>, StoreError> {
        let Some(raw) = self.backend.get(self.key()).await? else {
            return Ok(None);
        };
        let Ok(shared) = serde_json::from_slice::<Shared>(&raw) else {
            return Ok(None);
        };
        let now = now_ms();
        let until = |at: Option<u64>| at.map(|at| Duration::from_millis(at.saturating_sub(now)));
        let refresh_in = until(shared.refresh_at_ms);
        if refresh_in.is_some_and(|d| d.is_zero()) {
            return Ok(None);
        }
        Ok(Some(FleetHeld {
            token: AccessToken::new(shared.token, until(shared.expires_at_ms)),
            refresh_in,
            raw,
        }))
    }

    /// Takes the lease of the next fetch, if no other process holds it.
    pub(super) async fn lease(&self) -> Result<Option<Lease>, StoreError> {
        Lease::try_take(&self.backend, LEASES, &self.id, LEASE).await
    }

    /// Shares `token` with the fleet until it expires, to be replaced `refresh_in` from now;
    /// returns the bytes stored.
    pub(super) async fn write(
        &self,
        token: &AccessToken,
        refresh_in: Option<Duration>,
    ) -> Result<Vec<u8>, StoreError> {
        let left = token
            .expires_at()
            .map(|at| at.saturating_duration_since(tokio::time::Instant::now()));
        let at = |d: Option<Duration>| d.map(|d| now_ms().saturating_add(duration_ms(d)));
        let shared = Shared {
            token: token.secret().to_owned(),
            expires_at_ms: at(left),
            refresh_at_ms: at(refresh_in),
        };
        let bytes = serde_json::to_vec(&shared)
            .map_err(|_| StoreError::invalid("a token that cannot be written"))?;
        // A token without an expiry is kept an hour: the bank may refuse it any time, and a
        // refused one is replaced.
        let ttl = left.unwrap_or(Duration::from_secs(3600));
        if !ttl.is_zero() {
            self.backend
                .put(self.key(), bytes.clone(), Some(ttl))
                .await?;
        }
        Ok(bytes)
    }
}

fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(duration_ms)
        .unwrap_or_default()
}
