//! Phase III of the HKMA Open API Framework: account information, read with the customer's consent.
#![warn(missing_docs)]

pub mod generated;
