//! What a TSP token costs a fleet, on each backend, against the in-memory cache, in one run.
//!
//! `cargo bench -p hkob-store --bench fleet_tokens` prints:
//!
//! - the time per call of a warm token (the header every request carries) from a cache with
//!   no store, and from caches sharing memory, SQLite and (if `redis-server` is on `PATH`)
//!   Redis, all sealed, with each one's ratio to the cache with no store (target: 1.05 or
//!   less: a warm token is served from the process's memory);
//! - the token requests of 8 instances calling without pause for six token lifetimes (1 s
//!   tokens, replaced 0.25 s before they expire), sharing each store and sharing none, against
//!   one instance alone, and what that makes per hour with the banks' usual one-hour tokens
//!   (target: the fleet makes as many as one instance).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hkob_core::auth::{AccessToken, TokenCache};
use hkob_core::error::AuthError;
use hkob_store::{
    LookupKey, MemoryBackend, RedisBackend, RedisConfig, RedisProcess, SealedBackend, SealingKey,
    SealingKeys, SqliteBackend, StateBackend,
};

/// How long each warm measurement runs.
const MEASURE_FOR: Duration = Duration::from_millis(500);
/// The simulated tokens' lifetime, the cache's margin, and how many lifetimes the run lasts.
const LIFETIME: Duration = Duration::from_secs(1);
const MARGIN: Duration = Duration::from_millis(250);
const LIFETIMES: u32 = 6;
const INSTANCES: usize = 8;

fn keys() -> SealingKeys {
    SealingKeys::new(
        LookupKey::new(&[7; 32]).expect("a lookup key"),
        SealingKey::new(1, &[9; 32]).expect("a sealing key"),
    )
}

/// A token endpoint that counts what it is asked.
#[derive(Default)]
struct Endpoint(AtomicU64);

impl Endpoint {
    async fn token(&self, lifetime: Duration) -> Result<AccessToken, AuthError> {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        Ok(AccessToken::new(format!("token-{n}"), Some(lifetime)))
    }

    fn requests(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

fn cache(store: Option<&Arc<dyn StateBackend>>, id: &str, margin: Duration) -> TokenCache {
    let cache = TokenCache::bearer(margin);
    match store {
        Some(store) => cache.shared(Arc::clone(store), id),
        None => cache,
    }
}

/// Mean time per warm `header` call.
async fn warm_cost(store: Option<&Arc<dyn StateBackend>>, id: &str) -> Duration {
    let endpoint = Endpoint::default();
    let cache = cache(store, id, Duration::from_secs(60));
    let hour = Duration::from_secs(3600);
    cache
        .header(|| endpoint.token(hour))
        .await
        .expect("a token");
    let started = Instant::now();
    let mut calls = 0u32;
    while started.elapsed() < MEASURE_FOR {
        for _ in 0..1000 {
            let header = cache.header(|| endpoint.token(hour)).await.expect("warm");
            std::hint::black_box(header);
        }
        calls = calls.saturating_add(1000);
    }
    assert_eq!(endpoint.requests(), 1, "warm: no more token requests");
    started.elapsed() / calls.max(1)
}

/// Token requests of `instances` caches (sharing `store`, if any) calling for the run.
async fn requests_over_the_run(
    store: Option<&Arc<dyn StateBackend>>,
    id: &str,
    instances: usize,
) -> u64 {
    let endpoint = Arc::new(Endpoint::default());
    let run = LIFETIME.saturating_mul(LIFETIMES);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..instances {
        let cache = cache(store, id, MARGIN);
        let endpoint = Arc::clone(&endpoint);
        tasks.spawn(async move {
            let started = Instant::now();
            while started.elapsed() < run {
                cache
                    .header(|| endpoint.token(LIFETIME))
                    .await
                    .expect("a token");
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    endpoint.requests()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("hkob-fleet-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let mut stores: Vec<(&str, Arc<dyn StateBackend>)> = vec![(
            "memory",
            Arc::new(SealedBackend::new(MemoryBackend::new(), keys())),
        )];
        let sqlite = SqliteBackend::open(dir.join("bench.sqlite3"))
            .await
            .expect("the file opens");
        stores.push(("sqlite", Arc::new(SealedBackend::new(sqlite, keys()))));
        let redis = RedisProcess::start().await.ok();
        match &redis {
            Some(server) => {
                let backend = RedisBackend::open(RedisConfig::new(server.url())).expect("a config");
                backend.ping().await.expect("redis-server answers");
                stores.push(("redis", Arc::new(SealedBackend::new(backend, keys()))));
            }
            None => println!("redis-server is not on PATH: Redis not measured"),
        }

        let base = warm_cost(None, "none").await;
        println!("warm token, time per call (x the cache with no store):");
        println!(
            "  {:<24} {:>10.2?} {:>7.2}",
            "no store (in memory)", base, 1.0
        );
        for (name, store) in &stores {
            let cost = warm_cost(Some(store), &format!("warm-{name}")).await;
            let ratio = cost.as_secs_f64() / base.as_secs_f64();
            println!(
                "  {:<24} {:>10.2?} {:>7.2}",
                format!("sealed {name}"),
                cost,
                ratio
            );
        }

        let run = LIFETIME.saturating_mul(LIFETIMES);
        println!();
        println!(
            "token requests in {run:?} of {LIFETIME:?} tokens (replaced {MARGIN:?} early), \
             calling without pause:"
        );
        let one = requests_over_the_run(None, "one", 1).await;
        // The run holds `run / (LIFETIME - MARGIN)` replacement periods; a one-hour token
        // replaced 60 s early has 3600 / 3540 of them an hour.
        let periods = run.as_secs_f64() / LIFETIME.saturating_sub(MARGIN).as_secs_f64();
        let per_hour = |n: u64| n as f64 / periods * (3600.0 / 3540.0);
        println!(
            "  {:<34} {:>4}  (~{:.1} an hour with one-hour tokens)",
            "one instance",
            one,
            per_hour(one)
        );
        let alone = requests_over_the_run(None, "alone", INSTANCES).await;
        println!(
            "  {:<34} {:>4}  (~{:.1} an hour, x{:.1} one instance)",
            format!("{INSTANCES} instances, no store"),
            alone,
            per_hour(alone),
            alone as f64 / one as f64
        );
        for (name, store) in &stores {
            let fleet =
                requests_over_the_run(Some(store), &format!("fleet-{name}"), INSTANCES).await;
            println!(
                "  {:<34} {:>4}  (~{:.1} an hour, x{:.1} one instance)",
                format!("{INSTANCES} instances sharing sealed {name}"),
                fleet,
                per_hour(fleet),
                fleet as f64 / one as f64
            );
        }
        drop(redis);
        let _ = std::fs::remove_dir_all(&dir);
    });
}
