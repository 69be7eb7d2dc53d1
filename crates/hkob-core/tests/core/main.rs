//! Behaviour tests of hkob-core against local wiremock servers.

mod auth;
mod client;
mod errors;
mod logs;
mod money;
mod oidc;
mod paging;
mod rate_limit;
mod registration;
mod secrets;
mod signing;
mod support;
