//! Every consent store keeps the promises of the trait — a callback is taken once, pending
//! authorizations expire, tokens are replaced by compare-and-set, records are listed in order —
//! checked against the in-memory store and against `BackendStore` over memory, a SQLite file
//! (plain and sealed) and sealed Redis.

mod support;

use std::any::Any;
use std::sync::Arc;

use chrono::{Duration, Utc};
use hkob_accounts::model::{BankId, Redacted};
use hkob_accounts::{
    BackendStore, Consent, ConsentRecord, ConsentStatus, ConsentStore, MemoryStore, PendingConsent,
    StoredTokens,
};
use hkob_core::store::{MemoryBackend, StateBackend, StateKey, StoreErrorKind};
use support::state::{RedisServer, TempDir};

/// A store under test, its backend when it has one, and what must live as long as it.
struct Fixture {
    store: Arc<dyn ConsentStore>,
    backend: Option<Arc<dyn StateBackend>>,
    _guard: Option<Box<dyn Any + Send>>,
}

impl Fixture {
    fn over(backend: Arc<dyn StateBackend>, guard: Option<Box<dyn Any + Send>>) -> Self {
        Self {
            store: Arc::new(BackendStore::new(backend.clone())),
            backend: Some(backend),
            _guard: guard,
        }
    }
}

async fn memory_store() -> Fixture {
    Fixture {
        store: Arc::new(MemoryStore::new()),
        backend: None,
        _guard: None,
    }
}

async fn memory_backend() -> Fixture {
    Fixture::over(Arc::new(MemoryBackend::new()), None)
}

async fn sqlite() -> Fixture {
    let dir = TempDir::new();
    let file = hkob_store::SqliteBackend::open(dir.file())
        .await
        .expect("the file opens");
    Fixture::over(Arc::new(file), Some(Box::new(dir)))
}

async fn sealed_sqlite() -> Fixture {
    let dir = TempDir::new();
    Fixture::over(dir.open().await, Some(Box::new(dir)))
}

async fn sealed_redis() -> Fixture {
    let server = RedisServer::start().await;
    Fixture::over(server.open().await, Some(Box::new(server)))
}

fn pending(state: &str, ttl: Duration) -> PendingConsent {
    let json = serde_json::json!({
        "bank": "bea",
        "consent_id": "c-1",
        "state": state,
        "nonce": "n",
        "pkce_verifier": "v",
        "expires_at": Utc::now() + ttl,
    });
    serde_json::from_value(json).expect("a pending consent")
}

fn authorised(bank: &str, id: &str, refresh: &str) -> ConsentRecord {
    let consent = Consent::new(BankId::new(bank), id, ConsentStatus::Authorised);
    let tokens = StoredTokens::new("a1", None, Some(refresh.to_owned()));
    ConsentRecord::new(consent, Some(tokens))
}

fn refresh_of(record: &ConsentRecord) -> Option<&str> {
    record
        .tokens
        .as_ref()
        .and_then(|t| t.refresh_token.as_ref())
        .map(Redacted::expose)
        .map(String::as_str)
}

async fn a_pending_authorization_is_taken_once_and_not_after_it_expires(f: Fixture) {
    let store = &f.store;
    store
        .put_pending(pending("s-1", Duration::minutes(10)))
        .await
        .unwrap();
    store
        .put_pending(pending("s-2", Duration::seconds(-1)))
        .await
        .unwrap();
    store
        .put_pending(pending("s-3", Duration::milliseconds(300)))
        .await
        .unwrap();
    let now = Utc::now();
    let taken = store
        .take_pending("s-1", now)
        .await
        .unwrap()
        .expect("taken");
    assert_eq!(taken.consent_id, "c-1");
    assert_eq!(taken.state.expose(), "s-1");
    assert_eq!(taken.pkce_verifier.expose(), "v");
    assert!(
        store.take_pending("s-1", now).await.unwrap().is_none(),
        "a replay finds nothing"
    );
    assert!(
        store.take_pending("s-2", now).await.unwrap().is_none(),
        "expired"
    );
    assert!(store.take_pending("unknown", now).await.unwrap().is_none());
    // Asked for after it expired, by the clock of the caller and of the store.
    tokio::time::sleep(std::time::Duration::from_millis(450)).await;
    assert!(
        store
            .take_pending("s-3", Utc::now())
            .await
            .unwrap()
            .is_none(),
        "expired while waiting"
    );
}

