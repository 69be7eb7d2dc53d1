//! One bank's Phase III access: the consent flow, and sessions that read with a consent.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use hkob_banks::{BankCredentials, BankProfile, ProfileError};
use hkob_core::auth::oidc::{
    ClientRegistration, IdTokenChecks, IdTokenClaims, IdTokenVerifier, Jwks, ProviderMetadata,
    Registrar, RegistrationRequest,
};
use hkob_core::auth::{
    AccessToken, AuthorizationCodeFlow, ClientAuth, ClientCredentials, Credentials, Layered,
    OAuthClient, PendingAuthorization, TokenSet, UserCredentials,
};
use hkob_core::error::{AuthError, AuthErrorKind};
use hkob_core::signing::SigningKey;
use hkob_core::{Client, ClientBuilder};
use secrecy::ExposeSecret;

use crate::consent::{Consent, ConsentRequest, ConsentStatus};
use crate::dialects::{self, AccountDialect};
use crate::error::AccessError;
use crate::model::{BankId, Redacted};
use crate::query::PersonCheck;
use crate::session::AccountSession;
use crate::store::{ConsentRecord, ConsentStore, PendingConsent, StoredTokens};

/// How long a customer has to approve at the bank, by default.
pub const DEFAULT_AUTHORIZATION_TTL: Duration = Duration::from_secs(600);

/// What a TSP sets up once per bank, besides the bank's profile.
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
}

impl fmt::Debug for AccessOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessOptions")
            .field("redirect_uri", &self.redirect_uri)
            .field("issuer", &self.issuer)
            .field("authorization_ttl", &self.authorization_ttl)
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
    /// [`AccountAccess::register`]) for every call.
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
}

impl AccessOptions {
    /// The bank's issuer: the one configured, else the profile's base URL.
    fn issuer_of(&self, profile: &BankProfile) -> String {
        self.issuer
            .clone()
            .unwrap_or_else(|| profile.base_url.trim_end_matches('/').to_owned())
    }

    /// A client for `profile`'s bank at `base_url`, sending `credentials` (if any), with the
    /// options' client settings applied.
    fn client_at(
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

/// The bank's own credentials for the app (its API key headers), if the dialect sends any,
/// then `last`.
fn app_then(app: &Option<Arc<dyn Credentials>>, last: impl Credentials) -> Layered {
    match app {
        Some(app) => Layered::new().with_shared(app.clone()),
        None => Layered::new(),
    }
    .with(last)
}

/// Where to send the customer to approve a consent.
#[derive(Clone)]
#[non_exhaustive]
pub struct AuthorizationRedirect {
    /// The bank's authorization URL, every parameter set.
    pub url: url::Url,
    /// The consent being approved, awaiting authorisation.
    pub consent: Consent,
}

impl fmt::Debug for AuthorizationRedirect {
    /// The endpoint only: the query carries `state` and `nonce`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut endpoint = self.url.clone();
        endpoint.set_query(None);
        f.debug_struct("AuthorizationRedirect")
            .field("url", &endpoint.as_str())
            .field("consent", &self.consent)
            .finish()
    }
}

/// A TSP's Phase III access at one bank: create consents and send customers to approve them,
/// complete the approval when they come back, read with a consent, revoke it.
///
/// Cheap to clone; every clone shares the bank's discovery document, keys and store.
#[derive(Clone)]
pub struct AccountAccess {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) profile: BankProfile,
    pub(crate) dialect: &'static dyn AccountDialect,
    metadata: ProviderMetadata,
    oauth: OAuthClient,
    flow: AuthorizationCodeFlow,
    verifier: IdTokenVerifier,
    app: Option<Arc<dyn Credentials>>,
    pub(crate) tsp: Client,
    pub(crate) store: Arc<dyn ConsentStore>,
    options: AccessOptions,
}

impl fmt::Debug for AccountAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountAccess")
            .field("bank", &self.inner.profile.id)
            .field("dialect", &self.inner.profile.dialect)
            .field("issuer", &self.inner.metadata.issuer)
            .finish_non_exhaustive()
    }
}

