//! Refusals the portal sends with HTTP 200 (`header.success: false`) reach the caller as
//! `Error::Api` with the portal's code and message, whichever way the request is sent: the
//! generated `send` and `paginate`, `hkob_core::Client::send` and `paginate`, and
//! `HkmaClient`, on the first page or a later one. Served by wiremock on a local port.

use futures_util::TryStreamExt;
use hkob_core::retry::RetryPolicy;
use hkob_core::{Client, Error, StatusCode};
use hkob_hkma::{HkmaClient, ListAuthorizedInstitutions, RegisterLang};
use serde_json::{Value, json};
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const REGISTER: &str = "/bank-svf-info/register-ais-lros";

async fn server() -> MockServer {
    MockServer::start().await
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("the client builds")
}

fn refusal() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "header": {"success": false, "err_code": "9999", "err_msg": "Unexpected error"}
    }))
}

fn page(names: &[&str]) -> ResponseTemplate {
    let records: Vec<Value> = names.iter().map(|n| json!({"name": n})).collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "header": {"success": true, "err_code": "0000", "err_msg": "No error found"},
        "result": {"datasize": records.len(), "records": records}
    }))
}

/// Answers every request to `p` with a refusal.
async fn refuse_all(server: &MockServer, p: &str) {
    Mock::given(path(p))
        .respond_with(refusal())
        .mount(server)
        .await;
}

/// Serves a full first page of two records, then refuses the page at offset 2.
async fn refuse_the_second_page(server: &MockServer, p: &str) {
    Mock::given(path(p))
        .and(query_param("offset", "2"))
        .respond_with(refusal())
        .expect(1)
        .mount(server)
        .await;
    Mock::given(path(p))
        .and(query_param("offset", "0"))
        .and(query_param("pagesize", "2"))
        .respond_with(page(&["A", "B"]))
        .expect(1)
        .mount(server)
        .await;
}

/// The interaction ids sent, in order.
async fn sent_ids(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|r| r.headers.get("x-fapi-interaction-id"))
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect()
}

/// The error is the portal's refusal of the `nth` request (from 0).
async fn assert_refusal(error: &Error, server: &MockServer, nth: usize) {
    let Error::Api(api) = error else {
        panic!("expected the portal's refusal, got {error:?}");
    };
    assert_eq!(api.status(), StatusCode::OK);
    assert_eq!(api.code(), Some("9999"));
    assert_eq!(api.message(), Some("Unexpected error"));
    assert_eq!(api.envelope(), hkob_core::error::EnvelopeKind::Hkma);
    let ids = sent_ids(server).await;
    assert_eq!(ids.len(), nth + 1, "{ids:?}");
    assert_eq!(api.interaction_id(), Some(ids[nth].as_str()));
}

fn register() -> ListAuthorizedInstitutions {
    ListAuthorizedInstitutions::new(RegisterLang::En)
}

#[tokio::test]
async fn generated_send_returns_the_refusal() {
    let server = server().await;
    refuse_all(&server, REGISTER).await;
    let error = register()
        .send(&client(&server))
        .await
        .expect_err("refused");
    assert_refusal(&error, &server, 0).await;
}

#[tokio::test]
async fn core_send_returns_the_refusal() {
    let server = server().await;
    refuse_all(&server, REGISTER).await;
    let error = client(&server)
        .send(&register())
        .await
        .expect_err("refused");
    assert_refusal(&error, &server, 0).await;
}

#[tokio::test]
async fn generated_paginate_returns_a_refusal_of_the_first_page() {
    let server = server().await;
    refuse_all(&server, REGISTER).await;
    let error = register()
        .paginate(&client(&server))
        .items()
        .try_collect::<Vec<_>>()
        .await
        .expect_err("refused");
    assert_refusal(&error, &server, 0).await;
}

#[tokio::test]
async fn generated_paginate_returns_a_refusal_of_a_later_page() {
    let server = server().await;
    refuse_the_second_page(&server, REGISTER).await;
    let mut names = register().paginate(&client(&server)).page_size(2).items();
    assert_eq!(
        names.try_next().await.ok().flatten().map(|r| r.name),
        Some("A".into())
    );
    assert_eq!(
        names.try_next().await.ok().flatten().map(|r| r.name),
        Some("B".into())
    );
    let error = names.try_next().await.expect_err("page 2 is refused");
    assert_refusal(&error, &server, 1).await;
    assert!(
        matches!(names.try_next().await, Ok(None)),
        "the stream ends"
    );
}

