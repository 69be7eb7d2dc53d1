//! Clients generated from `specs/phase4-*.yaml` by `hkob-codegen`, one module per bank dialect.
//!
//! Regenerate them with `cargo run -p hkob-codegen -- generate`; CI checks they are fresh with
//! `cargo run -p hkob-codegen -- check`.

pub mod hsbc_group;
pub mod jetco_apix;
