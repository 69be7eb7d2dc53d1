//! Profiles read from a TOML or JSON file, secrets from the environment variables it names.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::BankProfile;
use crate::bank_id::BankId;
use crate::credentials::BankCredentials;
use crate::dialect::{Dialect, Phase};
use crate::directory::{KnownBank, PhaseApi};
use crate::error::ProfileError;

/// Which of a bank's published APIs a profile means, for a profile that names no `base_url`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Environment {
    /// The bank's sandbox (dummy data).
    Sandbox,
    /// The bank's production API.
    Production,
}

impl Environment {
    /// The base URL of `api` in this environment, when the bank publishes it.
    pub fn url_of(self, api: &PhaseApi) -> Option<&'static str> {
        match self {
            Environment::Sandbox => api.sandbox_url(),
            Environment::Production => api.production_url(),
        }
    }
}

/// One profile as written in a file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProfileEntry {
    id: String,
    name: Option<String>,
    dialect: Option<String>,
    base_url: Option<String>,
    environment: Option<Environment>,
    client_id: Option<String>,
    client_secret: Option<String>,
    client_secret_env: Option<String>,
    partner_id: Option<String>,
    partner_secret: Option<String>,
    partner_secret_env: Option<String>,
}

/// A file: its `bank` array; other top-level keys belong to the application and are left alone.
#[derive(Deserialize)]
struct ProfileFile {
    #[serde(default)]
    bank: Vec<ProfileEntry>,
}

type Env = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Reads bank profiles from TOML or JSON.
///
/// A file lists one `bank` entry per profile (`[[bank]]` tables in TOML; a `"bank"` array, or a
/// bare array, in JSON). Other top-level keys are the application's and are ignored; an unknown
/// key inside a `bank` entry is an error (it is usually a misspelt secret).
///
/// ```toml
/// [[bank]]
/// id = "bea"                               # unique among the profiles, ignoring case
/// environment = "sandbox"                  # the directory's URL for the bank, or:
/// # base_url = "https://sandbox.apix.com.hk/jetco/sb/bea"
/// client_id = "your-client-id"
/// client_secret_env = "BEA_CLIENT_SECRET"  # read the secret from this variable ...
/// # client_secret = "..."                  # ... or write it here (keep the file private)
///
/// [[bank]]
/// id = "dbs"
/// base_url = "https://www.dbs.com/sandbox"
/// client_id = "your-client-id"
/// client_secret_env = "DBS_CLIENT_SECRET"
/// partner_id = "your-partner-app"          # DBS: the partner token exchange
/// partner_secret_env = "DBS_PARTNER_JWT"   # the JWT you signed (or partner_secret)
///
/// [[bank]]
/// id = "mybank"                            # a bank hkob's directory does not know:
/// name = "My Bank"                         # name (defaults to the id) and dialect are needed
/// dialect = "jetco-apix"                   # jetco-apix | hsbc-group | bochk-group | standard-chartered | dbs
/// base_url = "https://api.mybank.example/open"
/// ```
///
/// For a bank in hkob's [directory](KnownBank) the `name` and `dialect` default to the
/// directory's. Give either `base_url` or `environment`, not both. Credentials are all or none:
/// `client_id` with a client secret, plus `partner_id` and a partner secret for DBS. A secret
/// written as `*_env` is read from that environment variable; an unset or empty variable is an
/// error naming it, never a silent blank.
pub struct ProfileLoader {
    env: Box<Env>,
}

impl fmt::Debug for ProfileLoader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileLoader").finish_non_exhaustive()
    }
}

impl Default for ProfileLoader {
    fn default() -> Self {
        Self::new()
    }
}

impl ProfileLoader {
    /// A loader that reads secrets from the process's environment.
    pub fn new() -> Self {
        Self {
            env: Box::new(|name| std::env::var(name).ok()),
        }
    }

    /// Reads the variables that profiles name from `lookup` instead of the process's environment
    /// (a secrets manager, or a test).
    pub fn env(mut self, lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        self.env = Box::new(lookup);
        self
    }

    /// Loads every profile in a file: JSON when its name ends in `.json`, TOML otherwise.
    pub fn load(&self, path: impl AsRef<Path>) -> Result<Vec<BankProfile>, ProfileError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ProfileError::Read {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        let json = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        let entries = if json {
            parse_json(&text, &shown)?
        } else {
            parse_toml(&text, &shown)?
        };
        self.resolve_all(entries)
    }

    /// Reads every profile in a TOML text.
    pub fn toml(&self, text: &str) -> Result<Vec<BankProfile>, ProfileError> {
        self.resolve_all(parse_toml(text, "TOML")?)
    }

