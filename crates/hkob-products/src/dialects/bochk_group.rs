//! The BOCHK group (BOCHK, Chiyu, Nanyang): reads sent as `POST`, whole lists holding every
//! language, OAuth client credentials. Each bank leaves out some lists, and says so with a 404.

pub mod normalise;

use hkob_banks::AuthScheme;
use hkob_core::{Client, Operation, Result};

use super::{Fetch, FetchContext, PhaseOneDialect, joined};
use crate::generated::bochk_group::operations as bo;
use crate::generated::bochk_group::security;
use crate::generated::bochk_group::types as bx;
use crate::model::{
    BankId, Branch, CreditCard, CurrentAccount, FxRate, Mortgage, PersonalLoan, PersonalLoanKind,
    SafeDepositBox, SavingsAccount, TimeDeposit,
};
use crate::normalise::Normalised;
use normalise as nb;

/// The BOCHK group dialect.
pub(crate) struct BochkGroup;

/// The bank's answer, or `None` when it answers 404: the list is not one it serves.
async fn served<O: Operation>(client: &Client, operation: O) -> Result<Option<O::Output>> {
    match client.send(&operation).await {
        Ok(response) => Ok(Some(response)),
        Err(e) if e.status() == Some(http::StatusCode::NOT_FOUND) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A list whose items `items` takes from the answer, normalised; not offered when the bank does
/// not serve it.
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
        let answer = served(client, operation).await?;
        Ok(answer.map(|r| normalise(cx.bank, items(r))))
    })
}

impl PhaseOneDialect for BochkGroup {
    fn auth_scheme(&self) -> AuthScheme {
        AuthScheme::OAuthClientCredentials {
            token_path: security::OAUTH_TOKEN_URL,
        }
    }

    fn answers_every_language_at_once(&self) -> bool {
        true
    }

    fn savings<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, SavingsAccount> {
        let op = bo::ListSavingsProducts::new();
        list(client, cx, op, |r| r.products, nb::savings)
    }

    fn current<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CurrentAccount> {
        let op = bo::ListCurrentProducts::new();
        list(client, cx, op, |r| r.products, nb::current)
    }

    fn time_deposits<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, TimeDeposit> {
        let op = bo::ListTimeDepositProducts::new();
        list(client, cx, op, |r| r.products, nb::time_deposits)
    }

    fn credit_cards<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, CreditCard> {
        let op = bo::ListCreditCardProducts::new();
        list(client, cx, op, |r| r.products, nb::credit_cards)
    }

    fn mortgages<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Mortgage> {
        let op = bo::ListMortgageProducts::new();
        list(client, cx, op, |r| r.products, nb::mortgages)
    }

    /// Personal instalment loans and tax loans are two lists; both are fetched, side by side (a
    /// list the bank does not serve counts as empty).
    fn personal_loans<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, PersonalLoan> {
        Box::pin(async move {
            let (instalment, tax) = futures_util::future::try_join(
                served(client, bo::ListPersonalLoanProducts::new()),
                served(client, bo::ListTaxLoanProducts::new()),
            )
            .await?;
            if instalment.is_none() && tax.is_none() {
                return Ok(None);
            }
            let rows =
                |r: Option<bx::LoanProductListResponse>| r.map(|r| r.products).unwrap_or_default();
            Ok(Some(joined(
                nb::personal_loans(cx.bank, PersonalLoanKind::Instalment, rows(instalment)),
                nb::personal_loans(cx.bank, PersonalLoanKind::Tax, rows(tax)),
            )))
        })
    }

    /// The HKD banknote, HKD telegraphic transfer and USD boards, fetched side by side; a pair on
    /// both a banknote and a transfer board becomes one rate with both.
    fn fx_rates<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, FxRate> {
        Box::pin(async move {
            let (notes, tt, usd) = futures_util::future::try_join3(
                served(client, bo::ListHkdBanknoteRates::new()),
                served(client, bo::ListHkdTtRates::new()),
                served(client, bo::ListUsdRates::new()),
            )
            .await?;
            if notes.is_none() && tt.is_none() && usd.is_none() {
                return Ok(None);
            }
            let board =
                |r: Option<bx::FxRateListResponse>| r.map(|r| r.products).unwrap_or_default();
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
        })
    }

    fn branches<'a>(&self, client: &'a Client, cx: FetchContext<'a>) -> Fetch<'a, Branch> {
        let op = bo::ListBranches::new();
        list(client, cx, op, |r| r.products, nb::branches)
    }

    fn safe_deposit_boxes<'a>(
        &self,
        client: &'a Client,
        cx: FetchContext<'a>,
    ) -> Fetch<'a, SafeDepositBox> {
        let op = bo::ListSafeDepositBoxes::new();
        list(client, cx, op, |r| r.products, nb::safe_deposit_boxes)
    }
}
