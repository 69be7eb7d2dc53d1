//! The conformance suite against Redis, plain and sealed, and Redis lost and back mid-run.
//!
//! Each test starts its own `redis-server` on a free loopback port (no persistence) and kills
//! it when it ends. They are ignored by default; `.ci/run` installs Redis and runs them with
//! `cargo test -p hkob-store --all-features -- --ignored`.

#![cfg(feature = "redis")]

mod conformance;

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use conformance::Fixture;
use hkob_store::{RedisBackend, RedisConfig, RedisProcess, StateBackend, StateKey, StoreErrorKind};

/// The test's own `redis-server` (see [`RedisProcess`]), with a backend in a fresh namespace.
struct RedisServer(RedisProcess);

impl RedisServer {
    async fn start() -> Self {
        Self(
            RedisProcess::start()
                .await
                .expect("redis-server on PATH (apt-get install redis-server)"),
        )
    }

    /// A server that survives being killed (`appendfsync always`).
    async fn start_durable() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "hkob-store-redis-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        Self(
            RedisProcess::durable(dir)
                .await
                .expect("redis-server on PATH"),
        )
    }

    async fn restart(&mut self) {
        self.0.restart().await.expect("redis-server starts again");
    }

    fn stop(&mut self) {
        self.0.stop();
    }

    fn url(&self) -> String {
        self.0.url()
    }

    fn backend(&self) -> RedisBackend {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let namespace = format!("test{}", NEXT.fetch_add(1, Ordering::Relaxed));
        RedisBackend::open(RedisConfig::new(self.url()).namespace(namespace))
            .expect("a valid configuration")
    }
}

async fn redis() -> Fixture {
    let server = RedisServer::start().await;
    let backend = server.backend();
    backend.ping().await.expect("redis-server answers");
    Fixture::new(backend).guarded(server)
}

async fn sealed_redis() -> Fixture {
    redis().await.sealed()
}

mod plain {
    crate::conformance_suite!(
        super::redis,
        #[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
    );
    crate::sealed_suite!(
        super::redis,
        #[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
    );
}

mod sealed {
    crate::conformance_suite!(
        super::sealed_redis,
        #[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
    );
}

/// How long an operation may take to fail while Redis is down.
const FAILS_WITHIN: Duration = Duration::from_secs(5);

