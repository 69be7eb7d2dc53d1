//! The account-information dialects: one folder each, behind [`AccountDialect`].
//!
//! A dialect knows its consent resource, its data paths and paging, and how its wire types
//! become the [canonical model](crate::model). Everything else (discovery, the customer's
//! authorization, tokens, the store) is shared, in [`crate::access`].

pub(crate) mod hsbc_group;
pub(crate) mod jetco_apix;

use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use hkob_banks::{AuthScheme, Dialect};
use hkob_core::Client;

use crate::consent::{Consent, ConsentRequest};
use crate::error::AccessError;
use crate::events::{EventBatch, EventPoll};
use crate::model::{Account, Balance, BankId, Card, CardTransaction, Transaction};
use crate::query::{PersonCheck, TransactionQuery};

/// The future of one dialect call.
pub(crate) type Fetch<'a, T> = BoxFuture<'a, Result<T, AccessError>>;

/// A lazy stream of items.
pub(crate) type Items<T> = BoxStream<'static, Result<T, AccessError>>;

/// What one read needs: the bank, the client that carries the customer's token, the consent.
#[derive(Debug, Clone)]
pub(crate) struct Reader {
    pub(crate) bank: BankId,
    pub(crate) client: Client,
    pub(crate) consent_id: String,
}

/// One bank dialect's Phase III API.
pub(crate) trait AccountDialect: Send + Sync + 'static {
    /// The dialect.
    fn dialect(&self) -> Dialect;

    /// How the TSP's own calls carry the bank's credentials, besides any OAuth token.
    fn app_scheme(&self) -> AuthScheme;

    /// Creates a consent awaiting the customer's authorisation.
    fn create_consent<'a>(
        &'a self,
        tsp: &'a Client,
        bank: &'a BankId,
        request: &'a ConsentRequest,
    ) -> Fetch<'a, Consent>;

    /// Reads a consent.
    fn read_consent<'a>(
        &'a self,
        tsp: &'a Client,
        bank: &'a BankId,
        consent_id: &'a str,
    ) -> Fetch<'a, Consent>;

    /// Revokes a consent.
    fn revoke_consent<'a>(&'a self, tsp: &'a Client, consent_id: &'a str) -> Fetch<'a, ()>;

    /// The consented accounts.
    fn accounts(&self, reader: Reader) -> Items<Account>;

    /// One consented account.
    fn account<'a>(&'a self, reader: &'a Reader, account_id: &'a str) -> Fetch<'a, Account>;

    /// One account's balances.
    fn balances<'a>(&'a self, reader: &'a Reader, account_id: &'a str) -> Fetch<'a, Vec<Balance>>;

    /// One account's transactions, newest first.
    fn transactions(
        &self,
        reader: Reader,
        account_id: String,
        query: TransactionQuery,
    ) -> Items<Transaction>;

    /// The consented credit cards.
    fn cards(&self, reader: Reader) -> Items<Card> {
        let _ = reader;
        not_offered_stream(self.dialect(), "credit cards")
    }

    /// One card's transactions, newest first.
    fn card_transactions(
        &self,
        reader: Reader,
        card_id: String,
        query: TransactionQuery,
    ) -> Items<CardTransaction> {
        let _ = (reader, card_id, query);
        not_offered_stream(self.dialect(), "credit card transactions")
    }

    /// Polls the bank's event notifications.
    fn poll_events<'a>(&'a self, reader: &'a Reader, poll: &'a EventPoll) -> Fetch<'a, EventBatch> {
        let _ = (reader, poll);
        let dialect = self.dialect();
        Box::pin(async move {
            Err(AccessError::NotOffered {
                dialect,
                what: "event polling",
            })
        })
    }

    /// Whether the person `check` describes holds an account with the bank.
    fn availability<'a>(
        &'a self,
        tsp: &'a Client,
        bank: &'a BankId,
        check: &'a PersonCheck,
    ) -> Fetch<'a, bool>;
}

/// The items of a generated paginator, each normalised by `normalise`; an item it cannot read
/// is an error in its place, and the stream goes on.
pub(crate) fn normalised<W, T>(
    items: BoxStream<'static, Result<W, hkob_core::Error>>,
    bank: BankId,
    normalise: fn(&BankId, W) -> Result<T, AccessError>,
) -> Items<T>
where
    W: Send + 'static,
    T: Send + 'static,
{
    use futures_util::StreamExt;
    items
        .map(move |item| {
            item.map_err(AccessError::from)
                .and_then(|w| normalise(&bank, w))
        })
        .boxed()
}

fn not_offered_stream<T: Send + 'static>(dialect: Dialect, what: &'static str) -> Items<T> {
    Box::pin(futures_util::stream::once(async move {
        Err(AccessError::NotOffered { dialect, what })
    }))
}

/// The Phase III dialect of `dialect`, if hkob speaks it.
pub(crate) fn of(dialect: Dialect) -> Option<&'static dyn AccountDialect> {
    match dialect {
        Dialect::JetcoApix => Some(&jetco_apix::JetcoApix),
        Dialect::HsbcGroup => Some(&hsbc_group::HsbcGroup),
        _ => None,
    }
}
