//! `GET /accounts/{accountId}/balances`: the available, current and
//! opening balances of a consented account, under `ReadBalances`.

use serde_json::{Value, json};

use super::links::self_url;
use crate::dialects::accounts::balances::{Balances, direction_name, direction_of};
use crate::dialects::accounts::permissions::Permission;
use crate::dialects::accounts::{Caller, Problem, Served, customer_access, instant};
use crate::dialects::wire;

/// A consented account's balances.
pub(super) fn one(served: &Served, caller: &Caller, id: &str) -> Result<Value, Problem> {
    let access = customer_access(served, caller)?;
    access.permissions.require(Permission::Balances)?;
    let account = access.account(served, id)?;
    let b = Balances::of(served, account);
    let entry = |kind: &str, amount, at: i64| {
        let (direction, amount) = direction_of(amount);
        json!({
            "type": kind,
            "creditDebitIndicator": direction_name(direction),
            "amount": wire::amount(amount),
            "currency": account.currency,
            "datetime": instant(at),
        })
    };
    Ok(json!({
        "data": {
            "accountId": account.id,
            "balance": [
                entry("AvailableBalance", b.available, b.taken_at),
                entry("CurrentBalance", b.current, b.taken_at),
                entry("OpeningBalance", b.opening, b.day_start),
            ],
        },
        "links": { "self": self_url(served, caller) },
    }))
}
