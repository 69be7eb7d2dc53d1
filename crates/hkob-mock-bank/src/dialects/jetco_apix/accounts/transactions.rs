//! `GET /transactions/v1/accounts/{accountId}/transactions`: one page of an
//! account's transactions, newest first, booked at or after `fromDateTime`
//! and before `toDateTime`, inside the consent's range; only credits or
//! only debits under the direction permissions alone.

use serde_json::{Value, json};

use super::customer;
use super::page::{list_body, requested};
use crate::data::{Account, History, Transaction};
use crate::dialects::accounts::balances::direction_name;
use crate::dialects::accounts::views::DepositView;
use crate::dialects::accounts::window::Bound;
use crate::dialects::accounts::{Caller, Problem, Served, instant};
use crate::dialects::wire;

/// One page of an account's transactions.
pub(super) fn list(served: &Served, caller: &Caller, id: &str) -> Result<Value, Problem> {
    let access = customer(served, caller)?;
    let allowed = access.permissions.transactions()?;
    let account = access.account(served, id)?;
    let window = access
        .window
        .with_param(
            "fromDateTime",
            caller.query_param("fromDateTime").as_deref(),
            Bound::AtOrAfter,
        )?
        .with_param(
            "toDateTime",
            caller.query_param("toDateTime").as_deref(),
            Bound::Before,
        )?;
    let history = History {
        seed: served.seed,
        bank: &served.bank.profile.id,
        account: &account.id,
        count: account.transaction_count,
    };
    let view = DepositView::new(history, window.from, window.to, allowed.only);
    let page = requested(served, caller, view.len())?;
    let numbers = access.permissions.account_numbers();
    let items = view
        .indices(page.items())
        .map(|i| item(account, &history.get(i), numbers))
        .collect();
    Ok(list_body(served, caller, &page, "transaction", items))
}

fn item(account: &Account, t: &Transaction, numbers: bool) -> Value {
    let mut item = json!({
        "accountId": account.id,
        "transactionId": t.id,
        "transactionCode": t.code,
        "transactionDescription": t.description,
        "datetime": instant(t.booked_at),
        "creditDebitIndicator": direction_name(t.credit_debit),
        "status": if t.index == 0 { "Pending" } else { "Booked" },
        "amount": wire::amount(t.amount),
        "currency": account.currency,
    });
    if numbers {
        item["accountNumber"] = json!(account.number);
    }
    item
}
