//! The HSBC group: the whole flow through the consent page, where the
//! customer picks the account to pay from, to a BEA customer's HKID; the
//! ISO 20022 statuses; the progress settings (stuck, cancelled with the
//! money given back).

use hkob_mock_bank::{MockBank, PaymentOutcome, PaymentProgress};
use rust_decimal::Decimal;
use serde_json::json;

use crate::flow::{Tsp, authorize_query};
use crate::{balance, hsbc_fps, key, payer, proxy, totals};

/// The `request_id` of a consent page's form.
fn request_id_of(html: &str) -> String {
    let marker = "name=\"request_id\" value=\"";
    let start = html.find(marker).expect("request_id") + marker.len();
    let end = start + html[start..].find('"').expect("quote");
    html[start..end].to_owned()
}

#[tokio::test]
async fn the_customer_picks_the_account_on_the_consent_page_and_the_payment_completes() {
    let mock = MockBank::builder()
        .banks(["hsbc", "bea"])
        .start()
        .await
        .expect("mock");
    let tsp = Tsp::at(&mock, "hsbc").await;
    let hsbc = mock.bank("hsbc").expect("hsbc");
    // A customer with two HKD accounts; they pay from the second.
    let (customer_id, account) = hsbc
        .customers()
        .iter()
        .find_map(|c| {
            let hkd: Vec<_> = hsbc
                .accounts()
                .iter()
                .filter(|a| a.customer_id == c.id && a.currency == "HKD")
                .collect();
            let funded =
                hkd.len() >= 2 && hsbc.balance(&hkd[1].id).is_some_and(|b| b > Decimal::TEN);
            funded.then(|| (c.id.clone(), hkd[1].clone()))
        })
        .expect("a customer with two HKD accounts");
    let (username, password) = hsbc.customer_login(&customer_id).expect("login");
    let to = proxy(&mock, "bea", "HKID");
    let initiation = hsbc_fps("7.50", "HKID", &to.identification);
    let token = tsp.token().await;
    let created = tsp.consent(&token, &key(), &initiation).await;
    tsp.check(&created, "DomesticPaymentConsentResponse");
    let consent = created.json();
    assert_eq!(consent["data"]["status"], "AWAU");
    let consent_id = consent["data"]["consentId"]
        .as_str()
        .expect("id")
        .to_owned();

    // The page: sign in, see the payment, choose the account.
    let (query, verifier) = authorize_query(&tsp.client_id, &consent_id);
    let page = tsp
        .http
        .get(&tsp.authorize)
        .query(&query)
        .send()
        .await
        .expect("sent");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    let signed_in = tsp
        .http
        .post(&tsp.authorize)
        .form(&[
            ("request_id", request_id_of(&html).as_str()),
            ("username", username.as_str()),
            ("password", password.as_str()),
            ("decision", "login"),
        ])
        .send()
        .await
        .expect("sent");
    let html = signed_in.text().await.expect("html");
    assert!(html.contains("HKD 7.50"), "{html}");
    assert!(html.contains(consent["data"]["creditorName"].as_str().expect("name")));
    assert!(html.contains("INV-2026-0042"));
    assert!(html.contains(&format!(
        "type=\"radio\" name=\"accounts\" id=\"account-{}\"",
        account.id
    )));
    let usd = hsbc
        .accounts()
        .iter()
        .find(|a| a.customer_id == customer_id && a.currency != "HKD");
    if let Some(usd) = usd {
        assert!(
            !html.contains(&format!("account-{}", usd.id)),
            "only HKD accounts"
        );
    }
    let approved = tsp
        .http
        .post(&tsp.authorize)
        .form(&[
            ("request_id", request_id_of(&html).as_str()),
            ("accounts", account.id.as_str()),
            ("decision", "approve"),
        ])
        .send()
        .await
        .expect("sent");
    let customer = tsp.exchange(approved, &verifier, &consent_id).await;
    let authorised = tsp
        .get(&format!("{}/{consent_id}", tsp.dialect.consents()), &token)
        .await;
    tsp.check(&authorised, "DomesticPaymentConsentResponse");
    let authorised = authorised.json();
    assert_eq!(authorised["data"]["status"], "AUTH");
    assert_eq!(
        authorised["data"]["initiation"]["debtorAccount"]["identification"],
        crate::digits(&account.number)
    );

    let before = totals(&mock);
    let debtor_before = balance(&mock, "hsbc", &account.id);
    let creditor_before = balance(&mock, "bea", &to.account_id);
    // The debtor account may be left out: the customer chose it.
    let paid = tsp.pay(&customer, &key(), &consent_id, &initiation).await;
    assert_eq!(paid.status, 201, "{}", String::from_utf8_lossy(&paid.bytes));
    tsp.check(&paid, "DomesticPaymentResponse");
    assert!(paid.header("x-fapi-interaction-id").is_some());
    let body = paid.json();
    assert_eq!(body["data"]["status"], "RCVD");
    let payment_id = tsp.dialect.payment_id(&body);
    assert!(payment_id.starts_with("dp-"));
    let amount = Decimal::new(750, 2);
    assert_eq!(balance(&mock, "hsbc", &account.id), debtor_before - amount);
    assert_eq!(
        balance(&mock, "bea", &to.account_id),
        creditor_before + amount
    );
    assert_eq!(totals(&mock), before);
    let statuses: Vec<String> = {
        let mut out = Vec::new();
        for _ in 0..2 {
            let polled = tsp.poll(&customer, &payment_id).await;
            tsp.check(&polled, "DomesticPaymentResponse");
            out.push(
                polled.json()["data"]["status"]
                    .as_str()
                    .expect("status")
                    .to_owned(),
            );
        }
        out
    };
    assert_eq!(statuses, ["ACSP", "ACSC"]);
    let consumed = tsp
        .get(&format!("{}/{consent_id}", tsp.dialect.consents()), &token)
        .await;
    assert_eq!(consumed.json()["data"]["status"], "COND");
}

