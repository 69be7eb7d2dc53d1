//! What is wrong with an application, every field at once.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An application that was not sent because some of its fields are invalid.
///
/// It lists every problem found, not just the first, so a form can mark all the fields a
/// customer must correct in one round. Nothing reached the bank.
///
/// ```
/// use hkob_applications::{Applicant, ProblemKind};
///
/// let err = Applicant::builder()
///     .hkid("A123456(4)")
///     .mobile_number("2123 4567")
///     .build()
///     .unwrap_err();
/// assert!(err.problem("applicant.identityDocument.number").is_some());
/// assert!(err.problem("applicant.mobileNumber").is_some());
/// assert_eq!(err.problem("applicant.name.surname").unwrap().kind(), &ProblemKind::Missing);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct InvalidApplication {
    problems: Vec<FieldProblem>,
}

impl InvalidApplication {
    /// Every problem found, in the order of the application's fields.
    pub fn problems(&self) -> &[FieldProblem] {
        &self.problems
    }

    /// The problem with `field` (a dotted path such as `applicant.mobileNumber`), if any.
    pub fn problem(&self, field: &str) -> Option<&FieldProblem> {
        self.problems.iter().find(|p| p.field == field)
    }
}

impl fmt::Display for InvalidApplication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the application has {} invalid field",
            self.problems.len()
        )?;
        if self.problems.len() != 1 {
            f.write_str("s")?;
        }
        for (i, problem) in self.problems.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// One invalid field of an application.
///
/// The message names the rule that failed and never repeats the value, which is usually
/// personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FieldProblem {
    field: String,
    kind: ProblemKind,
    message: String,
}

impl FieldProblem {
    /// The field, as a dotted path into the application document with list positions in
    /// brackets: `applicant.residentialAddress.lines[0]`, `details.timeDeposit.tenorDays`.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What kind of problem it is.
    pub fn kind(&self) -> &ProblemKind {
        &self.kind
    }

    /// What is wrong, in words.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The kind of a [`FieldProblem`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// A required field is not given.
    Missing,
    /// The value breaks a format or rule of the field itself.
    Invalid,
    /// The value is well-formed but outside the product's limits (those the caller gave, or the
    /// range the product allows at all).
    OutsideLimits,
    /// The field is inconsistent with another field (a district in another region, an end date
    /// before the start date).
    Inconsistent,
}

/// Collects problems while an application is checked; a path prefix scopes nested checks.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    found: Vec<FieldProblem>,
}

impl Problems {
    pub(crate) fn push(
        &mut self,
        field: impl Into<String>,
        kind: ProblemKind,
        message: impl Into<String>,
    ) {
        self.found.push(FieldProblem {
            field: field.into(),
            kind,
            message: message.into(),
        });
    }

    pub(crate) fn missing(&mut self, field: impl Into<String>) {
        self.push(field, ProblemKind::Missing, "is required");
    }

    pub(crate) fn invalid(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.push(field, ProblemKind::Invalid, message);
    }

    pub(crate) fn outside(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.push(field, ProblemKind::OutsideLimits, message);
    }

    pub(crate) fn inconsistent(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.push(field, ProblemKind::Inconsistent, message);
    }

    /// Checks a free-text field: trimmed, 1 to `max` characters, no control characters.
    pub(crate) fn text(&mut self, field: &str, value: &str, max: usize) {
        let value = value.trim();
        if value.is_empty() {
            self.missing(field);
        } else if value.chars().count() > max {
            self.invalid(field, format!("is longer than {max} characters"));
        } else if value.chars().any(char::is_control) {
            self.invalid(field, "contains control characters");
        }
    }

    /// How many problems have been found so far.
    pub(crate) fn len(&self) -> usize {
        self.found.len()
    }

    /// `Ok(value)` when nothing was found, else every problem.
    ///
    /// `value` is `None` only when a check recorded a problem; should it be `None` regardless,
    /// the answer is still an error (naming `field`), never a panic.
    pub(crate) fn finish<T>(
        mut self,
        field: &str,
        value: Option<T>,
    ) -> Result<T, InvalidApplication> {
        match value {
            Some(value) if self.found.is_empty() => Ok(value),
            None if self.found.is_empty() => {
                self.invalid(field, "could not be checked");
                Err(InvalidApplication {
                    problems: self.found,
                })
            }
            _ => Err(InvalidApplication {
                problems: self.found,
            }),
        }
    }
}
