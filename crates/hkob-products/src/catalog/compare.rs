//! Sorting and filtering helpers for comparing products across banks.

use std::cmp::Ordering;

use hkob_core::{Amount, Decimal};

use crate::model::{BankId, CreditCard, LocalizedText, PersonalLoan, RateTier, Tenor, TimeDeposit};

/// The rate one time deposit product gives for an amount and term.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeDepositQuote {
    /// The bank.
    pub bank: BankId,
    /// The product's code.
    pub product_code: String,
    /// The product's name.
    pub product_name: LocalizedText,
    /// Interest rate, percent per annum.
    pub rate: Decimal,
    /// The tier the rate comes from.
    pub tier: RateTier,
}

/// The rate every product gives for `amount` placed for `term`, best first (ties by bank id, then
/// product code). Products with no tier for that amount and term are left out.
pub fn time_deposit_quotes(
    deposits: &[TimeDeposit],
    amount: Amount,
    term: Tenor,
) -> Vec<TimeDepositQuote> {
    let mut quotes: Vec<TimeDepositQuote> = deposits
        .iter()
        .filter_map(|d| {
            let tier = d.tier_for(amount, term)?;
            Some(TimeDepositQuote {
                bank: d.info.bank.clone(),
                product_code: d.info.code.clone(),
                product_name: d.info.name.clone(),
                rate: tier.rate,
                tier: tier.clone(),
            })
        })
        .collect();
    quotes.sort_by(|a, b| {
        b.rate
            .cmp(&a.rate)
            .then_with(|| a.bank.cmp(&b.bank))
            .then_with(|| a.product_code.cmp(&b.product_code))
    });
    quotes
}

/// The best quote of each bank for `amount` placed for `term`, best first.
pub fn best_time_deposit_rate_per_bank(
    deposits: &[TimeDeposit],
    amount: Amount,
    term: Tenor,
) -> Vec<TimeDepositQuote> {
    let mut seen = std::collections::HashSet::new();
    time_deposit_quotes(deposits, amount, term)
        .into_iter()
        .filter(|q| seen.insert(q.bank.clone()))
        .collect()
}

/// Orders two optional numbers lowest first, with `None` last.
fn lowest_first(a: Option<Decimal>, b: Option<Decimal>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Cards by purchase APR, lowest first; cards whose APR is not stated come last.
pub fn cards_by_lowest_apr(cards: &[CreditCard]) -> Vec<&CreditCard> {
    let mut out: Vec<&CreditCard> = cards.iter().collect();
    out.sort_by(|a, b| {
        lowest_first(a.purchase_apr, b.purchase_apr).then_with(|| a.info.bank.cmp(&b.info.bank))
    });
    out
}

/// Cards whose stated annual fee is zero (a card whose fee is not stated is left out).
pub fn cards_without_annual_fee(cards: &[CreditCard]) -> Vec<&CreditCard> {
    cards.iter().filter(|c| c.has_no_annual_fee()).collect()
}

/// Loans by their lowest APR, lowest first; loans with no stated APR come last.
pub fn loans_by_lowest_apr(loans: &[PersonalLoan]) -> Vec<&PersonalLoan> {
    let mut out: Vec<&PersonalLoan> = loans.iter().collect();
    out.sort_by(|a, b| {
        lowest_first(a.lowest_apr(), b.lowest_apr()).then_with(|| a.info.bank.cmp(&b.info.bank))
    });
    out
}
