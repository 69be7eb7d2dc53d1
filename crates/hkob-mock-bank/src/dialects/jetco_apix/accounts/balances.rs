//! `GET /balances/v1/accounts/balances` and
//! `GET /balances/v1/accounts/{accountId}/balances`: the opening, available
//! and current balances of the consented accounts, under `ReadBalances`.

use serde_json::{Value, json};

use super::customer;
use super::page::{list_body, requested, single_body};
use crate::data::Account;
use crate::dialects::accounts::balances::{Balances, direction_name, direction_of};
use crate::dialects::accounts::permissions::Permission;
use crate::dialects::accounts::{Caller, Problem, Served, instant};
use crate::dialects::wire;

/// One page of the consented accounts' balances.
pub(super) fn list(served: &Served, caller: &Caller) -> Result<Value, Problem> {
    let access = customer(served, caller)?;
    access.permissions.require(Permission::Balances)?;
    let accounts = access.accounts(served);
    let page = requested(served, caller, accounts.len() as u64)?;
    let items = page.of(&accounts).iter().map(|a| item(served, a)).collect();
    Ok(list_body(served, caller, &page, "accountBalance", items))
}

/// One consented account's balances.
pub(super) fn one(served: &Served, caller: &Caller, id: &str) -> Result<Value, Problem> {
    let access = customer(served, caller)?;
    access.permissions.require(Permission::Balances)?;
    let account = access.account(served, id)?;
    Ok(single_body("accountBalance", item(served, account)))
}

fn item(served: &Served, account: &Account) -> Value {
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
    json!({
        "accountId": account.id,
        "balance": [
            entry("OpeningBalance", b.opening, b.day_start),
            entry("AvailableBalance", b.available, b.taken_at),
            entry("CurrentBalance", b.current, b.taken_at),
        ],
    })
}
