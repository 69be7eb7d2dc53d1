//! An optional `Decimal` sent as a JSON string; `null`, `""` and a missing
//! field read as `None`.
//!
//! `#[serde(default, with = "hkob_core::money::decimal_str_opt")]`

use rust_decimal::Decimal;
use serde::{Deserializer, Serializer};

use super::decimal_visitor::read;

/// Writes the decimal as a string, or `null`.
pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

/// Reads an optional decimal from a string, a number or `null`.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    read(d, true)
}
