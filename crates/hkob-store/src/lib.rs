//! Durable and shared state for hkob: the backends of [`hkob_core::store::StateBackend`] that
//! outlive a process.
//!
//! | backend | for | feature |
//! | --- | --- | --- |
//! | [`MemoryBackend`] (from `hkob-core`) | one process: tests, examples | — |
//! | [`SqliteBackend`] | one machine: any number of processes on one file, survives restarts | `sqlite` |
//! | [`RedisBackend`] | a fleet of machines | `redis` |
//!
//! All of them pass one conformance suite (this crate's `tests/conformance`): expiry, atomic
//! take / put-if-absent / compare-and-swap under 64 racing tasks, listing, counters. Both
//! features are on by default; each builds alone.
//!
//! # The main path
//!
//! 1. Pick a backend for the deployment.
//! 2. Wrap it in a [`SealedBackend`] with the TSP's [`SealingKeys`], so that no token,
//!    verifier or personal data, and no id (an OAuth `state`), is written in clear.
//! 3. Share it as an `Arc<dyn StateBackend>` with the stores that keep tokens, consents,
//!    pending authorizations and payment intents.
//!
//! ```no_run
//! use std::sync::Arc;
//!
//! use hkob_core::store::{
//!     LookupKey, SealedBackend, SealingKey, SealingKeys, StateBackend, StateKey, StoreError,
//! };
//! use hkob_store::{RedisBackend, RedisConfig, SqliteBackend};
//!
//! /// The TSP's state: Redis for a fleet, else a file. The keys come from its secret manager
//! /// (32 random bytes each, in hex), never from code.
//! async fn state(
//!     fleet: bool,
//!     lookup_hex: &str,
//!     sealing_hex: &str,
//! ) -> Result<Arc<dyn StateBackend>, StoreError> {
//!     let keys = SealingKeys::new(
//!         LookupKey::from_hex(lookup_hex)?,
//!         SealingKey::from_hex(1, sealing_hex)?,
//!     );
//!     Ok(if fleet {
//!         let config = RedisConfig::new("redis://10.0.0.5:6379").namespace("my-tsp");
//!         let redis = RedisBackend::open(config)?;
//!         redis.ping().await?; // fail at start if Redis is not there
//!         Arc::new(SealedBackend::new(redis, keys))
//!     } else {
//!         let file = SqliteBackend::open("/var/lib/my-tsp/state.sqlite3").await?;
//!         Arc::new(SealedBackend::new(file, keys))
//!     })
//! }
//!
//! # async fn run(lookup_hex: &str, sealing_hex: &str) -> Result<(), StoreError> {
//! let backend = state(true, lookup_hex, sealing_hex).await?;
//! // A single-flight lock for the fleet's token request: one instance wins, for ten seconds.
//! let lock = StateKey::new("locks", "token/bea/client-1");
//! let ttl = Some(std::time::Duration::from_secs(10));
//! if backend.put_if_absent(lock, b"instance-7".to_vec(), ttl).await? {
//!     // ... fetch the token, store it, then free the lock:
//!     backend.delete(lock).await?;
//! }
//! # Ok(()) }
//! ```
//!
//! # Keys and listing
//!
//! A [`StateKey`] is a collection and an id, so that a collection can be listed without
//! scanning everything. In SQLite that is the table's primary key. In Redis the collection is
//! the hash tag of every key of it (`<namespace>:{<collection>}:v:<id>` for values, `…:i` for
//! an index of ids scored by expiry, `…:c:<id>` for counters): a collection lives in one hash
//! slot, so every Lua script touches one slot (Redis Cluster accepts it) and listing reads one
//! index instead of a `SCAN` across every node. One hash per collection would have done it too,
//! but a hash field cannot expire on its own (before Redis 7.4), and pending authorizations
//! and locks must.
//!
//! [`RedisBackend`] itself connects to one server (a standalone Redis, a primary, or a proxy
//! in front of a cluster): the key layout is ready for Redis Cluster, a cluster client is not
//! wired in yet.
//!
//! # When the store fails
//!
//! Every failure is a [`StoreError`] with a [`StoreErrorKind`]: `Unreachable` for a Redis that
//! does not answer in time (operations fail within [`RedisConfig::operation_timeout`], and the
//! same backend works again once Redis is back) or a SQLite file locked past its busy timeout;
//! `Corrupt` for a value that does not open with the keys given; `Invalid` for a bad key.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::arithmetic_side_effects)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

#[cfg(any(feature = "sqlite", feature = "redis"))]
mod clock;
#[cfg(feature = "redis")]
mod redis;
#[cfg(feature = "sqlite")]
mod sqlite;

pub use hkob_core::store::{
    ListedEntry, LookupKey, MemoryBackend, SealedBackend, SealingKey, SealingKeys, StateBackend,
    StateKey, StoreError, StoreErrorKind, StoreFuture,
};

#[cfg(feature = "redis")]
pub use crate::redis::{RedisBackend, RedisConfig, RedisProcess};
#[cfg(feature = "sqlite")]
pub use crate::sqlite::{SqliteBackend, SqliteOptions};
