//! Money moves between accounts and the total never changes, even under
//! concurrent transfers.

use std::sync::Arc;

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank, TransferError};
use rust_decimal::Decimal;
use serde_json::json;

use crate::support::client;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_transfers_conserve_money() {
    let mock = Arc::new(
        MockBank::builder()
            .banks(["bea"])
            .customers_per_bank(6)
            .start()
            .await
            .expect("starts"),
    );
    let bea = mock.bank("bea").expect("bea");
    let hkd: Vec<String> = bea
        .accounts()
        .iter()
        .filter(|a| a.currency == "HKD")
        .map(|a| a.id.clone())
        .collect();
    assert!(hkd.len() >= 3);
    let before = bea.total_balance("HKD");

    let mut tasks = Vec::new();
    for i in 0..200usize {
        let mock = mock.clone();
        let accounts = hkd.clone();
        tasks.push(tokio::spawn(async move {
            let from = &accounts[i % accounts.len()];
            let to = &accounts[(i * 7 + 1) % accounts.len()];
            let amount = Decimal::new(((i % 50) + 1) as i64, 2);
            if i % 2 == 0 {
                // Over HTTP.
                let _ = client()
                    .post(format!("{}/__mock/transfers", mock.bank_url("bea").unwrap_or_default()))
                    .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
                    .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
                    .header("x-idempotency-key", format!("conc-{i}"))
                    .json(&json!({"debtorAccount": from, "creditorAccount": to, "amount": amount.to_string()}))
                    .send()
                    .await;
            } else if let Some(bank) = mock.bank("bea") {
                let _ = bank.transfer(from, to, amount);
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    assert_eq!(bea.total_balance("HKD"), before);
}

#[tokio::test]
async fn refused_transfers_change_nothing() {
    let mock = MockBank::builder()
        .banks(["bea"])
        .start()
        .await
        .expect("starts");
    let bea = mock.bank("bea").expect("bea");
    let a = &bea.accounts()[0];
    let balance = bea.balance(&a.id).expect("balance");
    assert_eq!(
        bea.transfer(&a.id, &a.id, Decimal::ONE),
        Err(TransferError::SameAccount)
    );
    assert_eq!(
        bea.transfer(&a.id, "nope", Decimal::ONE),
        Err(TransferError::UnknownAccount("nope".into()))
    );
    assert_eq!(
        bea.transfer(&a.id, "x", Decimal::ZERO),
        Err(TransferError::InvalidAmount)
    );
    if let Some(other) = bea
        .accounts()
        .iter()
        .find(|o| o.currency == a.currency && o.id != a.id)
    {
        assert_eq!(
            bea.transfer(&a.id, &other.id, balance + Decimal::ONE),
            Err(TransferError::InsufficientFunds)
        );
    }
    assert_eq!(bea.balance(&a.id), Some(balance));
}
