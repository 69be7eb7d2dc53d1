//! The payment store's behaviours against sealed Redis, and payments made while Redis is
//! killed and started again: none lost, none made twice.
//!
//! Each test starts its own `redis-server` on a free loopback port, writing every change to an
//! append-only file before answering, and kills it when it ends. They are ignored by default;
//! `.ci/run` installs Redis and runs them with
//! `cargo test -p hkob-payments --test store_redis -- --ignored`.

mod store_contract;
mod support;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hkob_core::Decimal;
use hkob_mock_bank::FaultRuleSpec;
use hkob_payments::{BackendStore, Payment, PaymentError, PaymentStore};
use store_contract::Fixture;
use support::redis_server::RedisServer;
use support::stores::sealed;
use support::*;

async fn sealed_redis() -> Fixture {
    let server = RedisServer::start().await;
    let backend = server.backend();
    backend.ping().await.expect("redis-server answers");
    Fixture::new(Arc::new(BackendStore::new(sealed(backend)))).guarded(server)
}

mod backend_over_sealed_redis {
    crate::payment_store_suite!(
        super::sealed_redis,
        #[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
    );
}

/// Payments submitted while Redis is up, then killed, then back.
const BATCH: usize = 6;
/// Instances sharing the store.
const INSTANCES: usize = 8;
/// How long an operation may take to fail while Redis is down.
const FAILS_WITHIN: Duration = Duration::from_secs(5);
/// How long the bank takes to answer the first batch: Redis is killed meanwhile.
const BANK_LATENCY: &str = "latency=1500ms;method=POST";

fn is_unreachable(result: &Result<Payment, PaymentError>) -> bool {
    matches!(result, Err(PaymentError::Store(error)) if error.is_unreachable())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn redis_killed_and_restarted_mid_run_loses_no_payment_and_duplicates_none() {
    let mut server = RedisServer::start().await;
    let backend = server.backend();
    backend.ping().await.expect("redis-server answers");
    let store: Arc<dyn PaymentStore> = Arc::new(BackendStore::new(sealed(backend)));
    let mock = mock(&["bea", "dsb"]).await;
    auto_approve(&mock, "bea");
    let bank = access_with(&mock, "bea", Arc::clone(&store)).await;
    // Eight instances sharing only Redis, each with a connection of its own; call `n` goes to
    // instance `n % 8`.
    let mut instances = Vec::new();
    let mut connections = Vec::new();
    for _ in 0..INSTANCES {
        let own = Arc::new(BackendStore::new(sealed(server.backend())));
        connections.push(Arc::clone(&own));
        instances.push(access_with(&mock, "bea", own).await);
    }
    let instance = |n: usize| instances[n % INSTANCES].clone();
    let payee = mobile_at(&mock, "dsb");
    let mut consents = Vec::new();
    for n in 0..2 * BATCH {
        let order = to_mobile(&payee, Decimal::new(200 + n as i64, 2));
        consents.push(approved(&bank, &order).await);
    }
    let (sent_first, sent_later) = consents.split_at(BATCH);
    let handle = mock.bank("bea").expect("bea");

    // The first batch is sent while Redis is up; the bank is slow to answer.
    mock.add_fault(FaultRuleSpec {
        bank: Some("bea".to_owned()),
        path: Some("/payments".to_owned()),
        count: Some(BATCH as u64),
        scenario: BANK_LATENCY.to_owned(),
    })
    .expect("a fault rule");
    let first: Vec<_> = sent_first
        .iter()
        .enumerate()
        .map(|(n, consent)| {
            let bank = instance(n);
            let consent = consent.clone();
            tokio::spawn(async move { bank.submit(&consent).await })
        })
        .collect();
    // Once every one of them is marked sent (and so on its way to the bank), Redis dies.
    let started = Instant::now();
    loop {
        let mut marked = 0;
        for consent in sent_first {
            let intent = store.intent("bea", consent).await.unwrap().expect("intent");
            marked += usize::from(intent.in_doubt());
        }
        if marked == BATCH {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{marked} marked sent"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill();

    // While it is down, every call fails promptly with a typed store error, sending nothing.
    let later: Vec<_> = sent_later
        .iter()
        .enumerate()
        .map(|(n, consent)| {
            let bank = instance(n + 1);
            let consent = consent.clone();
            tokio::spawn(async move {
                let started = Instant::now();
                (bank.submit(&consent).await, started.elapsed())
            })
        })
        .collect();
    for task in later {
        let (result, took) = task.await.expect("a submission");
        assert!(is_unreachable(&result), "{result:?}");
        assert!(took < FAILS_WITHIN, "failing took {took:?}");
    }
    let started = Instant::now();
    let status = bank.status(&sent_first[0]).await;
    assert!(is_unreachable(&status), "{status:?}");
    assert!(started.elapsed() < FAILS_WITHIN, "{:?}", started.elapsed());
    // The first batch was accepted by the bank, and could not be recorded.
    for task in first {
        let result = task.await.expect("a submission");
        assert!(is_unreachable(&result), "{result:?}");
    }
    assert_eq!(
        handle.payment_count(),
        BATCH,
        "the first batch, and only it, was paid"
    );

    // Redis is back, with what it acknowledged: retrying the failed calls converges.
    server.restart().await;
    // Each instance's connection finds it again (a first call may fail while it reconnects).
    let started = Instant::now();
    let first_connection: Arc<dyn PaymentStore> = Arc::clone(&store);
    let all = connections
        .iter()
        .map(|c| Arc::clone(c) as Arc<dyn PaymentStore>)
        .chain([first_connection]);
    for connection in all {
        while connection.intents().await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "Redis is back");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    // Every retry on another instance than the first try.
    let retries: Vec<_> = consents
        .iter()
        .enumerate()
        .map(|(n, consent)| {
            let bank = instance(n + 3);
            let consent = consent.clone();
            tokio::spawn(async move { bank.submit(&consent).await })
        })
        .collect();
    let mut ids = BTreeSet::new();
    for task in retries {
        let payment = task.await.expect("a retry").expect("the payment");
        ids.insert(payment.id);
    }
    assert_eq!(ids.len(), 2 * BATCH, "one payment per consent");
    assert_eq!(
        handle.payment_count(),
        2 * BATCH,
        "none lost, none made twice"
    );
    let keys: Vec<String> = mock
        .requests_to("bea")
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/payments"))
        .filter_map(|r| r.header("x-idempotency-key").map(str::to_owned))
        .collect();
    assert_eq!(
        keys.len(),
        3 * BATCH,
        "the first batch sent twice, the second once"
    );
    let distinct: BTreeSet<&String> = keys.iter().collect();
    assert_eq!(distinct.len(), 2 * BATCH, "each resent with its own key");
    for intent in store.intents().await.expect("the intents") {
        let payment = intent.payment.as_ref().expect("every payment recorded");
        assert!(ids.contains(&payment.id));
        assert!(!intent.in_doubt());
    }
}
