//! A `redis-server` of the caller's own, for tests: on a free loopback port, keeping nothing
//! on disk, stopped and started again at will, killed when dropped.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hkob_core::store::StoreError;

/// How long a started server may take to listen.
const START_LIMIT: Duration = Duration::from_secs(10);

/// A `redis-server` child process for tests (the project's, and a TSP's own CI): started on a
/// free loopback port, with no persistence unless [`durable`](Self::durable) is asked for, and
/// killed when dropped. It needs `redis-server` on `PATH`.
///
/// ```no_run
/// use hkob_store::{RedisBackend, RedisConfig, RedisProcess};
///
/// # async fn run() -> Result<(), hkob_store::StoreError> {
/// let mut redis = RedisProcess::start().await?;
/// let backend = RedisBackend::open(RedisConfig::new(redis.url()))?;
/// redis.stop(); // the store is lost mid-run ...
/// redis.restart().await?; // ... and back, on the same port
/// # let _ = backend; Ok(()) }
/// ```
#[derive(Debug)]
pub struct RedisProcess {
    port: u16,
    child: Option<Child>,
    durable_dir: Option<PathBuf>,
}

impl RedisProcess {
    /// A server on a free loopback port, answering, keeping nothing on disk.
    pub async fn start() -> Result<Self, StoreError> {
        Self::start_in(None).await
    }

    /// A server that writes every change to an append-only file in `dir` before it answers
    /// (`appendfsync always`), so that it survives being killed; `dir` is removed when the
    /// value is dropped.
    pub async fn durable(dir: impl Into<PathBuf>) -> Result<Self, StoreError> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)
            .map_err(|e| StoreError::invalid("the server's folder cannot be made").caused_by(e))?;
        Self::start_in(Some(dir)).await
    }

    async fn start_in(durable_dir: Option<PathBuf>) -> Result<Self, StoreError> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .map_err(|e| StoreError::unreachable("no free loopback port").caused_by(e))?
            .port();
        let mut process = Self {
            port,
            child: None,
            durable_dir,
        };
        process.restart().await?;
        Ok(process)
    }

    /// Starts the server again on the same port, after [`stop`](Self::stop); a server that
    /// runs already is left alone.
    pub async fn restart(&mut self) -> Result<(), StoreError> {
        if self.child.is_some() {
            return Ok(());
        }
        let mut command = Command::new("redis-server");
        command
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--save", ""]);
        match &self.durable_dir {
            None => command.args(["--appendonly", "no"]),
            Some(dir) => command
                .args(["--appendonly", "yes", "--appendfsync", "always", "--dir"])
                .arg(dir),
        };
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                StoreError::unreachable("redis-server could not be started (is it on PATH?)")
                    .caused_by(e)
            })?;
        self.child = Some(child);
        let started = Instant::now();
        while TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).is_err() {
            if started.elapsed() > START_LIMIT {
                self.stop();
                return Err(StoreError::unreachable(format!(
                    "redis-server did not listen on port {} within {START_LIMIT:?}",
                    self.port
                )));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(())
    }

    /// Kills the server (SIGKILL: no goodbye to its clients) and waits for it to end.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The server's process id, while it runs (to pause it with `SIGSTOP`, say).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The server's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's URL, for [`RedisConfig::new`](crate::RedisConfig::new).
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }
}

impl Drop for RedisProcess {
    fn drop(&mut self) {
        self.stop();
        if let Some(dir) = &self.durable_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
