//! A lease: one id of a collection held by one process at a time, for a while.

use std::sync::Arc;
use std::time::Duration;

use super::{StateBackend, StateKey, StoreError};

/// What a released lease is replaced with: a value that frees itself at once.
const RELEASED: &[u8] = b"released";
const RELEASED_TTL: Duration = Duration::from_millis(1);

/// A lease in a [`StateBackend`]: of all the processes that try to take one id at once, one
/// gets it; it frees itself when its time to live ends (its holder died, say), or when its
/// holder [releases](Self::release) it. The single-flight lock of a fleet: one process fetches
/// a token, or refreshes a customer's, while the others wait.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use hkob_core::store::{Lease, MemoryBackend, StateBackend};
///
/// # async fn run() -> Result<(), hkob_core::store::StoreError> {
/// let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
/// let ttl = Duration::from_secs(30);
/// let held = Lease::try_take(&backend, "refreshes", "bea/consent-1", ttl).await?.expect("free");
/// assert!(Lease::try_take(&backend, "refreshes", "bea/consent-1", ttl).await?.is_none());
/// assert!(held.release().await?);
/// assert!(Lease::try_take(&backend, "refreshes", "bea/consent-1", ttl).await?.is_some());
/// # Ok(()) }
/// ```
#[must_use = "a lease is held until released or its time to live ends"]
pub struct Lease {
    backend: Arc<dyn StateBackend>,
    collection: &'static str,
    id: String,
    holder: String,
}

impl std::fmt::Debug for Lease {
    /// The collection only: the id may name a customer's consent.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lease")
            .field("collection", &self.collection)
            .finish_non_exhaustive()
    }
}

impl Lease {
    /// Takes the lease `id` of `collection` for `ttl`, if no one holds it.
    pub async fn try_take(
        backend: &Arc<dyn StateBackend>,
        collection: &'static str,
        id: &str,
        ttl: Duration,
    ) -> Result<Option<Self>, StoreError> {
        let holder = uuid::Uuid::new_v4().to_string();
        let taken = backend
            .put_if_absent(
                StateKey::new(collection, id),
                holder.as_bytes().to_vec(),
                Some(ttl),
            )
            .await?;
        Ok(taken.then(|| Self {
            backend: Arc::clone(backend),
            collection,
            id: id.to_owned(),
            holder,
        }))
    }

    /// Gives the lease back, if this holder still holds it: whether it did (`false` after a
    /// stall longer than the lease, when another may hold it now). Only this holder's own
    /// lease is replaced, by compare-and-swap.
    pub async fn release(self) -> Result<bool, StoreError> {
        self.backend
            .compare_and_swap(
                StateKey::new(self.collection, &self.id),
                Some(self.holder.as_bytes()),
                RELEASED.to_vec(),
                Some(RELEASED_TTL),
            )
            .await
    }
}
