//! Each bank dialect's Phase IV API, behind one trait: the wire shapes live in one folder per
//! dialect, and the flow in `access.rs` never sees them.

mod hsbc_group;
mod jetco_apix;
mod payee;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hkob_banks::{AuthScheme, BankId, Dialect};
use hkob_core::signing::ResponseVerifier;
use hkob_core::{Client, Operation};

use crate::direct_debit::{
    Collected, Collection, DirectDebitConsent, DirectDebitPermission, Mandate, MandateAccount,
    MandateLimits, MandateRequest,
};
use crate::error::PaymentError;
use crate::model::{Payment, PaymentConsent, PaymentOrder};

/// The future of a dialect's call.
pub(crate) type Fetch<'a, T> = Pin<Box<dyn Future<Output = Result<T, PaymentError>> + Send + 'a>>;

/// What a dialect's call goes through: the client (the TSP's or the customer's), the check of
/// the bank's signature on every answer, and the bank (for the canonical records).
#[derive(Clone, Copy)]
pub(crate) struct Wire<'a> {
    pub(crate) client: &'a Client,
    pub(crate) verifier: &'a ResponseVerifier,
    pub(crate) bank: &'a BankId,
}

/// A payment read by a poll, and how long the bank asks to wait before the next one.
pub(crate) struct Polled {
    pub(crate) payment: Payment,
    pub(crate) retry_after: Option<Duration>,
}

/// One dialect's payment API.
pub(crate) trait PaymentDialect: Send + Sync + 'static {
    /// The dialect.
    fn dialect(&self) -> Dialect;

    /// The bank's own app credentials, sent beside OAuth tokens.
    fn app_scheme(&self) -> AuthScheme;

    /// Creates a consent for `order` (with the TSP's client), under idempotency key `key`.
    fn create_consent<'a>(
        &'a self,
        wire: Wire<'a>,
        order: &'a PaymentOrder,
        key: &'a str,
    ) -> Fetch<'a, PaymentConsent>;

    /// Reads consent `consent_id` (with the TSP's client).
    fn read_consent<'a>(&'a self, wire: Wire<'a>, consent_id: &'a str)
    -> Fetch<'a, PaymentConsent>;

    /// Submits the payment of consent `consent_id` (with the customer's client), under
    /// idempotency key `key`.
    fn submit<'a>(
        &'a self,
        wire: Wire<'a>,
        consent_id: &'a str,
        order: &'a PaymentOrder,
        key: &'a str,
    ) -> Fetch<'a, Polled>;

    /// Reads payment `payment_id` (with the customer's client).
    fn payment<'a>(&'a self, wire: Wire<'a>, payment_id: &'a str) -> Fetch<'a, Polled>;
}

/// One dialect's direct debit API (all with the customer's client but the consent calls).
pub(crate) trait DirectDebitDialect: Send + Sync + 'static {
    /// Creates a consent for `permissions` (with the TSP's client).
    fn create_consent<'a>(
        &'a self,
        wire: Wire<'a>,
        permissions: &'a [DirectDebitPermission],
        expires_at: Option<DateTime<Utc>>,
        key: &'a str,
    ) -> Fetch<'a, DirectDebitConsent>;

    /// Reads consent `consent_id` (with the TSP's client).
    fn read_consent<'a>(
        &'a self,
        wire: Wire<'a>,
        consent_id: &'a str,
    ) -> Fetch<'a, DirectDebitConsent>;

    /// Sets up a mandate.
    fn setup<'a>(
        &'a self,
        wire: Wire<'a>,
        request: &'a MandateRequest,
        key: &'a str,
    ) -> Fetch<'a, Mandate>;

    /// Confirms a mandate with the debtor's one-time password.
    fn confirm<'a>(
        &'a self,
        wire: Wire<'a>,
        mandate_id: &'a str,
        otp_prefix: &'a str,
        otp: &'a str,
        creditor: &'a MandateAccount,
        key: &'a str,
    ) -> Fetch<'a, ()>;

    /// Sends the debtor a new one-time password; gives its prefix.
    fn regenerate_otp<'a>(
        &'a self,
        wire: Wire<'a>,
        mandate_id: &'a str,
        creditor: &'a MandateAccount,
        key: &'a str,
    ) -> Fetch<'a, Option<String>>;

    /// Reads a mandate.
    fn mandate<'a>(&'a self, wire: Wire<'a>, mandate_id: &'a str) -> Fetch<'a, Mandate>;

    /// Changes a mandate's limits.
    fn amend<'a>(
        &'a self,
        wire: Wire<'a>,
        mandate_id: &'a str,
        creditor: &'a MandateAccount,
        limits: &'a MandateLimits,
        key: &'a str,
    ) -> Fetch<'a, Mandate>;

    /// Cancels a mandate.
    fn cancel<'a>(&'a self, wire: Wire<'a>, mandate_id: &'a str) -> Fetch<'a, Mandate>;

    /// Collects under a mandate.
    fn collect<'a>(
        &'a self,
        wire: Wire<'a>,
        collection: &'a Collection,
        key: &'a str,
    ) -> Fetch<'a, Collected>;

    /// Reads a collection.
    fn collection<'a>(&'a self, wire: Wire<'a>, id: &'a str) -> Fetch<'a, Collected>;
}

/// The dialect's direct debit implementation, if it has one.
pub(crate) fn direct_debit_of(dialect: Dialect) -> Option<&'static dyn DirectDebitDialect> {
    match dialect {
        Dialect::HsbcGroup => Some(&hsbc_group::HsbcGroup),
        _ => None,
    }
}

/// The dialect's implementation, if hkob has one.
pub(crate) fn of(dialect: Dialect) -> Option<&'static dyn PaymentDialect> {
    match dialect {
        Dialect::JetcoApix => Some(&jetco_apix::JetcoApix),
        Dialect::HsbcGroup => Some(&hsbc_group::HsbcGroup),
        _ => None,
    }
}

/// Sends `operation` (under idempotency key `key`, if given), checks the bank's signature on the
/// answer, then decodes it. Also returns the answer's `Retry-After`.
pub(crate) async fn send_signed<O: Operation>(
    wire: Wire<'_>,
    operation: &O,
    key: Option<&str>,
) -> Result<(O::Output, Option<Duration>), PaymentError> {
    let mut request = operation.to_request();
    if let Some(key) = key {
        request = request.idempotency_key(key);
    }
    let response = wire.client.execute(request).await?;
    wire.verifier
        .verify(&response)
        .await
        .map_err(hkob_core::Error::from)?;
    O::check(&response)?;
    let retry_after = response.retry_after();
    Ok((O::decode(response)?, retry_after))
}

/// An answer that cannot be read into the canonical model.
pub(crate) fn inconsistent(bank: &BankId, message: impl Into<String>) -> PaymentError {
    PaymentError::Inconsistent {
        bank: bank.clone(),
        message: message.into(),
    }
}
