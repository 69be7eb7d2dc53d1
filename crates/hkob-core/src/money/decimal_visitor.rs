//! Reads a decimal from a JSON string or number.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};

/// Accepts `"12.50"`, `12.5`, `12` and `"1.2e3"`; `optional` also accepts
/// `null` and `""` as "no value".
pub(crate) struct DecimalVisitor {
    pub optional: bool,
}

fn parse<E: de::Error>(text: &str) -> Result<Decimal, E> {
    let text = text.trim();
    let value = Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .map_err(|_| E::custom(format!("`{text}` is not a decimal number")))?;
    if rounded(text, value) {
        return Err(E::custom(format!(
            "`{text}` has more digits after the point than a decimal keeps (28)"
        )));
    }
    Ok(value)
}

/// Whether reading `text` as `value` dropped a digit that is not zero (a decimal keeps 28 digits
/// after the point, and rounds the rest away).
fn rounded(text: &str, value: Decimal) -> bool {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let fraction = mantissa
        .split_once('.')
        .map_or("", |(_, f)| f)
        .trim_end_matches('0');
    let asked = i64::try_from(fraction.len())
        .unwrap_or(i64::MAX)
        .saturating_sub(exponent);
    asked > i64::from(value.scale())
}

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number, as a JSON string or number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if self.optional && v.trim().is_empty() {
            return Ok(None);
        }
        parse(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if !v.is_finite() {
            return Err(E::custom("a decimal cannot be infinite or NaN"));
        }
        // Rust prints the shortest text that reads back as the same f64, so
        // a number sent with up to 15 significant digits comes back exact.
        parse(&v.to_string()).map(Some)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        if self.optional {
            Ok(None)
        } else {
            Err(E::custom("expected a decimal number, found null"))
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Writes a decimal as a JSON number: an integer where it is one, else the
/// nearest f64 (serde_json cannot write arbitrary digits without the
/// `arbitrary_precision` feature, which hkob does not enable).
pub(crate) fn serialize_number<S: serde::Serializer>(
    value: &Decimal,
    s: S,
) -> Result<S::Ok, S::Error> {
    use rust_decimal::prelude::ToPrimitive;
    if value.fract().is_zero()
        && let Some(i) = value.to_i64()
    {
        return s.serialize_i64(i);
    }
    match value.to_f64() {
        Some(f) => s.serialize_f64(f),
        None => Err(serde::ser::Error::custom(
            "the decimal does not fit a JSON number",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Decimal, serde_json::Error> {
        parse(text)
    }

    #[test]
    fn digits_a_decimal_cannot_keep_are_refused_not_rounded_away() {
        assert_eq!(read("1.50").expect("kept").to_string(), "1.50");
        assert_eq!(read("1.5e3").expect("kept").to_string(), "1500");
        assert_eq!(
            read("0.1234567890123456789012345678")
                .expect("28 digits")
                .scale(),
            28
        );
        // Trailing zeros beyond 28 digits lose nothing.
        assert!(read("1.00000000000000000000000000000000").is_ok());
        for inexact in [
            "1.2345678901234567890123456789012",
            "0.00000000000000000000000000001234",
            "1e-30",
        ] {
            let error = read(inexact).expect_err(inexact);
            assert!(error.to_string().contains(inexact), "{error}");
        }
    }
}
