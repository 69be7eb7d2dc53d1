//! A `redis-server` of a test's own, on a free loopback port, stopped and started at will.
//!
//! It writes every change to an append-only file before answering (`appendfsync always`), so
//! that what it acknowledged is back after it is killed and started again.

use std::net::{Ipv4Addr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hkob_store::{RedisBackend, RedisConfig};

use super::stores::TempDir;

/// A durable `redis-server` child process, killed when dropped.
pub struct RedisServer {
    port: u16,
    child: Option<Child>,
    dir: TempDir,
}

impl RedisServer {
    /// A server on a free loopback port, answering.
    pub async fn start() -> Self {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let mut server = Self {
            port,
            child: None,
            dir: TempDir::new(),
        };
        server.restart().await;
        server
    }

    /// Starts the server again on the same port, with what it had written (after
    /// [`RedisServer::kill`]).
    pub async fn restart(&mut self) {
        assert!(self.child.is_none(), "the server is running");
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ])
            .arg("--dir")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server on PATH (.ci/run installs it)");
        self.child = Some(child);
        let started = Instant::now();
        while std::net::TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "redis-server did not listen on port {}",
                self.port
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Kills the server (SIGKILL) and waits for it to end.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// A backend on this server, in a namespace of its own.
    pub fn backend(&self) -> RedisBackend {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let namespace = format!("payments-test{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let config = RedisConfig::new(format!("redis://127.0.0.1:{}/", self.port))
            .namespace(namespace)
            .operation_timeout(Duration::from_secs(2));
        RedisBackend::open(config).expect("a valid configuration")
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}
