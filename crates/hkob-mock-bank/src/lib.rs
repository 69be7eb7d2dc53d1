//! A stateful mock of Hong Kong banks' Open APIs, for tests, CI suites and
//! examples.
//!
//! One server simulates many banks at once, each under its own path prefix
//! (`/jetco/bea`, `/jetco/dsb`, `/hsbc`, ...) with its own dialect, auth
//! style, products, rates, customers and accounts, all generated from one
//! seed. Faults (latency, 429 with `Retry-After`, 5xx, dropped connections,
//! truncated or malformed bodies, unknown enum values, extra fields) are
//! injected through the admin API or a per-request `x-mock-scenario` header.
//!
//! ```no_run
//! # async fn demo() -> Result<(), hkob_mock_bank::StartError> {
//! use hkob_mock_bank::MockBank;
//!
//! let mock = MockBank::builder().seed(42).start().await?;
//! let bea = mock.bank_url("bea").unwrap_or_default();
//! // GET {bea}/deposits/v1/savings?pageSize=5 with X-IBM-Client-Id / X-IBM-Client-Secret
//! // set to hkob_mock_bank::DEFAULT_CLIENT_ID / DEFAULT_CLIENT_SECRET.
//! # let _ = bea; Ok(()) }
//! ```
//!
//! The server stops when the [`MockBank`] is dropped.
//!
//! # What a test uses
//!
//! Everything public is here, at the crate root:
//!
//! - the server: [`MockBank`], built by [`MockBankBuilder`] from [`Settings`]
//!   (or [`Settings::from_toml`]), and one bank of it, [`BankHandle`];
//! - the banks: [`SimulatedBank`] (every default one from [`default_banks`]),
//!   [`SimulatedDialect`], [`AuthStyle`], [`ProductKind`], and their generated
//!   data: [`Catalog`], [`Product`], [`Location`], [`FxRate`], [`Customer`],
//!   [`Account`], [`Transaction`];
//! - the TSP clients every bank knows: [`DEFAULT_CLIENT_ID`] /
//!   [`DEFAULT_CLIENT_SECRET`], and others registered as [`TspClient`]s, with
//!   request-signing keys ([`JwsKey`], checked by [`verify_detached`]);
//! - faults: [`FaultRuleSpec`] rules and the [`Scenario`] grammar, also sent
//!   per request in the [`SCENARIO_HEADER`];
//! - what clients sent: [`RecordedRequest`];
//! - TLS: the throw-away [`TestPki`] for HTTPS and mutual TLS;
//! - each bank's OAuth 2.0 / OpenID Connect authorization server,
//!   [`AuthServer`] (also usable on its own, from an [`AuthConfig`]);
//! - payments (Phase IV): the FPS proxies and merchants every bank knows
//!   ([`MockBank::fps_directory`], [`FpsRegistration`]), how payments move
//!   through their statuses ([`PaymentProgress`], [`PaymentOutcome`]), the
//!   payment on the consent page ([`PaymentSummary`]) and the total of
//!   every account of every bank ([`MockBank::total_balance_all`]);
//! - direct debits (Phase IV, the HSBC group): the direct debit consent on
//!   the consent page ([`DirectDebitSummary`]), the one-time password an
//!   on-us mandate's debtor is "sent" ([`BankHandle::direct_debit_otp`]),
//!   a mandate's status ([`BankHandle::direct_debit_status`]) and how long
//!   an off-us mandate waits for FPS
//!   ([`MockBankBuilder::direct_debit_fps_enquiries`]);
//! - applications (Phase II, the JETCO APIX, HSBC group and BOCHK group
//!   banks): how applications move through their statuses as they are read
//!   ([`ApplicationProgress`], [`ApplicationOutcome`], [`InformationKind`],
//!   per mock with [`MockBankBuilder::application_progress`], per bank with
//!   [`BankHandle::set_application_progress`]), what a bank took, decrypted
//!   ([`BankHandle::application`], [`ReceivedApplication`],
//!   [`ApplicationStatus`], [`BankHandle::application_ids`]) and the bank's
//!   encryption key ([`BankHandle::encryption_jwk`]);
//! - the HKMA public API's generated rows, [`hkma_rows`].
#![warn(missing_docs)]
// Nothing a client or an admin sends may panic the server: arithmetic is
// checked or saturating, or allowed where it is bounded, with the reason.
#![warn(clippy::arithmetic_side_effects)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

