//! A [`ConsentStore`] over any [`StateBackend`] that protects secrets: memory, or a SQLite file
//! or Redis sealed with the TSP's keys.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hkob_core::store::{StateBackend, StateKey, ensure_protects_secrets};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{ConsentRecord, ConsentStore, PendingConsent, StoreError, StoreFuture, StoredTokens};

/// The collection of authorizations in progress, under their `state`.
const PENDING: &str = "accounts-pending";
/// The collection of consent records, under their bank and consent id.
const CONSENTS: &str = "accounts-consents";

/// How many lost compare-and-swap races [`BackendStore::replace_tokens`] takes before it gives
/// up with an error.
const MAX_RACES: u32 = 1_000;

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
    backend: Arc<dyn StateBackend>,
}

impl fmt::Debug for BackendStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackendStore").finish_non_exhaustive()
    }
}

impl BackendStore {
    /// A store keeping its records in `backend`.
    pub fn new(backend: Arc<dyn StateBackend>) -> Self {
        Self { backend }
    }

    /// The backend the records are kept in.
    pub fn backend(&self) -> &Arc<dyn StateBackend> {
        &self.backend
    }
}

/// The id of a consent record: its bank and consent id, without ambiguity.
fn consent_id(bank: &str, consent_id: &str) -> Result<String, StoreError> {
    serde_json::to_string(&(bank, consent_id))
        .map_err(|_| StoreError::invalid("a consent key that cannot be written"))
}

fn encode<T: Serialize>(value: &T, what: &str) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value).map_err(|_| StoreError::invalid(format!("{what} cannot be written")))
}

fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, StoreError> {
    // The decoder's message may quote the value: it is left out.
    serde_json::from_slice(bytes)
        .map_err(|_| StoreError::corrupt(format!("a stored {what} does not decode")))
}

/// How long `expires_at` is from `now`; `None` when it has passed.
fn ttl_until(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<Duration> {
    expires_at
        .signed_duration_since(now)
        .to_std()
        .ok()
        .filter(|ttl| !ttl.is_zero())
}

fn refresh_token(tokens: Option<&StoredTokens>) -> Option<&str> {
    tokens
        .and_then(|t| t.refresh_token.as_ref())
        .map(|r| r.expose().as_str())
}

impl ConsentStore for BackendStore {
    fn put_pending(&self, pending: PendingConsent) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            // One already expired is never returned: not written at all.
            let Some(ttl) = ttl_until(pending.expires_at, Utc::now()) else {
                return Ok(());
            };
            ensure_protects_secrets(&*self.backend, "an authorization in progress")?;
            let bytes = encode(&pending, "an authorization in progress")?;
            let key = StateKey::new(PENDING, pending.state.expose());
            self.backend.put(key, bytes, Some(ttl)).await
        })
    }

    fn take_pending<'a>(
        &'a self,
        state: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<PendingConsent>> {
        Box::pin(async move {
            let Some(bytes) = self.backend.take(StateKey::new(PENDING, state)).await? else {
                return Ok(None);
            };
            let pending: PendingConsent = decode(&bytes, "authorization in progress")?;
            Ok((pending.expires_at > now).then_some(pending))
        })
    }

    fn put_consent(&self, record: ConsentRecord) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let id = consent_id(record.consent.bank.as_str(), &record.consent.id)?;
            ensure_protects_secrets(&*self.backend, "a consent record")?;
            let bytes = encode(&record, "a consent record")?;
            self.backend
                .put(StateKey::new(CONSENTS, &id), bytes, None)
                .await
        })
    }

    fn consent<'a>(
        &'a self,
        bank: &'a str,
        consent_id: &'a str,
    ) -> StoreFuture<'a, Option<ConsentRecord>> {
        Box::pin(async move {
            let id = self::consent_id(bank, consent_id)?;
            match self.backend.get(StateKey::new(CONSENTS, &id)).await? {
                Some(bytes) => decode(&bytes, "consent record").map(Some),
                None => Ok(None),
            }
        })
    }

    fn consents(&self) -> StoreFuture<'_, Vec<ConsentRecord>> {
        Box::pin(async move {
            let mut all = self
                .backend
                .list(CONSENTS)
                .await?
                .into_iter()
                .map(|(_, bytes)| decode::<ConsentRecord>(&bytes, "consent record"))
                .collect::<Result<Vec<_>, _>>()?;
            all.sort_by(|a, b| {
                (a.consent.bank.as_str(), &a.consent.id)
                    .cmp(&(b.consent.bank.as_str(), &b.consent.id))
            });
            Ok(all)
        })
    }

    fn remove_consent<'a>(&'a self, bank: &'a str, consent_id: &'a str) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let id = self::consent_id(bank, consent_id)?;
            self.backend.delete(StateKey::new(CONSENTS, &id)).await
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
            ensure_protects_secrets(&*self.backend, "a customer's tokens")?;
            let key = StateKey::new(CONSENTS, &id);
            for _ in 0..MAX_RACES {
                let Some(old) = self.backend.get(key).await? else {
                    return Ok(false);
                };
                let mut record: ConsentRecord = decode(&old, "consent record")?;
                if refresh_token(record.tokens.as_ref()) != expected {
                    return Ok(false);
                }
                record.tokens = Some(tokens.clone());
                let new = encode(&record, "a consent record")?;
                // Something else of the record changed meanwhile (its status, say): read again.
                if self
                    .backend
                    .compare_and_swap(key, Some(&old), new, None)
                    .await?
                {
                    return Ok(true);
                }
            }
            Err(StoreError::new(format!(
                "the consent record kept changing: {MAX_RACES} compare-and-swaps lost in a row"
            )))
        })
    }
}
