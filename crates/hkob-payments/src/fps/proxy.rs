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
    /// Not a mobile number FPS accepts.
    #[error("not a valid mobile number: {reason}")]
    MobileNumber {
        /// The rule that failed.
        reason: &'static str,
    },
    /// Not an e-mail address.
    #[error("not a valid e-mail address: {reason}")]
    Email {
        /// The rule that failed.
        reason: &'static str,
    },
    /// Not an FPS ID.
    #[error("not a valid FPS ID: {reason}")]
    FpsId {
        /// The rule that failed.
        reason: &'static str,
    },
    /// Not shaped like an HKID number.
    #[error("not a valid HKID number: {reason}")]
    Hkid {
        /// The rule that failed.
        reason: &'static str,
    },
    /// Shaped like an HKID number, but the check character is wrong.
    #[error("not a valid HKID number: the check character does not match")]
    HkidCheckDigit,
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
// Mobile number

/// A mobile number as FPS registers it: `+852-XXXXXXXX` for Hong Kong, `+<cc>-<digits>` for an
/// overseas number.
///
/// Hong Kong numbers are read strictly: eight digits after `852`, starting with 4, 5, 6, 7, 8
/// or 9 (`2` and `3` are fixed lines). Accepted spellings are `91234567`, `85291234567`,
/// `+85291234567`, `+852 9123 4567` and `+852-91234567`; all become `+852-91234567`.
///
/// The first-digit rule is deliberately wider than the mobile ranges themselves: at the
/// two-digit level the regulator's plan has mobile numbers at `4[467]`, `5`, `6`, `70`, `84`
/// and `9`, with pagers at `71`–`79` and personal numbers at `81`–`83`, and new `4x` blocks are
/// still being opened. The FPS directory decides whether a number is registered; this type only
/// refuses what cannot be a Hong Kong mobile number.
///
/// Overseas numbers (registration allows them) must separate the country code with a hyphen or
/// a space, `+86-13812345678` or `+86 138 1234 5678`, since without it the country code cannot
/// be told from the number. The whole number is at most 15 digits (E.164).
///
/// `Debug` masks all but the last four digits: `MobileNumber(+852-****5678)`. `Display` and
/// [`as_str`](Self::as_str) give the full number.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MobileNumber(String);

impl MobileNumber {
    /// Reads a mobile number in any of the accepted spellings and normalises it.
    pub fn parse(input: &str) -> Result<Self, FpsAddressError> {
        let err = |reason| FpsAddressError::MobileNumber { reason };
        let s = input.trim();
        if s.is_empty() {
            return Err(err("it is empty"));
        }
        if s.len() > 32 {
            return Err(err("it is too long"));
        }
        let (country_code, subscriber) = if let Some(after_plus) = s.strip_prefix('+') {
            if let Some((cc, rest)) = after_plus.split_once(['-', ' ']) {
                (cc.to_owned(), strip_separators(rest))
            } else if let Some(rest) = after_plus.strip_prefix("852") {
                ("852".to_owned(), strip_separators(rest))
            } else {
                return Err(err(
                    "an overseas number needs a hyphen or space after the country code",
                ));
            }
        } else {
            let digits = strip_separators(s);
            if !all_digits(&digits) {
                return Err(err("it has characters other than digits"));
            }
            match digits.len() {
                8 => ("852".to_owned(), digits),
                11 if digits.starts_with("852") => (
                    "852".to_owned(),
                    digits.get(3..).unwrap_or_default().to_owned(),
                ),
                _ => {
                    return Err(err(
                        "without a country code it must be 8 digits, or 852 and 8 digits",
                    ));
                }
            }
        };
        if !all_digits(&country_code) || country_code.len() > 3 || country_code.starts_with('0') {
            return Err(err(
                "the country code must be 1 to 3 digits, not starting with 0",
            ));
        }
        if !all_digits(&subscriber) {
            return Err(err("the number has characters other than digits"));
        }
        if country_code == "852" {
            if subscriber.len() != 8 {
                return Err(err("a Hong Kong number has 8 digits after +852"));
            }
            match subscriber.as_bytes().first() {
                Some(b'4'..=b'9') => {}
                Some(b'2' | b'3') => {
                    return Err(err(
                        "a Hong Kong number starting with 2 or 3 is a fixed line",
                    ));
                }
                _ => {
                    return Err(err(
                        "a Hong Kong mobile number starts with 4, 5, 6, 7, 8 or 9",
                    ));
                }
            }
        } else if subscriber.len() < 4 || country_code.len().saturating_add(subscriber.len()) > 15 {
            return Err(err(
                "an overseas number has 4 or more digits and at most 15 with the country code",
            ));
        }
        Ok(Self(format!("+{country_code}-{subscriber}")))
    }

    /// The canonical form, `+852-91234567`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country calling code without `+`: `"852"` for Hong Kong.
    pub fn country_code(&self) -> &str {
        self.split().0
    }

