//! The product families the catalog can fetch, and how each is fetched per dialect.

use std::future::Future;

use futures_util::TryStreamExt;
use hkob_core::headers::Language;
use hkob_core::paging::{Page, Paginator};
use hkob_core::{Client, Result};

use crate::generated::jetco_apix::operations as jo;
use crate::model::{
    Atm, BankId, Branch, CreditCard, CurrentAccount, ForeignCurrencyAccount, FxRate, Mortgage,
    PersonalLoan, SafeDepositBox, SavingsAccount, TimeDeposit,
};
use crate::normalise::{Normalised, jetco_apix as nj};

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
}

/// Every item of a paged JETCO APIX list.
async fn all_items<P: Page>(paginator: Paginator<P>, page_size: u64) -> Result<Vec<P::Item>> {
    paginator.page_size(page_size).items().try_collect().await
}

macro_rules! jetco_family {
    ($model:ty, $family:ident, $list:ident, $normalise:path) => {
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
        }
    };
}

jetco_family!(SavingsAccount, Savings, ListSavingsProducts, nj::savings);
jetco_family!(CurrentAccount, Current, ListCurrentProducts, nj::current);
jetco_family!(
    TimeDeposit,
    TimeDeposit,
    ListTimeDepositProducts,
    nj::time_deposits
);
jetco_family!(
    ForeignCurrencyAccount,
    ForeignCurrency,
    ListFcyProducts,
    nj::foreign_currency
);
jetco_family!(
    CreditCard,
    CreditCard,
    ListCreditCardProducts,
    nj::credit_cards
);
jetco_family!(Mortgage, Mortgage, ListMortgageProducts, nj::mortgages);
jetco_family!(FxRate, FxRate, ListFxRates, nj::fx_rates);
jetco_family!(Branch, Branch, ListBranches, nj::branches);
jetco_family!(Atm, Atm, ListAtms, nj::atms);
jetco_family!(
    SafeDepositBox,
    SafeDepositBox,
    ListDepositBoxes,
    nj::safe_deposit_boxes
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
}
