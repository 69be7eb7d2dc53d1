//! JETCO APIX: the whole flow, an FPS payment from a BEA customer to a Dah
//! Sing customer's mobile number, polled to completion; money moved once,
//! totals kept; the consent consumed; idempotent replays.

use hkob_mock_bank::MockBank;
use rust_decimal::Decimal;
use serde_json::json;

use crate::flow::Tsp;
use crate::{balance, jetco_fps, key, payer, proxy, totals};

#[tokio::test]
async fn an_fps_payment_to_a_proxy_at_another_bank_moves_money_once_and_completes() {
    let mock = MockBank::builder()
        .banks(["bea", "dsb"])
        .start()
        .await
        .expect("mock");
    let tsp = Tsp::at(&mock, "bea").await;
    let from = payer(&mock, "bea");
    let to = proxy(&mock, "dsb", "MOBN");
    assert!(to.identification.starts_with("+852-"));
    let listed = tsp
        .http
        .get(format!("{}/__admin/fps", mock.base_url()))
        .send()
        .await
        .expect("sent");
    let listed: serde_json::Value = listed.json().await.expect("JSON");
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(mock.fps_directory().len())
    );
    assert!(
        listed
            .as_array()
            .expect("list")
            .iter()
            .any(|r| r["identification"] == to.identification.as_str())
    );
    let token = tsp.token().await;
    let initiation = jetco_fps("12.34", "MOBN", &to.identification);

    let created = tsp.consent(&token, "consent-1", &initiation).await;
    assert_eq!(created.status, 201);
    tsp.check(&created, "PaymentConsentResponse");
    let body = created.json();
    let consent_id = body["data"]["consentId"].as_str().expect("id").to_owned();
    assert_eq!(body["data"]["status"], "AwaitingAuthorisation");
    assert_eq!(body["data"]["initiation"], initiation);
    let masked = body["data"]["creditorName"].as_str().expect("name");
    let surname = to
        .holder_name
        .split(' ')
        .next()
        .expect("surname")
        .to_uppercase();
    assert!(
        masked.starts_with(&surname) && masked.contains('*'),
        "{masked}"
    );
    assert!(
        body["links"]["self"]
            .as_str()
            .expect("self")
            .ends_with(&consent_id)
    );

    let read = tsp
        .get(&format!("/payment-consents/{consent_id}"), &token)
        .await;
    assert_eq!(read.status, 200);
    tsp.check(&read, "PaymentConsentResponse");

    let customer = tsp.authorise(&consent_id, &from.username).await;
    let authorised = tsp
        .get(&format!("/payment-consents/{consent_id}"), &token)
        .await;
    tsp.check(&authorised, "PaymentConsentResponse");
    let authorised = authorised.json();
    assert_eq!(authorised["data"]["status"], "Authorised");
    assert_eq!(
        authorised["data"]["initiation"]["debtorAccount"],
        json!({ "schemeName": "BBAN", "identification": from.bban }),
        "auto-approval pays from the first HKD account"
    );

    let before = totals(&mock);
    let debtor_before = balance(&mock, "bea", &from.account_id);
    let creditor_before = balance(&mock, "dsb", &to.account_id);
    let paid = tsp.pay(&customer, "pay-1", &consent_id, &initiation).await;
    assert_eq!(paid.status, 201, "{}", String::from_utf8_lossy(&paid.bytes));
    tsp.check(&paid, "PaymentResponse");
    let payment = paid.json();
    assert_eq!(payment["data"]["status"], "Pending");
    assert_eq!(payment["data"]["consentId"], consent_id.as_str());
    let payment_id = tsp.dialect.payment_id(&payment);
    let amount = Decimal::new(1_234, 2);
    assert_eq!(
        balance(&mock, "bea", &from.account_id),
        debtor_before - amount
    );
    assert_eq!(
        balance(&mock, "dsb", &to.account_id),
        creditor_before + amount
    );
    assert_eq!(totals(&mock), before, "money only moves");

    let mut seen = Vec::new();
    for _ in 0..3 {
        let polled = tsp.poll(&customer, &payment_id).await;
        assert_eq!(polled.status, 200);
        tsp.check(&polled, "PaymentResponse");
        seen.push(
            polled.json()["data"]["status"]
                .as_str()
                .expect("status")
                .to_owned(),
        );
    }
    assert_eq!(
        seen,
        [
            "AcceptedSettlementInProcess",
            "AcceptedSettlementCompleted",
            "AcceptedSettlementCompleted"
        ]
    );
    // The TSP's own token reads it too.
    let polled = tsp.poll(&token, &payment_id).await;
    assert_eq!(polled.status, 200);
    assert_eq!(
        balance(&mock, "bea", &from.account_id),
        debtor_before - amount,
        "once"
    );

    let consumed = tsp
        .get(&format!("/payment-consents/{consent_id}"), &token)
        .await;
    assert_eq!(consumed.json()["data"]["status"], "Consumed");

    // The same key and body: the first answer again, nothing paid twice.
    let replay = tsp.pay(&customer, "pay-1", &consent_id, &initiation).await;
    assert_eq!(replay.status, 201);
    assert_eq!(replay.header("x-idempotent-replayed"), Some("true"));
    assert_eq!(tsp.dialect.payment_id(&replay.json()), payment_id);
    tsp.check(&replay, "PaymentResponse");
    // The same key, another body.
    let other = jetco_fps("99.99", "MOBN", &to.identification);
    let mismatch = tsp.pay(&customer, "pay-1", &consent_id, &other).await;
    tsp.check_error(&mismatch, 422);
    // Another key: the consent is consumed.
    let again = tsp.pay(&customer, &key(), &consent_id, &initiation).await;
    let body = tsp.check_error(&again, 403);
    assert!(tsp.dialect.error_text(&body).contains("Consumed"), "{body}");
    assert_eq!(
        balance(&mock, "bea", &from.account_id),
        debtor_before - amount
    );
    assert_eq!(totals(&mock), before);
    assert_eq!(mock.bank("bea").expect("bea").payment_count(), 1);
}

