//! JETCO APIX: every list paged by `pageIdx` / `pageSize`, one language per request, the client id
//! and secret in headers.

pub mod normalise;

use futures_util::TryStreamExt;
use hkob_banks::AuthScheme;
use hkob_core::headers::Language;
use hkob_core::paging::Page;
use hkob_core::{Client, ListOperation, Result};

use super::{Fetch, FetchContext, PhaseOneDialect, joined};
use crate::generated::jetco_apix::operations as jo;
use crate::generated::jetco_apix::security;
use crate::model::{
    Atm, BankId, Branch, CreditCard, CurrentAccount, ForeignCurrencyAccount, FxRate, Mortgage,
    PersonalLoan, SafeDepositBox, SavingsAccount, TimeDeposit,
};
use crate::normalise::Normalised;
use normalise as nj;

/// The JETCO APIX dialect.
pub(crate) struct JetcoApix;

/// How a JETCO APIX answer of one list becomes the model.
type Normalise<O, T> =
    fn(&BankId, Language, Vec<<<O as ListOperation>::Page as Page>::Item>) -> Normalised<T>;

/// Every item of a paged list.
async fn all_items<O: ListOperation>(
    client: &Client,
    cx: FetchContext<'_>,
    operation: O,
) -> Result<Vec<<O::Page as Page>::Item>> {
    client
        .paginate(&operation)
        .page_size(cx.page_size)
        .items()
        .try_collect()
        .await
}

/// Every item of a paged list, normalised.
fn list<'a, O, T>(
    client: &'a Client,
    cx: FetchContext<'a>,
    operation: O,
    normalise: Normalise<O, T>,
) -> Fetch<'a, T>
where
    O: ListOperation + 'a,
    T: Send + 'a,
{
    Box::pin(async move {
        let items = all_items(client, cx, operation).await?;
        Ok(Some(normalise(cx.bank, cx.language, items)))
    })
}

fn language(cx: FetchContext<'_>) -> crate::generated::jetco_apix::types::AcceptLanguage {
    nj::accept_language(cx.language)
}

impl PhaseOneDialect for JetcoApix {
    fn auth_scheme(&self) -> AuthScheme {
        AuthScheme::HeaderPair {
            id_header: security::CLIENT_ID_HEADER,
            secret_header: security::CLIENT_SECRET_HEADER,
        }
    }

    fn savings<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, SavingsAccount> {
        let op = jo::ListSavingsProducts::new().accept_language(language(cx));
        list(client, cx, op, nj::savings)
    }

    fn current<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CurrentAccount> {
        let op = jo::ListCurrentProducts::new().accept_language(language(cx));
        list(client, cx, op, nj::current)
    }

    fn time_deposits<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, TimeDeposit> {
        let op = jo::ListTimeDepositProducts::new().accept_language(language(cx));
        list(client, cx, op, nj::time_deposits)
    }

    fn foreign_currency<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, ForeignCurrencyAccount> {
        let op = jo::ListFcyProducts::new().accept_language(language(cx));
        list(client, cx, op, nj::foreign_currency)
    }

    fn credit_cards<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CreditCard> {
        let op = jo::ListCreditCardProducts::new().accept_language(language(cx));
        list(client, cx, op, nj::credit_cards)
    }

    fn mortgages<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Mortgage> {
        let op = jo::ListMortgageProducts::new().accept_language(language(cx));
        list(client, cx, op, nj::mortgages)
    }

    /// Secured and unsecured loans are two lists on APIX; both are fetched, side by side.
    fn personal_loans<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, PersonalLoan> {
        let secured = jo::ListSecuredLoanProducts::new().accept_language(language(cx));
        let unsecured = jo::ListUnsecuredLoanProducts::new().accept_language(language(cx));
        Box::pin(async move {
            let (secured, unsecured) = futures_util::future::try_join(
                all_items(client, cx, secured),
                all_items(client, cx, unsecured),
            )
            .await?;
            Ok(Some(joined(
                nj::secured_loans(cx.bank, cx.language, secured),
                nj::unsecured_loans(cx.bank, cx.language, unsecured),
            )))
        })
    }

    fn fx_rates<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, FxRate> {
        let op = jo::ListFxRates::new().accept_language(language(cx));
        list(client, cx, op, nj::fx_rates)
    }

    fn branches<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Branch> {
        let op = jo::ListBranches::new().accept_language(language(cx));
        list(client, cx, op, nj::branches)
    }

    fn atms<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Atm> {
        let op = jo::ListAtms::new().accept_language(language(cx));
        list(client, cx, op, nj::atms)
    }

    fn safe_deposit_boxes<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, SafeDepositBox> {
        let op = jo::ListDepositBoxes::new().accept_language(language(cx));
        list(client, cx, op, nj::safe_deposit_boxes)
    }
}
