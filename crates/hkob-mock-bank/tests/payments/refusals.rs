//! What is refused or rejected, in both dialects: rejected payments
//! (`AM04`, `AM02`, `AC04`), refused consents (an unknown proxy, a bad
//! body of any kind) and refused payments (a consent consumed, revoked or
//! expired, a payment that differs from its consent); every answer signed
//! and in its spec's shape, and no money moved.

use hkob_mock_bank::MockBank;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::flow::{Dialect, Tsp};
use crate::{balance, hsbc_fps, jetco_fps, key, payer, proxy, totals};

const BANKS: [&str; 2] = ["bea", "hsbc"];

fn fps(dialect: Dialect, amount: &str, scheme: &str, id: &str) -> Value {
    match dialect {
        Dialect::Jetco => jetco_fps(amount, scheme, id),
        Dialect::Hsbc => hsbc_fps(amount, scheme, id),
    }
}

/// A consent to pay `amount` to a customer of the other bank, authorised:
/// the consent id, the customer's token and the initiation.
async fn authorised(
    mock: &MockBank,
    tsp: &Tsp,
    token: &str,
    amount: &str,
) -> (String, String, Value) {
    let other = if tsp.bank == "bea" { "hsbc" } else { "bea" };
    let to = proxy(mock, other, "EMAL");
    let initiation = fps(tsp.dialect, amount, "EMAL", &to.identification);
    let consent_id = tsp.consent_id(token, &initiation).await;
    let customer = tsp
        .authorise(&consent_id, &payer(mock, &tsp.bank).username)
        .await;
    (consent_id, customer, initiation)
}

async fn rejected_with(tsp: &Tsp, customer: &str, consent_id: &str, initiation: &Value) -> String {
    let paid = tsp.pay(customer, &key(), consent_id, initiation).await;
    assert_eq!(paid.status, 201, "{}", String::from_utf8_lossy(&paid.bytes));
    tsp.check(&paid, tsp.dialect.payment_schema());
    let body = paid.json();
    assert_eq!(body["data"]["status"], tsp.dialect.rejected());
    // A rejected payment stays rejected.
    let polled = tsp.poll(customer, &tsp.dialect.payment_id(&body)).await;
    assert_eq!(polled.json()["data"]["status"], tsp.dialect.rejected());
    tsp.dialect.reason(&body)
}

#[tokio::test]
async fn rejections_are_payments_with_their_reason_and_move_nothing() {
    let mock = MockBank::builder()
        .banks(BANKS)
        .start()
        .await
        .expect("mock");
    for bank in BANKS {
        let tsp = Tsp::at(&mock, bank).await;
        let token = tsp.token().await;
        let from = payer(&mock, bank);
        let before = totals(&mock);
        let debtor_before = balance(&mock, bank, &from.account_id);

        // Above the per-payment limit (HKD 50,000 by default).
        let (c, customer, i) = authorised(&mock, &tsp, &token, "50000.01").await;
        assert_eq!(
            rejected_with(&tsp, &customer, &c, &i).await,
            "AM02",
            "{bank}"
        );

        // More than the balance, under a limit raised for it.
        let handle = mock.bank(bank).expect("bank");
        handle.set_payment_limit("HKD", Decimal::new(1_000_000_000, 0));
        let too_much = format!("{:.2}", debtor_before + Decimal::ONE);
        let (c, customer, i) = authorised(&mock, &tsp, &token, &too_much).await;
        assert_eq!(
            rejected_with(&tsp, &customer, &c, &i).await,
            "AM04",
            "{bank}"
        );

        // A closed account.
        let (c, customer, i) = authorised(&mock, &tsp, &token, "1.00").await;
        assert!(handle.close_account(&from.account_id));
        assert_eq!(
            rejected_with(&tsp, &customer, &c, &i).await,
            "AC04",
            "{bank}"
        );

        assert_eq!(balance(&mock, bank, &from.account_id), debtor_before);
        assert_eq!(totals(&mock), before);
    }
}

