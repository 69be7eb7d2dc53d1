//! Direct debits against the mock HSBC: the creditor's consent, a mandate with a debtor at the
//! same bank confirmed by the debtor's one-time password (a wrong one refused first), a mandate
//! with a debtor at another bank answered through FPS, collections that move money within the
//! maximum and are refused above it, the limits amended, the mandate cancelled.

mod support;

use std::sync::Arc;

use hkob_core::{Amount, Decimal};
use hkob_mock_bank::MockBank;
use hkob_payments::direct_debit::{
    Collection, CollectionStatus, Debtor, DebtorIdentity, DirectDebitAccess, DirectDebitPermission,
    MandateAccount, MandateLimits, MandateRequest, MandateStatus,
};
use hkob_payments::fps::{BankCode, HkidNumber};
use hkob_payments::{MemoryStore, PaymentError};
use support::*;

/// A mandate request for customer `debtor` of `bank` to pay the creditor's `creditor` account.
fn mandate_request(
    mock: &MockBank,
    bank: &str,
    debtor_id: &str,
    creditor: &MandateAccount,
) -> MandateRequest {
    let handle = mock.bank(bank).expect("bank");
    let account = handle
        .accounts()
        .iter()
        .find(|a| a.customer_id == debtor_id && a.currency == "HKD")
        .expect("an HKD account");
    let hkid = mock
        .fps_directory()
        .into_iter()
        .find(|r| {
            r.bank == bank && r.scheme == "HKID" && r.customer_id.as_deref() == Some(debtor_id)
        })
        .expect("the debtor's HKID");
    let code = BankCode::parse(&handle.profile().bank_code).expect("a bank code");
    let debtor = Debtor::new(
        hkid.holder_name.clone(),
        MandateAccount::hkd(code, account.number.replace('-', "")),
        DebtorIdentity::Hkid(HkidNumber::parse(&hkid.identification).expect("an HKID")),
    );
    MandateRequest::new(
        format!("MR-{debtor_id}"),
        format!("MEMBER-{debtor_id}"),
        "HARBOUR FITNESS LTD",
        creditor.clone(),
        debtor,
        MandateLimits::monthly(Amount::hkd(Decimal::from(800))),
    )
}

#[tokio::test]
async fn mandates_are_set_up_confirmed_collected_amended_and_cancelled() {
    let mock = mock(&["hsbc", "bea"]).await;
    auto_approve(&mock, "hsbc");
    let total = mock.total_balance_all("HKD");
    let profile = hkob_banks::mock_profiles_of(&mock, &["hsbc"])
        .pop()
        .expect("profile");
    let access = DirectDebitAccess::connect(
        profile,
        hkob_payments::AccessOptions::new(REDIRECT),
        Arc::new(MemoryStore::new()),
    )
    .await
    .expect("setup");
    let redirect = access
        .begin(&DirectDebitPermission::all_but_reporting(), None)
        .await
        .expect("a consent");
    let session = access
        .complete(&visit(&redirect.url).await)
        .await
        .expect("approved");
    let creditor = session
        .consent()
        .creditor_account
        .clone()
        .expect("a creditor account");

    // On-us: the debtor gets a one-time password.
    let request = mandate_request(&mock, "hsbc", "C0002", &creditor);
    let mandate = session.setup(&request).await.expect("a mandate");
    assert_eq!(mandate.status, MandateStatus::PendingOtp);
    let (prefix, otp) = mock
        .bank("hsbc")
        .expect("hsbc")
        .direct_debit_otp(&mandate.id)
        .expect("an OTP was sent");
    assert_eq!(mandate.otp_prefix.as_deref(), Some(prefix.as_str()));
    match session.confirm(&mandate.id, &prefix, "000000").await {
        Err(PaymentError::Refused { reasons, .. }) => assert!(!reasons.is_empty()),
        other => panic!("a wrong OTP is refused, got {other:?}"),
    }
    let mandate = session
        .confirm(&mandate.id, &prefix, &otp)
        .await
        .expect("confirmed");
    assert_eq!(mandate.status, MandateStatus::Active);

    // Collections within the maximum move money; above it they are rejected.
    let debtor = request.debtor.account.account_number.expose().clone();
    let debtor_id = mock
        .bank("hsbc")
        .expect("hsbc")
        .accounts()
        .iter()
        .find(|a| a.number.replace('-', "") == debtor)
        .expect("the debtor's account")
        .id
        .clone();
    let before = balance(&mock, "hsbc", &debtor_id);
    let collect = |amount: i64| {
        Collection::new(
            &mandate.id,
            Amount::hkd(Decimal::from(amount)),
            creditor.clone(),
        )
        .reference("DEC-2026")
    };
    let collected = session.collect(&collect(650)).await.expect("collected");
    assert_eq!(collected.status, CollectionStatus::Settled);
    assert_eq!(
        session
            .collection(&collected.id)
            .await
            .expect("read")
            .status,
        CollectionStatus::Settled
    );
    assert_eq!(
        balance(&mock, "hsbc", &debtor_id),
        before - Decimal::from(650)
    );
    let above = session.collect(&collect(801)).await;
    match above {
        Ok(c) => assert_eq!(c.status, CollectionStatus::Rejected),
        Err(PaymentError::Refused { .. }) => {}
        other => panic!("above the maximum: {other:?}"),
    }
    assert_eq!(
        balance(&mock, "hsbc", &debtor_id),
        before - Decimal::from(650)
    );

    // Amended, then the larger collection passes; cancelled, then nothing does.
    let amended = session
        .amend(
            &mandate.id,
            &MandateLimits::monthly(Amount::hkd(Decimal::from(1200))),
        )
        .await
        .expect("amended");
    assert_eq!(amended.maximum, Some(Amount::hkd(Decimal::from(1200))));
    assert_eq!(
        session
            .collect(&collect(801))
            .await
            .expect("collected")
            .status,
        CollectionStatus::Settled
    );
    let cancelled = session.cancel(&mandate.id).await.expect("cancelled");
    assert_eq!(cancelled.status, MandateStatus::Cancelled);
    assert!(cancelled.status.is_final());
    match session.collect(&collect(10)).await {
        Ok(c) => assert_eq!(c.status, CollectionStatus::Rejected),
        Err(PaymentError::Refused { .. }) => {}
        other => panic!("after cancelling: {other:?}"),
    }

    // Off-us: the debtor's bank answers through FPS.
    let off_us = mandate_request(&mock, "bea", "C0003", &creditor);
    let mandate = session.setup(&off_us).await.expect("a mandate");
    assert_eq!(mandate.status, MandateStatus::PendingFps);
    assert_eq!(
        session.mandate(&mandate.id).await.expect("enquired").status,
        MandateStatus::Active
    );
    assert_eq!(mock.total_balance_all("HKD"), total, "the money is kept");
}

#[tokio::test]
async fn a_jetco_bank_offers_no_direct_debit() {
    let mock = mock(&["bea"]).await;
    let profile = hkob_banks::mock_profiles_of(&mock, &["bea"])
        .pop()
        .expect("profile");
    let refused = DirectDebitAccess::connect(
        profile,
        hkob_payments::AccessOptions::new(REDIRECT),
        Arc::new(MemoryStore::new()),
    )
    .await
    .expect_err("not offered");
    assert!(
        matches!(refused, PaymentError::NotOffered { .. }),
        "{refused:?}"
    );
}
