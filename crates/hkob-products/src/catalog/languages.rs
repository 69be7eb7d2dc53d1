//! Merging the text of one family fetched in several languages.

use crate::model::{
    Atm, Branch, CreditCard, CurrentAccount, Fee, ForeignCurrencyAccount, FxRate, Mortgage,
    PersonalLoan, SafeDepositBox, SavingsAccount, TimeDeposit,
};

/// An item whose text can be completed from the same item fetched in another language.
pub trait Localized {
    /// What identifies the item across languages; `None` when it cannot be matched.
    fn merge_key(&self) -> Option<String>;

    /// Fills the languages missing from this item's text from `other`, the same item in another
    /// language.
    fn merge_text(&mut self, other: &Self);
}

fn merge_fees(mine: &mut [Fee], theirs: &[Fee]) {
    if mine.len() != theirs.len() {
        return;
    }
    for (a, b) in mine.iter_mut().zip(theirs) {
        a.name.merge(&b.name);
        a.condition.merge(&b.condition);
    }
}

macro_rules! product_by_code {
    ($($model:ty),* $(,)?) => {$(
        impl Localized for $model {
            fn merge_key(&self) -> Option<String> {
                Some(self.code.clone())
            }

            fn merge_text(&mut self, other: &Self) {
                self.name.merge(&other.name);
                self.description.merge(&other.description);
                merge_fees(&mut self.fees, &other.fees);
            }
        }
    )*};
}

product_by_code!(
    SavingsAccount,
    CurrentAccount,
    ForeignCurrencyAccount,
    TimeDeposit,
    Mortgage,
);

impl Localized for CreditCard {
    fn merge_key(&self) -> Option<String> {
        Some(self.code.clone())
    }

    fn merge_text(&mut self, other: &Self) {
        self.name.merge(&other.name);
        self.description.merge(&other.description);
        self.annual_fee_waiver.merge(&other.annual_fee_waiver);
        merge_fees(&mut self.fees, &other.fees);
    }
}

impl Localized for PersonalLoan {
    fn merge_key(&self) -> Option<String> {
        // Secured and unsecured loans are separate lists whose codes may repeat.
        let list = if self.is_secured() {
            "secured"
        } else {
            "unsecured"
        };
        Some(format!("{list}/{}", self.code))
    }

    fn merge_text(&mut self, other: &Self) {
        self.name.merge(&other.name);
        self.description.merge(&other.description);
        merge_fees(&mut self.fees, &other.fees);
    }
}

impl Localized for FxRate {
    fn merge_key(&self) -> Option<String> {
        Some(self.currency.code().to_owned())
    }

    fn merge_text(&mut self, other: &Self) {
        self.currency_name.merge(&other.currency_name);
    }
}

impl Localized for Branch {
    fn merge_key(&self) -> Option<String> {
        self.code.clone()
    }

    fn merge_text(&mut self, other: &Self) {
        self.name.merge(&other.name);
        self.address.merge(&other.address);
    }
}

impl Localized for Atm {
    fn merge_key(&self) -> Option<String> {
        self.code.clone()
    }

    fn merge_text(&mut self, other: &Self) {
        self.name.merge(&other.name);
        self.address.merge(&other.address);
    }
}

impl Localized for SafeDepositBox {
    fn merge_key(&self) -> Option<String> {
        self.branch_code
            .as_ref()
            .map(|branch| format!("{branch}/{}", self.size))
    }

    fn merge_text(&mut self, other: &Self) {
        self.branch_name.merge(&other.branch_name);
        self.address.merge(&other.address);
    }
}

/// Completes the text of `items` from the same items in another language, matched by
/// [`Localized::merge_key`]; items without a match keep their text.
pub fn merge_languages<T: Localized>(items: &mut [T], other: &[T]) {
    let by_key: std::collections::HashMap<String, &T> = other
        .iter()
        .filter_map(|item| item.merge_key().map(|key| (key, item)))
        .collect();
    for item in items {
        if let Some(match_) = item.merge_key().and_then(|key| by_key.get(&key)) {
            item.merge_text(match_);
        }
    }
}
