//! JETCO APIX's Phase III: consents at the bank's authorization server, data under
//! `/status`, `/balances`, `/transactions`, `/availability` and `/cards`, paged by `pageIdx`,
//! the consent id in `X-Consent-Id`.

pub(crate) mod normalise;

use hkob_banks::{AuthScheme, Dialect};
use hkob_core::Client;

use super::{AccountDialect, Fetch, Items, Reader, normalised};
use crate::consent::{Consent, ConsentRequest};
use crate::error::AccessError;
use crate::generated::jetco_apix::{operations as op, security, types as wire};
use crate::model::{Account, Balance, BankId, Card, CardTransaction, Transaction};
use crate::query::{PersonCheck, TransactionQuery};

/// The JETCO APIX dialect.
pub(crate) struct JetcoApix;

fn consent_body(request: &ConsentRequest) -> wire::ConsentRequest {
    let (from, to) = request.transaction_range();
    wire::ConsentRequest {
        data: wire::ConsentRequestData {
            permissions: request
                .permissions()
                .iter()
                .map(|p| wire::PermissionCode::from(p.as_str()))
                .collect(),
            expiration_date: request.expiry().map(Into::into),
            transaction_from_date: from.map(Into::into),
            transaction_to_date: to.map(Into::into),
            additional_properties: Default::default(),
        },
        additional_properties: Default::default(),
    }
}

impl AccountDialect for JetcoApix {
    fn dialect(&self) -> Dialect {
        Dialect::JetcoApix
    }

    fn app_scheme(&self) -> AuthScheme {
        AuthScheme::HeaderPair {
            id_header: security::CLIENT_ID_HEADER,
            secret_header: security::CLIENT_SECRET_HEADER,
        }
    }

    fn create_consent<'a>(
        &'a self,
        tsp: &'a Client,
        bank: &'a BankId,
        request: &'a ConsentRequest,
    ) -> Fetch<'a, Consent> {
        Box::pin(async move {
            let answer = op::CreateAccountAccessConsent::new(consent_body(request))
                .send(tsp)
                .await?;
            Ok(normalise::consent(bank, answer.data))
        })
    }

    fn read_consent<'a>(
        &'a self,
        tsp: &'a Client,
        bank: &'a BankId,
        consent_id: &'a str,
    ) -> Fetch<'a, Consent> {
        Box::pin(async move {
            let answer = op::GetAccountAccessConsent::new(consent_id)
                .send(tsp)
                .await?;
            Ok(normalise::consent(bank, answer.data))
        })
    }

    fn revoke_consent<'a>(&'a self, tsp: &'a Client, consent_id: &'a str) -> Fetch<'a, ()> {
        Box::pin(async move {
            op::DeleteAccountAccessConsent::new(consent_id)
                .send(tsp)
                .await?;
            Ok(())
        })
    }

    fn accounts(&self, reader: Reader) -> Items<Account> {
        let items = op::ListAccounts::new(reader.consent_id.clone())
            .paginate(&reader.client)
            .items();
        normalised(items, reader.bank, normalise::account)
    }

    fn account<'a>(&'a self, reader: &'a Reader, account_id: &'a str) -> Fetch<'a, Account> {
        Box::pin(async move {
            let answer = op::GetAccount::new(account_id, reader.consent_id.clone())
                .send(&reader.client)
                .await?;
            let mut accounts = answer.data.account.into_iter();
            match (accounts.next(), accounts.next()) {
                (Some(account), None) if account.account_id == account_id => {
                    normalise::account(&reader.bank, account)
                }
                _ => Err(AccessError::Inconsistent {
                    bank: reader.bank.clone(),
                    message: "the account answer does not hold exactly the account asked for"
                        .to_owned(),
                }),
            }
        })
    }

    fn balances<'a>(&'a self, reader: &'a Reader, account_id: &'a str) -> Fetch<'a, Vec<Balance>> {
        Box::pin(async move {
            let answer = op::GetAccountBalances::new(account_id, reader.consent_id.clone())
                .send(&reader.client)
                .await?;
            let mut balances = Vec::new();
            for entry in answer.data.account_balance {
                if entry.account_id != account_id {
                    return Err(AccessError::Inconsistent {
                        bank: reader.bank.clone(),
                        message: "the balances answer is for another account".to_owned(),
                    });
                }
                for balance in entry.balance {
                    balances.push(normalise::balance(&reader.bank, balance)?);
                }
            }
            Ok(balances)
        })
    }

    fn transactions(
        &self,
        reader: Reader,
        account_id: String,
        query: TransactionQuery,
    ) -> Items<Transaction> {
        let mut request = op::ListAccountTransactions::new(account_id, reader.consent_id.clone());
        if let Some(from) = query.from {
            request = request.from_date_time(from);
        }
        if let Some(to) = query.to {
            request = request.to_date_time(to);
        }
        if let Some(size) = query.page_size {
            request = request.page_size(size);
        }
        normalised(
            request.paginate(&reader.client).prefetch(true).items(),
            reader.bank,
            normalise::transaction,
        )
    }

    fn cards(&self, reader: Reader) -> Items<Card> {
        let items = op::ListCards::new(reader.consent_id.clone())
            .paginate(&reader.client)
            .items();
        normalised(items, reader.bank, normalise::card)
    }

    fn card_transactions(
        &self,
        reader: Reader,
        card_id: String,
        query: TransactionQuery,
    ) -> Items<CardTransaction> {
        let mut request = op::ListCardTransactions::new(card_id, reader.consent_id.clone());
        if let Some(from) = query.from {
            request = request.from_date_time(from);
        }
        if let Some(to) = query.to {
            request = request.to_date_time(to);
        }
        if let Some(size) = query.page_size {
            request = request.page_size(size);
        }
        normalised(
            request.paginate(&reader.client).prefetch(true).items(),
            reader.bank,
            normalise::card_transaction,
        )
    }

    fn availability<'a>(
        &'a self,
        tsp: &'a Client,
        bank: &'a BankId,
        check: &'a PersonCheck,
    ) -> Fetch<'a, bool> {
        Box::pin(async move {
            let facts = [
                (wire::AvailabilityParamName::Hkid, &check.hkid),
                (
                    wire::AvailabilityParamName::TravelDocumentNumber,
                    &check.travel_document,
                ),
                (wire::AvailabilityParamName::FirstName, &check.first_name),
                (wire::AvailabilityParamName::LastName, &check.last_name),
            ];
            let data = facts
                .into_iter()
                .filter_map(|(name, value)| {
                    value.as_ref().map(|v| wire::AvailabilityParam {
                        param_name: name,
                        param_value: v.clone(),
                        additional_properties: Default::default(),
                    })
                })
                .collect();
            let answer = op::CheckAccountAvailability::new(wire::AvailabilityRequest {
                data,
                additional_properties: Default::default(),
            })
            .send(tsp)
            .await?;
            match answer.data.status {
                wire::AvailabilityStatus::Yes => Ok(true),
                wire::AvailabilityStatus::No => Ok(false),
                other => Err(AccessError::Inconsistent {
                    bank: bank.clone(),
                    message: format!(
                        "the availability answer `{}` is neither Yes nor No",
                        other.as_str()
                    ),
                }),
            }
        })
    }
}
