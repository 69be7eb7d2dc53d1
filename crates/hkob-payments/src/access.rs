//! One bank's Phase IV access: the consent flow, the payment and its status.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use hkob_banks::{AccessOptions, BankAuthorizer, BankId, BankProfile};
use hkob_core::auth::{AccessToken, TokenSet};
use hkob_core::error::AuthErrorKind;
use hkob_core::signing::ResponseVerifier;
use hkob_core::{Client, IdempotencyKey, Redacted};

use crate::dialects::{self, PaymentDialect, Polled, Wire};
use crate::error::PaymentError;
use crate::model::{Payment, PaymentConsent, PaymentConsentStatus, PaymentOrder};
use crate::store::{CustomerToken, PaymentIntent, PaymentStore, take_approval};

/// The longest idempotency key banks take (UK Open Banking's limit, which the HK dialects
/// follow).
const MAX_KEY_LEN: usize = 40;

/// How long [`PaymentAccess::wait`] first waits between two reads of the status, and at most.
const FIRST_POLL: Duration = Duration::from_millis(250);
const LONGEST_POLL: Duration = Duration::from_secs(8);

/// Where to send the customer to approve a payment.
#[derive(Clone)]
#[non_exhaustive]
pub struct PaymentRedirect {
    /// The bank's authorization URL, every parameter set.
    pub url: url::Url,
    /// The consent being approved, awaiting authorisation.
    pub consent: PaymentConsent,
}

impl fmt::Debug for PaymentRedirect {
    /// The endpoint only: the query carries `state` and `nonce`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut endpoint = self.url.clone();
        endpoint.set_query(None);
        f.debug_struct("PaymentRedirect")
            .field("url", &endpoint.as_str())
            .field("consent", &self.consent)
            .finish()
    }
}

/// A TSP's Phase IV access at one bank: create a consent for an exact payment and send the
/// customer to approve it, complete the approval when they come back, submit the payment once,
/// and follow its status to a final one.
///
/// Every step reads and writes the [`PaymentStore`], so a job can resume in another process:
/// the payment is submitted with the idempotency key written in its intent before the first
/// attempt, and a payment already taken is never submitted again.
///
/// Cheap to clone; every clone shares the bank's discovery document, keys and store.
#[derive(Clone)]
pub struct PaymentAccess {
    inner: Arc<Inner>,
}

struct Inner {
    authorizer: BankAuthorizer,
    dialect: &'static dyn PaymentDialect,
    verifier: ResponseVerifier,
    store: Arc<dyn PaymentStore>,
}

impl fmt::Debug for PaymentAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaymentAccess")
            .field("bank", self.bank())
            .field("dialect", &self.inner.dialect.dialect())
            .finish_non_exhaustive()
    }
}

