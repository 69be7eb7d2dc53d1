//! Idempotency keys: one per logical call, the same on every attempt.

use std::fmt;

use crate::error::InvalidRequest;

/// The key that lets a bank recognise a repeated request.
///
/// A key is 1 to 255 printable ASCII characters. [`IdempotencyKey::random`]
/// mints a UUID v4; hkob mints one per logical call unless the caller gives
/// one, and reuses it on every retry.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A fresh random key (UUID v4).
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    /// Validates a caller's key.
    pub fn new(key: impl Into<String>) -> Result<Self, InvalidRequest> {
        let key = key.into();
        if key.is_empty() || key.len() > 255 {
            return Err(InvalidRequest::new(
                "an idempotency key must have 1 to 255 characters",
            ));
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(InvalidRequest::new(
                "an idempotency key must be printable ASCII without spaces",
            ));
        }
        Ok(Self(key))
    }

    /// The key as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdempotencyKey").field(&self.0).finish()
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_keys_differ_and_validate() {
        let a = IdempotencyKey::random();
        assert_ne!(a, IdempotencyKey::random());
        assert!(IdempotencyKey::new(a.as_str()).is_ok());
    }

    #[test]
    fn rejects_bad_keys() {
        assert!(IdempotencyKey::new("").is_err());
        assert!(IdempotencyKey::new("a b").is_err());
        assert!(IdempotencyKey::new("x".repeat(256)).is_err());
        assert!(IdempotencyKey::new("x".repeat(255)).is_ok());
    }
}
