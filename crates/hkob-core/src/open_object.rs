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
use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, Visitor};

/// An object type with named properties and a map of the others (implemented by generated
/// code, whose `Deserialize` calls [`deserialize_open`]).
pub trait OpenObject: Sized {
    /// The value type of the other properties.
    type Unnamed: DeserializeOwned;
    /// Whether `key` is the wire name of a named property.
    fn is_named(key: &str) -> bool;
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
#[inline]
pub fn deserialize_open<'de, T: OpenObject, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(OpenVisitor(PhantomData))
}

/// Implements [`OpenObject`], `Deserialize` (through [`deserialize_open`]) and `Serialize` for a
/// struct derived with `#[serde(remote = "Self")]` (which makes the derives the inherent
/// `Self::deserialize` / `Self::serialize`), given its map field, the map's value type and the
/// wire names of its named fields: what generated code writes for an open object.
#[doc(hidden)]
#[macro_export]
macro_rules! open_object {
    ($ty:ident, $map:ident: $unnamed:ty, [$($named:literal),* $(,)?]) => {
        impl $crate::__private::OpenObject for $ty {
            type Unnamed = $unnamed;

            #[inline]
            fn is_named(key: &str) -> bool {
                $crate::open_object!(@named key, $($named),*)
            }

            #[inline]
            fn deserialize_named<'de, D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $ty::deserialize(d)
            }

            fn set_unnamed(
                &mut self,
                unnamed: ::std::collections::BTreeMap<::std::string::String, $unnamed>,
            ) {
                self.$map = unnamed;
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            #[inline]
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize_open(d)
            }
        }

        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $ty::serialize(self, s)
            }
        }
    };
    (@named $key:ident,) => { false };
    (@named $key:ident, $($named:literal),+) => { matches!($key, $($named)|+) };
}

struct OpenVisitor<T>(PhantomData<T>);

impl<'de, T: OpenObject> Visitor<'de> for OpenVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let mut split = Split::<A, T> {
            map,
            unnamed: BTreeMap::new(),
        };
        let mut value = T::deserialize_named(MapAccessDeserializer::new(&mut split))?;
        value.set_unnamed(split.unnamed);
        Ok(value)
    }
}

/// The object's entries with the unnamed ones taken out on the way.
struct Split<A, T: OpenObject> {
    map: A,
    unnamed: BTreeMap<String, T::Unnamed>,
}

impl<'de, A: MapAccess<'de>, T: OpenObject> MapAccess<'de> for Split<A, T> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        mut seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let key = KeySeed::<K, T> {
                seed,
                object: PhantomData,
            };
            match self.map.next_key_seed(key)? {
                None => return Ok(None),
                Some(Key::Named(field)) => return Ok(Some(field)),
                Some(Key::Unnamed(key, unused)) => {
                    let value = self.map.next_value::<T::Unnamed>()?;
                    self.unnamed.insert(key, value);
                    seed = unused;
                }
            }
        }
    }

    #[inline]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A key: a named property, already read by the derived decoder's key seed, or another key
/// (with the seed, unused, for the next one).
enum Key<F, K> {
    Named(F),
    Unnamed(String, K),
}

/// Reads a key and hands a named one to the derived decoder's seed, with no copy made.
struct KeySeed<K, T> {
    seed: K,
    object: PhantomData<T>,
}

impl<'de, K: DeserializeSeed<'de>, T: OpenObject> DeserializeSeed<'de> for KeySeed<K, T> {
    type Value = Key<K::Value, K>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, K: DeserializeSeed<'de>, T: OpenObject> Visitor<'de> for KeySeed<K, T> {
    type Value = Key<K::Value, K>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        if T::is_named(key) {
            self.seed
                .deserialize(StrDeserializer::<E>::new(key))
                .map(Key::Named)
        } else {
            Ok(Key::Unnamed(key.to_owned(), self.seed))
        }
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

    crate::open_object!(Reading, additional_properties: RawJson, ["value", "valueAt"]);

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
