//! Who is calling a direct debit operation: consents are created and read
//! with the TSP's client-credentials token; every other operation takes
//! the creditor's token, bound to an authorised direct debit consent that
//! allows the operation's function (else 403 `HK.HKMA.Consent.Invalid`).
//! Every token carries the `directdebit` scope.

use super::consents::auth;
use super::{Ctx, Permission};
use crate::auth_server::TokenInfo;
use crate::bank_auth::check_bearer_as;
use crate::data::Account;
use crate::dialects::accounts::Caller;
use crate::payments::initiation::shown;
use crate::payments::{Kind, Problem};

/// The scope every direct debit token carries.
pub(crate) const SCOPE: &str = "directdebit";

fn bearer(ctx: &Ctx<'_>, caller: &Caller) -> Result<TokenInfo, Problem> {
    let token = check_bearer_as(
        ctx.bank,
        &caller.headers,
        caller.scenario.as_ref(),
        caller.certificate.as_deref(),
        false,
    )
    .map_err(Problem::from)?;
    if !token.has_scope(SCOPE) {
        return Err(Problem::token(
            "The access token lacks the directdebit scope.",
        ));
    }
    Ok(token)
}

/// The TSP's client-credentials token, with the `directdebit` scope.
pub(crate) fn tsp(ctx: &Ctx<'_>, caller: &Caller) -> Result<TokenInfo, Problem> {
    let token = bearer(ctx, caller)?;
    if token.customer_id.is_some() {
        return Err(Problem::token(
            "Direct debit consents take the TSP's client-credentials token, not a customer's.",
        ));
    }
    Ok(token)
}

/// The creditor a direct debit call is made for: the TSP, the consent and
/// the account collections are paid into.
pub(crate) struct Creditor<'c> {
    pub client_id: String,
    /// The account the creditor chose on the consent page.
    pub account: &'c Account,
}

/// The creditor's token, bound to an authorised direct debit consent
/// (a consent that is not authorised gives 403) that allows `needed`.
pub(crate) fn creditor<'c>(
    ctx: &Ctx<'c>,
    caller: &Caller,
    needed: Permission,
) -> Result<Creditor<'c>, Problem> {
    let token = bearer(ctx, caller)?;
    let (Some(_), Some(consent_id)) = (&token.customer_id, &token.consent_id) else {
        return Err(Problem::token(
            "Direct debits take the creditor's access token, bound to its consent.",
        ));
    };
    let refuse = |message: String| Problem::new(Kind::ConsentInvalid, message);
    let Some(record) = ctx.bank.direct_debits.consent(consent_id) else {
        return Err(refuse(format!(
            "{} is not a direct debit consent.",
            shown(consent_id)
        )));
    };
    if !record.permissions.contains(&needed) {
        return Err(refuse(format!(
            "The consent does not allow {}.",
            needed.code()
        )));
    }
    let consent = auth(ctx)?
        .consent(consent_id)
        .ok_or_else(|| refuse("The consent is not known.".to_owned()))?;
    let account = consent
        .account_ids
        .first()
        .and_then(|id| ctx.bank.accounts.iter().find(|a| a.id == *id))
        .ok_or_else(|| refuse("The consent names no creditor account.".to_owned()))?;
    Ok(Creditor {
        client_id: token.client_id,
        account,
    })
}
