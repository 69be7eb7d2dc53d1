//! The runtime every hkob client stands on.
//!
//! `hkob-core` knows no bank and no phase. It gives the generated clients
//! and the phase crates one request pipeline:
//!
//! ```text
//! ApiRequest ──► Client::execute
//!                 ├─ interaction id + tracing span
//!                 └─ retry loop (idempotent or keyed requests only; Retry-After honoured)
//!                     ├─ credentials (cached tokens, single flight, 401 → refresh once)
//!                     ├─ signing (detached JWS, when the operation needs it)
//!                     └─ transport (reqwest over rustls, or yours)
//!            ◄── ApiResponse, or a typed Error (the bank's envelope decoded)
//! ```
//!
//! # The main path
//!
//! ```no_run
//! use hkob_core::auth::StaticHeaders;
//! use hkob_core::{ApiRequest, Client};
//!
//! # async fn run() -> hkob_core::Result<()> {
//! let client = Client::builder()
//!     .base_url("https://sandbox.apix.com.hk/jetco/sb/bea")
//!     .credentials(StaticHeaders::ibm_api_connect("client-id", "client-secret"))
//!     .build()?;
//!
//! let request = ApiRequest::get("/fx/v1/fxrate").query("pageSize", 20);
//! let rates: serde_json::Value = client.send_json(request).await?;
//! # Ok(()) }
//! ```
//!
//! Errors are one enum, [`Error`]: the bank's own error ([`error::ApiError`],
//! with its code, message and interaction id), transport trouble, credentials
//! refused, a body that does not decode (with the JSON path), or bad input
//! caught before anything was sent.
//!
//! See [`auth`] for the credential styles of Hong Kong banks, [`paging`] for
//! lists, [`money`] for amounts, [`retry`] for the retry policy and
//! [`signing`] for signed requests.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Values from banks, callers and the clock: arithmetic on them must be checked or saturating.
#![warn(clippy::arithmetic_side_effects)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

pub mod auth;
mod client;
pub mod error;
pub mod headers;
mod idempotency;
pub mod money;
mod multipart;
mod nullable;
mod open_enum;
mod open_object;
pub mod operation;
pub mod paging;
pub mod personal;
pub mod rate_limit;
mod raw_json;
mod redact;
mod request;
mod response;
pub mod retry;
pub mod signing;
pub mod store;
pub mod time;
pub mod transport;

pub use client::{Client, ClientBuilder};
pub use error::{Error, Result};
pub use http::{Method, StatusCode};
pub use idempotency::IdempotencyKey;
pub use money::{Amount, Currency};
pub use multipart::{FileUpload, Multipart};
pub use nullable::Nullable;
pub use operation::{ListOperation, Operation};
pub use raw_json::RawJson;
pub use redact::Redacted;
pub use request::ApiRequest;
pub use response::{ApiResponse, decode_json};
pub use rust_decimal::Decimal;
pub use time::{Date, DateTime};

/// Not public API: what the macros of this crate refer to.
#[doc(hidden)]
pub mod __private {
    pub use crate::open_object::{OpenObject, deserialize_open};
    pub use serde;
    pub use serde_json;
}
