//! The error of every store, and what kind of failure it is.

use std::fmt;

/// What kind of failure a [`StoreError`] is: what a caller can do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StoreErrorKind {
    /// The store could not be reached in time (its server is down, a connection or a response
    /// timed out, its file stayed locked past the busy timeout). Transient: the same call may
    /// succeed later, on the same store object.
    Unreachable,
    /// A stored value could not be read back: it does not open with any of the keys given (a
    /// wrong key, a value moved to another key, a tampered or truncated value) or does not
    /// decode. Retrying does not help.
    Corrupt,
    /// The caller asked for something no store can hold (an empty or malformed collection name,
    /// say). Retrying does not help.
    Invalid,
    /// Any other failure.
    Other,
}

impl fmt::Display for StoreErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Unreachable => "unreachable",
            Self::Corrupt => "corrupt",
            Self::Invalid => "invalid",
            Self::Other => "other",
        })
    }
}

/// A store that failed (its database is down, a stored value that does not open, ...).
///
/// [`StoreError::kind`] says which; the message never holds a stored value or a secret.
#[derive(Debug, thiserror::Error)]
#[error("the store failed ({kind}): {message}")]
pub struct StoreError {
    kind: StoreErrorKind,
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl StoreError {
    /// An error saying `message`, of kind [`StoreErrorKind::Other`].
    pub fn new(message: impl Into<String>) -> Self {
        Self::with_kind(StoreErrorKind::Other, message)
    }

    /// An error saying `message`, of kind `kind`.
    pub fn with_kind(kind: StoreErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// An error caused by `source`, of kind [`StoreErrorKind::Other`].
    pub fn from_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self::new(message).caused_by(source)
    }

    /// A store that could not be reached in time ([`StoreErrorKind::Unreachable`]).
    pub fn unreachable(message: impl Into<String>) -> Self {
        Self::with_kind(StoreErrorKind::Unreachable, message)
    }

    /// A stored value that could not be read back ([`StoreErrorKind::Corrupt`]).
    pub fn corrupt(message: impl Into<String>) -> Self {
        Self::with_kind(StoreErrorKind::Corrupt, message)
    }

    /// A request no store can serve ([`StoreErrorKind::Invalid`]).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::with_kind(StoreErrorKind::Invalid, message)
    }

    /// The same error, caused by `source`.
    #[must_use]
    pub fn caused_by(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> StoreErrorKind {
        self.kind
    }

    /// Whether the store could not be reached in time (see [`StoreErrorKind::Unreachable`]).
    pub fn is_unreachable(&self) -> bool {
        self.kind == StoreErrorKind::Unreachable
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_constructors_are_of_kind_other() {
        let error = StoreError::new("down");
        assert_eq!(error.kind(), StoreErrorKind::Other);
        assert_eq!(error.message(), "down");
        let error = StoreError::from_source("down", std::io::Error::other("refused"));
        assert_eq!(error.kind(), StoreErrorKind::Other);
        assert!(std::error::Error::source(&error).is_some());
    }

    #[test]
    fn the_kind_is_in_the_message() {
        let error = StoreError::unreachable("redis did not answer in 2s");
        assert!(error.is_unreachable());
        assert_eq!(
            error.to_string(),
            "the store failed (unreachable): redis did not answer in 2s"
        );
    }
}
