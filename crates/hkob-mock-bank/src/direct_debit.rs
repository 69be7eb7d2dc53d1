//! Phase IV, real-time direct debits (the HSBC group's service): the rules,
//! beside the dialect (its wire shapes are in
//! `dialects/hsbc_group/direct_debit`).
//!
//! - [`consents`]: a direct debit consent, created with the TSP's
//!   client-credentials token (scope `directdebit`) for a set of functions
//!   ([`Permission`]); the business customer (the creditor) authorises it
//!   on the consent page, picking the HKD account collections are paid
//!   into (its status is the bank authorization server's).
//! - [`mandates`]: direct debit authorisations, set up with the
//!   creditor's token bound to that consent: the debtor account must exist
//!   at a bank of the instance; a debtor at the same bank is sent a
//!   one-time password (`PDOU`, confirmed or sent again in [`otp`]), a
//!   debtor at another bank answers through FPS (`PDFP`, `ACTIVE` from its
//!   Nth enquiry); read, amended and cancelled; `EXPIRED` past their last
//!   day on the mock clock.
//! - [`instructions`]: collections under an `ACTIVE` mandate, within its
//!   maximum, moving the money from the debtor's account to the
//!   creditor's at once (atomically, across banks), or refused with
//!   `processResult` `99` and a reason.
//! - [`access`]: which token and which permission each call takes;
//!   [`account`]: the `cashAccount` of every request, checked and found.
//!
//! Refusals are the payments' [`Problem`]s; business refusals (a wrong
//! password, a collection the mandate does not allow) are answers with
//! `processResult` `99` ([`Outcome`]).

pub(crate) mod access;
pub(crate) mod account;
pub(crate) mod book;
pub(crate) mod consents;
pub(crate) mod instructions;
pub(crate) mod mandates;
pub(crate) mod otp;

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub(crate) use book::{DirectDebitBook, DirectDebitSettings};

use crate::instance::{BankState, Instance};
use crate::payments::Problem;

/// One direct debit request's context: the instance (for the debtors'
/// banks) and the bank.
pub(crate) struct Ctx<'a> {
    pub instance: &'a Instance,
    pub bank: &'a Arc<BankState>,
}

/// A direct debit function a consent allows, one per operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Permission {
    /// Set up mandates.
    Setup,
    /// Confirm a mandate with the debtor's one-time password.
    OtpConfirmation,
    /// Send the debtor a new one-time password.
    OtpRegeneration,
    /// Read, amend and cancel mandates.
    StatusAuthorisations,
    /// Collect under mandates.
    Instructions,
    /// Read collections.
    StatusInstructions,
    /// Download reports (no operation of the mock uses it).
    Reporting,
}

impl Permission {
    /// Every permission, in the spec's order.
    pub(crate) const ALL: [Permission; 7] = [
        Permission::Setup,
        Permission::OtpConfirmation,
        Permission::OtpRegeneration,
        Permission::StatusAuthorisations,
        Permission::Instructions,
        Permission::StatusInstructions,
        Permission::Reporting,
    ];

    /// The wire code.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Permission::Setup => "RealTimeDirectDebitSetup",
            Permission::OtpConfirmation => "RealTimeDirectDebitOtpConfirmation",
            Permission::OtpRegeneration => "RealTimeDirectDebitOtpRegeneration",
            Permission::StatusAuthorisations => "RealTimeDirectDebitStatusAuthorisations",
            Permission::Instructions => "RealTimeDirectDebitInstructions",
            Permission::StatusInstructions => "RealTimeDirectDebitStatusInstructions",
            Permission::Reporting => "RealTimeDirectDebitReporting",
        }
    }

    /// A permission by its wire code.
    pub(crate) fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Where a mandate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MandateStatus {
    /// Waiting for the debtor's one-time password (a debtor at this bank).
    PendingOtp,
    /// Waiting for the debtor's bank's answer through FPS (eDDA).
    PendingFps,
    /// In force.
    Active,
    /// Past its last day.
    Expired,
    /// Cancelled.
    Cancelled,
    /// Failed (three wrong one-time passwords).
    Error,
}

impl MandateStatus {
    /// The wire code.
    pub(crate) fn code(self) -> &'static str {
        match self {
            MandateStatus::PendingOtp => "PDOU",
            MandateStatus::PendingFps => "PDFP",
            MandateStatus::Active => "ACTIVE",
            MandateStatus::Expired => "EXPIRED",
            MandateStatus::Cancelled => "CANCELLED",
            MandateStatus::Error => "ERROR",
        }
    }

    /// Whether the mandate can never be used again.
    pub(crate) fn is_final(self) -> bool {
        matches!(
            self,
            MandateStatus::Expired | MandateStatus::Cancelled | MandateStatus::Error
        )
    }
}

/// How often the creditor may collect (not enforced: any number of
/// collections is allowed whatever the frequency).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Frequency {
    /// `MNTH`.
    Monthly,
    /// `ADHO`.
    AdHoc,
}

impl Frequency {
    /// The wire code.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Frequency::Monthly => "MNTH",
            Frequency::AdHoc => "ADHO",
        }
    }
}

/// A mandate's frequency and last day (`9999-12-31`: no end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occurrences {
    pub frequency: Frequency,
    pub until: NaiveDate,
}

/// An amount as sent (`800.00`), its value and its currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Money {
    pub text: String,
    pub value: Decimal,
    pub currency: String,
}

/// The only currency of direct debits.
pub(crate) const CURRENCY: &str = "HKD";

/// A `processResult`: `00`, or `99` with reasons (code and text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub reasons: Vec<(String, String)>,
}

impl Outcome {
    /// `00`.
    pub(crate) fn ok() -> Self {
        Self {
            reasons: Vec::new(),
        }
    }

    /// `99`, for one reason.
    pub(crate) fn refused(code: &str, text: impl Into<String>) -> Self {
        Self {
            reasons: vec![(code.to_owned(), text.into())],
        }
    }

    /// Whether the bank carried the request out.
    pub(crate) fn succeeded(&self) -> bool {
        self.reasons.is_empty()
    }
}

/// The bank's day in Hong Kong (UTC+8) at an instant of its clock.
pub(crate) fn hong_kong_day(secs: i64) -> NaiveDate {
    chrono::DateTime::<chrono::Utc>::from_timestamp(secs.saturating_add(8 * 3600), 0)
        .unwrap_or_default()
        .date_naive()
}

/// A refusal for a field the spec bounds in length.
pub(crate) fn length(field: &str, value: &str, min: usize, max: usize) -> Result<(), Problem> {
    let n = value.chars().count();
    if n < min || n > max {
        let what = if min == 0 {
            format!("at most {max}")
        } else {
            format!("{min} to {max}")
        };
        return Err(Problem::invalid(
            field,
            format!("{field} must be {what} characters long."),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_days_are_hong_kongs() {
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.code()), Some(p));
        }
        assert_eq!(Permission::parse("ReadBalances"), None);
        // 2026-12-01T16:00:00Z is midnight in Hong Kong.
        assert_eq!(
            hong_kong_day(1_796_140_800),
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default()
        );
        assert_eq!(
            hong_kong_day(1_796_140_799),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
        );
        assert!(length("f", "", 1, 3).is_err());
        assert!(length("f", "abcd", 1, 3).is_err());
        assert!(length("f", "", 0, 3).is_ok());
        assert!(MandateStatus::Cancelled.is_final() && !MandateStatus::PendingFps.is_final());
    }
}
