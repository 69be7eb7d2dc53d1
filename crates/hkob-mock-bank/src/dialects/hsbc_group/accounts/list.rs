//! `GET /accounts`, `GET /accounts/{accountId}` (under `ReadAccountsBasic`
//! or `ReadAccountsDetail`; numbers and the holder's name only with the
//! latter) and `GET /accounts/{accountId}/status` (under
//! `ReadAccountStatus`).

use serde_json::{Value, json};

use super::links::{page_links, requested, self_url};
use crate::data::{Account, AccountState, account_profile, date_of_instant};
use crate::dialects::accounts::permissions::Permission;
use crate::dialects::accounts::{Caller, Problem, Served, customer_access, instant};

/// One page of the consented accounts.
pub(super) fn list(served: &Served, caller: &Caller) -> Result<Value, Problem> {
    let access = customer_access(served, caller)?;
    let detail = access.permissions.accounts()?;
    let accounts = access.accounts(served);
    let page = requested(served, caller, accounts.len() as u64)?;
    let items: Vec<Value> = page
        .of(&accounts)
        .iter()
        .map(|a| item(served, a, detail))
        .collect();
    Ok(json!({
        "data": { "account": items },
        "links": page_links(served, caller, &page),
        "meta": { "totalPages": page.total_pages() },
    }))
}

/// One consented account, in the list's body.
pub(super) fn one(served: &Served, caller: &Caller, id: &str) -> Result<Value, Problem> {
    let access = customer_access(served, caller)?;
    let detail = access.permissions.accounts()?;
    let account = access.account(served, id)?;
    Ok(json!({
        "data": { "account": [item(served, account, detail)] },
        "links": { "self": self_url(served, caller) },
    }))
}

/// A consented account's status.
pub(super) fn status(served: &Served, caller: &Caller, id: &str) -> Result<Value, Problem> {
    let access = customer_access(served, caller)?;
    access.permissions.require(Permission::AccountStatus)?;
    let account = access.account(served, id)?;
    let profile = account_profile(served.seed, &served.bank.profile.id, account);
    Ok(json!({
        "data": {
            "accountId": account.id,
            "status": status_code(profile.state),
            "statusUpdateDate": instant(profile.state_since),
        },
        "links": { "self": self_url(served, caller) },
    }))
}

fn item(served: &Served, account: &Account, detail: bool) -> Value {
    let profile = account_profile(served.seed, &served.bank.profile.id, account);
    let sub_type = match (account.account_type, account.currency) {
        ("Current", _) => "CurrentAccount",
        (_, "HKD") => "Savings",
        _ => "MultiCurrency",
    };
    let mut item = json!({
        "accountId": account.id,
        "currency": account.currency,
        "accountType": "Personal",
        "accountSubType": sub_type,
        "productName": account.product_name,
        "status": status_code(profile.state),
        "openingDate": date_of_instant(profile.opened_at),
    });
    if let Some(nickname) = profile.nickname {
        item["nickname"] = json!(nickname);
    }
    if detail {
        item["accountNumber"] = json!(account.number);
        if let Some(customer) = served.customer(&account.customer_id) {
            item["accountName"] = json!(customer.name_en.to_uppercase());
        }
    }
    item
}

/// `Enabled` for an account in use, `Disabled` for a dormant or frozen one.
fn status_code(state: AccountState) -> &'static str {
    match state {
        AccountState::Active => "Enabled",
        _ => "Disabled",
    }
}
