//! An optional `Decimal` sent as a JSON number; `null`, `""` and a missing
//! field read as `None`.
//!
//! `#[serde(default, with = "hkob_core::money::decimal_num_opt")]`

use rust_decimal::Decimal;
use serde::{Deserializer, Serializer};

use super::decimal_visitor::{read, serialize_number};

/// Writes the decimal as a JSON number, or `null`.
pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serialize_number(v, s),
        None => s.serialize_none(),
    }
}

/// Reads an optional decimal from a number, a string or `null`.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    read(d, true)
}
