//! End to end against the mock bank's HKMA portal, started in-process on a free port.

use std::time::Duration;

use futures_util::TryStreamExt;
use hkob_core::auth::StaticHeaders;
use hkob_core::retry::RetryPolicy;
use hkob_core::{Client, Error, StatusCode};
use hkob_hkma::{
    AnyDataset, CustomerDepositsSegment, DateRange, HkmaClient, InterbankRateSegment, Lang,
    ListAuthorizedInstitutions, ListBankAtms, ListBankBranches, ListCustomerDepositsByCurrency,
    ListExchangeRatesDaily, ListHiborFixings, ListHkdInterestRateAverages,
    ListHkdInterestRateChanges, ListInterbankLiquidity, LocatorLang, RegisterLang, SortOrder,
};
use hkob_mock_bank::MockBank;

const SEED: u64 = 42;

/// The dates from `first` to `last`, both `YYYY-MM-DD`.
fn dates(first: &str, last: &str) -> DateRange {
    let day = |text: &str| text.parse().expect("a date");
    DateRange::new(day(first), day(last)).expect("in order")
}
const REGISTER: &str = "bank-svf-info/register-ais-lros";

async fn start() -> (MockBank, HkmaClient) {
    let mock = MockBank::builder()
        .seed(SEED)
        .start()
        .await
        .expect("the mock bank starts");
    let hkma = HkmaClient::with_base_url(format!("{}/hkma/public", mock.base_url()))
        .expect("the client builds");
    (mock, hkma)
}

/// A client that sends `x-mock-scenario: <scenario>` and never retries.
fn client_with_scenario(mock: &MockBank, scenario: &str) -> HkmaClient {
    let client = Client::builder()
        .base_url(format!("{}/hkma/public", mock.base_url()))
        .credentials(StaticHeaders::new().header("x-mock-scenario", scenario))
        .retry_policy(RetryPolicy::none())
        .total_timeout(Duration::from_secs(20))
        .build()
        .expect("the client builds");
    HkmaClient::from_client(client)
}

fn api_error(error: &Error) -> &hkob_core::error::ApiError {
    match error {
        Error::Api(e) => e,
        other => panic!("expected the portal's error, got {other:?}"),
    }
}

#[tokio::test]
async fn pages_through_the_register_and_stops_on_the_short_page() {
    let (_mock, hkma) = start().await;
    let expected = hkob_mock_bank::hkma_rows(SEED, REGISTER, "en");
    assert!(
        expected.len() > 20,
        "the mock has a register to page through"
    );
    let size = (7..20)
        .find(|s| !expected.len().is_multiple_of(*s))
        .expect("a size that leaves a short last page");

    let request = ListAuthorizedInstitutions::new(RegisterLang::En)
        .sortby("name")
        .sortorder(SortOrder::Asc)
        .pagesize(u32::try_from(size).expect("a small page"));
    let pages: Vec<_> = hkma
        .paginate(&request)
        .pages()
        .try_collect()
        .await
        .expect("every page arrives");

    let sizes: Vec<usize> = pages.iter().map(|p| p.len()).collect();
    assert_eq!(sizes.len(), expected.len().div_ceil(size), "{sizes:?}");
    assert!(
        sizes[..sizes.len() - 1].iter().all(|n| *n == size),
        "{sizes:?}"
    );
    assert_eq!(*sizes.last().unwrap_or(&0), expected.len() % size);
    assert!(pages.iter().all(|p| p.datasize == Some(p.len() as u64)));

    let names: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.records)
        .map(|r| r.name)
        .collect();
    let mut want: Vec<String> = expected
        .iter()
        .filter_map(|r| r["name"].as_str().map(str::to_owned))
        .collect();
    want.sort();
    assert_eq!(names, want);
}

