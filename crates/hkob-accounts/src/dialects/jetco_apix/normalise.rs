//! JETCO APIX Phase III wire types to the canonical model.

use hkob_core::Decimal;

use crate::consent::{Consent, ConsentStatus, Permission};
use crate::error::AccessError;
use crate::generated::jetco_apix::types as wire;
use crate::model::{
    Account, AccountKind, AccountStatus, Balance, BalanceKind, BankId, Card, CardStatus,
    CardTransaction, Redacted, Transaction, TransactionStatus,
};
use crate::normalise::{amount, currency, direction, inconsistent};

fn status(wire: Option<&wire::TransactionStatus>) -> TransactionStatus {
    match wire {
        None | Some(wire::TransactionStatus::Booked) => TransactionStatus::Booked,
        Some(wire::TransactionStatus::Pending) => TransactionStatus::Pending,
        Some(other) => TransactionStatus::Unknown(other.as_str().to_owned()),
    }
}

pub(crate) fn consent(bank: &BankId, wire: wire::Consent) -> Consent {
    let mut consent = Consent::new(
        bank.clone(),
        wire.consent_id,
        ConsentStatus::from(wire.status.as_str()),
    );
    consent.permissions = wire
        .permissions
        .iter()
        .map(|p| Permission::from(p.as_str()))
        .collect();
    consent.created_at = Some(wire.creation_date.to_utc());
    consent.status_updated_at = Some(wire.status_update_date.to_utc());
    consent.expires_at = wire.expiration_date.map(|d| d.to_utc());
    consent.transactions_from = wire.transaction_from_date.map(|d| d.to_utc());
    consent.transactions_to = wire.transaction_to_date.map(|d| d.to_utc());
    consent
}

pub(crate) fn account(bank: &BankId, wire: wire::Account) -> Result<Account, AccessError> {
    let kind = match &wire.account_sub_type {
        wire::AccountSubType::Savings => AccountKind::Savings,
        wire::AccountSubType::CurrentAccount => AccountKind::Current,
        wire::AccountSubType::MultiCurrency => AccountKind::MultiCurrency,
        wire::AccountSubType::TimeDeposit => AccountKind::TimeDeposit,
        other => AccountKind::Unknown(other.as_str().to_owned()),
    };
    let status = match &wire.account_status {
        wire::AccountStatus::Active => AccountStatus::Active,
        wire::AccountStatus::Inactive | wire::AccountStatus::Frozen => AccountStatus::Inactive,
        wire::AccountStatus::Dormant => AccountStatus::Dormant,
        wire::AccountStatus::Closed => AccountStatus::Closed,
        other => AccountStatus::Unknown(other.as_str().to_owned()),
    };
    let currency = currency(bank, "account.currency", &wire.currency)?;
    let mut account = Account::new(bank.clone(), wire.account_id, kind, status);
    account.currency = Some(currency);
    account.number = wire.account_number.map(Redacted::new);
    account.product_name = wire.product_name;
    Ok(account)
}

pub(crate) fn balance(bank: &BankId, wire: wire::Balance) -> Result<Balance, AccessError> {
    let kind = match &wire.r#type {
        wire::BalanceType::OpeningBalance => BalanceKind::Opening,
        wire::BalanceType::AvailableBalance => BalanceKind::Available,
        wire::BalanceType::CurrentBalance => BalanceKind::Current,
        other => BalanceKind::Unknown(other.as_str().to_owned()),
    };
    let mut balance = Balance::new(
        kind,
        amount(bank, "balance.amount", wire.amount, &wire.currency)?,
        direction(
            bank,
            "balance.creditDebitIndicator",
            wire.credit_debit_indicator.as_str(),
        )?,
    );
    balance.at = wire.datetime.map(|d| d.to_utc());
    Ok(balance)
}

pub(crate) fn transaction(
    bank: &BankId,
    wire: wire::Transaction,
) -> Result<Transaction, AccessError> {
    let mut transaction = Transaction::new(
        wire.account_id,
        wire.transaction_id,
        wire.datetime.to_utc(),
        amount(bank, "transaction.amount", wire.amount, &wire.currency)?,
        direction(
            bank,
            "transaction.creditDebitIndicator",
            wire.credit_debit_indicator.as_str(),
        )?,
    );
    transaction.status = status(wire.status.as_ref());
    transaction.description = wire.transaction_description;
    transaction.code = wire.transaction_code;
    transaction.original_amount = wire
        .currency_exchange
        .map(|x| amount(bank, "currencyExchange.amount", x.amount, &x.currency))
        .transpose()?;
    transaction.balance_after = wire
        .balance
        .map(|b| amount(bank, "balance.amount", b.amount, &b.currency))
        .transpose()?;
    Ok(transaction)
}

