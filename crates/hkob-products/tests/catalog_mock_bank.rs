//! The catalog against the mock bank, started in-process on a free port.

use std::time::Duration;

use hkob_banks::ProfileError;
use hkob_banks::mock_profiles;
use hkob_core::headers::Language;
use hkob_core::retry::RetryPolicy;
use hkob_core::{Amount, Decimal};
use hkob_mock_bank::{FaultRuleSpec, MockBank};
use hkob_products::catalog::CatalogError;
use hkob_products::model::{BankId, CreditCard, Tenor, TimeDeposit};
use hkob_products::{BankCredentials, BankProfile, CatalogOptions, Dialect, ProductCatalog};

/// Profiles of every JETCO APIX bank the mock serves.
fn jetco_profiles(mock: &MockBank) -> Vec<BankProfile> {
    mock_profiles(mock)
        .into_iter()
        .filter(|p| p.dialect == Dialect::JetcoApix)
        .collect()
}

fn fault(bank: &str, scenario: &str) -> FaultRuleSpec {
    FaultRuleSpec {
        bank: Some(bank.to_owned()),
        path: Some("/deposits/v1/timedeposit".to_owned()),
        count: None,
        scenario: scenario.to_owned(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_banks_are_reported_and_the_others_answer() {
    let mock = MockBank::builder()
        .seed(7)
        .start()
        .await
        .expect("mock starts");
    let profiles = jetco_profiles(&mock);
    assert!(profiles.len() >= 10, "the mock serves many JETCO banks");
    let slow = profiles[0].id.clone();
    let broken = profiles[1].id.clone();
    let garbled = profiles[2].id.clone();
    mock.add_fault(fault(slow.as_str(), "latency=30s"))
        .expect("valid fault");
    mock.add_fault(fault(broken.as_str(), "status=500"))
        .expect("valid fault");
    mock.add_fault(fault(garbled.as_str(), "malformed-json"))
        .expect("valid fault");

    let catalog = ProductCatalog::with_options(
        profiles.clone(),
        CatalogOptions::new()
            .concurrency(4)
            .deadline(Duration::from_secs(2))
            .retry_policy(RetryPolicy::none()),
    );
    let result = catalog.fetch::<TimeDeposit>().await;

    assert_eq!(result.failures.len(), 3, "failures: {:?}", result.failures);
    match result.failure_of(&slow).map(|f| &f.error) {
        Some(CatalogError::Timeout(d)) => assert_eq!(*d, Duration::from_secs(2)),
        other => panic!("expected a timeout for {slow}, got {other:?}"),
    }
    match result.failure_of(&broken).map(|f| &f.error) {
        Some(CatalogError::Request(e)) => {
            assert_eq!(e.status().map(|s| s.as_u16()), Some(500))
        }
        other => panic!("expected a 500 for {broken}, got {other:?}"),
    }
    match result.failure_of(&garbled).map(|f| &f.error) {
        Some(CatalogError::Request(e)) if matches!(**e, hkob_core::Error::Decode(_)) => {}
        other => panic!("expected a decode error for {garbled}, got {other:?}"),
    }
    // Failures show as `bank: reason`, and the result can be cloned and looked up by `&str`.
    let shown = result.failure_of(slow.as_str()).map(ToString::to_string);
    assert!(
        shown
            .as_deref()
            .is_some_and(|s| s.starts_with(&format!("{slow}: "))),
        "{shown:?}"
    );
    let copy = result.clone();
    assert_eq!(copy.failures.len(), 3);
    assert_eq!(
        copy.from_bank(profiles[3].id.as_str()).count(),
        result.from_bank(&profiles[3].id).count()
    );
    for profile in &profiles[3..] {
        assert!(
            result.from_bank(&profile.id).count() > 0,
            "{} answered with time deposits",
            profile.id
        );
        assert!(result.failure_of(&profile.id).is_none());
    }
    for failed in [&slow, &broken, &garbled] {
        assert_eq!(result.from_bank(failed).count(), 0);
    }
    // Items keep the order of the profiles.
    let order: Vec<&BankId> = result.items.iter().map(|i| &i.info.bank).collect();
    let mut sorted = order.clone();
    sorted.sort_by_key(|b| profiles.iter().position(|p| &p.id == *b));
    assert_eq!(order, sorted);
}

#[tokio::test]
async fn a_second_fetch_within_the_ttl_asks_no_bank() {
    let mock = MockBank::builder()
        .seed(11)
        .banks(["bea", "dsb", "cal"])
        .start()
        .await
        .expect("mock starts");
    let profiles = jetco_profiles(&mock);
    assert_eq!(profiles.len(), 3);
    let catalog = ProductCatalog::with_options(
        profiles,
        CatalogOptions::new().cache_ttl(Duration::from_secs(600)),
    );

    let first = catalog.fetch::<TimeDeposit>().await;
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    let asked = mock.requests().len();
    assert!(asked >= 3, "one request per bank at least");

    let second = catalog.fetch::<TimeDeposit>().await;
    assert_eq!(mock.requests().len(), asked, "served from the cache");
    assert_eq!(second.items, first.items);

    // Another family is not in the cache yet.
    let cards = catalog.fetch::<CreditCard>().await;
    assert!(cards.failures.is_empty(), "{:?}", cards.failures);
    assert!(mock.requests().len() > asked);

    // After clearing, the banks are asked again.
    let before = mock.requests().len();
    catalog.clear_cache();
    let third = catalog.fetch::<TimeDeposit>().await;
    assert_eq!(third.items, first.items);
    assert!(mock.requests().len() > before);
}

#[tokio::test]
async fn processes_sharing_a_store_share_the_cache_and_each_bank_is_asked_once() {
    use std::sync::Arc;

    use hkob_core::store::{MemoryBackend, StateBackend};

    let mock = MockBank::builder()
        .seed(11)
        .banks(["bea", "dsb", "bochk"])
        .start()
        .await
        .expect("mock starts");
    let profiles = hkob_banks::mock_profiles_of(&mock, &["bea", "dsb", "bochk"]);
    let state: Arc<dyn StateBackend> = Arc::new(MemoryBackend::new());
    let options = CatalogOptions::new()
        .cache_ttl(Duration::from_secs(600))
        .shared_state(Arc::clone(&state));
    // Four processes, each with its own catalog (and its own clients).
    let catalogs: Vec<ProductCatalog> = (0..4)
        .map(|_| ProductCatalog::with_options(profiles.clone(), options.clone()))
        .collect();
    let first = catalogs[0].fetch::<TimeDeposit>().await;
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    let asked = mock.requests().len();
    for catalog in &catalogs[1..] {
        let again = catalog.fetch::<TimeDeposit>().await;
        assert_eq!(again.items, first.items);
        assert_eq!(again.issues, first.issues);
    }
    assert_eq!(
        mock.requests().len(),
        asked,
        "the other processes were served from the shared cache"
    );
    // Without a ttl nothing is shared: a cache is opt-in.
    let uncached = ProductCatalog::with_options(
        profiles.clone(),
        CatalogOptions::new().shared_state(Arc::clone(&state)),
    );
    uncached.fetch::<TimeDeposit>().await;
    assert!(mock.requests().len() > asked);
}

#[tokio::test]
async fn without_a_ttl_every_fetch_asks_again() {
    let mock = MockBank::builder()
        .seed(11)
        .banks(["bea"])
        .start()
        .await
        .expect("mock starts");
    let catalog = ProductCatalog::new(jetco_profiles(&mock));
    catalog.fetch::<TimeDeposit>().await;
    let asked = mock.requests_to("bea").len();
    catalog.fetch::<TimeDeposit>().await;
    assert!(mock.requests_to("bea").len() > asked);
}

#[tokio::test]
async fn failures_are_not_cached() {
    let mock = MockBank::builder()
        .seed(3)
        .banks(["bea"])
        .start()
        .await
        .expect("mock starts");
    let mut once = fault("bea", "status=503");
    once.count = Some(1);
    mock.add_fault(once).expect("valid fault");
    let catalog = ProductCatalog::with_options(
        jetco_profiles(&mock),
        CatalogOptions::new()
            .cache_ttl(Duration::from_secs(600))
            .retry_policy(RetryPolicy::none()),
    );
    let first = catalog.fetch::<TimeDeposit>().await;
    assert_eq!(first.failures.len(), 1);
    let second = catalog.fetch::<TimeDeposit>().await;
    assert!(second.failures.is_empty(), "{:?}", second.failures);
    assert!(!second.items.is_empty());
}

#[tokio::test]
async fn an_invalid_profile_fails_alone() {
    let mock = MockBank::builder()
        .seed(5)
        .banks(["bea", "hsbc"])
        .start()
        .await
        .expect("mock starts");
    let mut profiles = jetco_profiles(&mock);
    // DBS partner credentials cannot be used with the BOCHK group dialect.
    profiles.push(BankProfile::new(
        "bochk",
        "BOCHK",
        Dialect::BochkGroup,
        mock.bank_url("hsbc").unwrap_or_default(),
        BankCredentials::DbsPartner {
            client_id: "id".into(),
            client_secret: "secret".into(),
            partner_id: "partner".into(),
            partner_secret: "jwt".into(),
        },
    ));
    let catalog = ProductCatalog::new(profiles);
    let result = catalog.fetch::<TimeDeposit>().await;
    assert!(result.from_bank(&BankId::new("bea")).count() > 0);
    let failure = result
        .failure_of(&BankId::new("bochk"))
        .expect("bochk fails");
    assert!(
        matches!(
            &failure.error,
            CatalogError::InvalidProfile(ProfileError::CredentialsMismatch { credentials, .. })
                if *credentials == "DBS partner"
        ),
        "{}",
        failure.error
    );
}

#[tokio::test]
async fn comparison_helpers_rank_across_banks() {
    let mock = MockBank::builder()
        .seed(2018)
        .start()
        .await
        .expect("mock starts");
    let catalog = ProductCatalog::new(jetco_profiles(&mock));
    let deposits = catalog.fetch::<TimeDeposit>().await;
    assert!(deposits.failures.is_empty(), "{:?}", deposits.failures);
    let amount = Amount::hkd(Decimal::from(100_000));
    let quotes = deposits.best_rate_per_bank(amount, Tenor::months(3));
    assert!(!quotes.is_empty());
    assert!(quotes.windows(2).all(|w| w[0].rate >= w[1].rate));
    let mut banks: Vec<_> = quotes.iter().map(|q| &q.bank).collect();
    banks.dedup();
    assert_eq!(banks.len(), quotes.len(), "one quote per bank");
    for q in &quotes {
        assert!(q.tier.applies_to(amount, Tenor::months(3)));
    }

    let cards = catalog.fetch::<CreditCard>().await;
    let by_apr = cards.by_lowest_apr();
    assert_eq!(by_apr.len(), cards.items.len());
    let aprs: Vec<_> = by_apr.iter().filter_map(|c| c.purchase_apr).collect();
    assert!(aprs.windows(2).all(|w| w[0] <= w[1]));
    assert!(
        cards
            .without_annual_fee()
            .iter()
            .all(|c| c.has_no_annual_fee())
    );
}

#[tokio::test]
async fn text_comes_in_the_language_asked_for() {
    let mock = MockBank::builder()
        .seed(9)
        .banks(["bea"])
        .start()
        .await
        .expect("mock starts");
    let catalog = ProductCatalog::with_options(
        jetco_profiles(&mock),
        CatalogOptions::new().language(Language::TraditionalChinese),
    );
    let result = catalog.fetch::<TimeDeposit>().await;
    assert!(!result.items.is_empty());
    for item in &result.items {
        assert!(item.info.name.en.is_none());
        assert!(item.info.name.zh_hant.is_some());
    }
}

#[tokio::test]
async fn two_languages_are_merged_into_one_item() {
    let mock = MockBank::builder()
        .seed(9)
        .banks(["bea", "dsb"])
        .start()
        .await
        .expect("mock starts");
    let catalog = ProductCatalog::with_options(
        jetco_profiles(&mock),
        CatalogOptions::new().languages([Language::English, Language::TraditionalChinese]),
    );
    let english_only = ProductCatalog::new(jetco_profiles(&mock))
        .fetch::<TimeDeposit>()
        .await;
    let result = catalog.fetch::<TimeDeposit>().await;
    assert!(result.failures.is_empty(), "{:?}", result.failures);
    assert_eq!(result.items.len(), english_only.items.len());
    for (both, en) in result.items.iter().zip(&english_only.items) {
        assert_eq!(both.info.code, en.info.code);
        assert_eq!(both.info.name.en, en.info.name.en);
        assert!(
            both.info.name.zh_hant.is_some(),
            "{} has a Chinese name",
            both.info.code
        );
        assert_ne!(both.info.name.zh_hant, both.info.name.en);
        assert_eq!(both.tiers, en.tiers, "numbers come from the first language");
    }
    let asked_in_chinese = mock
        .requests_to("bea")
        .iter()
        .filter(|r| r.header("accept-language") == Some("HK"))
        .count();
    assert!(asked_in_chinese > 0);
}

#[tokio::test]
async fn every_family_normalises_cleanly_from_a_full_service_bank() {
    use hkob_products::catalog::CatalogProduct;
    use hkob_products::model::{
        Atm, Branch, CurrentAccount, ForeignCurrencyAccount, FxRate, Mortgage, PersonalLoan,
        SafeDepositBox, SavingsAccount,
    };

    async fn check<T: CatalogProduct + std::fmt::Debug>(catalog: &ProductCatalog) -> usize {
        let result = catalog.fetch::<T>().await;
        assert!(
            result.failures.is_empty(),
            "{:?}: {:?}",
            T::FAMILY,
            result.failures
        );
        assert!(
            result.issues.is_empty(),
            "{:?}: {:?}",
            T::FAMILY,
            result.issues
        );
        assert!(!result.items.is_empty(), "{:?} has items", T::FAMILY);
        assert!(result.items.iter().all(|i| i.bank().as_str() == "bea"));
        result.items.len()
    }

    let mock = MockBank::builder()
        .seed(21)
        .banks(["bea"])
        .start()
        .await
        .expect("mock starts");
    let catalog = ProductCatalog::new(jetco_profiles(&mock));
    check::<SavingsAccount>(&catalog).await;
    check::<CurrentAccount>(&catalog).await;
    check::<TimeDeposit>(&catalog).await;
    check::<ForeignCurrencyAccount>(&catalog).await;
    check::<CreditCard>(&catalog).await;
    check::<Mortgage>(&catalog).await;
    check::<PersonalLoan>(&catalog).await;
    check::<FxRate>(&catalog).await;
    check::<Branch>(&catalog).await;
    check::<Atm>(&catalog).await;
    check::<SafeDepositBox>(&catalog).await;
}

#[tokio::test]
async fn unknown_enum_values_from_the_bank_become_issues_not_failures() {
    let mock = MockBank::builder()
        .seed(4)
        .banks(["bea"])
        .start()
        .await
        .expect("mock starts");
    mock.add_fault(FaultRuleSpec {
        bank: Some("bea".into()),
        path: Some("/loans/v1/creditcard".into()),
        count: None,
        scenario: "unknown-enum".into(),
    })
    .expect("valid fault");
    let catalog = ProductCatalog::new(jetco_profiles(&mock));
    let cards = catalog.fetch::<CreditCard>().await;
    assert!(cards.failures.is_empty(), "{:?}", cards.failures);
    assert!(!cards.items.is_empty());
    assert!(
        !cards.issues.is_empty(),
        "the replaced enum values are reported"
    );
}

/// A catalog fetch can be spawned, or awaited in a web handler: its future is `Send`.
#[tokio::test]
async fn a_fetch_is_send_and_can_be_spawned() {
    fn assert_send<T: Send>(value: T) -> T {
        value
    }
    let mock = MockBank::builder()
        .seed(8)
        .banks(["bea", "hsbc", "bochk", "sc", "dbs"])
        .start()
        .await
        .expect("mock starts");
    let catalog = std::sync::Arc::new(ProductCatalog::new(mock_profiles(&mock)));
    let spawned = tokio::spawn({
        let catalog = std::sync::Arc::clone(&catalog);
        async move { assert_send(catalog.fetch::<TimeDeposit>()).await }
    });
    let deposits = spawned.await.expect("the task ran");
    assert!(deposits.failures.is_empty(), "{:?}", deposits.failures);
    assert_eq!(
        deposits
            .items
            .iter()
            .map(|d| d.info.bank.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        5
    );
}

/// What the catalog gives can be stored and served: the model round-trips through JSON, and
/// every product's shared details sit at the top level.
#[tokio::test]
async fn the_model_round_trips_through_json() {
    let mock = MockBank::builder()
        .seed(9)
        .banks(["bea", "dbs"])
        .start()
        .await
        .expect("mock starts");
    let catalog = ProductCatalog::new(mock_profiles(&mock));
    let deposits = catalog.fetch::<TimeDeposit>().await;
    let cards = catalog.fetch::<CreditCard>().await;
    assert!(!deposits.items.is_empty() && !cards.items.is_empty());
    let json = serde_json::to_value(&deposits.items).expect("serialises");
    assert!(
        json[0]["bank"].is_string() && json[0]["code"].is_string(),
        "{}",
        json[0]
    );
    let back: Vec<TimeDeposit> = serde_json::from_value(json).expect("deserialises");
    assert_eq!(back, deposits.items);
    let json = serde_json::to_string(&cards.items).expect("serialises");
    let back: Vec<CreditCard> = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, cards.items);
}

#[tokio::test]
async fn the_page_size_has_the_paginator_type_and_small_pages_fetch_everything() {
    let mock = MockBank::builder()
        .seed(11)
        .banks(["bea", "dsb"])
        .start()
        .await
        .expect("mock starts");
    let profiles = jetco_profiles(&mock);
    // One page-size type: a list's ceiling (`ListOperation::max_page_size`, as
    // `Paginator::page_size` takes it) goes into the options unconverted; JETCO names none.
    let list = hkob_products::generated::jetco_apix::operations::ListTimeDepositProducts::new();
    let size: u32 = hkob_core::ListOperation::max_page_size(&list).unwrap_or(1);
    let codes = |result: &hkob_products::CatalogResult<TimeDeposit>| {
        let mut codes: Vec<String> = result.items.iter().map(|d| d.info.code.clone()).collect();
        codes.sort();
        codes
    };
    let small =
        ProductCatalog::with_options(profiles.clone(), CatalogOptions::new().page_size(size))
            .fetch::<TimeDeposit>()
            .await;
    let default = ProductCatalog::new(profiles).fetch::<TimeDeposit>().await;
    assert!(small.failures.is_empty(), "{:?}", small.failures);
    assert!(!default.items.is_empty());
    assert_eq!(codes(&small), codes(&default));
}
