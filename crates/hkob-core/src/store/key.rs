//! Where a value lives: a collection and an id inside it.

use std::fmt;

use super::StoreError;

/// The longest collection name, in bytes.
pub const MAX_COLLECTION_LEN: usize = 64;
/// The longest id, in bytes.
pub const MAX_ID_LEN: usize = 512;

/// The key of one entry: a `collection` (`"consents"`, `"pending-authorizations"`, ...) and an
/// `id` inside it.
///
/// Keys are split in two so that a backend can list one collection without scanning
/// everything it holds (see [`StateBackend::list`](super::StateBackend::list)).
///
/// - A collection name is 1 to [`MAX_COLLECTION_LEN`] bytes of ASCII letters, digits, `_`,
///   `-` and `.`. It is a fixed name chosen by code, never data: it is stored in clear, even
///   behind a [`SealedBackend`](super::SealedBackend).
/// - An id is 1 to [`MAX_ID_LEN`] bytes of any text. It may be a secret (an OAuth `state`):
///   a [`SealedBackend`](super::SealedBackend) stores only its keyed hash.
///
/// Every backend refuses other keys with a [`StoreErrorKind::Invalid`](super::StoreErrorKind)
/// error. `Debug` prints the collection and the id's length only.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StateKey<'a> {
    collection: &'a str,
    id: &'a str,
}

impl<'a> StateKey<'a> {
    /// The key of `id` in `collection` (checked when a backend uses it: see
    /// [`StateKey::validate`]).
    pub const fn new(collection: &'a str, id: &'a str) -> Self {
        Self { collection, id }
    }

    /// The collection.
    pub const fn collection(&self) -> &'a str {
        self.collection
    }

    /// The id inside the collection.
    pub const fn id(&self) -> &'a str {
        self.id
    }

    /// Whether this key may be stored: see the rules on [`StateKey`].
    ///
    /// # Errors
    ///
    /// A [`StoreErrorKind::Invalid`](super::StoreErrorKind) error naming the rule broken.
    pub fn validate(&self) -> Result<(), StoreError> {
        validate_collection(self.collection)?;
        if self.id.is_empty() {
            return Err(StoreError::invalid("an id must not be empty"));
        }
        if self.id.len() > MAX_ID_LEN {
            return Err(StoreError::invalid(format!(
                "an id is at most {MAX_ID_LEN} bytes, this one has {}",
                self.id.len()
            )));
        }
        Ok(())
    }
}

impl fmt::Debug for StateKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateKey")
            .field("collection", &self.collection)
            .field("id_len", &self.id.len())
            .finish()
    }
}

/// Whether `collection` is a valid collection name: see the rules on [`StateKey`].
///
/// # Errors
///
/// A [`StoreErrorKind::Invalid`](super::StoreErrorKind) error naming the rule broken.
pub fn validate_collection(collection: &str) -> Result<(), StoreError> {
    if collection.is_empty() || collection.len() > MAX_COLLECTION_LEN {
        return Err(StoreError::invalid(format!(
            "a collection name is 1 to {MAX_COLLECTION_LEN} bytes long"
        )));
    }
    if let Some(bad) = collection
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Err(StoreError::invalid(format!(
            "a collection name holds ASCII letters, digits, '_', '-' and '.' only, not {bad:?}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreErrorKind;

    #[test]
    fn keys_are_checked() {
        assert!(StateKey::new("consents", "abc").validate().is_ok());
        for (collection, id) in [
            ("", "a"),
            ("{consents}", "a"),
            ("con sents", "a"),
            ("consents", ""),
        ] {
            let error = StateKey::new(collection, id).validate().unwrap_err();
            assert_eq!(
                error.kind(),
                StoreErrorKind::Invalid,
                "{collection:?} {id:?}"
            );
        }
        let long = "x".repeat(MAX_ID_LEN + 1);
        assert!(StateKey::new("c", &long).validate().is_err());
    }

    #[test]
    fn debug_does_not_print_the_id() {
        let printed = format!("{:?}", StateKey::new("pending", "secret-state"));
        assert!(!printed.contains("secret-state"), "{printed}");
    }
}
