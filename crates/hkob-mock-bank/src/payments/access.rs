//! Who is calling a Phase IV operation: consents are created and read with
//! the TSP's client-credentials token, a payment is submitted with the
//! customer's token bound to its (authorised) consent, and a payment is
//! read with either (the customer's still works once the payment consumed
//! its consent). Every token carries the `payments` scope.

use super::{Kind, Problem};
use crate::auth_server::TokenInfo;
use crate::bank_auth::check_bearer_as;
use crate::dialects::accounts::Caller;
use crate::instance::BankState;

/// The scope every Phase IV token carries.
pub(crate) const SCOPE: &str = "payments";

fn bearer(bank: &BankState, caller: &Caller, after_payment: bool) -> Result<TokenInfo, Problem> {
    let token = check_bearer_as(
        bank,
        &caller.headers,
        caller.scenario.as_ref(),
        caller.certificate.as_deref(),
        after_payment,
    )
    .map_err(Problem::from)?;
    if !token.has_scope(SCOPE) {
        return Err(Problem::token("The access token lacks the payments scope."));
    }
    Ok(token)
}

/// The TSP's client-credentials token, with the `payments` scope.
pub(crate) fn tsp(bank: &BankState, caller: &Caller) -> Result<TokenInfo, Problem> {
    let token = bearer(bank, caller, false)?;
    if token.customer_id.is_some() {
        return Err(Problem::token(
            "Payment consents take the TSP's client-credentials token, not a customer's.",
        ));
    }
    Ok(token)
}

/// The customer's token, bound to an `Authorised` consent (a consent that
/// is not gives 403).
pub(crate) fn customer(bank: &BankState, caller: &Caller) -> Result<TokenInfo, Problem> {
    let token = bearer(bank, caller, false)?;
    if token.customer_id.is_none() || token.consent_id.is_none() {
        return Err(Problem::token(
            "A payment takes the customer's access token, bound to its consent.",
        ));
    }
    Ok(token)
}

/// Either token, to read a payment; the customer's may be bound to the
/// consent the payment consumed.
pub(crate) fn reader(bank: &BankState, caller: &Caller) -> Result<TokenInfo, Problem> {
    bearer(bank, caller, true)
}

/// Whether a token may read a resource of `client_id` made under
/// `consent_id`: the same client, and a customer's token bound to that
/// consent. Anything else reads as if it did not exist (404).
pub(crate) fn may_read(
    token: &TokenInfo,
    client_id: &str,
    consent_id: &str,
) -> Result<(), Problem> {
    let bound_elsewhere = token.consent_id.as_deref().is_some_and(|c| c != consent_id);
    if token.client_id != client_id || bound_elsewhere {
        return Err(Problem::new(Kind::NotFound, "No such resource."));
    }
    Ok(())
}
