//! A customer's approval at a bank, shared by every phase that needs one: the bank's discovery
//! document and keys, the TSP's own token, the authorization code flow with PKCE and the ID token
//! that must name the consent approved.
//!
//! A phase crate creates its consent with [`BankAuthorizer::tsp`], sends the customer to
//! [`BankAuthorizer::start`]'s URL, keeps the returned [`PendingApproval`] where any of its
//! processes can take it once, and hands it to [`BankAuthorizer::finish`] with the callback; the
//! customer's tokens then go into [`BankAuthorizer::customer_client`].

mod client_auth;
mod options;
mod pending;

use std::fmt;
use std::sync::Arc;

use hkob_core::auth::oidc::{
    ClientRegistration, IdTokenChecks, IdTokenClaims, IdTokenVerifier, Jwks, ProviderMetadata,
    Registrar, RegistrationRequest,
};
use hkob_core::auth::{
    AuthorizationCodeFlow, ClientAuth, ClientCredentials, Credentials, Layered, OAuthClient,
    PendingAuthorization, TokenSet, UserCredentials,
};
use hkob_core::error::{AuthError, AuthErrorKind};
use hkob_core::signing::SigningKey;
use hkob_core::{Client, Redacted};

pub use options::{AccessOptions, DEFAULT_AUTHORIZATION_TTL};
pub use pending::PendingApproval;

use crate::{AuthScheme, BankCredentials, BankId, BankProfile, ProfileError};

/// Setting up a [`BankAuthorizer`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectError {
    /// A request to the bank failed (its discovery document, say).
    #[error(transparent)]
    Request(#[from] hkob_core::Error),
    /// The bank profile cannot be used.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The bank's discovery document does not offer the token endpoint authentication the
    /// client is set up for.
    #[error("{bank} does not accept {method} at its token endpoint (it offers {offered:?})")]
    AuthMethodRefused {
        /// The bank.
        bank: BankId,
        /// The method the client would use.
        method: String,
        /// What the bank offers.
        offered: Vec<String>,
    },
    /// The client registration has no secret, and no other client authentication was given
    /// ([`AccessOptions::client_auth`]).
    #[error("the registration at {bank} has no client secret: give AccessOptions::client_auth")]
    NoClientSecret {
        /// The bank.
        bank: BankId,
    },
}

impl ConnectError {
    /// The bank, when the error is about what it offers.
    pub fn bank(&self) -> Option<&BankId> {
        match self {
            ConnectError::AuthMethodRefused { bank, .. }
            | ConnectError::NoClientSecret { bank } => Some(bank),
            _ => None,
        }
    }
}

/// The TSP's setup at one bank for its customers' approvals. Cheap to clone.
#[derive(Clone)]
pub struct BankAuthorizer {
    inner: Arc<Inner>,
}

struct Inner {
    profile: BankProfile,
    metadata: ProviderMetadata,
    oauth: OAuthClient,
    flow: AuthorizationCodeFlow,
    verifier: IdTokenVerifier,
    jwks: Arc<Jwks>,
    app: Option<Arc<dyn Credentials>>,
    tsp: Client,
    options: AccessOptions,
}

impl fmt::Debug for BankAuthorizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BankAuthorizer")
            .field("bank", &self.inner.profile.id)
            .field("issuer", &self.inner.metadata.issuer)
            .finish_non_exhaustive()
    }
}

