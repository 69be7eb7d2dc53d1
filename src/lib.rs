//! hkob: a Rust SDK for the bank Open APIs of Hong Kong.
#![forbid(unsafe_code)]

pub use hkob_core as core;
#[cfg(feature = "mock-bank")]
pub use hkob_mock_bank as mock_bank;
