//! Direct debits: a creditor (a merchant, a gym, a broker) lets the TSP set up mandates with its
//! debtors and collect under them, as the HSBC group's real-time direct debit service does.
//!
//! The creditor approves a consent once ([`DirectDebitAccess::begin`], then
//! [`DirectDebitAccess::complete`]); the [`DirectDebitSession`] it gives sets up a mandate
//! ([`DirectDebitSession::setup`]), confirms it with the one-time password the debtor received
//! ([`DirectDebitSession::confirm`]), reads, amends and cancels it, and collects under it.
//! Every request that changes something carries a fresh idempotency key (or the caller's), and
//! every answer must carry the bank's signature.

mod model;

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use hkob_banks::{AccessOptions, BankAuthorizer, BankId, BankProfile};
use hkob_core::auth::{AccessToken, TokenSet};
use hkob_core::signing::ResponseVerifier;
use hkob_core::{Client, IdempotencyKey, Redacted};

pub use model::{
    Collected, Collection, CollectionStatus, Debtor, DebtorIdentity, DirectDebitConsent,
    DirectDebitPermission, Frequency, Mandate, MandateAccount, MandateLimits, MandateRequest,
    MandateStatus,
};

use crate::dialects::{self, DirectDebitDialect, Wire};
use crate::error::PaymentError;
use crate::model::PaymentConsentStatus;
use crate::store::{CustomerToken, PaymentStore, take_approval};

/// Where to send the creditor to approve a direct debit consent.
#[derive(Clone)]
#[non_exhaustive]
pub struct DirectDebitRedirect {
    /// The bank's authorization URL, every parameter set.
    pub url: url::Url,
    /// The consent, awaiting authorisation.
    pub consent: DirectDebitConsent,
}

impl fmt::Debug for DirectDebitRedirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut endpoint = self.url.clone();
        endpoint.set_query(None);
        f.debug_struct("DirectDebitRedirect")
            .field("url", &endpoint.as_str())
            .field("consent", &self.consent)
            .finish()
    }
}

/// A TSP's direct debit access at one bank. Cheap to clone.
#[derive(Clone)]
pub struct DirectDebitAccess {
    inner: Arc<Inner>,
}

struct Inner {
    authorizer: BankAuthorizer,
    dialect: &'static dyn DirectDebitDialect,
    verifier: ResponseVerifier,
    store: Arc<dyn PaymentStore>,
}

impl fmt::Debug for DirectDebitAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DirectDebitAccess")
            .field("bank", self.inner.authorizer.bank())
            .finish_non_exhaustive()
    }
}

impl DirectDebitAccess {
    /// Sets up direct debits at the bank of `profile`, keeping approvals in progress in `store`.
    /// A bank whose dialect has no direct debit API is [`PaymentError::NotOffered`].
    pub async fn connect(
        profile: BankProfile,
        options: AccessOptions,
        store: Arc<dyn PaymentStore>,
    ) -> Result<Self, PaymentError> {
        let dialect =
            dialects::direct_debit_of(profile.dialect).ok_or(PaymentError::NotOffered {
                dialect: profile.dialect,
                what: "direct debits",
            })?;
        let app = dialects::of(profile.dialect)
            .ok_or(PaymentError::UnsupportedDialect(profile.dialect))?
            .app_scheme();
        let authorizer = BankAuthorizer::connect(profile, options, &app, "directdebit")
            .await
            .map_err(PaymentError::from_connect)?;
        let verifier = ResponseVerifier::new(Arc::clone(authorizer.jwks()))
            .issuer(authorizer.metadata().issuer.clone());
        Ok(Self {
            inner: Arc::new(Inner {
                authorizer,
                dialect,
                verifier,
                store,
            }),
        })
    }

    /// The bank.
    pub fn bank(&self) -> &BankId {
        self.inner.authorizer.bank()
    }