#[tokio::test]
async fn intra_bank_transfers_card_repayments_and_bill_payments_keep_every_total() {
    let mock = MockBank::builder()
        .banks(["bea"])
        .start()
        .await
        .expect("mock");
    let tsp = Tsp::at(&mock, "bea").await;
    let bea = mock.bank("bea").expect("bea");
    let from = payer(&mock, "bea");
    let other = bea
        .accounts()
        .iter()
        .find(|a| a.customer_id != from.customer_id && a.currency == "HKD")
        .expect("another customer's account");
    let card = bea.card_numbers(&from.customer_id).remove(0);
    let merchant = mock
        .fps_directory()
        .into_iter()
        .find(|r| r.merchant_code.is_some())
        .expect("a merchant");
    let token = tsp.token().await;
    let before = totals(&mock);
    let payments = [
        json!({
            "paymentType": "INTRA_BANK",
            "instructedAmount": { "amount": "1.00", "currency": "HKD" },
            "debtorAccount": { "schemeName": "BBAN", "identification": from.bban },
            "creditorAccount": { "schemeName": "BBAN", "identification": crate::digits(&other.number), "bankCode": "015" },
            "reference": "RENT DEC",
        }),
        json!({
            "paymentType": "CARD_REPAYMENT",
            "instructedAmount": { "amount": "2.00", "currency": "HKD" },
            "creditorAccount": { "schemeName": "AIIN", "identification": card },
        }),
        json!({
            "paymentType": "BILL_PAYMENT",
            "instructedAmount": { "amount": "3.00", "currency": "HKD" },
            "creditorAccount": { "schemeName": "SVID", "identification": merchant.identification },
            "bill": { "merchantCode": merchant.merchant_code, "billNumber": "1234-5678", "billType": "ELECTRICITY" },
        }),
    ];
    let debtor_before = balance(&mock, "bea", &from.account_id);
    for initiation in &payments {
        let consent_id = tsp.consent_id(&token, initiation).await;
        let customer = tsp.authorise(&consent_id, &from.username).await;
        let paid = tsp.pay(&customer, &key(), &consent_id, initiation).await;
        assert_eq!(paid.status, 201, "{}", String::from_utf8_lossy(&paid.bytes));
        tsp.check(&paid, "PaymentResponse");
        assert_eq!(paid.json()["data"]["status"], "Pending", "{initiation}");
        assert_eq!(totals(&mock), before);
    }
    assert_eq!(
        balance(&mock, "bea", &from.account_id),
        debtor_before - Decimal::new(600, 2)
    );
}
