//! The bank's signing keys, fetched and cached.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::jwk::{Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::fetch::get_json;
use crate::auth::parse_endpoint;
use crate::client::Client;
use crate::error::{AuthError, AuthErrorKind, Error};
use crate::transport::Transport;

/// The shortest time between two fetches caused by unknown key ids, so that tokens naming made-up
/// keys cannot make the client hammer the bank.
const REFETCH_INTERVAL: Duration = Duration::from_secs(10);

/// A bank's JSON Web Key Set, fetched on first use and cached. A token whose key id the cache does
/// not know makes it fetch the set once more (the bank rotated its keys); a key that the set does
/// not hold is never trusted. Cheap to share: clone the `Arc` it usually lives in.
pub struct Jwks {
    transport: Arc<dyn Transport>,
    uri: url::Url,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    keys: Option<Vec<Jwk>>,
    last_refetch: Option<Instant>,
    fetches: u64,
}

impl fmt::Debug for Jwks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jwks")
            .field("uri", &self.uri.as_str())
            .finish_non_exhaustive()
    }
}

impl Jwks {
    /// The key set at `uri` (the discovery document's `jwks_uri`), fetched through `client`'s
    /// transport.
    pub fn new(client: &Client, uri: &str) -> Result<Self, Error> {
        let uri = parse_endpoint(uri, "jwks_uri")
            .map_err(|e| AuthError::new(AuthErrorKind::Discovery, e.message()))?;
        Ok(Self {
            transport: Arc::clone(client.transport()),
            uri,
            state: Mutex::new(State::default()),
        })
    }

    /// How many times the set has been fetched.
    pub async fn fetches(&self) -> u64 {
        self.state.lock().await.fetches
    }

    /// The key that verifies a signature by `kid` under `algorithm`.
    pub(crate) async fn key(
        &self,
        kid: Option<&str>,
        algorithm: Algorithm,
    ) -> Result<DecodingKey, AuthError> {
        let mut state = self.state.lock().await;
        if state.keys.is_none() {
            state.keys = Some(self.fetch().await?);
            state.fetches = state.fetches.saturating_add(1);
        }
        if let Some(key) = find(state.keys.as_deref().unwrap_or_default(), kid, algorithm)? {
            return Ok(key);
        }
        let may_refetch = state
            .last_refetch
            .is_none_or(|at| at.elapsed() >= REFETCH_INTERVAL);
        if may_refetch {
            state.keys = Some(self.fetch().await?);
            state.fetches = state.fetches.saturating_add(1);
            state.last_refetch = Some(Instant::now());
            if let Some(key) = find(state.keys.as_deref().unwrap_or_default(), kid, algorithm)? {
                return Ok(key);
            }
        }
        Err(AuthError::new(
            AuthErrorKind::InvalidIdToken,
            match kid {
                Some(kid) => format!("the bank's key set holds no {algorithm:?} key `{kid}`"),
                None => format!("the bank's key set holds no single {algorithm:?} key"),
            },
        ))
    }

    async fn fetch(&self) -> Result<Vec<Jwk>, AuthError> {
        let set: serde_json::Value = get_json(&self.transport, &self.uri, "key set").await?;
        let Some(keys) = set.get("keys").and_then(serde_json::Value::as_array) else {
            return Err(AuthError::new(
                AuthErrorKind::Discovery,
                format!("the key set at `{}` has no `keys` array", self.uri),
            ));
        };
        // A key of a type this version cannot read is skipped, not a failure of the whole set.
        Ok(keys
            .iter()
            .filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok())
            .collect())
    }
}

/// The signing key for `kid` and `algorithm`; without a `kid`, the one signing key the set holds
/// for the algorithm. A key whose `use` or `alg` says otherwise is not a match.
fn find(
    keys: &[Jwk],
    kid: Option<&str>,
    algorithm: Algorithm,
) -> Result<Option<DecodingKey>, AuthError> {
    let fits = |jwk: &&Jwk| {
        let usable =
            !matches!(&jwk.common.public_key_use, Some(u) if *u != PublicKeyUse::Signature);
        let same_alg = jwk
            .common
            .key_algorithm
            .is_none_or(|a| format!("{a:?}") == format!("{algorithm:?}"));
        usable && same_alg && key_family_fits(jwk, algorithm)
    };
    let candidates: Vec<&Jwk> = match kid {
        Some(kid) => keys
            .iter()
            .filter(|k| k.common.key_id.as_deref() == Some(kid))
            .filter(fits)
            .collect(),
        None => keys.iter().filter(fits).collect(),
    };
    match candidates.as_slice() {
        [one] => DecodingKey::from_jwk(one).map(Some).map_err(|e| {
            AuthError::new(
                AuthErrorKind::InvalidIdToken,
                format!("the bank's key is not usable: {e}"),
            )
        }),
        _ => Ok(None),
    }
}

fn key_family_fits(jwk: &Jwk, algorithm: Algorithm) -> bool {
    use jsonwebtoken::jwk::AlgorithmParameters as P;
    matches!(
        (&jwk.algorithm, algorithm),
        (
            P::RSA(_),
            Algorithm::PS256
                | Algorithm::PS384
                | Algorithm::PS512
                | Algorithm::RS256
                | Algorithm::RS384
                | Algorithm::RS512
        ) | (P::EllipticCurve(_), Algorithm::ES256 | Algorithm::ES384)
            | (P::OctetKeyPair(_), Algorithm::EdDSA)
    )
}
