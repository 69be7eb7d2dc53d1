//! The SQLite backend: one connection per backend, used on tokio's blocking threads.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use hkob_core::store::{
    ListedEntry, StateBackend, StateKey, StoreError, StoreFuture, validate_collection,
};
use rusqlite::{Connection, OpenFlags};

use super::error::store_error;
use super::ops::{self, Key};

/// How a [`SqliteBackend`] opens its file.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SqliteOptions {
    /// How long a write waits for another connection's (or process's) write to finish before
    /// failing with a [`StoreErrorKind::Unreachable`](hkob_core::store::StoreErrorKind) error.
    /// Default: 5 seconds.
    pub busy_timeout: Duration,
}

impl Default for SqliteOptions {
    fn default() -> Self {
        Self {
            busy_timeout: Duration::from_secs(5),
        }
    }
}

impl SqliteOptions {
    /// The default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// These options, waiting `timeout` for another writer.
    #[must_use]
    pub fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }
}

/// A [`StateBackend`] in a SQLite file, for the processes of one machine.
///
/// - **Durable.** Every write is a committed transaction (WAL, `synchronous = FULL`): open the
///   same path again after a crash or a restart and the data is there.
/// - **Shared by processes.** Any number of processes (and backends in one process) may open
///   one file. Every write takes the file's write lock first (`BEGIN IMMEDIATE`), so take,
///   compare-and-swap, put-if-absent and count are atomic across all of them; a writer waits
///   up to [`SqliteOptions::busy_timeout`] for another.
/// - **Never blocks the runtime.** Each call runs on tokio's blocking threads
///   (`spawn_blocking`), so it needs a tokio runtime, and its future is `Send`.
/// - Expiry compares the wall clock: processes sharing a file share the machine's clock.
///   Expired rows are never returned; [`SqliteBackend::purge_expired`] deletes them.
///
/// The file holds whatever it is given: wrap the backend in a
/// [`SealedBackend`](hkob_core::store::SealedBackend) so that secrets and ids are not in clear.
///
/// ```no_run
/// use hkob_core::store::{StateBackend, StateKey};
/// use hkob_store::SqliteBackend;
///
/// # async fn run() -> Result<(), hkob_core::store::StoreError> {
/// let backend = SqliteBackend::open("/var/lib/my-tsp/state.sqlite3").await?;
/// backend.put(StateKey::new("consents", "c-1"), b"{...}".to_vec(), None).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SqliteBackend {
    conn: Arc<Mutex<Connection>>,
    path: Arc<PathBuf>,
}

impl SqliteBackend {
    /// Opens (or creates) the database at `path` with the default options.
    ///
    /// # Errors
    ///
    /// A [`StoreError`] if the file cannot be opened or is not a database of this crate's
    /// schema.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::open_with(path, SqliteOptions::default()).await
    }

    /// Opens (or creates) the database at `path` with `options`.
    ///
    /// # Errors
    ///
    /// As [`SqliteBackend::open`].
    pub async fn open_with(
        path: impl AsRef<Path>,
        options: SqliteOptions,
    ) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let opened = path.clone();
        let conn = spawn(move || {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI;
            let mut conn = Connection::open_with_flags(&opened, flags)
                .map_err(|e| store_error("open the database file", e))?;
            ops::prepare(&mut conn, options.busy_timeout)?;
            Ok(conn)
        })
        .await?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            path: Arc::new(path),
        })
    }

    /// The file this backend writes to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Deletes every expired value and counter from the file (they are never returned
    /// anyway); how many went. Run it now and then to keep the file small.
    ///
    /// # Errors
    ///
    /// A [`StoreError`] if SQLite fails.
    pub async fn purge_expired(&self) -> Result<u64, StoreError> {
        self.run(ops::purge_expired).await
    }

    async fn run<T, F>(&self, operation: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        spawn(move || {
            // A panic inside a transaction rolls it back as it unwinds: the connection is
            // sound even if the lock was poisoned.
            let mut conn = conn.lock().unwrap_or_else(PoisonError::into_inner);
            operation(&mut conn)
        })
        .await
    }
}

async fn spawn<T, F>(operation: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, StoreError> + Send + 'static,
{
    tokio::task::spawn_blocking(operation)
        .await
        .map_err(|e| StoreError::new("a SQLite call ended before it answered").caused_by(e))?
}

fn owned(key: StateKey<'_>) -> Result<Key, StoreError> {
    key.validate()?;
    Ok(Key {
        collection: key.collection().to_owned(),
        id: key.id().to_owned(),
    })
}

impl StateBackend for SqliteBackend {
    fn get<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async move {
            let key = owned(key)?;
            self.run(move |conn| ops::get(conn, &key)).await
        })
    }

    fn put<'a>(
        &'a self,
        key: StateKey<'a>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let key = owned(key)?;
            self.run(move |conn| ops::put(conn, &key, &value, ttl))
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
            let key = owned(key)?;
            self.run(move |conn| ops::put_if_absent(conn, &key, &value, ttl))
                .await
        })
    }

    fn take<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async move {
            let key = owned(key)?;
            self.run(move |conn| ops::take(conn, &key)).await
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
            let key = owned(key)?;
            let expected = expected.map(<[u8]>::to_vec);
            self.run(move |conn| ops::compare_and_swap(conn, &key, expected.as_deref(), &new, ttl))
                .await
        })
    }

    fn delete<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let key = owned(key)?;
            self.run(move |conn| ops::delete(conn, &key)).await
        })
    }

    fn list<'a>(&'a self, collection: &'a str) -> StoreFuture<'a, Vec<ListedEntry>> {
        Box::pin(async move {
            validate_collection(collection)?;
            let collection = collection.to_owned();
            self.run(move |conn| ops::list(conn, &collection)).await
        })
    }

    fn count<'a>(&'a self, key: StateKey<'a>, window: Duration) -> StoreFuture<'a, u64> {
        Box::pin(async move {
            let key = owned(key)?;
            self.run(move |conn| ops::count(conn, &key, window)).await
        })
    }
}
