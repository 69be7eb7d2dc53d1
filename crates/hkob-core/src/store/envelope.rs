//! The sealed form of one value: what a [`SealedBackend`](super::SealedBackend) writes.
//!
//! ```text
//! version (1 byte, 1) | key id (1 byte) | nonce (12 bytes, random) | AES-256-GCM(plaintext) | tag (16 bytes)
//! plaintext = id length (2 bytes, big-endian) | id | value
//! associated data = "hkob-store/v1" | collection length (1 byte) | collection | hashed id
//! ```
//!
//! The clear id travels inside the ciphertext, so that listing a collection gives the ids
//! back; the stored key is the associated data, so that a value copied under another key does
//! not open.

use ring::aead;
use ring::rand::{SecureRandom, SystemRandom};

use super::{SealingKey, SealingKeys, StoreError};

const VERSION: u8 = 1;
const HEADER_LEN: usize = 2 + aead::NONCE_LEN;

/// The associated data of a value stored under `hashed_id` in `collection`.
fn associated_data(collection: &str, hashed_id: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(
        16usize
            .saturating_add(collection.len())
            .saturating_add(hashed_id.len()),
    );
    aad.extend_from_slice(b"hkob-store/v1");
    // Collection names are at most 64 bytes (checked before any sealing).
    aad.push(u8::try_from(collection.len()).unwrap_or(u8::MAX));
    aad.extend_from_slice(collection.as_bytes());
    aad.extend_from_slice(hashed_id.as_bytes());
    aad
}

/// `value`, with its clear `id`, sealed with `key` for the stored key (`collection`,
/// `hashed_id`).
pub(super) fn seal(
    key: &SealingKey,
    rng: &SystemRandom,
    collection: &str,
    hashed_id: &str,
    id: &str,
    value: &[u8],
) -> Result<Vec<u8>, StoreError> {
    let mut nonce = [0u8; aead::NONCE_LEN];
    rng.fill(&mut nonce)
        .map_err(|_| StoreError::new("no random nonce could be drawn to seal a value"))?;
    // Ids are at most 512 bytes (checked before any sealing).
    let id_len = u16::try_from(id.len()).unwrap_or(u16::MAX);

    let mut sealed = Vec::with_capacity(
        HEADER_LEN
            .saturating_add(2)
            .saturating_add(id.len())
            .saturating_add(value.len())
            .saturating_add(aead::AES_256_GCM.tag_len()),
    );
    sealed.push(VERSION);
    sealed.push(key.id());
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&id_len.to_be_bytes());
    sealed.extend_from_slice(id.as_bytes());
    sealed.extend_from_slice(value);

    let aad = associated_data(collection, hashed_id);
    let (_header, plaintext) = sealed.split_at_mut(HEADER_LEN);
    let tag = key
        .aead()
        .seal_in_place_separate_tag(
            aead::Nonce::assume_unique_for_key(nonce),
            aead::Aad::from(&aad),
            plaintext,
        )
        .map_err(|_| StoreError::new("a value could not be sealed"))?;
    sealed.extend_from_slice(tag.as_ref());
    Ok(sealed)
}

/// What a sealed value held: its clear id and its value.
pub(super) struct Opened {
    pub(super) id: String,
    pub(super) value: Vec<u8>,
}

/// Opens `sealed`, stored under (`collection`, `hashed_id`), with the key among `keys` that
/// sealed it.
///
/// # Errors
///
/// A [`StoreErrorKind::Corrupt`](super::StoreErrorKind) error if it does not open: unknown
/// format or key id, the wrong key, another stored key, tampered or truncated bytes.
pub(super) fn open(
    keys: &SealingKeys,
    collection: &str,
    hashed_id: &str,
    sealed: &[u8],
) -> Result<Opened, StoreError> {
    let [version, key_id, rest @ ..] = sealed else {
        return Err(StoreError::corrupt("a sealed value is truncated"));
    };
    if *version != VERSION {
        return Err(StoreError::corrupt(format!(
            "a sealed value has the unknown format version {version}"
        )));
    }
    let key = keys.by_id(*key_id).ok_or_else(|| {
        StoreError::corrupt(format!(
            "a value was sealed with the key id {key_id}, which is not among the keys given"
        ))
    })?;
    let Some((nonce, ciphertext)) = rest.split_first_chunk::<{ aead::NONCE_LEN }>() else {
        return Err(StoreError::corrupt("a sealed value is truncated"));
    };
    let aad = associated_data(collection, hashed_id);
    let mut in_out = ciphertext.to_vec();
    let plaintext = key
        .aead()
        .open_in_place(
            aead::Nonce::assume_unique_for_key(*nonce),
            aead::Aad::from(&aad),
            &mut in_out,
        )
        .map_err(|_| {
            StoreError::corrupt(format!(
                "a sealed value does not open with the key id {key_id}: a wrong key, a value \
                 moved from another key, or tampered bytes"
            ))
        })?;
    let Some((id_len, rest)) = plaintext.split_first_chunk::<2>() else {
        return Err(StoreError::corrupt("a sealed value has no id"));
    };
    let id_len = usize::from(u16::from_be_bytes(*id_len));
    if rest.len() < id_len {
        return Err(StoreError::corrupt("a sealed value's id is truncated"));
    }
    let (id, value) = rest.split_at(id_len);
    let id = std::str::from_utf8(id)
        .map_err(|_| StoreError::corrupt("a sealed value's id is not UTF-8"))?
        .to_owned();
    Ok(Opened {
        id,
        value: value.to_vec(),
    })
}
