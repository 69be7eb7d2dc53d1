//! Clients generated from `specs/phase2-*.yaml` by `hkob-codegen`, one module per bank dialect.
//!
//! Regenerate them with `cargo run -p hkob-codegen -- generate`; CI checks they are fresh with
//! `cargo run -p hkob-codegen -- check`.

/// BOCHK group (`specs/phase2-bochk-group.yaml`): the whole application sealed in a wrapped payload (JWE, checksum, detached JWS).
pub mod bochk_group;
/// HSBC group (`specs/phase2-hsbc-group.yaml`): a landing-page hand-off, with an optional JWE prefill of the applicant.
pub mod hsbc_group;
/// JETCO APIX (`specs/phase2-jetco-apix.yaml`): the applicant encrypted as a JWE inside a signed application.
pub mod jetco_apix;