#[tokio::test]
async fn streams_a_date_range_in_order_across_pages() {
    let (_mock, hkma) = start().await;
    let request = ListHiborFixings::new(InterbankRateSegment::HiborFixing)
        .choose("end_of_day")
        .between(dates("2026-06-01", "2026-08-31"))
        .sortby("end_of_day")
        .sortorder(SortOrder::Asc);
    let days: Vec<_> = hkma
        .paginate(&request)
        .page_size(25)
        .items()
        .try_collect()
        .await
        .expect("the fixings arrive");
    // June to August 2026 has 66 weekdays: three pages of 25, 25 and 16.
    assert_eq!(days.len(), 66);
    assert!(days.windows(2).all(|w| w[0].end_of_day < w[1].end_of_day));
    assert_eq!(days[0].end_of_day.to_string(), "2026-06-01");
    assert_eq!(days[65].end_of_day.to_string(), "2026-08-31");
    assert!(
        days.iter()
            .all(|d| d.ir_1m.is_present() && d.ir_9m.as_option().is_none())
    );
}

#[tokio::test]
async fn paging_starts_at_the_requested_offset_and_honours_a_page_cap() {
    let (_mock, hkma) = start().await;
    let expected = hkob_mock_bank::hkma_rows(SEED, REGISTER, "en");
    let request = ListAuthorizedInstitutions::new(RegisterLang::En)
        .offset(5)
        .pagesize(4);
    let pages: Vec<_> = hkma
        .paginate(&request)
        .max_pages(2)
        .pages()
        .try_collect()
        .await
        .expect("the pages arrive");
    let names: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.records.iter().map(|r| r.name.as_str()))
        .collect();
    let want: Vec<&str> = expected[5..13]
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, want);
}

#[tokio::test]
async fn the_requests_own_paginate_starts_at_its_offset() {
    let (_mock, hkma) = start().await;
    let expected = hkob_mock_bank::hkma_rows(SEED, REGISTER, "en");
    let names = |rows: &[serde_json::Value]| -> Vec<String> {
        rows.iter()
            .filter_map(|r| r["name"].as_str().map(str::to_owned))
            .collect()
    };
    let request = ListAuthorizedInstitutions::new(RegisterLang::En)
        .offset(5)
        .pagesize(4);
    let own: Vec<String> = request
        .paginate(hkma.client())
        .max_pages(2)
        .items()
        .map_ok(|r| r.name)
        .try_collect()
        .await
        .expect("the pages arrive");
    assert_eq!(
        own,
        names(&expected[5..13]),
        "from offset 5, not from the first row"
    );
    let via_client: Vec<String> = hkma
        .client()
        .paginate(&request)
        .max_pages(2)
        .items()
        .map_ok(|r| r.name)
        .try_collect()
        .await
        .expect("the pages arrive");
    assert_eq!(via_client, own);
    let any: Vec<serde_json::Value> = AnyDataset::new(REGISTER)
        .lang(Lang::En)
        .offset(5)
        .pagesize(4)
        .paginate(hkma.client())
        .max_pages(2)
        .items()
        .try_collect()
        .await
        .expect("the pages arrive");
    assert_eq!(names(&any), own);

    // Near the end, the walk takes the rows left and stops on the short page.
    let last = u64::try_from(expected.len() - 3).expect("a small register");
    let tail: Vec<String> = ListAuthorizedInstitutions::new(RegisterLang::En)
        .offset(last)
        .pagesize(4)
        .paginate(hkma.client())
        .items()
        .map_ok(|r| r.name)
        .try_collect()
        .await
        .expect("the pages arrive");
    assert_eq!(tail, names(&expected[expected.len() - 3..]));
}

#[tokio::test]
async fn an_exact_multiple_ends_on_an_empty_page() {
    let (_mock, hkma) = start().await;
    // Two weeks of weekdays, pages of five: two full pages, then the empty page that ends the
    // walk (yielded, as by every hkob paginator).
    let request = ListHiborFixings::new(InterbankRateSegment::Honia)
        .choose("end_of_day")
        .between(dates("2026-10-05", "2026-10-16"));
    let pages: Vec<_> = hkma
        .paginate(&request)
        .page_size(5)
        .pages()
        .try_collect()
        .await
        .expect("the pages arrive");
    let sizes: Vec<usize> = pages.iter().map(|p| p.len()).collect();
    assert_eq!(sizes, vec![5, 5, 0]);
    assert!(
        pages[0]
            .records
            .iter()
            .all(|r| r.ir_1w.as_option().is_none())
    );
}

