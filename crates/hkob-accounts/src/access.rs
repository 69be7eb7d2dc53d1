//! One bank's Phase III access: the consent flow, and sessions that read with a consent.

use std::fmt;
use std::sync::Arc;

use chrono::Utc;
use hkob_banks::{AccessOptions, BankAuthorizer, BankProfile, callback_state};
use hkob_core::Client;
use hkob_core::auth::oidc::{ClientRegistration, ProviderMetadata, RegistrationRequest};
use hkob_core::error::{AuthError, AuthErrorKind};
use hkob_core::signing::SigningKey;
use hkob_core::store::{MemoryBackend, StateBackend};

use crate::consent::{Consent, ConsentRequest, ConsentStatus};
use crate::dialects::{self, AccountDialect};
use crate::error::AccessError;
use crate::model::BankId;
use crate::query::PersonCheck;
use crate::session::AccountSession;
use crate::store::{ConsentRecord, ConsentStore, StoredTokens};
use crate::tokens::{self, stored};

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
///
/// A customer's tokens are refreshed one session at a time: with
/// [`AccessOptions::shared_state`], across every process that shares that state (a lease in
/// it, the latest tokens read from the store, so exactly one refresh request for the fleet);
/// without it, across the sessions of this access. With a shared state that cannot be reached,
/// a refresh fails with an [`AuthErrorKind::TokenTransport`] error and nothing is sent to the
/// bank; the call can be retried once the state is back.
#[derive(Clone)]
pub struct AccountAccess {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) profile: BankProfile,
    pub(crate) dialect: &'static dyn AccountDialect,
    authorizer: BankAuthorizer,
    pub(crate) tsp: Client,
    pub(crate) store: Arc<dyn ConsentStore>,
    /// Where customers' refreshes take their lease: the TSP's shared state, else this
    /// access's own memory (its sessions then refresh one at a time).
    leases: Arc<dyn StateBackend>,
}

impl fmt::Debug for AccountAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountAccess")
            .field("bank", &self.inner.profile.id)
            .field("dialect", &self.inner.profile.dialect)
            .field("issuer", &self.inner.authorizer.metadata().issuer)
            .finish_non_exhaustive()
    }
}

impl AccountAccess {
    /// Sets up access at the bank of `profile`: reads the bank's discovery document (its
    /// issuer must be the configured one, and only the endpoints it names are used) and keeps
    /// consents, tokens and authorizations in progress in `store`. Processes that share a
    /// [`BackendStore`](crate::BackendStore) should share its backend as
    /// [`AccessOptions::shared_state`] too, so that they refresh a customer's tokens once.
    pub async fn connect(
        profile: BankProfile,
        options: AccessOptions,
        store: Arc<dyn ConsentStore>,
    ) -> Result<Self, AccessError> {
        let dialect = dialects::of(profile.dialect)
            .ok_or(AccessError::UnsupportedDialect(profile.dialect))?;
        let authorizer =
            BankAuthorizer::connect(profile.clone(), options, &dialect.app_scheme(), "accounts")
                .await
                .map_err(AccessError::from_connect)?;
        let leases = authorizer
            .options()
            .shared_state
            .clone()
            .unwrap_or_else(|| Arc::new(MemoryBackend::new()));
        Ok(Self {
            inner: Arc::new(Inner {
                profile,
                dialect,
                tsp: authorizer.tsp().clone(),
                authorizer,
                store,
                leases,
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
        Ok(BankAuthorizer::register(profile, options, key, software_id, request).await?)
    }

    /// The bank.
    pub fn bank(&self) -> &BankId {
        &self.inner.profile.id
    }

    /// The bank's discovery document.
    pub fn metadata(&self) -> &ProviderMetadata {
        self.inner.authorizer.metadata()
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
        let (url, pending) = inner.authorizer.start(&consent.id);
        inner
            .store
            .put_consent(ConsentRecord::new(consent.clone(), None))
            .await?;
        inner.store.put_pending(pending).await?;
        Ok(AuthorizationRedirect { url, consent })
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
        let tokens = match inner.authorizer.finish(pending, callback).await {
            Ok(tokens) => tokens,
            Err(error) => {
                if error.auth_kind() == Some(AuthErrorKind::AuthorizationDenied) {
                    // The customer refused: record what the bank now says.
                    let _ = self.refresh_consent(&consent_id).await;
                }
                return Err(error.into());
            }
        };
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

    /// A client that reads with the customer's tokens for `consent_id`, refreshing them once
    /// for every process that shares the state (see [`tokens::credentials`]) and storing each
    /// rotated refresh token by compare-and-set.
    fn customer_client(
        &self,
        consent_id: &str,
        tokens: &StoredTokens,
    ) -> Result<Client, AccessError> {
        let inner = &self.inner;
        let user = tokens::credentials(
            &inner.authorizer,
            &inner.store,
            &inner.leases,
            &inner.profile.id,
            consent_id,
            tokens,
        );
        Ok(inner.authorizer.customer_client(user))
    }
}
