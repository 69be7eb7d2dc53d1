//! The product families the catalog can fetch, and which method of a dialect fetches each.

use crate::dialects::{Fetch, FetchContext, PhaseOneDialect};
use crate::model::{
    Atm, BankId, Branch, CreditCard, CurrentAccount, ForeignCurrencyAccount, FxRate, Mortgage,
    PersonalLoan, SafeDepositBox, SavingsAccount, TimeDeposit,
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

mod sealed {
    use super::{Fetch, FetchContext, PhaseOneDialect};

    pub trait Sealed: Sized {
        /// The dialect's method for this family.
        fn fetch_from<'a>(
            dialect: &dyn PhaseOneDialect,
            client: &'a hkob_core::Client,
            cx: FetchContext<'a>,
        ) -> Fetch<'a, Self>;
    }
}

/// A model type the [`ProductCatalog`](super::ProductCatalog) can fetch. Implemented for every
/// product family of the [model](crate::model); not implementable outside this crate.
pub trait CatalogProduct:
    sealed::Sealed
    + crate::normalise::languages::Localized
    + Clone
    + Send
    + Sync
    + serde::Serialize
    + serde::de::DeserializeOwned
    + 'static
{
    /// The family.
    const FAMILY: ProductFamily;

    /// The bank the item comes from.
    fn bank(&self) -> &BankId;
}

macro_rules! family {
    ($($model:ty => $family:ident, $method:ident, $($bank:ident).+;)*) => {$(
        impl sealed::Sealed for $model {
            fn fetch_from<'a>(
                dialect: &dyn PhaseOneDialect,
                client: &'a hkob_core::Client,
                cx: FetchContext<'a>,
            ) -> Fetch<'a, Self> {
                dialect.$method(client, cx)
            }
        }

        impl CatalogProduct for $model {
            const FAMILY: ProductFamily = ProductFamily::$family;

            fn bank(&self) -> &BankId {
                &self.$($bank).+
            }
        }
    )*};
}

family! {
    SavingsAccount => Savings, savings, info.bank;
    CurrentAccount => Current, current, info.bank;
    TimeDeposit => TimeDeposit, time_deposits, info.bank;
    ForeignCurrencyAccount => ForeignCurrency, foreign_currency, info.bank;
    CreditCard => CreditCard, credit_cards, info.bank;
    Mortgage => Mortgage, mortgages, info.bank;
    PersonalLoan => PersonalLoan, personal_loans, info.bank;
    FxRate => FxRate, fx_rates, bank;
    Branch => Branch, branches, bank;
    Atm => Atm, atms, bank;
    SafeDepositBox => SafeDepositBox, safe_deposit_boxes, bank;
}