impl PaymentAccess {
    /// Sets up payments at the bank of `profile`: reads the bank's discovery document (its
    /// issuer must be the configured one) and keeps intents and approvals in `store`. Every
    /// answer of the bank's payment API must carry the bank's signature, made with a key of
    /// the bank's published key set.
    pub async fn connect(
        profile: BankProfile,
        options: AccessOptions,
        store: Arc<dyn PaymentStore>,
    ) -> Result<Self, PaymentError> {
        let dialect = dialects::of(profile.dialect)
            .ok_or(PaymentError::UnsupportedDialect(profile.dialect))?;
        let authorizer =
            BankAuthorizer::connect(profile, options, &dialect.app_scheme(), "payments")
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

    /// The store this access keeps its intents in.
    pub fn store(&self) -> &Arc<dyn PaymentStore> {
        &self.inner.store
    }

    /// Creates a consent for `order` and gives the URL to send the customer to. The order is
    /// checked first (every problem listed, nothing sent); the consent the bank creates must
    /// hold exactly this order. The intent, with the idempotency key its payment will be
    /// submitted with, and the approval in progress are stored before this returns.
    pub async fn begin(&self, order: &PaymentOrder) -> Result<PaymentRedirect, PaymentError> {
        self.begin_with_key(order, IdempotencyKey::random()).await
    }

    /// [`begin`](Self::begin), submitting the payment later with the caller's idempotency key
    /// `key` (at most 40 characters), say one derived from the TSP's own order id.
    pub async fn begin_with_key(
        &self,
        order: &PaymentOrder,
        key: IdempotencyKey,
    ) -> Result<PaymentRedirect, PaymentError> {
        let problems = order.validate();
        if !problems.is_empty() {
            return Err(PaymentError::InvalidOrder(problems));
        }
        if key.as_str().len() > MAX_KEY_LEN {
            return Err(PaymentError::InvalidInput(format!(
                "an idempotency key has at most {MAX_KEY_LEN} characters"
            )));
        }
        let inner = &self.inner;
        let bank = self.bank();
        let consent_key = IdempotencyKey::random();
        let consent = inner
            .dialect
            .create_consent(self.tsp_wire(), order, consent_key.as_str())
            .await?;
        if consent.status != PaymentConsentStatus::AwaitingAuthorisation {
            return Err(PaymentError::Inconsistent {
                bank: bank.clone(),
                message: format!(
                    "a new consent is {}, not awaiting authorisation",
                    consent.status
                ),
            });
        }
        self.check_holds(order, &consent)?;
        let (url, pending) = inner.authorizer.start(&consent.id);
        inner
            .store
            .put_intent(PaymentIntent {
                bank: bank.clone(),
                consent_id: consent.id.clone(),
                order: order.clone(),
                idempotency_key: key.as_str().to_owned(),
                consent: consent.clone(),
                token: None,
                submitted_at: None,
                payment: None,
            })
            .await?;
        inner.store.put_pending(pending).await?;
        Ok(PaymentRedirect { url, consent })
    }

    /// Completes the approval the customer came back from: `callback` is the full redirect URL
    /// (or its query). The callback and the ID token (which must name the consent) are checked,
    /// then the consent is read: it must be authorised and still hold the order asked for. The
    /// customer's token is stored with the intent. Nothing is paid yet: call
    /// [`submit`](Self::submit).
    ///
    /// A callback is accepted once: a replayed one is [`PaymentError::UnknownAuthorization`].
    pub async fn complete(&self, callback: &str) -> Result<PaymentConsent, PaymentError> {
        let inner = &self.inner;
        let bank = self.bank();
        let pending = take_approval(inner.store.as_ref(), bank, callback).await?;
        let consent_id = pending.consent_id.clone();
        let mut intent = self.intent(&consent_id).await?;
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
            .read_consent(self.tsp_wire(), &consent_id)
            .await?;
        intent.consent = consent.clone();
        intent.token = Some(token_of(&tokens));
        inner.store.put_intent(intent.clone()).await?;
        if consent.status != PaymentConsentStatus::Authorised {
            return Err(PaymentError::ConsentNotUsable {
                bank: bank.clone(),
                consent_id,
                status: consent.status,
            });
        }
        self.check_holds(&intent.order, &consent)?;
        Ok(consent)
    }

    /// Submits the payment of consent `consent_id`, with the idempotency key of its intent (the
    /// same on every retry, and in every process that resumes the job). A payment the intent
    /// already holds is not submitted again: its status is read instead. An intent sent before
    /// whose answer was never recorded ([`PaymentIntent::in_doubt`]: the process sending it
    /// died, or the store failed after the bank answered) is sent again with the same key, and
    /// the bank answers with the payment it already made.
    ///
    /// A payment the bank could not make is returned, with status
    /// [`Rejected`](crate::PaymentStatus::Rejected) and its reasons.
    ///
    /// # When the store fails
    ///
    /// Nothing here waits for the store: each call fails as soon as the store does (within the
    /// backend's own timeout), with [`PaymentError::Store`] (of kind
    /// [`Unreachable`](hkob_core::store::StoreErrorKind::Unreachable) when it cannot be
    /// reached), and is safe to repeat, from this process or another, once it is back:
    ///
    /// - reading the intent, or marking it sent ([`PaymentIntent::submitted_at`]), fails before
    ///   anything is sent: no payment is made;
    /// - recording the bank's answer fails after the bank accepted: the payment exists, the
    ///   intent is in doubt, and the next `submit` or [`status`](Self::status) sends the same
    ///   key again and records the one payment the bank answers with.
    ///
    /// Nothing is ever paid twice: the key was fixed before the first attempt, and the bank
    /// consumes a consent with its one payment. A bank that no longer remembers the key (banks
    /// keep keys for a day or so) refuses the consumed consent instead:
    /// [`PaymentError::Request`], and the payment is still only the first one.
    pub async fn submit(&self, consent_id: &str) -> Result<Payment, PaymentError> {
        let intent = self.intent(consent_id).await?;
        if intent.payment.is_some() {
            return self.status(consent_id).await;
        }
        Ok(self.send(intent).await?.payment)
    }

    /// Sends the payment of `intent`, whose payment is not recorded, with its key; records the
    /// answer.
    async fn send(&self, mut intent: PaymentIntent) -> Result<Polled, PaymentError> {
        let inner = &self.inner;
        let resuming = intent.submitted_at.is_some();
        let status = &intent.consent.status;
        // A consent read as consumed after a submission whose answer was lost is resumed.
        let usable = *status == PaymentConsentStatus::Authorised
            || (resuming && *status == PaymentConsentStatus::Consumed);
        if !usable {
            return Err(PaymentError::ConsentNotUsable {
                bank: self.bank().clone(),
                consent_id: intent.consent_id.clone(),
                status: status.clone(),
            });
        }
        // Never send a payment that differs from what was asked.
        self.check_holds(&intent.order, &intent.consent)?;
        let customer = self.customer_client(&intent)?;
        if !resuming {
            // Written before the first byte is sent: a process that resumes knows it was sent.
            intent.submitted_at = Some(Utc::now());
            inner.store.put_intent(intent.clone()).await?;
        }
        let polled = inner
            .dialect
            .submit(
                self.wire(&customer),
                &intent.consent_id,
                &intent.consent.order,
                &intent.idempotency_key,
            )
            .await?;
        self.check_payment(&intent, &polled.payment)?;
        intent.payment = Some(polled.payment.clone());
        intent.consent.status = PaymentConsentStatus::Consumed;
        inner.store.put_intent(intent).await?;
        Ok(polled)
    }

    /// Reads the status of the payment of consent `consent_id` (by `GET`, never by repeating
    /// the submission) and records it in the intent.
    ///
    /// An intent [in doubt](PaymentIntent::in_doubt) (sent, its answer never recorded) is
    /// resumed as [`submit`](Self::submit) does: sent again with the same key, so the status
    /// converges on the one payment the bank made. A store that fails is
    /// [`PaymentError::Store`], promptly; nothing waits for it.
    pub async fn status(&self, consent_id: &str) -> Result<Payment, PaymentError> {
        Ok(self.poll(consent_id).await?.payment)
    }

    /// Reads the status of the payment of consent `consent_id` until it is final or `deadline`
    /// has passed, waiting longer between reads each time (from a quarter of a second up to 8
    /// seconds) and as long as the bank asks in `Retry-After`. At the deadline the payment is
    /// [`PaymentError::Deadline`], with its last known status: it may still complete.
    ///
    /// Each read is a [`status`](Self::status): a store that fails ends the wait with
    /// [`PaymentError::Store`] at once.
    pub async fn wait(
        &self,
        consent_id: &str,
        deadline: Duration,
    ) -> Result<Payment, PaymentError> {
        // A deadline beyond a year is a year: `Instant` cannot hold every `Duration`.
        let deadline = deadline.min(Duration::from_secs(365 * 24 * 3600));
        let until = tokio::time::Instant::now()
            .checked_add(deadline)
            .ok_or_else(|| PaymentError::InvalidInput("the deadline is too far".to_owned()))?;
        let mut pause = FIRST_POLL;
        loop {
            let polled = self.poll(consent_id).await?;
            if polled.payment.status.is_final() {
                return Ok(polled.payment);
            }
            let wait = polled.retry_after.map_or(pause, |asked| asked.max(pause));
            let now = tokio::time::Instant::now();
            if now.checked_add(wait).is_none_or(|at| at > until) {
                return Err(PaymentError::Deadline(Box::new(polled.payment)));
            }
            tokio::time::sleep(wait).await;
            pause = pause.saturating_mul(2).min(LONGEST_POLL);
        }
    }

    /// Reads consent `consent_id` from the bank and records it in the intent.
    pub async fn refresh_consent(&self, consent_id: &str) -> Result<PaymentConsent, PaymentError> {
        self.intent(consent_id).await?;
        let consent = self
            .inner
            .dialect
            .read_consent(self.tsp_wire(), consent_id)
            .await?;
        // Read again: a payment recorded meanwhile (by another process) is kept.
        let mut intent = self.intent(consent_id).await?;
        intent.consent = consent.clone();
        self.inner.store.put_intent(intent).await?;
        Ok(consent)
    }

    async fn poll(&self, consent_id: &str) -> Result<Polled, PaymentError> {
        let mut intent = self.intent(consent_id).await?;
        let Some(payment_id) = intent.payment.as_ref().map(|p| p.id.clone()) else {
            if intent.in_doubt() {
                return self.send(intent).await;
            }
            return Err(PaymentError::InvalidInput(format!(
                "the payment of consent {consent_id} has not been submitted"
            )));
        };
        let customer = self.customer_client(&intent)?;
        let polled = self
            .inner
            .dialect
            .payment(self.wire(&customer), &payment_id)
            .await?;
        self.check_payment(&intent, &polled.payment)?;
        intent.payment = Some(polled.payment.clone());
        self.inner.store.put_intent(intent).await?;
        Ok(polled)
    }

    async fn intent(&self, consent_id: &str) -> Result<PaymentIntent, PaymentError> {
        let bank = self.bank();
        self.inner
            .store
            .intent(bank.as_str(), consent_id)
            .await?
            .ok_or_else(|| PaymentError::UnknownIntent {
                bank: bank.clone(),
                consent_id: consent_id.to_owned(),
            })
    }

    /// The consent must hold `order` (the bank may have added the debtor account).
    fn check_holds(
        &self,
        order: &PaymentOrder,
        consent: &PaymentConsent,
    ) -> Result<(), PaymentError> {
        match order.differs_from(&consent.order) {
            None => Ok(()),
            Some(field) => Err(PaymentError::ConsentMismatch {
                bank: self.bank().clone(),
                consent_id: consent.id.clone(),
                field,
            }),
        }
    }

    /// The bank's payment must be the consented one, under that consent.
    fn check_payment(&self, intent: &PaymentIntent, payment: &Payment) -> Result<(), PaymentError> {
        let bank = self.bank();
        if payment.consent_id != intent.consent_id {
            return Err(PaymentError::Inconsistent {
                bank: bank.clone(),
                message: "the payment names another consent".to_owned(),
            });
        }
        if let Some(previous) = &intent.payment
            && previous.id != payment.id
        {
            return Err(PaymentError::Inconsistent {
                bank: bank.clone(),
                message: "the bank answers with another payment".to_owned(),
            });
        }
        match intent.consent.order.differs_from(&payment.order) {
            None => Ok(()),
            Some(field) => Err(PaymentError::Inconsistent {
                bank: bank.clone(),
                message: format!("the payment differs from its consent ({field})"),
            }),
        }
    }

    fn tsp_wire(&self) -> Wire<'_> {
        self.wire(self.inner.authorizer.tsp())
    }

