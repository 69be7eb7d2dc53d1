//! Clients generated from `specs/` by `hkob-codegen`, one module per bank dialect.
//!
//! Regenerate them all with `cargo run -p hkob-codegen -- generate`; CI checks they are fresh
//! with `cargo run -p hkob-codegen -- check`.

pub mod bochk_group;
pub mod dbs;
pub mod hsbc_group;
pub mod jetco_apix;
pub mod standard_chartered;
