//! State in this process's memory: today's behaviour, the default for tests and examples.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::{ListedEntry, StateBackend, StateKey, StoreFuture, validate_collection};

/// A [`StateBackend`] in this process's memory: fast, shared by every clone of an `Arc` of it,
/// and gone when the process ends. For one process, tests and examples; a fleet shares a
/// backend of the `hkob-store` crate instead.
///
/// ```
/// use hkob_core::store::{MemoryBackend, StateBackend, StateKey};
///
/// # async fn run() -> Result<(), hkob_core::store::StoreError> {
/// let backend = MemoryBackend::new();
/// let key = StateKey::new("pending-authorizations", "state-123");
/// backend.put(key, b"verifier".to_vec(), None).await?;
/// assert_eq!(backend.take(key).await?.as_deref(), Some(&b"verifier"[..]));
/// assert_eq!(backend.take(key).await?, None);
/// # Ok(()) }
/// ```
#[derive(Debug, Default)]
pub struct MemoryBackend {
    inner: Mutex<Maps>,
}

#[derive(Debug, Default)]
struct Maps {
    values: HashMap<(String, String), Entry>,
    counters: HashMap<(String, String), Entry<u64>>,
    /// Writes since expired entries were last dropped.
    writes: u32,
}

/// How many writes go by between two sweeps of expired entries (which are never returned, but
/// would otherwise stay in memory until their key is used again).
const SWEEP_EVERY: u32 = 1024;

impl Maps {
    /// Counts one write, and every [`SWEEP_EVERY`] writes drops every expired entry.
    fn wrote(&mut self, now: Instant) {
        self.writes = self.writes.saturating_add(1);
        if self.writes >= SWEEP_EVERY {
            self.writes = 0;
            self.values.retain(|_, entry| entry.is_live(now));
            self.counters.retain(|_, entry| entry.is_live(now));
        }
    }
}

#[derive(Debug)]
struct Entry<T = Vec<u8>> {
    value: T,
    expires_at: Option<Instant>,
}

impl<T> Entry<T> {
    fn new(value: T, ttl: Option<Duration>, now: Instant) -> Self {
        Self {
            value,
            // A deadline past what an `Instant` holds is no deadline.
            expires_at: ttl
                .and_then(|ttl| now.checked_add(Duration::from_millis(super::ttl_millis(ttl)))),
        }
    }

    fn is_live(&self, now: Instant) -> bool {
        self.expires_at.is_none_or(|at| now < at)
    }
}

fn owned(key: StateKey<'_>) -> (String, String) {
    (key.collection().to_owned(), key.id().to_owned())
}

impl MemoryBackend {
    /// An empty backend.
    pub fn new() -> Self {
        Self::default()
    }

    /// The maps, even if a thread panicked while holding them: every change below is one map
    /// operation, so a panic cannot leave them half-changed.
    fn maps(&self) -> MutexGuard<'_, Maps> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The live value under `key`, dropping an expired one.
    fn live<'m>(maps: &'m mut Maps, key: &(String, String), now: Instant) -> Option<&'m Entry> {
        if maps
            .values
            .get(key)
            .is_some_and(|entry| !entry.is_live(now))
        {
            maps.values.remove(key);
        }
        maps.values.get(key)
    }
}

impl StateBackend for MemoryBackend {
    fn get<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async move {
            key.validate()?;
            let mut maps = self.maps();
            Ok(Self::live(&mut maps, &owned(key), Instant::now()).map(|entry| entry.value.clone()))
        })
    }

    fn put<'a>(
        &'a self,
        key: StateKey<'a>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            key.validate()?;
            let now = Instant::now();
            let mut maps = self.maps();
            maps.values.insert(owned(key), Entry::new(value, ttl, now));
            maps.wrote(now);
            Ok(())
        })
    }

    fn put_if_absent<'a>(
        &'a self,
        key: StateKey<'a>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            key.validate()?;
            let now = Instant::now();
            let key = owned(key);
            let mut maps = self.maps();
            if Self::live(&mut maps, &key, now).is_some() {
                return Ok(false);
            }
            maps.values.insert(key, Entry::new(value, ttl, now));
            maps.wrote(now);
            Ok(true)
        })
    }

    fn take<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async move {
            key.validate()?;
            let now = Instant::now();
            let entry = self.maps().values.remove(&owned(key));
            Ok(entry
                .filter(|entry| entry.is_live(now))
                .map(|entry| entry.value))
        })
    }

    fn compare_and_swap<'a>(
        &'a self,
        key: StateKey<'a>,
        expected: Option<&'a [u8]>,
        new: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            key.validate()?;
            let now = Instant::now();
            let key = owned(key);
            let mut maps = self.maps();
            let current = Self::live(&mut maps, &key, now).map(|entry| entry.value.as_slice());
            if current != expected {
                return Ok(false);
            }
            maps.values.insert(key, Entry::new(new, ttl, now));
            maps.wrote(now);
            Ok(true)
        })
    }

    fn delete<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            key.validate()?;
            let now = Instant::now();
            let entry = self.maps().values.remove(&owned(key));
            Ok(entry.is_some_and(|entry| entry.is_live(now)))
        })
    }

    fn list<'a>(&'a self, collection: &'a str) -> StoreFuture<'a, Vec<ListedEntry>> {
        Box::pin(async move {
            validate_collection(collection)?;
            let now = Instant::now();
            let mut maps = self.maps();
            maps.values.retain(|_, entry| entry.is_live(now));
            Ok(maps
                .values
                .iter()
                .filter(|((c, _), _)| c == collection)
                .map(|((_, id), entry)| (id.clone(), entry.value.clone()))
                .collect())
        })
    }

    fn count<'a>(&'a self, key: StateKey<'a>, window: Duration) -> StoreFuture<'a, u64> {
        Box::pin(async move {
            key.validate()?;
            let now = Instant::now();
            let mut maps = self.maps();
            let counter = maps
                .counters
                .entry(owned(key))
                .or_insert_with(|| Entry::new(0, Some(window), now));
            if !counter.is_live(now) {
                *counter = Entry::new(0, Some(window), now);
            }
            counter.value = counter.value.saturating_add(1);
            let count = counter.value;
            maps.wrote(now);
            Ok(count)
        })
    }

    fn protects_secrets(&self) -> bool {
        // Nothing leaves the process.
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn expired_entries_are_swept_from_memory() {
        let backend = MemoryBackend::new();
        let short = Some(Duration::from_millis(1));
        for n in 0..100 {
            let id = n.to_string();
            backend
                .put(StateKey::new("c", &id), vec![1], short)
                .await
                .unwrap();
            backend
                .count(StateKey::new("c", &id), Duration::from_millis(1))
                .await
                .unwrap();
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
        for _ in 0..SWEEP_EVERY {
            backend
                .put(StateKey::new("c", "kept"), vec![2], None)
                .await
                .unwrap();
        }
        let maps = backend.maps();
        assert_eq!(maps.values.len(), 1);
        assert_eq!(maps.counters.len(), 0);
    }
}
