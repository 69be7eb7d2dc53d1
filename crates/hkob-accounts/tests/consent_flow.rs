//! The whole consent flow against the mock bank, in both dialects, and what a session reads.

mod support;

use std::sync::Arc;

use futures_util::{StreamExt, TryStreamExt};
use hkob_accounts::{
    AccessError, AccountAggregator, ConsentRecord, ConsentRequest, ConsentStatus, ConsentStore,
    MemoryStore, Permission, TransactionQuery,
};
use support::*;

#[tokio::test]
async fn a_jetco_customer_consents_and_the_tsp_reads_accounts_balances_transactions_and_cards() {
    let mock = mock(&["bea"]).await;
    auto_approve(&mock, "bea", CUSTOMER);
    let store = Arc::new(MemoryStore::new());
    let bea = access(&mock, "bea", store.clone()).await;

    let redirect = bea.begin(&everything()).await.expect("consent created");
    assert_eq!(
        redirect.consent.status,
        ConsentStatus::AwaitingAuthorisation
    );
    let callback = visit(&redirect.url).await;
    let consent = bea.complete(&callback).await.expect("approved");
    assert_eq!(consent.status, ConsentStatus::Authorised);
    assert_eq!(consent.id, redirect.consent.id);

    let session = bea.session(&consent.id).await.expect("a session");
    let accounts: Vec<_> = session.accounts().try_collect().await.expect("accounts");
    assert!(!accounts.is_empty(), "the customer has accounts");
    for account in &accounts {
        assert!(account.number.is_some(), "ReadAccountsDetail shows numbers");
        let one = session.account(&account.id).await.expect("one account");
        assert_eq!(one.id, account.id);
        let balances = session.balances(&account.id).await.expect("balances");
        assert!(!balances.is_empty());
        let recent: Vec<_> = session
            .transactions(&account.id, TransactionQuery::all().page_size(7))
            .take(20)
            .try_collect()
            .await
            .expect("transactions");
        assert_eq!(recent.len(), 20, "more than two pages of 7");
        assert!(
            recent.windows(2).all(|w| w[0].booked_at >= w[1].booked_at),
            "newest first"
        );
        assert!(recent.iter().all(|t| t.account_id == account.id));
    }
    let cards: Vec<_> = session.cards().try_collect().await.expect("cards");
    for card in &cards {
        let _: Vec<_> = session
            .card_transactions(&card.id, TransactionQuery::all())
            .take(5)
            .try_collect()
            .await
            .expect("card transactions");
    }

    // Nothing personal in Debug.
    let shown = format!("{accounts:?}");
    for account in &accounts {
        let number = account.number.as_ref().expect("number").expose();
        assert!(!shown.contains(number.as_str()), "{shown}");
    }
}

#[tokio::test]
async fn an_hsbc_customer_consents_and_the_tsp_reads_accounts_and_balances() {
    let mock = mock(&["hsbc"]).await;
    auto_approve(&mock, "hsbc", CUSTOMER);
    let store = Arc::new(MemoryStore::new());
    let hsbc = access(&mock, "hsbc", store).await;
    let request = ConsentRequest::new([
        Permission::AccountsBasic,
        Permission::Balances,
        Permission::TransactionsBasic,
    ]);
    let redirect = hsbc.begin(&request).await.expect("consent created");
    let consent = hsbc
        .complete(&visit(&redirect.url).await)
        .await
        .expect("approved");
    let session = hsbc.session(&consent.id).await.expect("a session");
    let accounts: Vec<_> = session.accounts().try_collect().await.expect("accounts");
    assert!(!accounts.is_empty());
    assert!(
        accounts.iter().all(|a| a.number.is_none()),
        "basic: no numbers"
    );
    for account in &accounts {
        assert!(
            !session
                .balances(&account.id)
                .await
                .expect("balances")
                .is_empty()
        );
        let some: Vec<_> = session
            .transactions(&account.id, TransactionQuery::all())
            .take(3)
            .try_collect()
            .await
            .expect("transactions");
        assert!(!some.is_empty());
    }
    let unknown = session.account("A-not-consented").await;
    assert!(unknown.is_err(), "{unknown:?}");
    let cards: Result<Vec<_>, _> = session.cards().try_collect().await;
    assert!(
        matches!(cards, Err(AccessError::NotOffered { .. })),
        "{cards:?}"
    );
}

