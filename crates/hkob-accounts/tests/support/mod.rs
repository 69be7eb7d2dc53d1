//! A mock bank with approving customers, and the SDK side set up for it.

#![allow(dead_code)]

pub mod state;

use std::sync::Arc;

use hkob_accounts::{
    AccessOptions, AccountAccess, ConsentRequest, ConsentStore, MemoryStore, Permission,
};
use hkob_core::store::StateBackend;
use hkob_mock_bank::{AutoApproval, MockBank};

/// Where the mock's registered test client may be sent back (any port on 127.0.0.1).
pub const REDIRECT: &str = "http://127.0.0.1:9/callback";

/// The test customer whose accounts the tests read.
pub const CUSTOMER: &str = "chantaiman";

pub async fn mock(banks: &[&str]) -> MockBank {
    MockBank::builder()
        .seed(11)
        .banks(banks.iter().copied())
        .start()
        .await
        .expect("the mock bank starts")
}

/// Lets `username` approve every authorization at `bank` at once.
pub fn auto_approve(mock: &MockBank, bank: &str, username: &str) {
    mock.bank(bank)
        .expect("the bank")
        .auth_server()
        .expect("an authorization server")
        .set_auto_approval(Some(AutoApproval::Approve {
            username: username.to_owned(),
        }));
}

pub async fn access(mock: &MockBank, bank: &str, store: Arc<MemoryStore>) -> AccountAccess {
    let profile = hkob_banks::mock_profiles_of(mock, &[bank])
        .pop()
        .expect("a profile");
    AccountAccess::connect(profile, AccessOptions::new(REDIRECT), store)
        .await
        .expect("discovery and setup")
}

/// An access at `bank` keeping its consents in `store`, and sharing `shared` (the TSP's token,
/// customers' refresh leases) with every other access given the same state.
pub async fn access_sharing(
    mock: &MockBank,
    bank: &str,
    store: Arc<dyn ConsentStore>,
    shared: Option<Arc<dyn StateBackend>>,
) -> AccountAccess {
    let profile = hkob_banks::mock_profiles_of(mock, &[bank])
        .pop()
        .expect("a profile");
    let mut options = AccessOptions::new(REDIRECT);
    if let Some(shared) = shared {
        options = options.shared_state(shared);
    }
    AccountAccess::connect(profile, options, store)
        .await
        .expect("discovery and setup")
}

/// How many refresh-token grants the mock's token endpoints have answered.
pub fn refresh_grants(mock: &MockBank) -> usize {
    mock.requests()
        .iter()
        .filter(|r| {
            r.body
                .as_deref()
                .is_some_and(|b| b.contains("grant_type=refresh_token"))
        })
        .count()
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

pub fn everything() -> ConsentRequest {
    ConsentRequest::new([
        Permission::AccountsDetail,
        Permission::Balances,
        Permission::TransactionsDetail,
        Permission::Cards,
        Permission::CardTransactions,
    ])
}
