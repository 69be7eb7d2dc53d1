//! The banks a TSP has registered with: one [`BankProfile`] per bank.

mod file;

pub use file::{Environment, ProfileLoader};

use serde::Deserialize;

use crate::bank_id::BankId;
use crate::credentials::BankCredentials;
use crate::dialect::{Dialect, Phase};
use crate::directory::KnownBank;
use crate::error::ProfileError;

/// One bank the TSP has registered with: who it is, the API design it follows, where its API is,
/// and what it issued to the TSP.
///
/// Profiles are usually loaded from a file ([`BankProfile::load`]) in which secrets are written
/// or, better, named as environment variables. Deserializing a profile reads the same fields
/// (and the environment variables they name). A profile is not `Serialize`: its secrets would be
/// written out.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "file::ProfileEntry")]
#[non_exhaustive]
pub struct BankProfile {
    /// A short id of the bank, unique among the profiles (`bea`); every item fetched from the bank
    /// carries it.
    pub id: BankId,
    /// The bank's name, for display.
    pub name: String,
    /// Which API design the bank follows.
    pub dialect: Dialect,
    /// The base URL of the bank's API. For JETCO APIX it ends with the bank code, e.g.
    /// `https://sandbox.apix.com.hk/jetco/sb/bea`.
    pub base_url: String,
    /// What the bank issued to the TSP.
    pub credentials: BankCredentials,
}

impl BankProfile {
    /// A profile.
    pub fn new(
        id: impl Into<BankId>,
        name: impl Into<String>,
        dialect: Dialect,
        base_url: impl Into<String>,
        credentials: BankCredentials,
    ) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            dialect,
            base_url: base_url.into(),
            credentials,
        }
    }

    /// A profile of a bank in hkob's [directory](KnownBank), for its Phase I API in `environment`:
    /// the directory gives the name, the dialect and the base URL.
    ///
    /// ```
    /// use hkob_banks::{BankCredentials, BankProfile, Dialect, Environment};
    ///
    /// let bea = BankProfile::from_directory(
    ///     "bea",
    ///     Environment::Sandbox,
    ///     BankCredentials::client_secret("client-id", "client-secret"),
    /// )?;
    /// assert_eq!(bea.dialect, Dialect::JetcoApix);
    /// assert_eq!(bea.base_url, "https://sandbox.apix.com.hk/jetco/sb/bea");
    /// # Ok::<(), hkob_banks::ProfileError>(())
    /// ```
    pub fn from_directory(
        id: &str,
        environment: Environment,
        credentials: BankCredentials,
    ) -> Result<Self, ProfileError> {
        Self::from_directory_for(id, Phase::ProductInformation, environment, credentials)
    }

    /// [`from_directory`](Self::from_directory) for the bank's API of `phase`.
    ///
    /// ```
    /// use hkob_banks::{BankCredentials, BankProfile, Dialect, Environment, Phase};
    ///
    /// let hsbc = BankProfile::from_directory_for(
    ///     "hsbc",
    ///     Phase::AccountInformation,
    ///     Environment::Sandbox,
    ///     BankCredentials::client_secret("client-id", "client-secret"),
    /// )?;
    /// assert_eq!(hsbc.dialect, Dialect::HsbcGroup);
    /// assert_eq!(hsbc.base_url, "https://sandbox.ob.hsbc.com.hk/mock");
    /// # Ok::<(), hkob_banks::ProfileError>(())
    /// ```
    pub fn from_directory_for(
        id: &str,
        phase: Phase,
        environment: Environment,
        credentials: BankCredentials,
    ) -> Result<Self, ProfileError> {
        let bank = BankId::new(id);
        let known =
            KnownBank::find(id).ok_or_else(|| ProfileError::MissingDialect(bank.clone()))?;
        let api = known
            .api(phase)
            .ok_or_else(|| ProfileError::MissingDialect(bank.clone()))?;
        let base_url = environment
            .url_of(api)
            .ok_or_else(|| ProfileError::MissingBaseUrl(bank.clone()))?;
        Ok(Self::new(
            known.id(),
            known.name(),
            api.dialect(),
            base_url,
            credentials,
        ))
    }

    /// The bank's entry in hkob's directory, when it has one under this profile's id.
    pub fn known_bank(&self) -> Option<&'static KnownBank> {
        KnownBank::find(self.id.as_str())
    }

    /// Loads every profile in a TOML or JSON file (JSON when the name ends in `.json`), reading
    /// the secrets it names from the environment. See [`ProfileLoader`] for the format.
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Vec<BankProfile>, ProfileError> {
        ProfileLoader::new().load(path)
    }

    /// Reads every profile in a TOML text. See [`ProfileLoader`] for the format.
    pub fn from_toml(text: &str) -> Result<Vec<BankProfile>, ProfileError> {
        ProfileLoader::new().toml(text)
    }

    /// Reads every profile in a JSON text. See [`ProfileLoader`] for the format.
    pub fn from_json(text: &str) -> Result<Vec<BankProfile>, ProfileError> {
        ProfileLoader::new().json(text)
    }
}
