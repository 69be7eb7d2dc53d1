//! Reading a customer's data with one consent.

use std::fmt;
use std::sync::Arc;

use futures_util::stream::{BoxStream, StreamExt};
use hkob_core::Client;

use crate::access::Inner;
use crate::consent::{Consent, Permission};
use crate::dialects::Reader;
use crate::error::AccessError;
use crate::events::{EventBatch, EventPoll};
use crate::model::{Account, Balance, Card, CardTransaction, Transaction};
use crate::query::TransactionQuery;
use crate::store::ConsentRecord;

/// Reads what one consent covers, with the customer's tokens (refreshed as needed).
///
/// When the bank refuses a read because the consent is no longer usable (revoked at the bank,
/// expired), the error is [`AccessError::ConsentNotUsable`] with the status the bank now
/// reports, and the store records it.
#[derive(Clone)]
pub struct AccountSession {
    inner: Arc<Inner>,
    consent: Arc<Consent>,
    reader: Reader,
}

impl fmt::Debug for AccountSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountSession")
            .field("bank", &self.consent.bank)
            .field("consent", &self.consent.id)
            .finish_non_exhaustive()
    }
}

impl AccountSession {
    pub(crate) fn new(inner: Arc<Inner>, consent: Consent, client: Client) -> Self {
        let reader = Reader {
            bank: consent.bank.clone(),
            client,
            consent_id: consent.id.clone(),
        };
        Self {
            inner,
            consent: Arc::new(consent),
            reader,
        }
    }

    /// The consent, as the store held it when the session began.
    pub fn consent(&self) -> &Consent {
        &self.consent
    }

    /// The consented accounts, page by page as the stream is read.
    pub fn accounts(&self) -> BoxStream<'static, Result<Account, AccessError>> {
        self.explainer()
            .stream(self.inner.dialect.accounts(self.reader.clone()))
    }

    /// One consented account, with its current status.
    pub async fn account(&self, account_id: &str) -> Result<Account, AccessError> {
        let result = self.inner.dialect.account(&self.reader, account_id).await;
        self.explainer().item(result).await
    }

    /// One account's balances.
    pub async fn balances(&self, account_id: &str) -> Result<Vec<Balance>, AccessError> {
        let result = self.inner.dialect.balances(&self.reader, account_id).await;
        self.explainer().item(result).await
    }

    /// One account's transactions, newest first, fetched page by page as the stream is read
    /// (the next page asked for while this one is read): a million of them stream in constant
    /// memory. Dropping the stream cancels the page in flight.
    pub fn transactions(
        &self,
        account_id: &str,
        query: TransactionQuery,
    ) -> BoxStream<'static, Result<Transaction, AccessError>> {
        if let Err(e) = query.validate() {
            return futures_util::stream::once(async move { Err(e) }).boxed();
        }
        self.explainer().stream(self.inner.dialect.transactions(
            self.reader.clone(),
            account_id.to_owned(),
            query,
        ))
    }

    /// The consented credit cards, with limits, outstanding balances and payment due dates.
    pub fn cards(&self) -> BoxStream<'static, Result<Card, AccessError>> {
        self.explainer()
            .stream(self.inner.dialect.cards(self.reader.clone()))
    }

    /// One card's transactions, newest first.
    pub fn card_transactions(
        &self,
        card_id: &str,
        query: TransactionQuery,
    ) -> BoxStream<'static, Result<CardTransaction, AccessError>> {
        if let Err(e) = query.validate() {
            return futures_util::stream::once(async move { Err(e) }).boxed();
        }
        self.explainer()
            .stream(self.inner.dialect.card_transactions(
                self.reader.clone(),
                card_id.to_owned(),
                query,
            ))
    }

    /// Polls the bank's event notifications (consent revoked, account changed ...), acknowledging
    /// the events `poll` names.
    pub async fn poll_events(&self, poll: &EventPoll) -> Result<EventBatch, AccessError> {
        let result = self.inner.dialect.poll_events(&self.reader, poll).await;
        self.explainer().item(result).await
    }

    /// Whether the consent grants `permission`.
    pub fn grants(&self, permission: &Permission) -> bool {
        self.consent.grants(permission)
    }

    fn explainer(&self) -> Explainer {
        Explainer {
            inner: self.inner.clone(),
            consent: self.consent.clone(),
        }
    }
}

/// Turns a refusal that may come from the consent's state into the typed error that says it.
#[derive(Clone)]
struct Explainer {
    inner: Arc<Inner>,
    consent: Arc<Consent>,
}

impl Explainer {
    /// The items of `items`, each error explained; an item that is not an error passes as it is.
    fn stream<T: Send + 'static>(
        self,
        items: BoxStream<'static, Result<T, AccessError>>,
    ) -> BoxStream<'static, Result<T, AccessError>> {
        items
            .then(move |item| {
                let explain = item.is_err().then(|| self.clone());
                async move {
                    match (item, explain) {
                        (Err(error), Some(explain)) => Err(explain.explain(error).await),
                        (item, _) => item,
                    }
                }
            })
            .boxed()
    }

    async fn item<T>(&self, item: Result<T, AccessError>) -> Result<T, AccessError> {
        match item {
            Ok(value) => Ok(value),
            Err(error) => Err(self.explain(error).await),
        }
    }

    /// A 401 or 403, or a token refused, may mean the consent ended at the bank: ask the bank,
    /// and record what it says.
    async fn explain(&self, error: AccessError) -> AccessError {
        let refused = match error.request_error() {
            Some(hkob_core::Error::Auth(_)) => true,
            Some(e) => matches!(e.status().map(|s| s.as_u16()), Some(401 | 403)),
            None => false,
        };
        if !refused {
            return error;
        }
        let inner = &self.inner;
        let bank = &self.consent.bank;
        let Ok(current) = inner
            .dialect
            .read_consent(&inner.tsp, bank, &self.consent.id)
            .await
        else {
            return error;
        };
        if current.status.is_usable() {
            return error;
        }
        let status = current.status.clone();
        let _ = inner
            .store
            .put_consent(ConsentRecord::new(current, None))
            .await;
        AccessError::ConsentNotUsable {
            bank: bank.clone(),
            consent_id: self.consent.id.clone(),
            status,
        }
    }
}
