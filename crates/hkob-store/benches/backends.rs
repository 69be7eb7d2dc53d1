//! What one call costs on each backend, against the in-memory one, in the same run.
//!
//! `cargo bench -p hkob-store` prints, for `get` of a warm value and `put`, the time per call
//! of memory, SQLite and (if `redis-server` is on `PATH`) Redis, plain and sealed, and each
//! one's ratio to plain memory. Calls are sequential, from one task: this is the latency a
//! caller sees, not the throughput of many.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hkob_store::{
    LookupKey, MemoryBackend, SealedBackend, SealingKey, SealingKeys, StateBackend, StateKey,
};

/// How long each measurement runs.
const MEASURE_FOR: Duration = Duration::from_millis(400);

fn keys() -> SealingKeys {
    SealingKeys::new(
        LookupKey::new(&[7; 32]).expect("a lookup key"),
        SealingKey::new(1, &[9; 32]).expect("a sealing key"),
    )
}

/// Mean time per call of `operation`, run over and over for [`MEASURE_FOR`].
async fn per_call<F, Fut>(mut operation: F) -> Duration
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = ()>,
{
    for n in 0..50 {
        operation(n).await;
    }
    let started = Instant::now();
    let mut calls = 0u64;
    while started.elapsed() < MEASURE_FOR {
        operation(calls).await;
        calls += 1;
    }
    started.elapsed() / u32::try_from(calls.max(1)).unwrap_or(u32::MAX)
}

struct Row {
    name: &'static str,
    get: Duration,
    put: Duration,
}

async fn measure(name: &'static str, backend: Arc<dyn StateBackend>) -> Row {
    // A token-sized value.
    let value = vec![b'x'; 1200];
    let warm = StateKey::new("tokens", "bea/client-1");
    backend.put(warm, value.clone(), None).await.expect("put");
    let get = per_call(|_| {
        let backend = Arc::clone(&backend);
        async move {
            let got = backend.get(warm).await.expect("get");
            assert!(got.is_some());
        }
    })
    .await;
    let put = per_call(|n| {
        let backend = Arc::clone(&backend);
        let value = value.clone();
        async move {
            let id = (n % 1000).to_string();
            backend
                .put(
                    StateKey::new("tokens", &id),
                    value,
                    Some(Duration::from_secs(60)),
                )
                .await
                .expect("put");
        }
    })
    .await;
    Row { name, get, put }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let mut rows = Vec::new();
        let memory = Arc::new(MemoryBackend::new());
        rows.push(measure("memory", memory.clone()).await);
        rows.push(
            measure(
                "sealed memory",
                Arc::new(SealedBackend::new(memory, keys())),
            )
            .await,
        );

        let dir = std::env::temp_dir().join(format!("hkob-store-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let sqlite = Arc::new(
            hkob_store::SqliteBackend::open(dir.join("bench.sqlite3"))
                .await
                .expect("the file opens"),
        );
        rows.push(measure("sqlite", sqlite.clone()).await);
        rows.push(
            measure(
                "sealed sqlite",
                Arc::new(SealedBackend::new(sqlite, keys())),
            )
            .await,
        );

        let server = hkob_store::RedisProcess::start().await.ok();
        match &server {
            Some(server) => {
                let config = hkob_store::RedisConfig::new(server.url());
                let redis = Arc::new(hkob_store::RedisBackend::open(config).expect("a config"));
                redis.ping().await.expect("redis-server answers");
                rows.push(measure("redis", redis.clone()).await);
                rows.push(
                    measure("sealed redis", Arc::new(SealedBackend::new(redis, keys()))).await,
                );
            }
            None => println!("redis-server is not on PATH: Redis not measured"),
        }

        let base = rows
            .first()
            .map(|row| (row.get, row.put))
            .expect("memory measured");
        println!();
        println!(
            "{:<14} {:>12} {:>10} {:>12} {:>10}",
            "backend", "get/call", "x memory", "put/call", "x memory"
        );
        for row in &rows {
            println!(
                "{:<14} {:>12} {:>10.1} {:>12} {:>10.1}",
                row.name,
                format!("{:.2?}", row.get),
                row.get.as_secs_f64() / base.0.as_secs_f64(),
                format!("{:.2?}", row.put),
                row.put.as_secs_f64() / base.1.as_secs_f64(),
            );
        }
        drop(server);
        let _ = std::fs::remove_dir_all(&dir);
    });
}
