//! What a read asks for: a transaction range, a person to look for.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::error::AccessError;

/// Which transactions to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransactionQuery {
    /// Only those booked at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Only those booked before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Items per page asked of the bank; the bank's default when `None`.
    pub page_size: Option<u32>,
}

impl TransactionQuery {
    /// Every transaction the consent lets the TSP read.
    pub fn all() -> Self {
        Self::default()
    }

    /// Those booked between `from` and `to`.
    pub fn between(from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        Self {
            from: Some(from),
            to: Some(to),
            page_size: None,
        }
    }

    /// Asks the bank for `size` items a page.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    pub(crate) fn validate(&self) -> Result<(), AccessError> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if to < from => Err(AccessError::InvalidInput(format!(
                "the transaction range ends ({to}) before it starts ({from})"
            ))),
            _ => Ok(()),
        }
    }
}

/// What a TSP knows of a person, to ask a bank whether they hold an account there, with their
/// document numbers masked as the banks require.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PersonCheck {
    pub(crate) hkid: Option<String>,
    pub(crate) travel_document: Option<String>,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
}

impl fmt::Debug for PersonCheck {
    /// Which facts are given, never their values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersonCheck")
            .field("hkid", &self.hkid.is_some())
            .field("travel_document", &self.travel_document.is_some())
            .field("first_name", &self.first_name.is_some())
            .field("last_name", &self.last_name.is_some())
            .finish()
    }
}

impl PersonCheck {
    /// No facts yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// An HKID number, possibly masked with `*`; at least four of its letters and digits must
    /// be in clear (`A12****(7)`).
    pub fn hkid(mut self, value: impl Into<String>) -> Result<Self, AccessError> {
        let value = value.into();
        let clear = value.chars().filter(char::is_ascii_alphanumeric).count();
        if clear < 4 {
            return Err(AccessError::InvalidInput(
                "an HKID number must keep at least four characters in clear".to_owned(),
            ));
        }
        self.hkid = Some(value);
        Ok(self)
    }

    /// A travel document number other than an HKID (a passport, say), possibly masked with `*`;
    /// at least half of its characters must be in clear.
    pub fn travel_document(mut self, value: impl Into<String>) -> Result<Self, AccessError> {
        let value = value.into();
        let total = value.chars().count();
        let masked = value.chars().filter(|c| *c == '*').count();
        if total == 0 || masked.saturating_mul(2) > total {
            return Err(AccessError::InvalidInput(
                "a travel document number must keep at least half its characters in clear"
                    .to_owned(),
            ));
        }
        self.travel_document = Some(value);
        Ok(self)
    }

    /// The person's first name, in English letters.
    pub fn first_name(mut self, value: impl Into<String>) -> Self {
        self.first_name = Some(value.into());
        self
    }

    /// The person's last name, in English letters.
    pub fn last_name(mut self, value: impl Into<String>) -> Self {
        self.last_name = Some(value.into());
        self
    }

    pub(crate) fn validate(&self) -> Result<(), AccessError> {
        if self.hkid.is_none() && self.travel_document.is_none() {
            return Err(AccessError::InvalidInput(
                "an availability check needs an HKID or a travel document number".to_owned(),
            ));
        }
        Ok(())
    }
}
