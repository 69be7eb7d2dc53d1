//! A per-bank OAuth 2.0 / OpenID Connect authorization server.
//!
//! The server is written from the standards (RFC 6749, RFC 7636, RFC 7523,
//! RFC 8705, RFC 9126, RFC 9207, OpenID Connect Core and Discovery), not from
//! the client crates, so that a client bug cannot hide behind a matching
//! server bug.
//!
//! What it serves, at paths set in [`AuthPaths`] (relative to the issuer):
//!
//! | path (default) | what |
//! | --- | --- |
//! | `GET /.well-known/openid-configuration` | discovery document |
//! | `GET /jwks.json` | the server's public signing keys (ES256, P-256), generated at start |
//! | `GET /oauth/authorize` | login and consent page (HTML), or a direct redirect on the non-interactive path |
//! | `POST /oauth/authorize` | the page's form: sign in, then approve the accounts and cards still ticked, or deny |
//! | `POST /oauth/token` | `client_credentials`, `authorization_code` (PKCE `S256` only) and `refresh_token` (rotation) grants |
//! | `POST /oauth/revoke` | token revocation (RFC 7009) |
//! | `POST /oauth/par` | pushed authorization requests (RFC 9126) |
//! | `POST /consents`, `GET /consents/{id}`, `DELETE /consents/{id}` | consent resources ([`Consent`]) |
//! | `POST /register`, `GET` / `PUT` / `DELETE /register/{client_id}` | dynamic client registration (RFC 7591 / 7592, UK Open Banking's signed requests and software statements), unless [`AuthConfig::dynamic_registration`] is off |
//!
//! Client authentication at the token, PAR and revocation endpoints:
//! `client_secret_basic`, `client_secret_post`, `private_key_jwt` (RFC 7523,
//! PS256 / ES256 / EdDSA, `iss` = `sub` = client id, `aud` = issuer or token
//! endpoint, `exp`, single-use `jti`) and, when served over mutual TLS with
//! [`crate::tls::serve`], `tls_client_auth`. Tokens issued over mutual TLS
//! are bound to the client certificate.
//!
//! The consent page works in a browser without JavaScript: the customer
//! signs in, then sees the consent's permissions in words and each of their
//! accounts and cards ([`TestCustomer`]) as a ticked checkbox, and approves
//! what stays ticked (at least one) or denies.
//!
//! Non-interactive approval: a GET to the authorize endpoint with
//! `login_hint=<username>` and the header `x-mock-auto-approve: approve` (or
//! `deny`) answers with the redirect at once, as does any authorize request
//! after [`AuthServer::set_auto_approval`]; an approval without a choice
//! covers every account and card of the customer.
//!
//! Resource endpoints call [`AuthServer::check_bearer`] (or
//! [`AuthServer::check_authorization_header`], or
//! [`AuthServer::check_bearer_with_certificate`] behind mutual TLS) and get
//! a [`TokenInfo`] or an [`AuthFailure`] that turns into a 401/403 answer.
//!
//! # Test fixtures
//!
//! [`AuthConfig::with_test_fixtures`] registers the client
//! `hkob-test-client` / `hkob-test-secret` (basic or post; redirect URIs
//! `http://127.0.0.1/callback` on any port and `https://tsp.example/callback`;
//! scopes `openid accounts payments products applications`) and these
//! customers ([`TEST_CUSTOMERS`]):
//!
//! | username | password | name | customer id (`sub`) | accounts |
//! | --- | --- | --- | --- | --- |
//! | `chantaiman` | `password1` | CHAN Tai Man | `C0001` | `A00011`, `A00012` |
//! | `wongsiuming` | `password2` | WONG Siu Ming | `C0002` | `A00021` |
//! | `leekayan` | `password3` | LEE Ka Yan | `C0003` | none |

