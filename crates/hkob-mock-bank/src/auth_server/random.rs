//! Unguessable values: codes, tokens, ids.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::{SecureRandom, SystemRandom};

/// 256 random bits, base64url without padding (43 characters).
pub(super) fn token() -> String {
    let mut bytes = [0u8; 32];
    if SystemRandom::new().fill(&mut bytes).is_err() {
        // The system generator failed; fall back to two v4 UUIDs (244 random bits).
        let a = uuid::Uuid::new_v4();
        let b = uuid::Uuid::new_v4();
        bytes[..16].copy_from_slice(a.as_bytes());
        bytes[16..].copy_from_slice(b.as_bytes());
    }
    URL_SAFE_NO_PAD.encode(bytes)
}
