//! Typed query parameters on the wire: dates, months and numbers written as the portal writes
//! them, a reversed range refused before anything is sent, and open-enum values the spec does not
//! list sent exactly as given. Against the mock bank's portal, started in-process on a free port;
//! what was sent is read from its request log.

use futures_util::TryStreamExt;
use hkob_core::{Client, Date, Decimal, Error, StatusCode};
use hkob_hkma::generated::hkma_public::types::HiborFixingsResponse;
use hkob_hkma::{
    AnyDataset, CustomerDepositsSegment, DateRange, HkmaClient, InterbankRateSegment, Lang,
    ListAuthorizedInstitutions, ListBankBranches, ListCustomerDepositsByCurrency,
    ListExchangeRatesDaily, ListHiborFixings, LocatorLang, Month, MonthRange, NumberRange,
    RegisterLang, SortOrder,
};
use hkob_mock_bank::MockBank;

const SEED: u64 = 42;

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

fn day(text: &str) -> Date {
    text.parse().expect("a date")
}

fn month(text: &str) -> Month {
    text.parse().expect("a month")
}

/// The query pairs of the last request the portal received for a path ending in `dataset`.
fn last_query(mock: &MockBank, dataset: &str) -> Vec<(String, String)> {
    let request = mock
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with(dataset))
        .unwrap_or_else(|| panic!("no request for {dataset} in the log"));
    request
        .query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (pair.to_owned(), String::new()),
        })
        .collect()
}

fn has(query: &[(String, String)], name: &str, value: &str) -> bool {
    query.iter().any(|(k, v)| k == name && v == value)
}

/// Requests the log holds for paths under the HKMA portal.
fn portal_requests(mock: &MockBank) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.path.starts_with("/hkma/public"))
        .count()
}

#[tokio::test]
async fn a_date_range_is_sent_as_yyyy_mm_dd_and_the_portal_keeps_those_days() {
    let (mock, hkma) = start().await;
    let week = DateRange::new(day("2026-03-02"), day("2026-03-06")).expect("in order");
    let request = ListExchangeRatesDaily::new()
        .choose("end_of_day")
        .between(week)
        .sortby("end_of_day")
        .sortorder(SortOrder::Asc);
    let page = hkma.fetch(&request).await.expect("the rates arrive");

    let query = last_query(&mock, "er-eeri-daily");
    assert!(has(&query, "choose", "end_of_day"), "{query:?}");
    assert!(has(&query, "from", "2026-03-02"), "{query:?}");
    assert!(has(&query, "to", "2026-03-06"), "{query:?}");
    assert!(has(&query, "sortorder", "asc"), "{query:?}");

    // Monday to Friday, both ends included, as the portal understood the dates.
    let days: Vec<String> = page
        .records
        .iter()
        .map(|r| r.end_of_day.to_string())
        .collect();
    assert_eq!(
        days,
        [
            "2026-03-02",
            "2026-03-03",
            "2026-03-04",
            "2026-03-05",
            "2026-03-06"
        ]
    );

    // One day is a range too.
    let one = ListHiborFixings::new(InterbankRateSegment::HiborFixing)
        .choose("end_of_day")
        .between(DateRange::single(day("2026-03-04")));
    let page = hkma.fetch(&one).await.expect("the fixing arrives");
    assert_eq!(page.len(), 1);
    assert_eq!(page.records[0].end_of_day, day("2026-03-04"));
    let query = last_query(&mock, "hk-interbank-ir-daily");
    assert!(has(&query, "from", "2026-03-04") && has(&query, "to", "2026-03-04"));
}

#[tokio::test]
async fn a_month_range_is_sent_as_yyyy_mm() {
    let (mock, hkma) = start().await;
    let half = MonthRange::new(month("2025-01"), month("2025-06")).expect("in order");
    let request = ListCustomerDepositsByCurrency::new(CustomerDepositsSegment::New)
        .choose("end_of_month")
        .between(half)
        .sortby("end_of_month")
        .sortorder(SortOrder::Asc);
    let months: Vec<String> = hkma
        .records(&request)
        .map_ok(|r| r.end_of_month)
        .try_collect()
        .await
        .expect("the months arrive");
    let query = last_query(&mock, "customer-deposits-by-currency");
    assert!(has(&query, "from", "2025-01"), "{query:?}");
    assert!(has(&query, "to", "2025-06"), "{query:?}");
    assert!(has(&query, "segment", "new"), "{query:?}");
    assert_eq!(
        months,
        [
            "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"
        ]
    );
}

