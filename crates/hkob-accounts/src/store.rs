//! Where consents, customers' tokens and authorizations in progress are kept.
//!
//! [`ConsentStore`] is the one trait; [`MemoryStore`] keeps everything in this process (for tests,
//! examples and single-process tools), and [`BackendStore`] keeps it in any
//! [`StateBackend`](hkob_core::store::StateBackend): a SQLite file that survives restarts, or
//! Redis shared by a fleet. A TSP may also implement the trait over its own database: every
//! record is `Serialize` / `Deserialize`.

mod backend;

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::consent::Consent;
use crate::model::Redacted;

pub use backend::BackendStore;
pub use hkob_core::store::{StoreError, StoreFuture};

/// An authorization in progress: the customer has been sent to the bank and has not come back.
/// Kept until the callback, which consumes it, or until it expires.
pub type PendingConsent = hkob_banks::PendingApproval;

/// A customer's tokens for one consent.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StoredTokens {
    /// The access token.
    pub access_token: Redacted<String>,
    /// When the access token expires, if the bank said.
    pub access_expires_at: Option<DateTime<Utc>>,
    /// The refresh token, if the bank issued one. Banks rotate it: each refresh gives a new one
    /// and the old one stops working.
    pub refresh_token: Option<Redacted<String>>,
}

impl StoredTokens {
    /// Tokens.
    pub fn new(
        access_token: impl Into<String>,
        access_expires_at: Option<DateTime<Utc>>,
        refresh_token: Option<String>,
    ) -> Self {
        Self {
            access_token: Redacted::new(access_token.into()),
            access_expires_at,
            refresh_token: refresh_token.map(Redacted::new),
        }
    }
}

impl fmt::Debug for StoredTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredTokens")
            .field("access_expires_at", &self.access_expires_at)
            .field("has_refresh_token", &self.refresh_token.is_some())
            .finish_non_exhaustive()
    }
}

/// A consent and the customer's tokens for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConsentRecord {
    /// The consent, as the bank last reported it.
    pub consent: Consent,
    /// The customer's tokens, once the consent is authorised.
    pub tokens: Option<StoredTokens>,
}

impl ConsentRecord {
    /// A record.
    pub fn new(consent: Consent, tokens: Option<StoredTokens>) -> Self {
        Self { consent, tokens }
    }
}

/// Keeps consents, customers' tokens and authorizations in progress.
///
/// Implementations must never write a token in clear to a log, and must make
/// [`take_pending`](Self::take_pending) and [`replace_tokens`](Self::replace_tokens) atomic:
/// a callback is accepted once, and of two refreshes racing with the same refresh token,
/// exactly one is stored.
pub trait ConsentStore: fmt::Debug + Send + Sync + 'static {
    /// Keeps an authorization in progress, under its `state`.
    fn put_pending(&self, pending: PendingConsent) -> StoreFuture<'_, ()>;

    /// Removes and returns the authorization in progress with `state`, if there is one and it
    /// has not expired at `now`. A second call with the same `state` finds nothing.
    fn take_pending<'a>(
        &'a self,
        state: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<PendingConsent>>;

    /// Keeps a consent record, replacing any of the same bank and consent id.
    fn put_consent(&self, record: ConsentRecord) -> StoreFuture<'_, ()>;

    /// The record of consent `consent_id` at `bank`.
    fn consent<'a>(
        &'a self,
        bank: &'a str,
        consent_id: &'a str,
    ) -> StoreFuture<'a, Option<ConsentRecord>>;

    /// Every consent record.
    fn consents(&self) -> StoreFuture<'_, Vec<ConsentRecord>>;

    /// Forgets consent `consent_id` at `bank`; `true` when there was one.
    fn remove_consent<'a>(&'a self, bank: &'a str, consent_id: &'a str) -> StoreFuture<'a, bool>;

    /// Replaces the tokens of consent `consent_id` at `bank` with `tokens`, if its stored
    /// refresh token is still `expected` (compare-and-set); `false` when it is not, or when
    /// there is no such consent.
    fn replace_tokens<'a>(
        &'a self,
        bank: &'a str,
        consent_id: &'a str,
        expected: Option<&'a str>,
        tokens: StoredTokens,
    ) -> StoreFuture<'a, bool>;
}

/// A [`ConsentStore`] in this process's memory: lost when it exits.
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Memory>,
}

#[derive(Debug, Default)]
struct Memory {
    pending: HashMap<String, PendingConsent>,
    consents: HashMap<(String, String), ConsentRecord>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut Memory) -> T) -> T {
        f(&mut self.inner.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

fn key(bank: &str, consent_id: &str) -> (String, String) {
    (bank.to_owned(), consent_id.to_owned())
}

impl ConsentStore for MemoryStore {
    fn put_pending(&self, pending: PendingConsent) -> StoreFuture<'_, ()> {
        self.with(|m| {
            m.pending.insert(pending.state.expose().clone(), pending);
        });
        Box::pin(async { Ok(()) })
    }

    fn take_pending<'a>(
        &'a self,
        state: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<PendingConsent>> {
        let found = self.with(|m| {
            m.pending.retain(|_, p| p.expires_at > now);
            m.pending.remove(state)
        });
        Box::pin(async move { Ok(found) })
    }

    fn put_consent(&self, record: ConsentRecord) -> StoreFuture<'_, ()> {
        self.with(|m| {
            let k = key(record.consent.bank.as_str(), &record.consent.id);
            m.consents.insert(k, record);
        });
        Box::pin(async { Ok(()) })
    }

    fn consent<'a>(
        &'a self,
        bank: &'a str,
        consent_id: &'a str,
    ) -> StoreFuture<'a, Option<ConsentRecord>> {
        let found = self.with(|m| m.consents.get(&key(bank, consent_id)).cloned());
        Box::pin(async move { Ok(found) })
    }

    fn consents(&self) -> StoreFuture<'_, Vec<ConsentRecord>> {
        let mut all: Vec<ConsentRecord> = self.with(|m| m.consents.values().cloned().collect());
        all.sort_by(|a, b| {
            (a.consent.bank.as_str(), &a.consent.id).cmp(&(b.consent.bank.as_str(), &b.consent.id))
        });
        Box::pin(async move { Ok(all) })
    }

    fn remove_consent<'a>(&'a self, bank: &'a str, consent_id: &'a str) -> StoreFuture<'a, bool> {
        let removed = self.with(|m| m.consents.remove(&key(bank, consent_id)).is_some());
        Box::pin(async move { Ok(removed) })
    }

    fn replace_tokens<'a>(
        &'a self,
        bank: &'a str,
        consent_id: &'a str,
        expected: Option<&'a str>,
        tokens: StoredTokens,
    ) -> StoreFuture<'a, bool> {
        let replaced = self.with(|m| match m.consents.get_mut(&key(bank, consent_id)) {
            Some(record) => {
                let current = record
                    .tokens
                    .as_ref()
                    .and_then(|t| t.refresh_token.as_ref())
                    .map(|r| r.expose().as_str());
                if current == expected {
                    record.tokens = Some(tokens);
                    true
                } else {
                    false
                }
            }
            None => false,
        });
        Box::pin(async move { Ok(replaced) })
    }
}
