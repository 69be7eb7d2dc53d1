//! The HSBC group's Phase III (HSBC HK, Hang Seng): consents and data under
//! `/open-banking/v1.0/`, in the `{data, links}` shape, lists paged by `links.next`, only the
//! OAuth tokens as credentials.

pub(crate) mod normalise;

use hkob_banks::{AuthScheme, Dialect};
use hkob_core::Client;

use super::{AccountDialect, Fetch, Items, Reader, normalised};
use crate::consent::{Consent, ConsentRequest};
use crate::events::{EventBatch, EventPoll, SecurityEvent};
use crate::generated::hsbc_group::{operations as op, types as wire};
use crate::model::{Account, Balance, BankId, Transaction};
use crate::normalise::inconsistent;
use crate::query::{PersonCheck, TransactionQuery};

/// The HSBC group dialect.
pub(crate) struct HsbcGroup;

impl AccountDialect for HsbcGroup {
    fn dialect(&self) -> Dialect {
        Dialect::HsbcGroup
    }

    fn app_scheme(&self) -> AuthScheme {
        // Phase III takes OAuth tokens only.
        AuthScheme::None
    }

    fn create_consent<'a>(
        &'a self,
        tsp: &'a Client,
        bank: &'a BankId,
        request: &'a ConsentRequest,
    ) -> Fetch<'a, Consent> {
        Box::pin(async move {
            let (from, to) = request.transaction_range();
            let body = wire::ConsentRequest {
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
            };
            let answer = op::CreateAccountAccessConsent::new(body).send(tsp).await?;
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
        let items = op::ListAccounts::new().paginate(&reader.client).items();
        normalised(items, reader.bank, normalise::account)
    }

    fn account<'a>(&'a self, reader: &'a Reader, account_id: &'a str) -> Fetch<'a, Account> {
        Box::pin(async move {
            let answer = op::GetAccount::new(account_id).send(&reader.client).await?;
            let mut accounts = answer.data.account.into_iter();
            let mut account = match (accounts.next(), accounts.next()) {
                (Some(account), None) if account.account_id == account_id => {
                    normalise::account(&reader.bank, account)?
                }
                _ => {
                    return Err(inconsistent(
                        &reader.bank,
                        "the account answer does not hold exactly the account asked for".to_owned(),
                    ));
                }
            };
            // The status resource is the one the bank keeps current; without the consent's
            // ReadAccountStatus (a 403), the account's own status stands.
            match op::GetAccountStatus::new(account_id)
                .send(&reader.client)
                .await
            {
                Ok(status) => account.status = normalise::status(&status.data.status),
                Err(e) if e.status() == Some(http::StatusCode::FORBIDDEN) => {}
                Err(e) => return Err(e.into()),
            }
            Ok(account)
        })
    }

    fn balances<'a>(&'a self, reader: &'a Reader, account_id: &'a str) -> Fetch<'a, Vec<Balance>> {
        Box::pin(async move {
            let answer = op::GetAccountBalances::new(account_id)
                .send(&reader.client)
                .await?;
            if answer.data.account_id != account_id {
                return Err(inconsistent(
                    &reader.bank,
                    "the balances answer is for another account".to_owned(),
                ));
            }
            answer
                .data
                .balance
                .into_iter()
                .map(|b| normalise::balance(&reader.bank, b))
                .collect()
        })
    }

    fn transactions(
        &self,
        reader: Reader,
        account_id: String,
        query: TransactionQuery,
    ) -> Items<Transaction> {
        let mut request = op::ListAccountTransactions::new(account_id);
        if let Some(from) = query.from {
            request = request.from_booking_date_time(from);
        }
        if let Some(to) = query.to {
            request = request.to_booking_date_time(to);
        }
        normalised(
            request.paginate(&reader.client).prefetch(true).items(),
            reader.bank,
            normalise::transaction,
        )
    }

    fn poll_events<'a>(&'a self, reader: &'a Reader, poll: &'a EventPoll) -> Fetch<'a, EventBatch> {
        Box::pin(async move {
            let body = wire::NotificationEventRequest {
                ack: (!poll.ack.is_empty()).then(|| poll.ack.clone()),
                return_immediately: poll.return_immediately,
                max_events: i32::try_from(poll.max_events).unwrap_or(i32::MAX),
                additional_properties: Default::default(),
            };
            let answer = op::PollEvents::new(body).send(&reader.client).await?;
            Ok(EventBatch {
                events: answer
                    .sets
                    .into_iter()
                    .map(|(jti, token)| SecurityEvent { jti, token })
                    .collect(),
                more_available: answer.more_available.unwrap_or(false),
            })
        })
    }

    fn availability<'a>(
        &'a self,
        tsp: &'a Client,
        bank: &'a BankId,
        check: &'a PersonCheck,
    ) -> Fetch<'a, bool> {
        Box::pin(async move {
            let facts = [
                (wire::ParamName::Hkid, &check.hkid),
                (
                    wire::ParamName::TravelDocumentNumber,
                    &check.travel_document,
                ),
                (wire::ParamName::FirstName, &check.first_name),
                (wire::ParamName::LastName, &check.last_name),
            ];
            let data: Vec<wire::AvailabilityParam> = facts
                .into_iter()
                .filter_map(|(name, value)| {
                    value.as_ref().map(|v| wire::AvailabilityParam {
                        param_name: name,
                        param_value: v.clone(),
                        additional_properties: Default::default(),
                    })
                })
                .collect();
            let asked = data.len();
            let answer = op::CheckAccountAvailability::new(wire::AccountAvailabilityRequest {
                data,
                additional_properties: Default::default(),
            })
            .send(tsp)
            .await?;
            if answer.data.len() != asked {
                return Err(inconsistent(
                    bank,
                    format!(
                        "the availability answer has {} results for {asked} facts",
                        answer.data.len()
                    ),
                ));
            }
            // Every fact must match; a bank that cannot tell says so.
            let mut all = true;
            for result in &answer.data {
                match &result.status {
                    wire::AvailabilityStatus::True => {}
                    wire::AvailabilityStatus::False => all = false,
                    other => {
                        return Err(inconsistent(
                            bank,
                            format!(
                                "the bank cannot tell whether `{}` matches: {}",
                                result.param_name.as_str(),
                                other.as_str()
                            ),
                        ));
                    }
                }
            }
            Ok(all)
        })
    }
}
