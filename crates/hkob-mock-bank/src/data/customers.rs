//! Customers and their accounts.

use std::ops::Neg as _;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::bank::SimulatedBank;
use crate::prng::Rng;

/// A bank customer (a PSU in consent flows).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// Stable id within the bank (`C0001`...).
    pub id: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// Mobile number in `+852-XXXXXXXX` form, starting like a Hong Kong
    /// mobile number (5, 6, 70 or 9); registered with FPS.
    pub mobile: String,
}

/// A customer's account.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Stable id within the bank.
    pub id: String,
    /// The account number as printed on statements.
    pub number: String,
    /// Owner.
    pub customer_id: String,
    /// `Savings` or `Current`.
    pub account_type: &'static str,
    /// ISO 4217 currency.
    pub currency: &'static str,
    /// The product the account belongs to.
    pub product_name: String,
    /// Balance when the instance started; negative for an overdrawn current
    /// account.
    pub opening_balance: Decimal,
    /// How many transactions the account's history holds.
    pub transaction_count: u64,
}

const SURNAMES: &[(&str, &str)] = &[
    ("Chan", "陳"),
    ("Wong", "黃"),
    ("Lee", "李"),
    ("Cheung", "張"),
    ("Lau", "劉"),
    ("Ho", "何"),
    ("Ng", "吳"),
    ("Leung", "梁"),
    ("Lam", "林"),
    ("Tsang", "曾"),
];
const GIVEN: &[(&str, &str)] = &[
    ("Tai Man", "大文"),
    ("Siu Ming", "小明"),
    ("Ka Yan", "嘉欣"),
    ("Wing Sze", "詠詩"),
    ("Chi Keung", "志強"),
    ("Mei Ling", "美玲"),
    ("Ho Yin", "浩賢"),
    ("Hoi Ting", "凱婷"),
];

/// Generates a bank's customers and their accounts.
///
/// `transactions_per_account` fixes every account's history length; `None`
/// draws a modest length per account from the seed.
pub fn generate_customers(
    seed: u64,
    bank: &SimulatedBank,
    customers_per_bank: u32,
    transactions_per_account: Option<u64>,
) -> (Vec<Customer>, Vec<Account>) {
    let mut rng = Rng::derive(seed, &[&bank.id, "customers"]);
    let mut customers = Vec::new();
    let mut accounts = Vec::new();
    for c in 0..customers_per_bank {
        let (sur, sur_zh) = *rng.pick(SURNAMES);
        let (given, given_zh) = *rng.pick(GIVEN);
        let id = format!("C{:04}", c.saturating_add(1));
        for a in 0..rng.range(1, 3) {
            let account_type = if a == 1 { "Current" } else { "Savings" };
            let currency = if a == 2 { "USD" } else { "HKD" };
            let number = format!(
                "{}-{:03}-{:06}-{}",
                bank.bank_code,
                rng.range(100, 999),
                rng.range(0, 999_999),
                rng.range(0, 9)
            );
            let account_id = format!("A{:04}{}", c.saturating_add(1), a.saturating_add(1));
            let opening_balance = Decimal::new(rng.range(0, 50_000_000) as i64, 2);
            accounts.push(Account {
                opening_balance: overdrawn(seed, bank, &account_id, account_type)
                    .unwrap_or(opening_balance),
                id: account_id,
                number,
                customer_id: id.clone(),
                account_type,
                currency,
                product_name: format!("{} {account_type} Account", bank.id.to_uppercase()),
                transaction_count: transactions_per_account.unwrap_or_else(|| rng.range(20, 500)),
            });
        }
        customers.push(Customer {
            id,
            name_en: format!("{sur} {given}"),
            name_zh: format!("{sur_zh}{given_zh}"),
            mobile: crate::fps::hk_mobile(rng.range(51_000_000, 98_999_999)),
        });
    }
    (customers, accounts)
}

/// The (negative) balance of a current account that starts overdrawn: about
/// one current account in four, drawn apart from the other values so that
/// they stay the same.
fn overdrawn(
    seed: u64,
    bank: &SimulatedBank,
    account_id: &str,
    account_type: &str,
) -> Option<Decimal> {
    let mut rng = Rng::derive(seed, &[&bank.id, account_id, "overdrawn"]);
    (account_type == "Current" && rng.chance(25))
        .then(|| Decimal::new(rng.range(1_000, 2_000_000) as i64, 2).neg())
}
