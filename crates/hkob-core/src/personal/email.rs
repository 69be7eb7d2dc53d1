//! E-mail addresses.

use std::fmt;

use super::{PersonalDataError, string_newtype_impls};

/// An e-mail address.
///
/// The check is deliberately plain: at most 254 characters, no spaces or control characters,
/// exactly one `@`, a local part of 1 to 64 characters, and a domain of dot-separated labels
/// (letters, digits and hyphens, at least two labels, none empty, none starting or ending with a
/// hyphen). Case is kept as given; surrounding whitespace is trimmed.
///
/// `Debug` masks the local part but its first character: `EmailAddress(p***@example.com)`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Reads and checks an e-mail address.
    pub fn parse(input: &str) -> Result<Self, PersonalDataError> {
        let err = |reason| PersonalDataError::Email { reason };
        let s = input.trim();
        if s.is_empty() {
            return Err(err("it is empty"));
        }
        if s.len() > 254 {
            return Err(err("it is longer than 254 characters"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(err("it contains spaces or control characters"));
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(err("it has no @"));
        };
        if domain.contains('@') {
            return Err(err("it has more than one @"));
        }
        if local.is_empty() {
            return Err(err("the part before @ is empty"));
        }
        if local.len() > 64 {
            return Err(err("the part before @ is longer than 64 characters"));
        }
        if !domain.contains('.') {
            return Err(err("the domain has no dot"));
        }
        for label in domain.split('.') {
            if label.is_empty() {
                return Err(err("the domain has an empty label"));
            }
            if label.len() > 63 {
                return Err(err("a domain label is longer than 63 characters"));
            }
            if !label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return Err(err(
                    "the domain has characters other than letters, digits, - and .",
                ));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(err("a domain label starts or ends with a hyphen"));
            }
        }
        Ok(Self(s.to_owned()))
    }

    /// The address as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map(|(_, d)| d).unwrap_or_default()
    }

    /// The address with the local part masked but its first character: `p***@example.com`.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').unwrap_or(("", ""));
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EmailAddress({})", self.masked())
    }
}

string_newtype_impls!(EmailAddress);
