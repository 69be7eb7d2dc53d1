//! One bank's Phase II access: submit, follow, answer, withdraw, and landing-page hand-offs.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use futures_util::stream::{self, BoxStream, StreamExt};
use hkob_banks::{BankId, BankProfile, Dialect};
use hkob_core::auth::oidc::{Jwks, KeySetFuture};
use hkob_core::signing::{DetachedJws, ResponseVerifier, SigningKey};
use hkob_core::store::StateBackend;
use hkob_core::{Client, ClientBuilder, IdempotencyKey, Redacted};
use tokio::sync::OnceCell;

use crate::dialects::{self, ApplicationDialect, Wire};
use crate::error::ApplicationError;
use crate::hand_off::{
    HandOffOutcome, HandOffStore, LandingPage, LandingPageRequest, MemoryHandOffStore,
    PendingHandOff, Return,
};
use crate::seal::BankEncryptionKey;
use crate::{
    Applicant, Application, ApplicationRecord, ApplicationStatus, InformationAnswer, ProductType,
};

/// The longest idempotency key the Phase II specs take.
const MAX_KEY_LEN: usize = 40;

/// How long [`ApplicationAccess::wait`] first waits between two reads, and at most.
const FIRST_POLL: Duration = Duration::from_millis(250);
const LONGEST_POLL: Duration = Duration::from_secs(8);

/// The check of the bank's answers, with the `use: sig` keys of the key set the bank publishes
/// for Phase II (read with the TSP's credentials, and again when the bank rotates its keys).
fn answer_verifier(
    dialect: &'static dyn ApplicationDialect,
    client: &Client,
    bank: &BankId,
) -> ResponseVerifier {
    let (client, bank) = (client.clone(), bank.clone());
    let what = format!("the Phase II key set of {bank}");
    let jwks = Jwks::from_source(what, move || -> KeySetFuture {
        let (client, bank) = (client.clone(), bank.clone());
        Box::pin(async move {
            dialect
                .encryption_keys(&client, &bank)
                .await
                .map_err(ApplicationError::into_request_error)
        })
    });
    ResponseVerifier::new(Arc::new(jwks))
}

/// What [`ApplicationAccess::follow`] compares between two reads.
#[derive(PartialEq, Eq)]
struct ChangeKey {
    status: ApplicationStatus,
    bank_status: String,
    requests: Vec<String>,
}

impl ChangeKey {
    fn of(record: &ApplicationRecord) -> Self {
        Self {
            status: record.status.clone(),
            bank_status: record.bank_status.clone(),
            requests: record
                .information_requests
                .iter()
                .map(|r| r.id.clone())
                .collect(),
        }
    }
}

/// How a TSP's Phase II access at one bank is set up.
#[derive(Clone)]
pub struct ApplicationOptions {
    signing_key: Option<SigningKey>,
    encryption_key: Option<BankEncryptionKey>,
    hand_off_store: Arc<dyn HandOffStore>,
    hand_off_ttl: Duration,
    client: Option<Arc<dyn Fn(ClientBuilder) -> ClientBuilder + Send + Sync>>,
    shared_state: Option<Arc<dyn StateBackend>>,
}

impl Default for ApplicationOptions {
    fn default() -> Self {
        Self {
            signing_key: None,
            encryption_key: None,
            hand_off_store: Arc::new(MemoryHandOffStore::new()),
            hand_off_ttl: Duration::from_secs(30 * 60),
            client: None,
            shared_state: None,
        }
    }
}

impl ApplicationOptions {
    /// Options signing with `key`, the TSP's key lodged with the bank (every dialect hkob
    /// knows signs its Phase II requests).
    pub fn new(signing_key: SigningKey) -> Self {
        Self {
            signing_key: Some(signing_key),
            ..Self::default()
        }
    }

    /// Shares the TSP's access token at the bank (where the dialect uses one: the BOCHK group)
    /// with every process that uses `state`: one token request for the fleet when it is due.
    pub fn shared_state(mut self, state: Arc<dyn StateBackend>) -> Self {
        self.shared_state = Some(state);
        self
    }

    /// Encrypts to `key` instead of the key the bank publishes (a key the bank gave the TSP
    /// out of band, say).
    pub fn encryption_key(mut self, key: BankEncryptionKey) -> Self {
        self.encryption_key = Some(key);
        self
    }

    /// Keeps landing-page hand-offs in `store` (shared by the processes that may handle the
    /// customer's return); in this process's memory by default.
    pub fn hand_off_store(mut self, store: Arc<dyn HandOffStore>) -> Self {
        self.hand_off_store = store;
        self
    }

