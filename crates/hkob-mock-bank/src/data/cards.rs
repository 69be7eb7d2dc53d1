//! Customers' credit cards and their transactions.
//!
//! A customer's cards are derived from the seed, the bank and the customer
//! alone, and card transaction `i` from the card and `i`, so neither is
//! stored. Card `K{nnnn}{k}` is the `k`-th card of customer `C{nnnn}`, as
//! account `A{nnnn}{k}` is the `k`-th account.

use std::ops::Range;

use rust_decimal::Decimal;
use serde::Serialize;

use super::history::{Slots, date_of_instant};
use super::transactions::HISTORY_END;
use super::{CreditDebit, date_from_days};
use crate::prng::Rng;

/// A credit card of a customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    /// Stable id within the bank (`K00011`); not the card number.
    pub id: String,
    /// Owner.
    pub customer_id: String,
    /// The card number with all but the last four digits masked.
    pub masked_number: String,
    /// Payment network (`VISA`, `MASTERCARD`, `UNIONPAY`, `AMEX`, `JCB`).
    pub scheme: &'static str,
    /// Product name in English.
    pub product_name_en: &'static str,
    /// Product name in traditional Chinese.
    pub product_name_zh: &'static str,
    /// `Active` (mostly), `Inactive` or `Blocked`.
    pub status: &'static str,
    /// Billing currency.
    pub currency: &'static str,
    /// Credit limit.
    pub credit_limit: Decimal,
    /// What the customer owes now (never above the limit).
    pub outstanding_balance: Decimal,
    /// What can still be spent: the limit less the outstanding balance.
    pub available_credit: Decimal,
    /// Minimum payment of the last statement.
    pub minimum_payment: Decimal,
    /// Date of the last statement (`YYYY-MM-DD`).
    pub statement_date: String,
    /// When the last statement's payment is due (`YYYY-MM-DD`).
    pub payment_due_date: String,
    /// How many transactions the card's history holds.
    pub transaction_count: u64,
}

/// One transaction of a card's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardTransaction {
    /// Unique id.
    pub id: String,
    /// Position in the history; 0 is the newest.
    pub index: u64,
    /// When the card was used, seconds since the Unix epoch.
    pub used_at: i64,
    /// Posting date (`YYYY-MM-DD`), the day after use.
    pub posting_date: String,
    /// Amount in the card's currency, always positive.
    pub amount: Decimal,
    /// `Debit` for purchases, `Credit` for payments and refunds.
    pub credit_debit: CreditDebit,
    /// Description as on a statement.
    pub description: &'static str,
    /// The merchant, for purchases.
    pub merchant: Option<&'static str>,
    /// Amount and currency of a purchase made in another currency.
    pub original: Option<(Decimal, &'static str)>,
}

/// Where card transactions are booked: one two-hour slot per index, as for
/// accounts, so a history of millions still starts after the year 1.
pub(crate) const CARD_SLOTS: Slots = Slots {
    end: HISTORY_END,
    width: 7_200,
};

const PRODUCTS: &[(&str, &str, &str)] = &[
    ("VISA", "Platinum Card", "白金卡"),
    ("MASTERCARD", "World Mastercard", "世界萬事達卡"),
    ("UNIONPAY", "UnionPay Dual Currency Card", "銀聯雙幣卡"),
    ("AMEX", "Cashback Card", "現金回贈卡"),
    ("JCB", "JCB Gold Card", "JCB 金卡"),
];

const MERCHANTS: &[(&str, &str)] = &[
    ("CITYSUPER IFC", "CITYSUPER"),
    ("PARKNSHOP SHATIN", "PARKNSHOP"),
    ("MTR CORPORATION", "MTR"),
    ("HKTVMALL", "HKTVMALL"),
    ("MAXIM'S CATERERS", "MAXIM'S"),
    ("FORTRESS MONGKOK", "FORTRESS"),
    ("CATHAY PACIFIC", "CATHAY PACIFIC"),
];

