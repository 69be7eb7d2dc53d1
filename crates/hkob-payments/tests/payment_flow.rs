//! The whole payment journey against the mock bank, in both dialects: a consent for the exact
//! payment, the customer's approval, one submission, and its status followed to the end, with
//! the money moving between banks and the total kept.

mod support;

use std::sync::Arc;
use std::time::Duration;

use hkob_core::Decimal;
use hkob_mock_bank::{PaymentOutcome, PaymentProgress};
use hkob_payments::{MemoryStore, PaymentConsentStatus, PaymentError, PaymentStatus};
use support::*;

async fn pays_a_mobile_number_at_another_bank(payer_bank: &str, payee_bank: &str) {
    let mock = mock(&[payer_bank, payee_bank]).await;
    auto_approve(&mock, payer_bank);
    let payee = mobile_at(&mock, payee_bank);
    let from = payer_account(&mock, payer_bank);
    let total = mock.total_balance_all("HKD");
    let payer_before = balance(&mock, payer_bank, &from);
    let payee_before = balance(&mock, payee_bank, &payee.account_id);

    let store = Arc::new(MemoryStore::new());
    let bank = access(&mock, payer_bank, store.clone()).await;
    let amount = Decimal::new(25050, 2);
    let order = to_mobile(&payee, amount);
    let redirect = bank.begin(&order).await.expect("a consent");
    assert_eq!(
        redirect.consent.status,
        PaymentConsentStatus::AwaitingAuthorisation
    );
    assert!(
        redirect.consent.payee_name.is_some(),
        "the bank shows the payee's name"
    );
    // Nothing moves before the payment is submitted.
    let callback = visit(&redirect.url).await;
    let consent = bank.complete(&callback).await.expect("approved");
    assert_eq!(consent.status, PaymentConsentStatus::Authorised);
    assert!(
        consent.order.debtor_account.is_some(),
        "the customer picked the account"
    );
    assert_eq!(balance(&mock, payer_bank, &from), payer_before);

    let payment = bank.submit(&consent.id).await.expect("the payment");
    assert!(!payment.status.is_final(), "{}", payment.status);
    let done = bank
        .wait(&consent.id, Duration::from_secs(30))
        .await
        .expect("a final status");
    assert_eq!(done.status, PaymentStatus::Completed);
    assert_eq!(done.id, payment.id);

    assert_eq!(balance(&mock, payer_bank, &from), payer_before - amount);
    assert_eq!(
        balance(&mock, payee_bank, &payee.account_id),
        payee_before + amount
    );
    assert_eq!(mock.total_balance_all("HKD"), total);

    // Submitting again reads the status; it never pays twice.
    let again = bank.submit(&consent.id).await.expect("the same payment");
    assert_eq!(again.id, payment.id);
    assert_eq!(balance(&mock, payer_bank, &from), payer_before - amount);
    let intent = hkob_payments::PaymentStore::intent(store.as_ref(), payer_bank, &consent.id)
        .await
        .expect("the store")
        .expect("the intent");
    assert_eq!(intent.consent.status, PaymentConsentStatus::Consumed);
    assert_eq!(
        intent.payment.map(|p| p.status),
        Some(PaymentStatus::Completed)
    );
}

#[tokio::test]
async fn jetco_apix_pays_a_mobile_number_at_the_hsbc_group() {
    pays_a_mobile_number_at_another_bank("bea", "hsbc").await;
}

#[tokio::test]
async fn hsbc_group_pays_a_mobile_number_at_a_jetco_bank() {
    pays_a_mobile_number_at_another_bank("hsbc", "dsb").await;
}

#[tokio::test]
async fn a_payment_beyond_the_balance_is_rejected_with_am04_and_moves_nothing() {
    let mock = mock(&["bea", "dsb"]).await;
    auto_approve(&mock, "bea");
    let payee = mobile_at(&mock, "dsb");
    let from = payer_account(&mock, "bea");
    let before = balance(&mock, "bea", &from);
    let bank = access(&mock, "bea", Arc::new(MemoryStore::new())).await;
    // Above the balance, below the per-payment limit.
    mock.bank("bea")
        .expect("bea")
        .set_payment_limit("HKD", before + Decimal::from(10_000));
    let order = to_mobile(&payee, (before + Decimal::ONE).round_dp(2))
        .from_account(debtor_number(&mock, "bea", &from));
    let redirect = bank.begin(&order).await.expect("a consent");
    let consent = bank
        .complete(&visit(&redirect.url).await)
        .await
        .expect("approved");
    let payment = bank.submit(&consent.id).await.expect("a payment, rejected");
    assert_eq!(payment.status, PaymentStatus::Rejected);
    assert_eq!(payment.reasons[0].code, "AM04");
    assert_eq!(balance(&mock, "bea", &from), before);
}

