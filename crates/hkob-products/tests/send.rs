//! Every public async API of hkob-products returns a future or stream that is `Send`, so that
//! an application can hand it to `tokio::spawn` on a multi-threaded runtime.
//!
//! The `*_are_send` functions are checked by the compiler and never run: they compile only if
//! each future is `Send`. [`every_public_async_fn_is_checked`] reads the crate's sources and
//! fails when a public `async fn` (a generated `send` or `paginate` included), or a function
//! returning a boxed future or stream, is missing from this file.

// Deprecated operations of the specs are checked like every other.
#![allow(deprecated)]

use std::future::Future;
use std::path::{Path, PathBuf};

use hkob_core::Client;
use hkob_core::auth::{AuthContext, Credentials};
use hkob_core::paging::{Page, Paginator};
use hkob_products::catalog::CatalogProduct;
use hkob_products::dbs_auth::DbsCredentials;
use hkob_products::generated::{bochk_group, dbs, hsbc_group, jetco_apix, standard_chartered};
use hkob_products::model::{
    Atm, Branch, CreditCard, CurrentAccount, ForeignCurrencyAccount, FxRate, Mortgage,
    PersonalLoan, SafeDepositBox, SavingsAccount, TimeDeposit,
};
use hkob_products::{CatalogResult, ProductCatalog};

fn assert_send<T: Send>(_: T) {}

fn assert_send_sync<T: Send + Sync>() {}

/// A generated request's `send`: its future is `Send`.
fn send_future<'a, O, F>(_: fn(&'a O, &'a Client) -> F)
where
    F: Future + Send,
{
}

/// A generated request's `paginate`: its paginator (and so its streams) is `Send`.
fn paginator<'a, O, P: Page>(_: fn(&'a O, &'a Client) -> Paginator<P>)
where
    Paginator<P>: Send + Sync,
    P::Item: Send,
{
}

