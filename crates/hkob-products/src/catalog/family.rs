//! The product families the catalog can fetch, and how each is fetched per dialect.

use std::future::Future;

use futures_util::TryStreamExt;
use hkob_core::headers::Language;
use hkob_core::paging::{Page, Paginator};
use hkob_core::{Client, Result};

use crate::generated::bochk_group::operations as bo;
use crate::generated::bochk_group::types as nb_types;
use crate::generated::dbs::operations as dbo;
use crate::generated::hsbc_group::operations as ho;
use crate::generated::jetco_apix::operations as jo;
use crate::generated::standard_chartered::operations as so;
use crate::generated::standard_chartered::types as sx;
use crate::model::{
    Atm, BankId, Branch, CreditCard, CurrentAccount, ForeignCurrencyAccount, FxRate, Mortgage,
    PersonalLoan, PersonalLoanKind, SafeDepositBox, SavingsAccount, TimeDeposit,
};
use crate::normalise::{
    Normalised, bochk_group as nb, dbs as nd, hsbc_group as nh, jetco_apix as nj,
    standard_chartered as ns,
};

/// A product family of Phase I, one per model type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProductFamily {
    /// [`SavingsAccount`]s.
    Savings,
    /// [`CurrentAccount`]s.
    Current,
    /// [`TimeDeposit`]s.
    TimeDeposit,
    /// [`ForeignCurrencyAccount`]s.
    ForeignCurrency,
    /// [`CreditCard`]s.
    CreditCard,
    /// [`Mortgage`]s.
    Mortgage,
    /// [`PersonalLoan`]s, secured and unsecured.
    PersonalLoan,
    /// [`FxRate`]s.
    FxRate,
    /// [`Branch`]es.
    Branch,
    /// [`Atm`]s.
    Atm,
    /// [`SafeDepositBox`]es.
    SafeDepositBox,
}

/// What a fetch needs besides the client.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct FetchContext<'a> {
    /// The bank.
    pub bank: &'a BankId,
    /// Language of the text.
    pub language: Language,
    /// Items per page, for paged dialects.
    pub page_size: u64,
}

mod sealed {
    pub trait Sealed {}
}

/// A model type the [`ProductCatalog`](super::ProductCatalog) can fetch. Implemented for every
/// product family of the [model](crate::model); not implementable outside this crate.
pub trait CatalogProduct:
    sealed::Sealed + super::languages::Localized + Clone + Send + Sync + 'static
{
    /// The family.
    const FAMILY: ProductFamily;

    /// The bank the item comes from.
    fn bank(&self) -> &BankId;

    /// Fetches and normalises the family from one JETCO APIX bank.
    #[doc(hidden)]
    fn fetch_jetco_apix(
        client: &Client,
        cx: FetchContext<'_>,
    ) -> impl Future<Output = Result<Normalised<Self>>> + Send;

    /// Fetches and normalises the family from one HSBC group bank; `None` when the dialect has no
    /// list of this family.
    #[doc(hidden)]
    fn fetch_hsbc_group(
        client: &Client,
        cx: FetchContext<'_>,
    ) -> impl Future<Output = Result<Option<Normalised<Self>>>> + Send;

    /// Fetches and normalises the family from Standard Chartered; `None` when the dialect has no
    /// list of this family.
    #[doc(hidden)]
    fn fetch_standard_chartered(
        client: &Client,
        cx: FetchContext<'_>,
    ) -> impl Future<Output = Result<Option<Normalised<Self>>>> + Send {
        let _ = (client, cx);
        async { Ok(None) }
    }

    /// Fetches and normalises the family from DBS; `None` when the dialect has no list of this
    /// family.
    #[doc(hidden)]
    fn fetch_dbs(
        client: &Client,
        cx: FetchContext<'_>,
    ) -> impl Future<Output = Result<Option<Normalised<Self>>>> + Send {
        let _ = (client, cx);
        async { Ok(None) }
    }

    /// Fetches and normalises the family from one BOCHK group bank; `None` when the dialect has
    /// no list of this family.
    #[doc(hidden)]
    fn fetch_bochk_group(
        client: &Client,
        cx: FetchContext<'_>,
    ) -> impl Future<Output = Result<Option<Normalised<Self>>>> + Send {
        let _ = (client, cx);
        async { Ok(None) }
    }
}

