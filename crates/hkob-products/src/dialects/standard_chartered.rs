//! Standard Chartered HK: products by category, locations by type, FX by currency pair; OAuth
//! client credentials.

pub mod normalise;

use hkob_banks::AuthScheme;
use hkob_core::headers::Language;
use hkob_core::{Client, Result};

use super::{Fetch, FetchContext, PhaseOneDialect};
use crate::generated::standard_chartered::operations as so;
use crate::generated::standard_chartered::security;
use crate::generated::standard_chartered::types as sx;
use crate::model::{
    Atm, BankId, Branch, CreditCard, CurrentAccount, FxRate, Mortgage, PersonalLoan,
    SavingsAccount, TimeDeposit,
};
use crate::normalise::Normalised;
use normalise as ns;

/// The Standard Chartered dialect.
pub(crate) struct StandardChartered;

/// The currency pairs asked of Standard Chartered, whose FX list has no "every currency" query:
/// the currencies its public rate board shows against the Hong Kong dollar.
const FX_PAIRS: &str =
    "USDHKD,CNYHKD,EURHKD,GBPHKD,JPYHKD,AUDHKD,CADHKD,CHFHKD,NZDHKD,SGDHKD,THBHKD";

/// One category of the product list, in the language of `cx`, and the language the text is in.
async fn products(
    client: &Client,
    cx: FetchContext<'_>,
    category: sx::ProductCategory,
) -> Result<(sx::ProductListResponse, Language)> {
    let (asked, received) = ns::text_language(cx.language);
    let response = client
        .send(&so::ListProducts::new(category).language(asked))
        .await?;
    Ok((response, received))
}

/// One product category whose items `items` takes from the answer, normalised.
fn category<'a, I, T>(
    client: &'a Client,
    cx: FetchContext<'a>,
    category: sx::ProductCategory,
    items: fn(sx::ProductListResponse) -> Option<Vec<I>>,
    normalise: fn(&BankId, Language, Vec<I>) -> Normalised<T>,
) -> Fetch<'a, T>
where
    I: Send + 'a,
    T: Send + 'a,
{
    Box::pin(async move {
        let (response, language) = products(client, cx, category).await?;
        let items = items(response).unwrap_or_default();
        Ok(Some(normalise(cx.bank, language, items)))
    })
}

/// Locations of one type. They carry no language parameter; their text is taken as English.
fn locations<'a, T: Send + 'a>(
    client: &'a Client,
    cx: FetchContext<'a>,
    kind: sx::LocationType,
    normalise: fn(&BankId, Language, Vec<sx::Location>) -> Normalised<T>,
) -> Fetch<'a, T> {
    Box::pin(async move {
        let response = client.send(&so::ListBankLocations::new(kind)).await?;
        Ok(Some(normalise(
            cx.bank,
            Language::English,
            response.locations,
        )))
    })
}

impl PhaseOneDialect for StandardChartered {
    fn auth_scheme(&self) -> AuthScheme {
        AuthScheme::OAuthClientCredentials {
            token_path: security::OAUTH_TOKEN_URL,
        }
    }

    fn savings<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, SavingsAccount> {
        let kind = sx::ProductCategory::Sa;
        category(client, cx, kind, |r| r.savings_accounts, ns::savings)
    }

    fn current<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CurrentAccount> {
        let kind = sx::ProductCategory::Ca;
        category(client, cx, kind, |r| r.current_accounts, ns::current)
    }

    fn time_deposits<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, TimeDeposit> {
        let kind = sx::ProductCategory::Td;
        category(
            client,
            cx,
            kind,
            |r| r.time_deposit_accounts,
            ns::time_deposits,
        )
    }

    fn credit_cards<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CreditCard> {
        let kind = sx::ProductCategory::Cc;
        category(client, cx, kind, |r| r.credit_cards, ns::credit_cards)
    }

    fn mortgages<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Mortgage> {
        let kind = sx::ProductCategory::Ml;
        category(client, cx, kind, |r| r.mortgages, ns::mortgages)
    }

    fn personal_loans<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, PersonalLoan> {
        let kind = sx::ProductCategory::Pl;
        category(client, cx, kind, |r| r.personal_loans, ns::personal_loans)
    }

    fn fx_rates<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, FxRate> {
        Box::pin(async move {
            let response = client.send(&so::ListFxRates::new(FX_PAIRS)).await?;
            Ok(Some(ns::fx_rates(cx.bank, response.fx_rates)))
        })
    }

    fn branches<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Branch> {
        locations(client, cx, sx::LocationType::Branch, ns::branches)
    }

    fn atms<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Atm> {
        locations(client, cx, sx::LocationType::Atm, ns::atms)
    }
}
