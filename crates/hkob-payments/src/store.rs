//! Where payment intents and approvals in progress are kept.
//!
//! A payment intent is written before anything is sent for it, and holds the idempotency key
//! its payment will be submitted with: a process that crashes after sending, and the process
//! that resumes the job, send the same key, so the bank makes one payment. [`PaymentStore`] is
//! the one trait; [`MemoryStore`] keeps everything in this process, and [`BackendStore`] keeps
//! it in any [`StateBackend`](hkob_core::store::StateBackend) (a SQLite file shared by the
//! processes of one machine, Redis shared by a fleet). A TSP may also implement the trait over
//! its own database: every record is `Serialize` / `Deserialize`.

mod backend;

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use hkob_core::Redacted;
use hkob_core::store::StoreFuture;
use serde::{Deserialize, Serialize};

pub use backend::BackendStore;
pub use hkob_banks::PendingApproval;

use hkob_core::error::{AuthError, AuthErrorKind};

use crate::error::PaymentError;
use crate::model::{BankId, Payment, PaymentConsent, PaymentOrder};

/// The customer's access token for one payment consent.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomerToken {
    /// The access token.
    pub access_token: Redacted<String>,
    /// When it expires, if the bank said.
    pub expires_at: Option<DateTime<Utc>>,
}

impl fmt::Debug for CustomerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomerToken")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// One payment the TSP means to make, from its consent to its final status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentIntent {
    /// The bank.
    pub bank: BankId,
    /// The consent the payment is made under.
    pub consent_id: String,
    /// The payment as the TSP asked for it.
    pub order: PaymentOrder,
    /// The idempotency key the payment is submitted with, on every attempt by every process.
    pub idempotency_key: String,
    /// The consent, as the bank last reported it.
    pub consent: PaymentConsent,
    /// The customer's token, once the consent is authorised.
    pub token: Option<CustomerToken>,
    /// When the payment was first sent to the bank: set, and stored, before the first attempt.
    ///
    /// While [`payment`](Self::payment) is `None`, the outcome of that submission is unknown (the
    /// process sending it died, or the store failed after the bank answered):
    /// [`PaymentAccess::submit`](crate::PaymentAccess::submit) and
    /// [`PaymentAccess::status`](crate::PaymentAccess::status) send it again with the same
    /// idempotency key, and the bank answers with the payment it made, or makes it once.
    #[serde(default)]
    pub submitted_at: Option<DateTime<Utc>>,
    /// The payment, once the bank took it, as it last reported it.
    pub payment: Option<Payment>,
}

impl PaymentIntent {
    /// Whether the payment was sent to the bank and its answer is not recorded: a job to resume
    /// with [`PaymentAccess::submit`](crate::PaymentAccess::submit), which sends the same key.
    pub fn in_doubt(&self) -> bool {
        self.submitted_at.is_some() && self.payment.is_none()
    }
}

/// Keeps payment intents and approvals in progress.
///
/// Implementations must never write a token in clear to a log, and must make
/// [`take_pending`](Self::take_pending) atomic: a callback is accepted once. A store shared by
/// several processes ([`BackendStore`]) must make a written intent visible to all of them
/// before the write returns: that is what lets another process resume a payment with its key.
///
/// When a store cannot be reached, its methods should fail promptly with a
/// [`StoreError`](hkob_core::store::StoreError) of kind
/// [`Unreachable`](hkob_core::store::StoreErrorKind::Unreachable) rather than wait: a
/// [`PaymentAccess`](crate::PaymentAccess) call then fails with
/// [`PaymentError::Store`] (see [`PaymentAccess::submit`](crate::PaymentAccess::submit) for
/// what that means for a payment).
pub trait PaymentStore: fmt::Debug + Send + Sync + 'static {
    /// Keeps an approval in progress, under its `state`.
    fn put_pending(&self, pending: PendingApproval) -> StoreFuture<'_, ()>;

    /// Removes and returns the approval in progress with `state`, if there is one and it has
    /// not expired at `now`. A second call with the same `state` finds nothing.
    fn take_pending<'a>(
        &'a self,
        state: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<PendingApproval>>;

    /// Keeps an intent, replacing any of the same bank and consent id.
    ///
    /// The last writer wins: two processes working on one intent at once may overwrite each
    /// other's newer copy (a status read a moment earlier, say). A payment record overwritten
    /// that way by a copy marked sent ([`PaymentIntent::submitted_at`]) leaves the intent in
    /// doubt, and the next [`PaymentAccess::submit`](crate::PaymentAccess::submit) or
    /// [`status`](crate::PaymentAccess::status) sends the same key and records it again.
    fn put_intent(&self, intent: PaymentIntent) -> StoreFuture<'_, ()>;

    /// The intent of consent `consent_id` at `bank`.
    fn intent<'a>(
        &'a self,
        bank: &'a str,
        consent_id: &'a str,
    ) -> StoreFuture<'a, Option<PaymentIntent>>;

    /// Every intent.
    fn intents(&self) -> StoreFuture<'_, Vec<PaymentIntent>>;
}

