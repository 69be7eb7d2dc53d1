//! hkob: a Rust SDK for the bank Open APIs of Hong Kong.
//!
//! The framework of the Hong Kong Monetary Authority opens banks' systems to
//! third-party service providers in four phases: product information,
//! applications, account information and transactions. This facade
//! re-exports hkob's crates behind features:
//!
//! | feature | module | crate |
//! | --- | --- | --- |
//! | always | [`core`] | `hkob-core`: client, credentials, retries, paging, errors, money, signing |
//! | always | [`banks`] | `hkob-banks`: the bank directory, dialects, credentials and profiles |
//! | `products` (default) | `products` | `hkob-products`: Phase I product and service information |
//! | `applications` | `applications` | `hkob-applications`: Phase II applications for bank products, checked, encrypted and signed |
//! | `accounts` (default) | `accounts` | `hkob-accounts`: Phase III account information, with the customer's consent |
//! | `payments` (default) | `payments` | `hkob-payments`: Phase IV payments over FPS, FPS addressing and QR codes, direct debits |
//! | `hkma` (default) | `hkma` | `hkob-hkma`: the HKMA public data API (rates, statistics, registers) |
//! | `mock-bank` | `mock_bank` | `hkob-mock-bank`: a stateful mock of Hong Kong banks, and `banks::mock_profiles` |
//!
//! The mock bank is a server (axum, TLS certificates); it is not a default feature, so a
//! production build never carries it. Turn it on for your tests:
//! `hkob = { version = "0.1", features = ["mock-bank"] }` under `[dev-dependencies]`.
//!
//! # The main path
//!
//! ```no_run
//! # #[cfg(feature = "products")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use futures_util::TryStreamExt;
//! use hkob::core::auth::StaticHeaders;
//! use hkob::core::Client;
//! use hkob::products::generated::jetco_apix::operations::ListTimeDepositProducts;
//!
//! let bea = Client::builder()
//!     .base_url("https://sandbox.apix.com.hk/jetco/sb/bea")
//!     .credentials(StaticHeaders::ibm_api_connect("client-id", "client-secret"))
//!     .build()?;
//! let products: Vec<_> = ListTimeDepositProducts::new()
//!     .paginate(&bea)
//!     .items()
//!     .try_collect()
//!     .await?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "accounts")]
pub use hkob_accounts as accounts;
#[cfg(feature = "applications")]
pub use hkob_applications as applications;
pub use hkob_banks as banks;
pub use hkob_core as core;
#[cfg(feature = "hkma")]
pub use hkob_hkma as hkma;
#[cfg(feature = "mock-bank")]
pub use hkob_mock_bank as mock_bank;
#[cfg(feature = "payments")]
pub use hkob_payments as payments;
#[cfg(feature = "products")]
pub use hkob_products as products;
#[cfg(feature = "store")]
pub use hkob_store as store;

/// The Phase II guide's examples, compiled as doctests.
#[cfg(all(doctest, feature = "applications"))]
#[doc = include_str!("../docs/phase2-applications.md")]
struct Phase2Guide;

/// The fleet guide's examples, compiled as doctests.
#[cfg(all(doctest, feature = "store", feature = "products"))]
#[doc = include_str!("../docs/running-a-fleet.md")]
struct FleetGuide;
