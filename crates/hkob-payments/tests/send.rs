//! Every public async API of hkob-payments returns a `Send` future, so that a web handler can
//! await it and a task can be spawned with it. The `*_are_send` functions are checked by the
//! compiler and never run; [`every_public_async_fn_is_checked`] reads the crate's sources and
//! fails when a public `async fn` is not called in this file.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use hkob_banks::BankProfile;
use hkob_core::{Amount, Decimal, IdempotencyKey};
use hkob_payments::direct_debit::{
    Collection, DirectDebitAccess, DirectDebitSession, MandateLimits, MandateRequest,
};
use hkob_payments::{
    AccessOptions, BackendStore, CustomerToken, MemoryStore, PaymentAccess, PaymentError,
    PaymentOrder, PaymentStore,
};

fn assert_send<T: Send>(_: T) {}

fn assert_send_sync<T: Send + Sync>() {}

#[allow(dead_code)]
fn payment_futures_are_send(profile: BankProfile, access: &PaymentAccess, order: &PaymentOrder) {
    assert_send(PaymentAccess::connect(
        profile,
        AccessOptions::new("https://tsp.example/cb"),
        Arc::new(MemoryStore::new()),
    ));
    assert_send(access.begin(order));
    assert_send(access.begin_with_key(order, IdempotencyKey::random()));
    assert_send(access.complete("?state=s"));
    assert_send(access.submit("c"));
    assert_send(access.status("c"));
    assert_send(access.wait("c", Duration::from_secs(1)));
    assert_send(access.refresh_consent("c"));
}

#[allow(dead_code)]
fn direct_debit_futures_are_send(
    profile: BankProfile,
    access: &DirectDebitAccess,
    session: &DirectDebitSession,
    request: &MandateRequest,
    collection: &Collection,
    token: CustomerToken,
) {
    assert_send(DirectDebitAccess::connect(
        profile,
        AccessOptions::new("https://tsp.example/cb"),
        Arc::new(MemoryStore::new()),
    ));
    assert_send(access.begin(&[], None));
    assert_send(access.complete("?state=s"));
    assert_send(access.session("c", token));
    assert_send(session.setup(request));
    assert_send(session.setup_with_key(request, IdempotencyKey::random()));
    assert_send(session.confirm("m", "p", "123456"));
    assert_send(session.regenerate_otp("m"));
    assert_send(session.mandate("m"));
    let limits = MandateLimits::monthly(Amount::hkd(Decimal::ONE));
    assert_send(session.amend("m", &limits));
    assert_send(session.cancel("m"));
    assert_send(session.collect(collection));
    assert_send(session.collect_with_key(collection, IdempotencyKey::random()));
    assert_send(session.collection("i"));
}

#[allow(dead_code)]
fn store_futures_are_send(store: &MemoryStore) {
    assert_send(store.intents());
    assert_send(store.intent("bea", "c"));
    assert_send(store.take_pending("s", chrono::Utc::now()));
}

#[allow(dead_code)]
fn backend_store_futures_are_send(store: &BackendStore) {
    assert_send(store.intents());
    assert_send(store.intent("bea", "c"));
    assert_send(store.take_pending("s", chrono::Utc::now()));
}

#[test]
fn what_users_keep_is_send_and_sync() {
    assert_send_sync::<PaymentAccess>();
    assert_send_sync::<DirectDebitAccess>();
    assert_send_sync::<DirectDebitSession>();
    assert_send_sync::<MemoryStore>();
    assert_send_sync::<BackendStore>();
    assert_send_sync::<Arc<dyn PaymentStore>>();
    assert_send_sync::<PaymentError>();
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_public_async_fn_is_checked() {
    let this = include_str!("send.rs");
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut missing = Vec::new();
    let mut found = 0;
    for file in &files {
        // Generated operations' `send` are checked in hkob-core (`Client::send`).
        if file.components().any(|c| c.as_os_str() == "generated") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        for line in text.lines() {
            let Some(rest) = line.trim_start().strip_prefix("pub async fn ") else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found += 1;
            let called = [".", "::"]
                .iter()
                .any(|before| this.contains(&format!("{before}{name}(")));
            if !called {
                missing.push(format!("{}: {name}", file.display()));
            }
        }
    }
    assert!(found >= 20, "the scan found only {found} async functions");
    assert!(missing.is_empty(), "not checked for Send: {missing:#?}");
}
