//! Where a TSP keeps its state: tokens, consents, pending authorizations, payment intents.
//!
//! Two layers:
//!
//! - [`StateBackend`]: the one low-level trait every backend implements, over
//!   [`StateKey`]s (a collection and an id) and byte values — get, put with a time to live,
//!   put-if-absent (leases, single-flight locks), take (consumed exactly once),
//!   compare-and-swap, delete, listing one collection, and fixed-window counters for shared
//!   rate limits. It knows no phase.
//! - each phase's store trait (a consent store, a payment store, ...), written with
//!   [`StoreFuture`] and [`StoreError`], so that one database adapter can serve all of them.
//!
//! Backends: [`MemoryBackend`] here (one process; the default for tests and examples), and in
//! the `hkob-store` crate a SQLite file (one machine, several processes, survives restarts)
//! and Redis (a fleet). Wrap any of them in a [`SealedBackend`] with the TSP's
//! [`SealingKeys`], so that no secret and no id is written in clear:
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//!
//! use hkob_core::store::{
//!     LookupKey, MemoryBackend, SealedBackend, SealingKey, SealingKeys, StateBackend, StateKey,
//! };
//!
//! # async fn run() -> Result<(), hkob_core::store::StoreError> {
//! // The keys come from the TSP's secret manager; never from code.
//! let keys = SealingKeys::new(
//!     LookupKey::from_hex(&"11".repeat(32))?,
//!     SealingKey::from_hex(1, &"22".repeat(32))?,
//! );
//! let backend: Arc<dyn StateBackend> = Arc::new(SealedBackend::new(MemoryBackend::new(), keys));
//!
//! // A pending authorization: lives ten minutes, consumed exactly once.
//! let key = StateKey::new("pending-authorizations", "state-9f2c");
//! backend.put(key, b"pkce-verifier".to_vec(), Some(Duration::from_secs(600))).await?;
//! assert!(backend.take(key).await?.is_some());
//! assert!(backend.take(key).await?.is_none()); // a replayed callback finds nothing
//! # Ok(()) }
//! ```

mod backend;
mod envelope;
mod error;
mod key;
mod keys;
mod lease;
mod memory;
mod records;
mod sealed;

use std::future::Future;
use std::pin::Pin;

pub use backend::{ListedEntry, StateBackend, ensure_protects_secrets, ttl_millis};
pub use error::{StoreError, StoreErrorKind};
pub use key::{MAX_COLLECTION_LEN, MAX_ID_LEN, StateKey, validate_collection};
pub use keys::{LookupKey, SealingKey, SealingKeys};
pub use lease::Lease;
pub use memory::MemoryBackend;
pub use records::Records;
pub use sealed::SealedBackend;

/// The future of every store method.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;