#[tokio::test]
async fn consents_that_cannot_be_paid_are_refused() {
    let mock = MockBank::builder()
        .banks(BANKS)
        .start()
        .await
        .expect("mock");
    for bank in BANKS {
        let tsp = Tsp::at(&mock, bank).await;
        let d = tsp.dialect;
        let token = tsp.token().await;

        // A proxy nobody registered.
        let a = tsp
            .consent(&token, &key(), &fps(d, "1.00", "MOBN", "+852-40000000"))
            .await;
        let body = tsp.check_error(&a, 400);
        let text = d.error_text(&body);
        assert!(
            text.contains("+852-40000000") && text.contains("BE23"),
            "{text}"
        );
        if d == Dialect::Hsbc {
            assert_eq!(d.error_code(&body), "HK.HKMA.Proxy.NotFound");
        }
        // An account number of a bank of this mock that has no such account.
        let bban =
            json!({ "schemeName": "BBAN", "identification": "0040000000000", "bankCode": "004" });
        let mut i = fps(d, "1.00", "MOBN", "x");
        i["creditorAccount"] = bban;
        tsp.check_error(&tsp.consent(&token, &key(), &i).await, 400);

        // Bodies that are wrong in every way: 400, in the envelope.
        let mut bad: Vec<String> = vec![
            "{".into(),
            "[]".into(),
            "null".into(),
            json!({}).to_string(),
            json!({ "data": {} }).to_string(),
            json!({ "data": { "initiation": "FPS" } }).to_string(),
        ];
        let mutations: Vec<(&str, Value)> = vec![
            ("/instructedAmount/amount", json!(250.0)),
            ("/instructedAmount/amount", json!("99999999999999999999.00")),
            ("/instructedAmount/amount", json!("1e308")),
            ("/instructedAmount/amount", json!("-1.00")),
            ("/instructedAmount/amount", json!("0.00")),
            ("/instructedAmount/amount", json!("1.001")),
            ("/instructedAmount/currency", json!("USD")),
            ("/creditorAccount/schemeName", json!("IBAN")),
            ("/creditorAccount/identification", json!("")),
            ("/creditorAccount/identification", json!("x".repeat(255))),
            (
                "/creditorAccount",
                json!({ "schemeName": "BBAN", "identification": "0040000000000", "bankCode": "12" }),
            ),
            ("/creditorAccount", json!(null)),
            ("/instructedAmount", json!([])),
        ];
        for (path, value) in mutations {
            let mut i = fps(d, "1.00", "MOBN", "+852-61234567");
            *i.pointer_mut(path).unwrap_or_else(|| panic!("{path}")) = value;
            bad.push(json!({ "data": { "initiation": i } }).to_string());
        }
        let mut unknown_kind = fps(d, "1.00", "MOBN", "+852-61234567");
        let kind_key = if d == Dialect::Jetco {
            "paymentType"
        } else {
            "localInstrument"
        };
        unknown_kind[kind_key] = json!("SWIFT");
        bad.push(json!({ "data": { "initiation": unknown_kind } }).to_string());
        let mut card_to_proxy = fps(d, "1.00", "MOBN", "+852-61234567");
        card_to_proxy[kind_key] = json!(if d == Dialect::Jetco {
            "CARD_REPAYMENT"
        } else {
            "HK.CARDREPAYMENT"
        });
        bad.push(json!({ "data": { "initiation": card_to_proxy } }).to_string());
        for body in bad {
            let a = tsp
                .post(d.consents(), &token, &key(), &body, &[])
                .await
                .expect("sent");
            tsp.check_error(&a, 400);
        }
        // The customer's token cannot create a consent; nor can no token.
        let (_, customer, i) = authorised(&mock, &tsp, &token, "1.00").await;
        tsp.check_error(&tsp.consent(&customer, &key(), &i).await, 401);
        tsp.check_error(&tsp.consent("nonsense", &key(), &i).await, 401);
        // No such consent.
        tsp.check_error(
            &tsp.get(&format!("{}/nope", d.consents()), &token).await,
            404,
        );
    }
}

