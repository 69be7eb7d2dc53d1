//! What must never happen: paying twice, paying something other than what was consented, or
//! believing an answer the bank did not sign. Each case against the mock bank.

mod support;

use std::sync::Arc;

use hkob_core::error::AuthErrorKind;
use hkob_core::retry::RetryPolicy;
use hkob_core::signing::{DetachedJws, SigningAlgorithm, SigningKey};
use hkob_core::{Amount, Decimal, IdempotencyKey};
use hkob_mock_bank::{FaultRuleSpec, JwsAlgorithm, JwsKey, Misbehaviour, TspClient};
use hkob_payments::fps::{FpsProxy, MobileNumber};
use hkob_payments::{
    AccessOptions, MemoryStore, Payee, PaymentAccess, PaymentError, PaymentOrder, PaymentStatus,
    PaymentStore,
};
use support::*;

/// Approves `order` at `bank` and returns the consent id.
async fn approved(bank: &PaymentAccess, order: &PaymentOrder) -> String {
    let redirect = bank.begin(order).await.expect("a consent");
    bank.complete(&visit(&redirect.url).await)
        .await
        .expect("approved")
        .id
}

#[tokio::test]
async fn a_connection_dropped_after_the_bank_paid_is_retried_with_the_same_key_and_pays_once() {
    let mock = mock(&["bea", "hsbc"]).await;
    for (payer_bank, payee_bank, path) in [
        ("bea", "hsbc", "/payments"),
        (
            "hsbc",
            "bea",
            "/open-banking/v1.0/payments/domestic-payments",
        ),
    ] {
        auto_approve(&mock, payer_bank);
        let payee = mobile_at(&mock, payee_bank);
        let from = payer_account(&mock, payer_bank);
        let before = balance(&mock, payer_bank, &from);
        let total = mock.total_balance_all("HKD");
        let bank = access(&mock, payer_bank, Arc::new(MemoryStore::new())).await;
        let consent = approved(&bank, &to_mobile(&payee, Decimal::TEN)).await;
        mock.add_fault(FaultRuleSpec {
            bank: Some(payer_bank.to_owned()),
            path: Some(path.to_owned()),
            count: Some(1),
            scenario: "reset-after;method=POST".to_owned(),
        })
        .expect("a rule");
        let paid_before = mock.bank(payer_bank).expect("bank").payment_count();
        let payment = bank.submit(&consent).await.expect("paid after a retry");
        assert_eq!(
            mock.bank(payer_bank).expect("bank").payment_count(),
            paid_before + 1,
            "{payer_bank}: one payment"
        );
        assert_eq!(balance(&mock, payer_bank, &from), before - Decimal::TEN);
        assert_eq!(mock.total_balance_all("HKD"), total);
        let posts: Vec<_> = mock
            .requests_to(payer_bank)
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.ends_with(path))
            .collect();
        assert_eq!(posts.len(), 2, "{payer_bank}: the POST was sent again once");
        assert!(!payment.status.is_final() || payment.status == PaymentStatus::Completed);
    }
}

#[tokio::test]
async fn a_job_resumed_in_another_process_sends_the_stored_key_and_pays_once() {
    let mock = mock(&["bea", "dsb"]).await;
    auto_approve(&mock, "bea");
    let payee = mobile_at(&mock, "dsb");
    let from = payer_account(&mock, "bea");
    let before = balance(&mock, "bea", &from);
    let store = Arc::new(MemoryStore::new());
    // The first process never retries: the dropped answer is its crash.
    let profile = hkob_banks::mock_profiles_of(&mock, &["bea"])
        .pop()
        .expect("profile");
    let first = PaymentAccess::connect(
        profile,
        AccessOptions::new(REDIRECT).client(|b| b.retry_policy(RetryPolicy::none())),
        store.clone(),
    )
    .await
    .expect("setup");
    let consent = approved(&first, &to_mobile(&payee, Decimal::TEN)).await;
    mock.add_fault(FaultRuleSpec {
        bank: Some("bea".to_owned()),
        path: Some("/payments".to_owned()),
        count: Some(1),
        scenario: "reset-after;method=POST".to_owned(),
    })
    .expect("a rule");
    let lost = first.submit(&consent).await;
    assert!(lost.is_err(), "the answer was lost: {lost:?}");
    assert_eq!(
        balance(&mock, "bea", &from),
        before - Decimal::TEN,
        "the bank paid"
    );

    // Another process, sharing only the store, resumes the job.
    let second = access(&mock, "bea", store.clone()).await;
    let payment = second
        .submit(&consent)
        .await
        .expect("the payment made before");
    assert_eq!(mock.bank("bea").expect("bea").payment_count(), 1);
    assert_eq!(balance(&mock, "bea", &from), before - Decimal::TEN);
    let stored = store
        .intent("bea", &consent)
        .await
        .expect("store")
        .expect("intent");
    assert_eq!(stored.payment.map(|p| p.id), Some(payment.id));
}

