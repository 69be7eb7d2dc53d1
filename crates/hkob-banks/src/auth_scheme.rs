//! How a dialect sends a bank's credentials, and the one place a profile becomes a client.

use std::fmt;
use std::sync::Arc;

use hkob_core::auth::{ClientAuth, ClientCredentials, Credentials, OAuthClient, StaticHeaders};
use hkob_core::store::StateBackend;
use hkob_core::{Client, ClientBuilder};

use crate::credentials::BankCredentials;
use crate::error::ProfileError;
use crate::profile::BankProfile;

/// A dialect's own credentials provider, made from a profile (the DBS partner token exchange,
/// say). It returns [`ProfileError::CredentialsMismatch`] for credentials it cannot use.
pub type BuildCredentials = fn(&BankProfile) -> Result<Arc<dyn Credentials>, ProfileError>;

/// How a dialect's API expects the TSP's credentials. Each phase crate states it per dialect,
/// from the dialect's spec (its `securitySchemes`), and
/// [`BankProfile::client_builder`] applies it.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum AuthScheme {
    /// The API takes no credentials.
    None,
    /// A client id and secret, each in its own header (JETCO APIX's `X-IBM-Client-Id` /
    /// `X-IBM-Client-Secret`, the HSBC group's `ClientID` / `ClientSecret`).
    HeaderPair {
        /// The header that carries the client id.
        id_header: &'static str,
        /// The header that carries the client secret.
        secret_header: &'static str,
    },
    /// The OAuth 2.0 client credentials grant at the bank's base URL + `token_path`, the client
    /// id and secret form-encoded in the token request; calls then carry the bearer token.
    OAuthClientCredentials {
        /// The token endpoint, relative to the profile's base URL.
        token_path: &'static str,
    },
    /// A scheme of the dialect's own, built by the phase crate.
    Custom {
        /// A short name for messages (`DBS partner token exchange`).
        name: &'static str,
        /// Makes the credentials provider from a profile.
        build: BuildCredentials,
    },
}

impl AuthScheme {
    /// A short name of the scheme, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            AuthScheme::None => "no credentials",
            AuthScheme::HeaderPair { .. } => "client id and secret headers",
            AuthScheme::OAuthClientCredentials { .. } => "the OAuth client credentials grant",
            AuthScheme::Custom { name, .. } => name,
        }
    }
}

impl fmt::Debug for AuthScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthScheme::None => f.write_str("None"),
            AuthScheme::HeaderPair {
                id_header,
                secret_header,
            } => f
                .debug_struct("HeaderPair")
                .field("id_header", id_header)
                .field("secret_header", secret_header)
                .finish(),
            AuthScheme::OAuthClientCredentials { token_path } => f
                .debug_struct("OAuthClientCredentials")
                .field("token_path", token_path)
                .finish(),
            AuthScheme::Custom { name, .. } => f.debug_tuple("Custom").field(name).finish(),
        }
    }
}

impl BankProfile {
    /// A client builder for this bank: its base URL, its id as the client's bank label, and its
    /// credentials sent as `scheme` says. Add options (retry policy, timeouts, language) and
    /// [`build`](ClientBuilder::build) it.
    ///
    /// A profile with [`BankCredentials::None`] gets a client that sends no credentials, whatever
    /// the scheme (a public endpoint, or a test server). Credentials of a kind the scheme cannot
    /// send are refused with [`ProfileError::CredentialsMismatch`].
    ///
    /// ```
    /// use hkob_banks::{AuthScheme, BankCredentials, BankProfile, Dialect};
    ///
    /// let bea = BankProfile::new(
    ///     "bea",
    ///     "The Bank of East Asia",
    ///     Dialect::JetcoApix,
    ///     "https://sandbox.apix.com.hk/jetco/sb/bea",
    ///     BankCredentials::client_secret("client-id", "client-secret"),
    /// );
    /// let scheme = AuthScheme::HeaderPair {
    ///     id_header: "X-IBM-Client-Id",
    ///     secret_header: "X-IBM-Client-Secret",
    /// };
    /// let client = bea.client_builder(&scheme)?.build()?;
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn client_builder(&self, scheme: &AuthScheme) -> Result<ClientBuilder, ProfileError> {
        self.client_builder_sharing(scheme, None)
    }