    /// How long a customer has to come back from a landing page (30 minutes by default).
    pub fn hand_off_ttl(mut self, ttl: Duration) -> Self {
        self.hand_off_ttl = ttl;
        self
    }

    /// Adjusts the client (timeouts, retries, a reqwest client with the TSP's certificate); the
    /// builder already has the bank's base URL, credentials and the request signer.
    pub fn client(
        mut self,
        adjust: impl Fn(ClientBuilder) -> ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.client = Some(Arc::new(adjust));
        self
    }
}

impl fmt::Debug for ApplicationOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplicationOptions")
            .field("signing_key", &self.signing_key.as_ref().map(|_| "[set]"))
            .field("encryption_key", &self.encryption_key)
            .field("hand_off_ttl", &self.hand_off_ttl)
            .finish_non_exhaustive()
    }
}

/// A TSP's Phase II access at one bank.
///
/// In the dialects that take applications by API (JETCO APIX, the BOCHK group),
/// [`submit`](Self::submit) sends a checked [`Application`] with the applicant's data
/// encrypted to the bank's key and the request signed; at banks that hand off to their own
/// page (the HSBC group), [`open_landing_page`](Self::open_landing_page) gives the page and
/// [`complete_landing_page`](Self::complete_landing_page) reads the customer's return. Then
/// [`status`](Self::status) and [`wait`](Self::wait) follow the application,
/// [`supply_information`](Self::supply_information) answers the bank's questions, and
/// [`withdraw`](Self::withdraw) takes it back.
///
/// Cheap to clone; clones share the client and the bank's encryption key.
#[derive(Clone)]
pub struct ApplicationAccess {
    inner: Arc<Inner>,
}

struct Inner {
    bank: BankId,
    dialect: &'static dyn ApplicationDialect,
    client: Client,
    signer: DetachedJws,
    verifier: Option<ResponseVerifier>,
    key: OnceCell<BankEncryptionKey>,
    store: Arc<dyn HandOffStore>,
    hand_off_ttl: Duration,
}

impl fmt::Debug for ApplicationAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplicationAccess")
            .field("bank", &self.inner.bank)
            .field("dialect", &self.inner.dialect.dialect())
            .finish_non_exhaustive()
    }
}

impl ApplicationAccess {
    /// Sets up applications at the bank of `profile`. Nothing is sent yet: the bank's
    /// encryption key is read on first use.
    pub fn connect(
        profile: BankProfile,
        options: ApplicationOptions,
    ) -> Result<Self, ApplicationError> {
        let dialect = dialects::of(profile.dialect)
            .ok_or(ApplicationError::UnsupportedDialect(profile.dialect))?;
        let signing_key = options
            .signing_key
            .ok_or(ApplicationError::SignerRequired(profile.dialect))?;
        let signer = DetachedJws::new(signing_key);
        let mut builder = profile
            .client_builder_sharing(&dialect.app_scheme(), options.shared_state.as_ref())?
            .signer(signer.clone());
        if let Some(adjust) = &options.client {
            builder = adjust(builder);
        }
        let client = builder.build()?;
        let verifier = dialect
            .signs_answers()
            .then(|| answer_verifier(dialect, &client, &profile.id));
        let key = OnceCell::new();
        if let Some(given) = options.encryption_key {
            let _ = key.set(given);
        }
        Ok(Self {
            inner: Arc::new(Inner {
                bank: profile.id,
                dialect,
                client,
                signer,
                verifier,
                key,
                store: options.hand_off_store,
                hand_off_ttl: options.hand_off_ttl,
            }),
        })
    }

    /// The bank.
    pub fn bank(&self) -> &BankId {
        &self.inner.bank
    }

    /// The bank's dialect.
    pub fn dialect(&self) -> Dialect {
        self.inner.dialect.dialect()
    }

    /// The key personal data is encrypted to: the one given in the options, or the bank's
    /// published one (read once).
    pub async fn encryption_key(&self) -> Result<&BankEncryptionKey, ApplicationError> {
        let inner = &self.inner;
        inner
            .key
            .get_or_try_init(|| async {
                let set = inner
                    .dialect
                    .encryption_keys(&inner.client, &inner.bank)
                    .await?;
                BankEncryptionKey::from_jwks(&set)
            })
            .await
    }

