//! DBS Bank (Hong Kong): whole lists holding every language, the partner token exchange.

pub mod auth;
pub mod normalise;

use hkob_banks::AuthScheme;
use hkob_core::{Client, Operation};

use super::{Fetch, FetchContext, PhaseOneDialect, joined};
use crate::generated::dbs::operations as dbo;
use crate::model::{
    Atm, BankId, Branch, CreditCard, CurrentAccount, ForeignCurrencyAccount, FxRate, Mortgage,
    PersonalLoan, SavingsAccount, TimeDeposit,
};
use crate::normalise::Normalised;
use normalise as nd;

/// The DBS dialect.
pub(crate) struct Dbs;

/// A whole list, whose items `items` takes from the answer, normalised.
fn list<'a, O, I, T>(
    client: &'a Client,
    cx: FetchContext<'a>,
    operation: O,
    items: fn(O::Output) -> Vec<I>,
    normalise: fn(&BankId, Vec<I>) -> Normalised<T>,
) -> Fetch<'a, T>
where
    O: Operation + 'a,
    I: Send + 'a,
    T: Send + 'a,
{
    Box::pin(async move {
        let answer = client.send(&operation).await?;
        Ok(Some(normalise(cx.bank, items(answer))))
    })
}

impl PhaseOneDialect for Dbs {
    fn auth_scheme(&self) -> AuthScheme {
        auth::AUTH_SCHEME
    }

    fn answers_every_language_at_once(&self) -> bool {
        true
    }

    fn savings<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, SavingsAccount> {
        let op = dbo::ListSavingsAccounts::new();
        list(
            client,
            cx,
            op,
            |r| r.savings_account_product_info,
            nd::savings,
        )
    }

    fn current<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CurrentAccount> {
        let op = dbo::ListCurrentAccounts::new();
        list(
            client,
            cx,
            op,
            |r| r.current_account_product_info,
            nd::current,
        )
    }

    fn time_deposits<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, TimeDeposit> {
        let op = dbo::ListTimeDeposits::new();
        list(
            client,
            cx,
            op,
            |r| r.time_deposit_product_info,
            nd::time_deposits,
        )
    }

    fn foreign_currency<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, ForeignCurrencyAccount> {
        let op = dbo::ListForeignCurrencyAccounts::new();
        list(
            client,
            cx,
            op,
            |r| r.foreign_currency_account_product_info,
            nd::foreign_currency,
        )
    }

    fn credit_cards<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CreditCard> {
        let op = dbo::ListCreditCards::new();
        list(
            client,
            cx,
            op,
            |r| r.credit_card_product_info,
            nd::credit_cards,
        )
    }

    fn mortgages<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Mortgage> {
        let op = dbo::ListMortgages::new();
        list(client, cx, op, |r| r.mortagage_product_info, nd::mortgages)
    }

    /// Secured and unsecured loans are two lists; both are fetched, side by side.
    fn personal_loans<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, PersonalLoan> {
        Box::pin(async move {
            let (secured, unsecured) = futures_util::future::try_join(
                client.send(&dbo::ListSecuredLoans::new()),
                client.send(&dbo::ListUnsecuredLoans::new()),
            )
            .await?;
            Ok(Some(joined(
                nd::personal_loans(cx.bank, true, secured.secured_loan_product_info),
                nd::personal_loans(cx.bank, false, unsecured.unsecured_loan_product_info),
            )))
        })
    }

    fn fx_rates<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, FxRate> {
        let op = dbo::ListExchangeRates::new();
        list(client, cx, op, |r| r.exchange_rates_info, nd::fx_rates)
    }

    fn branches<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Branch> {
        let op = dbo::ListBranches::new();
        list(client, cx, op, |r| r.branch_info, nd::branches)
    }

    fn atms<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Atm> {
        let op = dbo::ListAtms::new();
        list(client, cx, op, |r| r.atm_info, nd::atms)
    }
}
