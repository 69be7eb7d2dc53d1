//! A mock bank with an approving customer, and the SDK side set up for it.

#![allow(dead_code)]

pub mod interrupt;
pub mod redis_server;
pub mod stores;

use std::sync::Arc;

use hkob_core::{Amount, Decimal};
use hkob_mock_bank::{AutoApproval, FpsRegistration, MockBank};
use hkob_payments::fps::{FpsProxy, MobileNumber};
use hkob_payments::{AccessOptions, MemoryStore, Payee, PaymentAccess, PaymentOrder, PaymentStore};

/// Where the mock's registered test client may be sent back.
pub const REDIRECT: &str = "http://127.0.0.1:9/callback";

/// The paying customer, at every bank.
pub const PAYER: &str = "C0001";

pub async fn mock(banks: &[&str]) -> MockBank {
    MockBank::builder()
        .seed(11)
        .banks(banks.iter().copied())
        .start()
        .await
        .expect("the mock bank starts")
}

/// Lets the payer approve every authorization at `bank` at once.
pub fn auto_approve(mock: &MockBank, bank: &str) {
    let handle = mock.bank(bank).expect("the bank");
    let (username, _) = handle.customer_login(PAYER).expect("the payer's login");
    handle
        .auth_server()
        .expect("an authorization server")
        .set_auto_approval(Some(AutoApproval::Approve { username }));
}

pub async fn access(mock: &MockBank, bank: &str, store: Arc<MemoryStore>) -> PaymentAccess {
    access_with(mock, bank, store).await
}

/// [`access`] over any store.
pub async fn access_with(
    mock: &MockBank,
    bank: &str,
    store: Arc<dyn PaymentStore>,
) -> PaymentAccess {
    let profile = hkob_banks::mock_profiles_of(mock, &[bank])
        .pop()
        .expect("a profile");
    PaymentAccess::connect(profile, AccessOptions::new(REDIRECT), store)
        .await
        .expect("discovery and setup")
}

/// Begins `order` at `access`, approves it as the customer and completes it: the consent id.
pub async fn approved(access: &PaymentAccess, order: &PaymentOrder) -> String {
    let redirect = access.begin(order).await.expect("a consent");
    let callback = visit(&redirect.url).await;
    access.complete(&callback).await.expect("approved").id
}

/// Follows the authorization URL as the customer's browser would, and returns where the bank
/// sent them back to.
pub async fn visit(url: &url::Url) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let response = client
        .get(url.as_str())
        .send()
        .await
        .expect("the bank answers");
    assert!(
        response.status().is_redirection(),
        "the bank redirects back: {}",
        response.status()
    );
    response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("a Location")
        .to_owned()
}

/// A customer's mobile number registered at `bank`.
pub fn mobile_at(mock: &MockBank, bank: &str) -> FpsRegistration {
    mock.fps_directory()
        .into_iter()
        .find(|r| r.bank == bank && r.scheme == "MOBN" && r.customer_id.is_some())
        .expect("a mobile number registered at the bank")
}

/// An FPS payment of `hkd` to `payee`'s mobile number.
pub fn to_mobile(payee: &FpsRegistration, hkd: Decimal) -> PaymentOrder {
    let mobile = MobileNumber::parse(&payee.identification).expect("a canonical mobile number");
    PaymentOrder::new(Amount::hkd(hkd), Payee::Fps(FpsProxy::from(mobile))).reference("TEST-0001")
}

/// The payer's first HKD account at `bank`: its ledger id.
pub fn payer_account(mock: &MockBank, bank: &str) -> String {
    mock.bank(bank)
        .expect("the bank")
        .accounts()
        .iter()
        .find(|a| a.customer_id == PAYER && a.currency == "HKD")
        .expect("an HKD account")
        .id
        .clone()
}

pub fn balance(mock: &MockBank, bank: &str, account_id: &str) -> Decimal {
    mock.bank(bank)
        .expect("the bank")
        .balance(account_id)
        .expect("the account")
}
