//! What can go wrong when paying.

use hkob_banks::{BankId, ConnectError, Dialect, ProfileError};
use hkob_core::store::StoreError;

use crate::model::{OrderError, Payment, PaymentConsentStatus, StatusReason};

/// An error of `hkob-payments`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PaymentError {
    /// A request to the bank failed (transport, an error answer such as the bank refusing a
    /// payment that differs from its consent, a token, ID token or answer signature refused).
    #[error(transparent)]
    Request(#[from] hkob_core::Error),
    /// The order is not valid; nothing was sent. Every problem found is listed.
    #[error("invalid payment order: {}", list(.0))]
    InvalidOrder(Vec<OrderError>),
    /// The payment the bank holds (or would be sent) differs from the one asked for; nothing
    /// more was sent.
    #[error("{bank}: the payment differs from its consent {consent_id} ({field})")]
    ConsentMismatch {
        /// The bank.
        bank: BankId,
        /// The consent.
        consent_id: String,
        /// The first field that differs.
        field: &'static str,
    },
    /// The consent cannot be used to pay: awaiting authorisation, rejected, consumed, revoked
    /// or expired.
    #[error("consent {consent_id} at {bank} is {status}: it cannot be used to pay")]
    ConsentNotUsable {
        /// The bank.
        bank: BankId,
        /// The consent.
        consent_id: String,
        /// Its status.
        status: PaymentConsentStatus,
    },
    /// No payment intent with that consent id is known for the bank.
    #[error("no payment intent for consent {consent_id} is known at {bank}")]
    UnknownIntent {
        /// The bank.
        bank: BankId,
        /// The consent id asked for.
        consent_id: String,
    },
    /// The callback belongs to no approval in progress: its `state` is unknown, was already
    /// used (a replayed callback), or expired.
    #[error("the callback matches no approval in progress (unknown, used or expired state)")]
    UnknownAuthorization,
    /// The bank refused a direct debit request (`processResult` `99`), with its reasons.
    #[error("{bank} refused the request: {}", reasons_list(.reasons))]
    Refused {
        /// The bank.
        bank: BankId,
        /// Why.
        reasons: Vec<StatusReason>,
    },
    /// The payment did not reach a final status before the deadline; it may still.
    #[error("payment {} at {} is still {} at the deadline", .0.id, .0.bank, .0.status)]
    Deadline(Box<Payment>),
    /// The bank's answer does not hold together.
    #[error("{bank}: {message}")]
    Inconsistent {
        /// The bank.
        bank: BankId,
        /// What is wrong.
        message: String,
    },
    /// The caller's input is not valid; nothing was sent.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The bank's dialect does not offer this.
    #[error("the {dialect} dialect does not offer {what}")]
    NotOffered {
        /// The dialect.
        dialect: Dialect,
        /// What it does not offer.
        what: &'static str,
    },
    /// hkob does not speak this dialect's Phase IV API.
    #[error("hkob has no Phase IV client for the {0} dialect")]
    UnsupportedDialect(Dialect),
    /// The bank profile cannot be used.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn list(problems: &[OrderError]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn reasons_list(reasons: &[StatusReason]) -> String {
    if reasons.is_empty() {
        return "no reason given".to_owned();
    }
    reasons
        .iter()
        .map(|r| match &r.information {
            Some(info) => format!("{} ({info})", r.code),
            None => r.code.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl PaymentError {
    pub(crate) fn from_connect(error: ConnectError) -> Self {
        match error {
            ConnectError::Request(e) => PaymentError::Request(e),
            ConnectError::Profile(e) => PaymentError::Profile(e),
            other => match other.bank() {
                Some(bank) => PaymentError::Inconsistent {
                    bank: bank.clone(),
                    message: other.to_string(),
                },
                None => PaymentError::InvalidInput(other.to_string()),
            },
        }
    }

    /// The underlying request error, when there is one.
    pub fn request_error(&self) -> Option<&hkob_core::Error> {
        match self {
            PaymentError::Request(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status of the bank's answer, when the error is one.
    pub fn status(&self) -> Option<http::StatusCode> {
        self.request_error().and_then(hkob_core::Error::status)
    }

    /// The bank's error code, when it gave one.
    pub fn code(&self) -> Option<&str> {
        self.request_error().and_then(hkob_core::Error::code)
    }
}
