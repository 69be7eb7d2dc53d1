//! What a customer's refresh does when the shared state cannot be reached: it fails with a typed
//! error and sends nothing to the bank (a refresh outside the fleet's lease could reuse a rotated
//! refresh token and cost the consent), and works again once the state is back.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::TryStreamExt;
use hkob_accounts::{AccessError, BackendStore, ConsentStatus, ConsentStore};
use hkob_core::error::AuthErrorKind;
use hkob_core::store::{
    ListedEntry, MemoryBackend, StateBackend, StateKey, StoreError, StoreFuture,
};
use support::*;

/// A backend that can be taken down and brought back.
#[derive(Default)]
struct Flaky {
    inner: MemoryBackend,
    down: AtomicBool,
}

impl Flaky {
    fn check(&self) -> Result<(), StoreError> {
        if self.down.load(Ordering::SeqCst) {
            Err(StoreError::unreachable("connection refused"))
        } else {
            Ok(())
        }
    }
}

macro_rules! forward {
    ($self:ident, $call:expr) => {
        Box::pin(async move {
            $self.check()?;
            $call.await
        })
    };
}

impl StateBackend for Flaky {
    fn get<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        forward!(self, self.inner.get(key))
    }
    fn put<'a>(
        &'a self,
        key: StateKey<'a>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, ()> {
        forward!(self, self.inner.put(key, value, ttl))
    }
    fn put_if_absent<'a>(
        &'a self,
        key: StateKey<'a>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        forward!(self, self.inner.put_if_absent(key, value, ttl))
    }
    fn take<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, Option<Vec<u8>>> {
        forward!(self, self.inner.take(key))
    }
    fn compare_and_swap<'a>(
        &'a self,
        key: StateKey<'a>,
        expected: Option<&'a [u8]>,
        new: Vec<u8>,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        forward!(self, self.inner.compare_and_swap(key, expected, new, ttl))
    }
    fn delete<'a>(&'a self, key: StateKey<'a>) -> StoreFuture<'a, bool> {
        forward!(self, self.inner.delete(key))
    }
    fn list<'a>(&'a self, collection: &'a str) -> StoreFuture<'a, Vec<ListedEntry>> {
        forward!(self, self.inner.list(collection))
    }
    fn count<'a>(&'a self, key: StateKey<'a>, window: Duration) -> StoreFuture<'a, u64> {
        forward!(self, self.inner.count(key, window))
    }
    fn protects_secrets(&self) -> bool {
        self.inner.protects_secrets()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_state_down_a_refresh_fails_typed_sends_nothing_and_works_once_it_is_back() {
    let mock = mock(&["bea"]).await;
    auto_approve(&mock, "bea", CUSTOMER);
    let flaky = Arc::new(Flaky::default());
    let state: Arc<dyn StateBackend> = flaky.clone();
    let store: Arc<dyn ConsentStore> = Arc::new(BackendStore::new(state.clone()));
    let bea = access_sharing(&mock, "bea", store, Some(state)).await;
    let redirect = bea.begin(&everything()).await.expect("consent created");
    let consent = bea
        .complete(&visit(&redirect.url).await)
        .await
        .expect("approved");
    let session = bea.session(&consent.id).await.expect("a session");

    mock.bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth server")
        .expire_tokens(None);
    flaky.down.store(true, Ordering::SeqCst);
    let before = refresh_grants(&mock);
    let read: Result<Vec<_>, _> = session.accounts().try_collect().await;
    let error = match read {
        Err(AccessError::Request(error)) => error,
        other => panic!("a request error, not {other:?}"),
    };
    assert_eq!(error.auth_kind(), Some(AuthErrorKind::TokenTransport));
    assert!(
        error.message().contains("the token store is unreachable"),
        "{}",
        error.message()
    );
    assert_eq!(refresh_grants(&mock), before, "nothing sent to the bank");

    flaky.down.store(false, Ordering::SeqCst);
    let accounts: Vec<_> = session
        .accounts()
        .try_collect()
        .await
        .expect("a read once the state is back");
    assert!(!accounts.is_empty());
    assert_eq!(refresh_grants(&mock), before + 1, "one refresh");
    let live = bea.refresh_consent(&consent.id).await.expect("read");
    assert_eq!(live.status, ConsentStatus::Authorised);
}
