//! A JSON value kept as its text, so that every digit of every number survives.
//!
//! `serde_json::Value` holds a number as an `i64`, a `u64` or an `f64`: an integer beyond 64 bits
//! or a decimal with more digits than an `f64` carries is rounded on the way in. Code that has to
//! look at a value before it knows its type (a union choosing its member) buffers it as a
//! [`RawJson`] instead, and decodes the member from the text.

use std::fmt;

use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

/// The name under which `serde_json` hands a value's text to a type that asks for it (the one
/// its own `RawValue` asks with).
pub(crate) const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// A JSON value as the text it came in: numbers keep every digit.
///
/// Generated types hold what the spec leaves untyped in one: a schema that says nothing, the
/// keys an object's schema does not name (`additional_properties`), a union value no member fits.
/// Read from JSON text (`serde_json::from_slice`, `from_str`, `from_reader`) it is the text
/// itself; read from anything else (a `serde_json::Value`, another format) it is that value
/// written as JSON. It writes itself back as the same text (to a format other than JSON, as a
/// map of one entry that it reads back). Look inside with [`to_value`](Self::to_value), or
/// [`decode`](Self::decode) it into a type of yours.
///
/// ```
/// use hkob_core::RawJson;
///
/// let raw: RawJson = serde_json::from_str(r#"{"n": 123456789012345678901234567890.5}"#).unwrap();
/// assert_eq!(raw.as_str(), r#"{"n": 123456789012345678901234567890.5}"#);
/// assert_eq!(serde_json::to_string(&raw).unwrap(), raw.as_str());
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

/// `null`.
impl Default for RawJson {
    fn default() -> Self {
        Self(RawValue::NULL.to_owned())
    }
}

impl From<Value> for RawJson {
    fn from(value: Value) -> Self {
        // A `Value` always writes as JSON (its keys are strings, its numbers finite).
        Self::encode(&value).unwrap_or_default()
    }
}

impl From<&RawJson> for Value {
    fn from(raw: &RawJson) -> Self {
        raw.to_value()
    }
}

impl RawJson {
    /// The JSON text.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    /// Decodes the text into `T`, every digit of every number reaching `T`.
    ///
    /// # Errors
    ///
    /// The `serde_json` error when the text does not fit `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.as_str())
    }

    /// Encodes `value` as JSON text, every digit of its numbers written.
    ///
    /// # Errors
    ///
    /// The `serde_json` error when `value` cannot be written as JSON.
    pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(Self)
    }

    /// The value as a `serde_json::Value` (a number beyond what it holds is rounded there).
    pub fn to_value(&self) -> Value {
        // The text is JSON (`RawValue` checks it), so this cannot fail; `Null` is unreachable.
        serde_json::from_str(self.as_str()).unwrap_or(Value::Null)
    }
}

/// The same text, or the same JSON value however it is spaced or its keys ordered (numbers
/// compared as `serde_json::Value` holds them).
impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str() || self.to_value() == other.to_value()
    }
}

/// The JSON text.
impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({})", self.as_str())
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(RAW_TOKEN, RawVisitor)
    }
}