#[tokio::test]
async fn a_payment_above_the_limit_is_rejected_with_am02() {
    let mock = mock(&["hsbc", "bea"]).await;
    auto_approve(&mock, "hsbc");
    let payee = mobile_at(&mock, "bea");
    let bank = access(&mock, "hsbc", Arc::new(MemoryStore::new())).await;
    mock.bank("hsbc")
        .expect("hsbc")
        .set_payment_limit("HKD", Decimal::from(100));
    let redirect = bank
        .begin(&to_mobile(&payee, Decimal::new(10001, 2)))
        .await
        .expect("a consent");
    let consent = bank
        .complete(&visit(&redirect.url).await)
        .await
        .expect("approved");
    let payment = bank.submit(&consent.id).await.expect("a payment, rejected");
    assert_eq!(payment.status, PaymentStatus::Rejected);
    assert_eq!(payment.reasons[0].code, "AM02");
}

#[tokio::test]
async fn a_cancelled_payment_gives_the_money_back() {
    let mock = hkob_mock_bank::MockBank::builder()
        .seed(11)
        .banks(["bea", "dsb"])
        .payment_progress(PaymentProgress::new(1, PaymentOutcome::CancelledAfter(1)))
        .start()
        .await
        .expect("the mock bank starts");
    auto_approve(&mock, "bea");
    let payee = mobile_at(&mock, "dsb");
    let from = payer_account(&mock, "bea");
    let before = balance(&mock, "bea", &from);
    let bank = access(&mock, "bea", Arc::new(MemoryStore::new())).await;
    let redirect = bank
        .begin(&to_mobile(&payee, Decimal::TEN))
        .await
        .expect("a consent");
    let consent = bank
        .complete(&visit(&redirect.url).await)
        .await
        .expect("approved");
    bank.submit(&consent.id).await.expect("the payment");
    let done = bank
        .wait(&consent.id, Duration::from_secs(30))
        .await
        .expect("final");
    assert_eq!(done.status, PaymentStatus::Cancelled);
    assert_eq!(balance(&mock, "bea", &from), before);
}

#[tokio::test(start_paused = true)]
async fn a_payment_stuck_in_pending_meets_the_deadline_with_its_last_status() {
    let mock = hkob_mock_bank::MockBank::builder()
        .seed(11)
        .banks(["bea", "dsb"])
        .payment_progress(PaymentProgress::new(1, PaymentOutcome::StuckPending))
        .start()
        .await
        .expect("the mock bank starts");
    auto_approve(&mock, "bea");
    let payee = mobile_at(&mock, "dsb");
    let bank = access(&mock, "bea", Arc::new(MemoryStore::new())).await;
    let redirect = bank
        .begin(&to_mobile(&payee, Decimal::TEN))
        .await
        .expect("a consent");
    let consent = bank
        .complete(&visit(&redirect.url).await)
        .await
        .expect("approved");
    bank.submit(&consent.id).await.expect("the payment");
    let before = mock.requests_to("bea").len();
    match bank.wait(&consent.id, Duration::from_secs(20)).await {
        Err(PaymentError::Deadline(last)) => assert_eq!(last.status, PaymentStatus::Pending),
        other => panic!("expected the deadline, got {other:?}"),
    }
    let polls = mock.requests_to("bea").len() - before;
    // A quarter second, doubling up to 8 s: a handful of reads in 20 s, never a stream of them.
    assert!((3..=10).contains(&polls), "{polls} reads");
    assert!(
        mock.requests_to("bea")
            .iter()
            .skip(before)
            .all(|r| r.method == "GET"),
        "the status is read by GET only"
    );
}

/// The account number the bank names an account by (its `number` without hyphens).
fn debtor_number(mock: &hkob_mock_bank::MockBank, bank: &str, account_id: &str) -> String {
    mock.bank(bank)
        .expect("the bank")
        .accounts()
        .iter()
        .find(|a| a.id == account_id)
        .expect("the account")
        .number
        .replace('-', "")
}
