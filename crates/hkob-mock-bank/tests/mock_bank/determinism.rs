//! Same seed, same data; different seed, different data.

use hkob_mock_bank::MockBank;

use crate::support::{Target, jetco_get, json};

/// The bodies of a few lists, with the host-dependent links removed.
pub async fn snapshot(t: &Target) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for (bank, path) in [
        ("bea", "/deposits/v1/savings"),
        ("dsb", "/loans/v1/creditcard"),
        ("bea", "/locations/v1/atm"),
        ("dsb", "/fx/v1/fxrate"),
    ] {
        let mut body =
            json(jetco_get(&format!("{}{path}?pageSize=50", t.bank_url(bank))).await).await;
        if let Some(m) = body.as_object_mut() {
            m.remove("links");
        }
        out.push(body);
    }
    out
}

#[tokio::test]
async fn same_seed_same_data_in_process() {
    let a = Target::in_process(MockBank::builder().seed(42).banks(["bea", "dsb"])).await;
    let b = Target::in_process(MockBank::builder().seed(42).banks(["bea", "dsb"])).await;
    let c = Target::in_process(MockBank::builder().seed(43).banks(["bea", "dsb"])).await;
    let (sa, sb, sc) = (snapshot(&a).await, snapshot(&b).await, snapshot(&c).await);
    assert_eq!(sa, sb);
    assert_ne!(sa, sc);

    let (ma, mb) = (
        a.mock.as_ref().expect("mock"),
        b.mock.as_ref().expect("mock"),
    );
    let (ba, bb) = (ma.bank("bea").expect("bea"), mb.bank("bea").expect("bea"));
    assert_eq!(ba.customers(), bb.customers());
    assert_eq!(ba.accounts(), bb.accounts());
}

#[tokio::test]
async fn millions_of_transactions_without_storing_them() {
    let t = Target::in_process(
        MockBank::builder()
            .seed(5)
            .banks(["bea"])
            .transactions_per_account(5_000_000),
    )
    .await;
    let mock = t.mock.as_ref().expect("mock");
    let bea = mock.bank("bea").expect("bea");
    let account = bea.accounts()[0].id.clone();
    assert_eq!(bea.accounts()[0].transaction_count, 5_000_000);
    let last = bea
        .transaction(&account, 4_999_999)
        .expect("last transaction");
    assert_eq!(Some(last.clone()), bea.transaction(&account, 4_999_999));
    assert!(bea.transaction(&account, 5_000_000).is_none());
    let newest = bea.transaction(&account, 0).expect("newest");
    assert!(newest.booked_at > last.booked_at);

    // The same transaction over the admin API.
    let url = format!(
        "{}/__admin/banks/bea/accounts/{account}/transactions?from=4999998&limit=10",
        t.base
    );
    let page = json(
        crate::support::client()
            .get(url)
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let items = page["transactions"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["id"], last.id);
    assert_eq!(page["total"], 5_000_000);
}
