//! A `Decimal` sent as a JSON string, read from a string or a number.
//!
//! `#[serde(with = "hkob_core::money::decimal_str")]`

use rust_decimal::Decimal;
use serde::{Deserializer, Serializer};

use super::decimal_visitor::read;

/// Writes the decimal as a string, digits as they are (`"1.50"`).
pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

/// Reads a decimal from a string or a number.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    read(d, false)?.ok_or_else(|| serde::de::Error::custom("expected a decimal number"))
}
