//! Many instances of a TSP sharing only their state (a sealed SQLite file, or sealed Redis):
//! one refresh of a customer's tokens for all of them, a callback that lands on another
//! instance than the one that sent the customer, and consents that outlive a restart.

mod support;

use std::sync::Arc;

use futures_util::TryStreamExt;
use hkob_accounts::{
    AccessError, AccountAccess, BackendStore, Consent, ConsentStatus, ConsentStore,
};
use hkob_core::store::StateBackend;
use hkob_mock_bank::MockBank;
use support::state::{RedisServer, TempDir};
use support::*;

/// How many instances a fleet has.
const INSTANCES: usize = 8;

/// One instance: its own connection to the shared state, its own store and access.
async fn instance(mock: &MockBank, state: Arc<dyn StateBackend>) -> AccountAccess {
    let store: Arc<dyn ConsentStore> = Arc::new(BackendStore::new(state.clone()));
    access_sharing(mock, "bea", store, Some(state)).await
}

/// `INSTANCES` instances, each opening the shared state with `open`.
async fn fleet<F, Fut>(mock: &MockBank, open: F) -> Vec<AccountAccess>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn StateBackend>>,
{
    let mut instances = Vec::new();
    for _ in 0..INSTANCES {
        instances.push(instance(mock, open().await).await);
    }
    instances
}

/// A consent the customer approved, started on one instance and completed on another.
async fn approved(start: &AccountAccess, finish: &AccountAccess) -> Consent {
    let redirect = start.begin(&everything()).await.expect("consent created");
    let callback = visit(&redirect.url).await;
    finish.complete(&callback).await.expect("approved")
}

/// Every instance reads the consent's accounts at once, after the bank expired the access
/// token: one refresh for the fleet, every read succeeds, the consent stays live.
async fn eight_instances_refresh_one_consent_once(mock: &MockBank, instances: &[AccountAccess]) {
    let consent = approved(&instances[0], &instances[1]).await;
    let mut sessions = Vec::new();
    for access in instances {
        sessions.push(access.session(&consent.id).await.expect("a session"));
    }
    let auth = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth server");
    assert!(auth.expire_tokens(None) > 0, "the bank expires the tokens");
    let before = refresh_grants(mock);

    let mut reads = tokio::task::JoinSet::new();
    for session in sessions.clone() {
        reads.spawn(async move { session.accounts().try_collect::<Vec<_>>().await });
    }
    while let Some(read) = reads.join_next().await {
        let accounts = read.expect("the task ran").expect("every read succeeds");
        assert!(!accounts.is_empty());
    }
    assert_eq!(
        refresh_grants(mock) - before,
        1,
        "exactly one refresh-token grant for {INSTANCES} instances"
    );

    // The consent is live: the bank says so, and a further read works on every instance,
    // with the sessions already open and with new ones.
    let live = instances[5]
        .refresh_consent(&consent.id)
        .await
        .expect("read");
    assert_eq!(live.status, ConsentStatus::Authorised);
    for (access, session) in instances.iter().zip(&sessions) {
        let accounts: Vec<_> = session.accounts().try_collect().await.expect("again");
        assert!(!accounts.is_empty());
        let fresh = access.session(&consent.id).await.expect("a new session");
        fresh
            .balances(&accounts[0].id)
            .await
            .expect("balances with the stored tokens");
    }
    assert_eq!(refresh_grants(mock) - before, 1, "no refresh since");
}

/// A callback handled by an instance that did not start the authorization succeeds; its
/// replay fails on every instance.
async fn a_callback_lands_on_any_instance_once(instances: &[AccountAccess]) {
    let redirect = instances[2]
        .begin(&everything())
        .await
        .expect("consent created");
    let callback = visit(&redirect.url).await;
    let consent = instances[6].complete(&callback).await.expect("approved");
    assert_eq!(consent.status, ConsentStatus::Authorised);
    for access in instances {
        let replay = access.complete(&callback).await;
        assert!(
            matches!(replay, Err(AccessError::UnknownAuthorization)),
            "{replay:?}"
        );
    }
    // Every instance can read with it.
    let session = instances[3].session(&consent.id).await.expect("a session");
    let accounts: Vec<_> = session.accounts().try_collect().await.expect("accounts");
    assert!(!accounts.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_instances_on_a_sealed_sqlite_file_refresh_one_consent_once() {
    let mock = mock(&["bea"]).await;
    auto_approve(&mock, "bea", CUSTOMER);
    let dir = TempDir::new();
    let instances = fleet(&mock, || dir.open()).await;
    eight_instances_refresh_one_consent_once(&mock, &instances).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn eight_instances_on_sealed_redis_refresh_one_consent_once() {
    let mock = mock(&["bea"]).await;
    auto_approve(&mock, "bea", CUSTOMER);
    let redis = RedisServer::start().await;
    let instances = fleet(&mock, || redis.open()).await;
    eight_instances_refresh_one_consent_once(&mock, &instances).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_on_another_instance_of_a_sqlite_fleet_succeeds_and_its_replay_fails() {
    let mock = mock(&["bea"]).await;
    auto_approve(&mock, "bea", CUSTOMER);
    let dir = TempDir::new();
    let instances = fleet(&mock, || dir.open()).await;
    a_callback_lands_on_any_instance_once(&instances).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn a_callback_on_another_instance_of_a_redis_fleet_succeeds_and_its_replay_fails() {
    let mock = mock(&["bea"]).await;
    auto_approve(&mock, "bea", CUSTOMER);
    let redis = RedisServer::start().await;
    let instances = fleet(&mock, || redis.open()).await;
    a_callback_lands_on_any_instance_once(&instances).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consents_tokens_and_a_pending_authorization_survive_a_restart() {
    let mock = mock(&["bea"]).await;
    auto_approve(&mock, "bea", CUSTOMER);
    let dir = TempDir::new();
    let (consent, callback, waiting) = {
        let access = instance(&mock, dir.open().await).await;
        let consent = approved(&access, &access).await;
        // A second customer is at the bank when the process stops.
        let redirect = access.begin(&everything()).await.expect("consent created");
        let callback = visit(&redirect.url).await;
        (consent, callback, redirect.consent.id)
        // Everything is dropped here: the access, its store and its connection to the file.
    };

    let state = dir.open().await;
    let store = BackendStore::new(state.clone());
    let record = store
        .consent("bea", &consent.id)
        .await
        .expect("the file reads")
        .expect("the consent is there");
    assert_eq!(record.consent.status, ConsentStatus::Authorised);
    let tokens = record.tokens.expect("its tokens are there");
    assert!(tokens.refresh_token.is_some());
    assert_eq!(store.consents().await.expect("listed").len(), 2);

    let access = instance(&mock, state).await;
    let session = access.session(&consent.id).await.expect("a session");
    let accounts: Vec<_> = session
        .accounts()
        .try_collect()
        .await
        .expect("a read works");
    assert!(!accounts.is_empty());
    // The customer who was at the bank comes back after the restart.
    let second = access
        .complete(&callback)
        .await
        .expect("approved after a restart");
    assert_eq!(second.id, waiting);
}
