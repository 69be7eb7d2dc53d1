//! The `cashAccount` of direct debits: an HKD account at an FPS
//! participant, by its bank's three-digit clearing code and its number
//! (letters and digits only, `BBAN`), checked against the spec's rules when
//! read, and found among the instance's banks.

use std::sync::Arc;

use super::{CURRENCY, Ctx};
use crate::data::Account;
use crate::instance::BankState;
use crate::payments::creditor::{account_by_number, bban};
use crate::payments::initiation::shown;
use crate::payments::{Kind, Problem};

/// An account as a direct debit request names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CashAccount {
    pub bank_code: String,
    pub identification: String,
    pub currency: String,
    pub sub_type: Option<String>,
}

impl CashAccount {
    /// An account as sent, checked against the spec's rules (`field` names
    /// it in refusals): a three-digit code, 1 to 35 letters and digits, a
    /// currency of three capitals (direct debits take only HKD), the scheme
    /// `BBAN` when given.
    pub(crate) fn checked(
        field: &str,
        bank_code: String,
        identification: String,
        currency: String,
        scheme: Option<String>,
        sub_type: Option<String>,
    ) -> Result<Self, Problem> {
        if bank_code.len() != 3 || !bank_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Problem::invalid(
                &format!("{field}.bankCode"),
                format!("{field}.bankCode must be a three-digit clearing code."),
            ));
        }
        let id_ok = (1..=35).contains(&identification.len())
            && identification.bytes().all(|b| b.is_ascii_alphanumeric());
        if !id_ok {
            return Err(Problem::invalid(
                &format!("{field}.accountIdentification"),
                format!(
                    "{field}.accountIdentification must be 1 to 35 letters and digits (no hyphens)."
                ),
            ));
        }
        if currency != CURRENCY {
            return Err(Problem::invalid(
                &format!("{field}.currency"),
                format!(
                    "{field}.currency must be HKD (direct debits are in HKD), not {}.",
                    shown(&currency)
                ),
            ));
        }
        if let Some(s) = &scheme
            && s != "BBAN"
        {
            return Err(Problem::invalid(
                &format!("{field}.accountSchemeName"),
                format!("{field}.accountSchemeName must be BBAN, not {}.", shown(s)),
            ));
        }
        if let Some(t) = &sub_type {
            super::length(&format!("{field}.accountSubType"), t, 0, 35)?;
        }
        Ok(Self {
            bank_code,
            identification,
            currency,
            sub_type,
        })
    }

    /// An account of `bank`, as the bank writes it back.
    pub(crate) fn of(bank: &BankState, account: &Account) -> Self {
        Self {
            bank_code: bank.profile.bank_code.clone(),
            identification: bban(&account.number),
            currency: account.currency.to_owned(),
            sub_type: None,
        }
    }

    /// Whether this names `account` of `bank`.
    pub(crate) fn names(&self, bank: &BankState, account: &Account) -> bool {
        self.bank_code == bank.profile.bank_code
            && bban(&self.identification) == bban(&account.number)
    }

    /// The bank of the instance and its HKD account this names, or why
    /// there is none (400 `HK.HKMA.Account.Invalid`, about `field`).
    pub(crate) fn find<'c>(
        &self,
        ctx: &Ctx<'c>,
        field: &str,
    ) -> Result<(&'c Arc<BankState>, &'c Account), Problem> {
        let invalid = |message: String| Problem::new(Kind::CreditorInvalid, message).about(field);
        let Some(bank) = ctx
            .instance
            .banks
            .iter()
            .find(|b| b.profile.bank_code == self.bank_code)
        else {
            return Err(invalid(format!(
                "No FPS participant with bank code {} is reachable.",
                shown(&self.bank_code)
            )));
        };
        let Some(account) = account_by_number(bank, &self.identification) else {
            return Err(invalid(format!(
                "Invalid Account Number provided: no account {} at bank {}.",
                shown(&self.identification),
                bank.profile.bank_code
            )));
        };
        if account.currency != CURRENCY {
            return Err(invalid(format!(
                "Account {} holds {}, not HKD.",
                shown(&self.identification),
                account.currency
            )));
        }
        Ok((bank, account))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cash(
        code: &str,
        id: &str,
        currency: &str,
        scheme: Option<&str>,
    ) -> Result<CashAccount, Problem> {
        CashAccount::checked(
            "debtorAccount",
            code.to_owned(),
            id.to_owned(),
            currency.to_owned(),
            scheme.map(str::to_owned),
            None,
        )
    }

    #[test]
    fn accounts_follow_the_spec_and_are_in_hkd() {
        assert!(cash("004", "004123456789838", "HKD", Some("BBAN")).is_ok());
        assert!(cash("004", "A1", "HKD", None).is_ok());
        for (code, id, currency, scheme) in [
            ("04", "1", "HKD", None),
            ("0a4", "1", "HKD", None),
            ("004", "", "HKD", None),
            ("004", "004-123", "HKD", None),
            ("004", &"1".repeat(36), "HKD", None),
            ("004", "1", "CNY", None),
            ("004", "1", "hkd", None),
            ("004", "1", "HKD", Some("IBAN")),
        ] {
            let p = cash(code, id, currency, scheme);
            assert!(
                p.as_ref().is_err_and(|p| p.kind == Kind::FieldInvalid),
                "{code} {id} {currency}: {p:?}"
            );
        }
    }
}
