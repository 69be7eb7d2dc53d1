//! Typed FPS proxies: the identifiers the FPS addressing service maps to an account.
//!
//! Every type here validates on construction ([`FromStr`], `parse`, serde), keeps one canonical
//! string, and gives it back through `as_str` and [`Display`](fmt::Display). The `Debug` output
//! of the types that carry personal data (mobile numbers, e-mail addresses, HKID numbers, account
//! numbers, customer ids) is masked, so a stray `{:?}` in a log does not leak them; `Display`
//! and `as_str` give the full value, on purpose, because that is what goes on the wire.
//! Errors ([`FpsAddressError`]) say what is wrong without repeating the value.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use hkob_core::personal::PersonalDataError;
pub use hkob_core::personal::{EmailAddress, HkidNumber, MobileNumber};

hkob_core::open_enum! {
    /// The proxy type of an FPS payee as FPS's ISO 20022 messages name it (the "Payee Account
    /// Number Type" of vendor manuals). A code this version does not know is kept as
    /// [`ProxyScheme::Unknown`].
    pub enum ProxyScheme {
        /// `BBAN`: a bank account number (with the bank's clearing code).
        Bban = "BBAN",
        /// `AIIN`: a credit card number. hkob has no typed proxy for it.
        Aiin = "AIIN",
        /// `SVID`: an FPS identifier (FPS ID).
        Svid = "SVID",
        /// `EMAL`: an e-mail address.
        Emal = "EMAL",
        /// `MOBN`: a mobile number.
        Mobn = "MOBN",
        /// `CUST`: a customer id, such as an HKID number.
        Cust = "CUST",
    }
}

/// Why a string is not a valid FPS proxy (or part of one).
///
/// The messages name the rule that failed and never repeat the value, which is usually personal
/// data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FpsAddressError {
    /// Not a valid mobile number, e-mail address or HKID number (the rules of
    /// [`hkob_core::personal`]).
    #[error(transparent)]
    PersonalData(#[from] PersonalDataError),
    /// Not an FPS ID.
    #[error("not a valid FPS ID: {reason}")]
    FpsId {
        /// The rule that failed.
        reason: &'static str,
    },
    /// Not a three-digit bank (clearing) code.
    #[error("not a valid bank code: {reason}")]
    BankCode {
        /// The rule that failed.
        reason: &'static str,
    },
    /// Not a bank account number.
    #[error("not a valid bank account number: {reason}")]
    AccountNumber {
        /// The rule that failed.
        reason: &'static str,
    },
    /// Not a customer id.
    #[error("not a valid customer id: {reason}")]
    CustomerId {
        /// The rule that failed.
        reason: &'static str,
    },
    /// A proxy type hkob has no typed proxy for (such as `AIIN`, or an unknown code).
    #[error("proxy type `{scheme}` is not supported")]
    UnsupportedScheme {
        /// The proxy type code, cut to 16 characters.
        scheme: String,
    },
}

/// Replaces every character but the last `keep` with `*`.
fn mask_keep_last(value: &str, keep: usize) -> String {
    let len = value.chars().count();
    let hidden = len.saturating_sub(keep);
    value
        .chars()
        .enumerate()
        .map(|(i, c)| if i < hidden { '*' } else { c })
        .collect()
}

/// Removes spaces and hyphens.
fn strip_separators(value: &str) -> String {
    value.chars().filter(|c| *c != ' ' && *c != '-').collect()
}

fn all_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

/// `Display`, `FromStr`, `AsRef<str>` and string serde for a validated string newtype with a
/// `parse` constructor and an `as_str` accessor.
macro_rules! string_proxy_impls {
    ($name:ident) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = FpsAddressError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// FPS ID

/// An FPS identifier (FPS ID): digits only, 7 to 10 of them.
///
/// FPS IDs issued so far are 7 digits (e.g. `4853305`) or 9 digits; one library expects
/// 10-digit ones in future, so 7 to 10 are accepted. Prefer 7 or 9 when inventing test data.
/// FPS IDs are mostly merchants' and are not masked in `Debug`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FpsId(String);

impl FpsId {
    /// Reads and checks an FPS ID (surrounding whitespace is trimmed).
    pub fn parse(input: &str) -> Result<Self, FpsAddressError> {
        let err = |reason| FpsAddressError::FpsId { reason };
        let s = input.trim();
        if !all_digits(s) {
            return Err(err("it must be digits only"));
        }
        if !(7..=10).contains(&s.len()) {
            return Err(err("it must be 7 to 10 digits"));
        }
        Ok(Self(s.to_owned()))
    }

    /// The FPS ID's digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_proxy_impls!(FpsId);

// ---------------------------------------------------------------------------------------------
// Bank code and bank account

/// A three-digit HK bank code, which is also the bank's FPS clearing (participant) code:
/// `004` is HSBC, `024` Hang Seng, `387` ZA Bank, `954` PayMe.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BankCode([u8; 3]);

impl BankCode {
    /// Reads a bank code: exactly three digits (surrounding whitespace is trimmed).
    pub fn parse(input: &str) -> Result<Self, FpsAddressError> {
        match input.trim().as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_digit) => Ok(Self([a, b, c])),
            _ => Err(FpsAddressError::BankCode {
                reason: "it must be exactly 3 digits",
            }),
        }
    }

    /// The three digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// The bank in hkob's bank directory with this code (including older codes the clearing
    /// house still maps to a bank, such as BOCHK's `014`), if hkob knows it.
    pub fn known_bank(&self) -> Option<&'static hkob_banks::KnownBank> {
        hkob_banks::KnownBank::by_bank_code(self.as_str())
    }
}