/// A BOCHK group answer, or `None` when the bank answers 404: each bank of the group leaves out
/// some lists (Chiyu and Nanyang have no credit cards), and says so with a 404.
async fn bochk_served<R>(request: impl Future<Output = Result<R>>) -> Result<Option<R>> {
    match request.await {
        Ok(response) => Ok(Some(response)),
        Err(e) if e.status() == Some(http::StatusCode::NOT_FOUND) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A BOCHK group list of `$op`, normalised by `$normalise`; a list the bank does not serve is not
/// offered. The bank answers every language at once, so the language asked for does not change
/// the request.
macro_rules! bochk_list {
    ($op:ident, $normalise:path) => {
        async fn fetch_bochk_group(
            client: &Client,
            cx: FetchContext<'_>,
        ) -> Result<Option<Normalised<Self>>> {
            let response = bochk_served(bo::$op::new().send(client)).await?;
            Ok(response.map(|r| $normalise(cx.bank, r.products)))
        }
    };
}

/// A DBS list of `$op`, whose items sit under `$key`, normalised by `$normalise`. DBS answers
/// every language at once, so the language asked for does not change the request.
macro_rules! dbs_list {
    ($op:ident, $key:ident, $normalise:path) => {
        async fn fetch_dbs(
            client: &Client,
            cx: FetchContext<'_>,
        ) -> Result<Option<Normalised<Self>>> {
            let response = dbo::$op::new().send(client).await?;
            Ok(Some($normalise(cx.bank, response.$key)))
        }
    };
}

/// The currency pairs asked of Standard Chartered, whose FX list has no "every currency" query:
/// the currencies its public rate board shows against the Hong Kong dollar.
pub const STANDARD_CHARTERED_FX_PAIRS: &str =
    "USDHKD,CNYHKD,EURHKD,GBPHKD,JPYHKD,AUDHKD,CADHKD,CHFHKD,NZDHKD,SGDHKD,THBHKD";

/// One category of the Standard Chartered product list, in the language of `cx`.
async fn sc_products(
    client: &Client,
    cx: FetchContext<'_>,
    category: sx::ProductCategory,
) -> Result<(sx::ProductListResponse, Language)> {
    let (asked, received) = ns::text_language(cx.language);
    let response = so::ListProducts::new(category)
        .language(asked)
        .send(client)
        .await?;
    Ok((response, received))
}

/// A Standard Chartered product category whose items sit under `$key`.
macro_rules! sc_products {
    ($category:ident, $key:ident, $normalise:path) => {
        async fn fetch_standard_chartered(
            client: &Client,
            cx: FetchContext<'_>,
        ) -> Result<Option<Normalised<Self>>> {
            let (response, language) =
                sc_products(client, cx, sx::ProductCategory::$category).await?;
            let items = response.$key.unwrap_or_default();
            Ok(Some($normalise(cx.bank, language, items)))
        }
    };
}

/// Standard Chartered locations of one type.
macro_rules! sc_locations {
    ($type:ident, $normalise:path) => {
        async fn fetch_standard_chartered(
            client: &Client,
            cx: FetchContext<'_>,
        ) -> Result<Option<Normalised<Self>>> {
            // Locations carry no language parameter; their text is taken as English.
            let response = so::ListBankLocations::new(sx::LocationType::$type)
                .send(client)
                .await?;
            Ok(Some($normalise(
                cx.bank,
                Language::English,
                response.locations,
            )))
        }
    };
}

/// An HSBC group list of `$op`, normalised by `$normalise`.
macro_rules! hsbc_list {
    ($op:ident, $normalise:path) => {
        async fn fetch_hsbc_group(
            client: &Client,
            cx: FetchContext<'_>,
        ) -> Result<Option<Normalised<Self>>> {
            let request = ho::$op::new().accept_language(nh::accept_language(cx.language));
            let items = request.send(client).await?.into_items();
            Ok(Some($normalise(cx.bank, cx.language, items)))
        }
    };
}

/// Every item of a paged JETCO APIX list.
async fn all_items<P: Page>(paginator: Paginator<P>, page_size: u64) -> Result<Vec<P::Item>> {
    paginator.page_size(page_size).items().try_collect().await
}

macro_rules! jetco_family {
    ($model:ty, $family:ident, $list:ident, $normalise:path, { $($other:tt)* }) => {
        impl sealed::Sealed for $model {}

        impl CatalogProduct for $model {
            const FAMILY: ProductFamily = ProductFamily::$family;

            fn bank(&self) -> &BankId {
                &self.bank
            }

            async fn fetch_jetco_apix(
                client: &Client,
                cx: FetchContext<'_>,
            ) -> Result<Normalised<Self>> {
                let request = jo::$list::new().accept_language(nj::accept_language(cx.language));
                let items = all_items(request.paginate(client), cx.page_size).await?;
                Ok($normalise(cx.bank, cx.language, items))
            }

            $($other)*
        }
    };
}

jetco_family!(SavingsAccount, Savings, ListSavingsProducts, nj::savings, {
    /// HSBC lists savings at `personal-all-in-one-and-savings-accounts`, Hang Seng at
    /// `personal-savings-accounts`: the first is asked, and the second when it is not found.
    async fn fetch_hsbc_group(
        client: &Client,
        cx: FetchContext<'_>,
    ) -> Result<Option<Normalised<Self>>> {
        let language = nh::accept_language(cx.language);
        let first = ho::ListAllInOneAndSavingsAccounts::new().accept_language(language.clone());
        let items = match first.send(client).await {
            Ok(page) => page.into_items(),
            Err(e) if e.status() == Some(http::StatusCode::NOT_FOUND) => {
                let second = ho::ListSavingsAccounts::new().accept_language(language);
                second.send(client).await?.into_items()
            }
            Err(e) => return Err(e),
        };
        Ok(Some(nh::savings(cx.bank, cx.language, items)))
    }

    sc_products!(Sa, savings_accounts, ns::savings);
    dbs_list!(
        ListSavingsAccounts,
        savings_account_product_info,
        nd::savings
    );
    bochk_list!(ListSavingsProducts, nb::savings);
});
jetco_family!(CurrentAccount, Current, ListCurrentProducts, nj::current, {
    hsbc_list!(ListCurrentAccounts, nh::current);
    sc_products!(Ca, current_accounts, ns::current);
    dbs_list!(
        ListCurrentAccounts,
        current_account_product_info,
        nd::current
    );
    bochk_list!(ListCurrentProducts, nb::current);
});
jetco_family!(
    TimeDeposit,
    TimeDeposit,
    ListTimeDepositProducts,
    nj::time_deposits,
    {
        hsbc_list!(ListTimeDeposits, nh::time_deposits);
        sc_products!(Td, time_deposit_accounts, ns::time_deposits);
        dbs_list!(
            ListTimeDeposits,
            time_deposit_product_info,
            nd::time_deposits
        );
        bochk_list!(ListTimeDepositProducts, nb::time_deposits);
    }
);
jetco_family!(
    ForeignCurrencyAccount,
    ForeignCurrency,
    ListFcyProducts,
    nj::foreign_currency,
    {
        hsbc_list!(ListForeignCurrencyAccounts, nh::foreign_currency);
        dbs_list!(
            ListForeignCurrencyAccounts,
            foreign_currency_account_product_info,
            nd::foreign_currency
        );
    }
);
jetco_family!(
    CreditCard,
    CreditCard,
    ListCreditCardProducts,
    nj::credit_cards,
    {
        hsbc_list!(ListCreditCards, nh::credit_cards);
        sc_products!(Cc, credit_cards, ns::credit_cards);
        dbs_list!(ListCreditCards, credit_card_product_info, nd::credit_cards);
        bochk_list!(ListCreditCardProducts, nb::credit_cards);
    }
);
jetco_family!(Mortgage, Mortgage, ListMortgageProducts, nj::mortgages, {
    hsbc_list!(ListMortgages, nh::mortgages);
    sc_products!(Ml, mortgages, ns::mortgages);
    dbs_list!(ListMortgages, mortagage_product_info, nd::mortgages);
    bochk_list!(ListMortgageProducts, nb::mortgages);
});
jetco_family!(FxRate, FxRate, ListFxRates, nj::fx_rates, {
    async fn fetch_hsbc_group(
        client: &Client,
        cx: FetchContext<'_>,
    ) -> Result<Option<Normalised<Self>>> {
        let request =
            ho::ListForeignExchangeRates::new().accept_language(nh::accept_language(cx.language));
        let response = request.send(client).await?;
        Ok(Some(nh::fx_rates(cx.bank, cx.language, response)))
    }
    async fn fetch_standard_chartered(
        client: &Client,
        cx: FetchContext<'_>,
    ) -> Result<Option<Normalised<Self>>> {
        let response = so::ListFxRates::new(STANDARD_CHARTERED_FX_PAIRS)
            .send(client)
            .await?;
        Ok(Some(ns::fx_rates(cx.bank, response.fx_rates)))
    }

    dbs_list!(ListExchangeRates, exchange_rates_info, nd::fx_rates);

    /// The HKD banknote, HKD telegraphic transfer and USD boards, fetched side by side; a pair on
    /// both a banknote and a transfer board becomes one rate with both.
    async fn fetch_bochk_group(
        client: &Client,
        cx: FetchContext<'_>,
    ) -> Result<Option<Normalised<Self>>> {
        let (notes, tt, usd) = futures_util::future::try_join3(
            bochk_served(bo::ListHkdBanknoteRates::new().send(client)),
            bochk_served(bo::ListHkdTtRates::new().send(client)),
            bochk_served(bo::ListUsdRates::new().send(client)),
        )
        .await?;
        if notes.is_none() && tt.is_none() && usd.is_none() {
            return Ok(None);
        }
        let board =
            |r: Option<nb_types::FxRateListResponse>| r.map(|r| r.products).unwrap_or_default();
        let mut out = nb::fx_rates(cx.bank, nb::FxBoard::HkdBanknote, board(notes));
        for (kind, board) in [
            (nb::FxBoard::HkdTelegraphicTransfer, board(tt)),
            (nb::FxBoard::UsdTelegraphicTransfer, board(usd)),
        ] {
            let more = nb::fx_rates(cx.bank, kind, board);
            out.issues.extend(more.issues);
            for rate in more.items {
                let same = out.items.iter_mut().find(|r| {
                    r.currency == rate.currency && r.quote_currency == rate.quote_currency
                });
                match same {
                    Some(r) if r.tt_buy.is_none() && r.tt_sell.is_none() => {
                        r.tt_buy = rate.tt_buy;
                        r.tt_sell = rate.tt_sell;
                        r.currency_name.merge(&rate.currency_name);
                        r.updated_at = r.updated_at.or(rate.updated_at);
                    }
                    _ => out.items.push(rate),
                }
            }
        }
        Ok(Some(out))
    }
});
jetco_family!(Branch, Branch, ListBranches, nj::branches, {
    hsbc_list!(ListBranches, nh::branches);
    sc_locations!(Branch, ns::branches);
    dbs_list!(ListBranches, branch_info, nd::branches);
    bochk_list!(ListBranches, nb::branches);
});
jetco_family!(Atm, Atm, ListAtms, nj::atms, {
    hsbc_list!(ListAtms, nh::atms);
    sc_locations!(Atm, ns::atms);
    dbs_list!(ListAtms, atm_info, nd::atms);
});
jetco_family!(
    SafeDepositBox,
    SafeDepositBox,
    ListDepositBoxes,
    nj::safe_deposit_boxes,
    {
        async fn fetch_hsbc_group(
            _client: &Client,
            _cx: FetchContext<'_>,
        ) -> Result<Option<Normalised<Self>>> {
            Ok(None)
        }

        bochk_list!(ListSafeDepositBoxes, nb::safe_deposit_boxes);
    }
);

impl sealed::Sealed for PersonalLoan {}

impl CatalogProduct for PersonalLoan {
    const FAMILY: ProductFamily = ProductFamily::PersonalLoan;

    fn bank(&self) -> &BankId {
        &self.bank
    }

    /// Secured and unsecured loans are two lists on APIX; both are fetched, side by side.
    async fn fetch_jetco_apix(client: &Client, cx: FetchContext<'_>) -> Result<Normalised<Self>> {
        let language = nj::accept_language(cx.language);
        let secured = jo::ListSecuredLoanProducts::new().accept_language(language.clone());
        let unsecured = jo::ListUnsecuredLoanProducts::new().accept_language(language);
        let (secured, unsecured) = futures_util::future::try_join(
            all_items(secured.paginate(client), cx.page_size),
            all_items(unsecured.paginate(client), cx.page_size),
        )
        .await?;
        let mut out = nj::secured_loans(cx.bank, cx.language, secured);
        let more = nj::unsecured_loans(cx.bank, cx.language, unsecured);
        out.items.extend(more.items);
        out.issues.extend(more.issues);
        Ok(out)
    }

    /// Secured and unsecured loans are two lists; both are fetched, side by side.
    async fn fetch_hsbc_group(
        client: &Client,
        cx: FetchContext<'_>,
    ) -> Result<Option<Normalised<Self>>> {
        let language = nh::accept_language(cx.language);
        let secured = ho::ListSecuredLoans::new().accept_language(language.clone());
        let unsecured = ho::ListUnsecuredLoans::new().accept_language(language);
        let (secured, unsecured) =
            futures_util::future::try_join(secured.send(client), unsecured.send(client)).await?;
        let mut out = nh::secured_loans(cx.bank, cx.language, secured.into_items());
        let more = nh::unsecured_loans(cx.bank, cx.language, unsecured.into_items());
        out.items.extend(more.items);
        out.issues.extend(more.issues);
        Ok(Some(out))
    }

    sc_products!(Pl, personal_loans, ns::personal_loans);

    /// Secured and unsecured loans are two lists; both are fetched, side by side.
    async fn fetch_dbs(client: &Client, cx: FetchContext<'_>) -> Result<Option<Normalised<Self>>> {
        let (secured, unsecured) = futures_util::future::try_join(
            dbo::ListSecuredLoans::new().send(client),
            dbo::ListUnsecuredLoans::new().send(client),
        )
        .await?;
        let mut out = nd::personal_loans(cx.bank, true, secured.secured_loan_product_info);
        let more = nd::personal_loans(cx.bank, false, unsecured.unsecured_loan_product_info);
        out.items.extend(more.items);
        out.issues.extend(more.issues);
        Ok(Some(out))
    }

    /// Personal instalment loans and tax loans are two lists; both are fetched, side by side (a
    /// list the bank does not serve counts as empty).
    async fn fetch_bochk_group(
        client: &Client,
        cx: FetchContext<'_>,
    ) -> Result<Option<Normalised<Self>>> {
        let (instalment, tax) = futures_util::future::try_join(
            bochk_served(bo::ListPersonalLoanProducts::new().send(client)),
            bochk_served(bo::ListTaxLoanProducts::new().send(client)),
        )
        .await?;
        if instalment.is_none() && tax.is_none() {
            return Ok(None);
        }
        let rows = |r: Option<nb_types::LoanProductListResponse>| {
            r.map(|r| r.products).unwrap_or_default()
        };
        let mut out = nb::personal_loans(cx.bank, PersonalLoanKind::Instalment, rows(instalment));
        let more = nb::personal_loans(cx.bank, PersonalLoanKind::Tax, rows(tax));
        out.items.extend(more.items);
        out.issues.extend(more.issues);
        Ok(Some(out))
    }
}