#[tokio::test]
async fn a_replayed_callback_and_a_revoked_consent_are_refused_with_typed_errors() {
    let mock = mock(&["bea"]).await;
    auto_approve(&mock, "bea", CUSTOMER);
    let store = Arc::new(MemoryStore::new());
    let bea = access(&mock, "bea", store.clone()).await;
    let redirect = bea.begin(&everything()).await.expect("consent created");
    let callback = visit(&redirect.url).await;
    let consent = bea.complete(&callback).await.expect("approved");
    let replay = bea.complete(&callback).await;
    assert!(
        matches!(replay, Err(AccessError::UnknownAuthorization)),
        "{replay:?}"
    );

    let session = bea.session(&consent.id).await.expect("a session");
    let accounts: Vec<_> = session.accounts().try_collect().await.expect("accounts");
    // Revoked at the bank, mid-session: the next read says so.
    mock.bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth server")
        .revoke_consent(&consent.id)
        .expect("revoked at the bank");
    let after = session.balances(&accounts[0].id).await;
    assert_eq!(
        after.as_ref().err().and_then(AccessError::consent_status),
        Some(&ConsentStatus::Revoked),
        "{after:?}"
    );
    let stored = store
        .consent("bea", &consent.id)
        .await
        .unwrap()
        .expect("kept");
    assert_eq!(stored.consent.status, ConsentStatus::Revoked);
    assert!(stored.tokens.is_none(), "tokens forgotten");
    let again = bea.session(&consent.id).await;
    assert!(
        matches!(again, Err(AccessError::ConsentNotUsable { .. })),
        "{again:?}"
    );

    // Revoked by the TSP.
    let redirect = bea.begin(&everything()).await.expect("consent created");
    let second = bea
        .complete(&visit(&redirect.url).await)
        .await
        .expect("approved");
    bea.revoke(&second.id).await.expect("revoked");
    let record: ConsentRecord = store
        .consent("bea", &second.id)
        .await
        .unwrap()
        .expect("kept");
    assert_eq!(record.consent.status, ConsentStatus::Revoked);
    assert_eq!(
        bea.refresh_consent(&second.id).await.expect("read").status,
        ConsentStatus::Revoked
    );
}

#[tokio::test]
async fn a_customer_who_denies_leaves_a_rejected_consent_and_no_tokens() {
    let mock = mock(&["bea"]).await;
    mock.bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth server")
        .set_auto_approval(Some(hkob_mock_bank::AutoApproval::Deny));
    let store = Arc::new(MemoryStore::new());
    let bea = access(&mock, "bea", store.clone()).await;
    let redirect = bea.begin(&everything()).await.expect("consent created");
    let denied = bea.complete(&visit(&redirect.url).await).await;
    assert!(
        matches!(&denied, Err(AccessError::Request(hkob_core::Error::Auth(e)))
            if e.kind() == hkob_core::error::AuthErrorKind::AuthorizationDenied),
        "{denied:?}"
    );
    let record = store
        .consent("bea", &redirect.consent.id)
        .await
        .unwrap()
        .expect("kept");
    assert_eq!(record.consent.status, ConsentStatus::Rejected);
    assert!(record.tokens.is_none());
}

#[tokio::test]
async fn the_aggregator_reads_two_banks_of_two_dialects_and_totals_per_currency() {
    let mock = mock(&["bea", "hsbc"]).await;
    let store = Arc::new(MemoryStore::new());
    let mut banks = Vec::new();
    for bank in ["bea", "hsbc"] {
        auto_approve(&mock, bank, CUSTOMER);
        let access = access(&mock, bank, store.clone()).await;
        let request = ConsentRequest::new([Permission::AccountsBasic, Permission::Balances]);
        let redirect = access.begin(&request).await.expect("consent");
        access
            .complete(&visit(&redirect.url).await)
            .await
            .expect("approved");
        banks.push(access);
    }
    let overview = AccountAggregator::new(banks).overview().await;
    assert!(overview.failures.is_empty(), "{:?}", overview.failures);
    assert_eq!(overview.banks.len(), 2);
    let totals = overview.totals();
    assert!(!totals.is_empty());
    let hkd: hkob_core::Decimal = overview
        .banks
        .iter()
        .flat_map(|b| &b.accounts)
        .filter_map(|a| a.headline())
        .filter(|b| b.amount.currency == hkob_core::Currency::HKD)
        .map(|b| b.signed())
        .sum();
    if let Some(total) = totals.get(&hkob_core::Currency::HKD) {
        assert_eq!(*total, Some(hkd));
    }
}

#[tokio::test]
async fn bad_requests_are_refused_before_anything_is_sent() {
    let mock = mock(&["bea"]).await;
    let bea = access(&mock, "bea", Arc::new(MemoryStore::new())).await;
    let empty = bea.begin(&ConsentRequest::new([])).await;
    assert!(
        matches!(empty, Err(AccessError::InvalidInput(_))),
        "{empty:?}"
    );
    let past = ConsentRequest::new([Permission::Balances])
        .expires_at(chrono::Utc::now() - chrono::Duration::days(1));
    assert!(matches!(
        bea.begin(&past).await,
        Err(AccessError::InvalidInput(_))
    ));
    let unknown = bea.session("no-such-consent").await;
    assert!(
        matches!(unknown, Err(AccessError::UnknownConsent { .. })),
        "{unknown:?}"
    );
    let stray = bea
        .complete("http://127.0.0.1:9/callback?code=x&state=never-sent")
        .await;
    assert!(
        matches!(stray, Err(AccessError::UnknownAuthorization)),
        "{stray:?}"
    );
}
