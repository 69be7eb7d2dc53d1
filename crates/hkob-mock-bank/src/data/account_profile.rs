//! What the bank knows of an account beyond its ledger balance: whether it
//! can be used, since when, its nickname, and what the balances of the day
//! add to the booked balance (holds on it, the day's movements).

use std::ops::Neg as _;

use rust_decimal::Decimal;

use super::Account;
use super::transactions::HISTORY_END;
use crate::prng::Rng;

/// Whether an account can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AccountState {
    /// In use.
    Active,
    /// Not used for a long time; blocked until the customer calls.
    Dormant,
    /// Frozen by the bank.
    Frozen,
}

/// An account's profile, derived from the seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountProfile {
    /// Whether it can be used.
    pub state: AccountState,
    /// When it was opened, seconds since the Unix epoch.
    pub opened_at: i64,
    /// When its state last changed (its opening, for an active account).
    pub state_since: i64,
    /// The name the customer gave it, if any.
    pub nickname: Option<&'static str>,
    /// Money held (card authorisations, cheques not cleared): the available
    /// balance is the booked balance less this.
    pub holds: Decimal,
    /// What moved today: the opening balance is the booked balance less this.
    pub moved_today: Decimal,
}

const NICKNAMES: &[&str] = &["Daily spending", "Salary", "Savings pot", "Travel fund"];

/// The profile of one account of a bank.
pub fn account_profile(seed: u64, bank_id: &str, account: &Account) -> AccountProfile {
    let mut rng = Rng::derive(seed, &[bank_id, &account.id, "profile"]);
    let day = 86_400_i64;
    let days_open = rng.range(200, 6_000) as i64;
    let opened_at = HISTORY_END
        .saturating_sub(days_open.saturating_mul(day))
        .saturating_sub(rng.range(0, 86_399) as i64);
    let state = match rng.range(0, 19) {
        0 | 1 => AccountState::Dormant,
        2 => AccountState::Frozen,
        _ => AccountState::Active,
    };
    let state_since = match state {
        AccountState::Active => opened_at,
        _ => HISTORY_END.saturating_sub((rng.range(1, 150) as i64).saturating_mul(day)),
    };
    let nickname = rng.chance(40).then(|| *rng.pick(NICKNAMES));
    let holds = if rng.chance(50) {
        Decimal::new(rng.range(1_000, 300_000) as i64, 2)
    } else {
        Decimal::ZERO
    };
    let moved = Decimal::new(rng.range(0, 800_000) as i64, 2);
    let moved_today = if rng.chance(50) { moved } else { moved.neg() };
    AccountProfile {
        state,
        opened_at,
        state_since,
        nickname,
        holds,
        moved_today,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_pure_and_dated_in_order() {
        let (_, accounts) =
            super::super::generate_customers(1, &crate::bank::default_banks()[0], 8, None);
        let mut states = std::collections::HashSet::new();
        for a in &accounts {
            let p = account_profile(1, "bea", a);
            assert_eq!(p, account_profile(1, "bea", a));
            assert!(p.opened_at <= p.state_since);
            assert!(p.opened_at < HISTORY_END);
            assert!(p.holds >= Decimal::ZERO);
            states.insert(p.state);
        }
        assert!(states.contains(&AccountState::Active));
    }
}
