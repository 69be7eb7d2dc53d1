//! Integration tests of the mock bank, in-process and as a spawned binary.

mod auth_flows;
mod support;

mod binary;
mod bochk_group;
mod credentials;
mod dbs;
mod determinism;
mod faults;
mod hkma_portal;
mod hsbc_group;
mod idempotency;
mod json_errors;
mod ledger;
mod out_of_range;
mod products;
mod request_log;
mod signing;
mod standard_chartered;
mod tls;
mod tokens;
