//! The one trait every state backend implements.

use std::sync::Arc;
use std::time::Duration;

use super::{StateKey, StoreError, StoreFuture};

/// One entry of a collection, as [`StateBackend::list`] returns it: its id and its value.
pub type ListedEntry = (String, Vec<u8>);

/// Where a TSP keeps its state: bytes under [`StateKey`]s, in memory
/// ([`MemoryBackend`](super::MemoryBackend)), in a file on one machine or in Redis for a fleet
/// (the `hkob-store` crate), sealed with the TSP's key ([`SealedBackend`](super::SealedBackend)).
///
/// The trait knows no phase and no record type: the phase crates' stores (consents, tokens,
/// payment intents) are written on top of it. It is object-safe (`Arc<dyn StateBackend>`), and
/// every method returns a boxed `Send` future.
///
/// What every backend guarantees, checked by one conformance suite run against all of them:
///
/// - **Expiry.** A value written with a `ttl` is never returned once the ttl has passed, by any
///   method. A ttl is counted in whole milliseconds, rounded up (see [`ttl_millis`]). `None`
///   means the value does not expire, and a write replaces an earlier ttl.
/// - **Atomicity.** [`put_if_absent`](Self::put_if_absent), [`take`](Self::take),
///   [`compare_and_swap`](Self::compare_and_swap), [`delete`](Self::delete) and
///   [`count`](Self::count) are atomic across every process that shares the backend: of many
///   racing `take`s of one value exactly one gets it; of many racing `put_if_absent`s exactly
///   one wins.
/// - **Counters live apart.** The counters of [`count`](Self::count) share no entry with
///   values: `get` does not see a counter, and `count` does not touch a value of the same key.
/// - **Errors are typed.** A backend that cannot be reached answers promptly with a
///   [`StoreErrorKind::Unreachable`](super::StoreErrorKind) error, a value that does not read
///   back with [`StoreErrorKind::Corrupt`](super::StoreErrorKind), an invalid key with
///   [`StoreErrorKind::Invalid`](super::StoreErrorKind).
pub trait StateBackend: Send + Sync {
    /// The value under `key`, if there is one that has not expired.
    fn get<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>>;

    /// Writes `value` under `key`, replacing what was there, expiring after `ttl`.
    fn put<'a>(
        &'a self,
        key: StateKey<'a>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, ()>;

    /// Writes `value` under `key` only if no live value is there; whether it did.
    ///
    /// With a `ttl`, this is a lease or a single-flight lock: the one caller that gets `true`
    /// does the work, and the lock frees itself if that caller dies.
    fn put_if_absent<'a>(
        &'a self,
        key: StateKey<'a>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool>;

    /// Removes the value under `key` and returns it: a value is taken exactly once, however
    /// many callers race for it.
    fn take<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>>;

    /// Writes `new` under `key` (expiring after `ttl`) only if the live value there is
    /// `expected` (`None`: only if there is none); whether it did.
    fn compare_and_swap<'a>(
        &'a self,
        key: StateKey<'a>,
        expected: Option<&'a [u8]>,
        new: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool>;

    /// Removes the value under `key`; whether a live one was there.
    fn delete<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, bool>;

    /// Every live entry of `collection`, in no particular order.
    fn list<'a>(&'a self, collection: &'a str) -> StoreFuture<'a, Vec<ListedEntry>>;

    /// Adds one to the counter under `key` and returns its new value: a fixed-window counter
    /// for limits shared by many processes. The first increment starts a window of `window`
    /// (in whole milliseconds, rounded up); when it ends, the counter starts again from zero.
    fn count<'a>(&'a self, key: StateKey<'a>, window: Duration) -> StoreFuture<'a, u64>;

    /// Whether a secret written here stays protected: values are sealed with the TSP's key
    /// ([`SealedBackend`](super::SealedBackend)), or never leave the process
    /// ([`MemoryBackend`](super::MemoryBackend)). hkob writes tokens only to a backend that
    /// says so; a backend of the caller's own that seals by itself may say so too.
    fn protects_secrets(&self) -> bool {
        false
    }
}

/// `Ok` when `backend` [protects secrets](StateBackend::protects_secrets); else an
/// [`Invalid`](super::StoreErrorKind::Invalid) error saying that `what` (tokens, an OAuth
/// `state`) is not written to it. Every store of hkob that keeps secrets calls it before it
/// writes.
pub fn ensure_protects_secrets(backend: &dyn StateBackend, what: &str) -> Result<(), StoreError> {
    if backend.protects_secrets() {
        Ok(())
    } else {
        Err(StoreError::invalid(format!(
            "{what} is not written to a store that does not seal what it keeps: wrap the backend \
             in a SealedBackend"
        )))
    }
}