#[tokio::test]
async fn progress_can_stall_or_end_cancelled_with_the_money_given_back() {
    let mock = MockBank::builder()
        .banks(["hsbc"])
        .payment_progress(PaymentProgress::new(2, PaymentOutcome::Completes))
        .start()
        .await
        .expect("mock");
    let tsp = Tsp::at(&mock, "hsbc").await;
    let from = payer(&mock, "hsbc");
    let to = proxy(&mock, "hsbc", "EMAL");
    assert_ne!(to.customer_id.as_deref(), Some(from.customer_id.as_str()));
    let token = tsp.token().await;
    let pay = |i: serde_json::Value| {
        let tsp = &tsp;
        let token = &token;
        let username = from.username.clone();
        async move {
            let c = tsp.consent_id(token, &i).await;
            let customer = tsp.authorise(&c, &username).await;
            let paid = tsp.pay(&customer, &key(), &c, &i).await;
            assert_eq!(paid.status, 201);
            (customer, tsp.dialect.payment_id(&paid.json()))
        }
    };
    let walk = |customer: String, id: String, polls: usize| {
        let tsp = &tsp;
        async move {
            let mut out = Vec::new();
            for _ in 0..polls {
                let a = tsp.poll(&customer, &id).await;
                tsp.check(&a, "DomesticPaymentResponse");
                out.push(
                    a.json()["data"]["status"]
                        .as_str()
                        .expect("status")
                        .to_owned(),
                );
            }
            out
        }
    };
    let initiation = hsbc_fps("3.00", "EMAL", &to.identification);
    let (c, id) = pay(initiation.clone()).await;
    assert_eq!(walk(c, id, 4).await, ["RCVD", "ACSP", "ACSP", "ACSC"]);

    let hsbc = mock.bank("hsbc").expect("hsbc");
    hsbc.set_payment_progress(PaymentProgress::new(1, PaymentOutcome::StuckPending));
    let (c, id) = pay(initiation.clone()).await;
    assert_eq!(walk(c, id, 3).await, ["RCVD", "RCVD", "RCVD"]);

    hsbc.set_payment_progress(PaymentProgress::new(1, PaymentOutcome::CancelledAfter(1)));
    let before = totals(&mock);
    let debtor_before = balance(&mock, "hsbc", &from.account_id);
    let (c, id) = pay(initiation).await;
    assert_eq!(
        balance(&mock, "hsbc", &from.account_id),
        debtor_before - Decimal::new(300, 2)
    );
    assert_eq!(
        walk(c.clone(), id.clone(), 3).await,
        ["ACSP", "CANC", "CANC"]
    );
    assert_eq!(
        balance(&mock, "hsbc", &from.account_id),
        debtor_before,
        "given back"
    );
    assert_eq!(totals(&mock), before);
    let cancelled = tsp.poll(&c, &id).await.json();
    assert!(cancelled["data"]["rejectReasonList"][0]["rejectReasonCode"].is_string());
}

#[tokio::test]
async fn bill_payments_need_a_known_merchant_and_card_repayments_the_customers_card() {
    let mock = MockBank::builder()
        .banks(["hsbc"])
        .start()
        .await
        .expect("mock");
    let tsp = Tsp::at(&mock, "hsbc").await;
    let hsbc = mock.bank("hsbc").expect("hsbc");
    let token = tsp.token().await;
    let merchant = mock
        .fps_directory()
        .into_iter()
        .find(|r| r.merchant_code.is_some())
        .expect("merchant");
    assert!(matches!(merchant.identification.len(), 7 | 9));
    let bill = |code: &str| {
        json!({
            "localInstrument": "HK.BILLPAYMENT",
            "instructedAmount": { "amount": "5.00", "currency": "HKD" },
            "creditorAccount": { "schemeName": "SVID", "identification": merchant.identification },
            "billInformation": { "merchantCode": code, "billNumber": "8800123" },
        })
    };
    let unknown = tsp.consent(&token, &key(), &bill("NOPE")).await;
    tsp.check_error(&unknown, 400);
    let code = merchant.merchant_code.clone().expect("code");
    let c = tsp.consent_id(&token, &bill(&code)).await;
    let from = payer(&mock, "hsbc");
    let customer = tsp.authorise(&c, &from.username).await;
    let paid = tsp.pay(&customer, &key(), &c, &bill(&code)).await;
    assert_eq!(paid.json()["data"]["status"], "RCVD");
    assert_eq!(
        balance(&mock, "hsbc", &merchant.account_id),
        Decimal::new(500, 2)
    );

    // Someone else's card: consented, but rejected when paid.
    let second = &hsbc.customers()[1];
    let card = hsbc.card_numbers(&second.id).remove(0);
    let repay = json!({
        "localInstrument": "HK.CARDREPAYMENT",
        "instructedAmount": { "amount": "1.00", "currency": "HKD" },
        "creditorAccount": { "schemeName": "AIIN", "identification": card },
        "remittanceInformation": { "reference": "CARD DEC" },
    });
    let c = tsp.consent_id(&token, &repay).await;
    let customer = tsp.authorise(&c, &from.username).await;
    let paid = tsp.pay(&customer, &key(), &c, &repay).await;
    tsp.check(&paid, "DomesticPaymentResponse");
    assert_eq!(
        paid.json()["data"]["rejectReasonList"][0]["rejectReasonCode"],
        "AC03"
    );
    // No such card.
    let mut none = repay.clone();
    none["creditorAccount"]["identification"] = json!("4000000000000000");
    tsp.check_error(&tsp.consent(&token, &key(), &none).await, 400);
}
