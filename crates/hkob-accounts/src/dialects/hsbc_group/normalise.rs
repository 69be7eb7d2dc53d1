//! HSBC group Phase III wire types to the canonical model.

use crate::consent::{Consent, ConsentStatus, Permission};
use crate::error::AccessError;
use crate::generated::hsbc_group::types as wire;
use crate::model::{
    Account, AccountKind, AccountStatus, Balance, BalanceKind, BankId, Redacted, Transaction,
    TransactionStatus,
};
use crate::normalise::{amount, currency, direction};

pub(crate) fn consent(bank: &BankId, wire: wire::AccountConsent) -> Consent {
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
        wire::AccountSubTypeCode::Savings => AccountKind::Savings,
        wire::AccountSubTypeCode::CurrentAccount => AccountKind::Current,
        wire::AccountSubTypeCode::MultiCurrency => AccountKind::MultiCurrency,
        other => AccountKind::Unknown(other.as_str().to_owned()),
    };
    let status = status(&wire.status);
    let mut account = Account::new(bank.clone(), wire.account_id, kind, status);
    account.currency = Some(currency(bank, "account.currency", &wire.currency)?);
    account.number = wire.account_number.map(Redacted::new);
    account.product_name = Some(wire.product_name);
    account.nickname = wire.nickname.map(Redacted::new);
    Ok(account)
}

pub(crate) fn status(wire: &wire::AccountStatusCode) -> AccountStatus {
    match wire {
        wire::AccountStatusCode::Enabled => AccountStatus::Active,
        wire::AccountStatusCode::Disabled
        | wire::AccountStatusCode::Pending
        | wire::AccountStatusCode::ProForma => AccountStatus::Inactive,
        wire::AccountStatusCode::Deleted => AccountStatus::Closed,
        other => AccountStatus::Unknown(other.as_str().to_owned()),
    }
}

pub(crate) fn balance(bank: &BankId, wire: wire::BalanceData) -> Result<Balance, AccessError> {
    let kind = match &wire.r#type {
        wire::BalanceTypeCode::OpeningBalance => BalanceKind::Opening,
        wire::BalanceTypeCode::AvailableBalance => BalanceKind::Available,
        wire::BalanceTypeCode::CurrentBalance => BalanceKind::Current,
        wire::BalanceTypeCode::ClosingBooked => BalanceKind::ClosingBooked,
        wire::BalanceTypeCode::Expected => BalanceKind::Expected,
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
    balance.at = Some(wire.datetime.to_utc());
    Ok(balance)
}

pub(crate) fn transaction(
    bank: &BankId,
    wire: wire::Transaction,
) -> Result<Transaction, AccessError> {
    let mut transaction = Transaction::new(
        wire.account_id,
        wire.transaction_id,
        wire.booking_date_time.to_utc(),
        amount(
            bank,
            "transaction.amount",
            wire.amount.amount,
            &wire.amount.currency,
        )?,
        direction(
            bank,
            "transaction.creditDebitIndicator",
            wire.credit_debit_indicator.as_str(),
        )?,
    );
    transaction.status = match &wire.status {
        wire::TransactionStatusCode::Booked => TransactionStatus::Booked,
        wire::TransactionStatusCode::Pending => TransactionStatus::Pending,
        other => TransactionStatus::Unknown(other.as_str().to_owned()),
    };
    transaction.description = wire.transaction_information;
    transaction.code = wire.bank_transaction_code;
    transaction.balance_after = wire
        .balance
        .map(|b| amount(bank, "balance.amount", b.amount.amount, &b.amount.currency))
        .transpose()?;
    Ok(transaction)
}
