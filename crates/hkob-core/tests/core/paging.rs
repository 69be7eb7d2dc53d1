//! Every page style walked to its end, and every stop condition.

use futures_util::TryStreamExt;
use hkob_core::paging::{Page, PageCursor, PageInfo, PageStyle, Paginator};
use hkob_core::{ApiRequest, Client, Error};
use serde::Deserialize;
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{RecordingSleep, builder};

#[derive(Debug, Deserialize)]
struct Items {
    items: Vec<u32>,
    #[serde(default)]
    total_pages: Option<u64>,
    #[serde(default)]
    total: Option<u64>,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    cursor: Option<String>,
}

impl Page for Items {
    type Item = u32;
    fn page_info(&self) -> PageInfo {
        PageInfo::new()
            .total_pages(self.total_pages)
            .total_items(self.total)
            .next_link(self.next.clone())
            .next_cursor(self.cursor.clone())
    }
    fn item_count(&self) -> usize {
        self.items.len()
    }
    fn into_items(self) -> Vec<u32> {
        self.items
    }
}

fn json(value: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(value)
}

async fn client(server: &MockServer) -> Client {
    builder(server, &RecordingSleep::default()).build().unwrap()
}

fn requests_to(requests: &[Request], p: &str) -> usize {
    requests.iter().filter(|r| r.url.path() == p).count()
}

const PAGE_INDEX: PageStyle = PageStyle::PageIndex {
    index_param: "pageIdx",
    size_param: "pageSize",
    first_index: 1,
};

