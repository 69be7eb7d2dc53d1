//! The one conformance suite every backend passes: each behaviour of
//! `hkob_core::store::StateBackend` as an async function over an `Arc<dyn StateBackend>`, and
//! the macros that make a `#[tokio::test]` of each for one backend.
//!
//! A test binary writes a fixture function (`async fn() -> Fixture`) per backend and calls
//! `conformance_suite!(fixture)` (and `sealed_suite!(inner_fixture)` for the sealed wrapper's
//! own properties), with extra attributes such as `#[ignore = "..."]` if the backend needs a
//! server.

#![allow(dead_code)] // each test binary uses the parts its backends need

use std::any::Any;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use hkob_store::{
    LookupKey, SealedBackend, SealingKey, SealingKeys, StateBackend, StateKey, StoreErrorKind,
};

/// A backend under test, and whatever must live as long as it (a temporary directory, a
/// Redis server).
pub struct Fixture {
    pub backend: Arc<dyn StateBackend>,
    pub guards: Vec<Box<dyn Any + Send + Sync>>,
}

impl Fixture {
    pub fn new(backend: impl StateBackend + 'static) -> Self {
        Self {
            backend: Arc::new(backend),
            guards: Vec::new(),
        }
    }

    pub fn guarded(mut self, guard: impl Any + Send + Sync) -> Self {
        self.guards.push(Box::new(guard));
        self
    }

    /// The same storage behind a sealed wrapper with [`test_keys`].
    pub fn sealed(self) -> Self {
        Self {
            backend: Arc::new(SealedBackend::new(self.backend, test_keys(1))),
            guards: self.guards,
        }
    }
}

/// Sealing keys for tests: the lookup key is the same for every `id`, the sealing key differs.
pub fn test_keys(id: u8) -> SealingKeys {
    SealingKeys::new(
        LookupKey::new(&[0x5a; 32]).expect("a 32-byte lookup key"),
        SealingKey::new(id, &[id; 32]).expect("a 32-byte sealing key"),
    )
}

