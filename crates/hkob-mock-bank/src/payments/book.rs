//! One bank's payment consents and payments, and the settings they run
//! under. A consent's status lives with the bank's authorization server
//! (which the customer authorises it at, and which revokes it); what it is
//! for lives here.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard, RwLock};

use rust_decimal::Decimal;

use super::creditor::Creditor;
use super::initiation::Initiation;
use super::progress::{PaymentProgress, PaymentStatus};

/// The per-payment limit in each currency unless set otherwise: 50,000.
pub(crate) const DEFAULT_LIMIT: Decimal = Decimal::from_parts(50_000, 0, 0, false, 0);

/// What a payment consent is for.
#[derive(Debug, Clone)]
pub(crate) struct ConsentRecord {
    pub client_id: String,
    pub initiation: Initiation,
    pub creditor: Creditor,
}

/// Where the money of an accepted payment went, to give it back if the
/// payment is cancelled.
#[derive(Debug, Clone)]
pub(crate) struct Movement {
    pub debtor_account: String,
    pub creditor: Creditor,
    pub amount: Decimal,
}

/// A payment.
#[derive(Debug, Clone)]
pub(crate) struct PaymentRecord {
    pub payment_id: String,
    pub consent_id: String,
    pub client_id: String,
    /// The initiation, with the debtor account it was paid from.
    pub initiation: Initiation,
    pub created_at: i64,
    pub status: PaymentStatus,
    pub status_updated_at: i64,
    /// ISO 20022 reason code and text of a rejection or cancellation.
    pub reason: Option<(String, String)>,
    pub progress: PaymentProgress,
    pub polls: u32,
    pub movement: Option<Movement>,
}

/// Settings of the bank's payments.
#[derive(Debug, Clone, Default)]
pub(crate) struct PaymentSettings {
    pub progress: PaymentProgress,
    /// The largest amount of one payment, per currency (50,000 where unset).
    pub limits: BTreeMap<String, Decimal>,
}

impl PaymentSettings {
    /// The largest amount of one payment in a currency.
    pub(crate) fn limit(&self, currency: &str) -> Decimal {
        self.limits.get(currency).copied().unwrap_or(DEFAULT_LIMIT)
    }
}

/// One bank's payment consents and payments.
#[derive(Debug, Default)]
pub(crate) struct PaymentBook {
    consents: Mutex<HashMap<String, ConsentRecord>>,
    payments: Mutex<HashMap<String, PaymentRecord>>,
    settings: RwLock<PaymentSettings>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl PaymentBook {
    /// A book with these settings.
    pub(crate) fn new(settings: PaymentSettings) -> Self {
        Self {
            settings: RwLock::new(settings),
            ..Self::default()
        }
    }

    pub(crate) fn settings(&self) -> PaymentSettings {
        self.settings
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn update_settings(&self, f: impl FnOnce(&mut PaymentSettings)) {
        f(&mut self
            .settings
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner));
    }

    pub(crate) fn add_consent(&self, consent_id: &str, record: ConsentRecord) {
        lock(&self.consents).insert(consent_id.to_owned(), record);
    }

    pub(crate) fn consent(&self, consent_id: &str) -> Option<ConsentRecord> {
        lock(&self.consents).get(consent_id).cloned()
    }

    pub(crate) fn add_payment(&self, record: PaymentRecord) {
        lock(&self.payments).insert(record.payment_id.clone(), record);
    }

    /// A payment, after `f` changed it (a poll), under the book's lock.
    pub(crate) fn update_payment<T>(
        &self,
        payment_id: &str,
        f: impl FnOnce(&mut PaymentRecord) -> T,
    ) -> Option<T> {
        lock(&self.payments).get_mut(payment_id).map(f)
    }

    /// A payment as it is.
    pub(crate) fn payment(&self, payment_id: &str) -> Option<PaymentRecord> {
        lock(&self.payments).get(payment_id).cloned()
    }

    /// How many payments the bank holds.
    pub(crate) fn payment_count(&self) -> usize {
        lock(&self.payments).len()
    }
}