async fn mount_indexed(server: &MockServer) {
    for (idx, items) in [(1, vec![1, 2]), (2, vec![3, 4]), (3, vec![5])] {
        Mock::given(path("/list"))
            .and(query_param("pageIdx", idx.to_string()))
            .and(query_param("pageSize", "2"))
            .respond_with(json(serde_json::json!({"items": items, "total_pages": 3})))
            .expect(1)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn page_index_walks_to_the_announced_last_page() {
    let server = MockServer::start().await;
    mount_indexed(&server).await;
    let items: Vec<u32> =
        Paginator::<Items>::new(client(&server).await, ApiRequest::get("/list"), PAGE_INDEX)
            .page_size(2)
            .items()
            .try_collect()
            .await
            .unwrap();
    assert_eq!(items, vec![1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn pages_are_fetched_lazily_and_can_be_resumed() {
    let server = MockServer::start().await;
    mount_indexed(&server).await;
    let c = client(&server).await;
    let mut pages = Paginator::<Items>::new(c.clone(), ApiRequest::get("/list"), PAGE_INDEX)
        .page_size(2)
        .pages_with_cursor();
    let first = pages.try_next().await.unwrap().unwrap();
    assert_eq!(first.page.items, vec![1, 2]);
    assert_eq!(first.next, PageCursor::Index(2));
    drop(pages);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "only one page fetched"
    );

    let rest: Vec<u32> = Paginator::<Items>::new(c, ApiRequest::get("/list"), PAGE_INDEX)
        .page_size(2)
        .resume(first.next)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest, vec![3, 4, 5]);
}

#[tokio::test]
async fn offset_stops_on_a_short_page() {
    let server = MockServer::start().await;
    for (offset, items) in [(0, vec![1, 2]), (2, vec![3, 4]), (4, vec![5])] {
        Mock::given(path("/records"))
            .and(query_param("offset", offset.to_string()))
            .and(query_param("pagesize", "2"))
            .respond_with(json(serde_json::json!({"items": items})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let style = PageStyle::Offset {
        offset_param: "offset",
        size_param: "pagesize",
    };
    let items: Vec<u32> =
        Paginator::<Items>::new(client(&server).await, ApiRequest::get("/records"), style)
            .page_size(2)
            .items()
            .try_collect()
            .await
            .unwrap();
    assert_eq!(items, vec![1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn offset_without_a_size_stops_on_an_empty_page() {
    let server = MockServer::start().await;
    for (offset, items) in [(0, vec![1, 2]), (2, vec![])] {
        Mock::given(path("/records"))
            .and(query_param("offset", offset.to_string()))
            .respond_with(json(serde_json::json!({"items": items})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let style = PageStyle::Offset {
        offset_param: "offset",
        size_param: "pagesize",
    };
    let items: Vec<u32> =
        Paginator::<Items>::new(client(&server).await, ApiRequest::get("/records"), style)
            .items()
            .try_collect()
            .await
            .unwrap();
    assert_eq!(items, vec![1, 2]);
}

#[tokio::test]
async fn next_links_are_followed_until_they_repeat() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(path("/cdr/accounts"))
        .and(query_param("page", "2"))
        .respond_with(json(
            serde_json::json!({"items": [3], "next": format!("{base}/cdr/accounts?page=2")}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/cdr/accounts"))
        .respond_with(json(
            serde_json::json!({"items": [1, 2], "next": "/cdr/accounts?page=2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<u32> = Paginator::<Items>::new(
        client(&server).await,
        ApiRequest::get("/cdr/accounts"),
        PageStyle::NextLink,
    )
    .items()
    .try_collect()
    .await
    .unwrap();
    assert_eq!(items, vec![1, 2, 3]);
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused() {
    let server = MockServer::start().await;
    Mock::given(path("/list"))
        .respond_with(json(
            serde_json::json!({"items": [1], "next": "https://evil.example/list?page=2"}),
        ))
        .mount(&server)
        .await;
    let result: Result<Vec<u32>, Error> = Paginator::<Items>::new(
        client(&server).await,
        ApiRequest::get("/list"),
        PageStyle::NextLink,
    )
    .items()
    .try_collect()
    .await;
    assert!(
        matches!(result, Err(Error::InvalidRequest(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn cursors_stop_when_they_do_not_advance() {
    let server = MockServer::start().await;
    Mock::given(path("/c"))
        .and(query_param("cursor", "abc"))
        .respond_with(json(serde_json::json!({"items": [2], "cursor": "abc"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/c"))
        .respond_with(json(serde_json::json!({"items": [1], "cursor": "abc"})))
        .expect(1)
        .mount(&server)
        .await;
    let style = PageStyle::Cursor {
        cursor_param: "cursor",
    };
    let items: Vec<u32> =
        Paginator::<Items>::new(client(&server).await, ApiRequest::get("/c"), style)
            .items()
            .try_collect()
            .await
            .unwrap();
    assert_eq!(items, vec![1, 2]);
}

#[tokio::test]
async fn unpaged_lists_take_one_request_and_caps_are_kept() {
    let server = MockServer::start().await;
    Mock::given(path("/all"))
        .respond_with(json(
            serde_json::json!({"items": [7, 8], "total_pages": 99}),
        ))
        .mount(&server)
        .await;
    let c = client(&server).await;
    let items: Vec<u32> =
        Paginator::<Items>::new(c.clone(), ApiRequest::get("/all"), PageStyle::Unpaged)
            .items()
            .try_collect()
            .await
            .unwrap();
    assert_eq!(items, vec![7, 8]);

    Mock::given(path("/numbered"))
        .respond_with(PageNumberEcho(Some(99)))
        .mount(&server)
        .await;
    let pages: Vec<Items> = Paginator::<Items>::new(c, ApiRequest::get("/numbered"), PAGE_INDEX)
        .max_pages(3)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests_to(&requests, "/all"), 1);
    assert_eq!(requests_to(&requests, "/numbered"), 3);
}

/// Answers page `n` with the item `n`, of a list of `.0` pages (of no end when `None`).
struct PageNumberEcho(Option<u64>);

impl wiremock::Respond for PageNumberEcho {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let n: u32 = request
            .url
            .query_pairs()
            .find(|(name, _)| name == "pageIdx")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        json(serde_json::json!({"items": [n], "total_pages": self.0}))
    }
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(path("/list"))
        .and(query_param("pageIdx", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"items\": [3, "))
        .mount(&server)
        .await;
    Mock::given(path("/list"))
        .respond_with(json(serde_json::json!({"items": [1, 2], "total": 10})))
        .mount(&server)
        .await;
    let mut items =
        Paginator::<Items>::new(client(&server).await, ApiRequest::get("/list"), PAGE_INDEX)
            .items();
    assert_eq!(items.try_next().await.unwrap(), Some(1));
    assert_eq!(items.try_next().await.unwrap(), Some(2));
    assert!(matches!(items.try_next().await, Err(Error::Decode(_))));
    assert!(items.try_next().await.unwrap().is_none());
}

/// A list operation as generated code implements it.
struct ListNumbers;

impl hkob_core::Operation for ListNumbers {
    type Output = Items;
    fn to_request(&self) -> ApiRequest {
        ApiRequest::get("/numbers").operation("listNumbers")
    }
    fn decode(response: hkob_core::ApiResponse) -> hkob_core::Result<Items> {
        Ok(response.json()?)
    }
}

impl hkob_core::ListOperation for ListNumbers {
    type Page = Items;
    fn page_style(&self) -> PageStyle {
        PageStyle::PageIndex {
            index_param: "page",
            size_param: "size",
            first_index: 1,
        }
    }
}

/// Code written once for any list operation.
async fn count_items<O: hkob_core::ListOperation>(client: &Client, op: &O) -> usize {
    let items: Vec<_> = client.paginate(op).items().try_collect().await.unwrap();
    items.len()
}

#[tokio::test]
async fn client_sends_and_paginates_any_operation() {
    let server = MockServer::start().await;
    Mock::given(path("/numbers"))
        .and(query_param("page", "1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"items": [1, 2], "total_pages": 2})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/numbers"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"items": [3], "total_pages": 2})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/numbers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": [9]})))
        .mount(&server)
        .await;
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    let first = client.send(&ListNumbers).await.unwrap();
    assert_eq!(first.items, [9], "send asks once, without page parameters");
    assert_eq!(count_items(&client, &ListNumbers).await, 3);

    fn assert_send<T: Send>(_: &T) {}
    let future = client.send(&ListNumbers);
    assert_send(&future);
}

/// A list whose answers may be refusals sent with HTTP 200: `{"ok": false, "code", "message"}`.
struct ListGuarded;

#[derive(Deserialize)]
struct Flag {
    #[serde(default = "yes")]
    ok: bool,
}

fn yes() -> bool {
    true
}

impl hkob_core::Operation for ListGuarded {
    type Output = Items;
    fn to_request(&self) -> ApiRequest {
        ApiRequest::get("/guarded").operation("listGuarded")
    }
    fn check(response: &hkob_core::ApiResponse) -> hkob_core::Result<()> {
        if response.json::<Flag>()?.ok {
            Ok(())
        } else {
            Err(hkob_core::error::ApiError::from_api_response(response).into())
        }
    }
    fn decode(response: hkob_core::ApiResponse) -> hkob_core::Result<Items> {
        Ok(response.json()?)
    }
}

impl hkob_core::ListOperation for ListGuarded {
    type Page = Items;
    fn page_style(&self) -> PageStyle {
        PAGE_INDEX
    }
    fn max_page_size(&self) -> Option<u32> {
        Some(2)
    }
}

fn refusal() -> ResponseTemplate {
    json(serde_json::json!({"ok": false, "code": "E42", "message": "not served now"}))
}

/// The interaction ids the client sent to `p`, in order.
async fn sent_ids(server: &MockServer, p: &str) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == p)
        .filter_map(|r| r.headers.get("x-fapi-interaction-id"))
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

fn assert_refusal(error: &Error, interaction_id: &str) {
    let Error::Api(api) = error else {
        panic!("expected the refusal, got {error:?}");
    };
    assert_eq!(api.status(), hkob_core::StatusCode::OK);
    assert_eq!(api.code(), Some("E42"));
    assert_eq!(api.message(), Some("not served now"));
    assert_eq!(api.interaction_id(), Some(interaction_id));
    assert!(!api.raw_body().is_empty());
}

#[tokio::test]
async fn send_runs_the_operation_check() {
    let server = MockServer::start().await;
    Mock::given(path("/guarded"))
        .respond_with(refusal())
        .mount(&server)
        .await;
    let error = client(&server)
        .await
        .send(&ListGuarded)
        .await
        .expect_err("refused");
    assert_refusal(&error, &sent_ids(&server, "/guarded").await[0]);
}

#[tokio::test]
async fn paginate_runs_the_operation_check_on_the_first_page() {
    let server = MockServer::start().await;
    Mock::given(path("/guarded"))
        .respond_with(refusal())
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .await
        .paginate(&ListGuarded)
        .items()
        .try_collect::<Vec<u32>>()
        .await
        .expect_err("refused");
    assert_refusal(&error, &sent_ids(&server, "/guarded").await[0]);
}

#[tokio::test]
async fn paginate_runs_the_operation_check_on_a_later_page() {
    let server = MockServer::start().await;
    Mock::given(path("/guarded"))
        .and(query_param("pageIdx", "2"))
        .respond_with(refusal())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/guarded"))
        .and(query_param("pageIdx", "1"))
        .and(query_param("pageSize", "2"))
        .respond_with(json(serde_json::json!({"items": [1, 2], "total_pages": 3})))
        .expect(1)
        .mount(&server)
        .await;
    // A page size above the operation's ceiling is capped.
    let pager = client(&server).await.paginate(&ListGuarded).page_size(50);
    assert_eq!(pager.current_page_size(), Some(2));
    let mut items = pager.items();
    assert_eq!(items.try_next().await.unwrap(), Some(1));
    assert_eq!(items.try_next().await.unwrap(), Some(2));
    let error = items.try_next().await.expect_err("page 2 is refused");
    assert_refusal(&error, &sent_ids(&server, "/guarded").await[1]);
    assert!(items.try_next().await.unwrap().is_none());
}

fn refuse_everything(response: &hkob_core::ApiResponse) -> hkob_core::Result<()> {
    Err(hkob_core::error::ApiError::from_api_response(response).into())
}

fn accept_everything(_: &hkob_core::ApiResponse) -> hkob_core::Result<()> {
    Ok(())
}

#[tokio::test]
async fn checks_add_up_and_cannot_be_replaced() {
    let server = MockServer::start().await;
    Mock::given(path("/guarded"))
        .respond_with(refusal())
        .mount(&server)
        .await;
    Mock::given(path("/list"))
        .respond_with(json(serde_json::json!({"items": [1]})))
        .mount(&server)
        .await;
    let c = client(&server).await;
    // A check added later does not lift the operation's own.
    let error = c
        .paginate(&ListGuarded)
        .check(accept_everything)
        .pages()
        .try_collect::<Vec<Items>>()
        .await
        .expect_err("still refused");
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    // A paginator built by hand has no check until one is added.
    let request = || ApiRequest::get("/list");
    let pages: Vec<Items> = Paginator::new(c.clone(), request(), PageStyle::Unpaged)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    let error = Paginator::<Items>::new(c, request(), PageStyle::Unpaged)
        .check(accept_everything)
        .check(refuse_everything)
        .pages()
        .try_collect::<Vec<_>>()
        .await
        .expect_err("the second check refuses");
    assert!(matches!(error, Error::Api(_)), "{error:?}");
}

#[tokio::test]
async fn page_sizes_are_one_type_from_the_operation_to_the_paginator() {
    let server = MockServer::start().await;
    let c = client(&server).await;
    let ceiling: u32 = hkob_core::ListOperation::max_page_size(&ListGuarded).expect("a ceiling");
    let pager = c.paginate(&ListGuarded).page_size(ceiling - 1);
    let size: Option<u32> = pager.current_page_size();
    assert_eq!(size, Some(ceiling - 1));
    let pager = Paginator::<Items>::new(c, ApiRequest::get("/list"), PAGE_INDEX)
        .max_page_size(ceiling)
        .page_size(u32::MAX);
    assert_eq!(pager.current_page_size(), Some(ceiling));
}

/// A list operation whose request already says where the list starts, and maybe the page size,
/// as a generated operation's `offset` / `pageIdx` / `pageSize` setters put them in its query.
struct ListFrom {
    style: PageStyle,
    query: Vec<(&'static str, String)>,
}

impl ListFrom {
    fn new(style: PageStyle, query: &[(&'static str, &str)]) -> Self {
        let query = query.iter().map(|(n, v)| (*n, (*v).to_owned())).collect();
        Self { style, query }
    }
}

impl hkob_core::Operation for ListFrom {
    type Output = Items;
    fn to_request(&self) -> ApiRequest {
        self.query
            .iter()
            .fold(ApiRequest::get("/from"), |request, (name, value)| {
                request.query(*name, value)
            })
    }
    fn decode(response: hkob_core::ApiResponse) -> hkob_core::Result<Items> {
        Ok(response.json()?)
    }
}

impl hkob_core::ListOperation for ListFrom {
    type Page = Items;
    fn page_style(&self) -> PageStyle {
        self.style.clone()
    }
}

const OFFSET: PageStyle = PageStyle::Offset {
    offset_param: "offset",
    size_param: "pagesize",
};

/// Answers `/from` with `items` when asked with `param` = `value` (and a page size of 2), once.
async fn mount_from(server: &MockServer, param: &str, value: &str, body: serde_json::Value) {
    Mock::given(path("/from"))
        .and(query_param(param, value))
        .and(query_param("pagesize", "2"))
        .respond_with(json(body))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn paginate_starts_at_the_offset_set_on_the_operation() {
    let server = MockServer::start().await;
    mount_from(&server, "offset", "4", serde_json::json!({"items": [5, 6]})).await;
    mount_from(&server, "offset", "6", serde_json::json!({"items": [7]})).await;
    let op = ListFrom::new(OFFSET, &[("offset", "4"), ("pagesize", "2")]);
    let pager = client(&server).await.paginate(&op);
    assert_eq!(pager.start_cursor().unwrap(), PageCursor::Offset(4));
    assert_eq!(pager.current_page_size(), Some(2));
    let items: Vec<u32> = pager.items().try_collect().await.unwrap();
    assert_eq!(
        items,
        vec![5, 6, 7],
        "from offset 4, not from the first page"
    );
    // The short page at offset 6 ended the walk: the request's own size is the page size.
    assert_eq!(
        requests_to(&server.received_requests().await.unwrap(), "/from"),
        2
    );
}

#[tokio::test]
async fn paginate_starts_at_the_page_index_set_on_the_operation() {
    let server = MockServer::start().await;
    let pages = |idx: &str, items: Vec<u32>| {
        (
            idx.to_owned(),
            serde_json::json!({"items": items, "total_pages": 3}),
        )
    };
    for (idx, body) in [pages("2", vec![3, 4]), pages("3", vec![5, 6])] {
        Mock::given(path("/from"))
            .and(query_param("pageIdx", idx.as_str()))
            .and(query_param("pageSize", "2"))
            .respond_with(json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let op = ListFrom::new(PAGE_INDEX, &[("pageIdx", "2")]);
    let items: Vec<u32> = client(&server)
        .await
        .paginate(&op)
        .page_size(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        items,
        vec![3, 4, 5, 6],
        "from page 2 to the announced last page 3"
    );
}

#[tokio::test]
async fn a_start_or_size_the_style_cannot_use_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let c = client(&server).await;
    for (style, query) in [
        (OFFSET, vec![("offset", "-1")]),
        (OFFSET, vec![("offset", "ten")]),
        (OFFSET, vec![("offset", "18446744073709551616")]),
        (OFFSET, vec![("pagesize", "-2")]),
        (PAGE_INDEX, vec![("pageIdx", "0")]),
        (PAGE_INDEX, vec![("pageIdx", "1.5")]),
        (PAGE_INDEX, vec![("pageSize", "4294967296")]),
    ] {
        let op = ListFrom::new(style, &query);
        let result: Result<Vec<u32>, Error> = c.paginate(&op).items().try_collect().await;
        assert!(
            matches!(&result, Err(Error::InvalidRequest(e)) if e.message().contains(query[0].0)
                || e.message().contains("first page")),
            "{query:?}: {result:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn resume_overrides_the_requests_start_and_must_fit_the_style() {
    let server = MockServer::start().await;
    mount_from(&server, "offset", "8", serde_json::json!({"items": [9]})).await;
    let c = client(&server).await;
    let op = ListFrom::new(OFFSET, &[("offset", "4"), ("pagesize", "2")]);
    let items: Vec<u32> = c
        .paginate(&op)
        .resume(PageCursor::Offset(8))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![9]);
    for cursor in [
        PageCursor::Index(3),
        PageCursor::Token("abc".into()),
        PageCursor::Link("/from?offset=2".into()),
    ] {
        let pager = c.paginate(&op).resume(cursor.clone());
        assert!(pager.start_cursor().is_err(), "{cursor:?}");
        let result: Result<Vec<u32>, Error> = pager.items().try_collect().await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "{cursor:?}: {result:?}"
        );
    }
    let pager = c
        .paginate(&ListFrom::new(PAGE_INDEX, &[]))
        .resume(PageCursor::Index(0));
    assert!(matches!(
        pager.start_cursor(),
        Err(Error::InvalidRequest(_))
    ));
    assert_eq!(
        requests_to(&server.received_requests().await.unwrap(), "/from"),
        1
    );
}

/// Answers every request to `/edge` and `/from` with `items` (and `total_pages`, when given).
async fn mount_edge(server: &MockServer, items: Vec<u32>, total_pages: Option<u64>) {
    Mock::given(wiremock::matchers::path_regex("^/(edge|from)$"))
        .respond_with(json(
            serde_json::json!({"items": items, "total_pages": total_pages}),
        ))
        .mount(server)
        .await;
}

/// The values of `param` the server received, in order.
async fn sent(server: &MockServer, param: &str) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter_map(|r| {
            r.url
                .query_pairs()
                .find(|(n, _)| n == param)
                .map(|(_, v)| v.into_owned())
        })
        .collect()
}

#[tokio::test]
async fn resuming_at_the_largest_offset_or_index_neither_panics_nor_wraps() {
    let server = MockServer::start().await;
    mount_edge(&server, vec![1, 2], Some(u64::MAX)).await;
    let c = client(&server).await;
    let walk = |style: PageStyle, cursor: PageCursor| {
        Paginator::<Items>::new(c.clone(), ApiRequest::get("/edge"), style)
            .page_size(2)
            .resume(cursor)
            .pages_with_cursor()
            .try_collect::<Vec<_>>()
    };
    // The page at the largest offset is the last one there can be: the walk ends after it.
    let pages = walk(OFFSET, PageCursor::Offset(u64::MAX)).await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].next, PageCursor::Done);
    assert_eq!(sent(&server, "offset").await, [u64::MAX.to_string()]);

    for first_index in [0, 1] {
        let style = PageStyle::PageIndex {
            index_param: "pageIdx",
            size_param: "pageSize",
            first_index,
        };
        let pages = walk(style, PageCursor::Index(u64::MAX)).await.unwrap();
        assert_eq!(pages.len(), 1, "first index {first_index}");
        assert_eq!(pages[0].next, PageCursor::Done);
    }
    assert_eq!(
        sent(&server, "pageIdx").await,
        [u64::MAX.to_string(), u64::MAX.to_string()]
    );
}

#[tokio::test]
async fn a_start_offset_near_the_largest_ends_without_wrapping() {
    let server = MockServer::start().await;
    mount_edge(&server, vec![1, 2], None).await;
    let near = (u64::MAX - 1).to_string();
    let op = ListFrom::new(OFFSET, &[("offset", &near), ("pagesize", "2")]);
    let mut pages = client(&server).await.paginate(&op).pages_with_cursor();
    let first = pages
        .try_next()
        .await
        .unwrap()
        .expect("the page at the offset");
    assert_eq!(first.page.items, [1, 2]);
    // offset + 2 is past u64::MAX: no next page rather than a wrapped offset 0.
    assert_eq!(first.next, PageCursor::Done);
    assert!(pages.try_next().await.unwrap().is_none());
    assert_eq!(sent(&server, "offset").await, [near]);
}

#[tokio::test]
async fn a_bank_that_ignores_the_page_number_is_caught_on_the_second_page() {
    let server = MockServer::start().await;
    Mock::given(path("/same"))
        .respond_with(json(
            serde_json::json!({"items": [1, 2], "total_pages": 99}),
        ))
        .mount(&server)
        .await;
    let c = client(&server).await;
    let result: Result<Vec<u32>, Error> =
        Paginator::<Items>::new(c, ApiRequest::get("/same"), PAGE_INDEX)
            .items()
            .try_collect()
            .await;
    match result {
        Err(Error::Decode(e)) => {
            assert!(e.message().contains("same items"), "{e}");
            assert_eq!(e.status(), Some(http::StatusCode::OK));
        }
        other => panic!("expected a repeated-page error, got {other:?}"),
    }
    assert_eq!(
        requests_to(&server.received_requests().await.unwrap(), "/same"),
        2
    );
}

/// Answers every page with the same items and a fresh `next` link (`.0` false) or cursor
/// (`.0` true): a list that never runs out of links without ever moving on.
struct MovingLinks(bool);

impl wiremock::Respond for MovingLinks {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let n: u64 = request
            .url
            .query_pairs()
            .find(|(name, _)| name == "p" || name == "cursor")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let next = n.saturating_add(1);
        let path = request.url.path();
        json(if self.0 {
            serde_json::json!({"items": [5, 6], "cursor": next.to_string()})
        } else {
            serde_json::json!({
                "items": [5, 6],
                "self": format!("{path}?p={n}"),
                "next": format!("{path}?p={next}"),
            })
        })
    }
}

#[tokio::test]
async fn links_or_cursors_that_change_while_the_items_do_not_end_the_walk_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/links"))
        .respond_with(MovingLinks(false))
        .mount(&server)
        .await;
    Mock::given(path("/cursors"))
        .respond_with(MovingLinks(true))
        .mount(&server)
        .await;
    let c = client(&server).await;
    for (at, style) in [
        ("/links", PageStyle::NextLink),
        (
            "/cursors",
            PageStyle::Cursor {
                cursor_param: "cursor",
            },
        ),
    ] {
        let result: Result<Vec<Items>, Error> =
            Paginator::<Items>::new(c.clone(), ApiRequest::get(at), style.clone())
                .pages()
                .try_collect()
                .await;
        assert!(
            matches!(&result, Err(Error::Decode(e)) if e.message().contains("same items")),
            "{style:?}: {result:?}"
        );
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests_to(&requests, "/links"), 2);
    assert_eq!(requests_to(&requests, "/cursors"), 2);
}

#[tokio::test]
async fn a_list_that_never_ends_stops_at_the_default_cap_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/numbered"))
        .respond_with(PageNumberEcho(None))
        .mount(&server)
        .await;
    let c = client(&server).await;
    let style = PageStyle::PageIndex {
        index_param: "pageIdx",
        size_param: "pageSize",
        first_index: 1,
    };
    let mut fetched = 0u64;
    let mut pages = Paginator::<Items>::new(c, ApiRequest::get("/numbered"), style).pages();
    let error = loop {
        match pages.try_next().await {
            Ok(Some(_)) => fetched += 1,
            Ok(None) => panic!("the walk ended as if complete after {fetched} pages"),
            Err(e) => break e,
        }
    };
    assert_eq!(fetched, hkob_core::paging::DEFAULT_MAX_PAGES);
    assert!(
        matches!(&error, Error::Decode(e) if e.message().contains("max_pages")),
        "{error:?}"
    );
}

#[tokio::test]
async fn prefetching_walks_the_same_items_and_asks_no_page_past_the_end_or_the_cap() {
    let server = MockServer::start().await;
    Mock::given(path("/numbered"))
        .respond_with(PageNumberEcho(Some(5)))
        .mount(&server)
        .await;
    let c = client(&server).await;
    let walk = |prefetch: bool, cap: Option<u64>| {
        let mut pager =
            Paginator::<Items>::new(c.clone(), ApiRequest::get("/numbered"), PAGE_INDEX)
                .prefetch(prefetch);
        if let Some(cap) = cap {
            pager = pager.max_pages(cap);
        }
        pager.items().try_collect::<Vec<u32>>()
    };
    let plain = walk(false, None).await.unwrap();
    let ahead = walk(true, None).await.unwrap();
    assert_eq!(plain, [1, 2, 3, 4, 5]);
    assert_eq!(ahead, plain);
    assert_eq!(
        requests_to(&server.received_requests().await.unwrap(), "/numbered"),
        10
    );

    let capped = walk(true, Some(2)).await.unwrap();
    assert_eq!(capped, [1, 2]);
    assert_eq!(
        requests_to(&server.received_requests().await.unwrap(), "/numbered"),
        12,
        "no page asked for past the cap"
    );
}

#[tokio::test]
async fn a_prefetched_page_that_fails_ends_the_walk_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(path("/list"))
        .and(query_param("pageIdx", "1"))
        .respond_with(json(serde_json::json!({"items": [1], "total_pages": 3})))
        .mount(&server)
        .await;
    Mock::given(path("/list"))
        .and(query_param("pageIdx", "2"))
        .respond_with(ResponseTemplate::new(404).set_body_string("{\"message\": \"gone\"}"))
        .mount(&server)
        .await;
    let c = client(&server).await;
    let mut items = Paginator::<Items>::new(c, ApiRequest::get("/list"), PAGE_INDEX)
        .prefetch(true)
        .items();
    assert_eq!(items.try_next().await.unwrap(), Some(1));
    let error = items.try_next().await.expect_err("page 2 failed");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}
