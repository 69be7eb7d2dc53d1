//! Phase I of the HKMA Open API Framework: product and service information (deposits, loans and
//! cards, branches and ATMs, FX rates ...) from Hong Kong banks, one client per bank dialect.
//!
//! The clients in [`generated`] are generated from the specs in `specs/` by `hkob-codegen`.
//!
//! On top of them sits one canonical model for every bank:
//!
//! - [`model`]: one type per product family ([`model::TimeDeposit`], [`model::CreditCard`] ...),
//!   the same whatever the bank's dialect;
//! - [`normalise`]: from each dialect's wire types to the model, with every value that cannot be
//!   normalised reported as a [`normalise::NormaliseIssue`];
//! - [`BankProfile`], [`BankCredentials`], [`Dialect`]: the banks a TSP has registered with, from
//!   the bank directory every phase shares (`hkob-banks`), re-exported here;
//! - [`catalog`]: a [`ProductCatalog`] that fetches one product family from many banks at once,
//!   with a bound on concurrency, a deadline per bank, optional caching and comparison helpers.
//!
//! ```no_run
//! use hkob_core::{Amount, Decimal};
//! use hkob_products::model::{Tenor, TimeDeposit};
//! use hkob_products::{BankCredentials, BankProfile, Dialect, ProductCatalog};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let bea = BankProfile::new(
//!     "bea",
//!     "The Bank of East Asia",
//!     Dialect::JetcoApix,
//!     "https://sandbox.apix.com.hk/jetco/sb/bea",
//!     BankCredentials::client_secret("client-id", "client-secret"),
//! );
//! let catalog = ProductCatalog::new(vec![bea]);
//! let deposits = catalog.fetch::<TimeDeposit>().await;
//! for quote in deposits.best_rates(Amount::hkd(Decimal::from(100_000)), Tenor::months(3)) {
//!     println!("{} {} {}%", quote.bank, quote.product_name, quote.rate);
//! }
//! for failure in &deposits.failures {
//!     eprintln!("{}: {}", failure.bank, failure.error);
//! }
//! # Ok(()) }
//! ```
#![warn(missing_docs)]
// Bank data is untrusted: arithmetic on it must be checked (or saturating) by construction.
#![warn(clippy::arithmetic_side_effects)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

pub mod catalog;
mod dialects;
pub mod generated;
pub mod model;
pub mod normalise;

pub use catalog::{BankFailure, CatalogError, CatalogOptions, CatalogResult, ProductCatalog};
pub use dialects::dbs::auth as dbs_auth;
pub use hkob_banks::{BankCredentials, BankId, BankProfile, Dialect};
