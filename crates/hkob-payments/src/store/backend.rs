//! Payment intents and approvals in progress kept in a [`StateBackend`], shared by every
//! process that uses it.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use hkob_core::store::{Records, StateBackend, StoreError, StoreFuture};

use super::{PaymentIntent, PaymentStore, PendingApproval};

/// The collection of approvals in progress, under their `state`.
const PENDING: &str = "payments-pending";
/// The collection of payment intents, under their bank and consent id.
const INTENTS: &str = "payments-intents";

/// A [`PaymentStore`] over any [`StateBackend`]: a [`MemoryBackend`](hkob_core::store::MemoryBackend)
/// in one process, a SQLite file shared by the processes of one machine, Redis shared by a fleet
/// (the `hkob-store` crate), sealed with the TSP's keys
/// ([`SealedBackend`](hkob_core::store::SealedBackend)) so that no token, account number or
/// `state` is written in clear: a backend that does not
/// [protect secrets](StateBackend::protects_secrets) is refused with an
/// [`Invalid`](hkob_core::store::StoreErrorKind::Invalid) error on the first write.
///
/// - Every record is stored as JSON.
/// - An approval in progress lives under its `state`, with a time to live up to its
///   `expires_at`; [`take_pending`](PaymentStore::take_pending) uses the backend's atomic
///   [`take`](StateBackend::take), so a callback is accepted once across every process, and an
///   expired approval is never returned.
/// - Intents live in one collection, under their bank and consent id, so that
///   [`intents`](PaymentStore::intents) lists them (sorted by bank, then consent id).
///
/// # Failures
///
/// Every method fails with the backend's [`StoreError`]: an
/// [`Unreachable`](hkob_core::store::StoreErrorKind::Unreachable) one, promptly, when the backend
/// cannot be reached (the same store works again once it is back); a
/// [`Corrupt`](hkob_core::store::StoreErrorKind::Corrupt) one for a record that does not decode
/// (or does not open with the sealing keys); one listed intent that does not decode fails the
/// whole listing. Nothing panics on what a backend returns.
///
/// ```
/// use std::sync::Arc;
/// use hkob_core::store::MemoryBackend;
/// use hkob_payments::{BackendStore, PaymentStore};
///
/// # async fn run() -> Result<(), hkob_payments::StoreError> {
/// // In production: a SealedBackend over the fleet's Redis or a SQLite file.
/// let store = BackendStore::new(Arc::new(MemoryBackend::new()));
/// assert!(store.intents().await?.is_empty());
/// # Ok(()) }
/// ```
pub struct BackendStore {
    pending: Records<PendingApproval>,
    intents: Records<PaymentIntent>,
}

impl BackendStore {
    /// Intents and approvals kept in `backend`.
    pub fn new(backend: Arc<dyn StateBackend>) -> Self {
        Self {
            pending: Records::new(Arc::clone(&backend), PENDING, "approval in progress"),
            intents: Records::new(backend, INTENTS, "payment intent"),
        }
    }

    /// The backend the records are kept in.
    pub fn backend(&self) -> &Arc<dyn StateBackend> {
        self.intents.backend()
    }
}

impl fmt::Debug for BackendStore {
    /// The collections only: the backend may hold secrets in its configuration.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackendStore")
            .field("pending", &PENDING)
            .field("intents", &INTENTS)
            .finish_non_exhaustive()
    }
}

/// The id of an intent: the bank's id with its length first, so that no bank id and consent id
/// make the id of another pair.
fn intent_id(bank: &str, consent_id: &str) -> String {
    format!("{}:{bank}:{consent_id}", bank.len())
}

