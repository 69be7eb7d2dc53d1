//! Mobile numbers.

use std::fmt;

use super::{PersonalDataError, mask_keep_last, string_newtype_impls};

/// Removes spaces and hyphens.
fn strip_separators(value: &str) -> String {
    value.chars().filter(|c| *c != ' ' && *c != '-').collect()
}

fn all_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

/// A mobile number as FPS registers it and banks take it: `+852-XXXXXXXX` for Hong Kong, `+<cc>-<digits>` for an
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
    pub fn parse(input: &str) -> Result<Self, PersonalDataError> {
        let err = |reason| PersonalDataError::MobileNumber { reason };
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

string_newtype_impls!(MobileNumber);
