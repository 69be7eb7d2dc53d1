//! Integration tests of the mock bank, in-process and as a spawned binary.

mod support;

mod binary;
mod credentials;
mod determinism;
mod faults;
mod idempotency;
mod ledger;
mod products;
mod request_log;
mod signing;
mod tls;
mod tokens;