impl PaymentStore for BackendStore {
    fn put_pending(&self, pending: PendingApproval) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let state = pending.state.expose();
            self.pending
                .put_until(state, &pending, pending.expires_at)
                .await
        })
    }

    fn take_pending<'a>(
        &'a self,
        state: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<PendingApproval>> {
        Box::pin(async move {
            let pending = self.pending.take(state).await?;
            Ok(pending.filter(|p| p.expires_at > now))
        })
    }

    fn put_intent(&self, intent: PaymentIntent) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let id = intent_id(intent.bank.as_str(), &intent.consent_id);
            self.intents.put(&id, &intent, None).await
        })
    }

    fn intent<'a>(
        &'a self,
        bank: &'a str,
        consent_id: &'a str,
    ) -> StoreFuture<'a, Option<PaymentIntent>> {
        Box::pin(async move {
            let Some(intent) = self.intents.get(&intent_id(bank, consent_id)).await? else {
                return Ok(None);
            };
            if intent.bank.as_str() != bank || intent.consent_id != consent_id {
                return Err(StoreError::corrupt(
                    "a stored payment intent is kept under another intent's key",
                ));
            }
            Ok(Some(intent))
        })
    }

    fn intents(&self) -> StoreFuture<'_, Vec<PaymentIntent>> {
        Box::pin(async move {
            let mut all = self.intents.list().await?;
            all.sort_by(|a, b| {
                (a.bank.as_str(), &a.consent_id).cmp(&(b.bank.as_str(), &b.consent_id))
            });
            Ok(all)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hkob_core::store::StateKey;

    #[test]
    fn no_two_pairs_share_an_intent_id() {
        assert_ne!(intent_id("a:b", "c"), intent_id("a", "b:c"));
        assert_eq!(intent_id("bea", "c-1"), "3:bea:c-1");
    }

    fn intent() -> PaymentIntent {
        use crate::model::{BankId, PaymentConsent, PaymentConsentStatus, PaymentOrder};
        let mobile = crate::fps::MobileNumber::parse("+852-61234567").unwrap();
        let order = PaymentOrder::new(
            hkob_core::Amount::hkd(hkob_core::Decimal::ONE),
            crate::Payee::Fps(mobile.into()),
        );
        let now = Utc::now();
        PaymentIntent {
            bank: BankId::new("bea"),
            consent_id: "c-1".to_owned(),
            order: order.clone(),
            idempotency_key: "k-1".to_owned(),
            consent: PaymentConsent {
                bank: BankId::new("bea"),
                id: "c-1".to_owned(),
                status: PaymentConsentStatus::Authorised,
                order,
                created_at: now,
                status_updated_at: now,
                expires_at: None,
                payee_name: None,
            },
            token: None,
            submitted_at: None,
            payment: None,
        }
    }

    #[tokio::test]
    async fn an_intent_written_before_submitted_at_existed_reads_back() {
        let backend: Arc<dyn StateBackend> = Arc::new(hkob_core::store::MemoryBackend::new());
        let store = BackendStore::new(Arc::clone(&backend));
        let written = intent();
        let mut old = serde_json::to_value(&written).unwrap();
        old.as_object_mut().unwrap().remove("submitted_at");
        let key = intent_id("bea", "c-1");
        let bytes = serde_json::to_vec(&old).unwrap();
        backend
            .put(StateKey::new(INTENTS, &key), bytes, None)
            .await
            .unwrap();
        let read = store.intent("bea", "c-1").await.unwrap().unwrap();
        assert_eq!(read, written);
        assert!(!read.in_doubt());
    }

    #[tokio::test]
    async fn an_intent_under_another_intents_key_is_corrupt() {
        let backend: Arc<dyn StateBackend> = Arc::new(hkob_core::store::MemoryBackend::new());
        let store = BackendStore::new(Arc::clone(&backend));
        let bytes = serde_json::to_vec(&intent()).unwrap();
        let key = intent_id("bea", "c-2");
        backend
            .put(StateKey::new(INTENTS, &key), bytes, None)
            .await
            .unwrap();
        let error = store.intent("bea", "c-2").await.unwrap_err();
        assert_eq!(error.kind(), hkob_core::store::StoreErrorKind::Corrupt);
    }

    #[tokio::test]
    async fn a_record_that_does_not_decode_is_corrupt() {
        let backend: Arc<dyn StateBackend> = Arc::new(hkob_core::store::MemoryBackend::new());
        let store = BackendStore::new(Arc::clone(&backend));
        backend
            .put(
                StateKey::new(INTENTS, &intent_id("bea", "c-1")),
                b"{not json".to_vec(),
                None,
            )
            .await
            .unwrap();
        backend
            .put(StateKey::new(PENDING, "s-1"), b"[]".to_vec(), None)
            .await
            .unwrap();
        let error = store.intent("bea", "c-1").await.unwrap_err();
        assert_eq!(error.kind(), hkob_core::store::StoreErrorKind::Corrupt);
        let error = store.intents().await.unwrap_err();
        assert_eq!(error.kind(), hkob_core::store::StoreErrorKind::Corrupt);
        let error = store.take_pending("s-1", Utc::now()).await.unwrap_err();
        assert_eq!(error.kind(), hkob_core::store::StoreErrorKind::Corrupt);
        assert!(!error.to_string().contains("not json"), "{error}");
    }
}
