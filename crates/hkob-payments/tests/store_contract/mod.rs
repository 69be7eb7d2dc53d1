//! What every [`PaymentStore`] does, whatever keeps its records: one suite, run against the
//! in-memory store and the backend store over memory, a sealed SQLite file and sealed Redis.
//!
//! A fixture is an `async fn() -> Fixture`: the store, and whatever must live as long as it
//! (a temporary directory, a `redis-server`).

#![allow(dead_code)]

use std::any::Any;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hkob_core::{Amount, Decimal};
use hkob_payments::fps::{FpsProxy, MobileNumber};
use hkob_payments::{Payee, PaymentIntent, PaymentOrder, PaymentStore, PendingApproval};
use serde_json::json;

/// A store under test, and what it needs kept alive.
pub struct Fixture {
    pub store: Arc<dyn PaymentStore>,
    _guard: Option<Box<dyn Any + Send>>,
}

impl Fixture {
    pub fn new(store: Arc<dyn PaymentStore>) -> Self {
        Self {
            store,
            _guard: None,
        }
    }

    /// The same fixture, keeping `guard` alive as long as it.
    pub fn guarded(mut self, guard: impl Any + Send) -> Self {
        self._guard = Some(Box::new(guard));
        self
    }
}

/// The access token every intent of this suite holds: it must never show in `Debug`.
pub const TOKEN: &str = "customer-access-token-5f1e";

/// An approval in progress with `state`, expiring at `expires_at`.
pub fn pending(state: &str, consent_id: &str, expires_at: DateTime<Utc>) -> PendingApproval {
    serde_json::from_value(json!({
        "bank": "bea",
        "consent_id": consent_id,
        "state": state,
        "nonce": format!("nonce-{state}"),
        "pkce_verifier": format!("verifier-{state}"),
        "expires_at": expires_at,
    }))
    .expect("an approval in progress")
}

/// An authorised intent of `consent_id` at `bank`, with its idempotency key and a token.
pub fn intent(bank: &str, consent_id: &str) -> PaymentIntent {
    let mobile = MobileNumber::parse("+852-61234567").expect("a mobile number");
    let order = PaymentOrder::new(
        Amount::hkd(Decimal::new(12345, 2)),
        Payee::Fps(FpsProxy::from(mobile)),
    )
    .reference("INV-7");
    let now = Utc::now();
    serde_json::from_value(json!({
        "bank": bank,
        "consent_id": consent_id,
        "order": order,
        "idempotency_key": format!("key-{bank}-{consent_id}"),
        "consent": {
            "bank": bank,
            "id": consent_id,
            "status": "AUTH",
            "order": order,
            "created_at": now,
            "status_updated_at": now,
            "expires_at": null,
            "payee_name": "C**N T** M*N",
        },
        "token": { "access_token": TOKEN, "expires_at": null },
        "payment": null,
    }))
    .expect("a payment intent")
}

fn in_an_hour() -> DateTime<Utc> {
    Utc::now() + chrono::Duration::hours(1)
}

pub async fn an_approval_is_taken_once(store: Arc<dyn PaymentStore>) {
    store
        .put_pending(pending("state-1", "c-1", in_an_hour()))
        .await
        .unwrap();
    store
        .put_pending(pending("state-2", "c-2", in_an_hour()))
        .await
        .unwrap();
    let taken = store.take_pending("state-1", Utc::now()).await.unwrap();
    let taken = taken.expect("the approval");
    assert_eq!(taken.consent_id, "c-1");
    assert_eq!(taken.pkce_verifier.expose(), "verifier-state-1");
    assert!(
        store
            .take_pending("state-1", Utc::now())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .take_pending("unknown", Utc::now())
            .await
            .unwrap()
            .is_none()
    );
    // The other approval is untouched.
    let other = store.take_pending("state-2", Utc::now()).await.unwrap();
    assert_eq!(other.map(|p| p.consent_id).as_deref(), Some("c-2"));
}

pub async fn racing_callbacks_take_an_approval_once(store: Arc<dyn PaymentStore>) {
    store
        .put_pending(pending("state-race", "c-race", in_an_hour()))
        .await
        .unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(16));
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let store = Arc::clone(&store);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                store.take_pending("state-race", Utc::now()).await.unwrap()
            })
        })
        .collect();
    let mut taken = 0;
    for task in tasks {
        if task.await.unwrap().is_some() {
            taken += 1;
        }
    }
    assert_eq!(taken, 1, "16 racing callbacks, one approval");
}

