//! The Redis backend: one multiplexed connection that reconnects by itself.

use std::future::Future;
use std::time::Duration;

use hkob_core::store::{
    ListedEntry, StateBackend, StateKey, StoreError, StoreFuture, validate_collection,
};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, RedisResult};

use super::RedisConfig;
use super::error::store_error;
use super::layout::Layout;
use super::scripts::Scripts;
use crate::clock::bounded_millis;

/// How many ids one `MGET` of [`StateBackend::list`] reads.
const LIST_BATCH: usize = 256;

/// A [`StateBackend`] in Redis, shared by a fleet.
///
/// - **Atomic.** Every operation is one command or one Lua script: `take` removes and returns
///   in one step, `put_if_absent` and `compare_and_swap` check and write in one step, `count`
///   increments and starts its window in one step.
/// - **Cluster-ready keys.** A collection is the hash tag of all its keys (see the crate
///   docs), so every script touches one hash slot and listing reads one index, never a scan.
/// - **Failure.** One multiplexed connection, reconnected in the background after Redis
///   restarts or the network drops. While Redis cannot be reached, every operation fails
///   within [`RedisConfig::operation_timeout`] with a
///   [`StoreErrorKind::Unreachable`](hkob_core::store::StoreErrorKind) error, and succeeds again
///   once Redis is back, on the same backend. An operation that failed this way may or may not
///   have been applied (the answer was lost): retry it only where that is safe (a `take`
///   retried may find nothing).
/// - Expiry is Redis's own (`PX`), so the fleet's clocks need not agree.
///
/// Redis holds whatever it is given: wrap the backend in a
/// [`SealedBackend`](hkob_core::store::SealedBackend) so that secrets and ids are not in clear.
///
/// ```no_run
/// use hkob_core::store::{StateBackend, StateKey};
/// use hkob_store::{RedisBackend, RedisConfig};
///
/// # async fn run() -> Result<(), hkob_core::store::StoreError> {
/// let backend = RedisBackend::open(RedisConfig::new("redis://127.0.0.1:6379").namespace("my-tsp"))?;
/// backend.ping().await?; // fail at start if Redis is not there
/// let won = backend
///     .put_if_absent(StateKey::new("locks", "token/bea"), b"me".to_vec(), Some(std::time::Duration::from_secs(10)))
///     .await?;
/// # Ok(()) }
/// ```
pub struct RedisBackend {
    conn: ConnectionManager,
    layout: Layout,
    scripts: Scripts,
    operation_timeout: Duration,
}

impl std::fmt::Debug for RedisBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisBackend")
            .field("layout", &self.layout)
            .field("operation_timeout", &self.operation_timeout)
            .finish_non_exhaustive()
    }
}

impl RedisBackend {
    /// A backend for the server `config` names. It connects on first use, so it opens while
    /// Redis is down (each operation then fails as unreachable until it is up); call
    /// [`RedisBackend::ping`] to fail at start instead. The connection runs on the current
    /// tokio runtime.
    ///
    /// # Errors
    ///
    /// A [`StoreErrorKind::Invalid`](hkob_core::store::StoreErrorKind) error if the URL or the
    /// namespace is not valid, or if no tokio runtime is running.
    pub fn open(config: RedisConfig) -> Result<Self, StoreError> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(StoreError::invalid(
                "a RedisBackend opens inside a tokio runtime (its connection runs there)",
            ));
        }
        let layout = Layout::new(&config.namespace)?;
        let client = Client::open(config.url.as_str())
            .map_err(|_| StoreError::invalid("the Redis URL is not valid"))?;
        let manager_config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(config.connect_timeout))
            .set_response_timeout(Some(config.response_timeout))
            // One quick retry per reconnection; callers see `Unreachable` promptly and the
            // next operation starts another reconnection.
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_millis(500));
        let conn = ConnectionManager::new_lazy_with_config(client, manager_config)
            .map_err(|e| store_error("set up its connection", e))?;
        Ok(Self {
            conn,
            layout,
            scripts: Scripts::new(),
            operation_timeout: config.operation_timeout,
        })
    }

    /// Checks that Redis answers.
    ///
    /// # Errors
    ///
    /// A [`StoreErrorKind::Unreachable`](hkob_core::store::StoreErrorKind) error if it does not
    /// answer in time.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let mut conn = self.conn.clone();
        self.timed("answer a PING", async move {
            redis::cmd("PING").query_async::<()>(&mut conn).await
        })
        .await
    }

    /// Runs `operation`, within the operation timeout.
    async fn timed<T>(
        &self,
        what: &str,
        operation: impl Future<Output = RedisResult<T>>,
    ) -> Result<T, StoreError> {
        match tokio::time::timeout(self.operation_timeout, operation).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(store_error(what, error)),
            Err(_) => Err(StoreError::unreachable(format!(
                "Redis did not {what} within {:?}",
                self.operation_timeout
            ))),
        }
    }
}

