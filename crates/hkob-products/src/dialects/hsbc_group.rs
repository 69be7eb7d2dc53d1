//! The HSBC group (HSBC HK, Hang Seng): whole lists, one language per request, the client id and
//! secret in headers.

pub mod normalise;

use hkob_banks::AuthScheme;
use hkob_core::headers::Language;
use hkob_core::paging::Page;
use hkob_core::{Client, ListOperation};

use super::{Fetch, FetchContext, PhaseOneDialect, joined};
use crate::generated::hsbc_group::operations as ho;
use crate::generated::hsbc_group::security;
use crate::model::{
    Atm, BankId, Branch, CreditCard, CurrentAccount, ForeignCurrencyAccount, FxRate, Mortgage,
    PersonalLoan, SavingsAccount, TimeDeposit,
};
use crate::normalise::Normalised;
use normalise as nh;

/// The HSBC group dialect.
pub(crate) struct HsbcGroup;

type Normalise<O, T> =
    fn(&BankId, Language, Vec<<<O as ListOperation>::Page as Page>::Item>) -> Normalised<T>;

/// A whole list, normalised.
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
        let items = client.send(&operation).await?.into_items();
        Ok(Some(normalise(cx.bank, cx.language, items)))
    })
}

fn language(cx: FetchContext<'_>) -> crate::generated::hsbc_group::types::AcceptLanguage {
    nh::accept_language(cx.language)
}

impl PhaseOneDialect for HsbcGroup {
    fn auth_scheme(&self) -> AuthScheme {
        AuthScheme::HeaderPair {
            id_header: security::CLIENT_ID_HEADER,
            secret_header: security::CLIENT_SECRET_HEADER,
        }
    }

    /// HSBC lists savings at `personal-all-in-one-and-savings-accounts`, Hang Seng at
    /// `personal-savings-accounts`: the first is asked, and the second when it is not found.
    fn savings<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, SavingsAccount> {
        let first = ho::ListAllInOneAndSavingsAccounts::new().accept_language(language(cx));
        let second = ho::ListSavingsAccounts::new().accept_language(language(cx));
        Box::pin(async move {
            let items = match client.send(&first).await {
                Ok(page) => page.into_items(),
                Err(e) if e.status() == Some(http::StatusCode::NOT_FOUND) => {
                    client.send(&second).await?.into_items()
                }
                Err(e) => return Err(e),
            };
            Ok(Some(nh::savings(cx.bank, cx.language, items)))
        })
    }

    fn current<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CurrentAccount> {
        let op = ho::ListCurrentAccounts::new().accept_language(language(cx));
        list(client, cx, op, nh::current)
    }

    fn time_deposits<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, TimeDeposit> {
        let op = ho::ListTimeDeposits::new().accept_language(language(cx));
        list(client, cx, op, nh::time_deposits)
    }

    fn foreign_currency<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, ForeignCurrencyAccount> {
        let op = ho::ListForeignCurrencyAccounts::new().accept_language(language(cx));
        list(client, cx, op, nh::foreign_currency)
    }

    fn credit_cards<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CreditCard> {
        let op = ho::ListCreditCards::new().accept_language(language(cx));
        list(client, cx, op, nh::credit_cards)
    }

    fn mortgages<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Mortgage> {
        let op = ho::ListMortgages::new().accept_language(language(cx));
        list(client, cx, op, nh::mortgages)
    }

    /// Secured and unsecured loans are two lists; both are fetched, side by side.
    fn personal_loans<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, PersonalLoan> {
        let secured = ho::ListSecuredLoans::new().accept_language(language(cx));
        let unsecured = ho::ListUnsecuredLoans::new().accept_language(language(cx));
        Box::pin(async move {
            let (secured, unsecured) =
                futures_util::future::try_join(client.send(&secured), client.send(&unsecured))
                    .await?;
            Ok(Some(joined(
                nh::secured_loans(cx.bank, cx.language, secured.into_items()),
                nh::unsecured_loans(cx.bank, cx.language, unsecured.into_items()),
            )))
        })
    }

    fn fx_rates<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, FxRate> {
        let op = ho::ListForeignExchangeRates::new().accept_language(language(cx));
        Box::pin(async move {
            let response = client.send(&op).await?;
            Ok(Some(nh::fx_rates(cx.bank, cx.language, response)))
        })
    }

    fn branches<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Branch> {
        let op = ho::ListBranches::new().accept_language(language(cx));
        list(client, cx, op, nh::branches)
    }

    fn atms<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Atm> {
        let op = ho::ListAtms::new().accept_language(language(cx));
        list(client, cx, op, nh::atms)
    }
}
