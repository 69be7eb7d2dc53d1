//! The request pipeline: headers, retries, idempotency, timeouts.

use std::time::Duration;

use hkob_core::error::TransportErrorKind;
use hkob_core::retry::RetryPolicy;
use hkob_core::{ApiRequest, Client, Error};
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RecordingSleep, builder};

#[tokio::test]
async fn every_request_carries_interaction_id_agent_and_language() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/fx/v1/fxrate"))
        .and(query_param("pageSize", "5"))
        .and(header_exists("x-fapi-interaction-id"))
        .and(header("accept-language", "EN"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server, &RecordingSleep::default())
        .accept_language("EN")
        .user_agent("my-tsp/1.0")
        .build()
        .unwrap();
    let response = client
        .execute(ApiRequest::get("/fx/v1/fxrate").query("pageSize", 5))
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent = requests[0].headers.get("x-fapi-interaction-id").unwrap();
    assert!(uuid::Uuid::parse_str(sent.to_str().unwrap()).is_ok());
    assert_eq!(response.interaction_id(), sent.to_str().unwrap());
    let agent = requests[0]
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(agent.starts_with("my-tsp/1.0 hkob/"), "{agent}");
}

#[tokio::test]
async fn a_429_waits_what_retry_after_says() {
    let server = MockServer::start().await;
    Mock::given(path("/rates"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "2"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/rates"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([1, 2])))
        .mount(&server)
        .await;
    let sleep = RecordingSleep::default();
    let client = builder(&server, &sleep).build().unwrap();
    let rates: Vec<u32> = client.send_json(ApiRequest::get("/rates")).await.unwrap();
    assert_eq!(rates, vec![1, 2]);
    assert_eq!(sleep.waits(), vec![Duration::from_secs(2)]);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await;
    let when = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
    Mock::given(path("/rates"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", when.as_str()))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/rates"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let sleep = RecordingSleep::default();
    let client = builder(&server, &sleep).build().unwrap();
    client.send_empty(ApiRequest::get("/rates")).await.unwrap();
    let waits = sleep.waits();
    assert_eq!(waits.len(), 1);
    assert!(
        waits[0] > Duration::from_secs(27) && waits[0] <= Duration::from_secs(30),
        "{waits:?}"
    );
}

#[tokio::test]
async fn server_errors_are_retried_with_backoff_then_reported() {
    let server = MockServer::start().await;
    Mock::given(path("/busy"))
        .respond_with(ResponseTemplate::new(503).set_body_json(serde_json::json!({
            "httpCode": "503", "httpMessage": "Service Unavailable", "moreInformation": "maintenance"
        })))
        .expect(3)
        .mount(&server)
        .await;
    let sleep = RecordingSleep::default();
    let client = builder(&server, &sleep).build().unwrap();
    let err = client
        .send_empty(ApiRequest::get("/busy"))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status(), 503);
    assert_eq!(api.message(), Some("maintenance"));
    assert!(api.interaction_id().is_some());
    assert_eq!(
        sleep.waits(),
        vec![Duration::from_millis(100), Duration::from_millis(200)]
    );
}

#[tokio::test]
async fn a_post_without_idempotency_key_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let sleep = RecordingSleep::default();
    let client = builder(&server, &sleep).build().unwrap();
    let err = client
        .send_empty(ApiRequest::post("/payments").json(&serde_json::json!({"amount": "1"})))
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(hkob_core::StatusCode::INTERNAL_SERVER_ERROR)
    );
    assert!(sleep.waits().is_empty());
    assert!(
        server.received_requests().await.unwrap()[0]
            .headers
            .get("x-idempotency-key")
            .is_none()
    );
}

#[tokio::test]
async fn a_safe_read_post_is_retried_like_a_get_without_a_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": []})))
        .mount(&server)
        .await;
    let sleep = RecordingSleep::default();
    let client = builder(&server, &sleep).build().unwrap();
    let listed: serde_json::Value = client
        .send_json(
            ApiRequest::post("/products/list")
                .json(&serde_json::json!({"lang": "en"}))
                .safe_read(),
        )
        .await
        .unwrap();
    assert_eq!(listed["items"], serde_json::json!([]));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert!(
        requests
            .iter()
            .all(|r| r.headers.get("x-idempotency-key").is_none())
    );
    assert_eq!(sleep.waits().len(), 1);
}

