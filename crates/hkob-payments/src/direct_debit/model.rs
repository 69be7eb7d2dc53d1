//! The canonical direct debit model: consents, mandates (direct debit authorisations) and
//! collections (direct debit instructions).

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use hkob_core::{Amount, Currency, Redacted};
use serde::{Deserialize, Serialize};

use crate::fps::{BankCode, HkidNumber, MobileNumber};
use crate::model::{BankId, PaymentConsentStatus, StatusReason};

hkob_core::open_enum! {
    /// A direct debit function a consent allows.
    pub enum DirectDebitPermission {
        /// Set up mandates.
        Setup = "RealTimeDirectDebitSetup",
        /// Confirm a mandate with the debtor's one-time password.
        OtpConfirmation = "RealTimeDirectDebitOtpConfirmation",
        /// Send the debtor a new one-time password.
        OtpRegeneration = "RealTimeDirectDebitOtpRegeneration",
        /// Read, amend and cancel mandates.
        StatusAuthorisations = "RealTimeDirectDebitStatusAuthorisations",
        /// Collect under mandates.
        Instructions = "RealTimeDirectDebitInstructions",
        /// Read collections.
        StatusInstructions = "RealTimeDirectDebitStatusInstructions",
        /// Download reports.
        Reporting = "RealTimeDirectDebitReporting",
    }
}

impl DirectDebitPermission {
    /// Every function but reporting: what a TSP managing mandates and collections needs.
    pub fn all_but_reporting() -> Vec<Self> {
        vec![
            Self::Setup,
            Self::OtpConfirmation,
            Self::OtpRegeneration,
            Self::StatusAuthorisations,
            Self::Instructions,
            Self::StatusInstructions,
        ]
    }
}

/// An account at an FPS participant, as direct debits name it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MandateAccount {
    /// The bank's clearing code.
    pub bank_code: BankCode,
    /// The account number (letters and digits).
    pub account_number: Redacted<String>,
    /// The account's currency (`HKD`).
    pub currency: Currency,
}

impl MandateAccount {
    /// An HKD account `account_number` at bank `bank_code`.
    pub fn hkd(bank_code: BankCode, account_number: impl Into<String>) -> Self {
        Self {
            bank_code,
            account_number: Redacted::new(account_number.into()),
            currency: Currency::HKD,
        }
    }
}

impl fmt::Debug for MandateAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MandateAccount")
            .field("bank_code", &self.bank_code)
            .field("currency", &self.currency)
            .finish_non_exhaustive()
    }
}

/// The debtor's identity document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DebtorIdentity {
    /// An HKID number.
    Hkid(HkidNumber),
    /// A passport number.
    Passport(Redacted<String>),
}

/// How often the creditor may collect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Frequency {
    /// Once a month.
    Monthly,
    /// When needed.
    AdHoc,
}

/// The debtor of a mandate: who lets the creditor collect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Debtor {
    /// The debtor's name as the debtor's bank holds it.
    pub name: Redacted<String>,
    /// The debtor's account.
    pub account: MandateAccount,
    /// The debtor's identity document.
    pub identity: DebtorIdentity,
    /// The debtor's mobile number, for the one-time password.
    pub mobile: Option<MobileNumber>,
}

impl Debtor {
    /// Debtor `name`, paying from `account`, identified by `identity`.
    pub fn new(name: impl Into<String>, account: MandateAccount, identity: DebtorIdentity) -> Self {
        Self {
            name: Redacted::new(name.into()),
            account,
            identity,
            mobile: None,
        }
    }

    /// The mobile number the one-time password goes to.
    pub fn mobile(mut self, mobile: MobileNumber) -> Self {
        self.mobile = Some(mobile);
        self
    }
}

/// A direct debit authorisation (mandate) to set up: the debtor lets the creditor collect up to
/// a maximum amount each time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MandateRequest {
    /// The creditor's own id of this request.
    pub request_id: String,
    /// The debtor's reference with the creditor (a member number, say).
    pub creditor_reference: String,
    /// The creditor's name.
    pub creditor_name: String,
    /// The creditor's account (the consent's).
    pub creditor_account: MandateAccount,
    /// The debtor.
    pub debtor: Debtor,
    /// What the creditor may collect.
    pub limits: MandateLimits,
}

impl MandateRequest {
    /// A mandate `request_id` for `debtor` (known to the creditor `creditor_name` as
    /// `creditor_reference`) to pay into `creditor_account` within `limits`.
    pub fn new(
        request_id: impl Into<String>,
        creditor_reference: impl Into<String>,
        creditor_name: impl Into<String>,
        creditor_account: MandateAccount,
        debtor: Debtor,
        limits: MandateLimits,
    ) -> Self {
        Self {
            request_id: request_id.into(),
            creditor_reference: creditor_reference.into(),
            creditor_name: creditor_name.into(),
            creditor_account,
            debtor,
            limits,
        }
    }
}

