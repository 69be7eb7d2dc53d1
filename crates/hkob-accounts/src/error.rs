//! What can go wrong when reading a customer's accounts.

use hkob_banks::{BankId, ConnectError, Dialect, ProfileError};

use crate::consent::ConsentStatus;
use crate::store::StoreError;

/// An error of `hkob-accounts`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AccessError {
    /// A request to the bank failed (transport, an error answer, a token or ID token refused).
    #[error(transparent)]
    Request(#[from] hkob_core::Error),
    /// The consent cannot be used: it is awaiting authorisation, rejected, revoked or expired.
    #[error("consent {consent_id} at {bank} is {status}: it cannot be used to read data")]
    ConsentNotUsable {
        /// The bank.
        bank: BankId,
        /// The consent.
        consent_id: String,
        /// Its status.
        status: ConsentStatus,
    },
    /// No consent with that id is known for the bank.
    #[error("no consent {consent_id} is known at {bank}")]
    UnknownConsent {
        /// The bank.
        bank: BankId,
        /// The consent id asked for.
        consent_id: String,
    },
    /// The callback belongs to no authorization in progress: its `state` is unknown, was
    /// already used (a replayed callback), or expired.
    #[error("the callback matches no authorization in progress (unknown, used or expired state)")]
    UnknownAuthorization,
    /// The bank's answer does not hold together: an ID token for another consent, a consent
    /// for other permissions than asked, an item that cannot be read.
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
    /// hkob does not speak this dialect's Phase III API.
    #[error("hkob has no Phase III client for the {0} dialect")]
    UnsupportedDialect(Dialect),
    /// The bank profile cannot be used.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The consent store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AccessError {
    /// The error of setting up access at a bank.
    pub(crate) fn from_connect(error: ConnectError) -> Self {
        match error {
            ConnectError::Request(e) => AccessError::Request(e),
            ConnectError::Profile(e) => AccessError::Profile(e),
            ConnectError::NoClientSecret { .. } => AccessError::InvalidInput(error.to_string()),
            other => match other.bank() {
                Some(bank) => AccessError::Inconsistent {
                    bank: bank.clone(),
                    message: other.to_string(),
                },
                None => AccessError::InvalidInput(other.to_string()),
            },
        }
    }

    /// The consent's status, when the error is that it cannot be used.
    pub fn consent_status(&self) -> Option<&ConsentStatus> {
        match self {
            AccessError::ConsentNotUsable { status, .. } => Some(status),
            _ => None,
        }
    }

    /// The underlying request error, when there is one.
    pub fn request_error(&self) -> Option<&hkob_core::Error> {
        match self {
            AccessError::Request(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status of the bank's answer, when the error is one.
    pub fn status(&self) -> Option<http::StatusCode> {
        self.request_error().and_then(hkob_core::Error::status)
    }
}