/// A ttl or a window in whole milliseconds, rounded up, at least 1: how every backend counts
/// them.
pub fn ttl_millis(ttl: Duration) -> u64 {
    let millis = ttl.as_millis();
    let rounded = if ttl.subsec_nanos().is_multiple_of(1_000_000) {
        millis
    } else {
        millis.saturating_add(1)
    };
    u64::try_from(rounded).unwrap_or(u64::MAX).max(1)
}

impl<T: StateBackend + ?Sized> StateBackend for Arc<T> {
    fn get<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        (**self).get(key)
    }

    fn put<'a>(
        &'a self,
        key: StateKey<'a>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, ()> {
        (**self).put(key, value, ttl)
    }

    fn put_if_absent<'a>(
        &'a self,
        key: StateKey<'a>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        (**self).put_if_absent(key, value, ttl)
    }

    fn take<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        (**self).take(key)
    }

    fn compare_and_swap<'a>(
        &'a self,
        key: StateKey<'a>,
        expected: Option<&'a [u8]>,
        new: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        (**self).compare_and_swap(key, expected, new, ttl)
    }

    fn delete<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, bool> {
        (**self).delete(key)
    }

    fn list<'a>(&'a self, collection: &'a str) -> StoreFuture<'a, Vec<ListedEntry>> {
        (**self).list(collection)
    }

    fn count<'a>(&'a self, key: StateKey<'a>, window: Duration) -> StoreFuture<'a, u64> {
        (**self).count(key, window)
    }

    fn protects_secrets(&self) -> bool {
        (**self).protects_secrets()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttls_round_up_to_whole_milliseconds() {
        assert_eq!(ttl_millis(Duration::ZERO), 1);
        assert_eq!(ttl_millis(Duration::from_micros(1)), 1);
        assert_eq!(ttl_millis(Duration::from_millis(200)), 200);
        assert_eq!(ttl_millis(Duration::from_micros(200_001)), 201);
        assert_eq!(ttl_millis(Duration::MAX), u64::MAX);
    }

    #[test]
    fn only_memory_and_sealed_backends_protect_secrets() {
        use crate::store::{LookupKey, MemoryBackend, SealedBackend, SealingKey, SealingKeys};
        let memory: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
        assert!(memory.protects_secrets());
        let keys = SealingKeys::new(
            LookupKey::new(&[1; 32]).unwrap(),
            SealingKey::new(1, &[2; 32]).unwrap(),
        );
        assert!(SealedBackend::new(MemoryBackend::new(), keys).protects_secrets());
        struct Probe;
        #[allow(clippy::unimplemented)]
        impl StateBackend for Probe {
            fn get<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
                unimplemented!()
            }
            fn put<'a>(
                &'a self,
                _: StateKey<'a>,
                _: Vec<u8>,
                _: Option<Duration>,
            ) -> StoreFuture<'a, ()> {
                unimplemented!()
            }
            fn put_if_absent<'a>(
                &'a self,
                _: StateKey<'a>,
                _: Vec<u8>,
                _: Option<Duration>,
            ) -> StoreFuture<'a, bool> {
                unimplemented!()
            }
            fn take<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
                unimplemented!()
            }
            fn compare_and_swap<'a>(
                &'a self,
                _: StateKey<'a>,
                _: Option<&'a [u8]>,
                _: Vec<u8>,
                _: Option<Duration>,
            ) -> StoreFuture<'a, bool> {
                unimplemented!()
            }
            fn delete<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, bool> {
                unimplemented!()
            }
            fn list<'a>(&'a self, _: &'a str) -> StoreFuture<'a, Vec<ListedEntry>> {
                unimplemented!()
            }
            fn count<'a>(&'a self, _: StateKey<'a>, _: Duration) -> StoreFuture<'a, u64> {
                unimplemented!()
            }
        }
        assert!(
            !Probe.protects_secrets(),
            "a backend of its own says no unless it seals"
        );
    }

    #[test]
    fn the_trait_is_object_safe() {
        fn takes(_: &dyn StateBackend) {}
        takes(&crate::store::MemoryBackend::new());
    }
}
