//! A quota shared by several clients (the TSP's processes) through one state backend: the bank
//! never sees more than the quota in a window, whichever client sends.

use std::sync::Arc;
use std::time::Duration;

use hkob_core::rate_limit::{SharedRateLimit, WhenOverLimit};
use hkob_core::store::{
    ListedEntry, MemoryBackend, StateBackend, StateKey, StoreError, StoreFuture,
};
use hkob_core::{ApiRequest, Client, Error, Method};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RecordingSleep, builder};

async fn bank() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/rates"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    server
}

fn clients(server: &MockServer, quota: &SharedRateLimit, n: usize) -> Vec<Client> {
    (0..n)
        .map(|_| {
            builder(server, &RecordingSleep::default())
                .rate_limit(quota.clone())
                .build()
                .unwrap()
        })
        .collect()
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

#[tokio::test]
async fn over_the_shared_quota_a_request_fails_typed_and_is_not_sent() {
    let server = bank().await;
    let state: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
    let quota = SharedRateLimit::new(state, "bank-a", 5, Duration::from_secs(60))
        .when_over(WhenOverLimit::Fail);
    let clients = clients(&server, &quota, 3);
    let mut sent = 0;
    let mut refused = 0;
    for i in 0..12 {
        match clients[i % 3]
            .send_empty(ApiRequest::new(Method::GET, "/rates"))
            .await
        {
            Ok(()) => sent += 1,
            Err(Error::RateLimited(e)) => {
                assert_eq!((e.id(), e.limit()), ("bank-a", 5));
                refused += 1;
            }
            Err(other) => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!((sent, refused), (5, 7));
    assert_eq!(
        received(&server).await,
        5,
        "the bank saw the quota, not more"
    );
}

#[tokio::test]
async fn over_the_quota_a_request_waits_for_the_next_window() {
    let server = bank().await;
    let state: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
    let window = Duration::from_secs(3);
    let quota = SharedRateLimit::new(state, "bank-b", 4, window)
        .when_over(WhenOverLimit::Wait(Duration::from_secs(20)));
    let mut calls = tokio::task::JoinSet::new();
    for client in clients(&server, &quota, 4) {
        for _ in 0..2 {
            let client = client.clone();
            calls.spawn(async move {
                client
                    .send_empty(ApiRequest::new(Method::GET, "/rates"))
                    .await
            });
        }
    }
    // The first window's four go out; the other four wait for the next window.
    let mut seen = 0;
    for _ in 0..100 {
        seen = received(&server).await;
        if seen >= 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(seen, 4, "four in the first window");
    while let Some(call) = calls.join_next().await {
        call.unwrap().expect("sent once the next window opened");
    }
    assert_eq!(received(&server).await, 8);
}

#[tokio::test]
async fn a_wait_longer_than_allowed_fails_typed() {
    let server = bank().await;
    let state: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
    let quota = SharedRateLimit::new(state, "bank-c", 1, Duration::from_secs(60))
        .when_over(WhenOverLimit::Wait(Duration::from_millis(100)));
    let client = &clients(&server, &quota, 1)[0];
    client
        .send_empty(ApiRequest::new(Method::GET, "/rates"))
        .await
        .expect("the first");
    let refused = client
        .send_empty(ApiRequest::new(Method::GET, "/rates"))
        .await
        .expect_err("no room within 100 ms");
    assert!(matches!(refused, Error::RateLimited(_)), "{refused:?}");
    assert_eq!(received(&server).await, 1);
}

/// A store that cannot be reached.
struct Down;

impl StateBackend for Down {
    fn get<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        down()
    }
    fn put<'a>(&'a self, _: StateKey<'a>, _: Vec<u8>, _: Option<Duration>) -> StoreFuture<'a, ()> {
        down()
    }
    fn put_if_absent<'a>(
        &'a self,
        _: StateKey<'a>,
        _: Vec<u8>,
        _: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        down()
    }
    fn take<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        down()
    }
    fn compare_and_swap<'a>(
        &'a self,
        _: StateKey<'a>,
        _: Option<&'a [u8]>,
        _: Vec<u8>,
        _: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        down()
    }
    fn delete<'a>(&'a self, _: StateKey<'a>) -> StoreFuture<'a, bool> {
        down()
    }
    fn list<'a>(&'a self, _: &'a str) -> StoreFuture<'a, Vec<ListedEntry>> {
        down()
    }
    fn count<'a>(&'a self, _: StateKey<'a>, _: Duration) -> StoreFuture<'a, u64> {
        down()
    }
}

fn down<'a, T: Send + 'a>() -> StoreFuture<'a, T> {
    Box::pin(async { Err(StoreError::unreachable("connection refused")) })
}

#[tokio::test]
async fn with_the_store_down_requests_are_sent_without_the_shared_count() {
    let server = bank().await;
    let quota = SharedRateLimit::new(Arc::new(Down), "bank-d", 1, Duration::from_secs(60))
        .when_over(WhenOverLimit::Fail);
    let client = &clients(&server, &quota, 1)[0];
    for _ in 0..3 {
        client
            .send_empty(ApiRequest::new(Method::GET, "/rates"))
            .await
            .expect("sent: a store outage does not stop the traffic");
    }
    assert_eq!(received(&server).await, 3);
}
