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
//! use hkob_core::store::{LookupKey, SealedBackend, SealingKey, SealingKeys, StateBackend};
//! use hkob_store::{RedisBackend, RedisConfig, SqliteBackend};
//!
//! # async fn run(fleet: bool) -> Result<(), hkob_core::store::StoreError> {
//! // From the TSP's secret manager: 32 random bytes each, in hex.
//! let keys = || -> Result<SealingKeys, hkob_core::store::StoreError> {
//!     Ok(SealingKeys::new(
//!         LookupKey::from_hex(&std::env::var("HKOB_LOOKUP_KEY").unwrap_or_default())?,
//!         SealingKey::from_hex(1, &std::env::var("HKOB_SEALING_KEY").unwrap_or_default())?,
//!     ))
//! };
//!
//! let backend: Arc<dyn StateBackend> = if fleet {
//!     let redis = RedisBackend::open(RedisConfig::new("redis://10.0.0.5:6379").namespace("my-tsp"))?;
//!     redis.ping().await?;
//!     Arc::new(SealedBackend::new(redis, keys()?))
//! } else {
//!     let file = SqliteBackend::open("/var/lib/my-tsp/state.sqlite3").await?;
//!     Arc::new(SealedBackend::new(file, keys()?))
//! };
//! # let _ = backend;
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
pub use crate::redis::{RedisBackend, RedisConfig};
#[cfg(feature = "sqlite")]
pub use crate::sqlite::{SqliteBackend, SqliteOptions};
