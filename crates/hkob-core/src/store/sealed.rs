//! A backend wrapper that seals every value with the TSP's key and hashes every id.

use std::fmt;
use std::time::Duration;

use ring::rand::SystemRandom;

use super::envelope::{self, Opened};
use super::{
    ListedEntry, SealingKeys, StateBackend, StateKey, StoreError, StoreFuture, validate_collection,
};

/// How many times a compare-and-swap reads again after losing a race before it gives up.
const MAX_SWAP_ROUNDS: usize = 10_000;

/// A [`StateBackend`] that keeps its secrets from the backend it wraps: every value is sealed
/// with AES-256-GCM under the TSP's current [`SealingKey`](super::SealingKey) (a fresh random
/// nonce per write, the stored key as associated data), and every id is replaced by its
/// HMAC-SHA256 under the [`LookupKey`](super::LookupKey). What the inner backend (a file,
/// Redis) holds is collection names, hashed ids, key ids and ciphertext.
///
/// - A value copied under another key, sealed with a key not given, or tampered with does not
///   open: a [`StoreErrorKind::Corrupt`](super::StoreErrorKind) error, never a panic.
/// - Keys rotate: see [`SealingKeys`].
/// - [`compare_and_swap`](StateBackend::compare_and_swap) compares plaintexts (two seals of
///   one value differ): it reads and opens the current value, and if it is the one expected,
///   swaps the exact ciphertext it read, reading again if another writer came first.
/// - [`count`](StateBackend::count) hashes the id too; a counter holds no secret.
/// - [`list`](StateBackend::list) opens every entry of the collection and gives the clear ids
///   back (they travel inside the ciphertext); one entry that does not open fails the whole
///   listing as corrupt, so keep every entry of a collection sealed with these keys.
///
/// ```
/// use hkob_core::store::{
///     LookupKey, MemoryBackend, SealedBackend, SealingKey, SealingKeys, StateBackend, StateKey,
/// };
///
/// # async fn run() -> Result<(), hkob_core::store::StoreError> {
/// let keys = SealingKeys::new(
///     LookupKey::from_hex(&"11".repeat(32))?,
///     SealingKey::from_hex(1, &"22".repeat(32))?,
/// );
/// let backend = SealedBackend::new(MemoryBackend::new(), keys);
/// let key = StateKey::new("tokens", "bea/client-1");
/// backend.put(key, b"access-token".to_vec(), None).await?;
/// assert_eq!(backend.get(key).await?.as_deref(), Some(&b"access-token"[..]));
/// # Ok(()) }
/// ```
pub struct SealedBackend<B> {
    inner: B,
    keys: SealingKeys,
    rng: SystemRandom,
}

impl<B> SealedBackend<B> {
    /// `inner`, with its values sealed and ids hashed with `keys`.
    pub fn new(inner: B, keys: SealingKeys) -> Self {
        Self {
            inner,
            keys,
            rng: SystemRandom::new(),
        }
    }

    /// The backend this one writes to (it holds ciphertext only).
    pub fn inner(&self) -> &B {
        &self.inner
    }

    /// The hashed id under which `key`'s value is stored in the inner backend.
    ///
    /// # Errors
    ///
    /// A [`StoreErrorKind::Invalid`](super::StoreErrorKind) error if `key` is not valid.
    pub fn stored_id(&self, key: StateKey<'_>) -> Result<String, StoreError> {
        key.validate()?;
        Ok(self.keys.lookup().hash_id(key.collection(), key.id()))
    }

    fn seal(
        &self,
        key: StateKey<'_>,
        hashed_id: &str,
        value: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        envelope::seal(
            self.keys.current(),
            &self.rng,
            key.collection(),
            hashed_id,
            key.id(),
            value,
        )
    }

