//! What the bank says about an application: its status, its questions and its decision.

use hkob_banks::BankId;
use hkob_core::{Amount, Date, DateTime};
use serde::{Deserialize, Serialize};

use crate::ProductType;

hkob_core::open_enum! {
    /// Where an application stands, the same over every dialect. A status a bank has beyond
    /// these is kept as [`ApplicationStatus::Unknown`] with the bank's own value.
    pub enum ApplicationStatus {
        /// The bank has it and has not started on it.
        Received = "received",
        /// The bank is reviewing it.
        UnderReview = "under-review",
        /// The bank needs more from the applicant: see
        /// [`ApplicationRecord::information_requests`] and answer with
        /// [`ApplicationAccess::supply_information`](crate::ApplicationAccess::supply_information).
        InformationRequired = "information-required",
        /// Approved.
        Approved = "approved",
        /// Declined.
        Declined = "declined",
        /// Withdrawn by the applicant.
        Withdrawn = "withdrawn",
        /// A landing-page hand-off is open: the customer has not finished the bank's form.
        AwaitingCustomer = "awaiting-customer",
        /// The customer left the bank's landing page without applying.
        Cancelled = "cancelled",
    }
}

impl ApplicationStatus {
    /// Whether the application will not change any more (approved, declined, withdrawn or
    /// cancelled).
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Approved | Self::Declined | Self::Withdrawn | Self::Cancelled
        )
    }
}

/// An application as the bank last reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApplicationRecord {
    /// The bank.
    pub bank: BankId,
    /// The bank's id of the application.
    pub id: String,
    /// The kind of product, where the answer carries it (the BOCHK group's status answers do
    /// not).
    pub product_type: Option<ProductType>,
    /// The bank's product id, where the answer carries it.
    pub product_code: Option<String>,
    /// The status.
    pub status: ApplicationStatus,
    /// The status exactly as the bank sent it (`UnderReview`, `PROC`, ...).
    pub bank_status: String,
    /// When the bank created it.
    pub created_at: Option<DateTime>,
    /// When its status last changed.
    pub updated_at: Option<DateTime>,
    /// What the bank is asking for, while the status is
    /// [`InformationRequired`](ApplicationStatus::InformationRequired).
    pub information_requests: Vec<InformationRequest>,
    /// The decision, once approved or declined.
    pub decision: Option<Decision>,
}

/// One thing the bank asks the applicant for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InformationRequest {
    /// The request's id, quoted in the answer.
    pub id: String,
    /// What kind of information.
    pub kind: InformationKind,
    /// What the bank asks, in its words.
    pub description: String,
    /// When the bank needs it by.
    pub due_date: Option<Date>,
}

hkob_core::open_enum! {
    /// The kind of an [`InformationRequest`].
    pub enum InformationKind {
        /// A document (a copy of an identity card, a contract).
        Document = "DOCUMENT",
        /// Proof of income.
        IncomeProof = "INCOME_PROOF",
        /// Proof of address.
        AddressProof = "ADDRESS_PROOF",
        /// Details of employment.
        Employment = "EMPLOYMENT",
        /// Anything else.
        Other = "OTHER",
    }
}

/// The bank's decision on an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Decision {
    /// When the bank decided.
    pub decided_at: DateTime,
    /// The bank's reason, where it gives one.
    pub reason: Option<String>,
    /// The amount approved (a credit limit, a loan amount), where there is one.
    pub approved_amount: Option<Amount>,
}
