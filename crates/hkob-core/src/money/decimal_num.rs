//! A `Decimal` sent as a JSON number, read from a number or a string.
//!
//! `#[serde(with = "hkob_core::money::decimal_num")]`

use rust_decimal::Decimal;
use serde::{Deserializer, Serializer};

use super::decimal_visitor::{read, serialize_number};

/// Writes the decimal as a JSON number.
pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    serialize_number(value, s)
}

/// Reads a decimal from a number or a string.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    read(d, false)?.ok_or_else(|| serde::de::Error::custom("expected a decimal number"))
}