    /// The number after the country code: `"91234567"`.
    pub fn subscriber_number(&self) -> &str {
        self.split().1
    }

    /// Whether this is a Hong Kong (+852) number.
    pub fn is_hong_kong(&self) -> bool {
        self.country_code() == "852"
    }

    /// The number with all but the last four digits masked: `+852-****5678`.
    pub fn masked(&self) -> String {
        format!(
            "+{}-{}",
            self.country_code(),
            mask_keep_last(self.subscriber_number(), 4)
        )
    }

    fn split(&self) -> (&str, &str) {
        self.0
            .get(1..)
            .and_then(|rest| rest.split_once('-'))
            .unwrap_or(("", ""))
    }
}

impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MobileNumber({})", self.masked())
    }
}

string_proxy_impls!(MobileNumber);

// ---------------------------------------------------------------------------------------------
// E-mail address

/// An e-mail address used as an FPS proxy.
///
/// The check is deliberately plain: at most 254 characters, no spaces or control characters,
/// exactly one `@`, a local part of 1 to 64 characters, and a domain of dot-separated labels
/// (letters, digits and hyphens, at least two labels, none empty, none starting or ending with a
/// hyphen). Case is kept as given; surrounding whitespace is trimmed.
///
/// `Debug` masks the local part but its first character: `EmailAddress(p***@example.com)`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Reads and checks an e-mail address.
    pub fn parse(input: &str) -> Result<Self, FpsAddressError> {
        let err = |reason| FpsAddressError::Email { reason };
        let s = input.trim();
        if s.is_empty() {
            return Err(err("it is empty"));
        }
        if s.len() > 254 {
            return Err(err("it is longer than 254 characters"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(err("it contains spaces or control characters"));
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(err("it has no @"));
        };
        if domain.contains('@') {
            return Err(err("it has more than one @"));
        }
        if local.is_empty() {
            return Err(err("the part before @ is empty"));
        }
        if local.len() > 64 {
            return Err(err("the part before @ is longer than 64 characters"));
        }
        if !domain.contains('.') {
            return Err(err("the domain has no dot"));
        }
        for label in domain.split('.') {
            if label.is_empty() {
                return Err(err("the domain has an empty label"));
            }
            if label.len() > 63 {
                return Err(err("a domain label is longer than 63 characters"));
            }
            if !label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return Err(err(
                    "the domain has characters other than letters, digits, - and .",
                ));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(err("a domain label starts or ends with a hyphen"));
            }
        }
        Ok(Self(s.to_owned()))
    }

    /// The address as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map(|(_, d)| d).unwrap_or_default()
    }

    /// The address with the local part masked but its first character: `p***@example.com`.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').unwrap_or(("", ""));
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EmailAddress({})", self.masked())
    }
}

string_proxy_impls!(EmailAddress);

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
// HKID

/// A Hong Kong identity card number used as an FPS proxy (accepted since December 2020 for
/// institution-to-person payments such as salaries).
///
/// One or two letters, six digits and a check character (`0`–`9` or `A`), validated with the
/// card's mod-11 check. Spaces, hyphens and brackets are removed and letters upper-cased, so
/// `a123456(3)` reads as `A1234563`. All letters A–Z are accepted as prefixes.
///
/// The canonical form ([`as_str`](Self::as_str)) has no brackets; [`printed`](Self::printed)
/// gives the card's `A123456(3)` form. `Debug` shows only the first letter:
/// `HkidProxy(A*******)`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HkidProxy(String);

impl HkidProxy {
    /// Reads an HKID number and checks its check character.
    pub fn parse(input: &str) -> Result<Self, FpsAddressError> {
        let err = |reason| FpsAddressError::Hkid { reason };
        let cleaned: String = input
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !cleaned.is_ascii() {
            return Err(err("it has characters other than letters and digits"));
        }
        let prefix_len = match cleaned.len() {
            8 => 1,
            9 => 2,
            _ => {
                return Err(err(
                    "it must be 1 or 2 letters, 6 digits and a check character",
                ));
            }
        };
        let bytes = cleaned.as_bytes();
        let (prefix, rest) = bytes.split_at_checked(prefix_len).unwrap_or((&[], &[]));
        let (digits, check) = rest.split_at_checked(6).unwrap_or((&[], &[]));
        if prefix.is_empty() || !prefix.iter().all(u8::is_ascii_uppercase) {
            return Err(err("it must start with 1 or 2 letters"));
        }
        if digits.len() != 6 || !digits.iter().all(u8::is_ascii_digit) {
            return Err(err("the letters must be followed by 6 digits"));
        }
        let Some(&check) = check.first() else {
            return Err(err("the check character is missing"));
        };
        if !(check.is_ascii_digit() || check == b'A') {
            return Err(err("the check character must be a digit or A"));
        }
        if hkid_check_character(prefix, digits) != Some(check) {
            return Err(FpsAddressError::HkidCheckDigit);
        }
        Ok(Self(cleaned))
    }