#[tokio::test]
async fn the_same_key_with_another_payment_is_refused_by_the_bank() {
    let mock = mock(&["bea", "dsb"]).await;
    auto_approve(&mock, "bea");
    let payee = mobile_at(&mock, "dsb");
    let bank = access(&mock, "bea", Arc::new(MemoryStore::new())).await;
    let key = IdempotencyKey::new("order-2026-0042").expect("a key");
    let first = bank
        .begin_with_key(&to_mobile(&payee, Decimal::TEN), key.clone())
        .await
        .expect("a consent");
    let first = bank
        .complete(&visit(&first.url).await)
        .await
        .expect("approved");
    bank.submit(&first.id).await.expect("paid");
    let second = bank
        .begin_with_key(&to_mobile(&payee, Decimal::TWO), key)
        .await
        .expect("a consent");
    let second = bank
        .complete(&visit(&second.url).await)
        .await
        .expect("approved");
    let refused = bank.submit(&second.id).await.expect_err("refused");
    assert_eq!(
        refused.status().map(|s| s.as_u16()),
        Some(422),
        "{refused:?}"
    );
    assert_eq!(mock.bank("bea").expect("bea").payment_count(), 1);
}

#[tokio::test]
async fn a_request_signed_with_another_key_is_refused_by_the_bank() {
    let lodged = rcgen::KeyPair::generate().expect("a key");
    let other = rcgen::KeyPair::generate().expect("another key");
    let public =
        JwsKey::from_pem(JwsAlgorithm::Es256, lodged.public_key_pem().as_bytes()).expect("public");
    let mock = hkob_mock_bank::MockBank::builder()
        .seed(11)
        .banks(["hsbc", "bea"])
        .tsp_client(TspClient::new("signer", "signer-secret").with_signing_key(public))
        .start()
        .await
        .expect("the mock bank starts");
    auto_approve(&mock, "hsbc");
    let payee = mobile_at(&mock, "bea");
    let order = to_mobile(&payee, Decimal::TEN);
    for (pem, accepted) in [
        (lodged.serialize_pem(), true),
        (other.serialize_pem(), false),
    ] {
        let mut profile = hkob_banks::mock_profiles_of(&mock, &["hsbc"])
            .pop()
            .expect("profile");
        profile.credentials = hkob_banks::BankCredentials::client_secret("signer", "signer-secret");
        let key = SigningKey::from_pem(SigningAlgorithm::Es256, pem.as_bytes()).expect("key");
        let options =
            AccessOptions::new(REDIRECT).client(move |b| b.signer(DetachedJws::new(key.clone())));
        let bank = PaymentAccess::connect(profile, options, Arc::new(MemoryStore::new()))
            .await
            .expect("setup");
        let result = bank.begin(&order).await;
        if accepted {
            result.expect("a consent, signed with the lodged key");
        } else {
            let refused = result.expect_err("refused");
            assert_eq!(
                refused.status().map(|s| s.as_u16()),
                Some(400),
                "{refused:?}"
            );
        }
    }
}

