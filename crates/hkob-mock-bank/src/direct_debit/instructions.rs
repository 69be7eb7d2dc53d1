//! Collections (direct debit instructions) under a mandate: the money
//! moves from the debtor's account (at any bank of the instance) to the
//! creditor's at once, atomically ([`crate::ledger::between`]), or the
//! collection is rejected (`RJCT`, `processResult` `99`) with an ISO 20022
//! reason:
//!
//! | reason | when |
//! | --- | --- |
//! | `MD01` | no such mandate, or the mandate is not `ACTIVE` |
//! | `AM14` | the amount is above the mandate's maximum |
//! | `AM04` | the debtor's balance is too low |
//! | `AC04` | the debtor's or the creditor's account is closed |
//!
//! An on-us collection settles at once (`ACSC`); an off-us one is sent to
//! FPS (`ACSP`, the money already moved) and reads `ACSC` from its next
//! enquiry. The frequency is not enforced: a monthly mandate takes any
//! number of collections.

use super::access::{self, Creditor};
use super::account::CashAccount;
use super::book::{CollectionStatus, InstructionRecord};
use super::mandates::{owned, refresh, same_creditor, today};
use super::{Ctx, MandateStatus, Money, Outcome, Permission};
use crate::dialects::accounts::Caller;
use crate::ledger::TransferError;
use crate::ledger::between::{self, Funds};
use crate::payments::initiation::shown;
use crate::payments::{Problem, signatures};

/// A collection, as read from the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InstructionRequest {
    pub mandate_id: String,
    pub amount: Money,
    pub creditor_account: CashAccount,
    pub creditor_reference: Option<String>,
    pub end_to_end_id: Option<String>,
}

/// A collection's outcome, as the dialect renders it.
#[derive(Debug, Clone)]
pub(crate) struct InstructionView {
    pub result: Outcome,
    pub transaction_id: String,
    pub status: CollectionStatus,
}

impl From<&InstructionRecord> for InstructionView {
    fn from(r: &InstructionRecord) -> Self {
        Self {
            result: Outcome {
                reasons: r.reasons.clone(),
            },
            transaction_id: r.transaction_id.clone(),
            status: r.status,
        }
    }
}

/// `POST` a collection.
pub(crate) fn collect(
    ctx: &Ctx<'_>,
    caller: &Caller,
    body: &[u8],
    parse: impl FnOnce(&[u8]) -> Result<InstructionRequest, Problem>,
) -> Result<InstructionView, Problem> {
    let creditor = access::creditor(ctx, caller, Permission::Instructions)?;
    signatures::verify_request(ctx.bank, &creditor.client_id, &caller.headers, body)?;
    let request = parse(body)?;
    let id = request.mandate_id.as_str();
    let known = ctx
        .bank
        .direct_debits
        .mandate(id)
        .filter(|m| owned(m, &creditor))
        .is_some();
    if known {
        same_creditor(ctx, &creditor, &request.creditor_account)?;
    }
    let today = today(ctx)?;
    let outcome = if known {
        ctx.bank
            .direct_debits
            .update_mandate(id, |m| {
                refresh(m, today);
                if m.status != MandateStatus::Active {
                    return Err((
                        "MD01",
                        format!(
                            "No active mandate: the direct debit authorisation is {}.",
                            m.status.code()
                        ),
                    ));
                }
                if request.amount.value > m.maximum.value {
                    return Err((
                        "AM14",
                        format!(
                            "The amount is above the authorisation's maximum of HKD {}.",
                            m.maximum.text
                        ),
                    ));
                }
                move_money(
                    ctx,
                    m.debtor_bank_id.as_str(),
                    &m.debtor_account_id,
                    &m.creditor_account_id,
                    &request,
                )
                .map(|()| m.on_us)
            })
            .unwrap_or_else(|| Err(no_mandate(id)))
    } else {
        Err(no_mandate(id))
    };
    let (status, reasons) = match outcome {
        Ok(true) => (CollectionStatus::Settled, Vec::new()),
        Ok(false) => (CollectionStatus::SentToFps, Vec::new()),
        Err((code, text)) => (CollectionStatus::Rejected, vec![(code.to_owned(), text)]),
    };
    let record = InstructionRecord {
        transaction_id: format!(
            "DDI{}{:07}",
            today.format("%y%m%d"),
            ctx.bank.direct_debits.next_instruction()
        ),
        client_id: creditor.client_id.clone(),
        creditor_account_id: creditor.account.id.clone(),
        status,
        reasons,
    };
    let view = InstructionView::from(&record);
    ctx.bank.direct_debits.add_instruction(record);
    Ok(view)
}

fn no_mandate(mandate_id: &str) -> (&'static str, String) {
    (
        "MD01",
        format!(
            "No mandate: no direct debit authorisation {}.",
            shown(mandate_id)
        ),
    )
}

/// The money of a collection, from the debtor's account to the
/// creditor's, or the reason it cannot move.
fn move_money(
    ctx: &Ctx<'_>,
    debtor_bank_id: &str,
    debtor_account_id: &str,
    creditor_account_id: &str,
    request: &InstructionRequest,
) -> Result<(), (&'static str, String)> {
    let Some(debtor_bank) = ctx.instance.bank(debtor_bank_id) else {
        return Err(("AC03", "The debtor's bank is not reachable.".to_owned()));
    };
    between::transfer(
        &debtor_bank.ledger,
        debtor_account_id,
        &ctx.bank.ledger,
        creditor_account_id,
        request.amount.value,
        Funds::Checked,
    )
    .map_err(|e| match e {
        TransferError::InsufficientFunds => (
            "AM04",
            "Insufficient funds in the debtor account.".to_owned(),
        ),
        TransferError::AccountClosed(_) => ("AC04", "The account is closed.".to_owned()),
        other => ("AC03", format!("The collection cannot be made: {other}.")),
    })
}

/// Whether a collection belongs to the creditor calling.
fn readable(r: &InstructionRecord, creditor: &Creditor<'_>) -> bool {
    r.client_id == creditor.client_id && r.creditor_account_id == creditor.account.id
}

/// `GET` a collection: an off-us one sent to FPS reads settled now.
pub(crate) fn read(
    ctx: &Ctx<'_>,
    caller: &Caller,
    transaction_id: &str,
) -> Result<InstructionView, Problem> {
    let creditor = access::creditor(ctx, caller, Permission::StatusInstructions)?;
    let missing = || {
        Problem::not_found(format!(
            "No direct debit instruction {}.",
            shown(transaction_id)
        ))
    };
    ctx.bank
        .direct_debits
        .update_instruction(transaction_id, |r| {
            if !readable(r, &creditor) {
                return None;
            }
            if r.status == CollectionStatus::SentToFps {
                r.status = CollectionStatus::Settled;
            }
            Some(InstructionView::from(&*r))
        })
        .flatten()
        .ok_or_else(missing)
}