#[tokio::test]
async fn payments_that_are_not_their_consents_are_refused() {
    let mock = MockBank::builder()
        .banks(BANKS)
        .start()
        .await
        .expect("mock");
    for bank in BANKS {
        let tsp = Tsp::at(&mock, bank).await;
        let d = tsp.dialect;
        let token = tsp.token().await;
        let from = payer(&mock, bank);
        let before = balance(&mock, bank, &from.account_id);

        // Another amount than the consent's.
        let (c, customer, i) = authorised(&mock, &tsp, &token, "1.00").await;
        let mut other = i.clone();
        other["instructedAmount"]["amount"] = json!("2.00");
        let body = tsp.check_error(&tsp.pay(&customer, &key(), &c, &other).await, 400);
        assert!(d.error_text(&body).contains("instructedAmount"), "{body}");
        if d == Dialect::Hsbc {
            assert_eq!(d.error_code(&body), "HK.HKMA.Payment.ConsentMismatch");
        }
        // The TSP's token instead of the customer's.
        tsp.check_error(&tsp.pay(&token, &key(), &c, &i).await, 401);
        // Another consent's id with this token.
        let (c2, _, _) = authorised(&mock, &tsp, &token, "1.00").await;
        tsp.check_error(&tsp.pay(&customer, &key(), &c2, &i).await, 403);
        // The original still pays.
        assert_eq!(tsp.pay(&customer, &key(), &c, &i).await.status, 201);

        // Revoked between authorisation and payment.
        let (c, customer, i) = authorised(&mock, &tsp, &token, "1.00").await;
        let auth = mock
            .bank(bank)
            .and_then(|b| b.auth_server().cloned())
            .expect("auth");
        auth.revoke_consent(&c).expect("revoked");
        let body = tsp.check_error(&tsp.pay(&customer, &key(), &c, &i).await, 403);
        assert!(d.error_text(&body).contains("Revoked"), "{body}");
        if d == Dialect::Hsbc {
            assert_eq!(d.error_code(&body), "HK.HKMA.Consent.Invalid");
        }
        let read = tsp.get(&format!("{}/{c}", d.consents()), &token).await;
        tsp.check(&read, d.consent_schema());
        let status = if d == Dialect::Jetco {
            "Revoked"
        } else {
            "CANC"
        };
        assert_eq!(read.json()["data"]["status"], status);

        // Expired: 15 minutes on the bank's clock.
        let (c, customer, i) = authorised(&mock, &tsp, &token, "1.00").await;
        auth.advance_clock(15 * 60).expect("clock");
        let paid = tsp.pay(&customer, &key(), &c, &i).await;
        assert!(matches!(paid.status, 401 | 403), "{}", paid.status);
        let token = tsp.token().await;
        let read = tsp.get(&format!("{}/{c}", d.consents()), &token).await;
        let status = if d == Dialect::Jetco {
            "Expired"
        } else {
            "EXPD"
        };
        assert_eq!(read.json()["data"]["status"], status);

        // Not yet authorised: the payment needs the customer's token, and
        // the customer cannot authorise a consent already denied.
        let to = proxy(&mock, bank, "MOBN");
        let i = fps(d, "1.00", "MOBN", &to.identification);
        let c = tsp.consent_id(&token, &i).await;
        let (query, _) = crate::flow::authorize_query(&tsp.client_id, &c);
        let denied = tsp
            .http
            .get(&tsp.authorize)
            .query(&query)
            .header("x-mock-auto-approve", "deny")
            .send()
            .await
            .expect("sent");
        assert!(denied.status().is_redirection());
        let read = tsp.get(&format!("{}/{c}", d.consents()), &token).await;
        let status = if d == Dialect::Jetco {
            "Rejected"
        } else {
            "RJCT"
        };
        assert_eq!(read.json()["data"]["status"], status);

        assert_eq!(
            balance(&mock, bank, &from.account_id),
            before - Decimal::ONE
        );
    }
}
