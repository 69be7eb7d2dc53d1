//! A load test: 1,000 payments across four banks of both dialects, submitted at once; a fifth of
//! them twice, concurrently, by two instances that share the store (so with the same key), and
//! some with the connection dropped after the bank accepted them. Every logical payment must
//! happen exactly once, and the money across all accounts must stay the same. It prints the
//! payments per second and the p99 latency of a submission.
//!
//! Ignored by `cargo test` (it takes a while on a small machine); `.ci/run` runs it:
//! `cargo test -p hkob-payments --test load -- --ignored --nocapture`.

mod support;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hkob_core::Decimal;
use hkob_mock_bank::{FaultRuleSpec, MockBank};
use hkob_payments::{MemoryStore, PaymentAccess, PaymentOrder};
use support::*;

const PAYMENTS: usize = 1_000;
/// Every fifth payment is submitted twice at once.
const DUPLICATE_EVERY: usize = 5;
/// Dropped connections after acceptance, per bank.
const DROPS_PER_BANK: u64 = 10;
/// At most this many approvals at once (they are set-up, not what is measured).
const APPROVALS_AT_ONCE: usize = 32;

const BANKS: [(&str, &str, &str); 4] = [
    ("bea", "hsbc", "/payments"),
    ("dsb", "hangseng", "/payments"),
    (
        "hsbc",
        "bea",
        "/open-banking/v1.0/payments/domestic-payments",
    ),
    (
        "hangseng",
        "dsb",
        "/open-banking/v1.0/payments/domestic-payments",
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "a load test; .ci/run runs it with --ignored"]
async fn a_thousand_concurrent_payments_each_happen_once_and_keep_the_money() {
    let mock = MockBank::builder()
        .seed(11)
        .banks(BANKS.iter().map(|b| b.0))
        .start()
        .await
        .expect("the mock bank starts");
    let total = mock.total_balance_all("HKD");
    let store = Arc::new(MemoryStore::new());
    // Two instances per bank, sharing only the store.
    let mut first = Vec::new();
    let mut second = Vec::new();
    for (bank, _, _) in BANKS {
        auto_approve(&mock, bank);
        first.push(access(&mock, bank, store.clone()).await);
        second.push(access(&mock, bank, store.clone()).await);
    }

    // Set-up: 1,000 approved consents, a quarter at each bank, to a customer at another bank.
    let started = Instant::now();
    let mut consents: Vec<(usize, String)> = Vec::with_capacity(PAYMENTS);
    for chunk in (0..PAYMENTS).collect::<Vec<_>>().chunks(APPROVALS_AT_ONCE) {
        let mut tasks = Vec::new();
        for &n in chunk {
            let bank_index = n % BANKS.len();
            let access = first[bank_index].clone();
            let order = order_to(&mock, BANKS[bank_index].1, n);
            tasks.push(tokio::spawn(async move {
                let redirect = access.begin(&order).await.expect("a consent");
                let callback = visit(&redirect.url).await;
                (
                    bank_index,
                    access.complete(&callback).await.expect("approved").id,
                )
            }));
        }
        for task in tasks {
            consents.push(task.await.expect("an approval"));
        }
    }
    println!(
        "set-up: {PAYMENTS} approved consents in {:?}",
        started.elapsed()
    );

    for (bank, _, path) in BANKS {
        mock.add_fault(FaultRuleSpec {
            bank: Some(bank.to_owned()),
            path: Some(path.to_owned()),
            count: Some(DROPS_PER_BANK),
            scenario: "reset-after;method=POST".to_owned(),
        })
        .expect("a fault rule");
    }

    // The measured part: every submission at once.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (n, (bank_index, consent)) in consents.iter().cloned().enumerate() {
        let submitters: Vec<PaymentAccess> = if n % DUPLICATE_EVERY == 0 {
            vec![first[bank_index].clone(), second[bank_index].clone()]
        } else {
            vec![first[bank_index].clone()]
        };
        for access in submitters {
            let consent = consent.clone();
            tasks.push(tokio::spawn(async move {
                let at = Instant::now();
                let payment = access.submit(&consent).await;
                (consent, payment, at.elapsed())
            }));
        }
    }
    let mut latencies = Vec::with_capacity(tasks.len());
    let mut payment_of = std::collections::HashMap::new();
    for task in tasks {
        let (consent, payment, latency) = task.await.expect("a submission");
        let payment = payment.unwrap_or_else(|e| panic!("consent {consent}: {e:?}"));
        latencies.push(latency);
        // A duplicate gets the very payment the other submission made.
        let id = payment_of
            .entry(consent)
            .or_insert_with(|| payment.id.clone());
        assert_eq!(*id, payment.id, "one payment per consent");
    }
    let elapsed = started.elapsed();

    let made: usize = BANKS
        .iter()
        .map(|(bank, _, _)| mock.bank(bank).expect("bank").payment_count())
        .sum();
    assert_eq!(
        made, PAYMENTS,
        "every logical payment happened exactly once"
    );
    let ids: HashSet<&String> = payment_of.values().collect();
    assert_eq!(ids.len(), PAYMENTS);
    assert_eq!(
        mock.total_balance_all("HKD"),
        total,
        "no money made or lost"
    );

    latencies.sort();
    let p99 = latencies[(latencies.len() * 99 / 100).min(latencies.len() - 1)];
    let p50 = latencies[latencies.len() / 2];
    println!(
        "{} submissions ({PAYMENTS} payments, {} duplicates, {} dropped answers) in {elapsed:?}: \
         {:.0} payments/s, p50 {p50:?}, p99 {p99:?}",
        latencies.len(),
        PAYMENTS / DUPLICATE_EVERY,
        DROPS_PER_BANK * BANKS.len() as u64,
        PAYMENTS as f64 / elapsed.as_secs_f64().max(f64::EPSILON),
    );
    assert!(p99 < Duration::from_secs(60), "p99 {p99:?}");
}

/// A small payment to the `n`th customer with a mobile number at `payee_bank`.
fn order_to(mock: &MockBank, payee_bank: &str, n: usize) -> PaymentOrder {
    let payees: Vec<_> = mock
        .fps_directory()
        .into_iter()
        .filter(|r| r.bank == payee_bank && r.scheme == "MOBN" && r.customer_id.is_some())
        .collect();
    let payee = &payees[n % payees.len()];
    to_mobile(payee, Decimal::new(100 + (n % 50) as i64, 2))
}