mod authorize;
mod client_auth;
mod clock;
mod config;
mod consent;
mod customer;
mod decide;
mod detached;
mod direct_debit_consent;
mod discovery;
mod error;
mod html;
mod id_token;
mod misbehaviour;
mod par;
mod params;
mod payment_consent;
mod pkce;
mod random;
mod registration;
mod revoke;
mod secret_compare;
mod signing_key;
mod store;
mod token;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use axum::Router;
use axum::routing::{get, post};

pub use clock::ClockError;
pub(crate) use config::TEST_REDIRECT_URIS;
pub use config::{
    AuthConfig, AuthPaths, ClientAuthMethod, ClientKey, RegisteredClient, TEST_CUSTOMERS,
    TokenLifetimes,
};
pub use consent::{Consent, ConsentError, ConsentStatus, NewConsent};
pub use customer::TestCustomer;
pub use detached::TRUST_ANCHOR;
pub use direct_debit_consent::DirectDebitSummary;
pub use error::{AuthFailure, AuthSetupError};
pub use misbehaviour::{Misbehaviour, RequestMisbehaviours, UnknownMisbehaviour};
pub use payment_consent::PaymentSummary;
pub use store::TokenInfo;

use clock::Clock;
use signing_key::{KeyRing, SigningKey};
use store::Store;

/// The header that selects the non-interactive path on `GET authorize`.
pub const AUTO_APPROVE_HEADER: &str = "x-mock-auto-approve";

/// How authorize requests are decided without a person, set with
/// [`AuthServer::set_auto_approval`].
///
/// Approving a consent to one payment (a [`PaymentSummary`]) pays from the
/// consent's own debtor account, which the customer must hold, or, when the
/// consent leaves it open, from the customer's first account in the
/// payment's currency (none: the request is denied with `access_denied`).
/// Approving a direct debit consent (a [`DirectDebitSummary`]) collects
/// into the customer's first account in its currency (`HKD`; none:
/// `access_denied`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AutoApproval {
    /// Log in as this username and approve.
    Approve {
        /// The test customer's username.
        username: String,
    },
    /// Deny every request (`error=access_denied`).
    Deny,
}

/// One bank's authorization server. Build it with [`AuthServer::new`], serve
/// it with [`AuthServer::routes`], and use [`AuthServer::check_bearer`] in
/// resource handlers.
pub struct AuthServer {
    config: AuthConfig,
    keys: RwLock<KeyRing>,
    clock: Clock,
    store: Mutex<Store>,
    misbehaviours: RwLock<BTreeSet<Misbehaviour>>,
    auto_approval: RwLock<Option<AutoApproval>>,
    /// Clients registered at run time ([`AuthPaths::registration`]).
    registrations: RwLock<registration::Registry>,
}

impl std::fmt::Debug for AuthServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthServer")
            .field("issuer", &self.config.issuer)
            .field("key_id", &self.signing_key().kid())
            .finish_non_exhaustive()
    }
}

impl AuthServer {
    /// Builds a server from its configuration and generates its signing key.
    ///
    /// Fails when the issuer is not an absolute `http`/`https` URL or the key
    /// cannot be generated.
    pub fn new(config: AuthConfig) -> Result<Self, AuthSetupError> {
        let config = config.validated()?;
        Ok(Self {
            keys: RwLock::new(KeyRing::generate()?),
            config,
            clock: Clock::default(),
            store: Mutex::new(Store::default()),
            misbehaviours: RwLock::new(BTreeSet::new()),
            auto_approval: RwLock::new(None),
            registrations: RwLock::new(registration::Registry::default()),
        })
    }

    /// The routes of this server, at the paths of [`AuthConfig::paths`].
    ///
    /// Merge or nest the router where the issuer URL points: the issuer plus
    /// a path must reach that path's handler.
    pub fn routes(self: Arc<Self>) -> Router {
        let p = &self.config.paths;
        let consent_item = format!("{}/{{consent_id}}", p.consents.trim_end_matches('/'));
        let registered = format!("{}/{{client_id}}", p.registration.trim_end_matches('/'));
        let mut router = Router::new()
            .route(&p.discovery, get(discovery::openid_configuration))
            .route(&p.jwks, get(discovery::jwks))
            .route(&p.authorize, get(authorize::show).post(decide::decide))
            .route(&p.token, post(token::token))
            .route(&p.revocation, post(revoke::revoke))
            .route(&p.pushed_authorization, post(par::push))
            .route(&p.consents, post(consent::create))
            .route(&consent_item, get(consent::read).delete(consent::delete));
        if self.config.dynamic_registration {
            router = router
                .route(&p.registration, post(registration::register))
                .route(
                    &registered,
                    get(registration::show)
                        .put(registration::update)
                        .delete(registration::delete),
                );
        }
        router.with_state(self)
    }

