//! The payment store's behaviours against every store that needs no server: the in-memory one,
//! the backend store over memory, and over a sealed SQLite file; and what only a file does.

mod store_contract;
mod support;

use std::sync::Arc;

use hkob_payments::{BackendStore, MemoryStore, PaymentStore};
use hkob_store::MemoryBackend;
use store_contract::Fixture;
use support::stores::{TempDir, sealed_sqlite};

async fn memory() -> Fixture {
    Fixture::new(Arc::new(MemoryStore::new()))
}

async fn backend_memory() -> Fixture {
    Fixture::new(Arc::new(BackendStore::new(Arc::new(MemoryBackend::new()))))
}

async fn sqlite() -> Fixture {
    let dir = TempDir::new();
    let store = sealed_sqlite(&dir.file()).await;
    Fixture::new(store).guarded(dir)
}

mod memory_store {
    crate::payment_store_suite!(super::memory);
}

mod backend_over_memory {
    crate::payment_store_suite!(super::backend_memory);
}

mod backend_over_sealed_sqlite {
    crate::payment_store_suite!(super::sqlite);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sealed_file_keeps_intents_across_reopening_and_nothing_in_clear() {
    let dir = TempDir::new();
    let written = store_contract::intent("bea", "consent-4711");
    {
        let store = sealed_sqlite(&dir.file()).await;
        store.put_intent(written.clone()).await.unwrap();
        store
            .put_pending(store_contract::pending(
                "state-in-file",
                "consent-4711",
                chrono::Utc::now() + chrono::Duration::hours(1),
            ))
            .await
            .unwrap();
    }
    let store = sealed_sqlite(&dir.file()).await;
    assert_eq!(
        store.intent("bea", "consent-4711").await.unwrap(),
        Some(written)
    );
    let pending = store
        .take_pending("state-in-file", chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        pending.map(|p| p.consent_id).as_deref(),
        Some("consent-4711")
    );

    // Neither the token, the key, the ids nor the payee are in the file (or its journal).
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let text = String::from_utf8_lossy(&bytes);
    for clear in [
        store_contract::TOKEN,
        "key-bea-consent-4711",
        "consent-4711",
        "state-in-file",
        "61234567",
    ] {
        assert!(!text.contains(clear), "{clear} written in clear");
    }
    assert!(
        text.contains("payments-intents"),
        "the collection names are in clear"
    );
}

#[tokio::test]
async fn debug_of_the_backend_store_names_its_collections_only() {
    let store = BackendStore::new(Arc::new(MemoryBackend::new()));
    assert_eq!(
        format!("{store:?}"),
        r#"BackendStore { pending: "payments-pending", intents: "payments-intents", .. }"#
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_that_does_not_seal_is_refused_before_anything_is_written() {
    let dir = TempDir::new();
    let clear = Arc::new(
        hkob_store::SqliteBackend::open(dir.file())
            .await
            .expect("the file opens"),
    );
    let store = BackendStore::new(clear.clone());
    let refused = store
        .put_intent(store_contract::intent("bea", "consent-1"))
        .await
        .expect_err("an unsealed store");
    assert_eq!(
        refused.kind(),
        hkob_store::StoreErrorKind::Invalid,
        "{refused}"
    );
    let refused = store
        .put_pending(store_contract::pending(
            "state-1",
            "consent-1",
            chrono::Utc::now() + chrono::Duration::hours(1),
        ))
        .await
        .expect_err("an unsealed store");
    assert_eq!(refused.kind(), hkob_store::StoreErrorKind::Invalid);
    use hkob_store::StateBackend as _;
    assert!(clear.list("payments-intents").await.unwrap().is_empty());
    assert!(clear.list("payments-pending").await.unwrap().is_empty());
}
