//! A payment the bank took, and its status.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{BankId, PaymentOrder};

hkob_core::open_enum! {
    /// Where a payment is, in ISO 20022 codes whatever the bank's dialect. A status this version
    /// does not know (a bank's own extra) is kept as the bank sent it; it is not final.
    pub enum PaymentStatus {
        /// Received, not yet checked.
        Received = "RCVD",
        /// Taken; further checks to come.
        Pending = "PDNG",
        /// The customer profile checks passed.
        AcceptedCustomerProfile = "ACCP",
        /// Accepted and sent to FPS: settlement in process.
        AcceptedSettlementInProcess = "ACSP",
        /// Settled: the payee was credited. Final.
        Completed = "ACSC",
        /// Rejected, with a reason. Final.
        Rejected = "RJCT",
        /// Withdrawn by the bank before settlement. Final.
        Cancelled = "CANC",
    }
}

impl PaymentStatus {
    /// Whether the status can no longer change.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Completed | Self::Rejected | Self::Cancelled)
    }
}

/// Why a payment was rejected or cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatusReason {
    /// The ISO 20022 external status reason code (`AM04` insufficient funds, `AM02` above the
    /// limit, `BE23` unknown proxy ...).
    pub code: String,
    /// The bank's explanation.
    pub information: Option<String>,
}

impl StatusReason {
    /// Reason `code` with `information`.
    pub fn new(code: impl Into<String>, information: Option<String>) -> Self {
        Self {
            code: code.into(),
            information,
        }
    }
}

/// A payment, as the bank reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payment {
    /// The bank.
    pub bank: BankId,
    /// The payment's id at the bank.
    pub id: String,
    /// The consent it was submitted under.
    pub consent_id: String,
    /// Its status.
    pub status: PaymentStatus,
    /// Why it was rejected or cancelled.
    pub reasons: Vec<StatusReason>,
    /// The payment.
    pub order: PaymentOrder,
    /// When the bank took it.
    pub created_at: DateTime<Utc>,
    /// When its status last changed.
    pub status_updated_at: DateTime<Utc>,
}