    /// Opens a value read for `key`, checking it was sealed for that very id.
    fn open(
        &self,
        key: StateKey<'_>,
        hashed_id: &str,
        sealed: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        let Opened { id, value } = envelope::open(&self.keys, key.collection(), hashed_id, sealed)?;
        if id != key.id() {
            return Err(StoreError::corrupt(
                "a sealed value holds another id than the one it is stored under",
            ));
        }
        Ok(value)
    }
}

impl<B> fmt::Debug for SealedBackend<B>
where
    B: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealedBackend")
            .field("inner", &self.inner)
            .field("keys", &self.keys)
            .finish()
    }
}

impl<B: StateBackend> StateBackend for SealedBackend<B> {
    fn get<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async move {
            let hashed = self.stored_id(key)?;
            let sealed = self
                .inner
                .get(StateKey::new(key.collection(), &hashed))
                .await?;
            sealed
                .map(|sealed| self.open(key, &hashed, &sealed))
                .transpose()
        })
    }

    fn put<'a>(
        &'a self,
        key: StateKey<'a>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let hashed = self.stored_id(key)?;
            let sealed = self.seal(key, &hashed, &value)?;
            self.inner
                .put(StateKey::new(key.collection(), &hashed), sealed, ttl)
                .await
        })
    }

    fn put_if_absent<'a>(
        &'a self,
        key: StateKey<'a>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let hashed = self.stored_id(key)?;
            let sealed = self.seal(key, &hashed, &value)?;
            self.inner
                .put_if_absent(StateKey::new(key.collection(), &hashed), sealed, ttl)
                .await
        })
    }

    fn take<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async move {
            let hashed = self.stored_id(key)?;
            let sealed = self
                .inner
                .take(StateKey::new(key.collection(), &hashed))
                .await?;
            sealed
                .map(|sealed| self.open(key, &hashed, &sealed))
                .transpose()
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
            let hashed = self.stored_id(key)?;
            let stored = StateKey::new(key.collection(), &hashed);
            let sealed_new = self.seal(key, &hashed, &new)?;
            // Every failed swap below means another writer changed the value in between, so
            // the loop ends once writers stop racing; each turn decides on what it read.
            for _ in 0..MAX_SWAP_ROUNDS {
                let current = self.inner.get(stored).await?;
                let current_plain = current
                    .as_deref()
                    .map(|sealed| self.open(key, &hashed, sealed))
                    .transpose()?;
                if current_plain.as_deref() != expected {
                    return Ok(false);
                }
                if self
                    .inner
                    .compare_and_swap(stored, current.as_deref(), sealed_new.clone(), ttl)
                    .await?
                {
                    return Ok(true);
                }
            }
            Err(StoreError::new(format!(
                "a compare-and-swap lost {MAX_SWAP_ROUNDS} races in a row to other writers"
            )))
        })
    }

    fn delete<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let hashed = self.stored_id(key)?;
            self.inner
                .delete(StateKey::new(key.collection(), &hashed))
                .await
        })
    }

    fn list<'a>(&'a self, collection: &'a str) -> StoreFuture<'a, Vec<ListedEntry>> {
        Box::pin(async move {
            validate_collection(collection)?;
            let entries = self.inner.list(collection).await?;
            entries
                .into_iter()
                .map(|(hashed, sealed)| {
                    let Opened { id, value } =
                        envelope::open(&self.keys, collection, &hashed, &sealed)?;
                    if self.keys.lookup().hash_id(collection, &id) != hashed {
                        return Err(StoreError::corrupt(
                            "a sealed value holds another id than the one it is stored under",
                        ));
                    }
                    Ok((id, value))
                })
                .collect()
        })
    }

    fn count<'a>(&'a self, key: StateKey<'a>, window: Duration) -> StoreFuture<'a, u64> {
        Box::pin(async move {
            let hashed = self.stored_id(key)?;
            self.inner
                .count(StateKey::new(key.collection(), &hashed), window)
                .await
        })
    }

    fn protects_secrets(&self) -> bool {
        true
    }
}
