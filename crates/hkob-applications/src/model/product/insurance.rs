//! Insurance: general cover and life policies.

use std::fmt;

use hkob_core::{Amount, Currency, Date};
use serde::{Deserialize, Serialize};

use super::{ProductRules, check_positive, check_range};
use crate::invalid::Problems;

/// General insurance: travel, home, motor, medical or accident cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GeneralInsurance {
    /// What is covered.
    pub cover: InsuranceCover,
    /// The sum insured.
    pub sum_insured: Amount,
    /// The first day of cover.
    pub start_date: Date,
    /// The last day of cover; open-ended (renewing) when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Date>,
}

impl GeneralInsurance {
    /// `cover` for `sum_insured` from `start_date`.
    pub fn new(cover: InsuranceCover, sum_insured: Amount, start_date: Date) -> Self {
        Self {
            cover,
            sum_insured,
            start_date,
            end_date: None,
        }
    }

    /// Sets the last day of cover.
    pub fn until(mut self, end_date: Date) -> Self {
        self.end_date = Some(end_date);
        self
    }
}

impl ProductRules for GeneralInsurance {
    fn amount(&self) -> Option<(&'static str, &Amount)> {
        Some(("sumInsured", &self.sum_insured))
    }

    fn currencies(&self) -> Vec<(String, Currency)> {
        vec![("sumInsured.currency".into(), self.sum_insured.currency)]
    }

    fn adults_only(&self) -> bool {
        true
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        check_positive(
            problems,
            format!("{field}.sumInsured.amount"),
            &self.sum_insured,
        );
        if self.end_date.is_some_and(|end| end < self.start_date) {
            problems.inconsistent(format!("{field}.endDate"), "is before the start date");
        }
    }
}

/// What a [`GeneralInsurance`] covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum InsuranceCover {
    /// Travel.
    Travel,
    /// Home contents and structure.
    Home,
    /// A motor vehicle.
    Motor,
    /// Medical expenses.
    Medical,
    /// Personal accident.
    PersonalAccident,
    /// Another kind of cover.
    Other,
}

/// A term life policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LifeInsurance {
    /// The sum assured.
    pub sum_assured: Amount,
    /// The term in years (5 to 100).
    pub term_years: u32,
    /// Whether the applicant smokes.
    pub smoker: bool,
    /// Who receives the sum assured; shares add up to 100.
    pub beneficiaries: Vec<Beneficiary>,
}

impl LifeInsurance {
    /// A policy for `sum_assured` over `term_years`.
    pub fn new(
        sum_assured: Amount,
        term_years: u32,
        smoker: bool,
        beneficiaries: impl IntoIterator<Item = Beneficiary>,
    ) -> Self {
        Self {
            sum_assured,
            term_years,
            smoker,
            beneficiaries: beneficiaries.into_iter().collect(),
        }
    }
}

impl ProductRules for LifeInsurance {
    fn amount(&self) -> Option<(&'static str, &Amount)> {
        Some(("sumAssured", &self.sum_assured))
    }

    fn tenor(&self) -> Option<(&'static str, u32, &'static str)> {
        Some(("termYears", self.term_years, "years"))
    }

    fn currencies(&self) -> Vec<(String, Currency)> {
        vec![("sumAssured.currency".into(), self.sum_assured.currency)]
    }

    fn adults_only(&self) -> bool {
        true
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        check_positive(
            problems,
            format!("{field}.sumAssured.amount"),
            &self.sum_assured,
        );
        check_range(
            problems,
            format!("{field}.termYears"),
            self.term_years,
            5..=100,
        );
        let list = format!("{field}.beneficiaries");
        if self.beneficiaries.is_empty() {
            problems.missing(list);
            return;
        }
        let mut total: u32 = 0;
        for (i, b) in self.beneficiaries.iter().enumerate() {
            let at = format!("{list}[{i}]");
            problems.text(&format!("{at}.name"), &b.name, 140);
            problems.text(&format!("{at}.relationship"), &b.relationship, 40);
            check_range(
                problems,
                format!("{at}.sharePercent"),
                b.share_percent.into(),
                1..=100,
            );
            total = total.saturating_add(b.share_percent.into());
        }
        if total != 100 {
            problems.inconsistent(list, "shares must add up to 100 percent");
        }
    }
}

/// A person who receives part of a life policy's sum assured.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Beneficiary {
    /// The beneficiary's full name.
    pub name: String,
    /// How the beneficiary is related to the applicant (`spouse`, `child`, ...).
    pub relationship: String,
    /// The share of the sum assured, in whole percent.
    pub share_percent: u8,
}

impl Beneficiary {
    /// `name`, related as `relationship`, receiving `share_percent` percent.
    pub fn new(
        name: impl Into<String>,
        relationship: impl Into<String>,
        share_percent: u8,
    ) -> Self {
        Self {
            name: name.into(),
            relationship: relationship.into(),
            share_percent,
        }
    }
}

impl fmt::Debug for Beneficiary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Beneficiary")
            .field("name", &format_args!("[redacted]"))
            .field("share_percent", &self.share_percent)
            .finish_non_exhaustive()
    }
}