/// The cards of one customer (`C0001`...), in the order of their ids.
///
/// The first two customers of every bank hold at least one card, so the
/// first test customers always have one; later ones hold none to two.
// Generated data: constants and draws from small fixed ranges, nothing from a request or a config.
#[allow(clippy::arithmetic_side_effects)]
pub fn cards_of(
    seed: u64,
    bank_id: &str,
    customer_id: &str,
    transactions_per_card: Option<u64>,
) -> Vec<Card> {
    let number = customer_id.trim_start_matches('C');
    let mut rng = Rng::derive(seed, &[bank_id, customer_id, "cards"]);
    let first_customers = matches!(number, "0001" | "0002");
    let count = if first_customers {
        rng.range(1, 2)
    } else {
        rng.range(0, 2)
    };
    (1..=count)
        .map(|k| {
            let (scheme, product_name_en, product_name_zh) = *rng.pick(PRODUCTS);
            let limit_dollars = rng.range(2, 30) * 5_000;
            let credit_limit = Decimal::from(limit_dollars);
            let limit_cents = limit_dollars * 100;
            let owed_cents = rng.range(0, limit_cents.saturating_mul(9) / 10);
            let outstanding_balance = Decimal::new(owed_cents as i64, 2);
            let minimum = (owed_cents / 100).max(if owed_cents > 0 { 5_000 } else { 0 });
            let statement_day = HISTORY_END / 86_400 - 10_957 - rng.range(3, 25) as i64;
            let statement_day = u64::try_from(statement_day).unwrap_or(0);
            Card {
                id: format!("K{number}{k}"),
                customer_id: customer_id.to_owned(),
                masked_number: format!("************{:04}", rng.range(0, 9_999)),
                scheme,
                product_name_en,
                product_name_zh,
                status: match rng.range(0, 19) {
                    0 => "Blocked",
                    1 => "Inactive",
                    _ => "Active",
                },
                currency: "HKD",
                credit_limit,
                available_credit: credit_limit - outstanding_balance,
                outstanding_balance,
                minimum_payment: Decimal::new(minimum.min(owed_cents) as i64, 2),
                statement_date: date_from_days(statement_day),
                payment_due_date: date_from_days(statement_day + 25),
                transaction_count: transactions_per_card.unwrap_or_else(|| rng.range(10, 300)),
            }
        })
        .collect()
}

/// A card's full number (16 digits, no separators, as a card repayment
/// names it): the scheme's first digits, digits drawn from the seed, and
/// the last four of [`Card::masked_number`].
pub fn card_number(seed: u64, bank_id: &str, card: &Card) -> String {
    let mut rng = Rng::derive(seed, &[bank_id, &card.id, "card-number"]);
    let mut digits = match card.scheme {
        "VISA" => "4",
        "MASTERCARD" => "5",
        "UNIONPAY" => "62",
        "AMEX" => "37",
        "JCB" => "35",
        _ => "9",
    }
    .to_owned();
    while digits.len() < 11 {
        let d = u8::try_from(rng.range(0, 9)).unwrap_or(0);
        digits.push(char::from(b'0'.saturating_add(d)));
    }
    let last_four = card.masked_number.get(12..).unwrap_or("0000");
    // The twelfth digit makes the Luhn check of the whole number pass, as a real card's does.
    let without = format!("{digits}0{last_four}");
    digits.push(char::from(b'0'.saturating_add(luhn_fix(&without))));
    digits.push_str(last_four);
    digits
}

