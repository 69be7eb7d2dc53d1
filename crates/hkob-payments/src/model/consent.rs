//! A payment consent: one exact payment the customer approves.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{BankId, PaymentOrder};

hkob_core::open_enum! {
    /// Where a payment consent is in its life, in ISO 20022 codes whatever the bank's dialect
    /// (a status this version does not know is kept as the bank sent it).
    pub enum PaymentConsentStatus {
        /// Waiting for the customer at the bank.
        AwaitingAuthorisation = "AWAU",
        /// Approved: its payment may be submitted, once.
        Authorised = "AUTH",
        /// The customer refused it.
        Rejected = "RJCT",
        /// Its payment was submitted.
        Consumed = "COND",
        /// Withdrawn by the customer or the bank.
        Revoked = "CANC",
        /// Not used in time.
        Expired = "EXPD",
    }
}

impl PaymentConsentStatus {
    /// Whether the consent can never be used again.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Rejected | Self::Consumed | Self::Revoked | Self::Expired
        )
    }
}

/// A payment consent, as the bank holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentConsent {
    /// The bank.
    pub bank: BankId,
    /// The consent's id at the bank.
    pub id: String,
    /// Its status.
    pub status: PaymentConsentStatus,
    /// The payment it holds (with the debtor account the customer picked, once authorised).
    pub order: PaymentOrder,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When its status last changed.
    pub status_updated_at: DateTime<Utc>,
    /// When it expires unused.
    pub expires_at: Option<DateTime<Utc>>,
    /// The payee's name as the payee's bank holds it, masked, to show the customer.
    pub payee_name: Option<String>,
}