/// Every kind of operation, once; the first error, if any.
async fn every_operation(
    backend: &RedisBackend,
    round: usize,
) -> Result<(), hkob_store::StoreError> {
    let id = format!("k-{round}");
    let key = StateKey::new("intents", &id);
    backend.put(key, b"v".to_vec(), None).await?;
    backend.get(key).await?;
    backend.put_if_absent(key, b"w".to_vec(), None).await?;
    backend
        .compare_and_swap(key, Some(b"v"), b"x".to_vec(), None)
        .await?;
    backend.count(key, Duration::from_secs(60)).await?;
    backend.list("intents").await?;
    backend.take(key).await?;
    backend.delete(key).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn redis_stopped_and_restarted_mid_run() {
    let mut server = RedisServer::start().await;
    let backend = server.backend();
    every_operation(&backend, 0).await.expect("Redis is up");
    let key = StateKey::new("consents", "c-1");
    backend.put(key, b"live".to_vec(), None).await.unwrap();

    server.stop();
    // Every operation fails promptly, and says Redis is unreachable.
    for round in 1..=3 {
        let started = Instant::now();
        let error = every_operation(&backend, round)
            .await
            .expect_err("Redis is down");
        let took = started.elapsed();
        assert_eq!(error.kind(), StoreErrorKind::Unreachable, "{error}");
        assert!(took < FAILS_WITHIN, "failing took {took:?}");
        let started = Instant::now();
        let error = backend.get(key).await.unwrap_err();
        assert!(error.is_unreachable(), "{error}");
        assert!(
            started.elapsed() < FAILS_WITHIN,
            "failing took {:?}",
            started.elapsed()
        );
    }

    // Back on the same port: the same backend works again (this server kept no data).
    server.restart().await;
    let started = Instant::now();
    loop {
        match every_operation(&backend, 99).await {
            Ok(()) => break,
            Err(error) => {
                assert!(error.is_unreachable(), "{error}");
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "the backend did not recover: {error}"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    println!(
        "the backend recovered {:?} after Redis restarted",
        started.elapsed()
    );
    backend.put(key, b"again".to_vec(), None).await.unwrap();
    assert_eq!(
        backend.get(key).await.unwrap().as_deref(),
        Some(&b"again"[..])
    );
    // Scripts were flushed by the restart; they load again by themselves.
    assert!(backend.take(key).await.unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn redis_unreachable_at_start_then_up() {
    let mut server = RedisServer::start().await;
    server.stop();
    let backend = server.backend(); // opens while Redis is down
    let started = Instant::now();
    let error = backend.ping().await.unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Unreachable, "{error}");
    let error = every_operation(&backend, 0).await.unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Unreachable, "{error}");
    assert!(
        started.elapsed() < FAILS_WITHIN * 2,
        "{:?}",
        started.elapsed()
    );

    server.restart().await;
    let started = Instant::now();
    while let Err(error) = backend.ping().await {
        assert!(error.is_unreachable(), "{error}");
        assert!(started.elapsed() < Duration::from_secs(10), "{error}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    every_operation(&backend, 1).await.expect("Redis is up");
}

#[tokio::test]
async fn a_bad_redis_configuration_is_refused_without_quoting_the_url() {
    let error = RedisBackend::open(RedisConfig::new("redis://127.0.0.1:6379").namespace("a{b}"))
        .unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Invalid);
    let error = RedisBackend::open(RedisConfig::new("not-a-url://user:hunter2@x")).unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Invalid);
    assert!(!error.to_string().contains("hunter2"), "{error}");
    let printed = format!("{:?}", RedisConfig::new("redis://user:hunter2@10.0.0.5/"));
    assert!(!printed.contains("hunter2"), "{printed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn redis_that_stops_answering_times_out_then_recovers() {
    let server = RedisServer::start().await;
    let backend = server.backend();
    every_operation(&backend, 0).await.expect("Redis is up");
    let pid = server.0.pid().expect("running").to_string();
    let signal = |name: &str| {
        let status = Command::new("kill")
            .args([name, &pid])
            .status()
            .expect("kill");
        assert!(status.success(), "kill {name} {pid}");
    };

    // A server that accepts but never answers (a hung host, a partition): bounded by the
    // timeouts, never a hang.
    signal("-STOP");
    let started = Instant::now();
    let error = every_operation(&backend, 1).await.unwrap_err();
    let took = started.elapsed();
    signal("-CONT");
    assert_eq!(error.kind(), StoreErrorKind::Unreachable, "{error}");
    assert!(took < FAILS_WITHIN, "failing took {took:?}");

    let started = Instant::now();
    while let Err(error) = every_operation(&backend, 2).await {
        assert!(error.is_unreachable(), "{error}");
        assert!(started.elapsed() < Duration::from_secs(10), "{error}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn a_redis_backend_outside_a_runtime_is_refused_not_a_panic() {
    let error = RedisBackend::open(RedisConfig::new("redis://127.0.0.1:6379")).unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Invalid, "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn a_durable_redis_killed_and_restarted_keeps_every_acknowledged_write() {
    let mut server = RedisServer::start_durable().await;
    let backend = hkob_store::SealedBackend::new(server.backend(), conformance::test_keys(1));
    for n in 0..50 {
        let id = format!("pay-{n}");
        backend
            .put(StateKey::new("intents", &id), id.clone().into_bytes(), None)
            .await
            .unwrap();
    }
    let pending = StateKey::new("pending", "state-1");
    backend
        .put(
            pending,
            b"verifier".to_vec(),
            Some(Duration::from_secs(600)),
        )
        .await
        .unwrap();

    server.stop(); // SIGKILL: no clean shutdown
    server.restart().await;
    let started = Instant::now();
    let listed = loop {
        match backend.list("intents").await {
            Ok(listed) => break listed,
            Err(error) => {
                assert!(error.is_unreachable(), "{error}");
                assert!(started.elapsed() < Duration::from_secs(10), "{error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    assert_eq!(listed.len(), 50, "every acknowledged write is back");
    assert!(
        listed
            .iter()
            .all(|(id, value)| id.as_bytes() == value.as_slice())
    );
    assert_eq!(
        backend.take(pending).await.unwrap().as_deref(),
        Some(&b"verifier"[..])
    );
    assert_eq!(backend.take(pending).await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn two_backends_on_one_redis_take_each_value_once() {
    let server = RedisServer::start().await;
    let config = || RedisConfig::new(server.url()).namespace("shared");
    let one = std::sync::Arc::new(RedisBackend::open(config()).unwrap());
    let two = std::sync::Arc::new(RedisBackend::open(config()).unwrap());
    const KEYS: usize = 50;
    for n in 0..KEYS {
        let id = n.to_string();
        one.put(StateKey::new("pending", &id), id.clone().into_bytes(), None)
            .await
            .unwrap();
    }
    let tasks: Vec<_> = (0..16)
        .map(|n| {
            let backend = if n % 2 == 0 {
                std::sync::Arc::clone(&one)
            } else {
                std::sync::Arc::clone(&two)
            };
            tokio::spawn(async move {
                let mut taken = Vec::new();
                for k in 0..KEYS {
                    let id = k.to_string();
                    if let Some(value) = backend.take(StateKey::new("pending", &id)).await.unwrap()
                    {
                        taken.push(String::from_utf8(value).unwrap());
                    }
                }
                taken
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all.sort();
    let mut expected: Vec<String> = (0..KEYS).map(|n| n.to_string()).collect();
    expected.sort();
    assert_eq!(all, expected, "every value taken exactly once");
}