/// `send` and `paginate` of every generated request type.
#[test]
fn generated_futures_are_send() {
    send_future(bochk_group::operations::ListBonds::send);
    paginator(bochk_group::operations::ListBonds::paginate);
    send_future(bochk_group::operations::ListBranches::send);
    paginator(bochk_group::operations::ListBranches::paginate);
    send_future(bochk_group::operations::ListCreditCardProducts::send);
    paginator(bochk_group::operations::ListCreditCardProducts::paginate);
    send_future(bochk_group::operations::ListCurrencyLinkedInvestments::send);
    paginator(bochk_group::operations::ListCurrencyLinkedInvestments::paginate);
    send_future(bochk_group::operations::ListCurrentProducts::send);
    paginator(bochk_group::operations::ListCurrentProducts::paginate);
    send_future(bochk_group::operations::ListEquityLinkedInvestments::send);
    paginator(bochk_group::operations::ListEquityLinkedInvestments::paginate);
    send_future(bochk_group::operations::ListFxTradingServices::send);
    paginator(bochk_group::operations::ListFxTradingServices::paginate);
    send_future(bochk_group::operations::ListHkdBanknoteRates::send);
    paginator(bochk_group::operations::ListHkdBanknoteRates::paginate);
    send_future(bochk_group::operations::ListHkdTtRates::send);
    paginator(bochk_group::operations::ListHkdTtRates::paginate);
    send_future(bochk_group::operations::ListHomeInsurancePremiums::send);
    paginator(bochk_group::operations::ListHomeInsurancePremiums::paginate);
    send_future(bochk_group::operations::ListHomeInsuranceProducts::send);
    paginator(bochk_group::operations::ListHomeInsuranceProducts::paginate);
    send_future(bochk_group::operations::ListIpoOffers::send);
    paginator(bochk_group::operations::ListIpoOffers::paginate);
    send_future(bochk_group::operations::ListLifeInsuranceProducts::send);
    paginator(bochk_group::operations::ListLifeInsuranceProducts::paginate);
    send_future(bochk_group::operations::ListMarginTradingServices::send);
    paginator(bochk_group::operations::ListMarginTradingServices::paginate);
    send_future(bochk_group::operations::ListMedicalInsurancePremiums::send);
    paginator(bochk_group::operations::ListMedicalInsurancePremiums::paginate);
    send_future(bochk_group::operations::ListMedicalInsuranceProducts::send);
    paginator(bochk_group::operations::ListMedicalInsuranceProducts::paginate);
    send_future(bochk_group::operations::ListMetalFxMarginServices::send);
    paginator(bochk_group::operations::ListMetalFxMarginServices::paginate);
    send_future(bochk_group::operations::ListMetalPassbookInvestments::send);
    paginator(bochk_group::operations::ListMetalPassbookInvestments::paginate);
    send_future(bochk_group::operations::ListMonthlyStockSavingPlans::send);
    paginator(bochk_group::operations::ListMonthlyStockSavingPlans::paginate);
    send_future(bochk_group::operations::ListMortgageProducts::send);
    paginator(bochk_group::operations::ListMortgageProducts::paginate);
    send_future(bochk_group::operations::ListMotorInsuranceProducts::send);
    paginator(bochk_group::operations::ListMotorInsuranceProducts::paginate);
    send_future(bochk_group::operations::ListPersonalAccidentInsurancePremiums::send);
    paginator(bochk_group::operations::ListPersonalAccidentInsurancePremiums::paginate);
    send_future(bochk_group::operations::ListPersonalLoanProducts::send);
    paginator(bochk_group::operations::ListPersonalLoanProducts::paginate);
    send_future(bochk_group::operations::ListPhysicalMetalProducts::send);
    paginator(bochk_group::operations::ListPhysicalMetalProducts::paginate);
    send_future(bochk_group::operations::ListSafeDepositBoxes::send);
    paginator(bochk_group::operations::ListSafeDepositBoxes::paginate);
    send_future(bochk_group::operations::ListSavingsProducts::send);
    paginator(bochk_group::operations::ListSavingsProducts::paginate);
    send_future(bochk_group::operations::ListSecuritiesTradingServices::send);
    paginator(bochk_group::operations::ListSecuritiesTradingServices::paginate);
    send_future(bochk_group::operations::ListStructuredInvestments::send);
    paginator(bochk_group::operations::ListStructuredInvestments::paginate);
    send_future(bochk_group::operations::ListTaxLoanProducts::send);
    paginator(bochk_group::operations::ListTaxLoanProducts::paginate);
    send_future(bochk_group::operations::ListTimeDepositProducts::send);
    paginator(bochk_group::operations::ListTimeDepositProducts::paginate);
    send_future(bochk_group::operations::ListTravelInsurancePremiums::send);
    paginator(bochk_group::operations::ListTravelInsurancePremiums::paginate);
    send_future(bochk_group::operations::ListTravelInsuranceProducts::send);
    paginator(bochk_group::operations::ListTravelInsuranceProducts::paginate);
    send_future(bochk_group::operations::ListUsdRates::send);
    paginator(bochk_group::operations::ListUsdRates::paginate);
    send_future(dbs::operations::Authorize::send);
    send_future(dbs::operations::ListAtms::send);
    paginator(dbs::operations::ListAtms::paginate);
    send_future(dbs::operations::ListBranches::send);
    paginator(dbs::operations::ListBranches::paginate);
    send_future(dbs::operations::ListCreditCards::send);
    paginator(dbs::operations::ListCreditCards::paginate);
    send_future(dbs::operations::ListCurrentAccounts::send);
    paginator(dbs::operations::ListCurrentAccounts::paginate);
    send_future(dbs::operations::ListExchangeRates::send);
    paginator(dbs::operations::ListExchangeRates::paginate);
    send_future(dbs::operations::ListForeignCurrencyAccounts::send);
    paginator(dbs::operations::ListForeignCurrencyAccounts::paginate);
    send_future(dbs::operations::ListMortgages::send);
    paginator(dbs::operations::ListMortgages::paginate);
    send_future(dbs::operations::ListSavingsAccounts::send);
    paginator(dbs::operations::ListSavingsAccounts::paginate);
    send_future(dbs::operations::ListSecuredLoans::send);
    paginator(dbs::operations::ListSecuredLoans::paginate);
    send_future(dbs::operations::ListTimeDeposits::send);
    paginator(dbs::operations::ListTimeDeposits::paginate);
    send_future(dbs::operations::ListUnsecuredLoans::send);
    paginator(dbs::operations::ListUnsecuredLoans::paginate);
    send_future(hsbc_group::operations::ListAllInOneAndSavingsAccounts::send);
    paginator(hsbc_group::operations::ListAllInOneAndSavingsAccounts::paginate);
    send_future(hsbc_group::operations::ListAtms::send);
    paginator(hsbc_group::operations::ListAtms::paginate);
    send_future(hsbc_group::operations::ListBranches::send);
    paginator(hsbc_group::operations::ListBranches::paginate);
    send_future(hsbc_group::operations::ListCreditCards::send);
    paginator(hsbc_group::operations::ListCreditCards::paginate);
    send_future(hsbc_group::operations::ListCurrentAccounts::send);
    paginator(hsbc_group::operations::ListCurrentAccounts::paginate);
    send_future(hsbc_group::operations::ListForeignCurrencyAccounts::send);
    paginator(hsbc_group::operations::ListForeignCurrencyAccounts::paginate);
    send_future(hsbc_group::operations::ListForeignExchangeRates::send);
    paginator(hsbc_group::operations::ListForeignExchangeRates::paginate);
    send_future(hsbc_group::operations::ListMortgages::send);
    paginator(hsbc_group::operations::ListMortgages::paginate);
    send_future(hsbc_group::operations::ListSavingsAccounts::send);
    paginator(hsbc_group::operations::ListSavingsAccounts::paginate);
    send_future(hsbc_group::operations::ListSecuredLoans::send);
    paginator(hsbc_group::operations::ListSecuredLoans::paginate);
    send_future(hsbc_group::operations::ListTimeDeposits::send);
    paginator(hsbc_group::operations::ListTimeDeposits::paginate);
    send_future(hsbc_group::operations::ListUnsecuredLoans::send);
    paginator(hsbc_group::operations::ListUnsecuredLoans::paginate);
    send_future(jetco_apix::operations::GetCreditCardProduct::send);
    send_future(jetco_apix::operations::GetCurrentProduct::send);
    send_future(jetco_apix::operations::GetFcyProduct::send);
    send_future(jetco_apix::operations::GetMortgageProduct::send);
    send_future(jetco_apix::operations::GetSavingsProduct::send);
    send_future(jetco_apix::operations::GetSecuredLoanProduct::send);
    send_future(jetco_apix::operations::GetTimeDepositProduct::send);
    send_future(jetco_apix::operations::GetUnsecuredLoanProduct::send);
    send_future(jetco_apix::operations::ListAtms::send);
    paginator(jetco_apix::operations::ListAtms::paginate);
    send_future(jetco_apix::operations::ListBranches::send);
    paginator(jetco_apix::operations::ListBranches::paginate);
    send_future(jetco_apix::operations::ListCreditCardProducts::send);
    paginator(jetco_apix::operations::ListCreditCardProducts::paginate);
    send_future(jetco_apix::operations::ListCurrentProducts::send);
    paginator(jetco_apix::operations::ListCurrentProducts::paginate);
    send_future(jetco_apix::operations::ListDepositBoxes::send);
    paginator(jetco_apix::operations::ListDepositBoxes::paginate);
    send_future(jetco_apix::operations::ListFcyProducts::send);
    paginator(jetco_apix::operations::ListFcyProducts::paginate);
    send_future(jetco_apix::operations::ListFxRates::send);
    paginator(jetco_apix::operations::ListFxRates::paginate);
    send_future(jetco_apix::operations::ListMortgageProducts::send);
    paginator(jetco_apix::operations::ListMortgageProducts::paginate);
    send_future(jetco_apix::operations::ListSavingsProducts::send);
    paginator(jetco_apix::operations::ListSavingsProducts::paginate);
    send_future(jetco_apix::operations::ListSecuredLoanProducts::send);
    paginator(jetco_apix::operations::ListSecuredLoanProducts::paginate);
    send_future(jetco_apix::operations::ListTimeDepositProducts::send);
    paginator(jetco_apix::operations::ListTimeDepositProducts::paginate);
    send_future(jetco_apix::operations::ListUnsecuredLoanProducts::send);
    paginator(jetco_apix::operations::ListUnsecuredLoanProducts::paginate);
    send_future(standard_chartered::operations::ListBankLocations::send);
    paginator(standard_chartered::operations::ListBankLocations::paginate);
    send_future(standard_chartered::operations::ListFxRates::send);
    paginator(standard_chartered::operations::ListFxRates::paginate);
    send_future(standard_chartered::operations::ListProducts::send);
}