/// Takes, once, the approval in progress that `callback` (a redirect URL or its query) comes back
/// to at `bank`. An approval of another bank is put back for that bank's access.
pub(crate) async fn take_approval(
    store: &dyn PaymentStore,
    bank: &BankId,
    callback: &str,
) -> Result<PendingApproval, PaymentError> {
    let state = hkob_banks::callback_state(callback).ok_or_else(|| {
        hkob_core::Error::from(AuthError::new(
            AuthErrorKind::MalformedCallback,
            "the callback has no `state`",
        ))
    })?;
    let pending = store
        .take_pending(&state, Utc::now())
        .await?
        .ok_or(PaymentError::UnknownAuthorization)?;
    if pending.bank != *bank {
        store.put_pending(pending).await?;
        return Err(PaymentError::UnknownAuthorization);
    }
    Ok(pending)
}

/// A [`PaymentStore`] in this process's memory.
#[derive(Default)]
pub struct MemoryStore {
    memory: Mutex<Memory>,
}

impl fmt::Debug for MemoryStore {
    /// How many records it holds: approvals in progress are kept under their secret `state`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (pending, intents) = self.with(|m| (m.pending.len(), m.intents.len()));
        f.debug_struct("MemoryStore")
            .field("pending", &pending)
            .field("intents", &intents)
            .finish()
    }
}

#[derive(Default)]
struct Memory {
    pending: HashMap<String, PendingApproval>,
    intents: HashMap<(String, String), PaymentIntent>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut Memory) -> T) -> T {
        let mut memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut memory)
    }
}

impl PaymentStore for MemoryStore {
    fn put_pending(&self, pending: PendingApproval) -> StoreFuture<'_, ()> {
        self.with(|m| m.pending.insert(pending.state.expose().clone(), pending));
        Box::pin(async { Ok(()) })
    }

    fn take_pending<'a>(
        &'a self,
        state: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<PendingApproval>> {
        let found = self.with(|m| {
            m.pending.retain(|_, p| p.expires_at > now);
            m.pending.remove(state)
        });
        Box::pin(async move { Ok(found) })
    }

    fn put_intent(&self, intent: PaymentIntent) -> StoreFuture<'_, ()> {
        self.with(|m| {
            let key = (intent.bank.as_str().to_owned(), intent.consent_id.clone());
            m.intents.insert(key, intent);
        });
        Box::pin(async { Ok(()) })
    }

    fn intent<'a>(
        &'a self,
        bank: &'a str,
        consent_id: &'a str,
    ) -> StoreFuture<'a, Option<PaymentIntent>> {
        let found = self.with(|m| {
            m.intents
                .get(&(bank.to_owned(), consent_id.to_owned()))
                .cloned()
        });
        Box::pin(async move { Ok(found) })
    }

    fn intents(&self) -> StoreFuture<'_, Vec<PaymentIntent>> {
        let mut all: Vec<PaymentIntent> = self.with(|m| m.intents.values().cloned().collect());
        all.sort_by(|a, b| (a.bank.as_str(), &a.consent_id).cmp(&(b.bank.as_str(), &b.consent_id)));
        Box::pin(async move { Ok(all) })
    }
}
