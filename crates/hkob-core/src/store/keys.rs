//! The TSP's keys for sealed state: AES-256-GCM keys that rotate, and one HMAC key for ids.

use std::fmt;

use ring::{aead, hmac};

use super::StoreError;

/// An AES-256-GCM key that seals the values of a [`SealedBackend`](super::SealedBackend), with
/// the one-byte id written beside every value it seals, so that after a rotation each value
/// opens with the key that sealed it.
///
/// `Debug` prints the id only; the key is not serialisable and cannot be read back.
pub struct SealingKey {
    id: u8,
    key: aead::LessSafeKey,
}

impl SealingKey {
    /// The key `bytes` (exactly 32 random bytes), known by `id`.
    ///
    /// # Errors
    ///
    /// A [`StoreErrorKind::Invalid`](super::StoreErrorKind) error if `bytes` is not 32 bytes
    /// long.
    pub fn new(id: u8, bytes: &[u8]) -> Result<Self, StoreError> {
        if bytes.len() != 32 {
            return Err(StoreError::invalid(format!(
                "a sealing key is 32 bytes, not {}",
                bytes.len()
            )));
        }
        let key = aead::UnboundKey::new(&aead::AES_256_GCM, bytes)
            .map_err(|_| StoreError::invalid("the sealing key was refused"))?;
        Ok(Self {
            id,
            key: aead::LessSafeKey::new(key),
        })
    }

    /// The key written as 64 hexadecimal digits (`openssl rand -hex 32` makes one).
    ///
    /// # Errors
    ///
    /// A [`StoreErrorKind::Invalid`](super::StoreErrorKind) error if `hex` is not 64
    /// hexadecimal digits. The error does not quote it.
    pub fn from_hex(id: u8, hex: &str) -> Result<Self, StoreError> {
        Self::new(id, &decode_hex(hex)?)
    }

    /// The id written beside every value this key seals.
    pub fn id(&self) -> u8 {
        self.id
    }

    pub(super) fn aead(&self) -> &aead::LessSafeKey {
        &self.key
    }
}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealingKey")
            .field("id", &self.id)
            .field("key", &"[redacted]")
            .finish()
    }
}

/// The HMAC-SHA256 key that turns the ids of a [`SealedBackend`](super::SealedBackend) into
/// keyed hashes, so that no id (an OAuth `state`, a consent id) is written in clear.
///
/// Unlike a [`SealingKey`] it does not rotate: an entry is found by its hashed id, so a new
/// lookup key would lose every entry written with the old one.
///
/// `Debug` prints nothing of the key; it is not serialisable and cannot be read back.
pub struct LookupKey {
    key: hmac::Key,
}

impl LookupKey {
    /// The key `bytes`: at least 32 random bytes.
    ///
    /// # Errors
    ///
    /// A [`StoreErrorKind::Invalid`](super::StoreErrorKind) error if `bytes` is shorter.
    pub fn new(bytes: &[u8]) -> Result<Self, StoreError> {
        if bytes.len() < 32 {
            return Err(StoreError::invalid(format!(
                "a lookup key is at least 32 bytes, not {}",
                bytes.len()
            )));
        }
        Ok(Self {
            key: hmac::Key::new(hmac::HMAC_SHA256, bytes),
        })
    }

    /// The key written in hexadecimal digits (at least 64 of them).
    ///
    /// # Errors
    ///
    /// A [`StoreErrorKind::Invalid`](super::StoreErrorKind) error if `hex` is not hexadecimal
    /// or too short. The error does not quote it.
    pub fn from_hex(hex: &str) -> Result<Self, StoreError> {
        Self::new(&decode_hex(hex)?)
    }

    /// The hashed id of `id` in `collection`, in lowercase hex: the collection is hashed too,
    /// so one id in two collections gives two unrelated hashes.
    pub(super) fn hash_id(&self, collection: &str, id: &str) -> String {
        let mut context = hmac::Context::with_key(&self.key);
        context.update(collection.as_bytes());
        context.update(&[0]);
        context.update(id.as_bytes());
        encode_hex(context.sign().as_ref())
    }
}

impl fmt::Debug for LookupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LookupKey([redacted])")
    }
}

