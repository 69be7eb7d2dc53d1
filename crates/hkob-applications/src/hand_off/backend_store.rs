//! Hand-offs in progress kept in a [`StateBackend`], shared by every process that uses it.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use hkob_core::store::{Records, StateBackend, StoreFuture};

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
    hand_offs: Records<PendingHandOff>,
}

impl BackendHandOffStore {
    /// Hand-offs kept in `backend`.
    pub fn new(backend: Arc<dyn StateBackend>) -> Self {
        Self {
            hand_offs: Records::new(backend, HAND_OFFS, "landing-page hand-off"),
        }
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
            let state = pending.state.expose();
            self.hand_offs
                .put_until(state, &pending, pending.expires_at)
                .await
        })
    }

    fn take<'a>(
        &'a self,
        state: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<PendingHandOff>> {
        Box::pin(async move {
            let pending = self.hand_offs.take(state).await?;
            Ok(pending.filter(|p| p.expires_at > now))
        })
    }
}
