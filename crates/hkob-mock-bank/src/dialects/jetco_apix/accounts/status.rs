//! `GET /status/v1/accounts[/{accountId}]`: the consented accounts and their
//! status; account numbers only under `ReadAccountsDetail`.

use serde_json::{Value, json};

use super::page::{list_body, requested, single_body};
use super::{customer, language};
use crate::data::{Account, AccountState, account_profile};
use crate::dialects::accounts::{Caller, Problem, Served};
use crate::dialects::wire::Language;

/// One page of the consented accounts.
pub(super) fn list(served: &Served, caller: &Caller) -> Result<Value, Problem> {
    let access = customer(served, caller)?;
    let numbers = access.permissions.accounts()?;
    let accounts = access.accounts(served);
    let page = requested(served, caller, accounts.len() as u64)?;
    let lang = language(&caller.headers);
    let items = page
        .of(&accounts)
        .iter()
        .map(|a| item(served, a, numbers, lang))
        .collect();
    Ok(list_body(served, caller, &page, "account", items))
}

/// One consented account.
pub(super) fn one(served: &Served, caller: &Caller, id: &str) -> Result<Value, Problem> {
    let access = customer(served, caller)?;
    let numbers = access.permissions.accounts()?;
    let account = access.account(served, id)?;
    let lang = language(&caller.headers);
    Ok(single_body("account", item(served, account, numbers, lang)))
}

fn item(served: &Served, account: &Account, numbers: bool, lang: Language) -> Value {
    let profile = account_profile(served.seed, &served.bank.profile.id, account);
    let mut item = json!({
        "accountId": account.id,
        "accountType": "Personal",
        "accountSubType": sub_type(account),
        "productName": product_name(served, account, lang),
        "accountStatus": match profile.state {
            AccountState::Active => "Active",
            AccountState::Dormant => "Dormant",
            AccountState::Frozen => "Frozen",
        },
        "currency": account.currency,
    });
    if numbers {
        item["accountNumber"] = json!(account.number);
    }
    item
}

/// `Savings` or `CurrentAccount`.
fn sub_type(account: &Account) -> &'static str {
    if account.account_type == "Current" {
        "CurrentAccount"
    } else {
        "Savings"
    }
}

/// The account's product name in the language asked for.
fn product_name(served: &Served, account: &Account, lang: Language) -> String {
    let zh = if account.account_type == "Current" {
        "往來戶口"
    } else {
        "儲蓄戶口"
    };
    let zh = format!("{}{zh}", served.bank.profile.name_zh);
    lang.text(&account.product_name, &zh).to_owned()
}