/// What a mandate allows the creditor: the most at once, how often, until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MandateLimits {
    /// The most the creditor may collect at once.
    pub maximum: Amount,
    /// How often.
    pub frequency: Frequency,
    /// The last day; `None` for a mandate that does not expire.
    pub until: Option<NaiveDate>,
}

impl MandateLimits {
    /// Up to `maximum` a month, without end.
    pub fn monthly(maximum: Amount) -> Self {
        Self {
            maximum,
            frequency: Frequency::Monthly,
            until: None,
        }
    }

    /// Ends on `day`.
    pub fn until(mut self, day: NaiveDate) -> Self {
        self.until = Some(day);
        self
    }
}

hkob_core::open_enum! {
    /// Where a mandate is. A status this version does not know is kept as the bank sent it.
    pub enum MandateStatus {
        /// Waiting for the debtor's one-time password (a debtor at the same bank).
        PendingOtp = "PDOU",
        /// Waiting for the debtor's bank's answer through FPS (eDDA).
        PendingFps = "PDFP",
        /// Pending.
        Pending = "PDNG",
        /// In force: collections may be made.
        Active = "ACTIVE",
        /// Past its end date. Final.
        Expired = "EXPIRED",
        /// Unused for long.
        Dormant = "DORMANT",
        /// Suspended by the bank.
        Suspended = "SUSPENDED",
        /// Cancelled. Final.
        Cancelled = "CANCELLED",
        /// Deleted. Final.
        Deleted = "DELETED",
        /// Failed. Final.
        Error = "ERROR",
    }
}

impl MandateStatus {
    /// Whether the mandate can never be used again.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Expired | Self::Cancelled | Self::Deleted | Self::Error
        )
    }
}

/// A mandate, as the bank reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Mandate {
    /// The mandate's reference at the bank, used in every later call.
    pub id: String,
    /// Its status.
    pub status: MandateStatus,
    /// The prefix of the one-time password the debtor was sent, to match the SMS.
    pub otp_prefix: Option<String>,
    /// The debtor's mobile number, masked by the bank.
    pub masked_mobile: Option<String>,
    /// The most the creditor may collect at once, when the bank says.
    pub maximum: Option<Amount>,
    /// The last day, when the bank says (`None` also for a mandate that does not expire).
    pub until: Option<NaiveDate>,
}

/// A collection to make under a mandate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Collection {
    /// The mandate.
    pub mandate_id: String,
    /// How much (within the mandate's maximum).
    pub amount: Amount,
    /// The creditor's account.
    pub creditor_account: MandateAccount,
    /// The debtor's reference with the creditor.
    pub creditor_reference: Option<String>,
    /// The creditor's reference of this collection.
    pub reference: Option<String>,
}

impl Collection {
    /// Collects `amount` under mandate `mandate_id` into `creditor_account`.
    pub fn new(
        mandate_id: impl Into<String>,
        amount: Amount,
        creditor_account: MandateAccount,
    ) -> Self {
        Self {
            mandate_id: mandate_id.into(),
            amount,
            creditor_account,
            creditor_reference: None,
            reference: None,
        }
    }

    /// The creditor's reference of this collection.
    pub fn reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }
}

hkob_core::open_enum! {
    /// Where a collection is.
    pub enum CollectionStatus {
        /// Settled. Final.
        Settled = "ACSC",
        /// Sent to FPS (a debtor at another bank).
        SentToFps = "ACSP",
        /// The checks passed.
        Accepted = "ACCP",
        /// Rejected. Final.
        Rejected = "RJCT",
    }
}

impl CollectionStatus {
    /// Whether the status can no longer change.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Settled | Self::Rejected)
    }
}

/// A collection, as the bank reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Collected {
    /// The collection's id at the bank.
    pub id: String,
    /// Its status.
    pub status: CollectionStatus,
    /// Why it was rejected.
    pub reasons: Vec<StatusReason>,
}

/// A direct debit consent: the creditor's permission for the TSP to manage its direct debits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DirectDebitConsent {
    /// The bank.
    pub bank: BankId,
    /// The consent's id.
    pub id: String,
    /// Its status.
    pub status: PaymentConsentStatus,
    /// The functions it allows.
    pub permissions: Vec<DirectDebitPermission>,
    /// When it ends.
    pub expires_at: Option<DateTime<Utc>>,
    /// The creditor account the customer chose, once authorised.
    pub creditor_account: Option<MandateAccount>,
}
