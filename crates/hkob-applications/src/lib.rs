//! Phase II of the HKMA Open API Framework: subscriptions and new applications.
//!
//! A TSP applies for a bank product on a customer's behalf: a savings, current or foreign
//! currency account, a time deposit, a credit card, a mortgage or a loan, a safe deposit box,
//! an investment, precious metal or stock account, or an insurance policy.
//!
//! The main path:
//!
//! 1. Build an [`Application`]: [`Application::builder`] takes the bank's product code and the
//!    product's typed details ([`CreditCard`], [`TimeDeposit`], ...), the [`Applicant`] from
//!    [`Applicant::builder`], the [`Consents`] and the product's [`ProductLimits`] (for example
//!    from its Phase I data). `build` checks every field — the HKID check digit or a passport,
//!    the `+852` mobile number, the e-mail address, the address with its district and region,
//!    ages, employment and income where the product lends, amounts and tenors within the
//!    limits — and an [`InvalidApplication`] lists every problem at once. Nothing reaches the
//!    bank until it is valid.
//! 2. Send it to the bank in its dialect (see the crate's guide, `docs/phase2-applications.md`).
//!
//! Everything that holds personal data keeps it out of `Debug`: identifiers are masked, names
//! and addresses print `[redacted]`.

#![warn(missing_docs)]
#![warn(clippy::arithmetic_side_effects)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

mod access;
mod answer;
mod dialects;
mod error;
pub mod generated;
mod hand_off;
mod invalid;
mod model;
mod seal;
mod status;

pub use access::{ApplicationAccess, ApplicationOptions};
pub use answer::InformationAnswer;
pub use error::ApplicationError;
pub use hand_off::{
    BackendHandOffStore, HandOffOutcome, HandOffStore, LandingPage, MemoryHandOffStore,
    PendingHandOff,
};
pub use hkob_core::personal::{EmailAddress, HkidNumber, MobileNumber, PersonalDataError};
pub use invalid::{FieldProblem, InvalidApplication, ProblemKind};
pub use model::*;
pub use seal::{BankEncryptionKey, CONTENT_ENCRYPTION, KEY_ALGORITHM};
pub use status::{
    ApplicationRecord, ApplicationStatus, Decision, InformationKind, InformationRequest,
};

/// Today's date in Hong Kong (UTC+8, no daylight saving).
fn today_in_hong_kong() -> hkob_core::Date {
    let now = chrono::Utc::now();
    match chrono::FixedOffset::east_opt(8 * 3600) {
        Some(hong_kong) => now.with_timezone(&hong_kong).date_naive(),
        None => now.date_naive(),
    }
}
