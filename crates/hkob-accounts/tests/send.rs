//! Every public async API of hkob-accounts returns a `Send` future (and every stream is `Send`),
//! so that a web handler can await it and a task can be spawned with it. These functions are
//! checked by the compiler and never run.

use std::sync::Arc;

use hkob_accounts::{
    AccessOptions, AccountAccess, AccountAggregator, AccountSession, BackendStore, ConsentRequest,
    ConsentStore, EventPoll, MemoryStore, PersonCheck, StoredTokens, TransactionQuery,
};
use hkob_banks::BankProfile;
use hkob_core::auth::oidc::RegistrationRequest;
use hkob_core::signing::SigningKey;

fn assert_send<T: Send>(_: T) {}

fn assert_send_sync<T: Send + Sync>() {}

#[allow(dead_code)]
fn access_futures_are_send(
    profile: BankProfile,
    options: AccessOptions,
    key: SigningKey,
    access: &AccountAccess,
    request: &ConsentRequest,
    check: &PersonCheck,
) {
    let store: Arc<dyn ConsentStore> = Arc::new(MemoryStore::new());
    assert_send(AccountAccess::connect(
        profile.clone(),
        options.clone(),
        store,
    ));
    assert_send(AccountAccess::register(
        &profile,
        &options,
        key,
        "software",
        &RegistrationRequest::new(["https://tsp.example/cb"]),
    ));
    assert_send(access.begin(request));
    assert_send(access.complete("https://tsp.example/cb?code=c&state=s"));
    assert_send(access.refresh_consent("c"));
    assert_send(access.revoke("c"));
    assert_send(access.session("c"));
    assert_send(access.check_availability(check));
}

#[allow(dead_code)]
fn session_futures_and_streams_are_send(session: &AccountSession, poll: &EventPoll) {
    assert_send(session.accounts());
    assert_send(session.balances("a"));
    assert_send(session.transactions("a", TransactionQuery::all()));
    assert_send(session.cards());
    assert_send(session.card_transactions("k", TransactionQuery::all()));
    assert_send(session.poll_events(poll));
}

#[allow(dead_code)]
fn aggregator_and_store_futures_are_send(aggregator: &AccountAggregator, store: &MemoryStore) {
    assert_send(aggregator.overview());
    assert_send(store.consents());
    assert_send(store.consent("bea", "c"));
    assert_send(store.take_pending("s", chrono::Utc::now()));
}

#[allow(dead_code)]
fn backend_store_futures_are_send(store: &BackendStore) {
    assert_send(store.consents());
    assert_send(store.consent("bea", "c"));
    assert_send(store.take_pending("s", chrono::Utc::now()));
    assert_send(store.replace_tokens("bea", "c", None, StoredTokens::new("a", None, None)));
    assert_send(store.remove_consent("bea", "c"));
}

#[test]
fn what_users_keep_is_send_and_sync() {
    assert_send_sync::<AccountAccess>();
    assert_send_sync::<AccountSession>();
    assert_send_sync::<AccountAggregator>();
    assert_send_sync::<MemoryStore>();
    assert_send_sync::<BackendStore>();
    assert_send_sync::<Arc<dyn ConsentStore>>();
    assert_send_sync::<hkob_accounts::AccessError>();
}