mod admin;
mod applications;
mod auth_server;
mod bank;
mod bank_auth;
mod config;
mod data;
mod dialects;
mod direct_debit;
mod envelope;
mod fault;
mod fps;
mod guard;
mod hkma;
mod idempotency;
mod instance;
mod jws;
mod ledger;
mod payments;
mod pipeline;
mod prng;
mod rejection;
mod request_log;
mod server;
mod tls;
mod transfer;
mod tsp;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use rust_decimal::Decimal;
use tokio::sync::watch;

pub use applications::{
    ApplicationOutcome, ApplicationProgress, ApplicationStatus, InformationKind,
    ReceivedApplication,
};
pub use auth_server::{
    AUTO_APPROVE_HEADER, AuthConfig, AuthFailure, AuthPaths, AuthServer, AuthSetupError,
    AutoApproval, ClientAuthMethod, ClientKey, ClockError, Consent, ConsentError, ConsentStatus,
    DirectDebitSummary, Misbehaviour, NewConsent, PaymentSummary, RegisteredClient,
    RequestMisbehaviours, TEST_CUSTOMERS, TRUST_ANCHOR, TestCustomer, TokenInfo, TokenLifetimes,
    UnknownMisbehaviour,
};
pub use bank::{AuthStyle, ProductKind, SimulatedBank, SimulatedDialect, default_banks};
pub use config::ConfigError;
pub use data::{
    Account, Catalog, CreditDebit, Customer, FxRate, Location, Product, RateTier, Transaction,
};
pub use fault::{FaultRuleSpec, HkmaOutage, RetryAfter, Scenario, ScenarioError, TokenFault};
pub use fps::{FpsRegistration, ProxyScheme};
pub use hkma::rows as hkma_rows;
pub use instance::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Settings, UnknownBank};
pub use jws::{JwsAlgorithm, JwsError, JwsKey, VerifiedJws, verify_detached};
pub use ledger::{TransferError, TransferReceipt};
pub use payments::{PaymentOutcome, PaymentProgress};
pub use pipeline::SCENARIO_HEADER;
pub use request_log::RecordedRequest;
pub use tls::{
    ClientAuth, ClientCertificate, ClientIdentity, TestPki, TlsError, serve as serve_tls,
};
pub use tsp::TspClient;

use instance::{BankState, Instance};

/// Why the mock could not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum StartError {
    /// The configuration names a bank the mock does not know.
    UnknownBank(String),
    /// The listen address could not be bound.
    Bind(std::io::Error),
    /// A bank's authorization server could not be set up.
    Auth(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::UnknownBank(id) => write!(f, "unknown bank id `{id}`"),
            StartError::Bind(e) => write!(f, "cannot bind the listen address: {e}"),
            StartError::Auth(e) => write!(f, "cannot set up an authorization server: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Builds and starts a [`MockBank`].
#[derive(Clone)]
pub struct MockBankBuilder {
    settings: Settings,
    listen: SocketAddr,
    tls: Option<Arc<rustls::ServerConfig>>,
}

impl std::fmt::Debug for MockBankBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockBankBuilder")
            .field("settings", &self.settings)
            .field("listen", &self.listen)
            .field("tls", &self.tls.is_some())
            .finish()
    }
}

impl Default for MockBankBuilder {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            tls: None,
        }
    }
}

impl MockBankBuilder {
    /// Seed of every generated value (default 1). Same seed, same data.
    pub fn seed(mut self, seed: u64) -> Self {
        self.settings.seed = seed;
        self
    }

    /// Serves only these banks (ids such as `bea`, `hsbc`); all by default.
    pub fn banks<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.settings.banks = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// Registers a TSP client at every bank (the default client
    /// [`DEFAULT_CLIENT_ID`] stays registered).
    pub fn tsp_client(mut self, client: TspClient) -> Self {
        self.settings.clients.push(client);
        self
    }

    /// Registers a TSP client at one bank only.
    pub fn tsp_client_at(mut self, bank: impl Into<String>, client: TspClient) -> Self {
        self.settings.bank_clients.push((bank.into(), client));
        self
    }

    /// Customers generated per bank (default 8).
    pub fn customers_per_bank(mut self, n: u32) -> Self {
        self.settings.customers_per_bank = n;
        self
    }

    /// Gives every account exactly `n` transactions (millions are fine:
    /// transactions are derived on demand, never stored).
    pub fn transactions_per_account(mut self, n: u64) -> Self {
        self.settings.transactions_per_account = Some(n);
        self
    }

    /// How many requests the request log keeps (default 1024; oldest dropped first).
    pub fn request_log_capacity(mut self, n: usize) -> Self {
        self.settings.request_log_capacity = n;
        self
    }

