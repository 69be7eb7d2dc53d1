//! A [`ConsentStore`] over any [`StateBackend`] that protects secrets: memory, or a SQLite file
//! or Redis sealed with the TSP's keys.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use hkob_core::store::{Records, StateBackend};

use super::{ConsentRecord, ConsentStore, PendingConsent, StoreError, StoreFuture, StoredTokens};

/// The collection of authorizations in progress, under their `state`.
const PENDING: &str = "accounts-pending";
/// The collection of consent records, under their bank and consent id.
const CONSENTS: &str = "accounts-consents";

/// A [`ConsentStore`] over a [`StateBackend`]: keep it in a SQLite file to survive restarts, in
/// Redis to share it with a fleet, and wrap either in a
/// [`SealedBackend`](hkob_core::store::SealedBackend) so that no token, verifier or `state` is
/// written in clear: a backend that does not [protect secrets](StateBackend::protects_secrets)
/// is refused with an [`Invalid`](hkob_core::store::StoreErrorKind::Invalid) error on the first
/// write.
///
/// Records are stored as JSON. An authorization in progress lives until its `expires_at` and
/// is taken atomically: of all the processes that share the backend, exactly one gets it. A
/// customer's tokens are replaced by compare-and-swap on the stored record, so of two refreshes
/// racing with the same refresh token exactly one is kept. A stored record that does not
/// decode is a [`StoreError`] of kind [`Corrupt`](hkob_core::store::StoreErrorKind::Corrupt).
///
/// ```
/// use std::sync::Arc;
///
/// use hkob_accounts::{BackendStore, ConsentStore};
/// use hkob_core::store::{MemoryBackend, StateBackend};
///
/// # async fn run() -> Result<(), hkob_accounts::StoreError> {
/// // A sealed SQLite file or Redis backend in production (the `hkob-store` crate).
/// let backend: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
/// let store = BackendStore::new(backend);
/// assert!(store.consents().await?.is_empty());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct BackendStore {
    pending: Records<PendingConsent>,
    consents: Records<ConsentRecord>,
}

impl fmt::Debug for BackendStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackendStore").finish_non_exhaustive()
    }
}

impl BackendStore {
    /// A store keeping its records in `backend`.
    pub fn new(backend: Arc<dyn StateBackend>) -> Self {
        Self {
            pending: Records::new(Arc::clone(&backend), PENDING, "authorization in progress"),
            consents: Records::new(backend, CONSENTS, "consent record"),
        }
    }

    /// The backend the records are kept in.
    pub fn backend(&self) -> &Arc<dyn StateBackend> {
        self.consents.backend()
    }
}

/// The id of a consent record: its bank and consent id, without ambiguity.
fn consent_id(bank: &str, consent_id: &str) -> Result<String, StoreError> {
    serde_json::to_string(&(bank, consent_id))
        .map_err(|_| StoreError::invalid("a consent key that cannot be written"))
}

fn refresh_token(tokens: Option<&StoredTokens>) -> Option<&str> {
    tokens
        .and_then(|t| t.refresh_token.as_ref())
        .map(|r| r.expose().as_str())
}

impl ConsentStore for BackendStore {
    fn put_pending(&self, pending: PendingConsent) -> StoreFuture<'_, ()> {
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
    ) -> StoreFuture<'a, Option<PendingConsent>> {
        Box::pin(async move {
            let pending = self.pending.take(state).await?;
            Ok(pending.filter(|p| p.expires_at > now))
        })
    }

    fn put_consent(&self, record: ConsentRecord) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let id = consent_id(record.consent.bank.as_str(), &record.consent.id)?;
            self.consents.put(&id, &record, None).await
        })
    }

    fn consent<'a>(
        &'a self,
        bank: &'a str,
        consent_id: &'a str,
    ) -> StoreFuture<'a, Option<ConsentRecord>> {
        Box::pin(async move {
            self.consents
                .get(&self::consent_id(bank, consent_id)?)
                .await
        })
    }

    fn consents(&self) -> StoreFuture<'_, Vec<ConsentRecord>> {
        Box::pin(async move {
            let mut all = self.consents.list().await?;
            all.sort_by(|a, b| {
                (a.consent.bank.as_str(), &a.consent.id)
                    .cmp(&(b.consent.bank.as_str(), &b.consent.id))
            });
            Ok(all)
        })
    }

    fn remove_consent<'a>(&'a self, bank: &'a str, consent_id: &'a str) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            self.consents
                .delete(&self::consent_id(bank, consent_id)?)
                .await
        })
    }

    fn replace_tokens<'a>(
        &'a self,
        bank: &'a str,
        consent_id: &'a str,
        expected: Option<&'a str>,
        tokens: StoredTokens,
    ) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let id = self::consent_id(bank, consent_id)?;
            // Only the refresh token decides; anything else of the record that changed meanwhile
            // (its status, say) is kept.
            self.consents
                .update(&id, |record| {
                    (refresh_token(record.tokens.as_ref()) == expected).then(|| {
                        let mut record = record.clone();
                        record.tokens = Some(tokens.clone());
                        record
                    })
                })
                .await
        })
    }
}
