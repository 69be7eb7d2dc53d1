//! One bank's applications (Phase II): what the bank took, decrypted, and
//! where each application is. Status reads move an application on by its
//! [`ApplicationProgress`]; answers and withdrawals are checked here, so
//! every dialect refuses them alike.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use serde_json::Value;

use super::progress::{ApplicationProgress, ApplicationStatus};

/// The id of the one information request the bank asks.
pub(crate) const INFORMATION_REQUEST_ID: &str = "ir-01";

/// An application the bank took, as a test sees it
/// ([`crate::BankHandle::application`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReceivedApplication {
    /// The application's id at the bank.
    pub id: String,
    /// The TSP client that sent it.
    pub client_id: String,
    /// The product type (`savings-account`...).
    pub product_type: String,
    /// The bank's product id.
    pub product_code: String,
    /// The decrypted application document (for an HSBC landing page: what
    /// the customer submitted, or the decrypted prefill until then, under
    /// `applicant`).
    pub document: Value,
    /// Where the application is (as last read).
    pub status: ApplicationStatus,
    /// The decrypted answers the TSP sent to information requests.
    pub answers: Vec<Value>,
}

impl ReceivedApplication {
    /// The applicant's identity document number, when the document has one.
    pub fn identity_document_number(&self) -> Option<&str> {
        self.document
            .pointer("/applicant/identityDocument/number")
            .and_then(Value::as_str)
    }
}

/// An HSBC landing page's hand-off.
#[derive(Debug, Clone)]
pub(crate) struct Landing {
    /// Where the browser goes back to.
    pub return_url: String,
    /// The TSP's state, echoed.
    pub state: String,
    /// When the page stops working (Unix seconds).
    pub expires_at: i64,
    /// Whether the customer submitted or cancelled already.
    pub used: bool,
}

/// An application and its history.
#[derive(Debug, Clone)]
pub(crate) struct ApplicationRecord {
    /// What a test sees.
    pub taken: ReceivedApplication,
    /// Reads since the last step.
    pub reads: u32,
    /// The progress it was taken under.
    pub progress: ApplicationProgress,
    /// When it was taken (RFC 3339).
    pub created: String,
    /// When the status last changed.
    pub updated: String,
    /// When the bank decided.
    pub decided_at: Option<String>,
    /// Whether the information request was answered.
    pub answered: bool,
    /// Why the TSP withdrew it.
    pub withdrawal_reason: Option<String>,
    /// The landing page (HSBC).
    pub landing: Option<Landing>,
}

impl ApplicationRecord {
    /// A record taken now, in `status`.
    pub(crate) fn new(
        taken: ReceivedApplication,
        progress: ApplicationProgress,
        landing: Option<Landing>,
    ) -> Self {
        let now = now();
        Self {
            taken,
            reads: 0,
            progress,
            created: now.clone(),
            updated: now,
            decided_at: None,
            answered: false,
            withdrawal_reason: None,
            landing,
        }
    }

    /// The status.
    pub(crate) fn status(&self) -> ApplicationStatus {
        self.taken.status
    }

    fn set_status(&mut self, status: ApplicationStatus) {
        self.taken.status = status;
        self.reads = 0;
        self.updated = now();
        if status.is_decided() {
            self.decided_at = Some(self.updated.clone());
        }
    }
}

/// Why the bank refused to change an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// No application of this id (for this client).
    Unknown,
    /// Not awaiting information (answers) or already decided (withdrawals).
    Conflict,
    /// No open information request of this id.
    UnknownRequest,
}

/// One bank's applications.
#[derive(Debug, Default)]
pub(crate) struct ApplicationBook {
    records: Mutex<HashMap<String, ApplicationRecord>>,
    progress: Mutex<ApplicationProgress>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Now, RFC 3339 in seconds, UTC.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl ApplicationBook {
    /// A book whose applications move by `progress`.
    pub(crate) fn new(progress: ApplicationProgress) -> Self {
        Self {
            records: Mutex::default(),
            progress: Mutex::new(progress),
        }
    }

    /// The progress applications taken from now on get.
    pub(crate) fn progress(&self) -> ApplicationProgress {
        *lock(&self.progress)
    }

    /// Sets the progress of applications taken from now on.
    pub(crate) fn set_progress(&self, progress: ApplicationProgress) {
        *lock(&self.progress) = progress;
    }

    /// Keeps a new application.
    pub(crate) fn insert(&self, record: ApplicationRecord) {
        lock(&self.records).insert(record.taken.id.clone(), record);
    }

    /// What the bank took, without moving it on.
    pub(crate) fn get(&self, id: &str) -> Option<ApplicationRecord> {
        lock(&self.records).get(id).cloned()
    }

    /// Every application's id.
    pub(crate) fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = lock(&self.records).keys().cloned().collect();
        ids.sort();
        ids
    }

