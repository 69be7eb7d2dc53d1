//! End to end: the catalog against the mock bank's HSBC group, Standard Chartered, DBS and BOCHK
//! group banks, each with the credentials its dialect needs, for every product family.

use hkob_banks::mock_profiles;
use hkob_core::headers::Language;
use hkob_mock_bank::MockBank;
use hkob_products::model::{
    Atm, BankId, Branch, CreditCard, CurrentAccount, ForeignCurrencyAccount, FxRate, Mortgage,
    PersonalLoan, SafeDepositBox, SavingsAccount, TimeDeposit,
};
use hkob_products::{BankProfile, CatalogOptions, CatalogResult, Dialect, ProductCatalog};

/// One profile per mock bank of the three dialects, with the credentials each needs.
fn profiles(mock: &MockBank) -> Vec<BankProfile> {
    mock_profiles(mock)
        .into_iter()
        .filter(|p| {
            matches!(
                p.dialect,
                Dialect::HsbcGroup | Dialect::StandardChartered | Dialect::Dbs
            )
        })
        .collect()
}

/// The mock's HSBC group banks send variable loan rates as an `InterestRate` without the `Margin`
/// (and some without a `ReferenceRate`) the spec asks for; the normaliser reports those bands. Any
/// other issue is a failure.
fn assert_only_margin_issues<T>(family: &str, result: &CatalogResult<T>) {
    assert!(
        result.failures.is_empty(),
        "{family}: {:?}",
        result.failures
    );
    for issue in &result.issues {
        assert!(
            issue.field.starts_with("LoanInterest.LoanInterestTierBand")
                && (issue.field.ends_with(".Margin") || issue.field.ends_with(".ReferenceRate"))
                && issue.problem == hkob_products::normalise::Problem::Missing,
            "{family}: {issue}"
        );
    }
}

fn assert_clean<T>(family: &str, result: &CatalogResult<T>) {
    assert!(
        result.failures.is_empty(),
        "{family}: {:?}",
        result.failures
    );
    assert!(result.issues.is_empty(), "{family}: {:?}", result.issues);
}

#[tokio::test]
async fn every_family_from_the_other_dialects_normalises_cleanly() {
    let mock = MockBank::builder()
        .seed(2024)
        .start()
        .await
        .expect("mock starts");
    let profiles = profiles(&mock);
    let dialects: Vec<Dialect> = profiles.iter().map(|p| p.dialect).collect();
    for d in [Dialect::HsbcGroup, Dialect::StandardChartered, Dialect::Dbs] {
        assert!(dialects.contains(&d), "the mock serves a {d} bank");
    }
    let ids: Vec<BankId> = profiles.iter().map(|p| p.id.clone()).collect();
    let catalog = ProductCatalog::with_options(
        profiles,
        CatalogOptions::new().languages([Language::English, Language::TraditionalChinese]),
    );

    let deposits = catalog.fetch::<TimeDeposit>().await;
    assert_clean("time deposits", &deposits);
    for id in &ids {
        assert!(deposits.from_bank(id).count() > 0, "{id} has time deposits");
    }
    assert!(
        deposits.items.iter().all(|d| !d.tiers.is_empty()),
        "every time deposit has rates"
    );
    assert!(
        deposits
            .items
            .iter()
            .any(|d| d.info.name.en.is_some() && d.info.name.zh_hant.is_some()),
        "text in both languages"
    );

    let savings = catalog.fetch::<SavingsAccount>().await;
    assert_clean("savings", &savings);
    assert!(!savings.items.is_empty());
    let current = catalog.fetch::<CurrentAccount>().await;
    assert_clean("current", &current);
    let fcy = catalog.fetch::<ForeignCurrencyAccount>().await;
    assert_clean("fcy", &fcy);
    let cards = catalog.fetch::<CreditCard>().await;
    assert_clean("cards", &cards);
    assert!(!cards.items.is_empty());
    let mortgages = catalog.fetch::<Mortgage>().await;
    assert_only_margin_issues("mortgages", &mortgages);
    assert!(!mortgages.items.is_empty());
    let loans = catalog.fetch::<PersonalLoan>().await;
    assert_only_margin_issues("loans", &loans);
    let fx = catalog.fetch::<FxRate>().await;
    assert_clean("fx", &fx);
    assert!(fx.items.iter().any(|r| r.currency.code() == "USD"));
    let branches = catalog.fetch::<Branch>().await;
    assert_clean("branches", &branches);
    assert!(!branches.items.is_empty());
    let atms = catalog.fetch::<Atm>().await;
    assert_clean("atms", &atms);

    let boxes = catalog.fetch::<SafeDepositBox>().await;
    assert!(boxes.failures.is_empty(), "{:?}", boxes.failures);
    assert!(boxes.items.is_empty());
    assert_eq!(boxes.not_offered, ids, "no dialect of these has boxes");
}