    /// Whether the `x-mock-scenario` request header is honoured (default true).
    pub fn scenario_header(mut self, enabled: bool) -> Self {
        self.settings.scenario_header = enabled;
        self
    }

    /// Page size used when a client sends none (default 10).
    pub fn default_page_size(mut self, n: u32) -> Self {
        self.settings.default_page_size = n.max(1);
        self
    }

    /// Largest page size served (default 500).
    pub fn max_page_size(mut self, n: u32) -> Self {
        self.settings.max_page_size = n.max(1);
        self
    }

    /// How accepted payments move through their statuses as the TSP polls
    /// them, at every bank (default: one step per poll, to completed).
    pub fn payment_progress(mut self, progress: PaymentProgress) -> Self {
        self.settings.payment_progress = progress;
        self
    }

    /// How applications (Phase II) move through their statuses as the TSP
    /// reads them, at every bank (default: one step per read, no
    /// information request, approved).
    pub fn application_progress(mut self, progress: ApplicationProgress) -> Self {
        self.settings.application_progress = progress;
        self
    }

    /// The largest amount of one payment in a currency, at every bank
    /// (default 50,000 in HKD and in CNY); a larger payment is rejected
    /// with `AM02`.
    pub fn payment_limit(mut self, currency: impl Into<String>, amount: Decimal) -> Self {
        let currency = currency.into();
        self.settings.payment_limits.retain(|(c, _)| *c != currency);
        self.settings.payment_limits.push((currency, amount));
        self
    }

    /// How many enquiries (`GET .../direct-debit/authorisations/{id}`) an
    /// off-us direct debit mandate answers `PDFP` to before it answers
    /// `ACTIVE`, at every bank (default 1: `ACTIVE` from the first
    /// enquiry; 0: `ACTIVE` at once, in the setup's answer).
    pub fn direct_debit_fps_enquiries(mut self, enquiries: u32) -> Self {
        self.settings.direct_debit_fps_enquiries = enquiries;
        self
    }

    /// Address to listen on (default `127.0.0.1:0`, a free port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Serves HTTPS (and mutual TLS, depending on the configuration) instead
    /// of plain HTTP; URLs then start with `https://`. Build the configuration
    /// with [`TestPki::server_config`]. Over TLS the `reset` fault fails
    /// the response body instead of resetting the TCP connection.
    pub fn tls(mut self, config: Arc<rustls::ServerConfig>) -> Self {
        self.tls = Some(config);
        self
    }

    /// Replaces all settings at once (e.g. read from a TOML file).
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Binds the listener, builds every bank and starts serving in the
    /// current tokio runtime.
    pub async fn start(self) -> Result<MockBank, StartError> {
        let instance =
            Arc::new(Instance::build(self.settings).map_err(|e| StartError::UnknownBank(e.0))?);
        let listener = tokio::net::TcpListener::bind(self.listen)
            .await
            .map_err(StartError::Bind)?;
        let addr = listener.local_addr().map_err(StartError::Bind)?;
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        let base_url: Arc<str> = Arc::from(format!("{scheme}://{addr}"));
        bank_auth::install(&instance, &base_url).map_err(|e| StartError::Auth(e.to_string()))?;
        let router = app(instance.clone(), base_url.clone());
        let (stop_tx, stop_rx) = watch::channel(false);
        let task = match self.tls {
            None => tokio::spawn(server::serve(listener, router, stop_rx)),
            Some(config) => tokio::spawn(async move {
                let _ = tls::serve(listener, config, router, server::stopped(stop_rx)).await;
            }),
        };
        Ok(MockBank {
            addr,
            base_url,
            instance,
            stop: stop_tx,
            task: Some(task),
        })
    }
}

/// The whole HTTP application: bank routes and the HKMA portal behind the
/// pipeline, plus the admin API.
fn app(instance: Arc<Instance>, base_url: Arc<str>) -> Router {
    let served: Router = Router::new()
        .merge(dialects::routes(&instance))
        .merge(transfer::routes())
        .merge(bank_auth::routes(&instance).with_state(()))
        .nest(hkma::PREFIX, hkma::routes(instance.settings.seed))
        .fallback(rejection::not_found)
        .method_not_allowed_fallback(rejection::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            instance.clone(),
            pipeline::run,
        ))
        .with_state(instance.clone());
    admin::routes(instance, base_url).merge(served)
}

