//! Integration tests of Phase IV (payments) at the JETCO APIX banks and the
//! HSBC group: the whole flow over HTTP with money moving and every
//! account's total kept, each rejection and refusal, idempotency, request
//! and answer signatures, faults and concurrency; every answer checked
//! against its spec.

// The shared helpers of the mock bank's tests (targets, client, spec
// validator); these tests use only some of them.
#[allow(dead_code)]
#[path = "../mock_bank/support.rs"]
mod support;

mod concurrency;
mod direct_debit;
mod faults;
mod flow;
mod hsbc;
mod jetco;
mod refusals;
mod signatures;

use hkob_mock_bank::{FpsRegistration, MockBank};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// The customer who pays in these tests: the bank's first customer, their
/// login and their first HKD account (what auto-approval pays from).
pub struct Payer {
    pub customer_id: String,
    pub username: String,
    pub account_id: String,
    /// The account number as a payment names it (digits only).
    pub bban: String,
}

pub fn payer(mock: &MockBank, bank: &str) -> Payer {
    let handle = mock.bank(bank).expect("bank");
    let customer = &handle.customers()[0];
    let account = handle
        .accounts()
        .iter()
        .find(|a| a.customer_id == customer.id && a.currency == "HKD")
        .expect("an HKD account");
    let (username, _) = handle.customer_login(&customer.id).expect("login");
    Payer {
        customer_id: customer.id.clone(),
        username,
        account_id: account.id.clone(),
        bban: digits(&account.number),
    }
}

pub fn digits(number: &str) -> String {
    number.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A proxy registered at a bank, of a scheme, held by the bank's second
/// customer (the first is the [`payer`]).
pub fn proxy(mock: &MockBank, bank: &str, scheme: &str) -> FpsRegistration {
    mock.fps_directory()
        .into_iter()
        .find(|r| r.bank == bank && r.scheme == scheme && r.customer_id.as_deref() == Some("C0002"))
        .unwrap_or_else(|| panic!("no {scheme} proxy at {bank}"))
}

pub fn balance(mock: &MockBank, bank: &str, account: &str) -> Decimal {
    mock.bank(bank)
        .and_then(|b| b.balance(account))
        .unwrap_or_else(|| panic!("no account {account} at {bank}"))
}

pub fn totals(mock: &MockBank) -> (Decimal, Decimal) {
    (mock.total_balance_all("HKD"), mock.total_balance_all("CNY"))
}

/// A JETCO FPS initiation to a proxy.
pub fn jetco_fps(amount: &str, scheme: &str, identification: &str) -> Value {
    json!({
        "paymentType": "FPS",
        "instructedAmount": { "amount": amount, "currency": "HKD" },
        "creditorAccount": { "schemeName": scheme, "identification": identification, "name": "Someone" },
        "reference": "INV-2026-0042",
        "purpose": "OTHR",
    })
}

/// An HSBC FPS initiation to a proxy.
pub fn hsbc_fps(amount: &str, scheme: &str, identification: &str) -> Value {
    json!({
        "localInstrument": "HK.FPS",
        "instructedAmount": { "amount": amount, "currency": "HKD" },
        "creditorAccount": { "schemeName": scheme, "identification": identification, "name": "Someone" },
        "remittanceInformation": { "reference": "INV-2026-0042", "unstructured": "December" },
        "purposeCode": "OTHR",
    })
}

/// A key unique to this call.
pub fn key() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