    /// The configuration the server runs with.
    pub fn config(&self) -> &AuthConfig {
        &self.config
    }

    /// The issuer identifier (no trailing slash).
    pub fn issuer(&self) -> &str {
        &self.config.issuer
    }

    /// The absolute URL of one of the server's paths.
    pub fn endpoint(&self, path: &str) -> String {
        format!("{}{}", self.config.issuer, path)
    }

    /// The public signing keys as a JWKS document (what `GET jwks` serves).
    pub fn jwks(&self) -> serde_json::Value {
        self.jwks_with(None)
    }

    fn jwks_with(&self, extra: Option<&RequestMisbehaviours>) -> serde_json::Value {
        let decoy = self.misbehaving(extra, Misbehaviour::JwksDecoyKeys);
        read(&self.keys).jwks(decoy)
    }

    /// Signs with a new key from now on. The JWKS keeps the previous key
    /// (so tokens already issued still verify) and drops the one before.
    /// Returns the new key id.
    pub fn rotate_signing_key(&self) -> Result<String, AuthSetupError> {
        let fresh = Arc::new(SigningKey::generate()?);
        let kid = fresh.kid().to_owned();
        let mut ring = write(&self.keys);
        let old = std::mem::replace(&mut ring.current, fresh);
        ring.previous = Some(old);
        Ok(kid)
    }

    /// The id (`kid`) of the key ID tokens are signed with now.
    pub fn signing_key_id(&self) -> String {
        self.signing_key().kid().to_owned()
    }

    fn signing_key(&self) -> Arc<SigningKey> {
        read(&self.keys).current.clone()
    }

    /// Checks an access token presented to a resource endpoint.
    ///
    /// Fails when the token is unknown, expired, revoked, or bound to a
    /// consent that is no longer `Authorised`.
    pub fn check_bearer(&self, token: &str) -> Result<TokenInfo, AuthFailure> {
        let now = self.clock.now();
        self.lock().check_access_token(token, now)
    }

    /// Like [`AuthServer::check_bearer`], and a token bound to a client
    /// certificate (issued over mutual TLS) must come with that certificate
    /// (DER, e.g. from [`crate::tls::ClientCertificate`]).
    /// [`AuthServer::check_bearer`] itself does not look at the binding.
    pub fn check_bearer_with_certificate(
        &self,
        token: &str,
        certificate_der: Option<&[u8]>,
    ) -> Result<TokenInfo, AuthFailure> {
        let info = self.check_bearer(token)?;
        if let Some(bound) = &info.certificate_thumbprint {
            let presented = certificate_der.map(crate::tls::certificate_thumbprint);
            if presented.as_ref() != Some(bound) {
                return Err(AuthFailure::CertificateMismatch);
            }
        }
        Ok(info)
    }

    /// Like [`AuthServer::check_bearer_with_certificate`], for reading what
    /// a consent to one payment led to: a token bound to a consent that is
    /// `Consumed` (its payment was submitted) still works.
    pub(crate) fn check_bearer_after_payment(
        &self,
        token: &str,
        certificate_der: Option<&[u8]>,
    ) -> Result<TokenInfo, AuthFailure> {
        let now = self.clock.now();
        let info = self.lock().check_access_token_with(token, now, |s| {
            matches!(s, ConsentStatus::Authorised | ConsentStatus::Consumed)
        })?;
        if let Some(bound) = &info.certificate_thumbprint {
            let presented = certificate_der.map(crate::tls::certificate_thumbprint);
            if presented.as_ref() != Some(bound) {
                return Err(AuthFailure::CertificateMismatch);
            }
        }
        Ok(info)
    }

