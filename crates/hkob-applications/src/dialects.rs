//! Each dialect's Phase II API behind one trait: the wire shapes live in one file per dialect,
//! and the flow in `access.rs` never sees them.

mod bochk_group;
mod hsbc_group;
mod jetco_apix;

use std::future::Future;
use std::pin::Pin;

use hkob_banks::{AuthScheme, BankId, Dialect};
use hkob_core::signing::{DetachedJws, ResponseVerifier};
use hkob_core::{Amount, Client, Currency, Decimal, Operation};
use serde::de::DeserializeOwned;

use crate::error::ApplicationError;
use crate::hand_off::{LandingPage, LandingPageRequest};
use crate::seal::BankEncryptionKey;
use crate::{Application, ApplicationRecord, Decision, InformationAnswer};

/// The future of a dialect's call.
pub(crate) type Fetch<'a, T> =
    Pin<Box<dyn Future<Output = Result<T, ApplicationError>> + Send + 'a>>;

/// What a dialect's call goes through.
#[derive(Clone, Copy)]
pub(crate) struct Wire<'a> {
    /// The TSP's client at the bank (credentials and request signer set).
    pub(crate) client: &'a Client,
    /// The bank.
    pub(crate) bank: &'a BankId,
    /// The bank's encryption key.
    pub(crate) key: &'a BankEncryptionKey,
    /// The TSP's signing key, as a detached JWS signer (the BOCHK digest).
    pub(crate) signer: &'a DetachedJws,
    /// The check of the bank's signature on its answers, in dialects that sign them.
    pub(crate) verifier: Option<&'a ResponseVerifier>,
}

/// An application the bank took, and whether it was the answer to an earlier request with the
/// same idempotency key.
pub(crate) struct Submitted {
    pub(crate) record: ApplicationRecord,
    pub(crate) replayed: bool,
}

/// One dialect's Phase II API.
pub(crate) trait ApplicationDialect: Send + Sync + 'static {
    /// The dialect.
    fn dialect(&self) -> Dialect;

    /// How the dialect sends the TSP's credentials.
    fn app_scheme(&self) -> AuthScheme;

    /// Whether the bank signs its answers (`x-jws-signature`, with a `use: sig` key of its key
    /// set).
    fn signs_answers(&self) -> bool;

    /// The bank's key set, as JSON.
    fn encryption_keys<'a>(
        &'a self,
        client: &'a Client,
        bank: &'a BankId,
    ) -> Fetch<'a, serde_json::Value>;

    /// Sends `application` under idempotency key `key`.
    fn submit<'a>(
        &'a self,
        wire: Wire<'a>,
        application: &'a Application,
        key: &'a str,
    ) -> Fetch<'a, Submitted> {
        let _ = (wire, application, key);
        Box::pin(async move { Err(self.not_offered("applications by API")) })
    }

    /// Opens a landing-page hand-off under idempotency key `key`.
    fn open_landing_page<'a>(
        &'a self,
        wire: Wire<'a>,
        request: &'a LandingPageRequest<'a>,
        key: &'a str,
    ) -> Fetch<'a, LandingPage> {
        let _ = (wire, request, key);
        Box::pin(async move { Err(self.not_offered("a landing-page hand-off")) })
    }

    /// Reads application `id`.
    fn read<'a>(&'a self, wire: Wire<'a>, id: &'a str) -> Fetch<'a, ApplicationRecord>;

    /// Answers one of the bank's information requests, encrypted.
    fn answer<'a>(
        &'a self,
        wire: Wire<'a>,
        id: &'a str,
        answer: &'a InformationAnswer,
        key: &'a str,
    ) -> Fetch<'a, ApplicationRecord>;

    /// Withdraws application `id`.
    fn withdraw<'a>(
        &'a self,
        wire: Wire<'a>,
        id: &'a str,
        reason: Option<&'a str>,
        key: &'a str,
    ) -> Fetch<'a, ApplicationRecord>;

    /// The error for something the dialect does not offer.
    fn not_offered(&self, what: &'static str) -> ApplicationError {
        ApplicationError::NotOffered {
            dialect: self.dialect(),
            what,
        }
    }
}

/// The dialect's implementation, if hkob has one.
pub(crate) fn of(dialect: Dialect) -> Option<&'static dyn ApplicationDialect> {
    match dialect {
        Dialect::JetcoApix => Some(&jetco_apix::JetcoApix),
        Dialect::HsbcGroup => Some(&hsbc_group::HsbcGroup),
        Dialect::BochkGroup => Some(&bochk_group::BochkGroup),
        _ => None,
    }
}

/// Sends `operation` (under idempotency key `key`, if given), checks the bank's signature on the
/// answer where the dialect signs answers (error answers too), then decodes it; also says
/// whether the bank replayed an earlier answer for the key (`x-idempotent-replayed: true`).
pub(crate) async fn send<O: Operation>(
    wire: Wire<'_>,
    operation: &O,
    key: Option<&str>,
) -> Result<(O::Output, bool), ApplicationError> {
    exchange(wire.client, wire.verifier, operation, key).await
}

/// Reads the bank's key set. Its answer is not checked against the set it carries.
pub(crate) async fn read_key_set<O: Operation>(
    client: &Client,
    bank: &BankId,
    operation: O,
) -> Result<serde_json::Value, ApplicationError>
where
    O::Output: serde::Serialize,
{
    let (keys, _) = exchange(client, None, &operation, None).await?;
    serde_json::to_value(keys).map_err(|_| ApplicationError::Inconsistent {
        bank: bank.clone(),
        message: "the key set cannot be read as JSON".into(),
    })
}

async fn exchange<O: Operation>(
    client: &Client,
    verifier: Option<&ResponseVerifier>,
    operation: &O,
    key: Option<&str>,
) -> Result<(O::Output, bool), ApplicationError> {
    let mut request = operation.to_request();
    if let Some(key) = key {
        request = request.idempotency_key(key);
    }
    let response = client.execute(request).await?;
    if let Some(verifier) = verifier {
        verifier
            .verify(&response)
            .await
            .map_err(hkob_core::Error::from)?;
    }
    O::check(&response)?;
    let replayed = response
        .headers()
        .get("x-idempotent-replayed")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"));
    Ok((O::decode(response)?, replayed))
}

/// Re-reads a canonical value as the dialect's generated type: the canonical model serialises
/// in the application document's shape, which every dialect's spec shares. The error never
/// quotes the value (it is personal data).
pub(crate) fn as_wire<T: DeserializeOwned>(
    dialect: Dialect,
    value: &impl serde::Serialize,
) -> Result<T, ApplicationError> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|_| {
            ApplicationError::InvalidInput(format!(
                "the application does not fit the {dialect} spec's schema"
            ))
        })
}

/// A wire decision as a [`Decision`]; the approved amount, where there is one, as the wire's
/// decimal and currency code.
pub(crate) fn decision(
    bank: &BankId,
    decided_at: hkob_core::DateTime,
    reason: Option<String>,
    approved: Option<(Decimal, String)>,
) -> Result<Decision, ApplicationError> {
    let approved_amount = match approved {
        Some((value, currency)) => {
            let currency =
                Currency::new(&currency).map_err(|_| ApplicationError::Inconsistent {
                    bank: bank.clone(),
                    message: "the approved amount's currency is not a currency code".into(),
                })?;
            Some(Amount::new(value, currency))
        }
        None => None,
    };
    Ok(Decision {
        decided_at,
        reason,
        approved_amount,
    })
}
