//! The HKMA portal behind the request pipeline: its requests in the request
//! log, its outages from the scenario header or an admin fault rule.

use hkob_mock_bank::{FaultRuleSpec, MockBank};
use serde_json::{Value, json};

use crate::support::{client, jetco_get, jetco_get_with, json};

const LIQUIDITY: &str =
    "market-data-and-statistics/daily-monetary-statistics/daily-figures-interbank-liquidity";

async fn start() -> MockBank {
    MockBank::builder()
        .banks(["bea"])
        .start()
        .await
        .expect("mock starts")
}

fn portal_url(mock: &MockBank) -> String {
    format!("{}/hkma/public/{LIQUIDITY}", mock.base_url())
}

async fn logged(mock: &MockBank) -> Vec<Value> {
    let log = json(
        client()
            .get(format!("{}/__admin/requests", mock.base_url()))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    log["requests"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn portal_requests_are_in_the_request_log_with_their_scenario() {
    let mock = start().await;
    let url = portal_url(&mock);
    let plain = client()
        .get(format!("{url}?pagesize=2"))
        .send()
        .await
        .expect("answer");
    assert_eq!(plain.status(), 200);
    let outage = client()
        .get(&url)
        .header("x-mock-scenario", "hkma-bad-gateway")
        .send()
        .await
        .expect("answer");
    assert_eq!(outage.status(), 502);

    let entries = logged(&mock).await;
    let portal: Vec<&Value> = entries
        .iter()
        .filter(|e| e["path"] == format!("/hkma/public/{LIQUIDITY}"))
        .collect();
    assert_eq!(portal.len(), 2, "{entries:#?}");
    assert_eq!(portal[0]["method"], "GET");
    assert_eq!(portal[0]["query"], "pagesize=2");
    assert_eq!(portal[0]["status"], 200);
    assert_eq!(portal[0]["bank"], Value::Null);
    assert_eq!(portal[0]["scenario"], Value::Null);
    assert_eq!(portal[1]["status"], 502);
    let scenario: Value =
        serde_json::from_str(portal[1]["scenario"].as_str().expect("a scenario")).expect("JSON");
    assert_eq!(scenario["hkmaOutage"], "hkma-bad-gateway");
    // The Rust handle sees them too, and they belong to no bank.
    assert_eq!(
        mock.requests()
            .iter()
            .filter(|r| r.path.starts_with("/hkma/public/") && r.bank.is_none())
            .count(),
        2
    );
    assert!(mock.requests_to("bea").is_empty());
}

async fn add_rule(mock: &MockBank, rule: Value) -> reqwest::Response {
    client()
        .post(format!("{}/__admin/faults", mock.base_url()))
        .json(&rule)
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn hkma_outages_are_admin_fault_rules() {
    let mock = start().await;
    let url = portal_url(&mock);

    let resp = add_rule(&mock, json!({"scenario": "hkma-html-200", "count": 1})).await;
    assert_eq!(resp.status(), 201);
    // A bank request does not use the rule up.
    let bea = format!("{}/deposits/v1/savings", mock.bank_url("bea").expect("bea"));
    let resp = jetco_get(&bea).await;
    assert_eq!(resp.status(), 200);
    let resp = client().get(&url).send().await.expect("answer");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/html");
    assert!(resp.text().await.expect("body").starts_with("<html>"));
    // Used up: the next answer is the portal's JSON again.
    let resp = client().get(&url).send().await.expect("answer");
    assert_eq!(json(resp).await["header"]["success"], true);

    let resp = add_rule(
        &mock,
        json!({"path": format!("/hkma/public/{LIQUIDITY}"), "scenario": "hkma-bad-gateway"}),
    )
    .await;
    assert_eq!(resp.status(), 201);
    let resp = client().get(&url).send().await.expect("answer");
    assert_eq!(resp.status(), 502);
    assert!(resp.text().await.expect("body").contains("502 Bad Gateway"));
    mock.clear_faults();

    // The other directives apply to the portal too, in its envelope.
    let id = mock
        .add_fault(FaultRuleSpec {
            path: Some("/hkma".into()),
            scenario: "status=503;retry-after=7".into(),
            ..FaultRuleSpec::default()
        })
        .expect("valid rule");
    let resp = client().get(&url).send().await.expect("answer");
    assert_eq!(resp.status(), 503);
    assert_eq!(resp.headers()["retry-after"], "7");
    let body = json(resp).await;
    assert_eq!(body["header"]["success"], false);
    assert_eq!(body["header"]["err_code"], "9999");
    assert!(mock.remove_fault(id));
}

#[tokio::test]
async fn a_scenario_that_cannot_apply_is_refused() {
    let mock = start().await;
    // An outage of the portal for a bank: refused as a rule and as a header.
    for rule in [
        json!({"bank": "bea", "scenario": "hkma-html-200"}),
        json!({"path": "/deposits", "scenario": "hkma-bad-gateway"}),
        json!({"path": "/hkma/public", "scenario": "token=expired"}),
        json!({"scenario": "hkma-html-200;unknown-enum"}),
    ] {
        let resp = add_rule(&mock, rule.clone()).await;
        assert_eq!(resp.status(), 400, "{rule}");
        let body = json(resp).await;
        assert!(body["error"].as_str().is_some(), "{rule}: {body}");
    }
    let bea = format!("{}/deposits/v1/savings", mock.bank_url("bea").expect("bea"));
    let resp = jetco_get_with(&bea, "hkma-html-200").await.expect("answer");
    assert_eq!(resp.status(), 400);
    let body = json(resp).await;
    assert_eq!(body["httpCode"], "400", "the JETCO envelope: {body}");
    assert!(
        body["moreInformation"]
            .as_str()
            .is_some_and(|m| m.contains("HKMA portal")),
        "{body}"
    );
    let resp = client()
        .get(portal_url(&mock))
        .header("x-mock-scenario", "token=revoked")
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status(), 400);
    let body = json(resp).await;
    assert_eq!(body["header"]["err_code"], "1002", "{body}");
}
