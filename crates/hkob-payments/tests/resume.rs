//! A payment job resumed after it was interrupted: by a store lost just after the bank accepted
//! the payment, by a store down before anything was sent, and by eight instances sharing a
//! sealed SQLite file resuming the same intents at once. Every intended payment is made exactly
//! once, with the idempotency key written before the first attempt.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use hkob_core::Decimal;
use hkob_mock_bank::MockBank;
use hkob_payments::{BackendStore, PaymentAccess, PaymentError, PaymentStore};
use hkob_store::MemoryBackend;
use support::interrupt::Interrupted;
use support::stores::{TempDir, sealed_sqlite};
use support::*;

/// The payment submissions (POSTs) the mock received at `bank`.
fn submissions(mock: &MockBank, bank: &str, path: &str) -> usize {
    mock.requests_to(bank)
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with(path))
        .count()
}

fn expect_unreachable(result: Result<hkob_payments::Payment, PaymentError>) {
    match result {
        Err(PaymentError::Store(error)) => assert!(error.is_unreachable(), "{error}"),
        other => panic!("expected a store error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_lost_after_the_bank_accepted_fails_typed_and_status_converges_on_one_payment() {
    let mock = mock(&["bea", "dsb"]).await;
    auto_approve(&mock, "bea");
    let store = Interrupted::new(Arc::new(BackendStore::new(Arc::new(MemoryBackend::new()))));
    let bank = access_with(&mock, "bea", store.clone()).await;
    let consent = approved(&bank, &to_mobile(&mobile_at(&mock, "dsb"), Decimal::TEN)).await;

    store.lose_records.store(true, Ordering::SeqCst);
    expect_unreachable(bank.submit(&consent).await);
    let handle = mock.bank("bea").expect("bea");
    assert_eq!(handle.payment_count(), 1, "the bank accepted the payment");
    store.lose_records.store(false, Ordering::SeqCst);
    let intent = store
        .intent("bea", &consent)
        .await
        .unwrap()
        .expect("the intent");
    assert!(intent.in_doubt(), "sent, its answer not recorded");

    // The next read converges: the same key again, the bank answers with the payment it made.
    let payment = bank.status(&consent).await.expect("the payment");
    assert_eq!(handle.payment_count(), 1, "no second payment");
    let intent = store
        .intent("bea", &consent)
        .await
        .unwrap()
        .expect("the intent");
    assert_eq!(intent.payment.as_ref().map(|p| &p.id), Some(&payment.id));
    assert!(!intent.in_doubt());
    let keys: BTreeSet<String> = mock
        .requests_to("bea")
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/payments"))
        .filter_map(|r| r.header("x-idempotency-key").map(str::to_owned))
        .collect();
    assert_eq!(
        keys.len(),
        1,
        "every submission sent the intent's one key: {keys:?}"
    );
    assert!(keys.contains(&intent.idempotency_key));

    // Recorded now: submitting again sends nothing.
    let sent = submissions(&mock, "bea", "/payments");
    assert_eq!(
        bank.submit(&consent).await.expect("the payment").id,
        payment.id
    );
    assert_eq!(submissions(&mock, "bea", "/payments"), sent);
    assert_eq!(handle.payment_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_down_fails_promptly_and_sends_nothing_then_pays_once_when_back() {
    let mock = mock(&["hsbc", "bea"]).await;
    auto_approve(&mock, "hsbc");
    let store = Interrupted::new(Arc::new(BackendStore::new(Arc::new(MemoryBackend::new()))));
    let bank = access_with(&mock, "hsbc", store.clone()).await;
    let consent = approved(&bank, &to_mobile(&mobile_at(&mock, "bea"), Decimal::ONE)).await;
    let path = "/domestic-payments";

    store.down.store(true, Ordering::SeqCst);
    for _ in 0..3 {
        let started = Instant::now();
        expect_unreachable(bank.submit(&consent).await);
        expect_unreachable(bank.status(&consent).await);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
    }
    assert_eq!(
        submissions(&mock, "hsbc", path),
        0,
        "nothing sent while the store is down"
    );
    assert_eq!(mock.bank("hsbc").expect("hsbc").payment_count(), 0);

    store.down.store(false, Ordering::SeqCst);
    let payment = bank.submit(&consent).await.expect("the payment");
    assert_eq!(
        bank.status(&consent).await.expect("its status").id,
        payment.id
    );
    assert_eq!(mock.bank("hsbc").expect("hsbc").payment_count(), 1);
    assert_eq!(submissions(&mock, "hsbc", path), 1);
}

const INSTANCES: usize = 8;
/// Intents per bank: the first third accepted by the bank with the answer lost, the second
/// third marked sent by a process that died before sending, the rest never sent.
const PER_BANK: usize = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_instances_sharing_a_sealed_sqlite_file_resume_each_intent_into_one_payment() {
    let banks = [("bea", "hsbc"), ("hsbc", "bea")];
    let mock = mock(&["bea", "hsbc"]).await;
    let dir = TempDir::new();
    let mut consents: Vec<(usize, String)> = Vec::new();
    for (index, (bank, payee_bank)) in banks.iter().enumerate() {
        auto_approve(&mock, bank);
        // The first process: approves every intent, then is interrupted.
        let store = Interrupted::new(sealed_sqlite(&dir.file()).await);
        let first = access_with(&mock, bank, store.clone()).await;
        let payee = mobile_at(&mock, payee_bank);
        for n in 0..PER_BANK {
            let amount = Decimal::new(100 + n as i64, 2);
            let consent = approved(&first, &to_mobile(&payee, amount)).await;
            if n < PER_BANK / 3 {
                store.lose_records.store(true, Ordering::SeqCst);
                assert!(matches!(
                    first.submit(&consent).await,
                    Err(PaymentError::Store(_))
                ));
                store.lose_records.store(false, Ordering::SeqCst);
            } else if n < 2 * PER_BANK / 3 {
                let mut intent = store.intent(bank, &consent).await.unwrap().expect("intent");
                intent.submitted_at = Some(chrono::Utc::now());
                store.put_intent(intent).await.unwrap();
            }
            consents.push((index, consent));
        }
        assert_eq!(
            mock.bank(bank).expect("bank").payment_count(),
            PER_BANK / 3,
            "the answers lost were of payments made"
        );
    }

    // Eight instances, each with its own connection to the bank and its own handle on the file.
    let mut instances: Vec<Vec<PaymentAccess>> = Vec::new();
    for _ in 0..INSTANCES {
        let store = sealed_sqlite(&dir.file()).await;
        let mut accesses = Vec::new();
        for (bank, _) in banks {
            accesses.push(access_with(&mock, bank, Arc::clone(&store)).await);
        }
        instances.push(accesses);
    }
    let barrier = Arc::new(tokio::sync::Barrier::new(INSTANCES));
    let tasks: Vec<_> = instances
        .into_iter()
        .enumerate()
        .map(|(i, accesses)| {
            let barrier = Arc::clone(&barrier);
            let mut mine = consents.clone();
            // Each instance walks the intents in another order.
            mine.rotate_left(i * 3 % consents.len());
            tokio::spawn(async move {
                barrier.wait().await;
                let mut submits = tokio::task::JoinSet::new();
                for (bank, consent) in mine {
                    let access = accesses[bank].clone();
                    submits.spawn(async move {
                        let payment = access.submit(&consent).await;
                        (consent, payment)
                    });
                }
                let mut paid = Vec::new();
                while let Some(joined) = submits.join_next().await {
                    let (consent, payment) = joined.expect("a submission");
                    let payment = payment.unwrap_or_else(|e| panic!("consent {consent}: {e}"));
                    paid.push((consent, payment.id));
                }
                paid
            })
        })
        .collect();
    let mut payment_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for task in tasks {
        for (consent, id) in task.await.expect("an instance") {
            payment_of.entry(consent).or_default().insert(id);
        }
    }

    assert_eq!(payment_of.len(), 2 * PER_BANK);
    for (consent, ids) in &payment_of {
        assert_eq!(
            ids.len(),
            1,
            "all eight instances got one payment for {consent}: {ids:?}"
        );
    }
    for (bank, _) in banks {
        assert_eq!(
            mock.bank(bank).expect("bank").payment_count(),
            PER_BANK,
            "{bank}: every intent paid exactly once"
        );
    }
    let store = sealed_sqlite(&dir.file()).await;
    let intents = store.intents().await.unwrap();
    assert_eq!(intents.len(), 2 * PER_BANK);
    for intent in intents {
        let recorded = intent
            .payment
            .as_ref()
            .map(|p| p.id.clone())
            .expect("recorded");
        assert!(payment_of[&intent.consent_id].contains(&recorded));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consent_refreshed_while_its_payment_is_recorded_keeps_the_payment() {
    let mock = mock(&["bea", "dsb"]).await;
    auto_approve(&mock, "bea");
    let store: Arc<dyn PaymentStore> = Arc::new(BackendStore::new(Arc::new(MemoryBackend::new())));
    let bank = access_with(&mock, "bea", Arc::clone(&store)).await;
    let consent = approved(&bank, &to_mobile(&mobile_at(&mock, "dsb"), Decimal::TEN)).await;
    // The bank is slow to show the consent: the payment is made and recorded meanwhile.
    mock.add_fault(hkob_mock_bank::FaultRuleSpec {
        bank: Some("bea".to_owned()),
        path: Some("/payment-consents".to_owned()),
        count: Some(1),
        scenario: "latency=800ms;method=GET".to_owned(),
    })
    .expect("a fault rule");
    let refresh = {
        let bank = bank.clone();
        let consent = consent.clone();
        tokio::spawn(async move { bank.refresh_consent(&consent).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let payment = bank.submit(&consent).await.expect("the payment");
    let refreshed = refresh.await.expect("the refresh").expect("the consent");
    assert_eq!(
        refreshed.status,
        hkob_payments::PaymentConsentStatus::Consumed
    );
    let intent = store
        .intent("bea", &consent)
        .await
        .unwrap()
        .expect("the intent");
    assert_eq!(intent.payment.map(|p| p.id), Some(payment.id));
    assert!(intent.submitted_at.is_some());
}
