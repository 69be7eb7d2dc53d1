//! Faults on the Phase IV routes: `reset-after` (by header, or by a rule
//! narrowed to `POST`) drops the connection after the bank made the
//! payment, and the retry with the same idempotency key gets the first
//! answer; the rest of the grammar applies as on every route.

use hkob_mock_bank::{FaultRuleSpec, MockBank};
use rust_decimal::Decimal;

use crate::flow::Tsp;
use crate::{balance, jetco_fps, key, payer, proxy, totals};

#[tokio::test]
async fn reset_after_drops_the_answer_of_a_payment_the_bank_made() {
    let mock = MockBank::builder()
        .banks(["bea"])
        .start()
        .await
        .expect("mock");
    let tsp = Tsp::at(&mock, "bea").await;
    let from = payer(&mock, "bea");
    let to = proxy(&mock, "bea", "MOBN");
    let token = tsp.token().await;
    let before = totals(&mock);
    let debtor_before = balance(&mock, "bea", &from.account_id);
    let bea = mock.bank("bea").expect("bea");

    // By header.
    let initiation = jetco_fps("1.00", "MOBN", &to.identification);
    let c = tsp.consent_id(&token, &initiation).await;
    let customer = tsp.authorise(&c, &from.username).await;
    let body = Tsp::payment_body(&c, &initiation);
    let k = key();
    let dropped = tsp
        .post(
            "/payments",
            &customer,
            &k,
            &body,
            &[("x-mock-scenario", "reset-after")],
        )
        .await;
    assert!(dropped.is_err(), "the connection drops");
    assert_eq!(bea.payment_count(), 1, "but the payment exists");
    assert_eq!(
        balance(&mock, "bea", &from.account_id),
        debtor_before - Decimal::ONE
    );
    let retry = tsp
        .post("/payments", &customer, &k, &body, &[])
        .await
        .expect("sent");
    assert_eq!(retry.status, 201);
    assert_eq!(retry.header("x-idempotent-replayed"), Some("true"));
    tsp.check(&retry, "PaymentResponse");

    // By a rule on the path, for POSTs only: the polls are untouched.
    let c = tsp.consent_id(&token, &initiation).await;
    let customer = tsp.authorise(&c, &from.username).await;
    mock.add_fault(FaultRuleSpec {
        bank: Some("bea".into()),
        path: Some("/payments".into()),
        count: Some(1),
        scenario: "reset-after;method=POST".into(),
    })
    .expect("rule");
    let payment_id = tsp.dialect.payment_id(&retry.json());
    assert_eq!(
        tsp.poll(&customer, &payment_id).await.status,
        404,
        "another consent's payment"
    );
    let body = Tsp::payment_body(&c, &initiation);
    let k = key();
    assert!(
        tsp.post("/payments", &customer, &k, &body, &[])
            .await
            .is_err()
    );
    assert_eq!(bea.payment_count(), 2);
    let retry = tsp
        .post("/payments", &customer, &k, &body, &[])
        .await
        .expect("sent");
    assert_eq!(retry.header("x-idempotent-replayed"), Some("true"));
    assert_eq!(
        balance(&mock, "bea", &from.account_id),
        debtor_before - Decimal::TWO
    );
    assert_eq!(totals(&mock), before);
}

#[tokio::test]
async fn the_rest_of_the_grammar_applies_to_the_new_routes() {
    let mock = MockBank::builder()
        .banks(["bea"])
        .start()
        .await
        .expect("mock");
    let tsp = Tsp::at(&mock, "bea").await;
    let token = tsp.token().await;
    let to = proxy(&mock, "bea", "MOBN");
    let initiation = jetco_fps("1.00", "MOBN", &to.identification);
    let c = tsp.consent_id(&token, &initiation).await;
    let path = format!("/payment-consents/{c}");
    let get_with = |scenario: &'static str| {
        tsp.http
            .get(format!("{}{path}", tsp.url))
            .bearer_auth(&token)
            .header("X-IBM-Client-Id", &tsp.client_id)
            .header("X-IBM-Client-Secret", &tsp.secret)
            .header("x-mock-scenario", scenario)
            .send()
    };
    let busy = get_with("status=503;retry-after=1").await.expect("sent");
    assert_eq!(busy.status(), 503);
    assert_eq!(busy.headers()["retry-after"], "1");
    let expired = get_with("token=expired").await.expect("sent");
    assert_eq!(expired.status(), 401);
    assert!(get_with("reset").await.is_err());
    let truncated = get_with("truncate").await.expect("sent");
    assert!(truncated.bytes().await.is_err());
    let only_posts = get_with("status=500;method=POST").await.expect("sent");
    assert_eq!(only_posts.status(), 200);
}