    fn wire<'a>(&'a self, client: &'a Client) -> Wire<'a> {
        Wire {
            client,
            verifier: &self.inner.verifier,
            bank: self.bank(),
        }
    }

    /// A client that sends the customer's token of `intent`.
    fn customer_client(&self, intent: &PaymentIntent) -> Result<Client, PaymentError> {
        let Some(token) = &intent.token else {
            return Err(PaymentError::ConsentNotUsable {
                bank: self.bank().clone(),
                consent_id: intent.consent_id.clone(),
                status: intent.consent.status.clone(),
            });
        };
        let lifetime = token.expires_at.map(|at| {
            at.signed_duration_since(Utc::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
        });
        let set = TokenSet::new(
            AccessToken::new(token.access_token.expose().clone(), lifetime),
            None,
            None,
        );
        let authorizer = &self.inner.authorizer;
        Ok(authorizer.customer_client(authorizer.user_credentials(set)))
    }
}

/// The customer's token to keep from a token answer.
fn token_of(tokens: &TokenSet) -> CustomerToken {
    let access = tokens.access_token();
    let expires_at = access.expires_at().and_then(|at| {
        let left = at.saturating_duration_since(tokio::time::Instant::now());
        chrono::Duration::from_std(left)
            .ok()
            .and_then(|left| Utc::now().checked_add_signed(left))
    });
    CustomerToken {
        access_token: Redacted::new(access.secret().to_owned()),
        expires_at,
    }
}