impl BankAuthorizer {
    /// Sets up approvals at the bank of `profile`: reads the bank's discovery document (its
    /// issuer must be the configured one, and only the endpoints it names are used), and
    /// prepares the TSP's client-credentials token for `scope`, sent after the bank's own app
    /// credentials in `app_scheme` (if it has any). Customers are asked for `openid` and
    /// `scope`.
    pub async fn connect(
        profile: BankProfile,
        options: AccessOptions,
        app_scheme: &AuthScheme,
        scope: &str,
    ) -> Result<Self, ConnectError> {
        let (client_id, client_secret) = match (&options.registration, &profile.credentials) {
            (Some(registration), _) => (
                registration.client_id.clone(),
                registration
                    .client_secret
                    .as_ref()
                    .map(|s| secrecy::ExposeSecret::expose_secret(s).to_owned()),
            ),
            (
                None,
                BankCredentials::ClientSecret {
                    client_id,
                    client_secret,
                },
            ) => (client_id.clone(), Some(client_secret.clone())),
            (None, other) => {
                return Err(ProfileError::CredentialsMismatch {
                    bank: profile.id.clone(),
                    credentials: other.kind(),
                    scheme: "an OAuth client registration (client id and secret)",
                }
                .into());
            }
        };
        let issuer = options.issuer_of(&profile);
        let bare = options.client_at(&profile, issuer.clone(), None)?;
        let metadata = ProviderMetadata::discover(&bare, &issuer).await?;
        let auth = client_auth::client_auth(&profile.id, &metadata, &options, client_secret)?;
        // Under mutual TLS, the token endpoint is the bank's mutual-TLS alias where it has one.
        let mutual_tls = matches!(auth, ClientAuth::TlsClientAuth);
        let oauth = OAuthClient::new(
            client_id.clone(),
            metadata.token_endpoint_for(mutual_tls),
            auth,
        )
        .map_err(hkob_core::Error::from)?;
        let flow = AuthorizationCodeFlow::new(
            oauth.clone(),
            &metadata.authorization_endpoint,
            &options.redirect_uri,
        )
        .map_err(hkob_core::Error::from)?
        .issuer(metadata.issuer.clone())
        .scope("openid")
        .scope(scope);
        let jwks = Arc::new(Jwks::new(&bare, &metadata.jwks_uri)?);
        let verifier = IdTokenVerifier::new(&metadata, client_id, Arc::clone(&jwks));
        let app = profile.credentials_for(app_scheme)?;
        let mut grant = ClientCredentials::new(oauth.clone()).scope(scope);
        if let Some(state) = &options.shared_state {
            grant = grant.shared(Arc::clone(state));
        }
        let tsp_credentials = app_then(&app, grant);
        let tsp = options.client_at(&profile, profile.base_url.clone(), Some(tsp_credentials))?;
        Ok(Self {
            inner: Arc::new(Inner {
                profile,
                metadata,
                oauth,
                flow,
                verifier,
                jwks,
                app,
                tsp,
                options,
            }),
        })
    }

    /// Registers the TSP's client at the bank of `profile` by dynamic client registration (the
    /// HSBC group's onboarding): reads the bank's discovery document, sends `request` (with the
    /// software statement the bank issued) signed with `key`, and returns the registration to
    /// store and to give [`AccessOptions::registration`]. Read or update it later with
    /// `hkob_core::auth::oidc::Registrar`.
    pub async fn register(
        profile: &BankProfile,
        options: &AccessOptions,
        key: SigningKey,
        software_id: &str,
        request: &RegistrationRequest,
    ) -> Result<ClientRegistration, hkob_core::Error> {
        let issuer = options.issuer_of(profile);
        let client = options.client_at(profile, issuer.clone(), None)?;
        let metadata = ProviderMetadata::discover(&client, &issuer).await?;
        let registrar = Registrar::new(&metadata, key)?.software_id(software_id);
        registrar.register(&client, request).await
    }

    /// The bank's profile.
    pub fn profile(&self) -> &BankProfile {
        &self.inner.profile
    }

    /// The bank.
    pub fn bank(&self) -> &BankId {
        &self.inner.profile.id
    }

    /// The bank's discovery document.
    pub fn metadata(&self) -> &ProviderMetadata {
        &self.inner.metadata
    }

    /// The bank's published keys (for its signed answers, say).
    pub fn jwks(&self) -> &Arc<Jwks> {
        &self.inner.jwks
    }

    /// The options this authorizer was set up with.
    pub fn options(&self) -> &AccessOptions {
        &self.inner.options
    }

    /// A client at the bank's base URL that sends the bank's app credentials and the TSP's own
    /// client-credentials token (for creating and reading consents).
    pub fn tsp(&self) -> &Client {
        &self.inner.tsp
    }

