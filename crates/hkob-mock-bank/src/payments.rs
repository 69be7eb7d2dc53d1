//! Phase IV, payments: what every dialect serving it shares, beside the
//! dialects (their wire shapes are in `dialects/<dialect>/payments`).
//!
//! - [`consents`]: a payment consent holds one exact payment
//!   ([`initiation`]), created with the TSP's client-credentials token,
//!   its creditor resolved at once ([`creditor`], through the FPS directory
//!   of [`crate::fps`]); its status is the bank authorization server's
//!   (the customer authorises it on the consent page, picking the account
//!   to pay from; it expires after 15 minutes; revoking works as for any
//!   consent).
//! - [`submit`]: the payment, with the customer's token bound to that
//!   consent: its initiation must equal the consent's; the consent is
//!   consumed; the bank accepts it, moving the money at once
//!   ([`settle`], atomically across banks), or rejects it with a reason
//!   (`AM04`, `AM02`, `AC04`, `AC03`). Its status then advances as the TSP
//!   polls ([`progress`]).
//! - [`access`]: which token each call takes; [`signatures`]: request
//!   signatures checked, every answer signed; [`problem`]: refusals, which
//!   each dialect writes in its own body; [`routes`]: the four routes of a
//!   dialect, behind idempotency keys and signing.

pub(crate) mod access;
pub(crate) mod amount;
pub(crate) mod book;
pub(crate) mod consents;
pub(crate) mod creditor;
pub(crate) mod initiation;
pub(crate) mod mask;
pub(crate) mod problem;
pub(crate) mod progress;
pub(crate) mod routes;
pub(crate) mod settle;
pub(crate) mod signatures;
pub(crate) mod submit;

use std::sync::Arc;

pub(crate) use book::{PaymentBook, PaymentSettings};
pub(crate) use initiation::FieldNames;
pub(crate) use problem::{Kind, Problem, parse_json};
pub use progress::{PaymentOutcome, PaymentProgress};

use crate::dialects::accounts::Caller;
use crate::instance::{BankState, Instance};

/// What differs between the dialects beyond their bodies.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wire {
    /// Field names for messages.
    pub names: FieldNames,
    /// The first part of a payment id (`pay`, `dp`).
    pub payment_prefix: &'static str,
    /// The header naming the TSP's application, which must be the client
    /// the token was issued to (JETCO's `X-IBM-Client-Id`); `None` when the
    /// dialect has none.
    pub app_client_header: Option<&'static str>,
}

/// One Phase IV request's context: the instance (for the other banks and
/// the FPS directory), the bank and the dialect's wire facts.
pub(crate) struct Ctx<'a> {
    pub instance: &'a Instance,
    pub bank: &'a Arc<BankState>,
    pub wire: &'a Wire,
}

impl Ctx<'_> {
    /// The application header names the client the token was issued to.
    fn check_app(&self, caller: &Caller, client_id: &str) -> Result<(), Problem> {
        match self.wire.app_client_header {
            Some(h) if caller.header(h) != Some(client_id) => Err(Problem::token(
                "The access token was issued to another client.",
            )),
            _ => Ok(()),
        }
    }
}