impl fmt::Debug for BankCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BankCode({})", self.as_str())
    }
}

string_proxy_impls!(BankCode);

/// A bank account as an FPS payee: the bank's three-digit clearing code and the account number.
///
/// The account number is digits only after removing spaces and hyphens (`361-373921-882`
/// becomes `361373921882`), 6 to 34 of them (FPS carries at most 34). There is no national
/// checksum.
///
/// The canonical string is `<bank code>-<account number>`, `024-361373921882`; [`parse`]
/// accepts it with a hyphen or a space after the bank code. In an ISO 20022 message the bank
/// code goes in the creditor agent's clearing-system member id and the account number in the
/// creditor account id (proxy type `BBAN`).
///
/// `Debug` masks all but the last four digits of the account number:
/// `BankAccount(024-********1882)`.
///
/// [`parse`]: Self::parse
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BankAccount {
    bank_code: BankCode,
    canonical: String,
}

impl BankAccount {
    /// A bank account from its bank code and account number.
    pub fn new(bank_code: BankCode, account_number: &str) -> Result<Self, FpsAddressError> {
        let err = |reason| FpsAddressError::AccountNumber { reason };
        let number = strip_separators(account_number.trim());
        if !all_digits(&number) {
            return Err(err("it must be digits (spaces and hyphens are removed)"));
        }
        if !(6..=34).contains(&number.len()) {
            return Err(err("it must be 6 to 34 digits"));
        }
        Ok(Self {
            bank_code,
            canonical: format!("{}-{number}", bank_code.as_str()),
        })
    }

    /// Reads `<bank code>-<account number>` (or with a space after the bank code).
    pub fn parse(input: &str) -> Result<Self, FpsAddressError> {
        let Some((code, number)) = input.trim().split_once(['-', ' ']) else {
            return Err(FpsAddressError::AccountNumber {
                reason: "write it as the 3-digit bank code, a hyphen and the account number",
            });
        };
        Self::new(BankCode::parse(code)?, number)
    }

    /// The canonical string, `024-361373921882`.
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// The bank's clearing code.
    pub fn bank_code(&self) -> BankCode {
        self.bank_code
    }

    /// The account number's digits, without the bank code.
    pub fn account_number(&self) -> &str {
        self.canonical.get(4..).unwrap_or_default()
    }

    /// The canonical string with all but the last four digits of the account number masked.
    pub fn masked(&self) -> String {
        format!(
            "{}-{}",
            self.bank_code.as_str(),
            mask_keep_last(self.account_number(), 4)
        )
    }
}

impl fmt::Debug for BankAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BankAccount({})", self.masked())
    }
}

string_proxy_impls!(BankAccount);

// ---------------------------------------------------------------------------------------------
// Customer id

/// A customer id proxy (`CUST`): an identifier the payee's bank knows the customer by.
///
/// 1 to 35 characters (ISO 20022 `Max35Text`), no spaces or control characters. `Debug` masks
/// all but the last three characters.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CustomerId(String);

impl CustomerId {
    /// Reads and checks a customer id (surrounding whitespace is trimmed).
    pub fn parse(input: &str) -> Result<Self, FpsAddressError> {
        let err = |reason| FpsAddressError::CustomerId { reason };
        let s = input.trim();
        if s.is_empty() {
            return Err(err("it is empty"));
        }
        if s.chars().count() > 35 {
            return Err(err("it is longer than 35 characters"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(err("it contains spaces or control characters"));
        }
        Ok(Self(s.to_owned()))
    }

    /// The id as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CustomerId({})", mask_keep_last(&self.0, 3))
    }
}

string_proxy_impls!(CustomerId);

// ---------------------------------------------------------------------------------------------
// The proxy

/// Whom an FPS payment is addressed to: one of the proxies the FPS addressing service resolves,
/// or a bank account.
///
/// ```
/// use hkob_payments::fps::{FpsProxy, MobileNumber, ProxyScheme};
///
/// let proxy = FpsProxy::from(MobileNumber::parse("9123 4567")?);
/// assert_eq!(proxy.scheme(), ProxyScheme::Mobn);
/// assert_eq!(proxy.identification(), "+852-91234567");
/// assert_eq!(format!("{proxy:?}"), "MobileNumber(MobileNumber(+852-****4567))");
/// assert_eq!(FpsProxy::from_scheme(&ProxyScheme::Mobn, "+852-91234567")?, proxy);
/// # Ok::<(), hkob_payments::fps::FpsAddressError>(())
/// ```
///
/// Serde reads and writes `{"scheme": "MOBN", "identification": "+852-91234567"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FpsProxy {
    /// A mobile number (`MOBN`).
    MobileNumber(MobileNumber),
    /// An e-mail address (`EMAL`).
    Email(EmailAddress),
    /// An FPS ID (`SVID`).
    FpsId(FpsId),
    /// An HKID number. It travels as a customer id (`CUST`): public sources name no separate
    /// proxy type code for it.
    Hkid(HkidNumber),
    /// A bank account (`BBAN`).
    BankAccount(BankAccount),
    /// A customer id (`CUST`).
    CustomerId(CustomerId),
}