/// [`ProductCatalog::fetch`] for every product family (the generic `T` stands for all of them;
/// the families are listed too), and its result.
#[allow(dead_code)]
fn catalog_futures_are_send<T: CatalogProduct>(catalog: &ProductCatalog) {
    assert_send(catalog.fetch::<T>());
    assert_send_sync::<CatalogResult<T>>();
    assert_send(catalog.fetch::<SavingsAccount>());
    assert_send(catalog.fetch::<CurrentAccount>());
    assert_send(catalog.fetch::<TimeDeposit>());
    assert_send(catalog.fetch::<ForeignCurrencyAccount>());
    assert_send(catalog.fetch::<CreditCard>());
    assert_send(catalog.fetch::<Mortgage>());
    assert_send(catalog.fetch::<PersonalLoan>());
    assert_send(catalog.fetch::<FxRate>());
    assert_send(catalog.fetch::<Branch>());
    assert_send(catalog.fetch::<Atm>());
    assert_send(catalog.fetch::<SafeDepositBox>());
}

/// DBS's credentials, applied to a request.
#[allow(dead_code)]
fn dbs_credentials_are_send(
    credentials: &DbsCredentials,
    cx: AuthContext<'_>,
    headers: &mut http::HeaderMap,
) {
    assert_send(credentials.apply(cx, headers));
}

