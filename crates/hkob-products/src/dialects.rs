//! The Phase I dialects the catalog speaks, one folder each: how a bank of the dialect takes the
//! TSP's credentials, how each product family is fetched from it, and how its answers become the
//! [canonical model](crate::model) (`<dialect>/normalise.rs`).
//!
//! Every dialect implements [`PhaseOneDialect`]; a family a dialect does not publish keeps the
//! default, "not offered". [`of`] is the registry from a [`Dialect`] to its implementation, the
//! only place that names them all.

pub mod bochk_group;
pub mod dbs;
pub mod hsbc_group;
pub mod jetco_apix;
pub mod standard_chartered;

use futures_util::future::BoxFuture;
use hkob_banks::{AuthScheme, Dialect};
use hkob_core::headers::Language;
use hkob_core::{Client, Result};

use crate::model::{
    Atm, BankId, Branch, CreditCard, CurrentAccount, ForeignCurrencyAccount, FxRate, Mortgage,
    PersonalLoan, SafeDepositBox, SavingsAccount, TimeDeposit,
};
use crate::normalise::Normalised;

/// What a fetch needs besides the client.
#[derive(Debug, Clone, Copy)]
pub struct FetchContext<'a> {
    /// The bank.
    pub bank: &'a BankId,
    /// Language of the text.
    pub language: Language,
    /// Items per page, for paged dialects.
    pub page_size: u32,
}

/// One family fetched and normalised from one bank; `None` when the dialect has no list of it.
pub type Fetch<'a, T> = BoxFuture<'a, Result<Option<Normalised<T>>>>;

/// The "not offered" answer of a family a dialect does not publish.
fn not_offered<'a, T: Send + 'a>() -> Fetch<'a, T> {
    Box::pin(async { Ok(None) })
}

/// A Phase I dialect: its credentials and one method per product family.
pub trait PhaseOneDialect: Send + Sync {
    /// How the dialect takes the TSP's credentials, from its spec's security schemes.
    fn auth_scheme(&self) -> AuthScheme;

    /// Whether one answer holds every language (so one request serves all the languages asked).
    fn answers_every_language_at_once(&self) -> bool {
        false
    }

    /// Savings accounts.
    fn savings<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, SavingsAccount> {
        let _ = (client, cx);
        not_offered()
    }

    /// Current accounts.
    fn current<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CurrentAccount> {
        let _ = (client, cx);
        not_offered()
    }

    /// Time deposits.
    fn time_deposits<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, TimeDeposit> {
        let _ = (client, cx);
        not_offered()
    }

    /// Foreign currency accounts.
    fn foreign_currency<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, ForeignCurrencyAccount> {
        let _ = (client, cx);
        not_offered()
    }

    /// Credit cards.
    fn credit_cards<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CreditCard> {
        let _ = (client, cx);
        not_offered()
    }

    /// Mortgages.
    fn mortgages<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Mortgage> {
        let _ = (client, cx);
        not_offered()
    }

    /// Personal loans, secured and unsecured.
    fn personal_loans<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, PersonalLoan> {
        let _ = (client, cx);
        not_offered()
    }

    /// FX rates.
    fn fx_rates<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, FxRate> {
        let _ = (client, cx);
        not_offered()
    }

    /// Branches.
    fn branches<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Branch> {
        let _ = (client, cx);
        not_offered()
    }

    /// ATMs.
    fn atms<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Atm> {
        let _ = (client, cx);
        not_offered()
    }

    /// Safe deposit boxes.
    fn safe_deposit_boxes<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, SafeDepositBox> {
        let _ = (client, cx);
        not_offered()
    }
}

/// The implementation of `dialect`, when the catalog speaks it.
pub(crate) fn of(dialect: Dialect) -> Option<&'static dyn PhaseOneDialect> {
    Some(match dialect {
        Dialect::JetcoApix => &jetco_apix::JetcoApix,
        Dialect::HsbcGroup => &hsbc_group::HsbcGroup,
        Dialect::BochkGroup => &bochk_group::BochkGroup,
        Dialect::StandardChartered => &standard_chartered::StandardChartered,
        Dialect::Dbs => &dbs::Dbs,
        _ => return None,
    })
}

/// Joins two normalised lists of one family (secured and unsecured loans, say).
fn joined<T>(mut first: Normalised<T>, second: Normalised<T>) -> Normalised<T> {
    first.items.extend(second.items);
    first.issues.extend(second.issues);
    first
}