    /// Creates a consent for `permissions` (until `expires_at`, if given) and gives the URL to
    /// send the creditor to.
    pub async fn begin(
        &self,
        permissions: &[DirectDebitPermission],
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<DirectDebitRedirect, PaymentError> {
        if permissions.is_empty() {
            return Err(PaymentError::InvalidInput(
                "a direct debit consent needs at least one permission".to_owned(),
            ));
        }
        let inner = &self.inner;
        let key = IdempotencyKey::random();
        let wire = self.wire(inner.authorizer.tsp());
        let consent = inner
            .dialect
            .create_consent(wire, permissions, expires_at, key.as_str())
            .await?;
        if consent.status != PaymentConsentStatus::AwaitingAuthorisation {
            return Err(PaymentError::Inconsistent {
                bank: self.bank().clone(),
                message: format!(
                    "a new consent is {}, not awaiting authorisation",
                    consent.status
                ),
            });
        }
        let (url, pending) = inner.authorizer.start(&consent.id);
        inner.store.put_pending(pending).await?;
        Ok(DirectDebitRedirect { url, consent })
    }

    /// Completes the approval the creditor came back from (the callback and the ID token are
    /// checked, the consent must be authorised) and gives the session to work with. Keep
    /// [`DirectDebitSession::token`] to resume later with [`session`](Self::session).
    pub async fn complete(&self, callback: &str) -> Result<DirectDebitSession, PaymentError> {
        let inner = &self.inner;
        let pending = take_approval(inner.store.as_ref(), self.bank(), callback).await?;
        let consent_id = pending.consent_id.clone();
        let tokens = inner.authorizer.finish(pending, callback).await?;
        let token = CustomerToken {
            access_token: Redacted::new(tokens.access_token().secret().to_owned()),
            expires_at: None,
        };
        self.session(&consent_id, token).await
    }

    /// A session for consent `consent_id` with the creditor's `token` (as a previous session
    /// gave it): the consent is read, and must be authorised.
    pub async fn session(
        &self,
        consent_id: &str,
        token: CustomerToken,
    ) -> Result<DirectDebitSession, PaymentError> {
        let inner = &self.inner;
        let consent = inner
            .dialect
            .read_consent(self.wire(inner.authorizer.tsp()), consent_id)
            .await?;
        if consent.status != PaymentConsentStatus::Authorised {
            return Err(PaymentError::ConsentNotUsable {
                bank: self.bank().clone(),
                consent_id: consent_id.to_owned(),
                status: consent.status,
            });
        }
        let set = TokenSet::new(
            AccessToken::new(token.access_token.expose().clone(), None),
            None,
            None,
        );
        let authorizer = &inner.authorizer;
        let client = authorizer.customer_client(authorizer.user_credentials(set));
        Ok(DirectDebitSession {
            access: self.clone(),
            consent,
            token,
            client,
        })
    }

    fn wire<'a>(&'a self, client: &'a Client) -> Wire<'a> {
        Wire {
            client,
            verifier: &self.inner.verifier,
            bank: self.inner.authorizer.bank(),
        }
    }
}

/// Direct debits under one authorised consent.
#[derive(Clone)]
pub struct DirectDebitSession {
    access: DirectDebitAccess,
    consent: DirectDebitConsent,
    token: CustomerToken,
    client: Client,
}

impl fmt::Debug for DirectDebitSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DirectDebitSession")
            .field("consent", &self.consent)
            .finish_non_exhaustive()
    }
}

impl DirectDebitSession {
    /// The consent.
    pub fn consent(&self) -> &DirectDebitConsent {
        &self.consent
    }

    /// The creditor's token, to store (it is a secret) and resume with.
    pub fn token(&self) -> &CustomerToken {
        &self.token
    }

