//! State backends for tests: sealed SQLite files in temporary directories, and sealed Redis on
//! a `redis-server` each test starts on a free loopback port.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hkob_core::store::{LookupKey, SealedBackend, SealingKey, SealingKeys, StateBackend};
use hkob_store::{RedisBackend, RedisConfig, SqliteBackend};

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

/// A `redis-server` on a free loopback port, keeping nothing on disk; killed when dropped.
pub struct RedisServer {
    port: u16,
    child: Child,
    namespace: String,
}

impl RedisServer {
    pub async fn start() -> Self {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server on PATH (apt-get install redis-server)");
        let started = Instant::now();
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "redis-server did not listen on port {port}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Self {
            port,
            child,
            namespace: unique("accounts"),
        }
    }

    /// A connection of one process to the server, sealed with the TSP's keys.
    pub async fn open(&self) -> Arc<dyn StateBackend> {
        let config = RedisConfig::new(format!("redis://127.0.0.1:{}/", self.port))
            .namespace(self.namespace.clone());
        let redis = RedisBackend::open(config).expect("a valid configuration");
        redis.ping().await.expect("redis-server answers");
        Arc::new(SealedBackend::new(redis, keys()))
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