/// The keys of a [`SealedBackend`](super::SealedBackend): the [`LookupKey`], the current
/// [`SealingKey`] that seals every write, and the previous ones that still open what they
/// sealed.
///
/// To rotate: make a new sealing key with a new id, pass it as the current one and the old
/// one to [`SealingKeys::with_previous`]. Values written before open with the old key; values
/// written after are sealed with the new one. Once every value has been rewritten (or has
/// expired), drop the old key.
///
/// ```
/// use hkob_core::store::{LookupKey, SealingKey, SealingKeys};
///
/// # fn run() -> Result<(), hkob_core::store::StoreError> {
/// let keys = SealingKeys::new(
///     LookupKey::from_hex(&"11".repeat(32))?,
///     SealingKey::from_hex(2, &"22".repeat(32))?,
/// )
/// .with_previous(SealingKey::from_hex(1, &"33".repeat(32))?)?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct SealingKeys {
    lookup: LookupKey,
    current: SealingKey,
    previous: Vec<SealingKey>,
}

impl SealingKeys {
    /// Ids hashed with `lookup`, values sealed with `current`.
    pub fn new(lookup: LookupKey, current: SealingKey) -> Self {
        Self {
            lookup,
            current,
            previous: Vec::new(),
        }
    }

    /// These keys, and `previous` to open what it sealed.
    ///
    /// # Errors
    ///
    /// A [`StoreErrorKind::Invalid`](super::StoreErrorKind) error if a key with the same id is
    /// there already.
    pub fn with_previous(mut self, previous: SealingKey) -> Result<Self, StoreError> {
        if self.by_id(previous.id).is_some() {
            return Err(StoreError::invalid(format!(
                "two sealing keys have the id {}",
                previous.id
            )));
        }
        self.previous.push(previous);
        Ok(self)
    }

    pub(super) fn lookup(&self) -> &LookupKey {
        &self.lookup
    }

    pub(super) fn current(&self) -> &SealingKey {
        &self.current
    }

    pub(super) fn by_id(&self, id: u8) -> Option<&SealingKey> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|key| key.id == id)
    }
}

fn decode_hex(hex: &str) -> Result<Vec<u8>, StoreError> {
    let digits = hex.trim().as_bytes();
    if !digits.len().is_multiple_of(2) {
        return Err(StoreError::invalid(
            "a key in hex has an even number of digits",
        ));
    }
    digits
        .chunks_exact(2)
        .map(|pair| {
            let high = hex_digit(pair[0])?;
            let low = hex_digit(pair[1])?;
            Some(high << 4 | low)
        })
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(|| StoreError::invalid("a key in hex holds hexadecimal digits only"))
}

fn hex_digit(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

fn encode_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len().saturating_mul(2));
    for byte in bytes {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_do_not_print() {
        let key = SealingKey::from_hex(7, &"ab".repeat(32)).unwrap();
        let printed = format!("{key:?}");
        assert_eq!(printed, r#"SealingKey { id: 7, key: "[redacted]" }"#);
        let lookup = LookupKey::from_hex(&"ab".repeat(32)).unwrap();
        let keys = SealingKeys::new(lookup, key);
        assert!(!format!("{keys:?}").contains("ab"), "{keys:?}");
    }

    #[test]
    fn bad_keys_are_refused_without_quoting_them() {
        for hex in ["zz".repeat(32), "ab".repeat(31), "abc".to_owned()] {
            let error = SealingKey::from_hex(1, &hex).unwrap_err();
            assert!(!error.to_string().contains(&hex), "{error}");
        }
        assert!(LookupKey::new(&[0; 31]).is_err());
    }

    #[test]
    fn ids_hash_per_collection() {
        let lookup = LookupKey::new(&[9; 32]).unwrap();
        let a = lookup.hash_id("pending", "state-1");
        assert_eq!(a.len(), 64);
        assert_eq!(a, lookup.hash_id("pending", "state-1"));
        assert_ne!(a, lookup.hash_id("consents", "state-1"));
        assert_ne!(a, lookup.hash_id("pending", "state-2"));
    }

    #[test]
    fn two_keys_with_one_id_are_refused() {
        let keys = SealingKeys::new(
            LookupKey::new(&[1; 32]).unwrap(),
            SealingKey::new(1, &[2; 32]).unwrap(),
        );
        assert!(
            keys.with_previous(SealingKey::new(1, &[3; 32]).unwrap())
                .is_err()
        );
    }
}