    fn wire(&self) -> Wire<'_> {
        self.access.wire(&self.client)
    }

    fn dialect(&self) -> &'static dyn DirectDebitDialect {
        self.access.inner.dialect
    }

    /// Sets up the mandate `request` describes, with a fresh idempotency key. A debtor at the
    /// same bank is sent a one-time password ([`MandateStatus::PendingOtp`], with its
    /// [`otp_prefix`](Mandate::otp_prefix)); a debtor at another bank answers through FPS
    /// ([`MandateStatus::PendingFps`]).
    pub async fn setup(&self, request: &MandateRequest) -> Result<Mandate, PaymentError> {
        self.setup_with_key(request, IdempotencyKey::random()).await
    }

    /// [`setup`](Self::setup) with the caller's idempotency key, to repeat it safely.
    pub async fn setup_with_key(
        &self,
        request: &MandateRequest,
        key: IdempotencyKey,
    ) -> Result<Mandate, PaymentError> {
        if request.limits.maximum.value <= hkob_core::Decimal::ZERO {
            return Err(PaymentError::InvalidInput(
                "a mandate's maximum amount must be positive".to_owned(),
            ));
        }
        self.dialect()
            .setup(self.wire(), request, key.as_str())
            .await
    }

    /// Confirms mandate `mandate_id` with the one-time password `otp` (whose prefix is
    /// `otp_prefix`) the debtor received, then reads it back. A wrong password is
    /// [`PaymentError::Refused`].
    pub async fn confirm(
        &self,
        mandate_id: &str,
        otp_prefix: &str,
        otp: &str,
    ) -> Result<Mandate, PaymentError> {
        let creditor = self.creditor()?;
        let key = IdempotencyKey::random();
        self.dialect()
            .confirm(
                self.wire(),
                mandate_id,
                otp_prefix,
                otp,
                creditor,
                key.as_str(),
            )
            .await?;
        self.mandate(mandate_id).await
    }

    /// Sends the debtor a new one-time password for mandate `mandate_id`; gives its prefix.
    pub async fn regenerate_otp(&self, mandate_id: &str) -> Result<Option<String>, PaymentError> {
        let creditor = self.creditor()?;
        let key = IdempotencyKey::random();
        self.dialect()
            .regenerate_otp(self.wire(), mandate_id, creditor, key.as_str())
            .await
    }

    /// Reads mandate `mandate_id`.
    pub async fn mandate(&self, mandate_id: &str) -> Result<Mandate, PaymentError> {
        self.dialect().mandate(self.wire(), mandate_id).await
    }

    /// Changes the limits of mandate `mandate_id`.
    pub async fn amend(
        &self,
        mandate_id: &str,
        limits: &MandateLimits,
    ) -> Result<Mandate, PaymentError> {
        if limits.maximum.value <= hkob_core::Decimal::ZERO {
            return Err(PaymentError::InvalidInput(
                "a mandate's maximum amount must be positive".to_owned(),
            ));
        }
        let creditor = self.creditor()?;
        let key = IdempotencyKey::random();
        self.dialect()
            .amend(self.wire(), mandate_id, creditor, limits, key.as_str())
            .await
    }

    /// Cancels mandate `mandate_id`.
    pub async fn cancel(&self, mandate_id: &str) -> Result<Mandate, PaymentError> {
        self.dialect().cancel(self.wire(), mandate_id).await
    }

    /// Collects under a mandate, with a fresh idempotency key.
    pub async fn collect(&self, collection: &Collection) -> Result<Collected, PaymentError> {
        self.collect_with_key(collection, IdempotencyKey::random())
            .await
    }

    /// [`collect`](Self::collect) with the caller's idempotency key, to repeat it safely.
    pub async fn collect_with_key(
        &self,
        collection: &Collection,
        key: IdempotencyKey,
    ) -> Result<Collected, PaymentError> {
        if collection.amount.value <= hkob_core::Decimal::ZERO {
            return Err(PaymentError::InvalidInput(
                "a collection's amount must be positive".to_owned(),
            ));
        }
        self.dialect()
            .collect(self.wire(), collection, key.as_str())
            .await
    }

    /// Reads collection `id`.
    pub async fn collection(&self, id: &str) -> Result<Collected, PaymentError> {
        self.dialect().collection(self.wire(), id).await
    }

    fn creditor(&self) -> Result<&MandateAccount, PaymentError> {
        self.consent
            .creditor_account
            .as_ref()
            .ok_or_else(|| PaymentError::Inconsistent {
                bank: self.consent.bank.clone(),
                message: "the authorised consent names no creditor account".to_owned(),
            })
    }
}
