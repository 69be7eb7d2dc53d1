//! The bank directory every phase of hkob shares: which banks there are, which API design
//! ("dialect") each speaks per phase, and the profiles of the banks a TSP has registered with.
//!
//! - [`KnownBank`]: every Hong Kong retail bank hkob knows, with its English and Chinese names,
//!   its HKMA bank code (the FPS clearing code), its SWIFT BIC where known, and the dialect and
//!   base URLs of its API per [`Phase`].
//! - [`BankProfile`]: one bank the TSP has registered with (id, name, [`Dialect`], base URL,
//!   [`BankCredentials`]), loaded from a TOML or JSON file by [`BankProfile::load`] (secrets
//!   from the file or from environment variables it names, never printed).
//! - [`BankProfile::client_builder`]: the one place a profile becomes an
//!   [`hkob_core::Client`], its credentials sent as the dialect's [`AuthScheme`] says. Phase
//!   crates state each dialect's scheme; a TSP rarely calls this directly.
//! - With the `mock-bank` feature, `mock_profiles` gives one profile per bank of a running
//!   `hkob-mock-bank`, for tests and examples.
//!
//! ```no_run
//! use hkob_banks::{BankProfile, KnownBank, Phase};
//!
//! # fn run() -> Result<(), hkob_banks::ProfileError> {
//! // banks.toml:
//! //   [[bank]]
//! //   id = "bea"
//! //   environment = "sandbox"
//! //   client_id = "my-client-id"
//! //   client_secret_env = "BEA_CLIENT_SECRET"
//! let profiles = BankProfile::load("banks.toml")?;
//! for profile in &profiles {
//!     let code = profile.known_bank().map(KnownBank::bank_code).unwrap_or("?");
//!     println!("{} ({code}) speaks {}", profile.name, profile.dialect);
//! }
//! let jetco = KnownBank::all()
//!     .iter()
//!     .filter(|b| b.dialect(Phase::ProductInformation).is_some())
//!     .count();
//! println!("hkob speaks to {jetco} banks' Phase I APIs");
//! # Ok(()) }
//! ```
#![warn(missing_docs)]
// Bank data is untrusted: arithmetic on it must be checked (or saturating) by construction.
#![warn(clippy::arithmetic_side_effects)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

mod auth_scheme;
mod authorizer;
mod bank_id;
mod credentials;
mod dialect;
mod directory;
mod error;
#[cfg(feature = "mock-bank")]
mod mock;
mod profile;

pub use auth_scheme::{AuthScheme, BuildCredentials};
pub use authorizer::{
    AccessOptions, BankAuthorizer, ConnectError, DEFAULT_AUTHORIZATION_TTL, PendingApproval,
    callback_state,
};
pub use bank_id::BankId;
pub use credentials::BankCredentials;
pub use dialect::{Dialect, Phase, UnknownDialect};
pub use directory::{KnownBank, PhaseApi};
pub use error::ProfileError;
#[cfg(feature = "mock-bank")]
pub use mock::{MOCK_PARTNER_ID, mock_profiles, mock_profiles_of};
pub use profile::{BankProfile, Environment, ProfileLoader};
