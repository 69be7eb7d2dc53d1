//! Who is calling a Phase III operation, and what they may read.

use super::permissions::Permissions;
use super::window::Window;
use super::{Caller, Problem, Served};
use crate::auth_server::{AuthFailure, Consent, TokenInfo};
use crate::bank_auth::check_bearer;
use crate::data::{Account, Card};

/// The scope every Phase III token carries.
pub(crate) const SCOPE: &str = "accounts";

/// A customer's data call that passed the checks: the token, its consent
/// and what that consent lets the TSP read.
#[derive(Debug, Clone)]
pub(crate) struct CustomerAccess {
    /// The customer's access token.
    pub token: TokenInfo,
    /// The consent the token is bound to, `Authorised`.
    pub consent: Consent,
    /// The customer who authorised it.
    pub customer_id: String,
    /// What the consent grants.
    pub permissions: Permissions,
    /// The booking times of the transactions it lets the TSP read.
    pub window: Window,
}

/// The bearer token of a request, checked by the bank's authorization
/// server (after the scenario's `token=` fault).
pub(crate) fn bearer(served: &Served, caller: &Caller) -> Result<TokenInfo, AuthFailure> {
    check_bearer(
        &served.bank,
        &caller.headers,
        caller.scenario.as_ref(),
        caller.certificate.as_deref(),
    )
}

/// Checks a customer's data call: a live token of a customer, with the
/// `accounts` scope, bound to an `Authorised` consent of the same client.
pub(crate) fn customer_access(served: &Served, caller: &Caller) -> Result<CustomerAccess, Problem> {
    let token = bearer(served, caller).map_err(Problem::Token)?;
    let Some(customer_id) = token.customer_id.clone() else {
        return Err(Problem::not_consented(
            "The call needs the customer's access token, not the TSP's.",
            None,
        ));
    };
    let Some(consent_id) = token.consent_id.clone() else {
        return Err(Problem::not_consented(
            "The access token is not bound to a consent.",
            None,
        ));
    };
    if !token.has_scope(SCOPE) {
        return Err(Problem::not_consented(
            "The access token lacks the accounts scope.",
            Some(SCOPE),
        ));
    }
    let consent = served
        .auth()
        .and_then(|auth| auth.consent(&consent_id))
        .filter(|c| c.client_id == token.client_id)
        .ok_or_else(|| Problem::not_consented("The consent is not known.", None))?;
    Ok(CustomerAccess {
        permissions: Permissions::of(&consent.permissions),
        window: Window::of_consent(&consent.details),
        customer_id,
        consent,
        token,
    })
}

/// Checks a call made with the TSP's own client-credentials token, with
/// the `accounts` scope.
pub(crate) fn tsp_access(served: &Served, caller: &Caller) -> Result<TokenInfo, Problem> {
    let token = bearer(served, caller).map_err(Problem::Token)?;
    if token.customer_id.is_some() {
        return Err(Problem::Unauthorized(
            "The call needs the TSP's client-credentials token, not a customer's.".to_owned(),
        ));
    }
    token.require_scope(SCOPE).map_err(Problem::Token)?;
    Ok(token)
}

impl CustomerAccess {
    /// Whether the customer chose this account or card on the consent page.
    pub(crate) fn covers(&self, id: &str) -> bool {
        self.token.account_ids.iter().any(|a| a == id)
    }

    /// The deposit accounts the customer chose, in the bank's order.
    pub(crate) fn accounts<'s>(&self, served: &'s Served) -> Vec<&'s Account> {
        served
            .bank
            .accounts
            .iter()
            .filter(|a| a.customer_id == self.customer_id && self.covers(&a.id))
            .collect()
    }

    /// One account the customer chose: 404 when the bank has no such
    /// account, 403 when the consent does not cover it.
    pub(crate) fn account<'s>(&self, served: &'s Served, id: &str) -> Result<&'s Account, Problem> {
        let Some(account) = served.bank.accounts.iter().find(|a| a.id == id) else {
            return Err(Problem::NotFound(format!("No account {}.", shown(id))));
        };
        if account.customer_id == self.customer_id && self.covers(id) {
            Ok(account)
        } else {
            Err(Problem::not_consented(
                format!("The consent does not cover account {id}."),
                Some(id),
            ))
        }
    }

    /// The credit cards the customer chose on the consent page (with the
    /// accounts), in the order of their ids.
    pub(crate) fn cards(&self, served: &Served) -> Vec<Card> {
        let mut cards = served.cards_of(&self.customer_id);
        cards.retain(|c| self.covers(&c.id));
        cards
    }

    /// One card the customer chose: 404 when the bank has no such card, 403
    /// when it is another customer's or the consent does not cover it.
    pub(crate) fn card(&self, served: &Served, id: &str) -> Result<Card, Problem> {
        let Some(card) = served.card(id) else {
            return Err(Problem::NotFound(format!("No card {}.", shown(id))));
        };
        if card.customer_id == self.customer_id && self.covers(id) {
            Ok(card)
        } else {
            Err(Problem::not_consented(
                format!("The consent does not cover card {id}."),
                Some(id),
            ))
        }
    }
}

/// An id from a request as shown in an error message: at most 40 characters.
fn shown(id: &str) -> String {
    match id.char_indices().nth(40) {
        Some((cut, _)) => format!("{}...", &id[..cut]),
        None => id.to_owned(),
    }
}
