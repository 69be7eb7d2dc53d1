//! Values out of range in a scenario or an admin call are refused with 400
//! in the JSON envelope, and the mock keeps serving.

use std::time::{Duration, SystemTime};

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FaultRuleSpec, MockBank};
use serde_json::{Value, json};

use crate::support::{client, jetco_get, jetco_get_with, json};

#[tokio::test]
async fn a_retry_after_date_no_http_date_can_name_is_refused() {
    let mock = MockBank::builder()
        .banks(["bea"])
        .start()
        .await
        .expect("mock starts");
    let url = format!("{}/deposits/v1/savings", mock.bank_url("bea").expect("bea"));
    // Past what SystemTime can hold, and past the year 9999.
    for seconds in [u64::MAX.to_string(), "300000000000".to_owned()] {
        let resp = jetco_get_with(&url, &format!("retry-after-date={seconds}"))
            .await
            .expect("an answer, not a dropped connection");
        assert_eq!(resp.status(), 400, "{seconds}");
        let body = json(resp).await;
        assert_eq!(body["httpCode"], "400", "{body}");
        assert!(
            body["moreInformation"]
                .as_str()
                .is_some_and(|m| m.contains("9999")),
            "{body}"
        );

        let resp = client()
            .post(format!("{}/__admin/faults", mock.base_url()))
            .json(&json!({"scenario": format!("retry-after-date={seconds}")}))
            .send()
            .await
            .expect("an answer");
        assert_eq!(resp.status(), 400);
        assert!(json(resp).await["error"].as_str().is_some());
        assert!(
            mock.add_fault(FaultRuleSpec {
                scenario: format!("retry-after-date={seconds}"),
                ..FaultRuleSpec::default()
            })
            .is_err()
        );
    }
    // A hundred years is a date.
    let resp = jetco_get_with(&url, "retry-after-date=3153600000")
        .await
        .expect("an answer");
    assert_eq!(resp.status(), 429);
    let date = resp.headers()["retry-after"].to_str().expect("ascii");
    let when = httpdate::parse_http_date(date).expect("an HTTP-date");
    assert!(when > SystemTime::now() + Duration::from_secs(3_000_000_000));
    assert_eq!(jetco_get(&url).await.status(), 200, "still serving");
}

async fn bochk_token(mock: &MockBank) -> reqwest::Response {
    client()
        .post(format!(
            "{}/auth/oauth/v2/token",
            mock.bank_url("bochk").expect("bochk")
        ))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
        ])
        .send()
        .await
        .expect("the token endpoint answers")
}

#[tokio::test]
async fn a_clock_advance_past_the_year_9999_is_refused_and_tokens_still_work() {
    let mock = MockBank::builder()
        .banks(["bochk"])
        .start()
        .await
        .expect("mock starts");
    let advance = format!("{}/__admin/banks/bochk/clock/advance", mock.base_url());
    let before = mock
        .bank("bochk")
        .and_then(|b| b.auth_server())
        .map(|a| a.now())
        .expect("an authorization server");
    for seconds in [
        json!(u64::MAX),
        json!(u64::MAX - 1),
        json!(i64::MAX),
        json!(253_402_300_800_u64),
    ] {
        let resp = client()
            .post(&advance)
            .json(&json!({ "seconds": seconds }))
            .send()
            .await
            .expect("an answer");
        assert_eq!(resp.status(), 400, "{seconds}");
        let body = json(resp).await;
        assert!(
            body["error"].as_str().is_some_and(|e| e.contains("9999")),
            "{body}"
        );
    }
    let now = mock
        .bank("bochk")
        .and_then(|b| b.auth_server())
        .map(|a| a.now())
        .expect("an authorization server");
    assert!(
        now - before < 60,
        "the clock did not move: {before} -> {now}"
    );

    // The token endpoint keeps working, and its token is accepted.
    let resp = bochk_token(&mock).await;
    assert_eq!(resp.status(), 200);
    let body: Value = json(resp).await;
    let token = body["access_token"].as_str().expect("a token").to_owned();
    let whoami = client()
        .get(format!(
            "{}/__mock/whoami",
            mock.bank_url("bochk").expect("bochk")
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("an answer");
    assert_eq!(whoami.status(), 200);

    // A reasonable advance still moves the clock, and expires the token.
    let resp = client()
        .post(&advance)
        .json(&json!({ "seconds": 3600 }))
        .send()
        .await
        .expect("an answer");
    assert_eq!(resp.status(), 200);
    assert!(
        json(resp).await["now"]
            .as_i64()
            .is_some_and(|n| n >= now + 3600)
    );
    let whoami = client()
        .get(format!(
            "{}/__mock/whoami",
            mock.bank_url("bochk").expect("bochk")
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("an answer");
    assert_eq!(whoami.status(), 401);
    assert_eq!(bochk_token(&mock).await.status(), 200);
}

#[tokio::test]
async fn page_sizes_of_zero_in_the_settings_serve_pages_of_one() {
    let settings = hkob_mock_bank::Settings {
        banks: Some(vec!["bea".to_owned()]),
        default_page_size: 0,
        max_page_size: 0,
        ..hkob_mock_bank::Settings::default()
    };
    let mock = MockBank::builder()
        .settings(settings)
        .start()
        .await
        .expect("mock starts");
    let bea = mock.bank_url("bea").expect("bea");
    for query in ["", "?pageSize=5&pageIdx=2"] {
        let resp = jetco_get(&format!("{bea}/deposits/v1/savings{query}")).await;
        assert_eq!(resp.status(), 200, "{query}");
        let body = json(resp).await;
        assert_eq!(body["pageSize"], 1, "{query}: {body}");
        assert_eq!(
            body["data"]["savingsProducts"].as_array().map(Vec::len),
            Some(1)
        );
    }
}

#[tokio::test]
async fn paging_at_the_edge_of_u32_gets_an_answer() {
    let mock = MockBank::builder()
        .banks(["bea"])
        .start()
        .await
        .expect("mock starts");
    let bea = mock.bank_url("bea").expect("bea");
    let max = u32::MAX;
    let resp = jetco_get(&format!(
        "{bea}/deposits/v1/savings?pageSize={max}&pageIdx={max}"
    ))
    .await;
    assert_eq!(resp.status(), 200);
    let body = json(resp).await;
    assert_eq!(body["pageIdx"], max);
    assert_eq!(body["data"]["savingsProducts"], json!([]));
    let resp = jetco_get(&format!(
        "{bea}/deposits/v1/savings?pageIdx={}",
        u64::from(max) + 1
    ))
    .await;
    assert_eq!(resp.status(), 400);
}
