//! Money moved between two ledgers (a payment from one bank to another of
//! the same instance), and totals over several ledgers, without deadlock
//! and without a moment where the money is in neither place.
//!
//! Every operation that holds more than one ledger's lock takes them in
//! one global order (the ledgers' addresses, which are fixed while they
//! live), so two payments in opposite directions cannot wait on each other,
//! and a total taken while payments run sees each one either wholly done or
//! not at all.

use std::sync::MutexGuard;

use rust_decimal::Decimal;

use super::{Books, Ledger, TransferError};

/// Where a ledger sits in the global lock order.
fn rank(ledger: &Ledger) -> usize {
    std::ptr::from_ref(ledger) as usize
}

/// Whether the debtor's balance must cover the amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Funds {
    /// Refuse the move when the balance is below the amount (a payment).
    Checked,
    /// Move whatever the balance (a reversal, which may overdraw).
    Forced,
}

/// Moves `amount` from `debtor` in `from` to `creditor` in `to`, atomically:
/// both balances change under both locks, or neither does. The two ledgers
/// may be the same.
pub(crate) fn transfer(
    from: &Ledger,
    debtor: &str,
    to: &Ledger,
    creditor: &str,
    amount: Decimal,
    funds: Funds,
) -> Result<(), TransferError> {
    if amount <= Decimal::ZERO {
        return Err(TransferError::InvalidAmount);
    }
    if std::ptr::eq(from, to) {
        if debtor == creditor {
            return Err(TransferError::SameAccount);
        }
        let mut books = from.lock();
        return apply(&mut books, debtor, None, creditor, amount, funds);
    }
    let (mut first, mut second) = if rank(from) < rank(to) {
        let a = from.lock();
        (a, to.lock())
    } else {
        let b = to.lock();
        (from.lock(), b)
    };
    // `first` is always the debtor's books here: the guards were taken in
    // rank order but are named by role.
    apply(
        &mut first,
        debtor,
        Some(&mut second),
        creditor,
        amount,
        funds,
    )
}

/// The move under the locks: `other` holds the creditor's books when they
/// are not the debtor's.
fn apply(
    debtor_books: &mut MutexGuard<'_, Books>,
    debtor: &str,
    other: Option<&mut MutexGuard<'_, Books>>,
    creditor: &str,
    amount: Decimal,
    funds: Funds,
) -> Result<(), TransferError> {
    let from = debtor_books.usable(debtor)?;
    let to = match &other {
        Some(books) => books.usable(creditor)?,
        None => debtor_books.usable(creditor)?,
    };
    if from.1 != to.1 {
        return Err(TransferError::CurrencyMismatch);
    }
    if funds == Funds::Checked && from.0 < amount {
        return Err(TransferError::InsufficientFunds);
    }
    let (Some(debtor_balance), Some(creditor_balance)) =
        (from.0.checked_sub(amount), to.0.checked_add(amount))
    else {
        return Err(TransferError::InvalidAmount);
    };
    debtor_books.set(debtor, debtor_balance);
    match other {
        Some(books) => books.set(creditor, creditor_balance),
        None => debtor_books.set(creditor, creditor_balance),
    }
    debtor_books.transfers = debtor_books.transfers.saturating_add(1);
    Ok(())
}

/// The sum of every balance in one currency over several ledgers, taken
/// under all their locks at once (in the global order), so no payment
/// between two of them is seen half done.
pub(crate) fn total(ledgers: &[&Ledger], currency: &str) -> Decimal {
    let mut ordered: Vec<&Ledger> = ledgers.to_vec();
    ordered.sort_by_key(|l| rank(l));
    ordered.dedup_by_key(|l| rank(l));
    let guards: Vec<MutexGuard<'_, Books>> = ordered.iter().map(|l| l.lock()).collect();
    guards.iter().map(|books| books.total(currency)).sum()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::data::Account;

    fn account(id: &str, cents: i64) -> Account {
        Account {
            id: id.to_owned(),
            number: id.to_owned(),
            customer_id: "C0001".to_owned(),
            account_type: "Savings",
            currency: "HKD",
            product_name: String::new(),
            opening_balance: Decimal::new(cents, 2),
            transaction_count: 0,
        }
    }

    #[test]
    fn moves_between_two_ledgers_and_refuses_what_a_transfer_refuses() {
        let a = Ledger::new(&[account("A1", 10_000)]);
        let b = Ledger::new(&[account("B1", 0)]);
        let ten = Decimal::new(1_000, 2);
        assert_eq!(transfer(&a, "A1", &b, "B1", ten, Funds::Checked), Ok(()));
        assert_eq!(a.balance("A1"), Some(Decimal::new(9_000, 2)));
        assert_eq!(b.balance("B1"), Some(ten));
        assert_eq!(
            transfer(&b, "B1", &a, "A1", Decimal::new(2_000, 2), Funds::Checked),
            Err(TransferError::InsufficientFunds)
        );
        assert_eq!(
            transfer(&b, "B1", &a, "A1", Decimal::new(2_000, 2), Funds::Forced),
            Ok(())
        );
        assert_eq!(b.balance("B1"), Some(Decimal::new(-1_000, 2)));
        assert!(b.close("B1"));
        assert_eq!(
            transfer(&a, "A1", &b, "B1", ten, Funds::Checked),
            Err(TransferError::AccountClosed("B1".to_owned()))
        );
        assert_eq!(total(&[&a, &b, &a], "HKD"), Decimal::new(10_000, 2));
    }

    #[test]
    fn opposite_payments_at_once_neither_deadlock_nor_lose_money() {
        let a = Arc::new(Ledger::new(&[account("A1", 1_000_000)]));
        let b = Arc::new(Ledger::new(&[account("B1", 1_000_000)]));
        let cent = Decimal::new(1, 2);
        let threads: Vec<_> = (0..4)
            .map(|i| {
                let (a, b) = (a.clone(), b.clone());
                std::thread::spawn(move || {
                    for _ in 0..2_000 {
                        let _ = if i % 2 == 0 {
                            transfer(&a, "A1", &b, "B1", cent, Funds::Checked)
                        } else {
                            transfer(&b, "B1", &a, "A1", cent, Funds::Checked)
                        };
                        assert_eq!(total(&[&a, &b], "HKD"), Decimal::new(2_000_000, 2));
                    }
                })
            })
            .collect();
        for t in threads {
            assert!(t.join().is_ok());
        }
    }
}
