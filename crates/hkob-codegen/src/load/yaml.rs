//! Reading YAML into a document value, integers too large for 64 bits included.
//!
//! `serde_yaml::Value` refuses an integer beyond 64 bits (`123456789012345678901234567890` in
//! an example, a `maximum` of `1e20` written out), which would make a valid spec unreadable.
//! This reader keeps such an integer as the nearest floating-point number, as a JSON reader does.

use std::fmt;

use serde::de::{
    self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_yaml::{Mapping, Number, Value};

/// Parses `text` as one YAML document.
pub(super) fn from_str(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<Lenient>(text).map(|l| l.0)
}

/// A YAML value read with big integers as floats.
struct Lenient(Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => Value::Number(Number::from(v as f64)),
        })
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => Value::Number(Number::from(v as f64)),
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(Number::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Lenient::deserialize(d).map(|l| l.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Lenient(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    /// A tagged value (`!Custom value`) stays tagged.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, variant): (String, _) = data.variant()?;
        let Lenient(value) = variant.newtype_variant()?;
        Ok(Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
            tag: serde_yaml::value::Tag::new(tag),
            value,
        })))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Mapping::new();
        while let Some((Lenient(key), Lenient(value))) = map.next_entry()? {
            out.insert(key, value);
        }
        Ok(Value::Mapping(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_are_read_as_floats_and_the_rest_as_it_is() {
        let value = from_str(
            "big: 123456789012345678901234567890\nneg: -99999999999999999999\nmax: 18446744073709551615\nlist: [1, -2, 2.5, x, null, true]\nnested: {a: {b: c}}\n",
        )
        .expect("reads");
        assert_eq!(value["big"].as_f64(), Some(1.2345678901234568e29));
        assert_eq!(value["neg"].as_f64(), Some(-1e20));
        assert_eq!(value["max"].as_u64(), Some(u64::MAX));
        assert_eq!(
            value["list"],
            serde_yaml::from_str::<Value>("[1, -2, 2.5, x, null, true]").expect("plain")
        );
        assert_eq!(value["nested"]["a"]["b"].as_str(), Some("c"));
        assert!(from_str("a: [1,").is_err());
        let tagged = from_str("a: !Custom 5\n").expect("reads");
        assert_eq!(
            tagged,
            serde_yaml::from_str::<Value>("a: !Custom 5\n").expect("plain")
        );
    }
}
