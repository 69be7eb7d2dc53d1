//! The one rule for merging text across languages: what of an item's text another language's copy
//! completes ([`Localized::merge_text`]), and how copies are matched ([`merge_copies`] for a list
//! that holds each item once per language, [`merge_languages`] for lists fetched once per
//! language). The base copy keeps its numbers; only gaps in text are filled.

use hkob_core::headers::Language;

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
                Some(self.info.code.clone())
            }

            fn merge_text(&mut self, other: &Self) {
                self.info.name.merge(&other.info.name);
                self.info.description.merge(&other.info.description);
                merge_fees(&mut self.info.fees, &other.info.fees);
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
        Some(self.info.code.clone())
    }

    fn merge_text(&mut self, other: &Self) {
        self.info.name.merge(&other.info.name);
        self.info.description.merge(&other.info.description);
        self.annual_fee_waiver.merge(&other.annual_fee_waiver);
        merge_fees(&mut self.info.fees, &other.info.fees);
        if self.level.is_none() {
            self.level.clone_from(&other.level);
        }
        if self.network.is_none() {
            self.network.clone_from(&other.network);
        }
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
        Some(format!("{list}/{}", self.info.code))
    }

    fn merge_text(&mut self, other: &Self) {
        self.info.name.merge(&other.info.name);
        self.info.description.merge(&other.info.description);
        merge_fees(&mut self.info.fees, &other.info.fees);
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

    /// Also takes the district and opening hours from the other copy when this one has none
    /// (some dialects give them in one language only).
    fn merge_text(&mut self, other: &Self) {
        self.name.merge(&other.name);
        self.address.merge(&other.address);
        if self.district.is_none() {
            self.district.clone_from(&other.district);
        }
        if self.opening_hours.is_empty() {
            self.opening_hours.clone_from(&other.opening_hours);
        }
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

/// One language's copy of an item in a list that holds every item once per language, with the key
/// that matches it to the other copies (`None`: matched by its position among its language's
/// items).
pub(crate) struct LanguageCopy<T> {
    /// The copy's language.
    pub lang: Language,
    /// Its key, such as the product code.
    pub key: Option<String>,
    /// The item.
    pub item: T,
}

/// Merges the copies of each item into one: the English copy (else the first) is the base, and
/// each other copy completes its text through [`Localized::merge_text`]. An item with no copy in
/// another language is kept as it is.
pub(crate) fn merge_copies<T: Localized>(copies: Vec<LanguageCopy<T>>) -> Vec<T> {
    let mut positions: Vec<(Language, usize)> = Vec::new();
    let mut out: Vec<(Language, String, T)> = Vec::with_capacity(copies.len());
    for LanguageCopy { lang, key, item } in copies {
        let key = match key {
            Some(k) => format!("key:{k}"),
            None => {
                let n = match positions.iter_mut().find(|(l, _)| *l == lang) {
                    Some((_, n)) => {
                        *n = n.saturating_add(1);
                        *n
                    }
                    None => {
                        positions.push((lang, 0));
                        0
                    }
                };
                format!("position:{n}")
            }
        };
        match out.iter_mut().find(|(_, k, _)| *k == key) {
            None => out.push((lang, key, item)),
            Some(slot) => {
                if lang == Language::English && slot.0 != Language::English {
                    let mut item = item;
                    item.merge_text(&slot.2);
                    *slot = (lang, key, item);
                } else {
                    slot.2.merge_text(&item);
                }
            }
        }
    }
    out.into_iter().map(|(_, _, item)| item).collect()
}

/// Completes the text of `items` from the same items in another language, matched by
/// [`Localized::merge_key`]; items without a match keep their text.
pub(crate) fn merge_languages<T: Localized>(items: &mut [T], other: &[T]) {
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

#[cfg(test)]
mod tests {
    use hkob_core::{Currency, Decimal};

    use super::*;
    use crate::model::{BankId, LocalizedText};

    fn rate(lang: Language, name: &str, tt_buy: u32) -> FxRate {
        let mut currency_name = LocalizedText::default();
        currency_name.set(lang, name);
        FxRate {
            bank: BankId::new("b"),
            currency: Currency::USD,
            quote_currency: Currency::HKD,
            currency_name,
            unit: None,
            tt_buy: Some(Decimal::from(tt_buy)),
            tt_sell: None,
            note_buy: None,
            note_sell: None,
            updated_at: None,
        }
    }

    fn copy(lang: Language, key: Option<&str>, name: &str, tt_buy: u32) -> LanguageCopy<FxRate> {
        LanguageCopy {
            lang,
            key: key.map(str::to_owned),
            item: rate(lang, name, tt_buy),
        }
    }

    #[test]
    fn english_is_the_base_and_other_copies_fill_its_text() {
        let merged = merge_copies(vec![
            copy(Language::TraditionalChinese, Some("USD"), "美元", 2),
            copy(Language::English, Some("USD"), "US Dollar", 1),
            copy(Language::SimplifiedChinese, Some("USD"), "美元", 3),
        ]);
        assert_eq!(merged.len(), 1);
        let usd = &merged[0];
        assert_eq!(
            usd.tt_buy,
            Some(Decimal::from(1)),
            "numbers from the English copy"
        );
        assert_eq!(usd.currency_name.en.as_deref(), Some("US Dollar"));
        assert_eq!(usd.currency_name.zh_hant.as_deref(), Some("美元"));
        assert_eq!(usd.currency_name.zh_hans.as_deref(), Some("美元"));
    }

    #[test]
    fn items_without_a_key_match_by_position_within_their_language() {
        let merged = merge_copies(vec![
            copy(Language::English, None, "first", 1),
            copy(Language::English, None, "second", 2),
            copy(Language::TraditionalChinese, None, "第一", 1),
            copy(Language::TraditionalChinese, None, "第二", 2),
            copy(Language::TraditionalChinese, None, "第三", 3),
        ]);
        let names: Vec<_> = merged
            .iter()
            .map(|r| (r.currency_name.en.clone(), r.currency_name.zh_hant.clone()))
            .collect();
        assert_eq!(
            names,
            [
                (Some("first".into()), Some("第一".into())),
                (Some("second".into()), Some("第二".into())),
                (None, Some("第三".into())),
            ]
        );
    }
}
