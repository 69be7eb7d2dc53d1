//! The checks every dialect's normaliser makes on a bank's values.
//!
//! A value the model cannot hold (a currency that is not an ISO code, a negative amount where
//! the direction is sent apart, a direction that is neither credit nor debit) makes the item
//! unreadable: it is yielded as an [`AccessError::Inconsistent`] naming the field, and the
//! stream goes on with the next item. Nothing is guessed.

use hkob_core::{Amount, Currency, Decimal};

use crate::error::AccessError;
use crate::model::{BankId, Direction};

/// An error about a bank's answer.
pub(crate) fn inconsistent(bank: &BankId, message: String) -> AccessError {
    AccessError::Inconsistent {
        bank: bank.clone(),
        message,
    }
}

/// A currency code.
pub(crate) fn currency(bank: &BankId, field: &str, code: &str) -> Result<Currency, AccessError> {
    Currency::new(code)
        .map_err(|_| inconsistent(bank, format!("`{field}` has the currency `{code}`")))
}

/// An amount whose direction is sent apart: it must not be negative.
pub(crate) fn amount(
    bank: &BankId,
    field: &str,
    value: Decimal,
    code: &str,
) -> Result<Amount, AccessError> {
    let currency = currency(bank, field, code)?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(inconsistent(
            bank,
            format!("`{field}` is negative, though its direction is sent apart"),
        ));
    }
    Ok(Amount::new(value, currency))
}

/// A credit/debit indicator, as its wire string.
pub(crate) fn direction(bank: &BankId, field: &str, wire: &str) -> Result<Direction, AccessError> {
    match wire {
        "Credit" => Ok(Direction::Credit),
        "Debit" => Ok(Direction::Debit),
        other => Err(inconsistent(
            bank,
            format!("`{field}` is `{other}`, neither Credit nor Debit"),
        )),
    }
}
