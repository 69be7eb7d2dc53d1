//! `GET /cards/v1/cards` (under `ReadCards`) and
//! `GET /cards/v1/cards/{cardId}/transactions` (under
//! `ReadCardTransactions`): the credit cards the customer chose, and one
//! card's transactions, newest first, in the requested and consented range.

use serde_json::{Value, json};

use super::page::{list_body, requested};
use super::{customer, language};
use crate::data::{Card, CardTransaction, card_transaction, card_transactions_in};
use crate::dialects::accounts::balances::direction_name;
use crate::dialects::accounts::permissions::Permission;
use crate::dialects::accounts::window::Bound;
use crate::dialects::accounts::{Caller, Problem, Served, instant};
use crate::dialects::wire::{self, Language};

/// One page of the consented cards.
pub(super) fn list(served: &Served, caller: &Caller) -> Result<Value, Problem> {
    let access = customer(served, caller)?;
    access.permissions.require(Permission::Cards)?;
    let cards = access.cards(served);
    let page = requested(served, caller, cards.len() as u64)?;
    let lang = language(&caller.headers);
    let items = page.of(&cards).iter().map(|c| card(c, lang)).collect();
    Ok(list_body(served, caller, &page, "card", items))
}

/// One page of a consented card's transactions.
pub(super) fn transactions(served: &Served, caller: &Caller, id: &str) -> Result<Value, Problem> {
    let access = customer(served, caller)?;
    access.permissions.require(Permission::CardTransactions)?;
    let card = access.card(served, id)?;
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
    let bank = served.bank.profile.id.as_str();
    let range = card_transactions_in(served.seed, bank, &card, window.from, window.to);
    let page = requested(served, caller, range.end.saturating_sub(range.start))?;
    let positions = page.items();
    let items = (range.start.saturating_add(positions.start)
        ..range.start.saturating_add(positions.end))
        .map(|i| transaction(&card, &card_transaction(served.seed, bank, &card.id, i)))
        .collect();
    Ok(list_body(served, caller, &page, "transaction", items))
}

fn card(c: &Card, lang: Language) -> Value {
    json!({
        "cardId": c.id,
        "maskedCardNumber": c.masked_number,
        "cardScheme": c.scheme,
        "productName": lang.text(c.product_name_en, c.product_name_zh),
        "cardStatus": c.status,
        "currency": c.currency,
        "creditLimit": wire::amount(c.credit_limit),
        "availableCredit": wire::amount(c.available_credit),
        "outstandingBalance": wire::amount(c.outstanding_balance),
        "minimumPayment": wire::amount(c.minimum_payment),
        "statementDate": c.statement_date,
        "paymentDueDate": c.payment_due_date,
    })
}

fn transaction(card: &Card, t: &CardTransaction) -> Value {
    let mut item = json!({
        "cardId": card.id,
        "transactionId": t.id,
        "transactionDescription": t.description,
        "datetime": instant(t.used_at),
        "postingDate": t.posting_date,
        "creditDebitIndicator": direction_name(t.credit_debit),
        "status": if t.index == 0 { "Pending" } else { "Booked" },
        "amount": wire::amount(t.amount),
        "currency": card.currency,
    });
    if let Some(merchant) = t.merchant {
        item["merchantName"] = json!(merchant);
    }
    if let Some((amount, currency)) = t.original {
        item["originalAmount"] = json!(wire::amount(amount));
        item["originalCurrency"] = json!(currency);
    }
    item
}
