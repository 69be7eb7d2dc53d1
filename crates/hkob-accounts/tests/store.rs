//! The in-memory consent store keeps the promises of the trait: a callback is taken once,
//! pending authorizations expire, tokens are replaced by compare-and-set.

use chrono::{Duration, Utc};
use hkob_accounts::model::{BankId, Redacted};
use hkob_accounts::{
    Consent, ConsentRecord, ConsentStatus, ConsentStore, MemoryStore, PendingConsent, StoredTokens,
};

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

#[tokio::test]
async fn a_pending_authorization_is_taken_once_and_not_after_it_expires() {
    let store = MemoryStore::new();
    store
        .put_pending(pending("s-1", Duration::minutes(10)))
        .await
        .unwrap();
    store
        .put_pending(pending("s-2", Duration::seconds(-1)))
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
    assert!(
        store.take_pending("s-1", now).await.unwrap().is_none(),
        "a replay finds nothing"
    );
    assert!(
        store.take_pending("s-2", now).await.unwrap().is_none(),
        "expired"
    );
    assert!(store.take_pending("unknown", now).await.unwrap().is_none());
}

#[tokio::test]
async fn tokens_are_replaced_only_over_the_refresh_token_expected() {
    let store = MemoryStore::new();
    let consent = Consent::new(BankId::new("bea"), "c-1", ConsentStatus::Authorised);
    let first = StoredTokens::new("a1", None, Some("r1".into()));
    store
        .put_consent(ConsentRecord::new(consent, Some(first)))
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
    let tokens = record.tokens.expect("tokens");
    assert_eq!(tokens.access_token.expose(), "a2");
    assert_eq!(
        tokens
            .refresh_token
            .as_ref()
            .map(Redacted::expose)
            .map(String::as_str),
        Some("r2")
    );
    assert!(
        !store
            .replace_tokens("bea", "unknown", None, StoredTokens::new("x", None, None))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn records_are_listed_in_order_and_removed() {
    let store = MemoryStore::new();
    for (bank, id) in [("hsbc", "c-2"), ("bea", "c-9"), ("bea", "c-1")] {
        let consent = Consent::new(BankId::new(bank), id, ConsentStatus::AwaitingAuthorisation);
        store
            .put_consent(ConsentRecord::new(consent, None))
            .await
            .unwrap();
    }
    let ids: Vec<String> = store
        .consents()
        .await
        .unwrap()
        .into_iter()
        .map(|r| format!("{}/{}", r.consent.bank, r.consent.id))
        .collect();
    assert_eq!(ids, ["bea/c-1", "bea/c-9", "hsbc/c-2"]);
    assert!(store.remove_consent("bea", "c-9").await.unwrap());
    assert!(!store.remove_consent("bea", "c-9").await.unwrap());
    assert_eq!(store.consents().await.unwrap().len(), 2);
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