pub(crate) fn card(bank: &BankId, wire: wire::Card) -> Result<Card, AccessError> {
    let currency = currency(bank, "card.currency", &wire.currency)?;
    let money = |field: &str, value: Decimal| amount(bank, field, value, currency.code());
    let status = match &wire.card_status {
        wire::CardStatus::Active => CardStatus::Active,
        wire::CardStatus::Inactive => CardStatus::Inactive,
        wire::CardStatus::Blocked => CardStatus::Blocked,
        wire::CardStatus::Closed => CardStatus::Closed,
        other => CardStatus::Unknown(other.as_str().to_owned()),
    };
    Ok(Card {
        bank: bank.clone(),
        id: wire.card_id,
        masked_number: Redacted::new(wire.masked_card_number),
        scheme: wire.card_scheme.map(|s| s.as_str().to_owned()),
        product_name: wire.product_name,
        status,
        currency,
        credit_limit: money("creditLimit", wire.credit_limit)?,
        available_credit: wire
            .available_credit
            .map(|v| money("availableCredit", v))
            .transpose()?,
        outstanding_balance: money("outstandingBalance", wire.outstanding_balance)?,
        minimum_payment: wire
            .minimum_payment
            .map(|v| money("minimumPayment", v))
            .transpose()?,
        statement_date: wire.statement_date,
        payment_due_date: wire.payment_due_date,
    })
}

pub(crate) fn card_transaction(
    bank: &BankId,
    wire: wire::CardTransaction,
) -> Result<CardTransaction, AccessError> {
    let original_amount = match (wire.original_amount, wire.original_currency.as_deref()) {
        (Some(value), Some(currency)) => Some(amount(bank, "originalAmount", value, currency)?),
        (Some(_), None) => {
            return Err(inconsistent(
                bank,
                "a card transaction has an originalAmount without its currency".to_owned(),
            ));
        }
        (None, _) => None,
    };
    Ok(CardTransaction {
        card_id: wire.card_id,
        id: wire.transaction_id,
        made_at: wire.datetime.to_utc(),
        posted_on: wire.posting_date,
        amount: amount(bank, "amount", wire.amount, &wire.currency)?,
        direction: direction(
            bank,
            "creditDebitIndicator",
            wire.credit_debit_indicator.as_str(),
        )?,
        status: status(wire.status.as_ref()),
        description: wire.transaction_description,
        merchant: wire.merchant_name,
        original_amount,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Direction;

    fn bea() -> BankId {
        BankId::new("bea")
    }

    fn wire<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
        serde_json::from_value(value).expect("a wire value")
    }

    #[test]
    fn every_example_transaction_of_the_spec_normalises() {
        let spec: serde_yaml::Value =
            serde_yaml::from_str(include_str!("../../../../../specs/phase3-jetco-apix.yaml"))
                .expect("the spec");
        let example = &spec["paths"]["/transactions/v1/accounts/{accountId}/transactions"]["get"]["responses"]
            ["200"]["content"]["application/json"]["example"];
        let page: wire::TransactionListResponse =
            serde_json::from_value(serde_json::to_value(example).unwrap()).unwrap();
        let items: Vec<Transaction> = page
            .data
            .transaction
            .into_iter()
            .map(|t| transaction(&bea(), t).expect("normalised"))
            .collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].direction, Direction::Credit);
        assert_eq!(
            items[0]
                .balance_after
                .map(|a| a.currency.code().to_owned())
                .as_deref(),
            Some("HKD")
        );
        assert_eq!(
            items[1]
                .original_amount
                .map(|a| a.currency.code().to_owned())
                .as_deref(),
            Some("USD")
        );
    }

    #[test]
    fn values_the_model_cannot_hold_are_refused_and_new_enums_kept() {
        let balance = |amount: &str, currency: &str, indicator: &str| -> wire::Balance {
            wire(serde_json::json!({
                "type": "ForwardAvailable", "creditDebitIndicator": indicator,
                "amount": amount, "currency": currency,
            }))
        };
        let ok = super::balance(&bea(), balance("10.00", "HKD", "Debit")).expect("read");
        assert_eq!(ok.kind, BalanceKind::Unknown("ForwardAvailable".into()));
        assert_eq!(ok.signed(), Decimal::new(-1000, 2));
        for (amount, currency, indicator) in [
            ("-1.00", "HKD", "Credit"),
            ("1.00", "HK$", "Credit"),
            ("1.00", "HKD", "Both"),
        ] {
            let result = super::balance(&bea(), balance(amount, currency, indicator));
            assert!(
                matches!(result, Err(AccessError::Inconsistent { .. })),
                "{amount} {currency} {indicator}: {result:?}"
            );
        }
        let account: wire::Account = wire(serde_json::json!({
            "accountId": "A1", "accountType": "Personal", "accountSubType": "Loan",
            "accountStatus": "Suspended", "currency": "USD",
        }));
        let account = super::account(&bea(), account).expect("read");
        assert_eq!(account.kind, AccountKind::Unknown("Loan".into()));
        assert_eq!(account.status, AccountStatus::Unknown("Suspended".into()));
        assert!(account.number.is_none());
    }
}
