//! Landing-page hand-offs: the customer applies on the bank's own page and comes back.

mod backend_store;

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use hkob_banks::BankId;
use hkob_core::Redacted;
use hkob_core::store::StoreFuture;
use serde::{Deserialize, Serialize};

use crate::{Applicant, ApplicationStatus, ProductType};

pub use backend_store::BackendHandOffStore;

/// Where to send the customer to apply on the bank's own page.
#[derive(Clone)]
#[non_exhaustive]
pub struct LandingPage {
    /// The bank.
    pub bank: BankId,
    /// The bank's id of the application being filled in.
    pub application_id: String,
    /// The page to send the customer to.
    pub url: url::Url,
    /// When the page stops being usable.
    pub expires_at: hkob_core::DateTime,
    /// The application's status (awaiting the customer).
    pub status: ApplicationStatus,
}

impl fmt::Debug for LandingPage {
    /// The page's address without its query, which may carry a token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut endpoint = self.url.clone();
        endpoint.set_query(None);
        f.debug_struct("LandingPage")
            .field("bank", &self.bank)
            .field("application_id", &self.application_id)
            .field("url", &endpoint.as_str())
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// What a dialect needs to open a landing page.
pub(crate) struct LandingPageRequest<'a> {
    pub(crate) product_type: &'a ProductType,
    pub(crate) product_code: &'a str,
    pub(crate) return_url: &'a url::Url,
    pub(crate) state: &'a str,
    pub(crate) prefill: Option<&'a Applicant>,
}

/// How the customer left the bank's landing page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum HandOffOutcome {
    /// The customer submitted the application.
    Submitted,
    /// The customer left without applying.
    Cancelled,
}

/// A hand-off in progress: kept from [`ApplicationAccess::open_landing_page`] until the
/// customer comes back, and accepted once.
///
/// [`ApplicationAccess::open_landing_page`]: crate::ApplicationAccess::open_landing_page
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PendingHandOff {
    /// The bank.
    pub bank: BankId,
    /// The application being filled in.
    pub application_id: String,
    /// The `state` sent; the return must carry it.
    pub state: Redacted<String>,
    /// When the hand-off stops being accepted.
    pub expires_at: DateTime<Utc>,
}

impl fmt::Debug for PendingHandOff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingHandOff")
            .field("bank", &self.bank)
            .field("application_id", &self.application_id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Where hand-offs in progress are kept, so that the customer's return can be handled by any
/// process that shares the store. [`MemoryHandOffStore`] keeps them in memory.
pub trait HandOffStore: fmt::Debug + Send + Sync + 'static {
    /// Keeps a hand-off in progress, under its `state`.
    fn put(&self, pending: PendingHandOff) -> StoreFuture<'_, ()>;

    /// Removes and returns the hand-off with `state`, if there is one and it has not expired at
    /// `now`. A second call with the same `state` finds nothing.
    fn take<'a>(
        &'a self,
        state: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<PendingHandOff>>;
}

/// A [`HandOffStore`] in this process's memory.
#[derive(Debug, Default)]
pub struct MemoryHandOffStore {
    pending: Mutex<HashMap<String, PendingHandOff>>,
}

impl MemoryHandOffStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl HandOffStore for MemoryHandOffStore {
    fn put(&self, pending: PendingHandOff) -> StoreFuture<'_, ()> {
        if let Ok(mut map) = self.pending.lock() {
            map.insert(pending.state.expose().clone(), pending);
        }
        Box::pin(async { Ok(()) })
    }

    fn take<'a>(
        &'a self,
        state: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<PendingHandOff>> {
        let found = self.pending.lock().ok().and_then(|mut map| {
            map.retain(|_, p| p.expires_at > now);
            map.remove(state)
        });
        Box::pin(async move { Ok(found) })
    }
}

/// The return from a landing page: `state`, `application_id` and `outcome` read from the
/// redirect URL (or its query).
pub(crate) struct Return {
    pub(crate) state: String,
    pub(crate) application_id: String,
    pub(crate) outcome: HandOffOutcome,
}

impl Return {
    pub(crate) fn parse(callback: &str) -> Result<Self, &'static str> {
        let query = match url::Url::parse(callback) {
            Ok(url) => url.query().unwrap_or_default().to_owned(),
            Err(_) => callback.trim_start_matches('?').to_owned(),
        };
        let mut state = None;
        let mut application_id = None;
        let mut outcome = None;
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let slot = match name.as_ref() {
                "state" => &mut state,
                "application_id" => &mut application_id,
                "outcome" => &mut outcome,
                _ => continue,
            };
            if slot.replace(value.into_owned()).is_some() {
                return Err("a parameter is given twice");
            }
        }
        let outcome = match outcome.as_deref() {
            Some("submitted") => HandOffOutcome::Submitted,
            Some("cancelled") => HandOffOutcome::Cancelled,
            Some(_) => return Err("the outcome is neither submitted nor cancelled"),
            None => return Err("the return has no outcome"),
        };
        Ok(Self {
            state: state
                .filter(|s| !s.is_empty())
                .ok_or("the return has no state")?,
            application_id: application_id
                .filter(|s| !s.is_empty())
                .ok_or("the return has no application id")?,
            outcome,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_are_read_strictly() {
        let ok =
            Return::parse("https://tsp.example/back?state=s1&application_id=A1&outcome=cancelled")
                .unwrap();
        assert_eq!(
            (ok.state.as_str(), ok.application_id.as_str()),
            ("s1", "A1")
        );
        assert_eq!(ok.outcome, HandOffOutcome::Cancelled);
        assert!(Return::parse("state=s1&application_id=A1&outcome=submitted").is_ok());
        for bad in [
            "state=s1&application_id=A1",
            "state=s1&application_id=A1&outcome=maybe",
            "application_id=A1&outcome=submitted",
            "state=s1&outcome=submitted",
            "state=s1&state=s2&application_id=A1&outcome=submitted",
        ] {
            assert!(Return::parse(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn a_hand_off_is_taken_once_and_not_after_it_expires() {
        let store = MemoryHandOffStore::new();
        let pending = |state: &str, expires_at| PendingHandOff {
            bank: BankId::new("hsbc"),
            application_id: "A1".into(),
            state: Redacted::new(state.to_owned()),
            expires_at,
        };
        let now = Utc::now();
        store
            .put(pending("s1", now + chrono::Duration::minutes(5)))
            .await
            .unwrap();
        store
            .put(pending("s2", now - chrono::Duration::seconds(1)))
            .await
            .unwrap();
        assert!(store.take("s1", now).await.unwrap().is_some());
        assert!(store.take("s1", now).await.unwrap().is_none());
        assert!(store.take("s2", now).await.unwrap().is_none());
    }
}