impl FpsProxy {
    /// The proxy type code FPS messages carry for this proxy.
    pub fn scheme(&self) -> ProxyScheme {
        match self {
            Self::MobileNumber(_) => ProxyScheme::Mobn,
            Self::Email(_) => ProxyScheme::Emal,
            Self::FpsId(_) => ProxyScheme::Svid,
            Self::Hkid(_) | Self::CustomerId(_) => ProxyScheme::Cust,
            Self::BankAccount(_) => ProxyScheme::Bban,
        }
    }

    /// The proxy's canonical string, the identification that goes with [`scheme`](Self::scheme).
    /// For a bank account it is `<bank code>-<account number>` (see [`BankAccount`]).
    pub fn identification(&self) -> &str {
        match self {
            Self::MobileNumber(v) => v.as_str(),
            Self::Email(v) => v.as_str(),
            Self::FpsId(v) => v.as_str(),
            Self::Hkid(v) => v.as_str(),
            Self::BankAccount(v) => v.as_str(),
            Self::CustomerId(v) => v.as_str(),
        }
    }

    /// Reads a proxy back from its type code and identification.
    ///
    /// A `CUST` identification that is a valid HKID number (check character included) reads as
    /// [`FpsProxy::Hkid`]; any other as [`FpsProxy::CustomerId`]. `AIIN` and unknown codes are
    /// [`FpsAddressError::UnsupportedScheme`].
    pub fn from_scheme(
        scheme: &ProxyScheme,
        identification: &str,
    ) -> Result<Self, FpsAddressError> {
        match scheme {
            ProxyScheme::Mobn => Ok(Self::MobileNumber(MobileNumber::parse(identification)?)),
            ProxyScheme::Emal => Ok(Self::Email(EmailAddress::parse(identification)?)),
            ProxyScheme::Svid => FpsId::parse(identification).map(Self::FpsId),
            ProxyScheme::Bban => BankAccount::parse(identification).map(Self::BankAccount),
            ProxyScheme::Cust => match HkidNumber::parse(identification) {
                Ok(hkid) => Ok(Self::Hkid(hkid)),
                Err(_) => CustomerId::parse(identification).map(Self::CustomerId),
            },
            other => Err(FpsAddressError::UnsupportedScheme {
                scheme: other.as_str().chars().take(16).collect(),
            }),
        }
    }
}

impl fmt::Display for FpsProxy {
    /// `MOBN:+852-91234567`: the type code, a colon and the full identification.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.scheme(), self.identification())
    }
}

impl From<MobileNumber> for FpsProxy {
    fn from(value: MobileNumber) -> Self {
        Self::MobileNumber(value)
    }
}

impl From<EmailAddress> for FpsProxy {
    fn from(value: EmailAddress) -> Self {
        Self::Email(value)
    }
}

impl From<FpsId> for FpsProxy {
    fn from(value: FpsId) -> Self {
        Self::FpsId(value)
    }
}

impl From<HkidNumber> for FpsProxy {
    fn from(value: HkidNumber) -> Self {
        Self::Hkid(value)
    }
}

impl From<BankAccount> for FpsProxy {
    fn from(value: BankAccount) -> Self {
        Self::BankAccount(value)
    }
}

impl From<CustomerId> for FpsProxy {
    fn from(value: CustomerId) -> Self {
        Self::CustomerId(value)
    }
}

#[derive(Serialize, Deserialize)]
struct ProxyWire<'a> {
    scheme: ProxyScheme,
    #[serde(borrow)]
    identification: std::borrow::Cow<'a, str>,
}

impl Serialize for FpsProxy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ProxyWire {
            scheme: self.scheme(),
            identification: std::borrow::Cow::Borrowed(self.identification()),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for FpsProxy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = ProxyWire::deserialize(d)?;
        Self::from_scheme(&wire.scheme, &wire.identification).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_helpers() {
        assert_eq!(mask_keep_last("12345678", 4), "****5678");
        assert_eq!(mask_keep_last("12", 4), "12");
    }
}
