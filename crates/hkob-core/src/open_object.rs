//! Decoding an object whose schema names some properties and leaves the others open.
//!
//! A derived decoder with a `#[serde(flatten)]` map buffers the keys it does not know, and its
//! buffer holds a number as an `f64`: a 30-digit number under an unnamed key would come back
//! rounded. [`deserialize_open`] splits the object instead: each named key goes straight to the
//! derived decoder of the named properties, each other key is decoded into its map from the
//! input itself.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, Visitor};

/// An object type with named properties and a map of the others (implemented by generated
/// code, whose `Deserialize` calls [`deserialize_open`]).
pub trait OpenObject: Sized {
    /// The wire names of the named properties, sorted.
    const NAMED: &'static [&'static str];
    /// The value type of the other properties.
    type Unnamed: DeserializeOwned;
    /// Decodes the named properties (the derived decoder; it sees no other key).
    ///
    /// # Errors
    ///
    /// The decoder's error for a named property that does not fit.
    fn deserialize_named<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
    /// Stores the other properties, as they were decoded.
    fn set_unnamed(&mut self, unnamed: BTreeMap<String, Self::Unnamed>);
}

/// Decodes `T` from an object: named keys through [`OpenObject::deserialize_named`], the others
/// one by one into their map, with no buffer between the input and either.
///
/// # Errors
///
/// The deserializer's error for input that is not an object, or a value that does not fit.
pub fn deserialize_open<'de, T: OpenObject, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(OpenVisitor(PhantomData))
}

struct OpenVisitor<T>(PhantomData<T>);

impl<'de, T: OpenObject> Visitor<'de> for OpenVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let mut split = Split {
            map,
            named: T::NAMED,
            unnamed: BTreeMap::new(),
        };
        let mut value = T::deserialize_named(MapAccessDeserializer::new(&mut split))?;
        value.set_unnamed(split.unnamed);
        Ok(value)
    }
}

/// The object's entries with the unnamed ones taken out on the way.
struct Split<A, V> {
    map: A,
    named: &'static [&'static str],
    unnamed: BTreeMap<String, V>,
}

impl<'de, A: MapAccess<'de>, V: DeserializeOwned> MapAccess<'de> for Split<A, V> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            match self.map.next_key_seed(KeySeed(self.named))? {
                None => return Ok(None),
                Some(Key::Named(name)) => {
                    return seed
                        .deserialize(BorrowedStrDeserializer::<A::Error>::new(name))
                        .map(Some);
                }
                Some(Key::Unnamed(key)) => {
                    let value = self.map.next_value::<V>()?;
                    self.unnamed.insert(key, value);
                }
            }
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A key: one of the named properties (no copy made), or another.
enum Key {
    Named(&'static str),
    Unnamed(String),
}

struct KeySeed(&'static [&'static str]);

impl KeySeed {
    fn find(&self, key: &str) -> Option<&'static str> {
        self.0
            .binary_search(&key)
            .ok()
            .and_then(|i| self.0.get(i).copied())
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(self
            .find(key)
            .map_or_else(|| Key::Unnamed(key.to_owned()), Key::Named))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key, E> {
        Ok(self.find(&key).map_or(Key::Unnamed(key), Key::Named))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RawJson;

    /// What generated code writes for an open object.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(remote = "Self")]
    struct Reading {
        #[serde(rename = "valueAt")]
        value_at: String,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::money::decimal_num_opt"
        )]
        value: Option<rust_decimal::Decimal>,
        #[serde(flatten)]
        additional_properties: BTreeMap<String, RawJson>,
    }

    impl OpenObject for Reading {
        const NAMED: &'static [&'static str] = &["value", "valueAt"];
        type Unnamed = RawJson;

        fn deserialize_named<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Reading::deserialize(d)
        }

        fn set_unnamed(&mut self, unnamed: BTreeMap<String, RawJson>) {
            self.additional_properties = unnamed;
        }
    }

    impl<'de> serde::Deserialize<'de> for Reading {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize_open(d)
        }
    }

    impl serde::Serialize for Reading {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            Reading::serialize(self, s)
        }
    }

    #[test]
    fn unnamed_keys_keep_every_digit_and_named_ones_decode() {
        let text = concat!(
            r#"{"big":123456789012345678901234567890,"valueAt":"09:30","#,
            r#""nested":{"x":[0.12345678901234567890123]},"value":1.000000000000000000001}"#
        );
        let reading: Reading = serde_json::from_str(text).expect("decodes");
        assert_eq!(reading.value_at, "09:30");
        assert_eq!(
            reading.value.map(|v| v.to_string()).as_deref(),
            Some("1.000000000000000000001")
        );
        let keys: Vec<&str> = reading
            .additional_properties
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["big", "nested"]);
        assert_eq!(
            reading.additional_properties["big"].as_str(),
            "123456789012345678901234567890"
        );
        let back = serde_json::to_string(&reading).expect("encodes");
        assert_eq!(
            back,
            concat!(
                r#"{"valueAt":"09:30","value":1.000000000000000000001,"#,
                r#""big":123456789012345678901234567890,"nested":{"x":[0.12345678901234567890123]}}"#
            )
        );
        // From a `serde_json::Value` (not JSON text) it decodes too, at the precision it holds.
        let value = serde_json::json!({"valueAt": "10:00", "other": [1, "a"]});
        let reading: Reading = serde_json::from_value(value.clone()).expect("decodes");
        assert_eq!(serde_json::to_value(&reading).expect("encodes"), value);
    }

    #[test]
    fn what_is_not_such_an_object_is_refused() {
        for bad in [
            "[]",
            "null",
            r#"{"value": 1}"#,
            r#"{"valueAt": 5}"#,
            r#"{"valueAt": "1", "valueAt": "2"}"#,
            r#"{"valueAt": "1", "x": }"#,
        ] {
            assert!(
                serde_json::from_str::<Reading>(bad).is_err(),
                "{bad} was accepted"
            );
        }
    }
}