    /// The number without brackets: `A1234563`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as printed on the card: `A123456(3)`.
    pub fn printed(&self) -> String {
        let split = self.0.len().saturating_sub(1);
        let (body, check) = (
            self.0.get(..split).unwrap_or_default(),
            self.0.get(split..).unwrap_or_default(),
        );
        format!("{body}({check})")
    }

    /// The number with everything but the first letter masked: `A*******`.
    pub fn masked(&self) -> String {
        let first: String = self.0.chars().take(1).collect();
        let rest = "*".repeat(self.0.len().saturating_sub(1));
        format!("{first}{rest}")
    }
}

/// The check character of an HKID number: letters count 10–35, a missing second letter counts
/// 36 (a leading space), the eight positions are weighted 9 to 2, and with r the sum mod 11 the
/// check is `0` for r = 0, `A` for r = 1 and 11 − r otherwise.
fn hkid_check_character(prefix: &[u8], digits: &[u8]) -> Option<u8> {
    let mut values: Vec<u32> = Vec::with_capacity(8);
    if prefix.len() == 1 {
        values.push(36);
    }
    for &letter in prefix {
        values.push(u32::from(letter.checked_sub(b'A')?).checked_add(10)?);
    }
    for &digit in digits {
        values.push(u32::from(digit.checked_sub(b'0')?));
    }
    if values.len() != 8 {
        return None;
    }
    let mut sum: u32 = 0;
    for (value, weight) in values.iter().zip((2u32..=9).rev()) {
        sum = sum.checked_add(value.checked_mul(weight)?)?;
    }
    match sum.checked_rem(11)? {
        0 => Some(b'0'),
        1 => Some(b'A'),
        r => b'0'.checked_add(u8::try_from(11u32.checked_sub(r)?).ok()?),
    }
}

impl fmt::Debug for HkidProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HkidProxy({})", self.masked())
    }
}

string_proxy_impls!(HkidProxy);

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
    Hkid(HkidProxy),
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
            ProxyScheme::Mobn => MobileNumber::parse(identification).map(Self::MobileNumber),
            ProxyScheme::Emal => EmailAddress::parse(identification).map(Self::Email),
            ProxyScheme::Svid => FpsId::parse(identification).map(Self::FpsId),
            ProxyScheme::Bban => BankAccount::parse(identification).map(Self::BankAccount),
            ProxyScheme::Cust => match HkidProxy::parse(identification) {
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

impl From<HkidProxy> for FpsProxy {
    fn from(value: HkidProxy) -> Self {
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
    fn hong_kong_spellings_normalise() {
        for input in [
            "91234567",
            "85291234567",
            "+85291234567",
            "+852 9123 4567",
            "+852-91234567",
            " +852-9123-4567 ",
        ] {
            assert_eq!(
                MobileNumber::parse(input).map(|m| m.to_string()),
                Ok("+852-91234567".to_owned()),
                "{input}"
            );
        }
    }

    #[test]
    fn hong_kong_numbers_are_strict() {
        for input in [
            "21234567",
            "31234567",
            "01234567",
            "9123456",
            "912345678",
            "+852-912345678",
        ] {
            assert!(MobileNumber::parse(input).is_err(), "{input}");
        }
        for first in ['4', '5', '6', '7', '8', '9'] {
            assert!(MobileNumber::parse(&format!("{first}1234567")).is_ok());
        }
    }

    #[test]
    fn overseas_numbers_need_a_separator() {
        let cn = MobileNumber::parse("+86-13812345678").unwrap();
        assert_eq!(cn.country_code(), "86");
        assert_eq!(cn.subscriber_number(), "13812345678");
        assert!(!cn.is_hong_kong());
        assert_eq!(
            MobileNumber::parse("+86 138 1234 5678").unwrap().as_str(),
            "+86-13812345678"
        );
        assert!(MobileNumber::parse("+8613812345678").is_err());
        assert!(MobileNumber::parse("+86-1381234567890123").is_err());
        assert!(MobileNumber::parse("+086-13812345678").is_err());
    }

    #[test]
    fn hkid_check_characters() {
        for valid in [
            "G123456A",
            "A5555550",
            "C5678909",
            "AB9876543",
            "WX1234569",
            "A1234563",
            "CA1823611",
        ] {
            assert!(HkidProxy::parse(valid).is_ok(), "{valid}");
        }
        assert_eq!(
            HkidProxy::parse("C5678908"),
            Err(FpsAddressError::HkidCheckDigit)
        );
        let hkid = HkidProxy::parse("a123456(3)").unwrap();
        assert_eq!(hkid.as_str(), "A1234563");
        assert_eq!(hkid.printed(), "A123456(3)");
        assert_eq!(format!("{hkid:?}"), "HkidProxy(A*******)");
    }

    #[test]
    fn masking_helpers() {
        assert_eq!(mask_keep_last("12345678", 4), "****5678");
        assert_eq!(mask_keep_last("12", 4), "12");
    }
}