#[tokio::test]
async fn an_answer_without_a_good_signature_is_refused_before_it_is_read() {
    let mock = mock(&["bea", "hsbc"]).await;
    for bank_id in ["bea", "hsbc"] {
        let payee = mobile_at(&mock, if bank_id == "bea" { "hsbc" } else { "bea" });
        let bank = access(&mock, bank_id, Arc::new(MemoryStore::new())).await;
        let auth = mock
            .bank(bank_id)
            .expect("bank")
            .auth_server()
            .expect("auth")
            .clone();
        for misbehaviour in [
            Misbehaviour::PaymentSignatureTampered,
            Misbehaviour::PaymentSignatureWrongKid,
            Misbehaviour::PaymentSignatureUnknownCrit,
            Misbehaviour::PaymentSignatureMissing,
        ] {
            auth.set_misbehaviour(misbehaviour);
            let refused = bank
                .begin(&to_mobile(&payee, Decimal::TEN))
                .await
                .expect_err("a bad signature");
            assert_eq!(
                refused.request_error().and_then(|e| e.auth_kind()),
                Some(AuthErrorKind::InvalidSignature),
                "{bank_id} {misbehaviour:?}: {refused:?}"
            );
            auth.clear_misbehaviours();
        }
        // And a good one passes.
        bank.begin(&to_mobile(&payee, Decimal::TEN))
            .await
            .expect("signed properly");
    }
}

#[tokio::test]
async fn hkob_never_sends_a_payment_other_than_the_consented_one() {
    let mock = mock(&["bea", "dsb"]).await;
    auto_approve(&mock, "bea");
    let payee = mobile_at(&mock, "dsb");
    let store = Arc::new(MemoryStore::new());
    let bank = access(&mock, "bea", store.clone()).await;
    let consent = approved(&bank, &to_mobile(&payee, Decimal::TEN)).await;
    let intent = store
        .intent("bea", &consent)
        .await
        .expect("store")
        .expect("intent");
    let other_payee = Payee::Fps(FpsProxy::from(
        MobileNumber::parse("+852-69998888").expect("m"),
    ));
    for (field, order) in [
        (
            "amount",
            PaymentOrder::new(
                Amount::hkd(Decimal::ONE_HUNDRED),
                intent.order.payee.clone(),
            ),
        ),
        (
            "payee",
            PaymentOrder::new(intent.order.amount, other_payee.clone()),
        ),
    ] {
        let mut tampered = intent.clone();
        tampered.order = order.reference("TEST-0001");
        store.put_intent(tampered).await.expect("store");
        let before = mock.requests_to("bea").len();
        match bank.submit(&consent).await {
            Err(PaymentError::ConsentMismatch { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected a mismatch on {field}, got {other:?}"),
        }
        assert_eq!(mock.requests_to("bea").len(), before, "nothing was sent");
    }
    assert_eq!(mock.bank("bea").expect("bea").payment_count(), 0);
}

#[tokio::test]
async fn the_bank_refuses_a_payment_beyond_its_consent_or_to_another_payee() {
    let mock = mock(&["bea", "dsb"]).await;
    auto_approve(&mock, "bea");
    let payee = mobile_at(&mock, "dsb");
    let store = Arc::new(MemoryStore::new());
    let bank = access(&mock, "bea", store.clone()).await;
    let consent = approved(&bank, &to_mobile(&payee, Decimal::TEN)).await;
    let intent = store
        .intent("bea", &consent)
        .await
        .expect("store")
        .expect("intent");
    // A TSP that skips hkob's check: the held consent is edited too, so only the bank stands in
    // the way.
    let mut more = intent.consent.order.clone();
    more.amount = Amount::hkd(Decimal::new(1001, 2));
    let mut elsewhere = intent.consent.order.clone();
    elsewhere.payee = Payee::Fps(FpsProxy::from(
        MobileNumber::parse("+852-69998888").expect("m"),
    ));
    for held in [more, elsewhere] {
        let mut edited = intent.clone();
        edited.order = held.clone();
        edited.consent.order = held;
        // A fresh key: the same key with another body would be refused as a replay (422).
        edited.idempotency_key = IdempotencyKey::random().to_string();
        store.put_intent(edited).await.expect("store");
        let refused = bank
            .submit(&consent)
            .await
            .expect_err("refused by the bank");
        assert_eq!(
            refused.status().map(|s| s.as_u16()),
            Some(400),
            "{refused:?}"
        );
    }
    assert_eq!(mock.bank("bea").expect("bea").payment_count(), 0);
}

#[tokio::test]
async fn a_revoked_consent_cannot_pay() {
    let mock = mock(&["hsbc", "bea"]).await;
    auto_approve(&mock, "hsbc");
    let payee = mobile_at(&mock, "bea");
    let bank = access(&mock, "hsbc", Arc::new(MemoryStore::new())).await;
    let consent = approved(&bank, &to_mobile(&payee, Decimal::TEN)).await;
    mock.bank("hsbc")
        .expect("hsbc")
        .auth_server()
        .expect("auth")
        .revoke_consent(&consent)
        .expect("revoked");
    let refused = bank.submit(&consent).await.expect_err("refused");
    assert!(
        matches!(refused.status().map(|s| s.as_u16()), Some(401 | 403)),
        "{refused:?}"
    );
    assert_eq!(mock.bank("hsbc").expect("hsbc").payment_count(), 0);
}

#[tokio::test]
async fn a_replayed_callback_is_refused() {
    let mock = mock(&["bea", "dsb"]).await;
    auto_approve(&mock, "bea");
    let payee = mobile_at(&mock, "dsb");
    let bank = access(&mock, "bea", Arc::new(MemoryStore::new())).await;
    let redirect = bank
        .begin(&to_mobile(&payee, Decimal::TEN))
        .await
        .expect("a consent");
    let callback = visit(&redirect.url).await;
    bank.complete(&callback).await.expect("approved");
    assert!(matches!(
        bank.complete(&callback).await,
        Err(PaymentError::UnknownAuthorization)
    ));
}

#[tokio::test]
async fn a_bad_order_lists_every_problem_and_sends_nothing() {
    let mock = mock(&["bea"]).await;
    let bank = access(&mock, "bea", Arc::new(MemoryStore::new())).await;
    let before = mock.requests_to("bea").len();
    let order = PaymentOrder::new(
        Amount::hkd(Decimal::new(-1005, 3)),
        Payee::Fps(FpsProxy::from(MobileNumber::parse("61234567").expect("m"))),
    )
    .reference("x".repeat(40))
    .purpose("pay");
    match bank.begin(&order).await {
        Err(PaymentError::InvalidOrder(problems)) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field()).collect();
            assert_eq!(fields, ["amount", "amount", "reference", "purpose"]);
        }
        other => panic!("expected an invalid order, got {other:?}"),
    }
    assert_eq!(mock.requests_to("bea").len(), before);
}