    /// [`client_builder`](Self::client_builder), with the TSP's access token (where `scheme`
    /// fetches one) shared with every process that uses `state` (see
    /// [`TokenCache`](hkob_core::auth::TokenCache)).
    pub fn client_builder_sharing(
        &self,
        scheme: &AuthScheme,
        state: Option<&Arc<dyn StateBackend>>,
    ) -> Result<ClientBuilder, ProfileError> {
        let builder = Client::builder()
            .base_url(self.base_url.clone())
            .bank(self.id.as_str());
        Ok(match self.credentials_sharing(scheme, state)? {
            Some(credentials) => builder.shared_credentials(credentials),
            None => builder,
        })
    }

    /// The profile's credentials as `scheme` sends them, for a client that needs them beside
    /// others (a customer's token, say); `None` for a profile with [`BankCredentials::None`].
    /// [`client_builder`](Self::client_builder) is this on a client for the profile's base URL.
    pub fn credentials_for(
        &self,
        scheme: &AuthScheme,
    ) -> Result<Option<Arc<dyn Credentials>>, ProfileError> {
        self.credentials_sharing(scheme, None)
    }

    /// [`credentials_for`](Self::credentials_for), with the TSP's access token (where `scheme`
    /// fetches one) shared with every process that uses `state`.
    pub fn credentials_sharing(
        &self,
        scheme: &AuthScheme,
        state: Option<&Arc<dyn StateBackend>>,
    ) -> Result<Option<Arc<dyn Credentials>>, ProfileError> {
        let client_error = |message: String| ProfileError::Client {
            bank: self.id.clone(),
            message,
        };
        let credentials: Arc<dyn Credentials> = match (scheme, &self.credentials) {
            // Nothing to send: a public endpoint, or an API that takes tokens only.
            (_, BankCredentials::None) | (AuthScheme::None, _) => return Ok(None),
            (
                AuthScheme::HeaderPair {
                    id_header,
                    secret_header,
                },
                BankCredentials::ClientSecret {
                    client_id,
                    client_secret,
                },
            ) => Arc::new(StaticHeaders::pair(
                id_header,
                client_id,
                secret_header,
                client_secret,
            )),
            (
                AuthScheme::OAuthClientCredentials { token_path },
                BankCredentials::ClientSecret {
                    client_id,
                    client_secret,
                },
            ) => {
                let token_url = format!("{}{token_path}", self.base_url.trim_end_matches('/'));
                let oauth = OAuthClient::new(
                    client_id,
                    &token_url,
                    ClientAuth::secret_post(client_secret.as_str()),
                )
                .map_err(|e| client_error(e.to_string()))?;
                let grant = ClientCredentials::new(oauth);
                Arc::new(match state {
                    Some(state) => grant.shared(Arc::clone(state)),
                    None => grant,
                })
            }
            (AuthScheme::Custom { build, .. }, _) => build(self)?,
            (scheme, credentials) => {
                return Err(ProfileError::CredentialsMismatch {
                    bank: self.id.clone(),
                    credentials: credentials.kind(),
                    scheme: scheme.name(),
                });
            }
        };
        Ok(Some(credentials))
    }

    /// [`client_builder`](Self::client_builder), built with hkob-core's defaults.
    pub fn client(&self, scheme: &AuthScheme) -> Result<Client, ProfileError> {
        self.client_builder(scheme)?
            .build()
            .map_err(|e| ProfileError::Client {
                bank: self.id.clone(),
                message: e.to_string(),
            })
    }
}