#[tokio::test]
async fn every_typed_dataset_decodes_from_the_mock() {
    let (_mock, hkma) = start().await;
    let liquidity = hkma
        .fetch(&ListInterbankLiquidity::new().pagesize(50))
        .await
        .expect("liquidity");
    assert_eq!(liquidity.len(), 50);
    assert!(
        liquidity
            .records
            .iter()
            .all(|d| d.forex_trans_t1.is_present())
    );
    assert_eq!(
        hkma.fetch(&ListExchangeRatesDaily::new())
            .await
            .expect("rates")
            .len(),
        100
    );
    assert!(
        !hkma
            .fetch(&ListHkdInterestRateAverages::new())
            .await
            .expect("averages")
            .is_empty()
    );
    assert!(
        !hkma
            .fetch(&ListHkdInterestRateChanges::new())
            .await
            .expect("changes")
            .is_empty()
    );
    let deposits = hkma
        .fetch(&ListCustomerDepositsByCurrency::new(
            CustomerDepositsSegment::Old,
        ))
        .await
        .expect("deposits");
    assert!(
        deposits
            .records
            .iter()
            .all(|m| m.end_of_month.as_str() <= "1997-03")
    );
    let branches = hkma
        .fetch(
            &ListBankBranches::new(LocatorLang::Tc)
                .column("district")
                .filter("\"元朗區\""),
        )
        .await
        .expect("branches");
    assert!(!branches.is_empty());
    assert!(
        branches
            .records
            .iter()
            .all(|b| b.district.as_deref() == Some("元朗區"))
    );
    let atms: Vec<_> = hkma
        .records(&ListBankAtms::new(LocatorLang::En))
        .try_collect()
        .await
        .expect("atms");
    assert_eq!(
        atms.len(),
        hkob_mock_bank::hkma_rows(SEED, "bank-svf-info/banks-atm-locator", "en").len()
    );
    assert!(atms.iter().all(|a| a.latitude.is_present()));
}

#[tokio::test]
async fn any_dataset_reads_values_with_fields() {
    let (_mock, hkma) = start().await;
    let request = AnyDataset::new(
        "market-data-and-statistics/monthly-statistical-bulletin/er-ir/er-eeri-daily",
    )
    .fields("end_of_day,usd")
    .sortby("end_of_day")
    .sortorder(SortOrder::Desc)
    .pagesize(3);
    let page = hkma.fetch(&request).await.expect("the page arrives");
    assert_eq!(page.len(), 3);
    assert_eq!(page.err_code, "0000");
    for record in &page.records {
        let keys: Vec<&String> = record.as_object().expect("an object").keys().collect();
        assert_eq!(keys.len(), 2, "{record}");
    }
    assert_eq!(page.records[0]["end_of_day"], "2026-10-30");
}

#[tokio::test]
async fn missing_or_bad_segment_and_lang_are_http_400_with_1002() {
    let (_mock, hkma) = start().await;
    let no_segment = AnyDataset::new(
        "market-data-and-statistics/monthly-statistical-bulletin/er-ir/hk-interbank-ir-daily",
    );
    let error = hkma.fetch(&no_segment).await.expect_err("refused");
    let api = api_error(&error);
    assert_eq!(api.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api.code(), Some("1002"));
    assert!(api.message().unwrap_or_default().contains("hibor.fixing"));

    let bad_lang = ListBankBranches::new(LocatorLang::Unknown("fr".into()));
    let error = hkma.fetch(&bad_lang).await.expect_err("refused");
    let api = api_error(&error);
    assert_eq!(api.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api.code(), Some("1002"));
    assert!(api.message().unwrap_or_default().contains("lang"));

    // The stream ends with the same error.
    let error = hkma
        .records(&bad_lang)
        .try_collect::<Vec<_>>()
        .await
        .expect_err("refused");
    assert_eq!(api_error(&error).code(), Some("1002"));
}

