//! An approval in progress, as a store keeps it.

use std::fmt;

use chrono::{DateTime, Utc};
use hkob_core::Redacted;
use serde::{Deserialize, Serialize};

use crate::BankId;

/// An approval in progress: the customer has been sent to the bank and has not come back. Kept
/// (by any store the TSP's processes share) until the callback, which consumes it, or until it
/// expires. Its secrets are [`Redacted`], and `Debug` shows none of them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PendingApproval {
    /// The bank.
    pub bank: BankId,
    /// The consent the customer is approving.
    pub consent_id: String,
    /// The `state` sent; the callback must carry it.
    pub state: Redacted<String>,
    /// The `nonce` sent; the ID token must carry it.
    pub nonce: Redacted<String>,
    /// The PKCE verifier, sent with the code.
    pub pkce_verifier: Redacted<String>,
    /// When the approval stops being accepted.
    pub expires_at: DateTime<Utc>,
}

impl fmt::Debug for PendingApproval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingApproval")
            .field("bank", &self.bank)
            .field("consent_id", &self.consent_id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}