    /// The URL to send the customer to for approving consent `consent_id`, and what to keep
    /// until the customer comes back (fresh `state`, `nonce` and PKCE verifier, and when the
    /// approval expires: [`AccessOptions::authorization_ttl`] from now).
    pub fn start(&self, consent_id: &str) -> (url::Url, PendingApproval) {
        let inner = &self.inner;
        let start = inner.flow.start_with(&[("consent_id", consent_id)]);
        let ttl = chrono::Duration::from_std(inner.options.authorization_ttl)
            .unwrap_or(chrono::Duration::MAX);
        let pending = PendingApproval {
            bank: inner.profile.id.clone(),
            consent_id: consent_id.to_owned(),
            state: Redacted::new(start.pending.state().to_owned()),
            nonce: Redacted::new(start.pending.nonce().to_owned()),
            pkce_verifier: Redacted::new(start.pending.pkce_verifier().to_owned()),
            expires_at: chrono::Utc::now()
                .checked_add_signed(ttl)
                .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC),
        };
        (start.url, pending)
    }

    /// Finishes the approval `pending` started: checks the callback (`state`, `iss`, `error`),
    /// exchanges the code, then checks the ID token (signature, `iss`, `aud`, `exp`, `iat`,
    /// `nonce`, `c_hash`, `s_hash`, `at_hash`, and that it names the consent). A customer's
    /// refusal is [`AuthErrorKind::AuthorizationDenied`].
    pub async fn finish(
        &self,
        pending: PendingApproval,
        callback: &str,
    ) -> Result<TokenSet, hkob_core::Error> {
        let inner = &self.inner;
        let consent_id = pending.consent_id;
        let nonce = pending.nonce.expose().clone();
        let state = pending.state.expose().clone();
        let authorization = PendingAuthorization::from_parts(
            pending.state.into_inner(),
            pending.nonce.into_inner(),
            pending.pkce_verifier.into_inner(),
        );
        let code = inner.flow.validate_callback(&authorization, callback)?;
        let code_value = code.secret().to_owned();
        let tokens = inner.flow.exchange(&inner.tsp, code, authorization).await?;
        let id_token = tokens.id_token().ok_or_else(|| {
            AuthError::new(
                AuthErrorKind::InvalidIdToken,
                "the token answer has no ID token",
            )
        })?;
        let names_consent =
            move |claims: &IdTokenClaims| consent_claim_matches(claims, &consent_id);
        let checks = IdTokenChecks::new(&nonce)
            .code(&code_value)
            .state(&state)
            .access_token(tokens.access_token().secret())
            .claims(&names_consent);
        inner.verifier.verify(id_token, &checks).await?;
        Ok(tokens)
    }

    /// The customer's credentials for `tokens`, refreshed at the bank's token endpoint.
    pub fn user_credentials(&self, tokens: TokenSet) -> UserCredentials {
        UserCredentials::new(self.inner.oauth.clone(), tokens)
    }

    /// A client at the bank's base URL that sends the bank's app credentials and the customer's
    /// `credentials`. It shares the TSP client's connections and settings.
    pub fn customer_client(&self, credentials: UserCredentials) -> Client {
        let inner = &self.inner;
        inner
            .tsp
            .with_credentials(app_then(&inner.app, credentials))
    }
}

/// The `state` of a callback URL or query: the key to the authorization in progress.
pub fn callback_state(callback: &str) -> Option<String> {
    let query = match url::Url::parse(callback) {
        Ok(url) => url.query().unwrap_or_default().to_owned(),
        Err(_) => callback.trim_start_matches('?').to_owned(),
    };
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
}

/// The bank's own credentials for the app (its API key headers), if the dialect sends any,
/// then `last`.
fn app_then(app: &Option<Arc<dyn Credentials>>, last: impl Credentials) -> Layered {
    match app {
        Some(app) => Layered::new().with_shared(app.clone()),
        None => Layered::new(),
    }
    .with(last)
}

/// Whether the ID token names consent `expected` (in `consent_id`, or OB's
/// `openbanking_intent_id`).
fn consent_claim_matches(claims: &IdTokenClaims, expected: &str) -> Result<(), String> {
    let named: Vec<&str> = ["consent_id", "openbanking_intent_id"]
        .iter()
        .filter_map(|name| claims.claim(name).and_then(|v| v.as_str()))
        .collect();
    if named.is_empty() {
        return Err("the ID token names no consent".to_owned());
    }
    if named.iter().all(|id| *id == expected) {
        Ok(())
    } else {
        Err("the ID token names another consent than the one approved".to_owned())
    }
}
