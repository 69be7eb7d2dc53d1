//! Reads a decimal from a JSON string or number, every digit of a number included.
//!
//! From JSON text the visitor asks `serde_json` for the value's text (as `RawJson` does), so a
//! number with more digits than an `f64` carries reaches the `Decimal` whole; from anything else
//! it takes what it is given.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, MapAccess, Visitor};

use crate::raw_json::RAW_TOKEN;

/// Reads a decimal (`optional`: or nothing) from `d`, from its JSON text where there is one.
pub(crate) fn read<'de, D: de::Deserializer<'de>>(
    d: D,
    optional: bool,
) -> Result<Option<Decimal>, D::Error> {
    let visitor = DecimalVisitor { optional };
    if optional {
        d.deserialize_option(visitor)
    } else {
        d.deserialize_newtype_struct(RAW_TOKEN, visitor)
    }
}

/// Accepts `"12.50"`, `12.5`, `12` and `"1.2e3"`; `optional` also accepts
/// `null` and `""` as "no value".
struct DecimalVisitor {
    optional: bool,
}

impl DecimalVisitor {
    /// A value given as its JSON text.
    fn visit_text<E: de::Error>(self, text: &str) -> Result<Option<Decimal>, E> {
        match text.as_bytes().first() {
            Some(b'"') => match text.get(1..text.len().saturating_sub(1)) {
                Some(inner) if !inner.contains('\\') => self.visit_str(inner),
                _ => {
                    let s: String = serde_json::from_str(text).map_err(E::custom)?;
                    self.visit_str(&s)
                }
            },
            Some(b'-' | b'0'..=b'9') => parse(text).map(Some),
            Some(b'n') => self.visit_unit(),
            Some(b'{') => Err(E::custom("expected a decimal number, found an object")),
            Some(b'[') => Err(E::custom("expected a decimal number, found a list")),
            _ => Err(E::custom("expected a decimal number, found a boolean")),
        }
    }
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
        d.deserialize_newtype_struct(RAW_TOKEN, self)
    }

    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    /// `serde_json` hands the text as a map of one entry under [`RAW_TOKEN`]; so does
    /// [`serialize_number`] to a format other than JSON.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        match map.next_key_seed(IsRawToken)? {
            Some(true) => map.next_value_seed(TextSeed(self)),
            _ => Err(de::Error::custom(
                "expected a decimal number, found an object",
            )),
        }
    }
}

/// Whether a map key is [`RAW_TOKEN`] (read without copying it).
struct IsRawToken;

impl<'de> de::DeserializeSeed<'de> for IsRawToken {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for IsRawToken {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == RAW_TOKEN)
    }
}

/// Reads the text `serde_json` hands over, borrowed where it can be (no copy of the value).
struct TextSeed(DecimalVisitor);

impl<'de> de::DeserializeSeed<'de> for TextSeed {
    type Value = Option<Decimal>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the JSON text of a decimal")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        self.0.visit_text(text.trim())
    }
}

/// Writes a decimal as a JSON number: an `i64` or an `f64` where one holds it exactly, else its
/// digits as they are (as JSON text: `serde_json` writes them whole; another format gets a map of
/// one entry, which the visitor above reads back).
pub(crate) fn serialize_number<S: serde::Serializer>(
    value: &Decimal,
    s: S,
) -> Result<S::Ok, S::Error> {
    use rust_decimal::prelude::ToPrimitive;
    use serde::Serialize;

    if value.fract().is_zero()
        && let Some(i) = value.to_i64()
    {
        return s.serialize_i64(i);
    }
    // The nearest f64, written as its shortest digits, must read back as this very decimal.
    let digits = value.to_string();
    if let Ok(f) = digits.parse::<f64>()
        && parse::<serde_json::Error>(&f.to_string()).is_ok_and(|back| back == *value)
    {
        return s.serialize_f64(f);
    }
    serde_json::value::RawValue::from_string(digits)
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Decimal, serde_json::Error> {
        parse(text)
    }

    #[derive(serde::Deserialize, serde::Serialize)]
    struct Priced {
        #[serde(with = "crate::money::decimal_num")]
        rate: Decimal,
        #[serde(default, with = "crate::money::decimal_num_opt")]
        fee: Option<Decimal>,
    }

    #[test]
    fn a_number_keeps_every_digit_a_decimal_holds() {
        for text in [
            r#"{"rate":1234567890.123456789012345678,"fee":0.1234567890123456789012345678}"#,
            r#"{"rate":79228162514264337593543950335,"fee":-1e-28}"#,
            r#"{"rate":12.5,"fee":null}"#,
            r#"{"rate":-3,"fee":100}"#,
        ] {
            let priced: Priced = serde_json::from_str(text).expect(text);
            assert_eq!(serde_json::to_string(&priced).expect("encodes"), text);
            let priced: Priced = crate::decode_json(text.as_bytes()).expect(text);
            assert_eq!(serde_json::to_string(&priced).expect("encodes"), text);
        }
        let priced: Priced =
            serde_json::from_str(r#"{"rate": 1.5E-3, "fee": " 2.50"}"#).expect("decodes");
        assert_eq!(
            (priced.rate.to_string(), priced.fee),
            ("0.0015".into(), Some(Decimal::new(250, 2)))
        );
        let escaped: Priced =
            serde_json::from_str(r#"{"rate": "1\u002e5", "fee": ""}"#).expect("decodes");
        assert_eq!((escaped.rate, escaped.fee), (Decimal::new(15, 1), None));
    }

    #[test]
    fn a_number_a_decimal_cannot_hold_is_refused_not_rounded() {
        for text in [
            r#"{"rate":0.12345678901234567890123456789}"#,
            r#"{"rate":792281625142643375935439503350}"#,
            r#"{"rate":true}"#,
            r#"{"rate":[1]}"#,
            r#"{"rate":{"a":1}}"#,
            r#"{"rate":null}"#,
        ] {
            assert!(
                serde_json::from_str::<Priced>(text).is_err(),
                "{text} was accepted"
            );
        }
    }

    #[test]
    fn formats_other_than_json_text_read_what_they_hold() {
        let value = serde_json::json!({"rate": 2.25, "fee": "1.10"});
        let priced: Priced = serde_json::from_value(value).expect("decodes");
        assert_eq!(
            (priced.rate, priced.fee),
            (Decimal::new(225, 2), Some(Decimal::new(110, 2)))
        );
        // A decimal beyond an f64, through a format other than JSON text, and back.
        let exact = Priced {
            rate: "0.1234567890123456789".parse().expect("decimal"),
            fee: None,
        };
        assert_eq!(
            serde_json::to_string(&exact).expect("json"),
            r#"{"rate":0.1234567890123456789,"fee":null}"#
        );
        // Another format reads back every digit.
        let yaml = serde_yaml::to_string(&exact).expect("yaml");
        let back: Priced = serde_yaml::from_str(&yaml).expect("yaml back");
        assert_eq!(back.rate, exact.rate);
        // A `serde_json::Value` holds no more than an f64.
        let value = serde_json::to_value(&exact).expect("a value");
        assert_eq!(value["rate"], serde_json::json!(0.12345678901234568));
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
