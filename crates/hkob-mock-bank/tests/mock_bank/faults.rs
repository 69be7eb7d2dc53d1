//! Every injectable fault, by header and by admin rule.

use std::time::{Duration, Instant, SystemTime};

use hkob_mock_bank::{FaultRuleSpec, MockBank};
use serde_json::json;

use crate::support::{Spec, Target, client, jetco_get, jetco_get_with, json};

/// Faults asked for with the `x-mock-scenario` header.
pub async fn check_header_faults(t: &Target) {
    let spec = Spec::load();
    let url = format!("{}/deposits/v1/savings?pageSize=5", t.bank_url("bea"));

    // Latency: the answer comes no sooner than asked (a lower bound only).
    let started = Instant::now();
    let resp = jetco_get_with(&url, "latency=150ms").await.expect("answer");
    assert_eq!(resp.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(150));

    // 429 with Retry-After in seconds.
    let resp = jetco_get_with(&url, "status=429;retry-after=2")
        .await
        .expect("answer");
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["retry-after"], "2");
    spec.assert_valid("ErrorResponse", &json(resp).await);

    // 429 with Retry-After as an HTTP-date in the future.
    let resp = jetco_get_with(&url, "retry-after-date=30")
        .await
        .expect("answer");
    assert_eq!(resp.status(), 429);
    let date = resp.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let when = httpdate::parse_http_date(&date).expect("HTTP-date");
    assert!(when > SystemTime::now() + Duration::from_secs(10), "{date}");

    for status in [500u16, 502, 503, 504] {
        let resp = jetco_get_with(&url, &format!("status={status}"))
            .await
            .expect("answer");
        assert_eq!(resp.status().as_u16(), status);
        let body = json(resp).await;
        spec.assert_valid("ErrorResponse", &body);
        assert_eq!(body["httpCode"], status.to_string());
    }

    // Connection dropped without an answer.
    let err = jetco_get_with(&url, "reset").await.expect_err("no answer");
    assert!(!err.is_status());

    // Truncated body: the headers arrive, the body does not complete.
    let resp = jetco_get_with(&url, "truncate")
        .await
        .expect("headers arrive");
    assert_eq!(resp.status(), 200);
    assert!(resp.bytes().await.is_err());

    // Malformed JSON.
    let resp = jetco_get_with(&url, "malformed-json")
        .await
        .expect("answer");
    let text = resp.text().await.expect("complete body");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());

    // Unknown enum values: valid JSON, but outside the spec's enums.
    let resp = jetco_get_with(&url, "unknown-enum").await.expect("answer");
    let body = json(resp).await;
    assert_eq!(
        body["data"]["savingsProducts"][0]["depositFreq"],
        "MOCK_UNKNOWN_VALUE"
    );
    assert!(
        !spec
            .validator("SavingsProductListResponse", false)
            .is_valid(&body)
    );

    // Extra fields: still valid against the spec (which allows them), not against the strict form.
    let resp = jetco_get_with(&url, "extra-fields").await.expect("answer");
    let body = json(resp).await;
    assert!(
        body["data"]["savingsProducts"][0]
            .get("mockExtraField")
            .is_some()
    );
    assert!(
        spec.validator("SavingsProductListResponse", false)
            .is_valid(&body)
    );
    assert!(
        !spec
            .validator("SavingsProductListResponse", true)
            .is_valid(&body)
    );

    // A bad scenario is refused, in the bank's envelope.
    let resp = jetco_get_with(&url, "explode").await.expect("answer");
    assert_eq!(resp.status(), 400);
    spec.assert_valid("ErrorResponse", &json(resp).await);

    // And the next plain request is fine again.
    assert_eq!(jetco_get(&url).await.status(), 200);
}

/// Faults installed with the admin API: bank, path prefix and count targeting.
pub async fn check_admin_faults(t: &Target) {
    let http = client();
    let added = http
        .post(format!("{}/__admin/faults", t.base))
        .json(&json!({"bank": "bea", "path": "/deposits", "count": 2, "scenario": "status=503;retry-after=1"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(added.status(), 201);
    let id = json(added).await["id"].as_u64().expect("id");

    let bea_deposits = format!("{}/deposits/v1/current", t.bank_url("bea"));
    let bea_fx = format!("{}/fx/v1/fxrate", t.bank_url("bea"));
    let dsb_deposits = format!("{}/deposits/v1/current", t.bank_url("dsb"));
    assert_eq!(
        jetco_get(&bea_fx).await.status(),
        200,
        "other path untouched"
    );
    assert_eq!(
        jetco_get(&dsb_deposits).await.status(),
        200,
        "other bank untouched"
    );
    let first = jetco_get(&bea_deposits).await;
    assert_eq!(first.status(), 503);
    assert_eq!(first.headers()["retry-after"], "1");
    assert_eq!(jetco_get(&bea_deposits).await.status(), 503);
    assert_eq!(
        jetco_get(&bea_deposits).await.status(),
        200,
        "count used up"
    );

    let listed = json(
        http.get(format!("{}/__admin/faults", t.base))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let rule = listed
        .as_array()
        .and_then(|a| a.iter().find(|r| r["id"] == id))
        .expect("listed");
    assert_eq!(rule["hits"], 2);
    assert_eq!(rule["remaining"], 0);

    // An unlimited rule, then removed.
    let added = http
        .post(format!("{}/__admin/faults", t.base))
        .json(&json!({"path": "/jetco/dsb/", "scenario": "status=502"}))
        .send()
        .await
        .expect("sent");
    let id = json(added).await["id"].as_u64().expect("id");
    for _ in 0..3 {
        assert_eq!(jetco_get(&dsb_deposits).await.status(), 502);
    }
    let del = http
        .delete(format!("{}/__admin/faults/{id}", t.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(del.status(), 204);
    assert_eq!(jetco_get(&dsb_deposits).await.status(), 200);

    // Invalid rules are refused.
    let bad = http
        .post(format!("{}/__admin/faults", t.base))
        .json(&json!({"scenario": "status=200"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(bad.status(), 400);
    let bad = http
        .post(format!("{}/__admin/faults", t.base))
        .json(&json!({"bank": "nope", "scenario": "status=500"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn header_faults_in_process() {
    check_header_faults(&Target::in_process(MockBank::builder().banks(["bea", "dsb"])).await).await;
}

#[tokio::test]
async fn admin_faults_in_process() {
    check_admin_faults(&Target::in_process(MockBank::builder().banks(["bea", "dsb"])).await).await;
}

#[tokio::test]
async fn rust_handle_faults_and_disabled_header() {
    let t = Target::in_process(MockBank::builder().banks(["bea"]).scenario_header(false)).await;
    let mock = t.mock.as_ref().expect("in-process");
    let url = format!("{}/fx/v1/fxrate", t.bank_url("bea"));
    // The header is ignored when disabled.
    assert_eq!(
        jetco_get_with(&url, "status=500")
            .await
            .expect("answer")
            .status(),
        200
    );
    let id = mock
        .add_fault(FaultRuleSpec {
            bank: Some("bea".into()),
            path: None,
            count: Some(1),
            scenario: "status=504".into(),
        })
        .expect("valid rule");
    assert_eq!(jetco_get(&url).await.status(), 504);
    assert_eq!(jetco_get(&url).await.status(), 200);
    assert!(mock.remove_fault(id));
}
