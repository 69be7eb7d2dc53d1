//! A `Decimal` field that may be left out or sent as `null`, sent as a JSON string when it has a
//! value; the three states are kept apart (see [`crate::Nullable`]).
//!
//! `#[serde(default, skip_serializing_if = "hkob_core::Nullable::is_absent", with = "hkob_core::money::decimal_str_nullable")]`

use rust_decimal::Decimal;
use serde::{Deserializer, Serializer};

use crate::Nullable;

/// Writes the decimal as a JSON string, or `null` (an absent field is skipped before this is called).
pub fn serialize<S: Serializer>(value: &Nullable<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    super::decimal_str_opt::serialize(&value.as_option().copied(), s)
}

/// Reads a decimal from a number, a string or `null` (which reads as [`Nullable::Null`]).
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Nullable<Decimal>, D::Error> {
    super::decimal_str_opt::deserialize(d).map(Nullable::from_sent)
}
