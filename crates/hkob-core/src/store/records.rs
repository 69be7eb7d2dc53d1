//! One collection of typed records in a [`StateBackend`], as JSON: what every phase's store is
//! written with.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{StateBackend, StateKey, StoreError, ensure_protects_secrets};

/// How many lost compare-and-swap races [`Records::update`] takes before it gives up.
const MAX_RACES: u32 = 1_000;

/// The records of one collection of a [`StateBackend`], each a `T` stored as JSON under an id.
///
/// Every write first checks that the backend
/// [protects secrets](StateBackend::protects_secrets) (records hold tokens and OAuth `state`s):
/// a backend that does not is refused with an
/// [`Invalid`](super::StoreErrorKind::Invalid) error. A stored value that does not decode is a
/// [`Corrupt`](super::StoreErrorKind::Corrupt) error that never quotes the value.
///
/// ```
/// use std::sync::Arc;
/// use hkob_core::store::{MemoryBackend, Records};
///
/// # async fn run() -> Result<(), hkob_core::store::StoreError> {
/// let notes: Records<String> = Records::new(Arc::new(MemoryBackend::new()), "notes", "a note");
/// notes.put("n-1", &"kept".to_owned(), None).await?;
/// assert_eq!(notes.take("n-1").await?.as_deref(), Some("kept"));
/// assert_eq!(notes.take("n-1").await?, None); // taken once
/// # Ok(()) }
/// ```
pub struct Records<T> {
    backend: Arc<dyn StateBackend>,
    collection: &'static str,
    what: &'static str,
    _records: PhantomData<fn() -> T>,
}

impl<T> Clone for Records<T> {
    fn clone(&self) -> Self {
        Self {
            backend: Arc::clone(&self.backend),
            collection: self.collection,
            what: self.what,
            _records: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Records<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Records")
            .field("collection", &self.collection)
            .finish_non_exhaustive()
    }
}

impl<T: Serialize + DeserializeOwned + Send + Sync> Records<T> {
    /// The records of `collection` in `backend`; `what` names one in errors ("a consent
    /// record").
    pub fn new(
        backend: Arc<dyn StateBackend>,
        collection: &'static str,
        what: &'static str,
    ) -> Self {
        Self {
            backend,
            collection,
            what,
            _records: PhantomData,
        }
    }

    /// The backend.
    pub fn backend(&self) -> &Arc<dyn StateBackend> {
        &self.backend
    }

    fn key<'a>(&'a self, id: &'a str) -> StateKey<'a> {
        StateKey::new(self.collection, id)
    }

    fn encode(&self, record: &T) -> Result<Vec<u8>, StoreError> {
        ensure_protects_secrets(&*self.backend, self.what)?;
        serde_json::to_vec(record)
            .map_err(|_| StoreError::invalid(format!("{} cannot be written", self.what)))
    }

    fn decode(&self, bytes: &[u8]) -> Result<T, StoreError> {
        // The decoder's message may quote the value: it is left out.
        serde_json::from_slice(bytes)
            .map_err(|_| StoreError::corrupt(format!("a stored {} does not decode", self.what)))
    }

    /// Writes `record` under `id`, replacing what was there, expiring after `ttl`.
    pub async fn put(&self, id: &str, record: &T, ttl: Option<Duration>) -> Result<(), StoreError> {
        let bytes = self.encode(record)?;
        self.backend.put(self.key(id), bytes, ttl).await
    }

    /// Writes `record` under `id` until `expires_at`; one already expired is not written (no
    /// caller could take it).
    pub async fn put_until(
        &self,
        id: &str,
        record: &T,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        match expires_at.signed_duration_since(Utc::now()).to_std() {
            Ok(ttl) if !ttl.is_zero() => self.put(id, record, Some(ttl)).await,
            _ => Ok(()),
        }
    }

    /// The record under `id`.
    pub async fn get(&self, id: &str) -> Result<Option<T>, StoreError> {
        match self.backend.get(self.key(id)).await? {
            Some(bytes) => self.decode(&bytes).map(Some),
            None => Ok(None),
        }
    }

    /// Removes the record under `id` and returns it: exactly one caller of all the processes
    /// that share the backend gets it.
    pub async fn take(&self, id: &str) -> Result<Option<T>, StoreError> {
        match self.backend.take(self.key(id)).await? {
            Some(bytes) => self.decode(&bytes).map(Some),
            None => Ok(None),
        }
    }

    /// Removes the record under `id`; whether there was one.
    pub async fn delete(&self, id: &str) -> Result<bool, StoreError> {
        self.backend.delete(self.key(id)).await
    }

    /// Every record, in no particular order; one that does not decode fails the listing.
    pub async fn list(&self) -> Result<Vec<T>, StoreError> {
        self.backend
            .list(self.collection)
            .await?
            .iter()
            .map(|(_, bytes)| self.decode(bytes))
            .collect()
    }

    /// Replaces the record under `id` with what `change` makes of it, by compare-and-swap
    /// (reading again when another writer got there first); `change` answering `None` leaves
    /// it as it is. Whether it was replaced (`false` also when there is no record). For records
    /// without a time to live: the new one has none.
    pub async fn update(
        &self,
        id: &str,
        mut change: impl FnMut(&T) -> Option<T> + Send,
    ) -> Result<bool, StoreError> {
        let key = self.key(id);
        for _ in 0..MAX_RACES {
            let Some(old) = self.backend.get(key).await? else {
                return Ok(false);
            };
            let Some(new) = change(&self.decode(&old)?) else {
                return Ok(false);
            };
            let new = self.encode(&new)?;
            if self
                .backend
                .compare_and_swap(key, Some(&old), new, None)
                .await?
            {
                return Ok(true);
            }
        }
        Err(StoreError::new(format!(
            "{} kept changing: {MAX_RACES} compare-and-swaps lost in a row",
            self.what
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{MemoryBackend, StoreErrorKind};

    fn records() -> Records<u64> {
        Records::new(Arc::new(MemoryBackend::new()), "counters", "a counter")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn racing_updates_each_count_once() {
        let counters = records();
        counters.put("c", &0, None).await.unwrap();
        let mut racers = tokio::task::JoinSet::new();
        for _ in 0..32 {
            let counters = counters.clone();
            racers.spawn(async move { counters.update("c", |n| Some(n + 1)).await.unwrap() });
        }
        while let Some(updated) = racers.join_next().await {
            assert!(updated.unwrap());
        }
        assert_eq!(counters.get("c").await.unwrap(), Some(32));
        assert!(
            !counters.update("c", |_| None).await.unwrap(),
            "left as it is"
        );
        assert!(!counters.update("absent", |n| Some(n + 1)).await.unwrap());
    }

    #[tokio::test]
    async fn an_expired_record_is_not_written_and_a_bad_one_is_corrupt() {
        let counters = records();
        let past = Utc::now() - chrono::Duration::seconds(1);
        counters.put_until("old", &1, past).await.unwrap();
        assert_eq!(counters.take("old").await.unwrap(), None);
        counters
            .backend()
            .put(
                StateKey::new("counters", "bad"),
                b"\"secret\"".to_vec(),
                None,
            )
            .await
            .unwrap();
        let error = counters.get("bad").await.unwrap_err();
        assert_eq!(error.kind(), StoreErrorKind::Corrupt);
        assert!(!error.to_string().contains("secret"), "{error}");
        assert!(
            counters.list().await.is_err(),
            "one bad record fails the listing"
        );
    }
}
