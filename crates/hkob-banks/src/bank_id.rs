//! The id a TSP gives each bank it has registered with.

use std::borrow::Borrow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The id of a bank, such as `bea` or `hsbc`: the key of its [`BankProfile`](crate::BankProfile)
/// and of its entry in the [directory](crate::KnownBank), and the label every item fetched from it
/// carries.
///
/// It compares with a `&str` and can be looked up by one in maps keyed by `BankId`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BankId(String);

impl BankId {
    /// A bank id.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BankId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl From<&str> for BankId {
    fn from(id: &str) -> Self {
        Self::new(id)
    }
}

impl From<String> for BankId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

impl From<&BankId> for BankId {
    fn from(id: &BankId) -> Self {
        id.clone()
    }
}

impl AsRef<str> for BankId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for BankId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for BankId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for BankId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<BankId> for &str {
    fn eq(&self, other: &BankId) -> bool {
        *self == other.0
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn looks_up_by_str_and_serialises_as_a_string() {
        let mut rates = HashMap::new();
        rates.insert(BankId::new("bea"), 1);
        assert_eq!(rates.get("bea"), Some(&1));
        assert_eq!(BankId::new("bea"), "bea");
        assert_eq!(
            serde_json::to_string(&BankId::new("bea")).ok().as_deref(),
            Some("\"bea\"")
        );
        let back: Result<BankId, _> = serde_json::from_str("\"hsbc\"");
        assert_eq!(back.ok(), Some(BankId::new("hsbc")));
    }
}
