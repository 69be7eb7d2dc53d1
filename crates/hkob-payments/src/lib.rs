//! Phase IV of the HKMA Open API Framework: transactions.
//!
//! A TSP pays on a customer's behalf in four steps, the same at every bank whatever its
//! dialect:
//!
//! 1. [`PaymentAccess::connect`] to the bank (its discovery document and keys);
//! 2. [`PaymentAccess::begin`] with a [`PaymentOrder`] (how much, to whom): the bank creates a
//!    consent holding exactly that payment, and the customer is sent to approve it;
//! 3. [`PaymentAccess::complete`] with the callback: the ID token and the consent are checked;
//! 4. [`PaymentAccess::submit`], then [`PaymentAccess::wait`] for a final [`PaymentStatus`].
//!
//! Every answer of the bank's payment API must carry the bank's detached JWS signature; the
//! payment is submitted with an idempotency key written to the [`PaymentStore`] before the first
//! attempt, so a retry or a resumed job never pays twice.
//!
//! ```no_run
//! use std::sync::Arc;
//! use std::time::Duration;
//! use hkob_core::{Amount, Decimal};
//! use hkob_payments::fps::MobileNumber;
//! use hkob_payments::{AccessOptions, MemoryStore, Payee, PaymentAccess, PaymentOrder};
//!
//! # async fn run(profile: hkob_banks::BankProfile, callback: String) -> Result<(), Box<dyn std::error::Error>> {
//! let bank = PaymentAccess::connect(
//!     profile,
//!     AccessOptions::new("https://tsp.example/callback"),
//!     Arc::new(MemoryStore::new()),
//! )
//! .await?;
//! let order = PaymentOrder::new(
//!     Amount::hkd(Decimal::new(25000, 2)),
//!     Payee::Fps(MobileNumber::parse("+852-61234567")?.into()),
//! )
//! .reference("INV-2026-0042");
//! let redirect = bank.begin(&order).await?;
//! // ... send the customer to redirect.url; they come back to the callback ...
//! let consent = bank.complete(&callback).await?;
//! bank.submit(&consent.id).await?;
//! let payment = bank.wait(&consent.id, Duration::from_secs(30)).await?;
//! println!("{}", payment.status);
//! # Ok(()) }
//! ```
//!
//! # Several processes, one store
//!
//! A TSP that runs several processes gives them one [`BackendStore`] over the state they
//! share (a SQLite file on one machine, Redis for a fleet, from the `hkob-store` crate, sealed
//! with the TSP's keys): a customer's callback can then land on any process and is accepted
//! once, and a payment job that dies after sending is resumed by another process with the same
//! idempotency key, so the bank makes one payment. A store that is down makes each call fail
//! promptly with [`PaymentError::Store`], never pay twice; see [`PaymentAccess::submit`].
//!
//! ```no_run
//! use std::sync::Arc;
//! use hkob_core::store::{MemoryBackend, StateBackend};
//! use hkob_payments::{AccessOptions, BackendStore, PaymentAccess};
//!
//! # async fn run(profile: hkob_banks::BankProfile, consent_id: &str) -> Result<(), Box<dyn std::error::Error>> {
//! // In production: a SealedBackend over the fleet's Redis (or a SQLite file), shared by all.
//! let shared: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
//! let bank = PaymentAccess::connect(
//!     profile,
//!     // The TSP's token at the bank, fetched once for every process too.
//!     AccessOptions::new("https://tsp.example/callback").shared_state(Arc::clone(&shared)),
//!     Arc::new(BackendStore::new(shared)),
//! )
//! .await?;
//! // Any process may resume the job: the intent's key is sent, or the recorded payment read.
//! let payment = bank.submit(consent_id).await?;
//! # let _ = payment; Ok(()) }
//! ```
//!
//! - [`direct_debit`]: mandates set up with the debtor's one-time password, amended, cancelled,
//!   and collections under them (the HSBC group's real-time direct debit).
//! - [`fps`]: FPS addressing (typed proxies), FPS QR codes and App-to-App payment requests.

#![warn(missing_docs)]
#![warn(clippy::arithmetic_side_effects)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

mod access;
mod dialects;
pub mod direct_debit;
mod error;
pub mod fps;
pub mod generated;
mod model;
mod store;

pub use access::{PaymentAccess, PaymentRedirect};
pub use error::PaymentError;
pub use hkob_banks::{AccessOptions, DEFAULT_AUTHORIZATION_TTL};
pub use hkob_core::store::{StoreError, StoreFuture};
pub use model::{
    BankId, Bill, CardNumber, OrderError, Payee, Payment, PaymentConsent, PaymentConsentStatus,
    PaymentKind, PaymentOrder, PaymentStatus, StatusReason,
};
pub use store::{
    BackendStore, CustomerToken, MemoryStore, PaymentIntent, PaymentStore, PendingApproval,
};
