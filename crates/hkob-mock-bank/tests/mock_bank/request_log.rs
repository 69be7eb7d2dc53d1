//! The bounded request log.

use hkob_mock_bank::MockBank;

use crate::support::{Target, client, jetco_get, json};

pub async fn check_request_log(t: &Target, capacity: usize) {
    let http = client();
    assert_eq!(
        http.delete(format!("{}/__admin/requests", t.base))
            .send()
            .await
            .expect("sent")
            .status(),
        204
    );
    let total = capacity * 3;
    for i in 0..total {
        let bank = if i % 2 == 0 { "bea" } else { "dsb" };
        jetco_get(&format!(
            "{}/fx/v1/fxrate?pageSize=1&pageIdx={}",
            t.bank_url(bank),
            i + 1
        ))
        .await;
    }
    let log = json(
        http.get(format!("{}/__admin/requests", t.base))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let entries = log["requests"].as_array().expect("requests");
    assert!(
        entries.len() <= capacity,
        "bounded: {} > {capacity}",
        entries.len()
    );
    assert!(entries.len() >= capacity / 2);
    assert_eq!(log["capacity"], capacity);
    let seqs: Vec<u64> = entries.iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "oldest first");
    let newest = entries.last().expect("newest");
    assert_eq!(newest["query"], format!("pageSize=1&pageIdx={total}"));
    assert_eq!(newest["method"], "GET");
    assert_eq!(newest["status"], 200);
    let headers = newest["headers"].as_array().expect("headers");
    let header = |name: &str| {
        headers
            .iter()
            .find(|h| h[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
            .and_then(|h| h[1].as_str())
            .map(str::to_owned)
    };
    assert_eq!(
        header("x-ibm-client-id").as_deref(),
        Some(hkob_mock_bank::DEFAULT_CLIENT_ID)
    );
    assert_eq!(header("x-ibm-client-secret").as_deref(), Some("[redacted]"));

    let dsb = json(
        http.get(format!("{}/__admin/requests?bank=dsb&limit=3", t.base))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let dsb = dsb["requests"].as_array().expect("requests");
    assert_eq!(dsb.len(), 3);
    assert!(dsb.iter().all(|e| e["bank"] == "dsb"));
}

#[tokio::test]
async fn request_log_is_bounded_in_process() {
    let t = Target::in_process(
        MockBank::builder()
            .banks(["bea", "dsb"])
            .request_log_capacity(16),
    )
    .await;
    check_request_log(&t, 16).await;
    let mock = t.mock.as_ref().expect("in-process");
    assert!(mock.requests().len() <= 16);
    assert!(
        mock.requests_to("bea")
            .iter()
            .all(|r| r.bank.as_deref() == Some("bea"))
    );
    mock.clear_requests();
    assert!(mock.requests().is_empty());
}