    /// Like [`AuthServer::check_bearer`], from the value of an `Authorization`
    /// header (`Bearer <token>`, scheme case-insensitive).
    pub fn check_authorization_header(
        &self,
        value: Option<&str>,
    ) -> Result<TokenInfo, AuthFailure> {
        let value = value.ok_or(AuthFailure::MissingToken)?;
        let (scheme, token) = value
            .trim()
            .split_once(' ')
            .ok_or(AuthFailure::MalformedAuthorization)?;
        if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
            return Err(AuthFailure::MalformedAuthorization);
        }
        self.check_bearer(token.trim())
    }

    /// Mints an access token without a grant, for tests of resource
    /// endpoints. `customer` is a test customer's username (or `None` for a
    /// client-credentials token); the token lives for the configured
    /// access-token lifetime.
    pub fn mint_access_token(
        &self,
        client_id: &str,
        scopes: &[&str],
        consent_id: Option<&str>,
        customer: Option<&str>,
    ) -> String {
        let now = self.clock.now();
        let customer = customer.and_then(|u| self.config.customer_by_username(u));
        let accounts = customer.map(TestCustomer::holdings).unwrap_or_default();
        let grant = store::Grant {
            client_id: client_id.to_owned(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            consent_id: consent_id.map(str::to_owned),
            customer: customer.map(|c| c.customer_id.clone()),
            accounts,
            certificate: None,
        };
        let ttl = self.config.lifetimes.access_token_secs;
        self.lock()
            .issue_access_token(&grant, None, now, now.saturating_add(ttl))
    }

    /// Makes every access token (of one client, or of all when `None`) expire
    /// now. Returns how many were live.
    pub fn expire_tokens(&self, client_id: Option<&str>) -> usize {
        let now = self.clock.now();
        self.lock().expire_access_tokens(client_id, now)
    }

    /// Revokes an access or refresh token. A refresh token takes its whole
    /// family (every token from the same authorization) with it. Returns
    /// whether the token was known.
    pub fn revoke_token(&self, token: &str) -> bool {
        self.lock().revoke_token(token)
    }

    /// Moves the clock of this server forward (codes, tokens and consents
    /// expire as if the time had passed). Tokens signed by clients still use
    /// the real time.
    ///
    /// Refused, with the clock left alone, when the server's time would pass
    /// the end of the year 9999.
    pub fn advance_clock(&self, secs: u64) -> Result<(), ClockError> {
        self.clock.advance(secs)
    }

    /// The server's current time, in seconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Turns on a misbehaviour for every later request.
    pub fn set_misbehaviour(&self, misbehaviour: Misbehaviour) {
        write(&self.misbehaviours).insert(misbehaviour);
    }

    /// Turns off one misbehaviour.
    pub fn clear_misbehaviour(&self, misbehaviour: Misbehaviour) {
        write(&self.misbehaviours).remove(&misbehaviour);
    }

    /// Turns off every misbehaviour.
    pub fn clear_misbehaviours(&self) {
        write(&self.misbehaviours).clear();
    }

    /// The misbehaviours now on.
    pub fn misbehaviours(&self) -> Vec<Misbehaviour> {
        read(&self.misbehaviours).iter().copied().collect()
    }

    /// Decides every later authorize request without the page (`None` goes
    /// back to the page).
    pub fn set_auto_approval(&self, approval: Option<AutoApproval>) {
        *write(&self.auto_approval) = approval;
    }

    fn auto_approval(&self) -> Option<AutoApproval> {
        read(&self.auto_approval).clone()
    }

    fn misbehaving(&self, extra: Option<&RequestMisbehaviours>, m: Misbehaviour) -> bool {
        extra.is_some_and(|e| e.0.contains(&m)) || read(&self.misbehaviours).contains(&m)
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