#[tokio::test]
async fn a_refusal_with_http_200_is_an_api_error() {
    let (_mock, hkma) = start().await;
    let too_large = ListAuthorizedInstitutions::new(RegisterLang::En).pagesize(200);
    let error = hkma.fetch(&too_large).await.expect_err("refused");
    let api = api_error(&error);
    assert_eq!(api.status(), StatusCode::OK);
    assert_eq!(api.code(), Some("9999"));
    assert!(!api.raw_body().is_empty());

    // Paging keeps under the register's ceiling, so the same request pages fine.
    let pager = hkma.paginate(&too_large);
    assert_eq!(pager.current_page_size(), Some(150));
    let all: Vec<_> = pager.items().try_collect().await.expect("pages");
    assert_eq!(
        all.len(),
        hkob_mock_bank::hkma_rows(SEED, REGISTER, "en").len()
    );

    // A ceiling the caller overstates is refused by the portal, and the stream ends with it.
    let unknown = AnyDataset::new(REGISTER)
        .lang(Lang::En)
        .max_page_size(500)
        .pagesize(400);
    let error = hkma
        .records(&unknown)
        .try_collect::<Vec<_>>()
        .await
        .expect_err("refused");
    assert_eq!(api_error(&error).code(), Some("9999"));
}

#[tokio::test]
async fn an_html_page_with_http_200_is_a_decode_error() {
    let (mock, _) = start().await;
    let hkma = client_with_scenario(&mock, "hkma-html-200");
    let error = hkma
        .fetch(&ListExchangeRatesDaily::new())
        .await
        .expect_err("an HTML page is not an answer");
    match &error {
        Error::Decode(e) => {
            assert_eq!(e.status(), Some(StatusCode::OK));
            assert!(e.snippet().starts_with("<html>"), "{}", e.snippet());
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let error = hkma
        .records(&ListExchangeRatesDaily::new())
        .try_collect::<Vec<_>>()
        .await
        .expect_err("the stream fails too");
    assert!(matches!(error, Error::Decode(_)));
}

#[tokio::test]
async fn a_bad_gateway_page_is_an_api_error_with_the_page() {
    let (mock, _) = start().await;
    let hkma = client_with_scenario(&mock, "hkma-bad-gateway");
    let error = hkma
        .fetch(&ListInterbankLiquidity::new())
        .await
        .expect_err("the gateway is down");
    let api = api_error(&error);
    assert_eq!(api.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(api.code(), None);
    assert!(error.is_retryable());
    assert!(api.raw_body().starts_with(b"<html>"));
}

/// A refusal with HTTP 200 from the mock bank, whichever way the request is sent.
#[tokio::test]
async fn a_refusal_with_http_200_is_an_api_error_on_every_path() {
    let (_mock, hkma) = start().await;
    let client = hkma.client();
    let assert_9999 = |error: &Error| {
        let api = api_error(error);
        assert_eq!(api.status(), StatusCode::OK);
        assert_eq!(api.code(), Some("9999"));
        assert_eq!(api.message(), Some("Unexpected error"));
        assert!(api.interaction_id().is_some());
    };
    let too_large = ListAuthorizedInstitutions::new(RegisterLang::En).pagesize(200);
    assert_9999(&too_large.send(client).await.expect_err("refused"));
    // `paginate` takes the request's page size under the register's ceiling (150), so it is
    // refused only when the caller lifts the ceiling.
    let mut capped = too_large.paginate(client).max_pages(1).items();
    assert!(
        capped
            .try_next()
            .await
            .expect("150 rows are served")
            .is_some()
    );
    assert_9999(
        &too_large
            .paginate(client)
            .max_page_size(200)
            .items()
            .try_collect::<Vec<_>>()
            .await
            .expect_err("refused"),
    );
    let any = AnyDataset::new(REGISTER).lang(Lang::En).pagesize(200);
    assert_9999(&any.send(client).await.expect_err("refused"));
    assert_9999(&client.send(&any).await.expect_err("refused"));
    assert_9999(&hkma.fetch(&any).await.expect_err("refused"));
    // `paginate` keeps under the ceiling the caller gives, here one the register refuses.
    let any = any.max_page_size(500);
    assert_9999(
        &any.paginate(client)
            .page_size(400)
            .items()
            .try_collect::<Vec<_>>()
            .await
            .expect_err("refused"),
    );
}