#[tokio::test]
async fn a_number_range_is_sent_as_the_decimal_is_written() {
    let (mock, hkma) = start().await;
    let band = NumberRange::new(Decimal::new(2227, 2), Decimal::new(22_285, 3)).expect("in order");
    let request = ListAuthorizedInstitutions::new(RegisterLang::En)
        .choose("latitude")
        .between(band);
    let rows: Vec<_> = hkma
        .records(&request)
        .try_collect()
        .await
        .expect("the register arrives");
    let query = last_query(&mock, "register-ais-lros");
    assert!(has(&query, "from", "22.27"), "{query:?}");
    assert!(has(&query, "to", "22.285"), "{query:?}");
    let inside = |l: Decimal| l >= Decimal::new(2227, 2) && l <= Decimal::new(22_285, 3);
    assert!(
        rows.iter()
            .all(|r| r.latitude.into_option().is_some_and(inside)),
        "a latitude outside the band: {rows:?}"
    );
    // The band keeps some of the register, not all of it.
    let register = hkob_mock_bank::hkma_rows(SEED, "bank-svf-info/register-ais-lros", "en");
    let expected = register
        .iter()
        .filter(|r| {
            r["latitude"]
                .as_f64()
                .and_then(|l| Decimal::try_from(l).ok())
                .is_some_and(inside)
        })
        .count();
    assert!(expected > 0 && expected < register.len(), "{expected}");
    assert_eq!(rows.len(), expected);
}

/// A request built from a range whose start is after its end, sent with `?` as an application
/// would write it.
async fn march_backwards(client: &Client) -> hkob_core::Result<HiborFixingsResponse> {
    let march = DateRange::new(day("2026-03-31"), day("2026-03-01"))?;
    ListHiborFixings::new(InterbankRateSegment::HiborFixing)
        .choose("end_of_day")
        .between(march)
        .send(client)
        .await
}

#[tokio::test]
async fn a_reversed_range_is_refused_before_anything_is_sent() {
    let (mock, hkma) = start().await;
    let before = portal_requests(&mock);

    let error = march_backwards(hkma.client())
        .await
        .expect_err("a reversed range");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(error.message().contains("2026-03-31"), "{error}");
    assert!(error.message().contains("2026-03-01"), "{error}");
    assert_eq!(error.status(), None);

    let reversed = DateRange::new(day("2026-03-31"), day("2026-03-01")).expect_err("reversed");
    assert_eq!(
        (*reversed.start(), *reversed.end()),
        (day("2026-03-31"), day("2026-03-01"))
    );
    assert!(DateRange::try_from(day("2026-03-31")..=day("2026-03-01")).is_err());
    assert!(MonthRange::new(month("2026-02"), month("2026-01")).is_err());
    assert!(NumberRange::new(Decimal::ONE, Decimal::ZERO).is_err());
    assert!(MonthRange::new(month("2026-01"), month("2026-01")).is_ok());

    assert_eq!(
        portal_requests(&mock),
        before,
        "something reached the portal"
    );
    // The portal is up: a request in order does reach it.
    let march = DateRange::new(day("2026-03-01"), day("2026-03-31")).expect("in order");
    hkma.fetch(
        &ListHiborFixings::new(InterbankRateSegment::HiborFixing)
            .choose("end_of_day")
            .between(march),
    )
    .await
    .expect("the fixings arrive");
    assert_eq!(portal_requests(&mock), before + 1);
}

#[tokio::test]
async fn enum_values_the_spec_does_not_list_are_sent_as_given() {
    let (mock, hkma) = start().await;

    // A series this version does not know: sent as it is; the portal (here the mock) refuses it.
    let future_series = InterbankRateSegment::Unknown("hibor.fixing.v2".into());
    assert!(!future_series.is_known());
    let error = hkma
        .fetch(&ListHiborFixings::new(future_series))
        .await
        .expect_err("the mock does not know the series");
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(error.code(), Some("1002"));
    assert!(has(
        &last_query(&mock, "hk-interbank-ir-daily"),
        "segment",
        "hibor.fixing.v2"
    ));

    // An unknown sort order goes out as given as well.
    let error = hkma
        .fetch(
            &ListHiborFixings::new(InterbankRateSegment::Honia)
                .sortby("end_of_day")
                .sortorder(SortOrder::Unknown("newest".into())),
        )
        .await
        .expect_err("the mock knows asc and desc only");
    assert_eq!(error.code(), Some("1002"));
    assert!(has(
        &last_query(&mock, "hk-interbank-ir-daily"),
        "sortorder",
        "newest"
    ));

    // A known value is written as the spec spells it.
    let branches = hkma
        .fetch(&ListBankBranches::new(LocatorLang::Sc).pagesize(1))
        .await
        .expect("the branches arrive");
    assert_eq!(branches.len(), 1);
    assert!(has(
        &last_query(&mock, "banks-branch-locator"),
        "lang",
        "sc"
    ));

    // Any dataset: the typed enums convert, an unknown language goes out as given.
    let any = AnyDataset::new("bank-svf-info/banks-branch-locator")
        .lang(Lang::Unknown("fr".into()))
        .pagesize(1);
    let error = hkma.fetch(&any).await.expect_err("no French");
    assert_eq!(error.code(), Some("1002"));
    assert!(has(
        &last_query(&mock, "banks-branch-locator"),
        "lang",
        "fr"
    ));
    let any = AnyDataset::new("bank-svf-info/banks-branch-locator")
        .lang(LocatorLang::Tc)
        .pagesize(1);
    hkma.fetch(&any).await.expect("the branches arrive");
    assert!(has(
        &last_query(&mock, "banks-branch-locator"),
        "lang",
        "tc"
    ));
}
