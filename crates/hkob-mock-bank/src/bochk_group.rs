//! BOCHK group Phase I (BOCHK, Chiyu, Nanyang): OAuth 2.0 client credentials
//! at `{bank}/auth/oauth/v2/token` (the bank's authorization server,
//! configured with that token path), as `specs/phase1-bochk-group.yaml`
//! describes.

/// The token endpoint below the bank prefix.
pub const TOKEN_PATH: &str = "/auth/oauth/v2/token";
/// How long an access token lives, in seconds (about 30 minutes, as the spec says).
pub const TOKEN_LIFETIME_SECS: i64 = 1800;
