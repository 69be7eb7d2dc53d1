//! What the TSP asks to pay.

use std::fmt;

use hkob_core::{Amount, Decimal, Redacted};
use serde::{Deserialize, Serialize};

use crate::fps::FpsProxy;

/// The largest end-to-end reference FPS carries.
const MAX_REFERENCE: usize = 35;
/// The largest amount: 13 integer digits.
const MAX_INTEGER_DIGITS: u32 = 13;

/// What kind of payment an order is, from its payee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PaymentKind {
    /// An FPS credit transfer to a proxy or an account at any participant.
    Fps,
    /// A transfer to another account of the same bank.
    IntraBank,
    /// A repayment of the customer's own credit card at the bank.
    CardRepayment,
    /// A payment of a bill to a merchant registered with the bank.
    BillPayment,
}

/// A credit card number (its digits; `Debug` shows the last four).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CardNumber(String);

impl CardNumber {
    /// Reads 12 to 19 digits (spaces and hyphens between groups are dropped), checked with
    /// the Luhn digit.
    pub fn parse(input: &str) -> Result<Self, OrderError> {
        let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let bad = || {
            OrderError::new(
                "payee",
                "a card number has 12 to 19 digits and a valid check digit",
            )
        };
        if !(12..=19).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if !luhn(&digits) {
            return Err(bad());
        }
        Ok(Self(digits))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
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
        .fold(0u32, u32::saturating_add);
    sum.is_multiple_of(10)
}

impl TryFrom<String> for CardNumber {
    type Error = OrderError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CardNumber> for String {
    fn from(value: CardNumber) -> Self {
        value.0
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let last = self
            .0
            .get(self.0.len().saturating_sub(4)..)
            .unwrap_or_default();
        write!(f, "CardNumber(****{last})")
    }
}

/// A bill to pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Bill {
    /// The bank's code of the merchant (a utility, say).
    pub merchant_code: String,
    /// The customer's bill or account number with the merchant.
    pub bill_number: Redacted<String>,
    /// The kind of bill, where the merchant has several.
    pub bill_type: Option<String>,
}

impl Bill {
    /// Bill `bill_number` of merchant `merchant_code`.
    pub fn new(merchant_code: impl Into<String>, bill_number: impl Into<String>) -> Self {
        Self {
            merchant_code: merchant_code.into(),
            bill_number: Redacted::new(bill_number.into()),
            bill_type: None,
        }
    }

    /// The kind of bill.
    pub fn bill_type(mut self, bill_type: impl Into<String>) -> Self {
        self.bill_type = Some(bill_type.into());
        self
    }
}

/// Whom a payment goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Payee {
    /// By FPS, to a proxy (mobile number, e-mail, FPS ID, HKID) or an account at any
    /// participant ([`FpsProxy::BankAccount`]).
    Fps(FpsProxy),
    /// To another account of the same bank (its account number).
    SameBank(Redacted<String>),
    /// To the customer's own credit card at the bank.
    OwnCard(CardNumber),
    /// To a merchant registered with the bank, for a bill.
    Bill(Bill),
}

/// Something wrong with an order, found before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct OrderError {
    field: &'static str,
    message: String,
}

impl OrderError {
    pub(crate) fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }

    /// The field at fault (`amount`, `reference` ...).
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// What is wrong with it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// One exact payment, as the TSP asks for it and the customer approves it.
///
/// ```
/// use hkob_core::{Amount, Decimal};
/// use hkob_payments::fps::MobileNumber;
/// use hkob_payments::{Payee, PaymentOrder};
///
/// let order = PaymentOrder::new(
///     Amount::hkd(Decimal::new(25000, 2)),
///     Payee::Fps(MobileNumber::parse("6123 4567")?.into()),
/// )
/// .reference("INV-2026-0042");
/// assert!(order.validate().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentOrder {
    /// How much, in HKD or CNY.
    pub amount: Amount,
    /// Whom to pay.
    pub payee: Payee,
    /// The customer's account to pay from; the customer picks it at the bank when `None`.
    pub debtor_account: Option<Redacted<String>>,
    /// The payee's name as the TSP knows it.
    pub payee_name: Option<Redacted<String>>,
    /// The end-to-end reference the payee sees (at most 35 characters).
    pub reference: Option<String>,
    /// The ISO 20022 purpose code (`OTHR`, `SALA`, `SUPP` ...).
    pub purpose: Option<String>,
}

impl PaymentOrder {
    /// Pays `amount` to `payee`.
    pub fn new(amount: Amount, payee: Payee) -> Self {
        Self {
            amount,
            payee,
            debtor_account: None,
            payee_name: None,
            reference: None,
            purpose: None,
        }
    }

    /// Pays from the customer's account `account` (its number at the bank).
    pub fn from_account(mut self, account: impl Into<String>) -> Self {
        self.debtor_account = Some(Redacted::new(account.into()));
        self
    }

    /// The payee's name.
    pub fn payee_name(mut self, name: impl Into<String>) -> Self {
        self.payee_name = Some(Redacted::new(name.into()));
        self
    }

