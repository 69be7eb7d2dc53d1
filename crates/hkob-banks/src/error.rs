//! Why a profile could not be loaded or turned into a client.

use crate::bank_id::BankId;

/// Why bank profiles could not be loaded, or a profile could not be turned into a client.
///
/// No variant ever holds a secret: a missing environment variable is named, never its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// The profile file could not be read.
    #[error("cannot read {path}: {message}")]
    Read {
        /// The file.
        path: String,
        /// What the system said.
        message: String,
    },
    /// The file is not valid TOML or JSON of the expected shape.
    #[error("{source_name}: {message}")]
    Syntax {
        /// The file, or `TOML` / `JSON` for text given directly.
        source_name: String,
        /// What the parser said, with the line where it applies.
        message: String,
    },
    /// Two profiles have the same id (ids are compared ignoring case).
    #[error("bank `{0}` is listed twice")]
    DuplicateId(BankId),
    /// A profile's id is empty.
    #[error("a bank profile has an empty id")]
    EmptyId,
    /// A profile names no dialect, and the directory does not know the bank's.
    #[error("bank `{0}`: give its dialect (hkob's directory does not know the bank)")]
    MissingDialect(BankId),
    /// A profile names a dialect hkob does not speak.
    #[error("bank `{bank}`: {message}")]
    UnknownDialect {
        /// The bank.
        bank: BankId,
        /// Which name, and the names hkob knows.
        message: String,
    },
    /// A profile has no base URL and the directory has none for the bank either.
    #[error(
        "bank `{0}`: give its base_url (or an environment for which hkob knows the bank's URL)"
    )]
    MissingBaseUrl(BankId),
    /// A profile's base URL is not a usable `https` URL.
    #[error("bank `{bank}`: {message}")]
    InvalidBaseUrl {
        /// The bank.
        bank: BankId,
        /// What is wrong with it.
        message: String,
    },
    /// A profile names an environment variable for a secret, and it is not set.
    #[error("bank `{bank}`: environment variable {variable} is not set")]
    MissingEnvironmentVariable {
        /// The bank.
        bank: BankId,
        /// The variable's name.
        variable: String,
    },
    /// A profile gives some credential fields and not the others.
    #[error(
        "bank `{0}`: give client_id and a client secret (and, for DBS, partner_id and a partner \
         secret), or none of them"
    )]
    IncompleteCredentials(BankId),
    /// The profile's credentials are of a kind its dialect cannot send.
    #[error("bank `{bank}`: {credentials} credentials cannot be used with {scheme}")]
    CredentialsMismatch {
        /// The bank.
        bank: BankId,
        /// The kind of credentials the profile holds ([`BankCredentials::kind`](crate::BankCredentials::kind)).
        credentials: &'static str,
        /// How the dialect authenticates ([`AuthScheme::name`](crate::AuthScheme::name)).
        scheme: &'static str,
    },
    /// The client could not be built from the profile (a secret that is no valid header value,
    /// a token URL that is not `https` ...).
    #[error("bank `{bank}`: {message}")]
    Client {
        /// The bank.
        bank: BankId,
        /// What hkob-core said.
        message: String,
    },
}
