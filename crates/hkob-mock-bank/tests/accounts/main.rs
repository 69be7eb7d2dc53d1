//! Integration tests of Phase III (account information), for the JETCO
//! APIX banks and the HSBC group: the consent flow a TSP walks, and every
//! answer checked against its spec.

// The shared helpers of the mock bank's tests (targets, client, spec
// validator); these tests use only some of them.
#[allow(dead_code)]
#[path = "../mock_bank/support.rs"]
mod support;

mod flow;
mod hsbc;
mod jetco;