/// The digit that, in place of the `0` fifth from the right of `number`, makes its Luhn sum a
/// multiple of ten (that position is not doubled).
fn luhn_fix(number: &str) -> u8 {
    let sum: u32 = number
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.saturating_sub(b'0'));
            if i % 2 == 1 {
                let twice = d.saturating_mul(2);
                if twice > 9 {
                    twice.saturating_sub(9)
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .fold(0, u32::saturating_add);
    u8::try_from(10u32.saturating_sub(sum % 10) % 10).unwrap_or(0)
}

/// Transaction `index` of a card: the same inputs always give the same
/// transaction, and no other transaction needs to be computed.
// Generated data: constants and draws from small fixed ranges, nothing from a request or a config.
#[allow(clippy::arithmetic_side_effects)]
pub fn card_transaction(seed: u64, bank_id: &str, card_id: &str, index: u64) -> CardTransaction {
    let mut rng = Rng::derive_index(seed, &[bank_id, card_id, "card-txn"], index);
    let used_at = CARD_SLOTS
        .slot_start(index)
        .saturating_add(rng.range(0, 7_199) as i64);
    let posting_date = date_of_instant(used_at.saturating_add(86_400));
    let id = format!("{card_id}-{index:010}");
    if rng.chance(8) {
        return CardTransaction {
            id,
            index,
            used_at,
            posting_date,
            amount: Decimal::new(rng.range(50_000, 2_000_000) as i64, 2),
            credit_debit: CreditDebit::Credit,
            description: "PAYMENT - THANK YOU",
            merchant: None,
            original: None,
        };
    }
    let (description, merchant) = *rng.pick(MERCHANTS);
    let cents = rng.range(1_000, 500_000);
    let original = (merchant == "CATHAY PACIFIC" || rng.chance(10))
        .then(|| (Decimal::new((cents * 100 / 780) as i64, 2), "USD"));
    CardTransaction {
        id,
        index,
        used_at,
        posting_date,
        amount: Decimal::new(cents as i64, 2),
        credit_debit: CreditDebit::Debit,
        description,
        merchant: Some(merchant),
        original,
    }
}

/// The indices of a card's transactions used in `[from, to)`.
pub(crate) fn card_transactions_in(
    seed: u64,
    bank_id: &str,
    card: &Card,
    from: i64,
    to: i64,
) -> Range<u64> {
    CARD_SLOTS.booked_in(from, to, card.transaction_count, |i| {
        card_transaction(seed, bank_id, &card.id, i).used_at
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_are_pure_and_consistent() {
        for customer in ["C0001", "C0002", "C0003", "C0008"] {
            let cards = cards_of(1, "bea", customer, None);
            assert_eq!(cards, cards_of(1, "bea", customer, None));
            if customer <= "C0002" {
                assert!(!cards.is_empty(), "{customer}");
            }
            for (k, card) in cards.iter().enumerate() {
                assert_eq!(card.id, format!("K{}{}", &customer[1..], k + 1));
                assert!(card.outstanding_balance <= card.credit_limit);
                assert_eq!(
                    card.available_credit,
                    card.credit_limit - card.outstanding_balance
                );
                assert!(card.minimum_payment <= card.outstanding_balance);
                assert!(card.statement_date < card.payment_due_date);
                assert_eq!(card.masked_number.len(), 16);
            }
        }
        assert_eq!(cards_of(1, "bea", "C0001", Some(7))[0].transaction_count, 7);
        let card = &cards_of(1, "bea", "C0001", None)[0];
        let number = card_number(1, "bea", card);
        assert_eq!(number.len(), 16);
        assert!(number.bytes().all(|b| b.is_ascii_digit()));
        assert!(number.ends_with(&card.masked_number[12..]));
        assert_eq!(luhn_fix(&number), 0, "{number} passes the Luhn check");
        assert_eq!(number, card_number(1, "bea", card));
    }

    #[test]
    fn card_transactions_are_pure_and_ordered() {
        let a = card_transaction(1, "bea", "K00011", 1_000_000);
        assert_eq!(a, card_transaction(1, "bea", "K00011", 1_000_000));
        let newer = card_transaction(1, "bea", "K00011", 999_999);
        assert!(newer.used_at > a.used_at);
        assert!(a.amount > Decimal::ZERO);
        let card = &cards_of(1, "bea", "C0001", Some(100))[0];
        let from = card_transaction(1, "bea", &card.id, 60).used_at;
        let to = card_transaction(1, "bea", &card.id, 10).used_at;
        assert_eq!(card_transactions_in(1, "bea", card, from, to), 11..61);
    }
}