    /// The reference the payee sees.
    pub fn reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }

    /// The ISO 20022 purpose code.
    pub fn purpose(mut self, purpose: impl Into<String>) -> Self {
        self.purpose = Some(purpose.into());
        self
    }

    /// What kind of payment this is.
    pub fn kind(&self) -> PaymentKind {
        match self.payee {
            Payee::Fps(_) => PaymentKind::Fps,
            Payee::SameBank(_) => PaymentKind::IntraBank,
            Payee::OwnCard(_) => PaymentKind::CardRepayment,
            Payee::Bill(_) => PaymentKind::BillPayment,
        }
    }

    /// Every problem with the order (empty when it can be sent): the amount is positive, has at
    /// most two decimals and 13 integer digits, and is in HKD or CNY; the reference has at most
    /// 35 printable characters; the purpose is a four-letter code; names and bill fields fit.
    pub fn validate(&self) -> Vec<OrderError> {
        let mut problems = Vec::new();
        let value = self.amount.value;
        if value <= Decimal::ZERO {
            problems.push(OrderError::new("amount", "must be positive"));
        }
        if value.normalize().scale() > 2 {
            problems.push(OrderError::new("amount", "has more than two decimals"));
        }
        if value.trunc().abs() >= Decimal::from(10u64.pow(MAX_INTEGER_DIGITS)) {
            problems.push(OrderError::new("amount", "has more than 13 integer digits"));
        }
        if !matches!(self.amount.currency.code(), "HKD" | "CNY") {
            problems.push(OrderError::new("amount", "FPS pays in HKD or CNY"));
        }
        if let Some(reference) = &self.reference
            && (reference.is_empty()
                || reference.chars().count() > MAX_REFERENCE
                || reference.chars().any(char::is_control))
        {
            problems.push(OrderError::new(
                "reference",
                "has 1 to 35 characters, none of them control characters",
            ));
        }
        if let Some(purpose) = &self.purpose
            && !(purpose.len() == 4 && purpose.bytes().all(|b| b.is_ascii_uppercase()))
        {
            problems.push(OrderError::new(
                "purpose",
                "is a four-letter ISO 20022 code",
            ));
        }
        if let Some(name) = &self.payee_name
            && (name.expose().trim().is_empty() || name.expose().chars().count() > 140)
        {
            problems.push(OrderError::new("payee_name", "has 1 to 140 characters"));
        }
        if let Some(account) = &self.debtor_account
            && !valid_account(account.expose())
        {
            problems.push(OrderError::new(
                "debtor_account",
                "is 1 to 34 letters and digits",
            ));
        }
        match &self.payee {
            Payee::SameBank(account) if !valid_account(account.expose()) => problems.push(
                OrderError::new("payee", "the account is 1 to 34 letters and digits"),
            ),
            Payee::Bill(bill) => {
                if bill.merchant_code.is_empty() || bill.merchant_code.len() > 20 {
                    problems.push(OrderError::new(
                        "payee",
                        "the merchant code has 1 to 20 characters",
                    ));
                }
                let number = bill.bill_number.expose();
                if number.is_empty() || number.chars().count() > 35 {
                    problems.push(OrderError::new(
                        "payee",
                        "the bill number has 1 to 35 characters",
                    ));
                }
            }
            _ => {}
        }
        problems
    }

    /// Whether `held` (what the bank holds) is this order, allowing the bank to have filled in
    /// the debtor account the customer picked when this order left it open. Returns the first
    /// field that differs.
    pub fn differs_from(&self, held: &PaymentOrder) -> Option<&'static str> {
        if self.amount != held.amount {
            return Some("amount");
        }
        if self.payee != held.payee {
            return Some("payee");
        }
        if self.debtor_account.is_some() && self.debtor_account != held.debtor_account {
            return Some("debtor_account");
        }
        if self.reference != held.reference {
            return Some("reference");
        }
        if self.purpose != held.purpose {
            return Some("purpose");
        }
        None
    }
}

fn valid_account(account: &str) -> bool {
    (1..=34).contains(&account.len()) && account.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fps::MobileNumber;

    fn order(amount: Decimal) -> PaymentOrder {
        PaymentOrder::new(
            Amount::hkd(amount),
            Payee::Fps(MobileNumber::parse("61234567").unwrap().into()),
        )
    }

    #[test]
    fn amounts() {
        assert!(order(Decimal::new(25000, 2)).validate().is_empty());
        assert!(!order(Decimal::ZERO).validate().is_empty());
        assert!(!order(Decimal::new(-1, 0)).validate().is_empty());
        assert!(!order(Decimal::new(1001, 3)).validate().is_empty());
        assert!(order(Decimal::new(1000, 3)).validate().is_empty());
        assert!(!order(Decimal::from(10u64.pow(13))).validate().is_empty());
        let usd = PaymentOrder {
            amount: Amount::new(Decimal::ONE, hkob_core::Currency::new("USD").unwrap()),
            ..order(Decimal::ONE)
        };
        assert_eq!(usd.validate()[0].field(), "amount");
    }

    #[test]
    fn every_problem_at_once() {
        let bad = order(Decimal::ZERO)
            .reference("x".repeat(36))
            .purpose("other");
        let fields: Vec<&str> = bad.validate().iter().map(|p| p.field()).collect();
        assert_eq!(fields, ["amount", "reference", "purpose"]);
    }

    #[test]
    fn differences() {
        let asked = order(Decimal::ONE);
        let held = asked.clone().from_account("015123");
        assert_eq!(asked.differs_from(&held), None);
        assert_eq!(held.differs_from(&asked), Some("debtor_account"));
        assert_eq!(asked.differs_from(&order(Decimal::TWO)), Some("amount"));
    }

    #[test]
    fn cards() {
        assert!(CardNumber::parse("4111 1111 1111 1111").is_ok());
        assert!(CardNumber::parse("4111 1111 1111 1112").is_err());
        assert!(CardNumber::parse("4111").is_err());
        let card = CardNumber::parse("4111111111111111").unwrap();
        assert_eq!(format!("{card:?}"), "CardNumber(****1111)");
    }
}
