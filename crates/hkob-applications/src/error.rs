//! What can go wrong when applying.

use hkob_banks::{BankId, Dialect, ProfileError};
use hkob_core::store::StoreError;

use crate::invalid::InvalidApplication;

/// An error of `hkob-applications`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApplicationError {
    /// The application is not valid; nothing was sent. Every problem is listed.
    #[error(transparent)]
    Invalid(#[from] InvalidApplication),
    /// A request to the bank failed: transport, credentials, or an error answer. A bank's
    /// validation answer (400) keeps its field errors in
    /// [`ApiError::field_errors`](hkob_core::error::ApiError::field_errors), reachable through
    /// [`hkob_core::Error`].
    #[error(transparent)]
    Request(#[from] hkob_core::Error),
    /// The bank's dialect has no Phase II API in hkob.
    #[error("hkob has no Phase II API for the {0} dialect")]
    UnsupportedDialect(Dialect),
    /// The bank's dialect does not offer this way of applying (the HSBC group takes
    /// applications on its landing page only; the others have no landing page).
    #[error("the {dialect} dialect does not offer {what}")]
    NotOffered {
        /// The dialect.
        dialect: Dialect,
        /// What it does not offer.
        what: &'static str,
    },
    /// The bank's profile cannot make a client.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The bank publishes no key hkob can encrypt to, or the key given cannot be used.
    #[error("no usable encryption key: {0}")]
    EncryptionKey(String),
    /// Encrypting or signing the payload failed; nothing was sent.
    #[error("the payload could not be protected: {0}")]
    Encryption(String),
    /// This dialect signs every Phase II request, and the options have no signing key.
    #[error("the {0} dialect signs Phase II requests: give a signing key in the options")]
    SignerRequired(Dialect),
    /// The return from the bank's landing page matches no hand-off in progress: its `state` is
    /// unknown, was already used (a replayed return), or expired.
    #[error(
        "the return matches no landing-page hand-off in progress (unknown, used or expired state)"
    )]
    UnknownHandOff,
    /// The return from the landing page is not a valid outcome.
    #[error("the return from the landing page is not valid: {0}")]
    InvalidReturn(String),
    /// The application did not reach a final status before the deadline; it may still.
    #[error("application {id} at {bank} is still {status} at the deadline")]
    Deadline {
        /// The bank.
        bank: BankId,
        /// The application.
        id: String,
        /// Its last status.
        status: crate::ApplicationStatus,
    },
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
    /// The hand-off store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ApplicationError {
    /// This error as a core request error: itself when it is one, else a key-set failure that
    /// says what went wrong (for the key set the answers are checked with).
    pub(crate) fn into_request_error(self) -> hkob_core::Error {
        match self {
            Self::Request(e) => e,
            other => hkob_core::error::AuthError::new(
                hkob_core::error::AuthErrorKind::Discovery,
                other.to_string(),
            )
            .into(),
        }
    }

    /// The field errors of the bank's validation answer, as `(field, message)` pairs, where the
    /// error is one.
    pub fn bank_field_errors(&self) -> Vec<(&str, &str)> {
        match self {
            Self::Request(hkob_core::Error::Api(api)) => api
                .field_errors()
                .iter()
                .map(|f| {
                    (
                        f.path.as_deref().unwrap_or_default(),
                        f.message.as_deref().unwrap_or_default(),
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}
