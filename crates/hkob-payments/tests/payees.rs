//! Every kind of payee, end to end against the mock bank: an account at the same bank, the
//! customer's own credit card, a bill, an account at another bank by FPS, an FPS ID and an
//! e-mail address; the money goes where it should and the total is kept.

mod support;

use std::sync::Arc;
use std::time::Duration;

use hkob_core::{Amount, Decimal, Redacted};
use hkob_mock_bank::MockBank;
use hkob_payments::fps::{BankAccount, BankCode, EmailAddress, FpsId, FpsProxy, HkidNumber};
use hkob_payments::{
    Bill, CardNumber, MemoryStore, Payee, PaymentKind, PaymentOrder, PaymentStatus,
};
use support::*;

/// Pays `order` from the payer at `bank`, and returns the final status.
async fn pay(mock: &MockBank, bank: &str, order: PaymentOrder) -> PaymentStatus {
    auto_approve(mock, bank);
    let access = access(mock, bank, Arc::new(MemoryStore::new())).await;
    let redirect = access.begin(&order).await.expect("a consent");
    assert_eq!(redirect.consent.order.kind(), order.kind());
    let consent = access
        .complete(&visit(&redirect.url).await)
        .await
        .expect("approved");
    access.submit(&consent.id).await.expect("submitted");
    access
        .wait(&consent.id, Duration::from_secs(30))
        .await
        .expect("final")
        .status
}

fn account_of<'a>(mock: &'a MockBank, bank: &str, customer: &str) -> &'a hkob_mock_bank::Account {
    mock.bank(bank)
        .expect("bank")
        .accounts()
        .iter()
        .find(|a| a.customer_id == customer && a.currency == "HKD")
        .expect("an HKD account")
}

#[tokio::test]
async fn each_kind_of_payee_is_paid_and_the_money_is_kept() {
    for bank in ["bea", "hsbc"] {
        let other = if bank == "bea" { "hsbc" } else { "bea" };
        let mock = mock(&[bank, other]).await;
        let total = mock.total_balance_all("HKD");
        let ten = Amount::hkd(Decimal::TEN);

        // Another customer's account at the same bank.
        let colleague = account_of(&mock, bank, "C0002");
        let before = balance(&mock, bank, &colleague.id);
        let same_bank = PaymentOrder::new(
            ten,
            Payee::SameBank(Redacted::new(colleague.number.replace('-', ""))),
        );
        assert_eq!(same_bank.kind(), PaymentKind::IntraBank);
        assert_eq!(
            pay(&mock, bank, same_bank).await,
            PaymentStatus::Completed,
            "{bank}"
        );
        assert_eq!(balance(&mock, bank, &colleague.id), before + Decimal::TEN);

        // The payer's own card.
        let card = mock.bank(bank).expect("bank").card_numbers(PAYER);
        if let Some(card) = card.first() {
            let own_card = PaymentOrder::new(
                ten,
                Payee::OwnCard(CardNumber::parse(card).expect("a card number")),
            );
            assert_eq!(
                pay(&mock, bank, own_card).await,
                PaymentStatus::Completed,
                "{bank}"
            );
        }

        // A bill, to a merchant; and the same merchant by its FPS ID.
        let merchant = mock
            .fps_directory()
            .into_iter()
            .find(|r| r.merchant_code.is_some())
            .expect("a merchant");
        let code = merchant.merchant_code.clone().expect("a code");
        let before = balance(&mock, &merchant.bank, &merchant.account_id);
        let bill = PaymentOrder::new(ten, Payee::Bill(Bill::new(code, "8800-1234-5678")));
        assert_eq!(
            pay(&mock, bank, bill).await,
            PaymentStatus::Completed,
            "{bank}"
        );
        let fps_id = PaymentOrder::new(
            ten,
            Payee::Fps(FpsProxy::from(
                FpsId::parse(&merchant.identification).expect("an id"),
            )),
        );
        assert_eq!(
            pay(&mock, bank, fps_id).await,
            PaymentStatus::Completed,
            "{bank}"
        );
        assert_eq!(
            balance(&mock, &merchant.bank, &merchant.account_id),
            before + Decimal::from(20)
        );

        // An account at the other bank, by FPS; and an e-mail address there.
        let payee = account_of(&mock, other, "C0003");
        let code = mock
            .bank(other)
            .expect("bank")
            .profile()
            .bank_code
            .to_owned();
        let before = balance(&mock, other, &payee.id);
        let account = BankAccount::new(
            BankCode::parse(&code).expect("a bank code"),
            &payee.number.replace('-', ""),
        )
        .expect("an account");
        let by_account = PaymentOrder::new(ten, Payee::Fps(FpsProxy::from(account)));
        assert_eq!(
            pay(&mock, bank, by_account).await,
            PaymentStatus::Completed,
            "{bank}"
        );
        assert_eq!(balance(&mock, other, &payee.id), before + Decimal::TEN);
        let email = mock
            .fps_directory()
            .into_iter()
            .find(|r| r.bank == other && r.scheme == "EMAL")
            .expect("an e-mail address");
        let by_email = PaymentOrder::new(
            ten,
            Payee::Fps(FpsProxy::from(
                EmailAddress::parse(&email.identification).expect("an address"),
            )),
        );
        assert_eq!(
            pay(&mock, bank, by_email).await,
            PaymentStatus::Completed,
            "{bank}"
        );
        // An HKID registered as a proxy (institution payments).
        let hkid = mock
            .fps_directory()
            .into_iter()
            .find(|r| r.bank == other && r.scheme == "HKID")
            .expect("an HKID proxy");
        let before = balance(&mock, other, &hkid.account_id);
        let by_hkid = PaymentOrder::new(
            ten,
            Payee::Fps(FpsProxy::from(
                HkidNumber::parse(&hkid.identification).expect("an HKID"),
            )),
        );
        assert_eq!(
            pay(&mock, bank, by_hkid).await,
            PaymentStatus::Completed,
            "{bank}"
        );
        assert_eq!(
            balance(&mock, other, &hkid.account_id),
            before + Decimal::TEN
        );

        assert_eq!(
            mock.total_balance_all("HKD"),
            total,
            "{bank}: the money is kept"
        );
    }
}
