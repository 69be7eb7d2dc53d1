//! The bank's signing keys, fetched and cached.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
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

/// The future of a [`Jwks::from_source`] read: the key set as JSON (`{"keys": [...]}`).
pub type KeySetFuture = Pin<Box<dyn Future<Output = Result<serde_json::Value, Error>> + Send>>;

/// A bank's JSON Web Key Set, fetched on first use and cached. A token whose key id the cache does
/// not know makes it fetch the set once more (the bank rotated its keys); a key that the set does
/// not hold is never trusted. Cheap to share: clone the `Arc` it usually lives in.
pub struct Jwks {
    source: Source,
    state: Mutex<State>,
}

/// Where the set is read from.
enum Source {
    /// A plain `GET` of a `jwks_uri`.
    Uri {
        transport: Arc<dyn Transport>,
        uri: url::Url,
    },
    /// A read of the caller's (an API operation that needs the TSP's credentials, say).
    Custom {
        what: String,
        read: Box<dyn Fn() -> KeySetFuture + Send + Sync>,
    },
}

#[derive(Default)]
struct State {
    keys: Option<Vec<Jwk>>,
    last_refetch: Option<Instant>,
    fetches: u64,
}

impl fmt::Debug for Jwks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("Jwks");
        match &self.source {
            Source::Uri { uri, .. } => f.field("uri", &uri.as_str()),
            Source::Custom { what, .. } => f.field("source", what),
        };
        f.finish_non_exhaustive()
    }
}

impl Jwks {
    /// The key set at `uri` (the discovery document's `jwks_uri`), fetched through `client`'s
    /// transport.
    pub fn new(client: &Client, uri: &str) -> Result<Self, Error> {
        let uri = parse_endpoint(uri, "jwks_uri")
            .map_err(|e| AuthError::new(AuthErrorKind::Discovery, e.message()))?;
        Ok(Self {
            source: Source::Uri {
                transport: Arc::clone(client.transport()),
                uri,
            },
            state: Mutex::new(State::default()),
        })
    }

    /// The key set that `read` gives, read on first use and again (at most every ten seconds)
    /// when a signature names a key it does not hold: for a set that is not a plain `GET` of a
    /// URL, such as a bank API operation that needs the TSP's credentials. `what` names the set
    /// in errors and `Debug`.
    ///
    /// ```
    /// use hkob_core::auth::oidc::{Jwks, KeySetFuture};
    ///
    /// let keys = Jwks::from_source("the bank's answer-signing keys", || -> KeySetFuture {
    ///     Box::pin(async { Ok(serde_json::json!({ "keys": [] })) })
    /// });
    /// assert!(format!("{keys:?}").contains("answer-signing"));
    /// ```
    pub fn from_source(
        what: impl Into<String>,
        read: impl Fn() -> KeySetFuture + Send + Sync + 'static,
    ) -> Self {
        Self {
            source: Source::Custom {
                what: what.into(),
                read: Box::new(read),
            },
            state: Mutex::new(State::default()),
        }
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
        let (set, what): (serde_json::Value, String) = match &self.source {
            Source::Uri { transport, uri } => (
                get_json(transport, uri, "key set").await?,
                format!("the key set at `{uri}`"),
            ),
            Source::Custom { what, read } => {
                let set = read().await.map_err(|e| {
                    AuthError::new(
                        AuthErrorKind::Discovery,
                        format!("{what} could not be read: {e}"),
                    )
                })?;
                (set, what.clone())
            }
        };
        let Some(keys) = set.get("keys").and_then(serde_json::Value::as_array) else {
            return Err(AuthError::new(
                AuthErrorKind::Discovery,
                format!("{what} has no `keys` array"),
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