/// A ttl as the scripts take it: milliseconds, or empty for none.
fn ttl_arg(ttl: Option<Duration>) -> String {
    ttl.map(|ttl| bounded_millis(ttl).to_string())
        .unwrap_or_default()
}

impl StateBackend for RedisBackend {
    fn get<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async move {
            key.validate()?;
            let mut conn = self.conn.clone();
            let value_key = self.layout.value(key);
            self.timed("read a value", async move {
                redis::cmd("GET")
                    .arg(value_key)
                    .query_async(&mut conn)
                    .await
            })
            .await
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
            let mut conn = self.conn.clone();
            let mut invocation = self.scripts.put.key(self.layout.value(key));
            invocation
                .key(self.layout.index(key.collection()))
                .arg(key.id())
                .arg(value)
                .arg(ttl_arg(ttl));
            self.timed("write a value", async move {
                invocation.invoke_async::<i64>(&mut conn).await.map(drop)
            })
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
            key.validate()?;
            let mut conn = self.conn.clone();
            let mut invocation = self.scripts.put_if_absent.key(self.layout.value(key));
            invocation
                .key(self.layout.index(key.collection()))
                .arg(key.id())
                .arg(value)
                .arg(ttl_arg(ttl));
            self.timed("write a value if absent", async move {
                invocation.invoke_async::<i64>(&mut conn).await
            })
            .await
            .map(|written| written == 1)
        })
    }

    fn take<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async move {
            key.validate()?;
            let mut conn = self.conn.clone();
            let mut invocation = self.scripts.take.key(self.layout.value(key));
            invocation
                .key(self.layout.index(key.collection()))
                .arg(key.id());
            self.timed("take a value", async move {
                invocation.invoke_async(&mut conn).await
            })
            .await
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
            let mut conn = self.conn.clone();
            let mut invocation = self.scripts.compare_and_swap.key(self.layout.value(key));
            invocation
                .key(self.layout.index(key.collection()))
                .arg(key.id())
                .arg(if expected.is_some() { "1" } else { "0" })
                .arg(expected.unwrap_or_default())
                .arg(new)
                .arg(ttl_arg(ttl));
            self.timed("compare and swap a value", async move {
                invocation.invoke_async::<i64>(&mut conn).await
            })
            .await
            .map(|swapped| swapped == 1)
        })
    }

    fn delete<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            key.validate()?;
            let mut conn = self.conn.clone();
            let mut invocation = self.scripts.delete.key(self.layout.value(key));
            invocation
                .key(self.layout.index(key.collection()))
                .arg(key.id());
            self.timed("delete a value", async move {
                invocation.invoke_async::<i64>(&mut conn).await
            })
            .await
            .map(|removed| removed > 0)
        })
    }

    fn list<'a>(&'a self, collection: &'a str) -> StoreFuture<'a, Vec<ListedEntry>> {
        Box::pin(async move {
            validate_collection(collection)?;
            let mut conn = self.conn.clone();
            let invocation = self.scripts.live_ids.key(self.layout.index(collection));
            let layout = &self.layout;
            self.timed("list a collection", async move {
                let ids: Vec<String> = invocation.invoke_async(&mut conn).await?;
                let mut entries = Vec::with_capacity(ids.len());
                for batch in ids.chunks(LIST_BATCH) {
                    let keys: Vec<String> = batch
                        .iter()
                        .map(|id| layout.value(StateKey::new(collection, id)))
                        .collect();
                    let values: Vec<Option<Vec<u8>>> =
                        redis::cmd("MGET").arg(keys).query_async(&mut conn).await?;
                    // A value gone between the two reads (expired, taken) is not listed.
                    entries.extend(
                        batch
                            .iter()
                            .zip(values)
                            .filter_map(|(id, value)| Some((id.clone(), value?))),
                    );
                }
                Ok(entries)
            })
            .await
        })
    }

    fn count<'a>(&'a self, key: StateKey<'a>, window: Duration) -> StoreFuture<'a, u64> {
        Box::pin(async move {
            key.validate()?;
            let mut conn = self.conn.clone();
            let mut invocation = self.scripts.count.key(self.layout.counter(key));
            invocation.arg(bounded_millis(window));
            self.timed("count", async move {
                invocation.invoke_async::<u64>(&mut conn).await
            })
            .await
        })
    }
}