/// Makes a `#[tokio::test]` of every conformance behaviour for the backend `$fixture` makes.
#[macro_export]
macro_rules! conformance_suite {
    ($fixture:path $(, #[$attr:meta])*) => {
        $crate::conformance_suite!(@tests $fixture, [$(#[$attr])*],
            get_put_delete,
            collections_ids_and_counters_are_apart,
            invalid_keys_are_refused,
            odd_ids_and_binary_values_round_trip,
            expired_values_are_never_returned,
            a_put_without_ttl_clears_the_ttl,
            put_if_absent_writes_once,
            a_lease_frees_itself,
            take_consumes_once,
            compare_and_swap_semantics,
            list_one_collection,
            count_in_a_fixed_window,
            racing_takes_take_once,
            racing_put_if_absent_wins_once,
            racing_compare_and_swap_increments_exactly,
            racing_counts_sum_exactly
        );
    };
    (@tests $fixture:path, $attrs:tt, $($name:ident),*) => {
        $( $crate::conformance_suite!(@one $fixture, $attrs, $name); )*
    };
    (@one $fixture:path, [$($attr:tt)*], $name:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        $($attr)*
        async fn $name() {
            let fixture = $fixture().await;
            $crate::conformance::$name(&fixture.backend).await;
        }
    };
}

/// Makes a `#[tokio::test]` of every property of the sealed wrapper, over the raw backend
/// `$fixture` makes.
#[macro_export]
macro_rules! sealed_suite {
    ($fixture:path $(, #[$attr:meta])*) => {
        $crate::sealed_suite!(@tests $fixture, [$(#[$attr])*],
            sealed_writes_neither_values_nor_ids_in_clear,
            sealed_value_moved_to_another_key_does_not_open,
            sealed_value_tampered_does_not_open,
            sealed_with_another_key_does_not_open,
            sealed_keys_rotate
        );
    };
    (@tests $fixture:path, $attrs:tt, $($name:ident),*) => {
        $( $crate::sealed_suite!(@one $fixture, $attrs, $name); )*
    };
    (@one $fixture:path, [$($attr:tt)*], $name:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        $($attr)*
        async fn $name() {
            let fixture = $fixture().await;
            $crate::conformance::$name(&fixture.backend).await;
        }
    };
}

/// Short enough to wait for, long enough that a loaded machine does the writes and reads
/// before it ends.
const SHORT_TTL: Duration = Duration::from_millis(400);
const PAST_SHORT_TTL: Duration = Duration::from_millis(600);
const RACERS: usize = 64;

fn key(id: &str) -> StateKey<'_> {
    StateKey::new("conformance", id)
}

fn sorted(mut entries: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    entries.sort();
    entries
}

// ---------------------------------------------------------------------------------------------
// Single-caller behaviour

pub async fn get_put_delete(backend: &Arc<dyn StateBackend>) {
    let k = key("a");
    assert_eq!(backend.get(k).await.unwrap(), None);
    backend.put(k, b"one".to_vec(), None).await.unwrap();
    assert_eq!(backend.get(k).await.unwrap().as_deref(), Some(&b"one"[..]));
    backend.put(k, b"two".to_vec(), None).await.unwrap();
    assert_eq!(backend.get(k).await.unwrap().as_deref(), Some(&b"two"[..]));
    assert!(backend.delete(k).await.unwrap());
    assert!(!backend.delete(k).await.unwrap());
    assert_eq!(backend.get(k).await.unwrap(), None);
}

pub async fn collections_ids_and_counters_are_apart(backend: &Arc<dyn StateBackend>) {
    let a = StateKey::new("tokens", "same-id");
    let b = StateKey::new("consents", "same-id");
    backend.put(a, b"token".to_vec(), None).await.unwrap();
    assert_eq!(backend.get(b).await.unwrap(), None);
    backend.put(b, b"consent".to_vec(), None).await.unwrap();
    assert_eq!(
        backend.get(a).await.unwrap().as_deref(),
        Some(&b"token"[..])
    );
    // A counter of the same key is another entry.
    assert_eq!(backend.count(a, Duration::from_secs(60)).await.unwrap(), 1);
    assert_eq!(
        backend.get(a).await.unwrap().as_deref(),
        Some(&b"token"[..])
    );
    assert!(backend.delete(a).await.unwrap());
    assert_eq!(backend.count(a, Duration::from_secs(60)).await.unwrap(), 2);
    assert_eq!(backend.list("tokens").await.unwrap(), Vec::new());
}

pub async fn invalid_keys_are_refused(backend: &Arc<dyn StateBackend>) {
    let bad_keys = [
        StateKey::new("", "id"),
        StateKey::new("{slot}", "id"),
        StateKey::new("with space", "id"),
        StateKey::new("ok", ""),
    ];
    for bad in bad_keys {
        let errors = [
            backend.get(bad).await.unwrap_err(),
            backend.put(bad, b"v".to_vec(), None).await.unwrap_err(),
            backend
                .put_if_absent(bad, b"v".to_vec(), None)
                .await
                .unwrap_err(),
            backend.take(bad).await.unwrap_err(),
            backend
                .compare_and_swap(bad, None, b"v".to_vec(), None)
                .await
                .unwrap_err(),
            backend.delete(bad).await.unwrap_err(),
            backend
                .count(bad, Duration::from_secs(1))
                .await
                .unwrap_err(),
        ];
        for error in errors {
            assert_eq!(error.kind(), StoreErrorKind::Invalid, "{bad:?}: {error}");
        }
    }
    let error = backend.list("a/b").await.unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Invalid, "{error}");
}

pub async fn odd_ids_and_binary_values_round_trip(backend: &Arc<dyn StateBackend>) {
    let long = "x".repeat(hkob_core::store::MAX_ID_LEN);
    let ids = [
        "with space",
        "{braces}:and:colons",
        "香港銀行",
        "quote'\"back\\slash",
        long.as_str(),
    ];
    let all_bytes: Vec<u8> = (0..=255).collect();
    for id in ids {
        backend.put(key(id), all_bytes.clone(), None).await.unwrap();
        assert_eq!(
            backend.get(key(id)).await.unwrap(),
            Some(all_bytes.clone()),
            "{id}"
        );
    }
    backend.put(key("empty"), Vec::new(), None).await.unwrap();
    assert_eq!(backend.get(key("empty")).await.unwrap(), Some(Vec::new()));
    let listed: BTreeSet<String> = backend
        .list("conformance")
        .await
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let expected: BTreeSet<String> = ids
        .iter()
        .map(|id| (*id).to_owned())
        .chain(["empty".to_owned()])
        .collect();
    assert_eq!(listed, expected);
}

pub async fn expired_values_are_never_returned(backend: &Arc<dyn StateBackend>) {
    for id in ["get", "take", "delete", "list", "cas", "pia"] {
        backend
            .put(key(id), id.as_bytes().to_vec(), Some(SHORT_TTL))
            .await
            .unwrap();
    }
    backend
        .put(key("stays"), b"stays".to_vec(), None)
        .await
        .unwrap();
    assert_eq!(
        backend.get(key("get")).await.unwrap().as_deref(),
        Some(&b"get"[..])
    );
    assert_eq!(backend.list("conformance").await.unwrap().len(), 7);

    tokio::time::sleep(PAST_SHORT_TTL).await;
    assert_eq!(backend.get(key("get")).await.unwrap(), None);
    assert_eq!(backend.take(key("take")).await.unwrap(), None);
    assert!(!backend.delete(key("delete")).await.unwrap());
    assert_eq!(
        backend.list("conformance").await.unwrap(),
        vec![("stays".to_owned(), b"stays".to_vec())]
    );
    // An expired value is absent for compare-and-swap and put-if-absent too.
    assert!(
        !backend
            .compare_and_swap(key("cas"), Some(b"cas"), b"new".to_vec(), None)
            .await
            .unwrap()
    );
    assert!(
        backend
            .compare_and_swap(key("cas"), None, b"new".to_vec(), None)
            .await
            .unwrap()
    );
    assert!(
        backend
            .put_if_absent(key("pia"), b"new".to_vec(), None)
            .await
            .unwrap()
    );
    assert_eq!(
        backend.get(key("pia")).await.unwrap().as_deref(),
        Some(&b"new"[..])
    );
}

pub async fn a_put_without_ttl_clears_the_ttl(backend: &Arc<dyn StateBackend>) {
    backend
        .put(key("a"), b"1".to_vec(), Some(SHORT_TTL))
        .await
        .unwrap();
    backend.put(key("a"), b"2".to_vec(), None).await.unwrap();
    backend.put(key("b"), b"1".to_vec(), None).await.unwrap();
    assert!(
        backend
            .compare_and_swap(key("b"), Some(b"1"), b"2".to_vec(), Some(SHORT_TTL))
            .await
            .unwrap()
    );
    tokio::time::sleep(PAST_SHORT_TTL).await;
    assert_eq!(
        backend.get(key("a")).await.unwrap().as_deref(),
        Some(&b"2"[..])
    );
    assert_eq!(
        backend.get(key("b")).await.unwrap(),
        None,
        "the swap's ttl applies"
    );
}

pub async fn put_if_absent_writes_once(backend: &Arc<dyn StateBackend>) {
    assert!(
        backend
            .put_if_absent(key("a"), b"first".to_vec(), None)
            .await
            .unwrap()
    );
    assert!(
        !backend
            .put_if_absent(key("a"), b"second".to_vec(), None)
            .await
            .unwrap()
    );
    assert_eq!(
        backend.get(key("a")).await.unwrap().as_deref(),
        Some(&b"first"[..])
    );
    assert!(backend.delete(key("a")).await.unwrap());
    assert!(
        backend
            .put_if_absent(key("a"), b"third".to_vec(), None)
            .await
            .unwrap()
    );
}

pub async fn a_lease_frees_itself(backend: &Arc<dyn StateBackend>) {
    let lock = StateKey::new("locks", "token/bea");
    assert!(
        backend
            .put_if_absent(lock, b"me".to_vec(), Some(SHORT_TTL))
            .await
            .unwrap()
    );
    assert!(
        !backend
            .put_if_absent(lock, b"you".to_vec(), Some(SHORT_TTL))
            .await
            .unwrap()
    );
    tokio::time::sleep(PAST_SHORT_TTL).await;
    assert!(
        backend
            .put_if_absent(lock, b"you".to_vec(), Some(SHORT_TTL))
            .await
            .unwrap()
    );
    assert_eq!(
        backend.get(lock).await.unwrap().as_deref(),
        Some(&b"you"[..])
    );
}

pub async fn take_consumes_once(backend: &Arc<dyn StateBackend>) {
    let pending = StateKey::new("pending", "state-1");
    backend
        .put(pending, b"verifier".to_vec(), Some(Duration::from_secs(60)))
        .await
        .unwrap();
    assert_eq!(
        backend.take(pending).await.unwrap().as_deref(),
        Some(&b"verifier"[..])
    );
    assert_eq!(backend.take(pending).await.unwrap(), None);
    assert_eq!(backend.get(pending).await.unwrap(), None);
    assert_eq!(backend.list("pending").await.unwrap(), Vec::new());
}

pub async fn compare_and_swap_semantics(backend: &Arc<dyn StateBackend>) {
    let k = key("refresh");
    assert!(
        !backend
            .compare_and_swap(k, Some(b"x"), b"a".to_vec(), None)
            .await
            .unwrap()
    );
    assert_eq!(backend.get(k).await.unwrap(), None);
    assert!(
        backend
            .compare_and_swap(k, None, b"a".to_vec(), None)
            .await
            .unwrap()
    );
    assert!(
        !backend
            .compare_and_swap(k, None, b"b".to_vec(), None)
            .await
            .unwrap()
    );
    assert!(
        backend
            .compare_and_swap(k, Some(b"a"), b"b".to_vec(), None)
            .await
            .unwrap()
    );
    assert!(
        !backend
            .compare_and_swap(k, Some(b"a"), b"c".to_vec(), None)
            .await
            .unwrap()
    );
    assert_eq!(backend.get(k).await.unwrap().as_deref(), Some(&b"b"[..]));
    // An empty value is a value, not an absence.
    assert!(
        backend
            .compare_and_swap(k, Some(b"b"), Vec::new(), None)
            .await
            .unwrap()
    );
    assert!(
        !backend
            .compare_and_swap(k, None, b"d".to_vec(), None)
            .await
            .unwrap()
    );
    assert!(
        backend
            .compare_and_swap(k, Some(b""), b"d".to_vec(), None)
            .await
            .unwrap()
    );
}

pub async fn list_one_collection(backend: &Arc<dyn StateBackend>) {
    for id in ["c-1", "c-2", "c-3"] {
        let k = StateKey::new("consents", id);
        backend.put(k, id.as_bytes().to_vec(), None).await.unwrap();
    }
    backend
        .put(StateKey::new("tokens", "t-1"), b"t".to_vec(), None)
        .await
        .unwrap();
    assert_eq!(
        sorted(backend.list("consents").await.unwrap()),
        vec![
            ("c-1".to_owned(), b"c-1".to_vec()),
            ("c-2".to_owned(), b"c-2".to_vec()),
            ("c-3".to_owned(), b"c-3".to_vec()),
        ]
    );
    assert!(
        backend
            .delete(StateKey::new("consents", "c-2"))
            .await
            .unwrap()
    );
    assert!(
        backend
            .take(StateKey::new("consents", "c-3"))
            .await
            .unwrap()
            .is_some()
    );
    backend
        .put(StateKey::new("consents", "c-1"), b"new".to_vec(), None)
        .await
        .unwrap();
    assert_eq!(
        backend.list("consents").await.unwrap(),
        vec![("c-1".to_owned(), b"new".to_vec())]
    );
    assert_eq!(backend.list("never-written").await.unwrap(), Vec::new());
}

pub async fn count_in_a_fixed_window(backend: &Arc<dyn StateBackend>) {
    let quota = StateKey::new("rate", "bea");
    let other = StateKey::new("rate", "hsbc");
    for expected in 1..=3 {
        assert_eq!(backend.count(quota, SHORT_TTL).await.unwrap(), expected);
    }
    assert_eq!(backend.count(other, SHORT_TTL).await.unwrap(), 1);
    tokio::time::sleep(PAST_SHORT_TTL).await;
    // A new window: 1 at its start, and its end fixed by that first count.
    let window = Duration::from_millis(700);
    assert_eq!(
        backend.count(quota, window).await.unwrap(),
        1,
        "a new window"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(backend.count(quota, window).await.unwrap(), 2);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        backend.count(quota, window).await.unwrap(),
        1,
        "later counts did not extend the window"
    );
}

// ---------------------------------------------------------------------------------------------
// Racing callers

async fn race<T, F, Fut>(backend: &Arc<dyn StateBackend>, racer: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(Arc<dyn StateBackend>, usize) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
{
    let barrier = Arc::new(tokio::sync::Barrier::new(RACERS));
    let tasks: Vec<_> = (0..RACERS)
        .map(|n| {
            let barrier = Arc::clone(&barrier);
            let run = racer(Arc::clone(backend), n);
            tokio::spawn(async move {
                barrier.wait().await;
                run.await
            })
        })
        .collect();
    let mut results = Vec::with_capacity(RACERS);
    for task in tasks {
        results.push(task.await.expect("a racer panicked"));
    }
    results
}

pub async fn racing_takes_take_once(backend: &Arc<dyn StateBackend>) {
    for round in 0..5 {
        let id = format!("state-{round}");
        backend
            .put(key(&id), b"verifier".to_vec(), None)
            .await
            .unwrap();
        let taken = race(backend, |backend, _| {
            let id = id.clone();
            async move { backend.take(key(&id)).await.unwrap() }
        })
        .await;
        let winners = taken.iter().filter(|value| value.is_some()).count();
        assert_eq!(
            winners, 1,
            "round {round}: {winners} callers took one value"
        );
    }
}

pub async fn racing_put_if_absent_wins_once(backend: &Arc<dyn StateBackend>) {
    let lock = StateKey::new("locks", "refresh/consent-1");
    let won = race(backend, |backend, n| async move {
        let me = format!("racer-{n}");
        backend
            .put_if_absent(lock, me.clone().into_bytes(), Some(Duration::from_secs(30)))
            .await
            .unwrap()
            .then_some(me)
    })
    .await;
    let winners: Vec<String> = won.into_iter().flatten().collect();
    assert_eq!(winners.len(), 1, "{winners:?}");
    assert_eq!(
        backend.get(lock).await.unwrap(),
        Some(winners[0].clone().into_bytes())
    );
}

pub async fn racing_compare_and_swap_increments_exactly(backend: &Arc<dyn StateBackend>) {
    let counter = key("cas-counter");
    backend.put(counter, b"0".to_vec(), None).await.unwrap();
    let retries = race(backend, |backend, _| async move {
        let mut retries = 0u32;
        loop {
            let current = backend
                .get(counter)
                .await
                .unwrap()
                .expect("the counter is there");
            let n: u64 = std::str::from_utf8(&current).unwrap().parse().unwrap();
            let next = (n + 1).to_string().into_bytes();
            if backend
                .compare_and_swap(counter, Some(&current), next, None)
                .await
                .unwrap()
            {
                return retries;
            }
            retries += 1;
        }
    })
    .await;
    assert_eq!(
        backend.get(counter).await.unwrap().as_deref(),
        Some(RACERS.to_string().as_bytes())
    );
    // Not a requirement, but a sign the race was real: someone had to retry.
    let total: u32 = retries.iter().sum();
    println!("{RACERS} compare-and-swap increments needed {total} retries");
}

pub async fn racing_counts_sum_exactly(backend: &Arc<dyn StateBackend>) {
    const PER_RACER: usize = 10;
    let quota = StateKey::new("rate", "fleet");
    let seen = race(backend, |backend, _| async move {
        let mut seen = Vec::with_capacity(PER_RACER);
        for _ in 0..PER_RACER {
            seen.push(backend.count(quota, Duration::from_secs(60)).await.unwrap());
        }
        seen
    })
    .await;
    let all: BTreeSet<u64> = seen.into_iter().flatten().collect();
    let total = u64::try_from(RACERS * PER_RACER).unwrap();
    assert_eq!(
        all,
        (1..=total).collect::<BTreeSet<u64>>(),
        "every count seen once"
    );
    assert_eq!(
        backend.count(quota, Duration::from_secs(60)).await.unwrap(),
        total + 1
    );
}

// ---------------------------------------------------------------------------------------------
// The sealed wrapper, over a raw backend

const SECRET_ID: &str = "state-Zq81-secret";
const SECRET_VALUE: &[u8] = b"pkce-verifier-PLAINTEXT-4f2a";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

fn sealed(
    inner: &Arc<dyn StateBackend>,
    keys: SealingKeys,
) -> SealedBackend<Arc<dyn StateBackend>> {
    SealedBackend::new(Arc::clone(inner), keys)
}

pub async fn sealed_writes_neither_values_nor_ids_in_clear(inner: &Arc<dyn StateBackend>) {
    let backend = sealed(inner, test_keys(1));
    let k = StateKey::new("pending", SECRET_ID);
    backend.put(k, SECRET_VALUE.to_vec(), None).await.unwrap();
    backend
        .count(StateKey::new("rate", SECRET_ID), Duration::from_secs(60))
        .await
        .unwrap();

    let raw = inner.list("pending").await.unwrap();
    assert_eq!(raw.len(), 1);
    let (stored_id, ciphertext) = &raw[0];
    assert_eq!(stored_id, &backend.stored_id(k).unwrap());
    assert_eq!(stored_id.len(), 64);
    assert!(
        stored_id.chars().all(|c| c.is_ascii_hexdigit()),
        "{stored_id}"
    );
    assert!(!stored_id.contains(SECRET_ID));
    assert!(!contains(ciphertext, SECRET_VALUE), "the value is in clear");
    assert!(
        !contains(ciphertext, SECRET_ID.as_bytes()),
        "the id is in clear"
    );
    assert_eq!(
        inner.get(k).await.unwrap(),
        None,
        "nothing under the clear id"
    );

    // Two seals of one value differ (a fresh nonce each time), and both open.
    backend.put(k, SECRET_VALUE.to_vec(), None).await.unwrap();
    let again = inner
        .get(StateKey::new("pending", stored_id))
        .await
        .unwrap()
        .unwrap();
    assert_ne!(&again, ciphertext);
    assert_eq!(backend.get(k).await.unwrap().as_deref(), Some(SECRET_VALUE));
    assert_eq!(
        backend.list("pending").await.unwrap(),
        vec![(SECRET_ID.to_owned(), SECRET_VALUE.to_vec())]
    );
}

pub async fn sealed_value_moved_to_another_key_does_not_open(inner: &Arc<dyn StateBackend>) {
    let backend = sealed(inner, test_keys(1));
    let mine = StateKey::new("consents", "mine");
    let theirs = StateKey::new("consents", "theirs");
    let elsewhere = StateKey::new("tokens", "mine");
    backend
        .put(mine, b"my consent".to_vec(), None)
        .await
        .unwrap();
    let raw = inner
        .get(StateKey::new("consents", &backend.stored_id(mine).unwrap()))
        .await
        .unwrap()
        .unwrap();
    for target in [theirs, elsewhere] {
        let stored = backend.stored_id(target).unwrap();
        inner
            .put(
                StateKey::new(target.collection(), &stored),
                raw.clone(),
                None,
            )
            .await
            .unwrap();
        let error = backend.get(target).await.unwrap_err();
        assert_eq!(error.kind(), StoreErrorKind::Corrupt, "{error}");
    }
    let error = backend.list("consents").await.unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Corrupt, "{error}");
    let error = backend.take(theirs).await.unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Corrupt, "{error}");
}

pub async fn sealed_value_tampered_does_not_open(inner: &Arc<dyn StateBackend>) {
    let backend = sealed(inner, test_keys(1));
    let k = StateKey::new("tokens", "bea");
    backend
        .put(k, b"access-token".to_vec(), None)
        .await
        .unwrap();
    let stored_id = backend.stored_id(k).unwrap();
    let stored = StateKey::new("tokens", &stored_id);
    let raw = inner.get(stored).await.unwrap().unwrap();

    let last = raw.len() - 1;
    let mut flipped = raw.clone();
    flipped[last] ^= 1;
    let mut other_version = raw.clone();
    other_version[0] = 9;
    for bad in [
        flipped,
        other_version,
        raw[..raw.len() / 2].to_vec(),
        raw[..1].to_vec(),
        Vec::new(),
    ] {
        inner.put(stored, bad, None).await.unwrap();
        let error = backend.get(k).await.unwrap_err();
        assert_eq!(error.kind(), StoreErrorKind::Corrupt, "{error}");
        let error = backend
            .compare_and_swap(k, Some(b"access-token"), b"x".to_vec(), None)
            .await
            .unwrap_err();
        assert_eq!(error.kind(), StoreErrorKind::Corrupt, "{error}");
    }
}

pub async fn sealed_with_another_key_does_not_open(inner: &Arc<dyn StateBackend>) {
    let writer = sealed(inner, test_keys(1));
    let k = StateKey::new("tokens", "hsbc");
    writer.put(k, b"access-token".to_vec(), None).await.unwrap();

    // Same key id, other key bytes: a wrong key.
    let same_id = SealingKeys::new(
        LookupKey::new(&[0x5a; 32]).unwrap(),
        SealingKey::new(1, &[0xee; 32]).unwrap(),
    );
    let error = sealed(inner, same_id).get(k).await.unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Corrupt, "{error}");
    assert!(!error.to_string().contains("access-token"));

    // A key id that is not among the keys given.
    let error = sealed(inner, test_keys(2)).get(k).await.unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Corrupt, "{error}");

    // Another lookup key finds nothing: the ids hash differently.
    let other_lookup = SealingKeys::new(
        LookupKey::new(&[0x77; 32]).unwrap(),
        SealingKey::new(1, &[1; 32]).unwrap(),
    );
    assert_eq!(sealed(inner, other_lookup).get(k).await.unwrap(), None);
}

pub async fn sealed_keys_rotate(inner: &Arc<dyn StateBackend>) {
    let old = sealed(inner, test_keys(1));
    let before = StateKey::new("consents", "before");
    let after = StateKey::new("consents", "after");
    old.put(before, b"sealed with key 1".to_vec(), None)
        .await
        .unwrap();
    old.put(after, b"sealed with key 1 too".to_vec(), None)
        .await
        .unwrap();

    let rotated = sealed(
        inner,
        test_keys(2)
            .with_previous(SealingKey::new(1, &[1; 32]).unwrap())
            .unwrap(),
    );
    assert_eq!(
        rotated.get(before).await.unwrap().as_deref(),
        Some(&b"sealed with key 1"[..])
    );
    // A swap through the rotated keys compares the plaintext sealed with the old key.
    assert!(
        rotated
            .compare_and_swap(
                after,
                Some(b"sealed with key 1 too"),
                b"sealed with key 2".to_vec(),
                None
            )
            .await
            .unwrap()
    );
    let raw = inner
        .get(StateKey::new(
            "consents",
            &rotated.stored_id(after).unwrap(),
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(raw[1], 2, "new writes carry the new key id");
    assert_eq!(
        sorted(rotated.list("consents").await.unwrap()),
        vec![
            ("after".to_owned(), b"sealed with key 2".to_vec()),
            ("before".to_owned(), b"sealed with key 1".to_vec()),
        ]
    );
    // The old keys alone do not open what the new key sealed.
    let error = old.get(after).await.unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Corrupt, "{error}");
}
