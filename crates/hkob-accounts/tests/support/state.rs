//! State backends for tests: sealed SQLite files in temporary directories, and sealed Redis on
//! a `redis-server` each test starts on a free loopback port.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use hkob_core::store::{LookupKey, SealedBackend, SealingKey, SealingKeys, StateBackend};
use hkob_store::{RedisBackend, RedisConfig, RedisProcess, SqliteBackend};

/// The TSP's keys, as every instance of a test fleet has them.
pub fn keys() -> SealingKeys {
    SealingKeys::new(
        LookupKey::new(&[0x3c; 32]).expect("a 32-byte lookup key"),
        SealingKey::new(1, &[0x7e; 32]).expect("a 32-byte sealing key"),
    )
}

fn unique(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A temporary directory, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let path = std::env::temp_dir().join(unique("hkob-accounts-test"));
        std::fs::create_dir_all(&path).expect("a temporary directory");
        Self(path)
    }

    /// The state file in it.
    pub fn file(&self) -> PathBuf {
        self.0.join("state.sqlite3")
    }

    /// The state file opened as one process would open it: its own connection, sealed with
    /// the TSP's keys.
    pub async fn open(&self) -> Arc<dyn StateBackend> {
        let file = SqliteBackend::open(self.file())
            .await
            .expect("the state file opens");
        Arc::new(SealedBackend::new(file, keys()))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A `redis-server` of the test's own (`hkob_store::RedisProcess`), keeping nothing on disk;
/// killed when dropped.
pub struct RedisServer {
    process: RedisProcess,
    namespace: String,
}

impl RedisServer {
    pub async fn start() -> Self {
        let process = RedisProcess::start()
            .await
            .expect("redis-server on PATH (apt-get install redis-server)");
        Self {
            process,
            namespace: unique("accounts"),
        }
    }

    /// A connection of one process to the server, sealed with the TSP's keys.
    pub async fn open(&self) -> Arc<dyn StateBackend> {
        let config = RedisConfig::new(self.process.url()).namespace(self.namespace.clone());
        let redis = RedisBackend::open(config).expect("a valid configuration");
        redis.ping().await.expect("redis-server answers");
        Arc::new(SealedBackend::new(redis, keys()))
    }
}
