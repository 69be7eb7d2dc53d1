//! Clients generated from `specs/` by `hkob-codegen`, one module per bank dialect.
//!
//! Regenerate them all with `cargo run -p hkob-codegen -- generate`; CI checks they are fresh
//! with `cargo run -p hkob-codegen -- check`.

pub mod jetco_apix;
