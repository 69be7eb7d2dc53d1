//! Many payments at once: 1,000 payments, each under its own consent, sent
//! together with 200 duplicates (the same idempotency key and body), make
//! each payment exactly once; every total is kept throughout.

use std::sync::Arc;

use hkob_mock_bank::MockBank;
use rust_decimal::Decimal;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::flow::Tsp;
use crate::{balance, jetco_fps, payer, proxy, totals};

const PAYMENTS: usize = 1_000;
const DUPLICATES: usize = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_payments_with_duplicates_are_each_made_once() {
    let mock = MockBank::builder()
        .banks(["bea", "dsb"])
        .start()
        .await
        .expect("mock");
    let tsp = Arc::new(Tsp::at(&mock, "bea").await);
    let from = payer(&mock, "bea");
    let to = proxy(&mock, "dsb", "MOBN");
    let token = Arc::new(tsp.token().await);
    let initiation = Arc::new(jetco_fps("0.01", "MOBN", &to.identification));
    let gate = Arc::new(Semaphore::new(48));

    // Consents, authorised.
    let mut set = JoinSet::new();
    for _ in 0..PAYMENTS {
        let (tsp, token, initiation, gate) =
            (tsp.clone(), token.clone(), initiation.clone(), gate.clone());
        let username = from.username.clone();
        set.spawn(async move {
            let _permit = gate.acquire().await.expect("gate");
            let c = tsp.consent_id(&token, &initiation).await;
            let customer = tsp.authorise(&c, &username).await;
            (c, customer)
        });
    }
    let mut grants = Vec::new();
    while let Some(g) = set.join_next().await {
        grants.push(g.expect("task"));
    }
    assert_eq!(grants.len(), PAYMENTS);

    let before = totals(&mock);
    let debtor_before = balance(&mock, "bea", &from.account_id);
    // Each payment under its own key; the first DUPLICATES sent twice.
    let mut requests: Vec<(usize, String, String)> = grants
        .iter()
        .enumerate()
        .map(|(i, (c, customer))| (i, c.clone(), customer.clone()))
        .collect();
    requests.extend(requests[..DUPLICATES].to_vec());
    let gate = Arc::new(Semaphore::new(200));
    let mut set = JoinSet::new();
    for (i, c, customer) in requests {
        let (tsp, initiation, gate) = (tsp.clone(), initiation.clone(), gate.clone());
        set.spawn(async move {
            let _permit = gate.acquire().await.expect("gate");
            let a = tsp
                .pay(&customer, &format!("pay-{i:06}"), &c, &initiation)
                .await;
            let id = (a.status == 201).then(|| tsp.dialect.payment_id(&a.json()));
            (i, a.status, id)
        });
    }
    let mut ids: Vec<Option<String>> = vec![None; PAYMENTS];
    let mut conflicts = 0;
    while let Some(done) = set.join_next().await {
        let (i, status, id) = done.expect("task");
        match status {
            201 => {
                let id = id.expect("id");
                if let Some(seen) = &ids[i] {
                    assert_eq!(seen, &id, "a replay answers the same payment");
                }
                ids[i] = Some(id);
            }
            409 => conflicts += 1,
            other => panic!("payment {i}: {other}"),
        }
    }
    assert!(ids.iter().all(Option::is_some), "every payment was made");
    assert!(conflicts <= DUPLICATES);
    assert_eq!(mock.bank("bea").expect("bea").payment_count(), PAYMENTS);
    assert_eq!(
        balance(&mock, "bea", &from.account_id),
        debtor_before - Decimal::new(PAYMENTS as i64, 2),
        "each paid once"
    );
    assert_eq!(totals(&mock), before);
}
