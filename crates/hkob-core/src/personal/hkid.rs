//! HKID numbers.

use std::fmt;

use super::{PersonalDataError, string_newtype_impls};

/// A Hong Kong identity card number.
///
/// One or two letters, six digits and a check character (`0`–`9` or `A`), validated with the
/// card's mod-11 check. Spaces, hyphens and brackets are removed and letters upper-cased, so
/// `a123456(3)` reads as `A1234563`. All letters A–Z are accepted as prefixes.
///
/// The canonical form ([`as_str`](Self::as_str)) has no brackets; [`printed`](Self::printed)
/// gives the card's `A123456(3)` form. `Debug` shows only the first letter:
/// `HkidNumber(A*******)`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HkidNumber(String);

impl HkidNumber {
    /// Reads an HKID number and checks its check character.
    pub fn parse(input: &str) -> Result<Self, PersonalDataError> {
        let err = |reason| PersonalDataError::Hkid { reason };
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
            return Err(PersonalDataError::HkidCheckDigit);
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

impl fmt::Debug for HkidNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HkidNumber({})", self.masked())
    }
}

string_newtype_impls!(HkidNumber);
