//! `GET /accounts/{accountId}/transactions`: one page of an account's
//! transactions, newest first, booked from `fromBookingDateTime` to
//! `toBookingDateTime` (both included) inside the consent's range; only
//! credits or only debits under the direction permissions alone, without
//! `transactionInformation` under `ReadTransactionsBasic`.

use serde_json::{Value, json};

use super::links::{page_links, requested};
use crate::data::{Account, History, Transaction};
use crate::dialects::accounts::balances::direction_name;
use crate::dialects::accounts::views::DepositView;
use crate::dialects::accounts::window::Bound;
use crate::dialects::accounts::{Caller, Problem, Served, customer_access, instant};
use crate::dialects::wire;

/// One page of an account's transactions.
pub(super) fn list(served: &Served, caller: &Caller, id: &str) -> Result<Value, Problem> {
    let access = customer_access(served, caller)?;
    let allowed = access.permissions.transactions()?;
    let account = access.account(served, id)?;
    let window = access
        .window
        .with_param(
            "fromBookingDateTime",
            caller.query_param("fromBookingDateTime").as_deref(),
            Bound::AtOrAfter,
        )?
        .with_param(
            "toBookingDateTime",
            caller.query_param("toBookingDateTime").as_deref(),
            Bound::AtOrBefore,
        )?;
    let history = History {
        seed: served.seed,
        bank: &served.bank.profile.id,
        account: &account.id,
        count: account.transaction_count,
    };
    let view = DepositView::new(history, window.from, window.to, allowed.only);
    let page = requested(served, caller, view.len())?;
    let items: Vec<Value> = view
        .indices(page.items())
        .map(|i| item(account, &history.get(i), allowed.detailed))
        .collect();
    Ok(json!({
        "data": { "transaction": items },
        "links": page_links(served, caller, &page),
        "meta": { "totalPages": page.total_pages() },
    }))
}

fn item(account: &Account, t: &Transaction, detailed: bool) -> Value {
    let mut item = json!({
        "accountId": account.id,
        "transactionId": t.id,
        "transactionReference": format!("FRN{}{:010}", t.code, t.index),
        "bookingDateTime": instant(t.booked_at),
        "valueDateTime": instant(t.booked_at),
        "status": if t.index == 0 { "Pending" } else { "Booked" },
        "creditDebitIndicator": direction_name(t.credit_debit),
        "amount": { "amount": wire::amount(t.amount), "currency": account.currency },
        "bankTransactionCode": t.code,
    });
    if detailed {
        item["transactionInformation"] = json!(t.description);
    }
    item
}