async fn racing_callbacks_take_a_pending_authorization_once(f: Fixture) {
    f.store
        .put_pending(pending("s-race", Duration::minutes(10)))
        .await
        .unwrap();
    let mut takes = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let store = f.store.clone();
        takes.spawn(async move { store.take_pending("s-race", Utc::now()).await.unwrap() });
    }
    let mut taken = 0;
    while let Some(result) = takes.join_next().await {
        taken += usize::from(result.unwrap().is_some());
    }
    assert_eq!(taken, 1, "exactly one callback gets it");
}

async fn tokens_are_replaced_only_over_the_refresh_token_expected(f: Fixture) {
    let store = &f.store;
    store
        .put_consent(authorised("bea", "c-1", "r1"))
        .await
        .unwrap();
    let second = StoredTokens::new("a2", None, Some("r2".into()));
    assert!(
        store
            .replace_tokens("bea", "c-1", Some("r1"), second)
            .await
            .unwrap()
    );
    // A racing refresh that used r1 too loses: r2 stays.
    let stale = StoredTokens::new("a3", None, Some("r3".into()));
    assert!(
        !store
            .replace_tokens("bea", "c-1", Some("r1"), stale)
            .await
            .unwrap()
    );
    let record = store.consent("bea", "c-1").await.unwrap().expect("kept");
    let tokens = record.tokens.as_ref().expect("tokens");
    assert_eq!(tokens.access_token.expose(), "a2");
    assert_eq!(refresh_of(&record), Some("r2"));
    assert_eq!(record.consent.status, ConsentStatus::Authorised);
    assert!(
        !store
            .replace_tokens("bea", "unknown", None, StoredTokens::new("x", None, None))
            .await
            .unwrap()
    );
}