impl AccountAccess {
    /// Sets up access at the bank of `profile`: reads the bank's discovery document (its
    /// issuer must be the configured one, and only the endpoints it names are used) and keeps
    /// consents, tokens and authorizations in progress in `store`.
    pub async fn connect(
        profile: BankProfile,
        options: AccessOptions,
        store: Arc<dyn ConsentStore>,
    ) -> Result<Self, AccessError> {
        let dialect = dialects::of(profile.dialect)
            .ok_or(AccessError::UnsupportedDialect(profile.dialect))?;
        let (client_id, client_secret) = match (&options.registration, &profile.credentials) {
            (Some(registration), _) => (
                registration.client_id.clone(),
                registration
                    .client_secret
                    .as_ref()
                    .map(|s| s.expose_secret().to_owned()),
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
        let auth = client_auth(&profile.id, &metadata, &options, client_secret)?;
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
        .scope("accounts");
        let jwks = Jwks::new(&bare, &metadata.jwks_uri)?;
        let verifier = IdTokenVerifier::new(&metadata, client_id, jwks);
        let app = profile.credentials_for(&dialect.app_scheme())?;
        let tsp_credentials = app_then(
            &app,
            ClientCredentials::new(oauth.clone()).scope("accounts"),
        );
        let tsp = options.client_at(&profile, profile.base_url.clone(), Some(tsp_credentials))?;
        Ok(Self {
            inner: Arc::new(Inner {
                profile,
                dialect,
                metadata,
                oauth,
                flow,
                verifier,
                app,
                tsp,
                store,
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
    ) -> Result<ClientRegistration, AccessError> {
        let issuer = options.issuer_of(profile);
        let client = options.client_at(profile, issuer.clone(), None)?;
        let metadata = ProviderMetadata::discover(&client, &issuer).await?;
        let registrar = Registrar::new(&metadata, key)
            .map_err(hkob_core::Error::from)?
            .software_id(software_id);
        Ok(registrar.register(&client, request).await?)
    }

    /// The bank.
    pub fn bank(&self) -> &BankId {
        &self.inner.profile.id
    }

    /// The bank's discovery document.
    pub fn metadata(&self) -> &ProviderMetadata {
        &self.inner.metadata
    }

    /// The store this access keeps its consents in.
    pub fn store(&self) -> &Arc<dyn ConsentStore> {
        &self.inner.store
    }

    /// Creates a consent for `request` and gives the URL to send the customer to. The consent
    /// and the authorization in progress (its `state`, `nonce` and PKCE verifier) are kept in
    /// the store, so the customer may come back to any process that shares it.
    pub async fn begin(
        &self,
        request: &ConsentRequest,
    ) -> Result<AuthorizationRedirect, AccessError> {
        let inner = &self.inner;
        let bank = &inner.profile.id;
        request
            .validate(Utc::now())
            .map_err(AccessError::InvalidInput)?;
        let consent = inner
            .dialect
            .create_consent(&inner.tsp, bank, request)
            .await?;
        if consent.status != ConsentStatus::AwaitingAuthorisation {
            return Err(AccessError::Inconsistent {
                bank: bank.clone(),
                message: format!(
                    "a new consent is {}, not awaiting authorisation",
                    consent.status
                ),
            });
        }
        if request.permissions().iter().any(|p| !consent.grants(p)) {
            return Err(AccessError::Inconsistent {
                bank: bank.clone(),
                message: "the bank created the consent with fewer permissions than asked"
                    .to_owned(),
            });
        }
        let start = inner
            .flow
            .start_with(&[("consent_id", consent.id.as_str())]);
        let ttl = chrono::Duration::from_std(inner.options.authorization_ttl)
            .unwrap_or(chrono::Duration::MAX);
        let expires_at = Utc::now()
            .checked_add_signed(ttl)
            .unwrap_or(chrono::DateTime::<Utc>::MAX_UTC);
        inner
            .store
            .put_consent(ConsentRecord::new(consent.clone(), None))
            .await?;
        inner
            .store
            .put_pending(PendingConsent {
                bank: bank.clone(),
                consent_id: consent.id.clone(),
                state: Redacted::new(start.pending.state().to_owned()),
                nonce: Redacted::new(start.pending.nonce().to_owned()),
                pkce_verifier: Redacted::new(start.pending.pkce_verifier().to_owned()),
                expires_at,
            })
            .await?;
        Ok(AuthorizationRedirect {
            url: start.url,
            consent,
        })
    }

    /// Completes the approval the customer came back from: `callback` is the full redirect URL
    /// (or its query). The callback (`state`, `iss`, `error`) and then the ID token (signature,
    /// `iss`, `aud`, `exp`, `iat`, `nonce`, `c_hash`, `at_hash` and the consent id it names) are
    /// checked before the consent is read; the customer's tokens are stored with it.
    ///
    /// A callback is accepted once: a replayed one is [`AccessError::UnknownAuthorization`].
    pub async fn complete(&self, callback: &str) -> Result<Consent, AccessError> {
        let inner = &self.inner;
        let bank = &inner.profile.id;
        let state = callback_state(callback).ok_or_else(|| {
            hkob_core::Error::from(AuthError::new(
                AuthErrorKind::MalformedCallback,
                "the callback has no `state`",
            ))
        })?;
        let pending = inner
            .store
            .take_pending(&state, Utc::now())
            .await?
            .ok_or(AccessError::UnknownAuthorization)?;
        if pending.bank != *bank {
            // A customer sent back from another bank: put it back for that bank's access.
            inner.store.put_pending(pending).await?;
            return Err(AccessError::UnknownAuthorization);
        }
        let consent_id = pending.consent_id.clone();
        let nonce = pending.nonce.expose().clone();
        let authorization = PendingAuthorization::from_parts(
            pending.state.into_inner(),
            pending.nonce.into_inner(),
            pending.pkce_verifier.into_inner(),
        );
        let code = match inner.flow.validate_callback(&authorization, callback) {
            Ok(code) => code,
            Err(error) => {
                if error.kind() == AuthErrorKind::AuthorizationDenied {
                    // The customer refused: record what the bank now says.
                    let _ = self.refresh_consent(&consent_id).await;
                }
                return Err(hkob_core::Error::from(error).into());
            }
        };
        let code_value = code.secret().to_owned();
        let tokens = inner.flow.exchange(&inner.tsp, code, authorization).await?;
        let id_token = tokens.id_token().ok_or_else(|| AccessError::Inconsistent {
            bank: bank.clone(),
            message: "the token answer has no ID token".to_owned(),
        })?;
        let expected = consent_id.clone();
        let names_consent = move |claims: &IdTokenClaims| consent_claim_matches(claims, &expected);
        let checks = IdTokenChecks::new(&nonce)
            .code(&code_value)
            .state(&state)
            .access_token(tokens.access_token().secret())
            .claims(&names_consent);
        inner.verifier.verify(id_token, &checks).await?;
        let consent = inner
            .dialect
            .read_consent(&inner.tsp, bank, &consent_id)
            .await?;
        let record = ConsentRecord::new(consent.clone(), Some(stored(&tokens, None)));
        inner.store.put_consent(record).await?;
        if !consent.status.is_usable() {
            return Err(AccessError::ConsentNotUsable {
                bank: bank.clone(),
                consent_id,
                status: consent.status,
            });
        }
        Ok(consent)
    }

    /// Reads consent `consent_id` from the bank and records its status in the store.
    pub async fn refresh_consent(&self, consent_id: &str) -> Result<Consent, AccessError> {
        let inner = &self.inner;
        let bank = &inner.profile.id;
        let consent = inner
            .dialect
            .read_consent(&inner.tsp, bank, consent_id)
            .await?;
        let tokens = inner
            .store
            .consent(bank.as_str(), consent_id)
            .await?
            .and_then(|r| r.tokens)
            .filter(|_| !consent.status.is_final());
        inner
            .store
            .put_consent(ConsentRecord::new(consent.clone(), tokens))
            .await?;
        Ok(consent)
    }

    /// Revokes consent `consent_id` at the bank and forgets the customer's tokens for it; the
    /// store keeps the consent as `Revoked`.
    pub async fn revoke(&self, consent_id: &str) -> Result<(), AccessError> {
        let inner = &self.inner;
        let bank = &inner.profile.id;
        inner.dialect.revoke_consent(&inner.tsp, consent_id).await?;
        let mut consent = match inner.store.consent(bank.as_str(), consent_id).await? {
            Some(record) => record.consent,
            None => Consent::new(bank.clone(), consent_id, ConsentStatus::Revoked),
        };
        consent.status = ConsentStatus::Revoked;
        consent.status_updated_at = Some(Utc::now());
        inner
            .store
            .put_consent(ConsentRecord::new(consent, None))
            .await?;
        Ok(())
    }

    /// A session that reads with consent `consent_id`: the consent must be known to the store,
    /// authorised, not expired, and hold the customer's tokens.
    pub async fn session(&self, consent_id: &str) -> Result<AccountSession, AccessError> {
        let inner = &self.inner;
        let bank = &inner.profile.id;
        let record = inner
            .store
            .consent(bank.as_str(), consent_id)
            .await?
            .ok_or_else(|| AccessError::UnknownConsent {
                bank: bank.clone(),
                consent_id: consent_id.to_owned(),
            })?;
        let status = record.consent.status_at(Utc::now());
        let tokens = match (&record.tokens, status.is_usable()) {
            (Some(tokens), true) => tokens.clone(),
            _ => {
                return Err(AccessError::ConsentNotUsable {
                    bank: bank.clone(),
                    consent_id: consent_id.to_owned(),
                    status,
                });
            }
        };
        let client = self.customer_client(consent_id, &tokens)?;
        Ok(AccountSession::new(
            self.inner.clone(),
            record.consent,
            client,
        ))
    }

    /// Whether the person `check` describes holds an account at the bank (no consent needed).
    pub async fn check_availability(&self, check: &PersonCheck) -> Result<bool, AccessError> {
        check.validate()?;
        let inner = &self.inner;
        inner
            .dialect
            .availability(&inner.tsp, &inner.profile.id, check)
            .await
    }

    /// A client that reads with the customer's tokens for `consent_id`, refreshing them and
    /// storing each rotated refresh token by compare-and-set.
    fn customer_client(
        &self,
        consent_id: &str,
        tokens: &StoredTokens,
    ) -> Result<Client, AccessError> {
        let inner = &self.inner;
        let lifetime = tokens.access_expires_at.map(|at| {
            at.signed_duration_since(Utc::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
        });
        let set = TokenSet::new(
            AccessToken::new(tokens.access_token.expose().clone(), lifetime),
            tokens.refresh_token.as_ref().map(|r| r.expose().clone()),
            None,
        );
        let store = inner.store.clone();
        let bank = inner.profile.id.clone();
        let consent = consent_id.to_owned();
        let user =
            UserCredentials::new(inner.oauth.clone(), set).persist_with(move |used, tokens| {
                let store = store.clone();
                let bank = bank.clone();
                let consent = consent.clone();
                Box::pin(async move {
                    let replaced = store
                        .replace_tokens(
                            bank.as_str(),
                            &consent,
                            used.as_deref(),
                            stored(&tokens, used.as_deref()),
                        )
                        .await?;
                    if replaced {
                        Ok(())
                    } else {
                        Err("the stored refresh token changed meanwhile; kept the newer one".into())
                    }
                })
            });
        Ok(inner.options.client_at(
            &inner.profile,
            inner.profile.base_url.clone(),
            Some(app_then(&inner.app, user)),
        )?)
    }
}

/// How the client authenticates at the token endpoint: as the options say, else with the client
/// secret the way the bank's discovery document prefers.
fn client_auth(
    bank: &BankId,
    metadata: &ProviderMetadata,
    options: &AccessOptions,
    secret: Option<String>,
) -> Result<ClientAuth, AccessError> {
    let offered = |method: &str| {
        metadata.token_endpoint_auth_methods_supported.is_empty()
            || metadata.supports_auth_method(method)
    };
    let refuse = |what: &str| AccessError::Inconsistent {
        bank: bank.clone(),
        message: format!(
            "the bank does not accept {what} at its token endpoint (it offers {:?})",
            metadata.token_endpoint_auth_methods_supported
        ),
    };
    if let Some(auth) = &options.client_auth {
        let method = auth.method();
        return if offered(method) {
            Ok(auth.clone())
        } else {
            Err(refuse(method))
        };
    }
    let Some(secret) = secret else {
        return Err(AccessError::InvalidInput(
            "the registration has no client secret: give AccessOptions::client_auth".to_owned(),
        ));
    };
    // A registered client authenticates the way it registered to.
    let registered = options
        .registration
        .as_ref()
        .and_then(|r| r.metadata.get("token_endpoint_auth_method"))
        .and_then(|m| m.as_str());
    match registered {
        Some("client_secret_post") if offered("client_secret_post") => {
            Ok(ClientAuth::secret_post(secret))
        }
        Some("client_secret_basic") | None if offered("client_secret_basic") => {
            Ok(ClientAuth::secret_basic(secret))
        }
        None if offered("client_secret_post") => Ok(ClientAuth::secret_post(secret)),
        Some(method) => Err(refuse(method)),
        None => Err(refuse("a client secret")),
    }
}

/// The tokens to store from a token answer; a refresh answer without a new refresh token keeps
/// the one used.
fn stored(tokens: &TokenSet, used_refresh: Option<&str>) -> StoredTokens {
    let access = tokens.access_token();
    let expires_at = access.expires_at().and_then(|at| {
        let left = at.saturating_duration_since(tokio::time::Instant::now());
        chrono::Duration::from_std(left)
            .ok()
            .and_then(|left| Utc::now().checked_add_signed(left))
    });
    StoredTokens::new(
        access.secret(),
        expires_at,
        tokens.refresh_token().or(used_refresh).map(str::to_owned),
    )
}

/// The `state` of a callback URL or query.
fn callback_state(callback: &str) -> Option<String> {
    let query = match url::Url::parse(callback) {
        Ok(url) => url.query().unwrap_or_default().to_owned(),
        Err(_) => callback.trim_start_matches('?').to_owned(),
    };
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
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
