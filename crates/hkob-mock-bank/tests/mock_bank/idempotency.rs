//! Idempotency keys on POST: replay, mismatch, missing and oversized keys.

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};
use serde_json::{Value, json};

use crate::support::{Spec, Target, client, json};

async fn post_transfer(t: &Target, key: Option<&str>, body: &Value) -> reqwest::Response {
    let mut req = client()
        .post(format!("{}/__mock/transfers", t.bank_url("bea")))
        .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
        .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
        .json(body);
    if let Some(k) = key {
        req = req.header("x-idempotency-key", k);
    }
    req.send().await.expect("sent")
}

async fn balance(t: &Target, account: &str) -> String {
    let bank = json(
        client()
            .get(format!("{}/__admin/banks/bea", t.base))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    bank["accounts"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["id"] == account))
        .and_then(|a| a["balance"].as_str())
        .expect("account balance")
        .to_owned()
}

pub async fn check_idempotency(t: &Target) {
    let spec = Spec::load();
    let bank = json(
        client()
            .get(format!("{}/__admin/banks/bea", t.base))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let hkd: Vec<&str> = bank["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .filter(|a| a["currency"] == "HKD" && a["balance"].as_str().is_some_and(|b| b != "0.00"))
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert!(hkd.len() >= 2, "two HKD accounts");
    let (from, to) = (hkd[0], hkd[1]);
    let before = balance(t, from).await;

    let body = json!({"debtorAccount": from, "creditorAccount": to, "amount": "0.01"});
    let first = post_transfer(t, Some("key-0001"), &body).await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("x-idempotent-replayed").is_none());
    let first_body = first.text().await.expect("body");

    let replay = post_transfer(t, Some("key-0001"), &body).await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["x-idempotent-replayed"], "true");
    assert_eq!(replay.text().await.expect("body"), first_body);
    let after = balance(t, from).await;
    let moved: f64 = before.parse::<f64>().unwrap_or(0.0) - after.parse::<f64>().unwrap_or(0.0);
    assert!(
        (moved - 0.01).abs() < 1e-9,
        "moved once: {before} -> {after}"
    );

    let other = json!({"debtorAccount": from, "creditorAccount": to, "amount": "0.02"});
    let mismatch = post_transfer(t, Some("key-0001"), &other).await;
    assert_eq!(mismatch.status(), 422);
    let err = json(mismatch).await;
    spec.assert_valid("ErrorResponse", &err);
    assert_eq!(err["httpCode"], "422");

    assert_eq!(post_transfer(t, None, &body).await.status(), 400);
    let long = "k".repeat(41);
    assert_eq!(post_transfer(t, Some(&long), &body).await.status(), 400);
    // A new key is a new transfer.
    assert_eq!(
        post_transfer(t, Some("key-0002"), &body).await.status(),
        201
    );
}

#[tokio::test]
async fn idempotency_in_process() {
    check_idempotency(&Target::in_process(MockBank::builder().banks(["bea"])).await).await;
}