async fn of_racing_replacements_with_one_refresh_token_exactly_one_wins(f: Fixture) {
    f.store
        .put_consent(authorised("bea", "c-1", "r0"))
        .await
        .unwrap();
    let mut replaces = tokio::task::JoinSet::new();
    for n in 0..16 {
        let store = f.store.clone();
        replaces.spawn(async move {
            let tokens = StoredTokens::new(format!("a-{n}"), None, Some(format!("r-{n}")));
            let won = store
                .replace_tokens("bea", "c-1", Some("r0"), tokens)
                .await
                .unwrap();
            won.then_some(n)
        });
    }
    let mut winners = Vec::new();
    while let Some(result) = replaces.join_next().await {
        winners.extend(result.unwrap());
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    let record = f.store.consent("bea", "c-1").await.unwrap().expect("kept");
    let winner = format!("r-{}", winners[0]);
    assert_eq!(refresh_of(&record), Some(winner.as_str()));
}

async fn records_are_listed_in_order_and_removed(f: Fixture) {
    let store = &f.store;
    for (bank, id) in [("hsbc", "c-2"), ("bea", "c-9"), ("bea", "c-1")] {
        let consent = Consent::new(BankId::new(bank), id, ConsentStatus::AwaitingAuthorisation);
        store
            .put_consent(ConsentRecord::new(consent, None))
            .await
            .unwrap();
    }
    // A replaced record is listed once, as it is now.
    store
        .put_consent(authorised("bea", "c-1", "r1"))
        .await
        .unwrap();
    let all = store.consents().await.unwrap();
    let ids: Vec<String> = all
        .iter()
        .map(|r| format!("{}/{}", r.consent.bank, r.consent.id))
        .collect();
    assert_eq!(ids, ["bea/c-1", "bea/c-9", "hsbc/c-2"]);
    assert_eq!(all[0].consent.status, ConsentStatus::Authorised);
    assert_eq!(refresh_of(&all[0]), Some("r1"));
    assert!(store.remove_consent("bea", "c-9").await.unwrap());
    assert!(!store.remove_consent("bea", "c-9").await.unwrap());
    assert!(store.consent("bea", "c-9").await.unwrap().is_none());
    assert_eq!(store.consents().await.unwrap().len(), 2);
}

async fn a_record_that_does_not_decode_is_a_corrupt_error(f: Fixture) {
    let Some(backend) = &f.backend else {
        return; // only a backend can hold bytes that are not a record
    };
    f.store
        .put_consent(authorised("bea", "c-1", "r1"))
        .await
        .unwrap();
    let id = serde_json::to_string(&("bea", "c-1")).unwrap();
    backend
        .put(
            StateKey::new("accounts-consents", &id),
            b"{not a record".to_vec(),
            None,
        )
        .await
        .unwrap();
    let read = f.store.consent("bea", "c-1").await.unwrap_err();
    assert_eq!(read.kind(), StoreErrorKind::Corrupt, "{read}");
    let listed = f.store.consents().await.unwrap_err();
    assert_eq!(listed.kind(), StoreErrorKind::Corrupt, "{listed}");
    let replaced = f
        .store
        .replace_tokens("bea", "c-1", Some("r1"), StoredTokens::new("a", None, None))
        .await
        .unwrap_err();
    assert_eq!(replaced.kind(), StoreErrorKind::Corrupt, "{replaced}");
    backend
        .put(
            StateKey::new("accounts-pending", "s-bad"),
            vec![0xff, 0x00],
            None,
        )
        .await
        .unwrap();
    let taken = f.store.take_pending("s-bad", Utc::now()).await.unwrap_err();
    assert_eq!(taken.kind(), StoreErrorKind::Corrupt, "{taken}");
}

async fn debug_shows_no_secret(f: Fixture) {
    f.store
        .put_consent(authorised("bea", "c-1", "refresh-secret"))
        .await
        .unwrap();
    let shown = format!("{:?}", f.store);
    assert!(!shown.contains("refresh-secret"), "{shown}");
}

/// One `#[tokio::test]` per behaviour for the store `$fixture` makes.
macro_rules! store_suite {
    ($fixture:path $(, #[$attr:meta])*) => {
        store_suite!(@tests $fixture, [$(#[$attr])*],
            a_pending_authorization_is_taken_once_and_not_after_it_expires,
            racing_callbacks_take_a_pending_authorization_once,
            tokens_are_replaced_only_over_the_refresh_token_expected,
            of_racing_replacements_with_one_refresh_token_exactly_one_wins,
            records_are_listed_in_order_and_removed,
            a_record_that_does_not_decode_is_a_corrupt_error,
            debug_shows_no_secret
        );
    };
    (@tests $fixture:path, $attrs:tt, $($name:ident),+) => {
        $( store_suite!(@one $fixture, $attrs, $name); )+
    };
    (@one $fixture:path, [$(#[$attr:meta])*], $name:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        $(#[$attr])*
        async fn $name() {
            super::$name($fixture().await).await;
        }
    };
}

mod memory_store {
    store_suite!(super::memory_store);
}

mod backend_over_memory {
    store_suite!(super::memory_backend);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_that_does_not_seal_is_refused_before_anything_is_written() {
    let fixture = sqlite().await;
    let refused = fixture
        .store
        .put_pending(pending("state-1", Duration::minutes(5)))
        .await
        .expect_err("an unsealed store");
    assert_eq!(
        refused.kind(),
        hkob_core::store::StoreErrorKind::Invalid,
        "{refused}"
    );
    let backend = fixture.backend.as_ref().expect("the backend");
    assert!(backend.list("accounts-pending").await.unwrap().is_empty());
}

mod backend_over_sealed_sqlite {
    store_suite!(super::sealed_sqlite);
}

mod backend_over_sealed_redis {
    store_suite!(
        super::sealed_redis,
        #[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
    );
}

#[test]
fn stored_secrets_never_reach_debug_but_survive_serde() {
    let tokens = StoredTokens::new("access-secret", None, Some("refresh-secret".into()));
    let shown = format!("{tokens:?}");
    assert!(!shown.contains("secret"), "{shown}");
    let pending = pending("state-secret", Duration::minutes(1));
    let shown = format!("{pending:?}");
    assert!(!shown.contains("state-secret"), "{shown}");
    let json = serde_json::to_string(&tokens).unwrap();
    let back: StoredTokens = serde_json::from_str(&json).unwrap();
    assert_eq!(back, tokens);
}
