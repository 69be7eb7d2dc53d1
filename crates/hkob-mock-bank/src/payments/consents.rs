//! Payment consents, whatever the dialect: created with the TSP's token
//! (the creditor resolved now), read back with the status the customer's
//! authorisation, the payment, a revocation or the clock gave them.

use std::sync::Arc;

use serde_json::Map;

use super::book::ConsentRecord;
use super::creditor::{account_by_number, bban, resolve};
use super::initiation::{Initiation, Party, Scheme, shown};
use super::mask::masked_name;
use super::{Ctx, Problem, access, signatures};
use crate::auth_server::{AuthServer, ConsentStatus, NewConsent, PaymentSummary};
use crate::dialects::accounts::Caller;

/// How long an unused payment consent lives: 15 minutes.
pub(crate) const CONSENT_LIFETIME_SECS: i64 = 15 * 60;

/// A payment consent as the dialects render it.
#[derive(Debug, Clone)]
pub(crate) struct ConsentView {
    pub consent_id: String,
    pub status: ConsentStatus,
    pub created_at: i64,
    pub status_updated_at: i64,
    pub expires_at: Option<i64>,
    /// The initiation, with the debtor account the customer chose once
    /// they chose it.
    pub initiation: Initiation,
    /// The creditor's name as its bank holds it, masked.
    pub creditor_name: String,
}

pub(crate) fn auth(ctx: &Ctx<'_>) -> Result<Arc<AuthServer>, Problem> {
    ctx.bank
        .auth
        .get()
        .cloned()
        .ok_or_else(|| Problem::new(super::Kind::Unexpected, "The bank is not ready."))
}

/// `POST` a payment consent: the TSP's token, its signature, the body
/// (read by `parse`), the spec's rules and the creditor; then a consent
/// awaiting authorisation for 15 minutes.
pub(crate) fn create(
    ctx: &Ctx<'_>,
    caller: &Caller,
    body: &[u8],
    parse: impl FnOnce(&[u8]) -> Result<Initiation, Problem>,
) -> Result<ConsentView, Problem> {
    let token = access::tsp(ctx.bank, caller)?;
    ctx.check_app(caller, &token.client_id)?;
    signatures::verify_request(ctx.bank, &token.client_id, &caller.headers, body)?;
    let initiation = parse(body)?;
    initiation.check(&ctx.wire.names)?;
    let debtor_account = match &initiation.debtor {
        Some(d) => Some(debtor_of(ctx, d, &initiation.amount.currency)?),
        None => None,
    };
    let creditor = resolve(ctx.instance, ctx.bank, &initiation)?;
    let auth = auth(ctx)?;
    let summary = PaymentSummary::new(
        initiation.amount.text.clone(),
        initiation.amount.currency.clone(),
        masked_name(&creditor.holder_name),
    )
    .reference(initiation.reference.clone())
    .debtor_account(debtor_account);
    let consent = auth.create_consent(
        &token.client_id,
        NewConsent {
            permissions: Vec::new(),
            expires_at: Some(auth.now().saturating_add(CONSENT_LIFETIME_SECS)),
            details: Map::new(),
            payment: Some(summary),
            direct_debit: None,
        },
    );
    ctx.bank.payments.add_consent(
        &consent.consent_id,
        ConsentRecord {
            client_id: token.client_id,
            initiation,
            creditor,
        },
    );
    view(ctx, &consent.consent_id)
}

/// The account a consent names to pay from: an account of this bank in the
/// payment's currency.
fn debtor_of(ctx: &Ctx<'_>, debtor: &Party, currency: &str) -> Result<String, Problem> {
    let field = "initiation.debtorAccount.identification";
    match account_by_number(ctx.bank, &debtor.identification) {
        Some(a) if a.currency == currency => Ok(a.id.clone()),
        Some(a) => Err(Problem::invalid(
            field,
            format!("The debtor account holds {}, not {currency}.", a.currency),
        )),
        None => Err(Problem::invalid(
            field,
            format!(
                "No account {} at this bank to pay from.",
                shown(&debtor.identification)
            ),
        )),
    }
}

/// `GET` a payment consent, with the TSP's token.
pub(crate) fn read(
    ctx: &Ctx<'_>,
    caller: &Caller,
    consent_id: &str,
) -> Result<ConsentView, Problem> {
    let token = access::tsp(ctx.bank, caller)?;
    ctx.check_app(caller, &token.client_id)?;
    let record = ctx.bank.payments.consent(consent_id);
    match record {
        Some(r) if r.client_id == token.client_id => view(ctx, consent_id),
        _ => Err(Problem::not_found(format!(
            "No payment consent {}.",
            shown(consent_id)
        ))),
    }
}

/// A consent as it is now.
pub(crate) fn view(ctx: &Ctx<'_>, consent_id: &str) -> Result<ConsentView, Problem> {
    let missing = || Problem::not_found(format!("No payment consent {}.", shown(consent_id)));
    let record = ctx.bank.payments.consent(consent_id).ok_or_else(missing)?;
    let consent = auth(ctx)?.consent(consent_id).ok_or_else(missing)?;
    let mut initiation = record.initiation.clone();
    if initiation.debtor.is_none()
        && let Some(account) = consent
            .account_ids
            .first()
            .and_then(|id| ctx.bank.accounts.iter().find(|a| a.id == *id))
    {
        initiation.debtor = Some(Party {
            scheme: Scheme::Bban,
            identification: bban(&account.number),
            bank_code: None,
            name: None,
        });
    }
    Ok(ConsentView {
        consent_id: consent.consent_id,
        status: consent.status,
        created_at: consent.created_at,
        status_updated_at: consent.status_updated_at,
        expires_at: consent.expires_at,
        initiation,
        creditor_name: masked_name(&record.creditor.holder_name),
    })
}
