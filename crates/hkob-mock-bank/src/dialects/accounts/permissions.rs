//! The permissions of an account-access consent, and what each lets a TSP
//! read.

use super::Problem;
use crate::data::CreditDebit;

/// One permission of the Phase III specs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Permission {
    /// The accounts, without their numbers.
    AccountsBasic,
    /// The accounts with their numbers (and, at the HSBC group, the holder's name).
    AccountsDetail,
    /// Balances.
    Balances,
    /// An account's status (HSBC group).
    AccountStatus,
    /// Every transaction, without its narrative at the HSBC group.
    TransactionsBasic,
    /// Every transaction, in full.
    TransactionsDetail,
    /// Only credits.
    TransactionsCredits,
    /// Only debits.
    TransactionsDebits,
    /// Credit cards with limits and balances (JETCO APIX).
    Cards,
    /// Credit card transactions (JETCO APIX).
    CardTransactions,
}

impl Permission {
    /// Every permission.
    pub(crate) const ALL: [Permission; 10] = [
        Permission::AccountsBasic,
        Permission::AccountsDetail,
        Permission::Balances,
        Permission::AccountStatus,
        Permission::TransactionsBasic,
        Permission::TransactionsDetail,
        Permission::TransactionsCredits,
        Permission::TransactionsDebits,
        Permission::Cards,
        Permission::CardTransactions,
    ];

    /// The wire name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Permission::AccountsBasic => "ReadAccountsBasic",
            Permission::AccountsDetail => "ReadAccountsDetail",
            Permission::Balances => "ReadBalances",
            Permission::AccountStatus => "ReadAccountStatus",
            Permission::TransactionsBasic => "ReadTransactionsBasic",
            Permission::TransactionsDetail => "ReadTransactionsDetail",
            Permission::TransactionsCredits => "ReadTransactionsCredits",
            Permission::TransactionsDebits => "ReadTransactionsDebits",
            Permission::Cards => "ReadCards",
            Permission::CardTransactions => "ReadCardTransactions",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Which transactions a consent lets the TSP read, and how much of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TransactionAccess {
    /// Only transactions of this direction; both when `None`.
    pub only: Option<CreditDebit>,
    /// Whether the narrative is included: not under `ReadTransactionsBasic`
    /// alone (or with a direction).
    pub detailed: bool,
}

/// The set of permissions a consent grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Permissions(u16);

impl Permissions {
    /// The permissions among a consent's; names the specs do not know are left out.
    pub(crate) fn of<S: AsRef<str>>(names: &[S]) -> Self {
        let bits = names
            .iter()
            .filter_map(|n| {
                Permission::ALL
                    .into_iter()
                    .find(|p| p.as_str() == n.as_ref())
            })
            .fold(0, |bits, p| bits | p.bit());
        Permissions(bits)
    }

    /// Whether the consent grants `p`.
    pub(crate) fn has(self, p: Permission) -> bool {
        self.0 & p.bit() != 0
    }

    /// Fails with a 403 unless the consent grants `p`.
    pub(crate) fn require(self, p: Permission) -> Result<(), Problem> {
        if self.has(p) {
            Ok(())
        } else {
            Err(Problem::permission(p.as_str()))
        }
    }

    /// Whether the accounts may be listed: `Some(true)` with their numbers
    /// (`ReadAccountsDetail`), `Some(false)` without (`ReadAccountsBasic`).
    pub(crate) fn accounts(self) -> Result<bool, Problem> {
        if self.has(Permission::AccountsDetail) {
            Ok(true)
        } else if self.has(Permission::AccountsBasic) {
            Ok(false)
        } else {
            Err(Problem::not_consented(
                "The consent does not include ReadAccountsBasic or ReadAccountsDetail.",
                Some(Permission::AccountsBasic.as_str()),
            ))
        }
    }

    /// Whether account numbers may be shown (`ReadAccountsDetail`).
    pub(crate) fn account_numbers(self) -> bool {
        self.has(Permission::AccountsDetail)
    }

    /// Which transactions may be read: every one under
    /// `ReadTransactionsBasic` or `ReadTransactionsDetail`, else the
    /// directions of `ReadTransactionsCredits` / `ReadTransactionsDebits`.
    pub(crate) fn transactions(self) -> Result<TransactionAccess, Problem> {
        let basic = self.has(Permission::TransactionsBasic);
        let detail = self.has(Permission::TransactionsDetail);
        let credits = self.has(Permission::TransactionsCredits);
        let debits = self.has(Permission::TransactionsDebits);
        let only = match (basic || detail, credits, debits) {
            (true, _, _) | (false, true, true) => None,
            (false, true, false) => Some(CreditDebit::Credit),
            (false, false, true) => Some(CreditDebit::Debit),
            (false, false, false) => {
                return Err(Problem::not_consented(
                    "The consent does not include a ReadTransactions permission.",
                    Some(Permission::TransactionsDetail.as_str()),
                ));
            }
        };
        Ok(TransactionAccess {
            only,
            detailed: detail || !basic,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_ones_are_ignored() {
        for p in Permission::ALL {
            assert!(Permissions::of(&[p.as_str()]).has(p));
        }
        let none = Permissions::of(&["ReadAccounts", "Nope"]);
        assert!(Permission::ALL.iter().all(|p| !none.has(*p)));
        assert!(none.accounts().is_err());
        assert!(none.transactions().is_err());
    }

    #[test]
    fn account_and_transaction_levels() {
        let basic = Permissions::of(&["ReadAccountsBasic", "ReadTransactionsBasic"]);
        assert_eq!(basic.accounts(), Ok(false));
        assert_eq!(
            basic.transactions(),
            Ok(TransactionAccess {
                only: None,
                detailed: false
            })
        );
        let credits = Permissions::of(&["ReadTransactionsCredits"]);
        assert_eq!(
            credits.transactions().map(|t| t.only),
            Ok(Some(CreditDebit::Credit))
        );
        let debits = Permissions::of(&["ReadTransactionsDebits", "ReadTransactionsBasic"]);
        assert_eq!(debits.transactions().map(|t| t.only), Ok(None));
        let both = Permissions::of(&["ReadTransactionsDebits", "ReadTransactionsCredits"]);
        assert_eq!(both.transactions().map(|t| t.only), Ok(None));
        assert_eq!(
            Permissions::of(&["ReadAccountsDetail"]).accounts(),
            Ok(true)
        );
        assert!(
            Permissions::of(&["ReadBalances"])
                .require(Permission::Cards)
                .is_err()
        );
    }
}
