//! Every error is JSON in its envelope: the bank's dialect for bank routes,
//! the HKMA portal's for the portal, `{"error"}` for the admin API — also
//! when axum itself refuses (a path, query or body it cannot extract, an
//! unknown route, a wrong method).

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::client;

async fn start() -> MockBank {
    MockBank::builder()
        .banks(["bea", "hsbc", "bochk", "dbs"])
        .start()
        .await
        .expect("mock starts")
}

/// Sends a request and returns its status and JSON body; fails when the
/// body is not JSON or not labelled as such.
async fn send(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let resp = req.send().await.expect("an answer");
    let status = resp.status();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = resp.text().await.expect("a body");
    assert!(
        content_type.starts_with("application/json"),
        "{status} {content_type:?}: {text:?}"
    );
    let body =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} not JSON ({e}): {text:?}"));
    (status, body)
}

fn jetco(req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    req.header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
        .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
}

fn admin_error(body: &Value) -> &str {
    body["error"]
        .as_str()
        .unwrap_or_else(|| panic!("not the admin envelope: {body}"))
}

#[tokio::test]
async fn a_path_parameter_that_is_not_utf8_is_refused_in_the_envelope() {
    let mock = start().await;
    let base = mock.base_url();
    let bea = mock.bank_url("bea").expect("bea");
    let http = client();

    let (status, body) = send(jetco(http.get(format!("{bea}/deposits/v1/savings/%FF")))).await;
    assert_eq!(status, 400);
    assert_eq!(body["httpCode"], "400", "JETCO envelope: {body}");
    assert!(body["moreInformation"].as_str().is_some(), "{body}");

    for path in [
        "/__admin/banks/%FF",
        "/__admin/banks/bea/accounts/%FF/transactions",
        "/__admin/banks/%FF/consents/x",
    ] {
        let (status, body) = send(http.get(format!("{base}{path}"))).await;
        assert_eq!(status, 400, "{path}");
        assert!(!admin_error(&body).is_empty());
    }
    let (status, body) = send(http.delete(format!("{base}/__admin/faults/not-a-number"))).await;
    assert_eq!(status, 400);
    admin_error(&body);

    let (status, body) = send(http.get(format!("{base}/hkma/public/%FF"))).await;
    assert_eq!(status, 400);
    assert_eq!(body["header"]["success"], false, "portal envelope: {body}");
    assert_eq!(body["header"]["err_code"], "1002");

    // A consent id of the BOCHK authorization server.
    let bochk = mock.bank_url("bochk").expect("bochk");
    let (status, body) = send(http.get(format!("{bochk}/consents/%FF"))).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["code"], "HK.HKMA.Field.Invalid", "{body}");

    // A bank segment that is not UTF-8: no such bank, in the gateway's envelope.
    let (status, body) = send(jetco(
        http.get(format!("{base}/jetco/%FF/deposits/v1/savings")),
    ))
    .await;
    assert_eq!(status, 404);
    assert_eq!(body["httpCode"], "404");
    let (status, body) = send(http.get(format!("{base}/%FF/__mock/whoami"))).await;
    assert_eq!(status, 404);
    admin_error(&body);
}

