//! Signed figures sent as text, such as `"+11,660"` or `"-0"`.
//!
//! Several interbank liquidity fields carry an explicit sign and thousands
//! separators. [`SignedAmount`] reads them exactly (as a [`Decimal`]) and
//! keeps the text as sent, so that a record encodes back to the same JSON.

use std::fmt;
use std::str::FromStr;

use hkob_core::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A signed figure sent as text: its exact value and the text as sent.
///
/// ```
/// use hkob_hkma::SignedAmount;
///
/// let change: SignedAmount = "-1,250".parse()?;
/// assert_eq!(change.value(), hkob_core::Decimal::from(-1250));
/// assert_eq!(change.as_str(), "-1,250");
/// assert_eq!(SignedAmount::from_value(hkob_core::Decimal::from(11660)).as_str(), "+11,660");
/// # Ok::<(), hkob_hkma::ParseSignedAmountError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SignedAmount {
    value: Decimal,
    text: String,
}

/// The text is not a signed figure such as `+11,660`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseSignedAmountError {
    text: String,
}

impl ParseSignedAmountError {
    /// The text that could not be read.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ParseSignedAmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a signed figure such as `+11,660` or `-0`",
            self.text
        )
    }
}

impl std::error::Error for ParseSignedAmountError {}

impl SignedAmount {
    /// Reads a figure: an optional `+` or `-`, digits with optional thousands
    /// separators, and an optional fraction.
    pub fn parse(text: &str) -> Result<Self, ParseSignedAmountError> {
        let error = || ParseSignedAmountError {
            text: text.to_owned(),
        };
        let trimmed = text.trim();
        let (negative, unsigned) = match trimmed.as_bytes().first() {
            Some(b'+') => (false, &trimmed[1..]),
            Some(b'-') => (true, &trimmed[1..]),
            _ => (false, trimmed),
        };
        let (whole, fraction) = match unsigned.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (unsigned, None),
        };
        let grouped_ok = whole.split(',').enumerate().all(|(i, group)| {
            !group.is_empty()
                && group.bytes().all(|b| b.is_ascii_digit())
                && (i == 0 || group.len() == 3)
        });
        let fraction_ok =
            fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
        if !grouped_ok || !fraction_ok {
            return Err(error());
        }
        let mut digits = String::with_capacity(unsigned.len().saturating_add(1));
        if negative {
            digits.push('-');
        }
        digits.extend(whole.chars().filter(|c| *c != ','));
        if let Some(f) = fraction {
            digits.push('.');
            digits.push_str(f);
        }
        let value = Decimal::from_str(&digits).map_err(|_| error())?;
        Ok(Self {
            value,
            text: trimmed.to_owned(),
        })
    }

    /// A figure for `value`, written as the portal writes it: always signed,
    /// with thousands separators (`+11,660`, `-1,250`, `+0`).
    pub fn from_value(value: Decimal) -> Self {
        let plain = value.abs().to_string();
        let (whole, fraction) = match plain.split_once('.') {
            Some((w, f)) => (w.to_owned(), Some(f.to_owned())),
            None => (plain, None),
        };
        let mut text = String::from(if value.is_sign_negative() && !value.is_zero() {
            "-"
        } else {
            "+"
        });
        let len = whole.len();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && len.saturating_sub(i).is_multiple_of(3) {
                text.push(',');
            }
            text.push(c);
        }
        if let Some(f) = fraction {
            text.push('.');
            text.push_str(&f);
        }
        Self { value, text }
    }

    /// The exact value.
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for SignedAmount {
    type Err = ParseSignedAmountError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl fmt::Display for SignedAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<Decimal> for SignedAmount {
    fn from(value: Decimal) -> Self {
        Self::from_value(value)
    }
}

impl Serialize for SignedAmount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

struct SignedAmountVisitor {
    optional: bool,
}

impl<'de> Visitor<'de> for SignedAmountVisitor {
    type Value = Option<SignedAmount>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a signed figure as text, such as \"+11,660\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if self.optional && v.trim().is_empty() {
            return Ok(None);
        }
        SignedAmount::parse(v).map(Some).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(SignedAmount::from_value(Decimal::from(v))))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(SignedAmount::from_value(Decimal::from(v))))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Decimal::from_str(&v.to_string())
            .map(|d| Some(SignedAmount::from_value(d)))
            .map_err(|_| E::custom(format!("`{v}` is not a decimal number")))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        if self.optional {
            Ok(None)
        } else {
            Err(E::custom("expected a signed figure, found null"))
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Deserialize<'de> for SignedAmount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SignedAmountVisitor { optional: false })?
            .ok_or_else(|| de::Error::custom("expected a signed figure"))
    }
}

/// Serde helper for an optional [`SignedAmount`]: `null`, `""` and a missing
/// field read as `None`; `None` is written as `null`.
///
/// `#[serde(default, with = "hkob_hkma::signed_amount::optional")]`
pub mod optional {
    use super::{SignedAmount, SignedAmountVisitor};
    use serde::{Deserializer, Serializer};

    /// Writes the figure's text, or `null`.
    pub fn serialize<S: Serializer>(value: &Option<SignedAmount>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_str(v.as_str()),
            None => s.serialize_none(),
        }
    }

    /// Reads a figure from text (or a number), `null` or `""`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SignedAmount>, D::Error> {
        d.deserialize_option(SignedAmountVisitor { optional: true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn reads_the_portal_forms() {
        for (text, value) in [
            ("+0", "0"),
            ("-0", "0"),
            ("+11,660", "11660"),
            ("-1,250", "-1250"),
            ("+83", "83"),
            ("1,234,567.5", "1234567.5"),
            ("-12", "-12"),
        ] {
            let parsed = SignedAmount::parse(text);
            assert_eq!(
                parsed.as_ref().map(SignedAmount::value),
                Ok(dec(value)),
                "{text}"
            );
            assert_eq!(parsed.map(|p| p.text), Ok(text.to_owned()));
        }
    }

    #[test]
    fn refuses_what_is_not_a_figure() {
        for text in [
            "", "+", "1,2345", ",123", "12,", "1.2.3", "abc", "+-1", "1.", "1,23",
        ] {
            assert!(SignedAmount::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn writes_signed_grouped_text() {
        assert_eq!(SignedAmount::from_value(dec("0")).as_str(), "+0");
        assert_eq!(SignedAmount::from_value(dec("-1250")).as_str(), "-1,250");
        assert_eq!(
            SignedAmount::from_value(dec("1234567.25")).as_str(),
            "+1,234,567.25"
        );
        assert_eq!(SignedAmount::from_value(dec("999")).as_str(), "+999");
    }

    #[test]
    fn serde_keeps_the_text() {
        let v: SignedAmount =
            serde_json::from_str("\"-0\"").unwrap_or_else(|_| SignedAmount::from_value(dec("1")));
        assert_eq!(v.as_str(), "-0");
        assert_eq!(serde_json::to_string(&v).ok().as_deref(), Some("\"-0\""));
        assert!(serde_json::from_str::<SignedAmount>("\"1,2\"").is_err());
    }
}