    async fn wire(&self) -> Result<Wire<'_>, ApplicationError> {
        Ok(Wire {
            client: &self.inner.client,
            bank: &self.inner.bank,
            key: self.encryption_key().await?,
            signer: &self.inner.signer,
            verifier: self.inner.verifier.as_ref(),
        })
    }

    /// Sends `application` under idempotency key `key` (at most 40 characters; derive it from
    /// the TSP's own application id to make a resend safe). Sending the same application with
    /// the same key again gives the same application back, not a second one.
    ///
    /// The applicant's data is encrypted to the bank's key, the request signed with the TSP's.
    /// Banks that take applications on their landing page only answer
    /// [`ApplicationError::NotOffered`].
    pub async fn submit(
        &self,
        application: &Application,
        key: &IdempotencyKey,
    ) -> Result<ApplicationRecord, ApplicationError> {
        check_key(key)?;
        let wire = self.wire().await?;
        let submitted = self
            .inner
            .dialect
            .submit(wire, application, key.as_str())
            .await?;
        tracing::debug!(
            bank = %self.bank(),
            application = %submitted.record.id,
            replayed = submitted.replayed,
            "application submitted"
        );
        Ok(submitted.record)
    }

    /// The application as the bank has it now.
    pub async fn status(&self, id: &str) -> Result<ApplicationRecord, ApplicationError> {
        check_id(id)?;
        self.inner.dialect.read(self.wire().await?, id).await
    }

    /// The application's statuses as they change: the first read, then each read whose status
    /// (or the bank's own status, or its open information requests) differs from the last one,
    /// ending after a final status. Reads come a quarter of a second apart at first, then
    /// further apart while nothing changes (up to 8 seconds); after a change, quickly again.
    ///
    /// The stream does not stop at
    /// [`InformationRequired`](ApplicationStatus::InformationRequired): answer with
    /// [`supply_information`](Self::supply_information) and keep reading it. A failed read ends
    /// the stream with its error. Bound it with a timeout if the bank may never decide.
    ///
    /// ```no_run
    /// use futures_util::StreamExt;
    /// # async fn run(access: hkob_applications::ApplicationAccess) -> Result<(), hkob_applications::ApplicationError> {
    /// let mut statuses = access.follow("app-123");
    /// while let Some(record) = statuses.next().await {
    ///     let record = record?;
    ///     println!("{}: {}", record.id, record.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn follow(
        &self,
        id: &str,
    ) -> BoxStream<'static, Result<ApplicationRecord, ApplicationError>> {
        struct Following {
            access: ApplicationAccess,
            id: String,
            last: Option<ChangeKey>,
            pause: Duration,
            done: bool,
        }
        let start = Following {
            access: self.clone(),
            id: id.to_owned(),
            last: None,
            pause: FIRST_POLL,
            done: false,
        };
        stream::try_unfold(start, |mut f| async move {
            if f.done {
                return Ok(None);
            }
            loop {
                let record = f.access.status(&f.id).await?;
                let key = ChangeKey::of(&record);
                if f.last.as_ref() != Some(&key) {
                    f.last = Some(key);
                    f.pause = FIRST_POLL;
                    f.done = record.status.is_final();
                    return Ok(Some((record, f)));
                }
                tokio::time::sleep(f.pause).await;
                f.pause = f.pause.saturating_mul(2).min(LONGEST_POLL);
            }
        })
        .boxed()
    }

    /// Reads the application until it needs the applicant
    /// ([`InformationRequired`](ApplicationStatus::InformationRequired)) or is final, waiting
    /// longer between reads each time (from a quarter of a second up to 8 seconds), for at most
    /// `deadline`.
    pub async fn wait(
        &self,
        id: &str,
        deadline: Duration,
    ) -> Result<ApplicationRecord, ApplicationError> {
        let start = tokio::time::Instant::now();
        let mut pause = FIRST_POLL;
        loop {
            let record = self.status(id).await?;
            if record.status.is_final() || record.status == ApplicationStatus::InformationRequired {
                return Ok(record);
            }
            if start.elapsed().saturating_add(pause) > deadline {
                return Err(ApplicationError::Deadline {
                    bank: record.bank,
                    id: record.id,
                    status: record.status,
                });
            }
            tokio::time::sleep(pause).await;
            pause = pause.saturating_mul(2).min(LONGEST_POLL);
        }
    }

    /// Answers one of the bank's information requests; the answer is encrypted to the bank's
    /// key.
    pub async fn supply_information(
        &self,
        id: &str,
        answer: &InformationAnswer,
    ) -> Result<ApplicationRecord, ApplicationError> {
        check_id(id)?;
        answer
            .check()
            .map_err(|why| ApplicationError::InvalidInput(why.to_owned()))?;
        let key = IdempotencyKey::random();
        self.inner
            .dialect
            .answer(self.wire().await?, id, answer, key.as_str())
            .await
    }

    /// Withdraws the application (until the bank has decided).
    pub async fn withdraw(
        &self,
        id: &str,
        reason: Option<&str>,
    ) -> Result<ApplicationRecord, ApplicationError> {
        check_id(id)?;
        if reason.is_some_and(|r| r.trim().is_empty() || r.chars().count() > 500) {
            return Err(ApplicationError::InvalidInput(
                "a withdrawal reason is 1 to 500 characters".into(),
            ));
        }
        let key = IdempotencyKey::random();
        self.inner
            .dialect
            .withdraw(self.wire().await?, id, reason, key.as_str())
            .await
    }

    /// Opens a landing-page hand-off for the bank's product `product_code` of kind
    /// `product_type`: the bank's page, to send the customer to, comes back with them to
    /// `return_url`. A `prefill` applicant (checked, see [`Applicant::builder`]) is encrypted to
    /// the bank's key and fills in the bank's form. The hand-off is kept in the options'
    /// [`HandOffStore`] until the customer returns.
    pub async fn open_landing_page(
        &self,
        product_type: &ProductType,
        product_code: &str,
        return_url: &str,
        prefill: Option<&Applicant>,
    ) -> Result<LandingPage, ApplicationError> {
        if !product_type.is_known() {
            return Err(ApplicationError::InvalidInput(
                "the product type is not one of the framework's".into(),
            ));
        }
        if product_code.trim().is_empty() || product_code.chars().count() > 40 {
            return Err(ApplicationError::InvalidInput(
                "a product code is 1 to 40 characters".into(),
            ));
        }
        let return_url = url::Url::parse(return_url)
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http") && u.fragment().is_none())
            .ok_or_else(|| {
                ApplicationError::InvalidInput(
                    "the return URL is not an absolute http(s) URL".into(),
                )
            })?;
        let expires_at = chrono::Duration::from_std(self.inner.hand_off_ttl)
            .ok()
            .and_then(|ttl| Utc::now().checked_add_signed(ttl))
            .ok_or_else(|| {
                ApplicationError::InvalidInput("the hand-off time to live is too long".into())
            })?;
        let state = uuid::Uuid::new_v4().simple().to_string();
        let request = LandingPageRequest {
            product_type,
            product_code,
            return_url: &return_url,
            state: &state,
            prefill,
        };
        let key = IdempotencyKey::random();
        let page = self
            .inner
            .dialect
            .open_landing_page(self.wire().await?, &request, key.as_str())
            .await?;
        self.inner
            .store
            .put(PendingHandOff {
                bank: self.bank().clone(),
                application_id: page.application_id.clone(),
                state: Redacted::new(state),
                expires_at,
            })
            .await?;
        Ok(page)
    }

    /// Handles the customer's return from the landing page: `callback` is the full return URL
    /// (or its query). Its `state` must belong to a hand-off opened by this bank's access and
    /// not yet used; a replayed return is [`ApplicationError::UnknownHandOff`]. The application
    /// is then read from the bank, which must agree with the outcome.
    pub async fn complete_landing_page(
        &self,
        callback: &str,
    ) -> Result<(HandOffOutcome, ApplicationRecord), ApplicationError> {
        let back = Return::parse(callback)
            .map_err(|why| ApplicationError::InvalidReturn(why.to_owned()))?;
        let pending = self
            .inner
            .store
            .take(&back.state, Utc::now())
            .await?
            .ok_or(ApplicationError::UnknownHandOff)?;
        if pending.bank != *self.bank() {
            // Another bank's hand-off: put it back for that bank's access.
            self.inner.store.put(pending).await?;
            return Err(ApplicationError::UnknownHandOff);
        }
        if pending.application_id != back.application_id {
            return Err(ApplicationError::InvalidReturn(
                "the application id is not the one the hand-off opened".into(),
            ));
        }
        let record = self.status(&pending.application_id).await?;
        let agrees = match back.outcome {
            HandOffOutcome::Submitted => !matches!(
                record.status,
                ApplicationStatus::AwaitingCustomer | ApplicationStatus::Cancelled
            ),
            HandOffOutcome::Cancelled => record.status == ApplicationStatus::Cancelled,
        };
        if !agrees {
            return Err(ApplicationError::Inconsistent {
                bank: self.bank().clone(),
                message: format!(
                    "the customer came back {:?}, but the bank has the application {}",
                    back.outcome, record.status
                ),
            });
        }
        Ok((back.outcome, record))
    }
}

fn check_key(key: &IdempotencyKey) -> Result<(), ApplicationError> {
    if key.as_str().len() > MAX_KEY_LEN {
        return Err(ApplicationError::InvalidInput(format!(
            "an idempotency key has at most {MAX_KEY_LEN} characters"
        )));
    }
    Ok(())
}

fn check_id(id: &str) -> Result<(), ApplicationError> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(ApplicationError::InvalidInput(
            "an application id is 1 to 128 letters, digits, `-`, `_` or `.`".into(),
        ))
    }
}