/// Takes the text where `serde_json` gives it, and builds it from the value anywhere else.
struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawJson;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawJson, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Ok(RawJson::from(Value::Object(serde_json::Map::new())));
        };
        if first == RAW_TOKEN {
            let text: String = map.next_value()?;
            return RawValue::from_string(text)
                .map(RawJson)
                .map_err(de::Error::custom);
        }
        let mut object = serde_json::Map::new();
        object.insert(first, map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            object.insert(key, value);
        }
        Ok(RawJson::from(Value::Object(object)))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<RawJson, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawJson, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(RawJson::from)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawJson, D::Error> {
        RawJson::deserialize(d)
    }

    fn visit_none<E: de::Error>(self) -> Result<RawJson, E> {
        Ok(RawJson::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawJson, E> {
        Ok(RawJson::default())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawJson, E> {
        Ok(RawJson::from(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawJson, E> {
        Ok(RawJson::from(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawJson, E> {
        Ok(RawJson::from(Value::from(v)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawJson, E> {
        RawJson::encode(&v).map_err(E::custom)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawJson, E> {
        RawJson::encode(&v).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawJson, E> {
        match serde_json::Number::from_f64(v) {
            Some(n) => Ok(RawJson::from(Value::Number(n))),
            None => Err(E::custom("JSON has no infinite or NaN number")),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawJson, E> {
        Ok(RawJson::from(Value::String(v.to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BIG: &str =
        r#"{"a":[123456789012345678901234567890,0.12345678901234567890123,-1e400],"b":"x\"y"}"#;

    #[test]
    fn json_text_is_kept_to_the_last_digit() {
        let raw: RawJson = serde_json::from_str(BIG).expect("decodes");
        assert_eq!(raw.as_str(), BIG);
        assert_eq!(serde_json::to_string(&raw).expect("encodes"), BIG);
        let list: Vec<RawJson> = serde_json::from_slice(b"[1, 2.50 ,null]").expect("decodes");
        let texts: Vec<&str> = list.iter().map(RawJson::as_str).collect();
        assert_eq!(texts, ["1", "2.50", "null"]);
    }

    #[test]
    fn a_value_from_elsewhere_is_written_as_json() {
        let value = serde_json::json!({"k": [1, -2, 2.5, true, null, "s"], "e": {}});
        let raw: RawJson = serde_json::from_value(value.clone()).expect("decodes");
        assert_eq!(raw.to_value(), value);
        // Through a buffering deserializer (an untagged enum), where serde hands values one by one.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Raw(RawJson),
        }
        let Either::Raw(raw) =
            serde_json::from_str::<Either>(r#"[{"k": [1, 2]}, "s", 1.5]"#).expect("decodes");
        assert_eq!(raw.to_value(), serde_json::json!([{"k": [1, 2]}, "s", 1.5]));
    }

    #[test]
    fn another_format_reads_back_what_it_was_given() {
        let raw: RawJson = serde_json::from_str(BIG).expect("json");
        let yaml = serde_yaml::to_string(&vec![raw.clone()]).expect("yaml");
        let back: Vec<RawJson> = serde_yaml::from_str(&yaml).expect("yaml back");
        assert_eq!(back[0].as_str(), BIG);
        // A plain YAML value reads as the JSON it is.
        let plain: RawJson = serde_yaml::from_str("{a: [1, 2.5, x]}").expect("yaml");
        assert_eq!(plain.to_value(), serde_json::json!({"a": [1, 2.5, "x"]}));
    }

    #[test]
    fn values_compare_as_json_and_convert() {
        let spaced: RawJson = serde_json::from_str(r#"{ "b": [1, 2], "a": null }"#).expect("json");
        let built = RawJson::from(serde_json::json!({"a": null, "b": [1, 2]}));
        assert_eq!(spaced, built);
        assert_ne!(spaced, RawJson::default());
        assert_eq!(RawJson::default().as_str(), "null");
        assert_eq!(
            serde_json::Value::from(&built),
            serde_json::json!({"a": null, "b": [1, 2]})
        );
    }

    #[test]
    fn decode_reaches_the_type_with_every_digit() {
        let raw: RawJson =
            serde_json::from_str("[170141183460469231731687303715884105727]").expect("decodes");
        let back: Vec<i128> = raw.decode().expect("an i128");
        assert_eq!(back, [i128::MAX]);
        assert!(raw.decode::<Vec<i64>>().is_err());
        let back = RawJson::encode(&[i128::MAX]).expect("encodes");
        assert_eq!(back.as_str(), "[170141183460469231731687303715884105727]");
        assert_eq!(
            format!("{raw:?}"),
            "RawJson([170141183460469231731687303715884105727])"
        );
    }
}
