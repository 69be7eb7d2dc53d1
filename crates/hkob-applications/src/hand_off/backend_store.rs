//! Hand-offs in progress kept in a [`StateBackend`], shared by every process that uses it.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use hkob_core::store::{StateBackend, StateKey, StoreError, StoreFuture, ensure_protects_secrets};

use super::{HandOffStore, PendingHandOff};

/// The collection of hand-offs in progress.
const HAND_OFFS: &str = "phase2-hand-offs";

/// A [`HandOffStore`] over any [`StateBackend`]: a sealed SQLite file on one machine, sealed
/// Redis for a fleet. The customer's return can then land on any process: the hand-off is
/// taken from the store exactly once, however many processes race for it, and expires with its
/// `expires_at`. The `state` it keeps is a secret: a backend that does not
/// [protect secrets](StateBackend::protects_secrets) (not sealed) is refused on the first write.
///
/// ```
/// use std::sync::Arc;
/// use hkob_applications::{ApplicationOptions, BackendHandOffStore};
/// use hkob_core::store::MemoryBackend;
///
/// # fn run(signing_key: hkob_core::signing::SigningKey) {
/// // In production: a SealedBackend over the fleet's Redis or SQLite store.
/// let store = BackendHandOffStore::new(Arc::new(MemoryBackend::new()));
/// let options = ApplicationOptions::new(signing_key).hand_off_store(Arc::new(store));
/// # let _ = options; }
/// ```
pub struct BackendHandOffStore {
    backend: Arc<dyn StateBackend>,
}

impl BackendHandOffStore {
    /// Hand-offs kept in `backend`.
    pub fn new(backend: Arc<dyn StateBackend>) -> Self {
        Self { backend }
    }
}

impl fmt::Debug for BackendHandOffStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackendHandOffStore")
            .finish_non_exhaustive()
    }
}

impl HandOffStore for BackendHandOffStore {
    fn put(&self, pending: PendingHandOff) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let Ok(ttl) = pending
                .expires_at
                .signed_duration_since(Utc::now())
                .to_std()
            else {
                return Ok(()); // already expired: nothing could take it
            };
            ensure_protects_secrets(&*self.backend, "a hand-off's state")?;
            let value = serde_json::to_vec(&pending)
                .map_err(|_| StoreError::invalid("a hand-off that cannot be written"))?;
            let state = pending.state.expose().clone();
            self.backend
                .put(StateKey::new(HAND_OFFS, &state), value, Some(ttl))
                .await
        })
    }

    fn take<'a>(
        &'a self,
        state: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<PendingHandOff>> {
        Box::pin(async move {
            let Some(bytes) = self.backend.take(StateKey::new(HAND_OFFS, state)).await? else {
                return Ok(None);
            };
            let pending: PendingHandOff = serde_json::from_slice(&bytes)
                .map_err(|_| StoreError::corrupt("a stored hand-off does not read back"))?;
            Ok((pending.expires_at > now).then_some(pending))
        })
    }
}