/// One profile per mock BOCHK group bank (`bochk`, `chiyu`, `nanyang`), with OAuth client
/// credentials.
fn bochk_profiles(mock: &MockBank) -> Vec<BankProfile> {
    mock_profiles(mock)
        .into_iter()
        .filter(|p| p.dialect == Dialect::BochkGroup)
        .collect()
}

#[tokio::test]
async fn every_family_from_the_bochk_group_normalises_cleanly() {
    let mock = MockBank::builder()
        .seed(2025)
        .start()
        .await
        .expect("mock starts");
    let profiles = bochk_profiles(&mock);
    let ids: Vec<BankId> = profiles.iter().map(|p| p.id.clone()).collect();
    for id in ["bochk", "chiyu", "nanyang"] {
        assert!(ids.contains(&BankId::new(id)), "the mock serves {id}");
    }
    let catalog = ProductCatalog::with_options(
        profiles,
        CatalogOptions::new().languages([Language::English, Language::TraditionalChinese]),
    );

    let deposits = catalog.fetch::<TimeDeposit>().await;
    assert_clean("time deposits", &deposits);
    for id in &ids {
        assert!(deposits.from_bank(id).count() > 0, "{id} has time deposits");
    }
    assert!(deposits.items.iter().all(|d| !d.tiers.is_empty()));
    assert!(
        deposits.items.iter().all(|d| d.info.name.en.is_some()
            && d.info.name.zh_hant.is_some()
            && d.info.name.zh_hans.is_some()),
        "the copies of each language are merged into one product"
    );
    let savings = catalog.fetch::<SavingsAccount>().await;
    assert_clean("savings", &savings);
    assert!(!savings.items.is_empty());
    let current = catalog.fetch::<CurrentAccount>().await;
    assert_clean("current", &current);
    assert!(!current.items.is_empty());
    let cards = catalog.fetch::<CreditCard>().await;
    assert_clean("cards", &cards);
    assert!(!cards.items.is_empty());
    let mortgages = catalog.fetch::<Mortgage>().await;
    assert_clean("mortgages", &mortgages);
    assert!(!mortgages.items.is_empty());
    let loans = catalog.fetch::<PersonalLoan>().await;
    assert_clean("loans", &loans);
    assert!(!loans.items.is_empty());
    assert!(loans.items.iter().all(|l| !l.rates.is_empty()));
    let fx = catalog.fetch::<FxRate>().await;
    assert_clean("fx", &fx);
    assert!(fx.items.iter().any(|r| r.note_buy.is_some()));
    assert!(fx.items.iter().any(|r| r.tt_buy.is_some()));
    let branches = catalog.fetch::<Branch>().await;
    assert_clean("branches", &branches);
    assert!(!branches.items.is_empty());
    let boxes = catalog.fetch::<SafeDepositBox>().await;
    assert_clean("boxes", &boxes);
    assert!(!boxes.items.is_empty());

    let fcy = catalog.fetch::<ForeignCurrencyAccount>().await;
    assert!(fcy.failures.is_empty(), "{:?}", fcy.failures);
    assert_eq!(
        fcy.not_offered, ids,
        "the dialect has no foreign currency list"
    );
    let atms = catalog.fetch::<Atm>().await;
    assert_eq!(atms.not_offered, ids, "the dialect has no ATM list");
}

/// The BOCHK group serves its lists as `POST`; the spec marks them as safe reads, so a bank that
/// fails once with 503 is asked again and answers.
#[tokio::test]
async fn bochk_group_post_reads_are_retried() {
    let mock = MockBank::builder()
        .seed(12)
        .banks(["bochk"])
        .start()
        .await
        .expect("mock starts");
    mock.add_fault(hkob_mock_bank::FaultRuleSpec {
        bank: Some("bochk".to_owned()),
        path: Some("/deposits/product/timedeposit/v1".to_owned()),
        count: Some(1),
        scenario: "status=503".to_owned(),
    })
    .expect("valid fault");
    let catalog = ProductCatalog::new(bochk_profiles(&mock));
    let deposits = catalog.fetch::<TimeDeposit>().await;
    assert!(deposits.failures.is_empty(), "{:?}", deposits.failures);
    assert!(!deposits.items.is_empty());
    let posts = mock
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/deposits/product/timedeposit/v1"))
        .count();
    assert_eq!(posts, 2, "one refused, one answered");
}
