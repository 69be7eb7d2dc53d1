//! Decimals held where no serde helper reaches: an item of a list or a map, a union member.
//!
//! A field holding one decimal picks its JSON form with a helper
//! ([`decimal_num`](super::decimal_num), [`decimal_str`](super::decimal_str)); a decimal inside a
//! list, a map or a union has no field to hang the helper on, so generated code holds it in one
//! of these wrappers there (`Vec<DecimalNumber>` for a list of `type: number, format: decimal`).
//! Both read from a number or a string, refuse digits a `Decimal` cannot keep, and dereference to
//! the [`Decimal`].

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines a wrapper of a [`Decimal`] that travels as the field helper `$helper` writes it.
macro_rules! held_decimal {
    ($(#[$doc:meta])* $name:ident, $helper:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub Decimal);

        impl $name {
            /// The decimal.
            pub fn get(self) -> Decimal {
                self.0
            }
        }

        impl Deref for $name {
            type Target = Decimal;

            fn deref(&self) -> &Decimal {
                &self.0
            }
        }

        impl From<Decimal> for $name {
            fn from(value: Decimal) -> Self {
                Self(value)
            }
        }

        impl From<$name> for Decimal {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl FromStr for $name {
            type Err = rust_decimal::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Decimal::from_str(s).map(Self)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                super::$helper::serialize(&self.0, s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                super::$helper::deserialize(d).map(Self)
            }
        }
    };
}

held_decimal!(
    /// A [`Decimal`] written as a JSON number (`12.5`).
    ///
    /// ```
    /// use hkob_core::money::DecimalNumber;
    ///
    /// let rates: Vec<DecimalNumber> = serde_json::from_str("[0.5, \"1.25\"]").unwrap();
    /// assert_eq!(rates[1].to_string(), "1.25");
    /// assert_eq!(serde_json::to_string(&rates).unwrap(), "[0.5,1.25]");
    /// ```
    DecimalNumber,
    decimal_num
);

held_decimal!(
    /// A [`Decimal`] written as a JSON string, digits as they are (`"1.50"`).
    ///
    /// ```
    /// use hkob_core::money::DecimalString;
    ///
    /// let fees: Vec<DecimalString> = serde_json::from_str("[\"1.50\", 2]").unwrap();
    /// assert_eq!(serde_json::to_string(&fees).unwrap(), r#"["1.50","2"]"#);
    /// ```
    DecimalString,
    decimal_str
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_numbers_inside_lists_and_maps() {
        let map: std::collections::BTreeMap<String, Vec<DecimalNumber>> =
            serde_json::from_str(r#"{"a": [1, 2.5, "0.125"]}"#).expect("decodes");
        assert_eq!(
            serde_json::to_value(&map).expect("encodes"),
            serde_json::json!({"a": [1, 2.5, 0.125]})
        );
        assert_eq!(map["a"][2].get(), Decimal::new(125, 3));
    }

    #[test]
    fn strings_keep_their_digits() {
        let list: Vec<DecimalString> =
            serde_json::from_str(r#"["0100.50", 7, "1e2"]"#).expect("decodes");
        assert_eq!(
            serde_json::to_value(&list).expect("encodes"),
            serde_json::json!(["100.50", "7", "100"])
        );
    }

    #[test]
    fn what_is_not_a_decimal_or_cannot_be_kept_is_refused() {
        for bad in [
            "null",
            "\"abc\"",
            "true",
            "[]",
            "\"0.00000000000000000000000000001234\"",
        ] {
            assert!(
                serde_json::from_str::<DecimalNumber>(bad).is_err(),
                "{bad} was accepted"
            );
            assert!(
                serde_json::from_str::<DecimalString>(bad).is_err(),
                "{bad} was accepted"
            );
        }
    }
}
