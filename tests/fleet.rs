//! A fleet of TSP processes sharing one store, against the mock bank: the TSP's access token at a
//! bank is requested once for the whole fleet, however many calls its instances make at once.
//!
//! Each "instance" is a client of its own, built from the same bank profile, with nothing in
//! common but the store (a sealed SQLite file here; the Redis run is in `hkob-store`'s tests).

use std::sync::Arc;

use hkob::banks::{AuthScheme, BankProfile};
use hkob::core::Client;
use hkob::core::store::{LookupKey, SealedBackend, SealingKey, SealingKeys, StateBackend};
use hkob::mock_bank::MockBank;
use hkob::products::generated::bochk_group::operations::ListCreditCardProducts;
use hkob::store::{RedisBackend, RedisConfig, RedisProcess, SqliteBackend};

const INSTANCES: usize = 8;

/// Calls per instance: 1,000 by default, `HKOB_FLEET_CALLS` when set (CI makes it 5,000).
fn calls_per_instance() -> usize {
    std::env::var("HKOB_FLEET_CALLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}

/// Calls of one instance in flight at once (one process's connection pool, not 10,000 sockets).
const IN_FLIGHT: usize = 128;

fn keys() -> SealingKeys {
    SealingKeys::new(
        LookupKey::from_hex(&"5a".repeat(32)).expect("a lookup key"),
        SealingKey::from_hex(1, &"c3".repeat(32)).expect("a sealing key"),
    )
}

fn bochk(mock: &MockBank) -> BankProfile {
    hkob::banks::mock_profiles_of(mock, &["bochk"])
        .pop()
        .expect("the BOCHK profile")
}

/// The BOCHK group's Phase I credentials: OAuth client credentials at the spec's token URL.
fn scheme() -> AuthScheme {
    AuthScheme::OAuthClientCredentials {
        token_path: hkob::products::generated::bochk_group::security::OAUTH_TOKEN_URL,
    }
}

fn token_requests(mock: &MockBank) -> usize {
    let path = hkob::products::generated::bochk_group::security::OAUTH_TOKEN_URL;
    mock.requests_to("bochk")
        .iter()
        .filter(|r| r.path.ends_with(path))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_instances_making_thousands_of_concurrent_calls_make_one_token_request() {
    let mock = MockBank::builder()
        .banks(["bochk"])
        .request_log_capacity(INSTANCES * calls_per_instance() + 1_000)
        .start()
        .await
        .expect("the mock bank starts");
    let dir = std::env::temp_dir().join(format!("hkob-fleet-{}", uuid_like()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let sqlite = SqliteBackend::open(dir.join("state.db"))
        .await
        .expect("the store opens");
    let state: Arc<dyn StateBackend> = Arc::new(SealedBackend::new(sqlite, keys()));

    let profile = bochk(&mock);
    let instances: Vec<Client> = (0..INSTANCES)
        .map(|_| {
            profile
                .client_builder_sharing(&scheme(), Some(&state))
                .expect("a client builder")
                .build()
                .expect("a client")
        })
        .collect();
    let calls_each = calls_per_instance();
    let mut calls = tokio::task::JoinSet::new();
    for client in &instances {
        let in_flight = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
        for _ in 0..calls_each {
            let (client, in_flight) = (client.clone(), Arc::clone(&in_flight));
            calls.spawn(async move {
                let _slot = in_flight.acquire_owned().await;
                ListCreditCardProducts::new()
                    .send(&client)
                    .await
                    .map(|_| ())
            });
        }
    }
    let mut failed = 0usize;
    while let Some(call) = calls.join_next().await {
        match call {
            Ok(Ok(())) => {}
            other => {
                if failed == 0 {
                    eprintln!("first failure: {other:?}");
                }
                failed += 1;
            }
        }
    }
    assert_eq!(failed, 0, "every call succeeded");
    let requested = token_requests(&mock);
    println!("{INSTANCES} instances x {calls_each} concurrent calls: {requested} token request(s)");
    assert_eq!(requested, 1, "one token request for the fleet");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn without_a_shared_store_each_instance_requests_its_own_token() {
    let mock = MockBank::builder()
        .banks(["bochk"])
        .start()
        .await
        .expect("the mock bank starts");
    let profile = bochk(&mock);
    for _ in 0..3 {
        let client = profile
            .client_builder(&scheme())
            .expect("a client builder")
            .build()
            .expect("a client");
        for _ in 0..5 {
            ListCreditCardProducts::new()
                .send(&client)
                .await
                .expect("a call");
        }
    }
    assert_eq!(
        token_requests(&mock),
        3,
        "one per instance: the baseline the store removes"
    );
}

/// Every instance's calls, `n` each, at once; how many failed.
async fn call_all(instances: &[Client], n: usize) -> usize {
    let mut calls = tokio::task::JoinSet::new();
    for client in instances {
        for _ in 0..n {
            let client = client.clone();
            calls.spawn(async move { ListCreditCardProducts::new().send(&client).await });
        }
    }
    let mut failed = 0;
    while let Some(call) = calls.join_next().await {
        if !matches!(call, Ok(Ok(_))) {
            failed += 1;
        }
    }
    failed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn on_redis_lost_and_back_mid_run_no_call_fails_and_the_fleet_shares_one_token_again() {
    let mut redis = RedisProcess::start().await.expect("redis-server on PATH");
    let mock = MockBank::builder()
        .banks(["bochk"])
        .request_log_capacity(20_000)
        .start()
        .await
        .expect("the mock bank starts");
    let backend = RedisBackend::open(RedisConfig::new(redis.url())).expect("a Redis backend");
    let state: Arc<dyn StateBackend> = Arc::new(SealedBackend::new(backend, keys()));
    let profile = bochk(&mock);
    let instances: Vec<Client> = (0..INSTANCES)
        .map(|_| {
            profile
                .client_builder_sharing(&scheme(), Some(&state))
                .expect("a client builder")
                .build()
                .expect("a client")
        })
        .collect();
    let auth = mock
        .bank("bochk")
        .and_then(|b| b.auth_server().cloned())
        .expect("the bank's authorization server");

    assert_eq!(call_all(&instances, 200).await, 0);
    assert_eq!(token_requests(&mock), 1, "one token for the fleet");

    // Redis is lost, and the bank's tokens expire: every instance fetches a token for itself
    // (more token requests, no failed call).
    redis.stop();
    auth.expire_tokens(None);
    assert_eq!(
        call_all(&instances, 50).await,
        0,
        "no call fails while Redis is down"
    );
    let while_down = token_requests(&mock) - 1;
    assert!(
        (1..=INSTANCES).contains(&while_down),
        "each instance on its own while the store is down: {while_down}"
    );

    // Redis is back (empty: it kept nothing): the fleet shares one token again.
    redis.restart().await.expect("redis-server starts again");
    auth.expire_tokens(None);
    let before = token_requests(&mock);
    assert_eq!(call_all(&instances, 200).await, 0);
    assert_eq!(
        token_requests(&mock) - before,
        1,
        "one token for the fleet once the store is back"
    );
}

/// A name no other test run uses.
fn uuid_like() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    )
}
