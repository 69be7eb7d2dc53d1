//! Phase I of the HKMA Open API Framework: product and service information (deposits, loans and
//! cards, branches and ATMs, FX rates ...) from Hong Kong banks, one client per bank dialect.
//!
//! The clients in [`generated`] are generated from the specs in `specs/` by `hkob-codegen`.
#![warn(missing_docs)]

pub mod generated;
