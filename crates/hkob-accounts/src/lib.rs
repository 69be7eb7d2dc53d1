//! Phase III of the HKMA Open API Framework: a customer's accounts, balances, transactions and
//! credit cards, read with their consent, across banks.
//!
//! The main path, for one bank:
//!
//! 1. [`AccountAccess::connect`] reads the bank's OpenID Connect discovery document and keys;
//! 2. [`AccountAccess::begin`] creates a consent for a [`ConsentRequest`] and gives the URL to
//!    send the customer to;
//! 3. the customer logs in at the bank, picks accounts and approves; the bank sends them back
//!    to the TSP's redirect URI;
//! 4. [`AccountAccess::complete`] checks the callback and the ID token, exchanges the code and
//!    stores the customer's tokens with the consent in the [`ConsentStore`];
//! 5. [`AccountAccess::session`] reads: [`AccountSession::accounts`], `balances`,
//!    `transactions` (a lazy stream over every page), `cards`.
//!
//! ```no_run
//! use std::sync::Arc;
//! use futures_util::TryStreamExt;
//! use hkob_accounts::{AccessOptions, AccountAccess, ConsentRequest, MemoryStore, Permission};
//! use hkob_accounts::TransactionQuery;
//! use hkob_banks::BankProfile;
//!
//! # async fn run(profile: BankProfile, callback_url: String) -> Result<(), hkob_accounts::AccessError> {
//! let store = Arc::new(MemoryStore::new());
//! let bea = AccountAccess::connect(profile, AccessOptions::new("https://tsp.example/callback"), store).await?;
//! let request = ConsentRequest::new([
//!     Permission::AccountsBasic,
//!     Permission::Balances,
//!     Permission::TransactionsDetail,
//! ]);
//! let redirect = bea.begin(&request).await?;
//! println!("send the customer to {}", redirect.url);
//! // ... the customer comes back to the redirect URI ...
//! let consent = bea.complete(&callback_url).await?;
//! let session = bea.session(&consent.id).await?;
//! let accounts: Vec<_> = session.accounts().try_collect().await?;
//! for account in &accounts {
//!     let balances = session.balances(&account.id).await?;
//!     let recent: Vec<_> = session
//!         .transactions(&account.id, TransactionQuery::all())
//!         .try_take_while(|_| std::future::ready(Ok(true)))
//!         .try_collect()
//!         .await?;
//!     println!("{:?}: {} balances, {} transactions", account.kind, balances.len(), recent.len());
//! }
//! # Ok(()) }
//! ```
//!
//! # Many instances, one store
//!
//! A TSP that runs several processes, or restarts, keeps its consents in a [`BackendStore`]
//! over a shared [`StateBackend`](hkob_core::store::StateBackend) (a sealed SQLite file for one
//! machine, sealed Redis for a fleet: the `hkob-store` crate) and gives the same state to
//! [`AccessOptions::shared_state`]. The customer may then come back to any instance, a replayed
//! callback is refused on all of them, and a customer's tokens are refreshed once for the
//! whole fleet (under a lease in the shared state), the others taking the new tokens. If the
//! state cannot be reached, a refresh fails with a typed error instead of risking a second
//! refresh that would make the bank revoke the consent.
//!
//! ```no_run
//! use std::sync::Arc;
//! use hkob_accounts::{AccessOptions, AccountAccess, BackendStore};
//! use hkob_banks::BankProfile;
//! use hkob_core::store::StateBackend;
//!
//! # async fn run(profile: BankProfile, state: Arc<dyn StateBackend>) -> Result<(), hkob_accounts::AccessError> {
//! // `state`: e.g. `SealedBackend::new(RedisBackend::open(config)?, keys)`, shared by every instance.
//! let store = Arc::new(BackendStore::new(state.clone()));
//! let options = AccessOptions::new("https://tsp.example/callback").shared_state(state);
//! let bea = AccountAccess::connect(profile, options, store).await?;
//! # let _ = bea;
//! # Ok(()) }
//! ```
//!
//! Across banks, [`AccountAggregator`] reads every live consent's accounts and balances at
//! once, with a deadline per bank.
//!
//! Personal data (account numbers, balances, transactions, card details) never appears in
//! `Debug` or `Display`; tokens and authorization secrets neither.
#![warn(missing_docs)]
#![warn(clippy::arithmetic_side_effects)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

mod access;
mod aggregate;
mod consent;
mod dialects;
mod error;
mod events;
pub mod generated;
pub mod model;
mod normalise;
mod query;
mod session;
mod store;
mod tokens;

pub use access::{AccountAccess, AuthorizationRedirect};
pub use aggregate::{
    AccountAggregator, AccountWithBalances, AccountsOverview, BankAccounts, BankFailure,
};
pub use consent::{Consent, ConsentRequest, ConsentStatus, Permission};
pub use error::AccessError;
pub use events::{EventBatch, EventPoll, SecurityEvent};
pub use hkob_banks::{AccessOptions, DEFAULT_AUTHORIZATION_TTL};
pub use query::{PersonCheck, TransactionQuery};
pub use session::AccountSession;
pub use store::{
    BackendStore, ConsentRecord, ConsentStore, MemoryStore, PendingConsent, StoreError,
    StoreFuture, StoredTokens,
};