    /// Applies `f` to the application `id` of `client`.
    pub(crate) fn update<T>(
        &self,
        id: &str,
        client: &str,
        f: impl FnOnce(&mut ApplicationRecord) -> Result<T, Refused>,
    ) -> Result<T, Refused> {
        let mut records = lock(&self.records);
        match records.get_mut(id) {
            Some(r) if r.taken.client_id == client => f(r),
            _ => Err(Refused::Unknown),
        }
    }

    /// A status read: counts the read and takes a step when due.
    pub(crate) fn read(&self, id: &str, client: &str) -> Result<ApplicationRecord, Refused> {
        self.update(id, client, |r| {
            r.reads = r.reads.saturating_add(1);
            if r.reads >= r.progress.reads_per_step.max(1)
                && let Some(next) = r.progress.next(r.status(), r.answered)
            {
                r.set_status(next);
            }
            Ok(r.clone())
        })
    }

    /// The TSP's answer (decrypted) to the information request `request_id`.
    pub(crate) fn answer(
        &self,
        id: &str,
        client: &str,
        request_id: &str,
        answer: Value,
    ) -> Result<ApplicationRecord, Refused> {
        self.update(id, client, |r| {
            if r.status() != ApplicationStatus::InformationRequired {
                return Err(Refused::Conflict);
            }
            if request_id != INFORMATION_REQUEST_ID {
                return Err(Refused::UnknownRequest);
            }
            r.answered = true;
            r.taken.answers.push(answer);
            r.set_status(ApplicationStatus::UnderReview);
            Ok(r.clone())
        })
    }

    /// Withdraws an application not yet decided (a withdrawn one is answered
    /// unchanged).
    pub(crate) fn withdraw(
        &self,
        id: &str,
        client: &str,
        reason: Option<String>,
    ) -> Result<ApplicationRecord, Refused> {
        self.update(id, client, |r| match r.status() {
            ApplicationStatus::Withdrawn => Ok(r.clone()),
            s if s.is_final() => Err(Refused::Conflict),
            _ => {
                r.withdrawal_reason = reason;
                r.set_status(ApplicationStatus::Withdrawn);
                Ok(r.clone())
            }
        })
    }

    /// Ends a landing page (HSBC): the customer submitted `document` (then
    /// `Received`) or cancelled (`None`, then `Cancelled`).
    pub(crate) fn finish_landing(
        &self,
        id: &str,
        document: Option<Value>,
    ) -> Result<ApplicationRecord, Refused> {
        let mut records = lock(&self.records);
        let r = records.get_mut(id).ok_or(Refused::Unknown)?;
        let Some(landing) = r.landing.as_mut() else {
            return Err(Refused::Unknown);
        };
        if landing.used || r.taken.status != ApplicationStatus::AwaitingCustomer {
            return Err(Refused::Conflict);
        }
        landing.used = true;
        match document {
            Some(doc) => {
                r.taken.document = doc;
                r.set_status(ApplicationStatus::Received);
            }
            None => r.set_status(ApplicationStatus::Cancelled),
        }
        Ok(r.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applications::progress::InformationKind;

    fn taken(id: &str) -> ReceivedApplication {
        ReceivedApplication {
            id: id.to_owned(),
            client_id: "c".to_owned(),
            product_type: "savings-account".to_owned(),
            product_code: "SAV".to_owned(),
            document: Value::Null,
            status: ApplicationStatus::Received,
            answers: Vec::new(),
        }
    }

    #[test]
    fn reads_answers_and_withdrawals() {
        let book = ApplicationBook::default();
        let progress =
            ApplicationProgress::default().with_information_request(InformationKind::Document);
        book.insert(ApplicationRecord::new(taken("a"), progress, None));
        assert_eq!(book.read("a", "other").err(), Some(Refused::Unknown));
        assert_eq!(
            book.answer("a", "c", INFORMATION_REQUEST_ID, Value::Null)
                .err(),
            Some(Refused::Conflict)
        );
        let s = |r: Result<ApplicationRecord, Refused>| r.map(|r| r.status());
        assert_eq!(s(book.read("a", "c")), Ok(ApplicationStatus::UnderReview));
        assert_eq!(
            s(book.read("a", "c")),
            Ok(ApplicationStatus::InformationRequired)
        );
        assert_eq!(
            s(book.read("a", "c")),
            Ok(ApplicationStatus::InformationRequired)
        );
        assert_eq!(
            book.answer("a", "c", "nope", Value::Null).err(),
            Some(Refused::UnknownRequest)
        );
        assert_eq!(
            s(book.answer("a", "c", INFORMATION_REQUEST_ID, Value::Null)),
            Ok(ApplicationStatus::UnderReview)
        );
        assert_eq!(s(book.read("a", "c")), Ok(ApplicationStatus::Approved));
        assert_eq!(book.withdraw("a", "c", None).err(), Some(Refused::Conflict));
    }
}