#[tokio::test]
async fn an_unknown_proxy_is_refused_when_the_consent_is_created() {
    let mock = mock(&["bea"]).await;
    let bank = access(&mock, "bea", Arc::new(MemoryStore::new())).await;
    let order = PaymentOrder::new(
        Amount::hkd(Decimal::TEN),
        Payee::Fps(FpsProxy::from(
            MobileNumber::parse("+852-40000000").expect("m"),
        )),
    );
    let refused = bank.begin(&order).await.expect_err("an unknown proxy");
    assert_eq!(
        refused.status().map(|s| s.as_u16()),
        Some(400),
        "{refused:?}"
    );
}

#[tokio::test]
async fn no_token_or_account_number_reaches_debug() {
    let mock = mock(&["bea", "dsb"]).await;
    auto_approve(&mock, "bea");
    let payee = mobile_at(&mock, "dsb");
    let store = Arc::new(MemoryStore::new());
    let bank = access(&mock, "bea", store.clone()).await;
    let consent = approved(&bank, &to_mobile(&payee, Decimal::TEN)).await;
    let payment = bank.submit(&consent).await.expect("paid");
    let intent = store
        .intent("bea", &consent)
        .await
        .expect("store")
        .expect("intent");
    let token = intent.token.clone().expect("a token");
    let debtor = intent
        .consent
        .order
        .debtor_account
        .clone()
        .expect("a debtor account");
    let shown = format!(
        "{intent:?} {payment:?} {:?}",
        store.intents().await.expect("all")
    );
    assert!(
        !shown.contains(token.access_token.expose().as_str()),
        "the token is shown"
    );
    assert!(
        !shown.contains(debtor.expose().as_str()),
        "the account number is shown"
    );
    assert!(
        !shown.contains(&payee.identification),
        "the mobile number is shown"
    );
}
