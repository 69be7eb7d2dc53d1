//! What a TSP sets up once per bank for its customers' approvals.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use hkob_core::auth::oidc::ClientRegistration;
use hkob_core::auth::{ClientAuth, Layered};
use hkob_core::store::StateBackend;
use hkob_core::{Client, ClientBuilder};

use crate::BankProfile;

/// How long a customer has to approve at the bank, by default.
pub const DEFAULT_AUTHORIZATION_TTL: Duration = Duration::from_secs(600);

/// What a TSP sets up once per bank, besides the bank's profile: where customers come back, and
/// how the TSP's client is registered and authenticates. Shared by every phase that asks a
/// customer to approve a consent (accounts, payments).
#[derive(Clone)]
#[non_exhaustive]
pub struct AccessOptions {
    /// Where the bank sends the customer back (registered with the bank).
    pub redirect_uri: String,
    /// The bank's OpenID Connect issuer; the profile's base URL when `None`.
    pub issuer: Option<String>,
    /// How long a customer has to approve at the bank.
    pub authorization_ttl: Duration,
    /// The client registered at the bank (by dynamic registration, say), in place of the
    /// profile's client id and secret.
    pub registration: Option<ClientRegistration>,
    /// How the client authenticates at the token endpoint (`private_key_jwt` with the TSP's
    /// key, say), in place of the client secret.
    pub client_auth: Option<ClientAuth>,
    /// Options for every client (timeouts, retries, a reqwest client with the TSP's
    /// certificate), applied to a builder that already has the base URL and credentials.
    pub client: Option<Arc<dyn Fn(ClientBuilder) -> ClientBuilder + Send + Sync>>,
    /// The state every process of the TSP shares (a sealed Redis or SQLite backend): the TSP's
    /// access token at the bank is then fetched once for all of them, and a customer's tokens
    /// are refreshed by one process at a time (the phases that keep customers' tokens take a
    /// lease there).
    pub shared_state: Option<Arc<dyn StateBackend>>,
}

impl fmt::Debug for AccessOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessOptions")
            .field("redirect_uri", &self.redirect_uri)
            .field("issuer", &self.issuer)
            .field("authorization_ttl", &self.authorization_ttl)
            .field("shared_state", &self.shared_state.is_some())
            .finish_non_exhaustive()
    }
}

impl AccessOptions {
    /// Options returning customers to `redirect_uri`.
    pub fn new(redirect_uri: impl Into<String>) -> Self {
        Self {
            redirect_uri: redirect_uri.into(),
            issuer: None,
            authorization_ttl: DEFAULT_AUTHORIZATION_TTL,
            registration: None,
            client_auth: None,
            client: None,
            shared_state: None,
        }
    }

    /// The bank's issuer, when it is not the profile's base URL.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// How long a customer has to approve at the bank.
    pub fn authorization_ttl(mut self, ttl: Duration) -> Self {
        self.authorization_ttl = ttl;
        self
    }

    /// Uses the client `registration` registered at the bank (see
    /// [`BankAuthorizer::register`](crate::BankAuthorizer::register)) for every call.
    pub fn registration(mut self, registration: ClientRegistration) -> Self {
        self.registration = Some(registration);
        self
    }

    /// Authenticates at the token endpoint with `auth` (`ClientAuth::private_key_jwt`, say).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.client_auth = Some(auth);
        self
    }

    /// Options for every client hkob builds for this bank.
    pub fn client(
        mut self,
        configure: impl Fn(ClientBuilder) -> ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.client = Some(Arc::new(configure));
        self
    }

    /// Shares the TSP's access token at the bank with every process that uses `state` (one
    /// token request for the fleet when it is due, see
    /// [`TokenCache`](hkob_core::auth::TokenCache)), and serialises customers' refreshes there.
    pub fn shared_state(mut self, state: Arc<dyn StateBackend>) -> Self {
        self.shared_state = Some(state);
        self
    }

    /// The bank's issuer: the one configured, else the profile's base URL.
    pub(crate) fn issuer_of(&self, profile: &BankProfile) -> String {
        self.issuer
            .clone()
            .unwrap_or_else(|| profile.base_url.trim_end_matches('/').to_owned())
    }

    /// A client for `profile`'s bank at `base_url`, sending `credentials` (if any), with the
    /// options' client settings applied.
    pub(crate) fn client_at(
        &self,
        profile: &BankProfile,
        base_url: String,
        credentials: Option<Layered>,
    ) -> Result<Client, hkob_core::Error> {
        let mut builder = Client::builder()
            .base_url(base_url)
            .bank(profile.id.as_str());
        if let Some(credentials) = credentials {
            builder = builder.credentials(credentials);
        }
        match &self.client {
            Some(configure) => configure(builder),
            None => builder,
        }
        .build()
    }
}