    /// Reads every profile in a JSON text.
    pub fn json(&self, text: &str) -> Result<Vec<BankProfile>, ProfileError> {
        self.resolve_all(parse_json(text, "JSON")?)
    }

    fn resolve_all(&self, entries: Vec<ProfileEntry>) -> Result<Vec<BankProfile>, ProfileError> {
        let mut seen = HashSet::new();
        let mut profiles = Vec::with_capacity(entries.len());
        for entry in entries {
            let profile = entry.resolve(&*self.env)?;
            if !seen.insert(profile.id.as_str().to_ascii_lowercase()) {
                return Err(ProfileError::DuplicateId(profile.id));
            }
            profiles.push(profile);
        }
        Ok(profiles)
    }
}

fn syntax(source_name: &str, message: impl fmt::Display) -> ProfileError {
    ProfileError::Syntax {
        source_name: source_name.to_owned(),
        message: message.to_string().trim_end().to_owned(),
    }
}

fn parse_toml(text: &str, source_name: &str) -> Result<Vec<ProfileEntry>, ProfileError> {
    toml::from_str::<ProfileFile>(text)
        .map(|file| file.bank)
        .map_err(|e| syntax(source_name, e))
}

fn parse_json(text: &str, source_name: &str) -> Result<Vec<ProfileEntry>, ProfileError> {
    if text.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<ProfileEntry>>(text)
    } else {
        serde_json::from_str::<ProfileFile>(text).map(|file| file.bank)
    }
    .map_err(|e| syntax(source_name, e))
}

impl TryFrom<ProfileEntry> for BankProfile {
    type Error = ProfileError;

    fn try_from(entry: ProfileEntry) -> Result<Self, Self::Error> {
        entry.resolve(&|name| std::env::var(name).ok())
    }
}

impl ProfileEntry {
    fn resolve(self, env: &Env) -> Result<BankProfile, ProfileError> {
        let id = self.id.trim();
        if id.is_empty() {
            return Err(ProfileError::EmptyId);
        }
        let bank = BankId::new(id);
        let known =
            KnownBank::find(id).and_then(|k| k.api(Phase::ProductInformation).map(|a| (k, a)));
        let dialect = match (&self.dialect, known) {
            (Some(name), _) => {
                name.parse::<Dialect>()
                    .map_err(|e| ProfileError::UnknownDialect {
                        bank: bank.clone(),
                        message: e.to_string(),
                    })?
            }
            (None, Some((_, api))) => api.dialect(),
            (None, None) => return Err(ProfileError::MissingDialect(bank)),
        };
        let base_url = match (self.base_url, self.environment) {
            (Some(_), Some(_)) => {
                return Err(ProfileError::InvalidBaseUrl {
                    bank,
                    message: "give base_url or environment, not both".to_owned(),
                });
            }
            (Some(url), None) => url,
            (None, Some(environment)) => known
                .and_then(|(_, api)| environment.url_of(api))
                .ok_or_else(|| ProfileError::MissingBaseUrl(bank.clone()))?
                .to_owned(),
            (None, None) => return Err(ProfileError::MissingBaseUrl(bank)),
        };
        hkob_core::auth::parse_endpoint(&base_url, "base URL").map_err(|e| {
            ProfileError::InvalidBaseUrl {
                bank: bank.clone(),
                message: e.to_string(),
            }
        })?;
        let secret = |value: Option<String>, variable: Option<String>| match (value, variable) {
            (Some(value), _) => Ok(Some(value)),
            (None, Some(variable)) => match env(&variable) {
                Some(value) if !value.is_empty() => Ok(Some(value)),
                _ => Err(ProfileError::MissingEnvironmentVariable {
                    bank: bank.clone(),
                    variable,
                }),
            },
            (None, None) => Ok(None),
        };
        let client_secret = secret(self.client_secret, self.client_secret_env)?;
        let partner_secret = secret(self.partner_secret, self.partner_secret_env)?;
        let credentials = match (
            self.client_id,
            client_secret,
            self.partner_id,
            partner_secret,
        ) {
            (Some(id), Some(secret), Some(partner), Some(jwt)) => {
                BankCredentials::dbs_partner(id, secret, partner, jwt)
            }
            (Some(id), Some(secret), None, None) => BankCredentials::client_secret(id, secret),
            (None, None, None, None) => BankCredentials::None,
            _ => return Err(ProfileError::IncompleteCredentials(bank)),
        };
        let name = self
            .name
            .or_else(|| known.map(|(k, _)| k.name().to_owned()))
            .unwrap_or_else(|| id.to_owned());
        Ok(BankProfile::new(bank, name, dialect, base_url, credentials))
    }
}