#[test]
fn shared_types_are_send_and_sync() {
    assert_send_sync::<ProductCatalog>();
    assert_send_sync::<DbsCredentials>();
    assert_send_sync::<CatalogResult<TimeDeposit>>();
}

/// Return types that make a function asynchronous without `async fn`.
const FUTURE_RETURNS: &[&str] = &[
    "-> impl Future",
    "-> impl Stream",
    "BoxFuture",
    "BoxStream",
    "ApplyFuture",
    "Fetch<'",
    "dyn Future",
];

/// Functions the scan finds that are not public API (none so far).
const NOT_PUBLIC: &[&str] = &[];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The name of the function a line declares, when it is a public `async fn` or a function
/// returning a future or stream.
fn async_fn_name(line: &str) -> Option<&str> {
    let code = line.trim_start();
    if code.starts_with("//") || code.starts_with("pub(") {
        return None;
    }
    let rest = if let Some(rest) = code.strip_prefix("pub async fn ") {
        rest
    } else if FUTURE_RETURNS.iter().any(|r| code.contains(r)) {
        let start = code.find("fn ")?;
        code.get(start + 3..)?
    } else {
        return None;
    };
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    rest.get(..end).filter(|name| !name.is_empty())
}

/// Whether a line of this file hands a call of `name` to `assert_send`.
fn is_checked(this: &str, name: &str) -> bool {
    this.lines()
        .filter(|l| l.contains("assert_send("))
        .any(|line| {
            [".", "::"].iter().any(|before| {
                ["(", "::<"]
                    .iter()
                    .any(|after| line.contains(&format!("{before}{name}{after}")))
            })
        })
}

#[test]
fn every_public_async_fn_is_checked() {
    let this = include_str!("send.rs");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let generated = src.join("generated");
    let dialects = src.join("dialects");
    let dbs_auth = dialects.join("dbs").join("auth");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut missing = Vec::new();
    let mut found = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        // The dialects are private (their fetchers return `Fetch`, a boxed `Send` future by
        // type), except DBS's credentials, re-exported as `dbs_auth`.
        let is_dbs_auth = file.starts_with(&dbs_auth) || *file == dbs_auth.with_extension("rs");
        let is_dialects = file.starts_with(&dialects) || *file == dialects.with_extension("rs");
        if is_dialects && !is_dbs_auth {
            continue;
        }
        if file.starts_with(&generated) {
            // One request type per `impl Name {`: its `send` and `paginate`, by module.
            let Some(module) = file
                .parent()
                .and_then(Path::file_name)
                .and_then(|m| m.to_str())
            else {
                continue;
            };
            let mut current = None;
            for line in text.lines() {
                if let Some(name) = line
                    .strip_prefix("impl ")
                    .and_then(|rest| rest.strip_suffix(" {"))
                {
                    current = Some(name.to_owned());
                }
                let method = match line.trim_start() {
                    l if l.starts_with("pub async fn send(") => "send",
                    l if l.starts_with("pub fn paginate(") => "paginate",
                    _ => continue,
                };
                found += 1;
                let name = current.as_deref().unwrap_or("?");
                if !this.contains(&format!("{module}::operations::{name}::{method});")) {
                    missing.push(format!("{module}::operations::{name}::{method}"));
                }
            }
            continue;
        }
        for line in text.lines() {
            let Some(name) = async_fn_name(line) else {
                continue;
            };
            found += 1;
            if !is_checked(this, name) && !NOT_PUBLIC.contains(&name) {
                missing.push(format!("{}: {name}", file.display()));
            }
        }
    }
    assert!(found >= 150, "the scan found only {found} async functions");
    assert!(
        missing.is_empty(),
        "not checked for Send in tests/send.rs: {missing:#?}"
    );
}