/// A running mock server. Dropping it stops the server.
#[derive(Debug)]
pub struct MockBank {
    addr: SocketAddr,
    base_url: Arc<str>,
    instance: Arc<Instance>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl MockBank {
    /// A builder with default settings.
    pub fn builder() -> MockBankBuilder {
        MockBankBuilder::default()
    }

    /// Starts a mock with default settings on a free local port.
    pub async fn start() -> Result<MockBank, StartError> {
        Self::builder().start().await
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The base URL of one bank (`http://127.0.0.1:PORT/jetco/bea`), to which
    /// the spec's paths are appended.
    pub fn bank_url(&self, id: &str) -> Option<String> {
        self.instance
            .bank(id)
            .map(|b| format!("{}{}", self.base_url, b.profile.prefix))
    }

    /// The seed the data was generated from.
    pub fn seed(&self) -> u64 {
        self.instance.settings.seed
    }

    /// Every served bank.
    pub fn banks(&self) -> impl Iterator<Item = &SimulatedBank> {
        self.instance.banks.iter().map(|b| &b.profile)
    }

    /// One bank's data and state.
    pub fn bank(&self, id: &str) -> Option<BankHandle<'_>> {
        self.instance.bank(id).map(|state| BankHandle {
            state,
            seed: self.instance.settings.seed,
        })
    }

    /// The retained requests, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.instance.log.entries(None, None)
    }

    /// The retained requests to one bank, oldest first.
    pub fn requests_to(&self, bank: &str) -> Vec<RecordedRequest> {
        self.instance.log.entries(Some(bank), None)
    }

    /// Forgets the logged requests.
    pub fn clear_requests(&self) {
        self.instance.log.clear();
    }

    /// Every FPS proxy registered at the banks of this mock: each
    /// customer's mobile number, e-mail address and HKID (to their first
    /// HKD account), and the merchants' FPS ids (with the merchant codes
    /// bill payments name).
    pub fn fps_directory(&self) -> Vec<FpsRegistration> {
        self.instance.fps.list()
    }

    /// The sum of every balance in one currency over every account of every
    /// bank (the banks' internal card-settlement and merchant accounts
    /// included), taken at one instant: payments only move money, so it
    /// never changes.
    pub fn total_balance_all(&self, currency: &str) -> Decimal {
        self.instance.total_balance(currency)
    }

    /// Installs a fault rule; returns its id. Refused when its scenario does
    /// not parse, or when the rule could hit no request (an `hkma-*`
    /// directive for a bank, `token=` for the HKMA portal).
    pub fn add_fault(&self, spec: FaultRuleSpec) -> Result<u64, ScenarioError> {
        self.instance.faults.add(spec)
    }

    /// Removes one fault rule.
    pub fn remove_fault(&self, id: u64) -> bool {
        self.instance.faults.remove(id)
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        self.instance.faults.clear();
    }

    /// Stops the server and waits for open connections to finish (a few seconds at most).
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MockBank {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// One bank of a running mock.
#[derive(Debug, Clone, Copy)]
pub struct BankHandle<'a> {
    state: &'a Arc<BankState>,
    seed: u64,
}

impl<'a> BankHandle<'a> {
    /// Who the bank is.
    pub fn profile(&self) -> &'a SimulatedBank {
        &self.state.profile
    }

