//! One bank's direct debit consents, mandates and collections, and the
//! settings they run under. A consent's status lives with the bank's
//! authorization server (which the creditor authorises it at, and which
//! revokes it); which functions it allows lives here.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock};

use super::{MandateStatus, Money, Occurrences, Permission};

/// How many enquiries an off-us mandate waits in `PDFP` unless set
/// otherwise: it answers `ACTIVE` from its first enquiry.
pub(crate) const DEFAULT_FPS_ENQUIRIES: u32 = 1;

/// How many wrong one-time passwords a mandate takes before it fails.
pub(crate) const MAX_WRONG_OTPS: u32 = 3;

/// What a direct debit consent allows.
#[derive(Debug, Clone)]
pub(crate) struct ConsentRecord {
    pub client_id: String,
    pub permissions: Vec<Permission>,
}

/// A one-time password the debtor was "sent" by SMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Otp {
    /// The prefix the SMS starts with (`YU88X`).
    pub prefix: String,
    /// The six digits.
    pub password: String,
}

/// A mandate (direct debit authorisation).
#[derive(Debug, Clone)]
pub(crate) struct MandateRecord {
    pub mandate_id: String,
    /// The TSP that set it up.
    pub client_id: String,
    /// The creditor's account at this bank (ledger id).
    pub creditor_account_id: String,
    /// The debtor's bank (its id in the instance) and account (ledger id).
    pub debtor_bank_id: String,
    pub debtor_account_id: String,
    /// Whether the debtor banks here.
    pub on_us: bool,
    pub creditor_reference: String,
    /// The debtor's mobile number, masked, when the request gave one.
    pub masked_mobile: Option<String>,
    pub maximum: Money,
    pub occurrences: Occurrences,
    pub status: MandateStatus,
    /// The live one-time password of a mandate in `PDOU`.
    pub otp: Option<Otp>,
    pub wrong_otps: u32,
    /// Enquiries so far (an off-us mandate turns `ACTIVE` after some).
    pub enquiries: u32,
    /// The enquiries an off-us mandate waits for.
    pub fps_enquiries: u32,
}

/// Where a collection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CollectionStatus {
    /// `ACSC`: settled.
    Settled,
    /// `ACSP`: sent to FPS (an off-us debtor); settled by the next read.
    SentToFps,
    /// `RJCT`.
    Rejected,
}

impl CollectionStatus {
    /// The wire code.
    pub(crate) fn code(self) -> &'static str {
        match self {
            CollectionStatus::Settled => "ACSC",
            CollectionStatus::SentToFps => "ACSP",
            CollectionStatus::Rejected => "RJCT",
        }
    }
}

/// A collection (direct debit instruction).
#[derive(Debug, Clone)]
pub(crate) struct InstructionRecord {
    pub transaction_id: String,
    pub client_id: String,
    /// The creditor account of its mandate (ledger id), who may read it.
    pub creditor_account_id: String,
    pub status: CollectionStatus,
    /// Why it was rejected (code and text).
    pub reasons: Vec<(String, String)>,
}

/// Settings of the bank's direct debits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DirectDebitSettings {
    /// The enquiries an off-us mandate answers `PDFP` to before `ACTIVE`
    /// (0: `ACTIVE` at once).
    pub fps_enquiries: u32,
}

impl Default for DirectDebitSettings {
    fn default() -> Self {
        Self {
            fps_enquiries: DEFAULT_FPS_ENQUIRIES,
        }
    }
}

/// One bank's direct debits.
#[derive(Debug, Default)]
pub(crate) struct DirectDebitBook {
    consents: Mutex<HashMap<String, ConsentRecord>>,
    mandates: Mutex<HashMap<String, MandateRecord>>,
    instructions: Mutex<HashMap<String, InstructionRecord>>,
    settings: RwLock<DirectDebitSettings>,
    /// The last mandate and collection numbers given.
    mandate_seq: AtomicU64,
    instruction_seq: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl DirectDebitBook {
    /// A book with these settings.
    pub(crate) fn new(settings: DirectDebitSettings) -> Self {
        Self {
            settings: RwLock::new(settings),
            ..Self::default()
        }
    }

    pub(crate) fn settings(&self) -> DirectDebitSettings {
        *self
            .settings
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn update_settings(&self, f: impl FnOnce(&mut DirectDebitSettings)) {
        f(&mut self
            .settings
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner));
    }

    /// The next mandate number (1, 2, ...).
    pub(crate) fn next_mandate(&self) -> u64 {
        self.mandate_seq
            .fetch_add(1, Ordering::Relaxed)
            .saturating_add(1)
    }

    /// The next collection number (1, 2, ...).
    pub(crate) fn next_instruction(&self) -> u64 {
        self.instruction_seq
            .fetch_add(1, Ordering::Relaxed)
            .saturating_add(1)
    }

    pub(crate) fn add_consent(&self, consent_id: &str, record: ConsentRecord) {
        lock(&self.consents).insert(consent_id.to_owned(), record);
    }

    pub(crate) fn consent(&self, consent_id: &str) -> Option<ConsentRecord> {
        lock(&self.consents).get(consent_id).cloned()
    }

    pub(crate) fn add_mandate(&self, record: MandateRecord) {
        lock(&self.mandates).insert(record.mandate_id.clone(), record);
    }

    /// What `f` makes of a mandate, under the book's lock (so two requests
    /// about one mandate take turns).
    pub(crate) fn update_mandate<T>(
        &self,
        mandate_id: &str,
        f: impl FnOnce(&mut MandateRecord) -> T,
    ) -> Option<T> {
        lock(&self.mandates).get_mut(mandate_id).map(f)
    }

    /// A mandate as it is.
    pub(crate) fn mandate(&self, mandate_id: &str) -> Option<MandateRecord> {
        lock(&self.mandates).get(mandate_id).cloned()
    }

    pub(crate) fn add_instruction(&self, record: InstructionRecord) {
        lock(&self.instructions).insert(record.transaction_id.clone(), record);
    }

    /// What `f` makes of a collection, under the book's lock.
    pub(crate) fn update_instruction<T>(
        &self,
        transaction_id: &str,
        f: impl FnOnce(&mut InstructionRecord) -> T,
    ) -> Option<T> {
        lock(&self.instructions).get_mut(transaction_id).map(f)
    }
}