#[tokio::test]
async fn hkma_client_returns_refusals_on_any_page() {
    let server = server().await;
    refuse_the_second_page(&server, REGISTER).await;
    let hkma = HkmaClient::from_client(client(&server));
    let error = hkma
        .records(&register().pagesize(2))
        .try_collect::<Vec<_>>()
        .await
        .expect_err("page 2 is refused");
    assert_refusal(&error, &server, 1).await;
}

#[tokio::test]
async fn the_generated_pager_keeps_under_the_register_ceiling() {
    let server = server().await;
    Mock::given(path(REGISTER))
        .and(query_param("pagesize", "150"))
        .respond_with(page(&["A"]))
        .expect(1)
        .mount(&server)
        .await;
    let pager = register().paginate(&client(&server)).page_size(500);
    assert_eq!(pager.current_page_size(), Some(150));
    let names: Vec<_> = pager.items().try_collect().await.expect("one short page");
    assert_eq!(names.len(), 1);
}

#[tokio::test]
async fn any_dataset_returns_the_refusal_when_sent() {
    let server = server().await;
    refuse_all(&server, "/some/dataset").await;
    let client = client(&server);
    let dataset = hkob_hkma::AnyDataset::new("some/dataset");
    let error = dataset.send(&client).await.expect_err("refused");
    assert_refusal(&error, &server, 0).await;
    let error = client.send(&dataset).await.expect_err("refused");
    assert_refusal(&error, &server, 1).await;
    let error = HkmaClient::from_client(client)
        .fetch(&dataset)
        .await
        .expect_err("refused");
    assert_refusal(&error, &server, 2).await;
}

#[tokio::test]
async fn any_dataset_returns_a_refusal_of_the_first_page() {
    let server = server().await;
    refuse_all(&server, "/some/dataset").await;
    let dataset = hkob_hkma::AnyDataset::new("some/dataset");
    let error = dataset
        .paginate(&client(&server))
        .items()
        .try_collect::<Vec<_>>()
        .await
        .expect_err("refused");
    assert_refusal(&error, &server, 0).await;
}

#[tokio::test]
async fn any_dataset_returns_a_refusal_of_a_later_page() {
    let server = server().await;
    refuse_the_second_page(&server, "/some/dataset").await;
    let dataset = hkob_hkma::AnyDataset::new("some/dataset").records_as::<Value>();
    let mut records = client(&server).paginate(&dataset).page_size(2).items();
    assert!(records.try_next().await.is_ok_and(|r| r.is_some()));
    assert!(records.try_next().await.is_ok_and(|r| r.is_some()));
    let error = records.try_next().await.expect_err("page 2 is refused");
    assert_refusal(&error, &server, 1).await;
}

#[tokio::test]
async fn hkma_client_checks_a_request_type_without_its_own_check() {
    // A list operation of the caller's that does not check the header: HkmaClient still does.
    struct Unchecked;
    impl hkob_core::Operation for Unchecked {
        type Output = hkob_hkma::RecordPage<Value>;
        fn to_request(&self) -> hkob_core::ApiRequest {
            hkob_core::ApiRequest::get("/some/dataset")
        }
        fn decode(response: hkob_core::ApiResponse) -> hkob_core::Result<Self::Output> {
            Ok(response.json()?)
        }
    }
    impl hkob_core::ListOperation for Unchecked {
        type Page = hkob_hkma::RecordPage<Value>;
        fn page_style(&self) -> hkob_core::paging::PageStyle {
            hkob_core::paging::PageStyle::Offset {
                offset_param: "offset",
                size_param: "pagesize",
            }
        }
    }
    let server = server().await;
    refuse_the_second_page(&server, "/some/dataset").await;
    let hkma = HkmaClient::from_client(client(&server));
    let error = hkma
        .paginate(&Unchecked)
        .page_size(2)
        .items()
        .try_collect::<Vec<_>>()
        .await
        .expect_err("page 2 is refused");
    assert_refusal(&error, &server, 1).await;
}