#[tokio::test]
async fn a_query_the_admin_api_cannot_read_is_refused_as_json() {
    let mock = start().await;
    let base = mock.base_url();
    let http = client();
    let account = mock.bank("bea").expect("bea").accounts()[0].id.clone();
    for url in [
        format!("{base}/__admin/requests?limit=many"),
        format!("{base}/__admin/banks/bea/accounts/{account}/transactions?from=-1"),
        format!("{base}/__admin/banks/bea/accounts/{account}/transactions?limit=%FF"),
    ] {
        let (status, body) = send(http.get(&url)).await;
        assert_eq!(status, 400, "{url}");
        admin_error(&body);
    }
    let (status, _) = send(http.get(format!(
        "{base}/__admin/banks/bea/accounts/{account}/transactions?from=1&limit=2"
    )))
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_malformed_admin_body_is_refused_as_json() {
    let mock = start().await;
    let base = mock.base_url();
    let http = client();
    let faults = format!("{base}/__admin/faults");
    let cases: [(&str, Option<&str>, &str, u16); 5] = [
        (
            "wrong content type",
            Some("text/plain"),
            r#"{"scenario":"status=503"}"#,
            415,
        ),
        ("no content type", None, r#"{"scenario":"status=503"}"#, 415),
        ("bad JSON", Some("application/json"), "{", 400),
        (
            "wrong shape",
            Some("application/json"),
            r#"{"scenario": 5}"#,
            422,
        ),
        (
            "missing field",
            Some("application/json"),
            r#"{"bank": "bea"}"#,
            422,
        ),
    ];
    for (why, content_type, body, expected) in cases {
        let mut req = http.post(&faults).body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        let (status, body) = send(req).await;
        assert_eq!(status.as_u16(), expected, "{why}: {body}");
        assert!(!admin_error(&body).is_empty(), "{why}");
    }
    assert!(
        mock.requests().is_empty(),
        "admin calls are not bank requests"
    );

    let json = |url: String, body: &'static str| {
        http.post(url)
            .header("content-type", "application/json")
            .body(body)
    };
    for (url, body) in [
        (
            format!("{base}/__admin/banks/bochk/clock/advance"),
            r#"{"seconds": -1}"#,
        ),
        (
            format!("{base}/__admin/banks/bochk/clock/advance"),
            r#"{"seconds": 1e300}"#,
        ),
        (
            format!("{base}/__admin/banks/bochk/tokens"),
            r#"{"scopes": "one"}"#,
        ),
        (format!("{base}/__admin/banks/bochk/tokens/revoke"), "[]"),
        (format!("{base}/__admin/banks/bochk/tokens/expire"), "nope"),
    ] {
        let (status, reply) = send(json(url.clone(), body)).await;
        assert!(
            status == 400 || status == 422,
            "{url} {body}: {status} {reply}"
        );
        admin_error(&reply);
    }
    // The body of tokens/expire is optional.
    let (status, body) = send(http.post(format!("{base}/__admin/banks/bochk/tokens/expire"))).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn an_unknown_route_is_a_json_404_in_its_envelope() {
    let mock = start().await;
    let base = mock.base_url();
    let http = client();
    for path in ["/__admin/nope", "/nope", "/"] {
        let (status, body) = send(http.get(format!("{base}{path}"))).await;
        assert_eq!(status, 404, "{path}");
        admin_error(&body);
    }
    let (status, body) = send(jetco(http.get(format!("{base}/jetco/bea/nope")))).await;
    assert_eq!(
        (status.as_u16(), &body["httpCode"]),
        (404, &Value::from("404"))
    );
    let (status, body) = send(http.get(format!("{base}/hsbc/nope"))).await;
    assert_eq!(status, 404);
    assert_eq!(body["Code"], "404", "HSBC envelope: {body}");
    let (status, body) = send(http.get(format!("{base}/hkma/public"))).await;
    assert_eq!(status, 404);
    assert_eq!(body["header"]["err_code"], "1001", "{body}");
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405_in_its_envelope() {
    let mock = start().await;
    let base = mock.base_url();
    let bea = mock.bank_url("bea").expect("bea");
    let http = client();

    for (method, path) in [
        (Method::DELETE, "/__admin/banks"),
        (Method::POST, "/health"),
        (Method::PUT, "/__admin/faults"),
        (Method::GET, "/__admin/reset"),
    ] {
        let resp = http
            .request(method.clone(), format!("{base}{path}"))
            .send()
            .await
            .expect("an answer");
        assert!(resp.headers().contains_key("allow"), "{method} {path}");
        let (status, body) = send(http.request(method.clone(), format!("{base}{path}"))).await;
        assert_eq!(status, 405, "{method} {path}");
        admin_error(&body);
    }

    let (status, body) = send(jetco(http.post(format!("{bea}/deposits/v1/savings")))).await;
    assert_eq!(status, 405);
    assert_eq!(body["httpCode"], "405", "JETCO envelope: {body}");
    let (status, body) = send(http.put(format!("{base}/hsbc/open-banking/v1.0/atms"))).await;
    assert_eq!(status, 405);
    assert_eq!(body["Code"], "405", "HSBC envelope: {body}");
    let (status, body) = send(http.get(format!("{base}/bochk/auth/oauth/v2/token"))).await;
    assert_eq!(status, 405);
    assert!(
        body["ErrorMsg"].as_str().is_some(),
        "BOCHK envelope: {body}"
    );
    let (status, body) =
        send(http.get(format!("{base}/dbs/partner/api/hk/v1/oauth/authorize"))).await;
    assert_eq!(status, 405);
    assert_eq!(body["code"], "405", "DBS envelope: {body}");
    let (status, body) = send(http.post(format!(
        "{base}/hkma/public/market-data-and-statistics/daily-monetary-statistics/daily-figures-interbank-liquidity"
    )))
    .await;
    assert_eq!(status, 405);
    assert_eq!(
        body["header"]["err_code"], "1002",
        "portal envelope: {body}"
    );
}
