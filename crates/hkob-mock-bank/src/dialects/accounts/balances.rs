//! An account's balances: the current (booked) balance is the live ledger
//! balance; the available balance is that less the account's holds; the
//! opening balance is that less what moved today.

use rust_decimal::Decimal;

use super::Served;
use crate::data::{Account, CreditDebit, account_profile};

/// Seconds Hong Kong time is ahead of UTC.
const HONG_KONG_OFFSET: i64 = 8 * 3_600;

/// The balances of one account, taken now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Balances {
    /// At the start of the day (Hong Kong time).
    pub opening: Decimal,
    /// What can be spent now.
    pub available: Decimal,
    /// The booked balance now; negative when overdrawn.
    pub current: Decimal,
    /// When the available and current balances were taken.
    pub taken_at: i64,
    /// When the day (and its opening balance) began.
    pub day_start: i64,
}

impl Balances {
    /// The balances of an account, at the bank's authorization server's clock.
    pub(crate) fn of(served: &Served, account: &Account) -> Self {
        let profile = account_profile(served.seed, &served.bank.profile.id, account);
        let current = served
            .bank
            .ledger
            .balance(&account.id)
            .unwrap_or(account.opening_balance);
        let taken_at = served.auth().map_or(0, |a| a.now());
        let day_start = taken_at
            .saturating_add(HONG_KONG_OFFSET)
            .div_euclid(86_400)
            .saturating_mul(86_400)
            .saturating_sub(HONG_KONG_OFFSET);
        Balances {
            opening: current.checked_sub(profile.moved_today).unwrap_or(current),
            available: current.checked_sub(profile.holds).unwrap_or(current),
            current,
            taken_at,
            day_start,
        }
    }
}

/// A signed amount as the specs send it: the direction, and the amount
/// without sign.
pub(crate) fn direction_of(amount: Decimal) -> (CreditDebit, Decimal) {
    if amount.is_sign_negative() && !amount.is_zero() {
        (CreditDebit::Debit, amount.abs())
    } else {
        (CreditDebit::Credit, amount.abs())
    }
}

/// The wire name of a direction.
pub(crate) fn direction_name(direction: CreditDebit) -> &'static str {
    match direction {
        CreditDebit::Credit => "Credit",
        CreditDebit::Debit => "Debit",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_become_directions() {
        assert_eq!(
            direction_of(Decimal::new(-1250, 2)),
            (CreditDebit::Debit, Decimal::new(1250, 2))
        );
        assert_eq!(
            direction_of(Decimal::ZERO),
            (CreditDebit::Credit, Decimal::ZERO)
        );
        assert_eq!(direction_name(CreditDebit::Debit), "Debit");
    }
}