pub async fn an_expired_approval_is_never_returned(store: Arc<dyn PaymentStore>) {
    // Expired when it is written.
    let past = Utc::now() - chrono::Duration::seconds(1);
    store
        .put_pending(pending("state-old", "c-1", past))
        .await
        .unwrap();
    assert!(
        store
            .take_pending("state-old", Utc::now())
            .await
            .unwrap()
            .is_none()
    );
    // Expired by the time the callback comes (as the caller's clock says).
    let soon = in_an_hour();
    store
        .put_pending(pending("state-late", "c-2", soon))
        .await
        .unwrap();
    let late = soon + chrono::Duration::seconds(1);
    assert!(
        store
            .take_pending("state-late", late)
            .await
            .unwrap()
            .is_none()
    );
    // Expired while it waited in the store.
    let shortly = Utc::now() + chrono::Duration::milliseconds(300);
    store
        .put_pending(pending("state-short", "c-3", shortly))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        store
            .take_pending("state-short", Utc::now())
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn an_intent_is_kept_and_replaced(store: Arc<dyn PaymentStore>) {
    assert!(store.intent("bea", "c-1").await.unwrap().is_none());
    let mut first = intent("bea", "c-1");
    store.put_intent(first.clone()).await.unwrap();
    assert_eq!(
        store.intent("bea", "c-1").await.unwrap(),
        Some(first.clone())
    );
    // The same consent id at another bank is another intent.
    assert!(store.intent("hsbc", "c-1").await.unwrap().is_none());

    first.submitted_at = Some(Utc::now());
    store.put_intent(first.clone()).await.unwrap();
    let read = store
        .intent("bea", "c-1")
        .await
        .unwrap()
        .expect("the intent");
    assert_eq!(read, first);
    assert!(read.in_doubt(), "sent, no payment recorded");
    assert_eq!(read.idempotency_key, "key-bea-c-1");
    assert_eq!(
        read.token
            .map(|t| t.access_token.expose().clone())
            .as_deref(),
        Some(TOKEN)
    );
    assert_eq!(store.intents().await.unwrap().len(), 1);
}

pub async fn intents_are_listed_by_bank_then_consent_id(store: Arc<dyn PaymentStore>) {
    for (bank, consent) in [
        ("hsbc", "c-2"),
        ("bea", "c-9"),
        ("hsbc", "c-1"),
        ("bea", "c-10"),
    ] {
        store.put_intent(intent(bank, consent)).await.unwrap();
    }
    let listed: Vec<(String, String)> = store
        .intents()
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.bank.as_str().to_owned(), i.consent_id))
        .collect();
    let expected: Vec<(String, String)> = [
        ("bea", "c-10"),
        ("bea", "c-9"),
        ("hsbc", "c-1"),
        ("hsbc", "c-2"),
    ]
    .iter()
    .map(|(b, c)| ((*b).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(listed, expected);
}

pub async fn debug_shows_no_secret(store: Arc<dyn PaymentStore>) {
    store.put_intent(intent("bea", "c-1")).await.unwrap();
    store
        .put_pending(pending("state-secret-9", "c-1", in_an_hour()))
        .await
        .unwrap();
    let printed = format!("{store:?}");
    for secret in [
        TOKEN,
        "state-secret-9",
        "verifier-state-secret-9",
        "61234567",
    ] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
}

/// Makes a `#[tokio::test]` of every behaviour above for the store `$fixture` makes.
#[macro_export]
macro_rules! payment_store_suite {
    ($fixture:path $(, #[$attr:meta])*) => {
        $crate::payment_store_suite!(@tests $fixture, [$(#[$attr])*],
            an_approval_is_taken_once,
            racing_callbacks_take_an_approval_once,
            an_expired_approval_is_never_returned,
            an_intent_is_kept_and_replaced,
            intents_are_listed_by_bank_then_consent_id,
            debug_shows_no_secret,
        );
    };
    (@tests $fixture:path, $attrs:tt, $($name:ident,)*) => {
        $( $crate::payment_store_suite!(@one $fixture, $attrs, $name); )*
    };
    (@one $fixture:path, [$(#[$attr:meta])*], $name:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        $(#[$attr])*
        async fn $name() {
            let fixture = $fixture().await;
            $crate::store_contract::$name(::std::sync::Arc::clone(&fixture.store)).await;
        }
    };
}
