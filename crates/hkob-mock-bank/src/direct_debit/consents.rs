//! Direct debit consents: created with the TSP's token for a set of
//! functions (and an optional end), read back with the status the
//! creditor's authorisation, a revocation or the clock gave them and, once
//! authorised, the account collections are paid into.

use std::sync::Arc;

use serde_json::Map;

use super::account::CashAccount;
use super::book::ConsentRecord;
use super::{CURRENCY, Ctx, Permission, access};
use crate::auth_server::{AuthServer, ConsentStatus, DirectDebitSummary, NewConsent};
use crate::dialects::accounts::Caller;
use crate::payments::initiation::shown;
use crate::payments::{Kind, Problem, signatures};

/// What a consent request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConsentRequest {
    /// The functions, each once, in the order asked.
    pub permissions: Vec<Permission>,
    /// When it ends (seconds since the Unix epoch).
    pub expires_at: Option<i64>,
}

/// A direct debit consent as the dialect renders it.
#[derive(Debug, Clone)]
pub(crate) struct ConsentView {
    pub consent_id: String,
    pub status: ConsentStatus,
    pub created_at: i64,
    pub status_updated_at: i64,
    pub expires_at: Option<i64>,
    pub permissions: Vec<Permission>,
    /// The account collections are paid into, once the creditor chose it.
    pub creditor_account: Option<CashAccount>,
}

pub(crate) fn auth(ctx: &Ctx<'_>) -> Result<Arc<AuthServer>, Problem> {
    ctx.bank
        .auth
        .get()
        .cloned()
        .ok_or_else(|| Problem::new(Kind::Unexpected, "The bank is not ready."))
}

/// `POST` a direct debit consent: the TSP's token, its signature, the
/// body (read by `parse`), an end in the future; then a consent awaiting
/// authorisation.
pub(crate) fn create(
    ctx: &Ctx<'_>,
    caller: &Caller,
    body: &[u8],
    parse: impl FnOnce(&[u8]) -> Result<ConsentRequest, Problem>,
) -> Result<ConsentView, Problem> {
    let token = access::tsp(ctx, caller)?;
    signatures::verify_request(ctx.bank, &token.client_id, &caller.headers, body)?;
    let request = parse(body)?;
    let auth = auth(ctx)?;
    if let Some(at) = request.expires_at
        && at <= auth.now()
    {
        return Err(Problem::invalid(
            "data.expirationDateTime",
            "data.expirationDateTime must be in the future.",
        ));
    }
    let consent = auth.create_consent(
        &token.client_id,
        NewConsent {
            permissions: request
                .permissions
                .iter()
                .map(|p| p.code().to_owned())
                .collect(),
            expires_at: request.expires_at,
            details: Map::new(),
            payment: None,
            direct_debit: Some(DirectDebitSummary::new(CURRENCY)),
        },
    );
    ctx.bank.direct_debits.add_consent(
        &consent.consent_id,
        ConsentRecord {
            client_id: token.client_id,
            permissions: request.permissions,
        },
    );
    view(ctx, &consent.consent_id)
}

/// `GET` a direct debit consent, with the TSP's token.
pub(crate) fn read(
    ctx: &Ctx<'_>,
    caller: &Caller,
    consent_id: &str,
) -> Result<ConsentView, Problem> {
    let token = access::tsp(ctx, caller)?;
    match ctx.bank.direct_debits.consent(consent_id) {
        Some(r) if r.client_id == token.client_id => view(ctx, consent_id),
        _ => Err(missing(consent_id)),
    }
}

fn missing(consent_id: &str) -> Problem {
    Problem::not_found(format!("No direct debit consent {}.", shown(consent_id)))
}

/// A consent as it is now.
fn view(ctx: &Ctx<'_>, consent_id: &str) -> Result<ConsentView, Problem> {
    let record = ctx
        .bank
        .direct_debits
        .consent(consent_id)
        .ok_or_else(|| missing(consent_id))?;
    let consent = auth(ctx)?
        .consent(consent_id)
        .ok_or_else(|| missing(consent_id))?;
    let creditor_account = consent
        .account_ids
        .first()
        .and_then(|id| ctx.bank.accounts.iter().find(|a| a.id == *id))
        .map(|a| CashAccount::of(ctx.bank, a));
    Ok(ConsentView {
        consent_id: consent.consent_id,
        status: consent.status,
        created_at: consent.created_at,
        status_updated_at: consent.status_updated_at,
        expires_at: consent.expires_at,
        permissions: record.permissions,
        creditor_account,
    })
}