#[tokio::test]
async fn a_post_with_idempotency_key_is_retried_with_the_same_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "p-1"})))
        .mount(&server)
        .await;
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    let created: serde_json::Value = client
        .send_json(
            ApiRequest::post("/payments")
                .json(&serde_json::json!({"amount": "1"}))
                .idempotent(),
        )
        .await
        .unwrap();
    assert_eq!(created["id"], "p-1");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    let keys: Vec<_> = requests
        .iter()
        .map(|r| r.headers.get("x-idempotency-key").unwrap().clone())
        .collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    assert!(uuid::Uuid::parse_str(keys[0].to_str().unwrap()).is_ok());
    let ids: std::collections::HashSet<_> = requests
        .iter()
        .map(|r| r.headers.get("x-fapi-interaction-id").unwrap().clone())
        .collect();
    assert_eq!(ids.len(), 1, "one logical call, one interaction id");

    // The next logical call mints a new key.
    client
        .send_empty(ApiRequest::post("/payments").idempotent())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_ne!(
        requests[3].headers.get("x-idempotency-key").unwrap(),
        &keys[0]
    );
}

#[tokio::test]
async fn the_callers_idempotency_key_is_sent() {
    let server = MockServer::start().await;
    Mock::given(header("x-idempotency-key", "order-42"))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    client
        .send_empty(ApiRequest::post("/payments").idempotency_key("order-42"))
        .await
        .unwrap();
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/x"))
        .respond_with(ResponseTemplate::new(400))
        .expect(1)
        .mount(&server)
        .await;
    let sleep = RecordingSleep::default();
    let client = builder(&server, &sleep).build().unwrap();
    assert!(client.send_empty(ApiRequest::get("/x")).await.is_err());
    assert!(sleep.waits().is_empty());
}

#[tokio::test]
async fn connection_failures_are_retried_for_safe_requests_only() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let sleep = RecordingSleep::default();
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .sleep(sleep.clone())
        .retry_policy(RetryPolicy::default().max_attempts(3))
        .build()
        .unwrap();
    let err = client.send_empty(ApiRequest::get("/")).await.unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind(), TransportErrorKind::Connect);
    assert_eq!(sleep.waits().len(), 2);

    let sleep = RecordingSleep::default();
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .sleep(sleep.clone())
        .build()
        .unwrap();
    assert!(client.send_empty(ApiRequest::post("/")).await.is_err());
    assert!(sleep.waits().is_empty());
}

#[tokio::test]
async fn a_slow_attempt_times_out() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = builder(&server, &RecordingSleep::default())
        .retry_policy(RetryPolicy::none())
        .attempt_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = client
        .send_empty(ApiRequest::get("/slow"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.is_timeout()),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn the_total_time_limit_bounds_retries() {
    let server = MockServer::start().await;
    Mock::given(path("/busy"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "50"))
        .expect(1)
        .mount(&server)
        .await;
    let sleep = RecordingSleep::default();
    let client = builder(&server, &sleep)
        .total_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let err = client
        .send_empty(ApiRequest::get("/busy"))
        .await
        .unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(50)));
    assert!(
        sleep.waits().is_empty(),
        "a 50 s wait would pass the 10 s limit"
    );
}

#[tokio::test]
async fn bad_input_fails_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    let cases = [
        ApiRequest::get("/accounts/{id}"),
        ApiRequest::get("/x").header("bad header", "v"),
        ApiRequest::post("/x").signed(),
        ApiRequest::get("/x").absolute_url("https://elsewhere.example/x".parse().unwrap()),
    ];
    for request in cases {
        let err = client.send_empty(request).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
}

#[tokio::test]
async fn a_client_needs_a_safe_base_url() {
    assert!(Client::builder().build().is_err());
    assert!(
        Client::builder()
            .base_url("http://bank.example")
            .build()
            .is_err()
    );
    assert!(Client::builder().base_url("not a url").build().is_err());
    assert!(
        Client::builder()
            .base_url("https://bank.example/api")
            .build()
            .is_ok()
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start().await;
    Mock::given(path("/moved"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/elsewhere"))
        .mount(&server)
        .await;
    Mock::given(path("/elsewhere"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    let err = client
        .send_empty(ApiRequest::get("/moved"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(hkob_core::StatusCode::FOUND));
}