    /// The generated catalog.
    pub fn catalog(&self) -> &'a Catalog {
        &self.state.catalog
    }

    /// The customers.
    pub fn customers(&self) -> &'a [Customer] {
        &self.state.customers
    }

    /// The accounts.
    pub fn accounts(&self) -> &'a [Account] {
        &self.state.accounts
    }

    /// The bank's OAuth 2.0 / OpenID Connect authorization server (issuer:
    /// the bank's base URL): mint, expire or revoke tokens, revoke consents.
    pub fn auth_server(&self) -> Option<&'a Arc<AuthServer>> {
        self.state.auth.get()
    }

    /// An account's current balance.
    pub fn balance(&self, account_id: &str) -> Option<Decimal> {
        self.state.ledger.balance(account_id)
    }

    /// The sum of every account's balance in one currency.
    pub fn total_balance(&self, currency: &str) -> Decimal {
        self.state.ledger.total(currency)
    }

    /// Closes an account: payments from or to it are rejected (`AC04`)
    /// from now on. Returns whether the account exists.
    pub fn close_account(&self, account_id: &str) -> bool {
        self.state.ledger.close(account_id)
    }

    /// How this bank's payments accepted from now on move through their
    /// statuses.
    pub fn set_payment_progress(&self, progress: PaymentProgress) {
        self.state
            .payments
            .update_settings(|s| s.progress = progress);
    }

    /// How this bank's applications (Phase II) taken from now on move
    /// through their statuses.
    pub fn set_application_progress(&self, progress: ApplicationProgress) {
        self.state.applications.set_progress(progress);
    }

    /// An application this bank took (Phase II), with its decrypted
    /// document, without moving it on.
    pub fn application(&self, id: &str) -> Option<ReceivedApplication> {
        self.state.applications.get(id).map(|r| r.taken)
    }

    /// The ids of the applications this bank took, sorted.
    pub fn application_ids(&self) -> Vec<String> {
        self.state.applications.ids()
    }

    /// The bank's Phase II encryption key (a public JWK, `use: enc`), made
    /// now if it was not yet; `None` if it could not be made.
    pub fn encryption_jwk(&self) -> Option<serde_json::Value> {
        applications::encryption_jwk(self.state)
    }

    /// The largest amount of one payment in a currency at this bank.
    pub fn set_payment_limit(&self, currency: &str, amount: Decimal) {
        self.state.payments.update_settings(|s| {
            s.limits.insert(currency.to_owned(), amount);
        });
    }

    /// How many payments (accepted or rejected) the bank holds.
    pub fn payment_count(&self) -> usize {
        self.state.payments.payment_count()
    }

    /// How many enquiries an off-us direct debit mandate set up from now
    /// on at this bank answers `PDFP` to before `ACTIVE` (0: at once).
    pub fn set_direct_debit_fps_enquiries(&self, enquiries: u32) {
        self.state
            .direct_debits
            .update_settings(|s| s.fps_enquiries = enquiries);
    }

    /// The one-time password the bank "sent" by SMS to the debtor of an
    /// on-us direct debit mandate waiting for it (`PDOU`): its prefix (the
    /// `otpIdentificationNumber` of the setup's answer) and its six digits.
    /// `None` for an unknown mandate or one that waits for no password.
    pub fn direct_debit_otp(&self, mandate_id: &str) -> Option<(String, String)> {
        self.state
            .direct_debits
            .mandate(mandate_id)
            .and_then(|m| m.otp)
            .map(|o| (o.prefix, o.password))
    }

    /// The status of a direct debit mandate as the bank holds it now
    /// (`PDOU`, `PDFP`, `ACTIVE`, `CANCELLED`, `ERROR`, `EXPIRED`; an
    /// expiry is seen at the mandate's next use), without counting as an
    /// enquiry.
    pub fn direct_debit_status(&self, mandate_id: &str) -> Option<&'static str> {
        self.state
            .direct_debits
            .mandate(mandate_id)
            .map(|m| m.status.code())
    }

    /// The full numbers of a customer's credit cards (16 digits, what a
    /// card repayment's `AIIN` creditor names), in the order of the cards' ids.
    pub fn card_numbers(&self, customer_id: &str) -> Vec<String> {
        data::cards_of(self.seed, &self.state.profile.id, customer_id, Some(0))
            .iter()
            .map(|card| data::card_number(self.seed, &self.state.profile.id, card))
            .collect()
    }

    /// The username and password a customer signs in with on the consent
    /// page: `C0001` to `C0003` those of [`TEST_CUSTOMERS`], later ones
    /// their id in lower case (`c0004`) and `password`.
    pub fn customer_login(&self, customer_id: &str) -> Option<(String, String)> {
        let index = self
            .state
            .customers
            .iter()
            .position(|c| c.id == customer_id)?;
        Some(match TEST_CUSTOMERS.get(index) {
            Some((u, p, ..)) => ((*u).to_owned(), (*p).to_owned()),
            None => (
                customer_id.to_lowercase(),
                bank_auth::CUSTOMER_PASSWORD.to_owned(),
            ),
        })
    }

    /// Moves money between two of the bank's accounts.
    pub fn transfer(
        &self,
        debtor: &str,
        creditor: &str,
        amount: Decimal,
    ) -> Result<TransferReceipt, TransferError> {
        self.state.ledger.transfer(debtor, creditor, amount)
    }

    /// Transaction `index` (0 = newest) of an account's history, or `None`
    /// past the end of the history or for an unknown account.
    pub fn transaction(&self, account_id: &str, index: u64) -> Option<Transaction> {
        let account = self.state.accounts.iter().find(|a| a.id == account_id)?;
        (index < account.transaction_count)
            .then(|| data::transaction(self.seed, &self.state.profile.id, account_id, index))
    }
}
