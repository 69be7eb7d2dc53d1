//! A `Decimal` that travels as a JSON number wherever it sits.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::decimal_visitor::{DecimalVisitor, serialize_number};

/// A [`Decimal`] written as a JSON number (`12.5`), not as a string.
///
/// A field holding one decimal picks its JSON form with a serde helper
/// ([`decimal_num`](super::decimal_num)); a decimal inside a list, a map or a
/// union has no field to hang the helper on, so generated code holds it as a
/// `DecimalNumber` there (`Vec<DecimalNumber>` for a list of `type: number,
/// format: decimal`). It reads from a number or a string, and dereferences to
/// the [`Decimal`].
///
/// ```
/// use hkob_core::money::DecimalNumber;
///
/// let rates: Vec<DecimalNumber> = serde_json::from_str("[0.5, \"1.25\"]").unwrap();
/// assert_eq!(rates[1].to_string(), "1.25");
/// assert_eq!(serde_json::to_string(&rates).unwrap(), "[0.5,1.25]");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DecimalNumber(pub Decimal);

impl DecimalNumber {
    /// The decimal.
    pub fn get(self) -> Decimal {
        self.0
    }
}

impl Deref for DecimalNumber {
    type Target = Decimal;

    fn deref(&self) -> &Decimal {
        &self.0
    }
}

impl From<Decimal> for DecimalNumber {
    fn from(value: Decimal) -> Self {
        Self(value)
    }
}

impl From<DecimalNumber> for Decimal {
    fn from(value: DecimalNumber) -> Self {
        value.0
    }
}

impl FromStr for DecimalNumber {
    type Err = rust_decimal::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::from_str(s).map(Self)
    }
}

impl fmt::Debug for DecimalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for DecimalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for DecimalNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_number(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for DecimalNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor { optional: false })?
            .map(Self)
            .ok_or_else(|| serde::de::Error::custom("expected a decimal number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_written_as_a_number_inside_lists_and_maps() {
        let map: std::collections::BTreeMap<String, Vec<DecimalNumber>> =
            serde_json::from_str(r#"{"a": [1, 2.5, "0.125"]}"#).expect("decodes");
        assert_eq!(
            serde_json::to_value(&map).expect("encodes"),
            serde_json::json!({"a": [1, 2.5, 0.125]})
        );
        assert_eq!(map["a"][2].get(), Decimal::new(125, 3));
    }

    #[test]
    fn refuses_what_is_not_a_decimal() {
        for bad in ["null", "\"abc\"", "true", "[]"] {
            assert!(
                serde_json::from_str::<DecimalNumber>(bad).is_err(),
                "{bad} was accepted"
            );
        }
    }
}
