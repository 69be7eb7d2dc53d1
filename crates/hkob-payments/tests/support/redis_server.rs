//! A `redis-server` of a test's own (`hkob_store::RedisProcess`), on a free loopback port,
//! stopped and started at will.
//!
//! It writes every change to an append-only file before answering (`appendfsync always`), so
//! that what it acknowledged is back after it is killed and started again.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hkob_store::{RedisBackend, RedisConfig, RedisProcess};

use super::stores::TempDir;

/// A durable `redis-server` child process, killed when dropped.
pub struct RedisServer {
    process: RedisProcess,
    namespace: String,
    // Kept for its unique path; `RedisProcess` removes the folder when dropped.
    _dir: TempDir,
}

impl RedisServer {
    /// A server on a free loopback port, answering.
    pub async fn start() -> Self {
        let dir = TempDir::new();
        let process = RedisProcess::durable(dir.path().join("redis"))
            .await
            .expect("redis-server on PATH (.ci/run installs it)");
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let namespace = format!("payments-test{}", NEXT.fetch_add(1, Ordering::Relaxed));
        Self {
            process,
            namespace,
            _dir: dir,
        }
    }

    /// Starts the server again on the same port, with what it had written (after
    /// [`RedisServer::kill`]).
    pub async fn restart(&mut self) {
        self.process
            .restart()
            .await
            .expect("redis-server starts again");
    }

    /// Kills the server (SIGKILL) and waits for it to end.
    pub fn kill(&mut self) {
        self.process.stop();
    }

    /// A connection of one process to this server's store (every one shares the server's
    /// namespace).
    pub fn backend(&self) -> RedisBackend {
        let config = RedisConfig::new(self.process.url())
            .namespace(self.namespace.clone())
            .operation_timeout(Duration::from_secs(2));
        RedisBackend::open(config).expect("a valid configuration")
    }
}
