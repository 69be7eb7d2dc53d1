//! Making a payment the bank took: the checks that reject it (with an ISO
//! 20022 reason) and the money moving, atomically, from the debtor's
//! account to the creditor's, at this bank or another of the instance
//! ([`crate::ledger::between`]); and giving it back when a payment is
//! cancelled.

use std::sync::Arc;

use super::book::{ConsentRecord, Movement, PaymentSettings};
use super::creditor::Target;
use crate::instance::BankState;
use crate::ledger::TransferError;
use crate::ledger::between::{self, Funds};

/// A payment's fate when the bank takes it.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// The money moved.
    Accepted(Movement),
    /// Refused: the reason code and its text.
    Rejected(&'static str, String),
}

/// Makes the payment of `consent` from `debtor_account` for `customer_id`:
/// `AC03` a card that is not the customer's, `AM02` above the bank's
/// per-payment limit, `AC04` a closed account, `AM04` insufficient funds.
pub(crate) fn execute(
    bank: &Arc<BankState>,
    settings: &PaymentSettings,
    consent: &ConsentRecord,
    debtor_account: &str,
    customer_id: &str,
) -> Outcome {
    let amount = &consent.initiation.amount;
    if let Target::Card {
        customer_id: holder,
        ..
    } = &consent.creditor.target
        && holder != customer_id
    {
        return Outcome::Rejected(
            "AC03",
            "The credit card is not one of the customer's cards.".to_owned(),
        );
    }
    let limit = settings.limit(&amount.currency);
    if amount.value > limit {
        return Outcome::Rejected(
            "AM02",
            format!(
                "The amount is above the limit of {} {limit} per payment.",
                amount.currency
            ),
        );
    }
    let creditor = &consent.creditor;
    match between::transfer(
        &bank.ledger,
        debtor_account,
        &creditor.bank.ledger,
        &creditor.account_id,
        amount.value,
        Funds::Checked,
    ) {
        Ok(()) => Outcome::Accepted(Movement {
            debtor_account: debtor_account.to_owned(),
            creditor: creditor.clone(),
            amount: amount.value,
        }),
        Err(TransferError::InsufficientFunds) => Outcome::Rejected(
            "AM04",
            "Insufficient funds in the debtor account.".to_owned(),
        ),
        Err(TransferError::AccountClosed(id)) => {
            Outcome::Rejected("AC04", format!("Account {id} is closed."))
        }
        Err(TransferError::SameAccount) => Outcome::Rejected(
            "AC03",
            "The creditor account is the debtor account.".to_owned(),
        ),
        Err(e) => Outcome::Rejected("AC03", format!("The payment cannot be made: {e}.")),
    }
}

/// Gives the money of a cancelled payment back to the debtor (even if that
/// overdraws the creditor: the totals stay the same).
pub(crate) fn reverse(bank: &BankState, movement: &Movement) -> Result<(), TransferError> {
    between::transfer(
        &movement.creditor.bank.ledger,
        &movement.creditor.account_id,
        &bank.ledger,
        &movement.debtor_account,
        movement.amount,
        Funds::Forced,
    )
}
