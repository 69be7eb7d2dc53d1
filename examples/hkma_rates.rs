//! HIBOR fixings and HKD exchange rates for the last month, as tables.
//!
//! ```text
//! cargo run --example hkma_rates --features hkma           # from the mock bank, started in-process
//! cargo run --example hkma_rates --features hkma -- --live # from https://api.hkma.gov.hk/public
//! ```
//!
//! "The last month" is the month up to the newest row each dataset has: both
//! tables belong to the HKMA's Monthly Statistical Bulletin and are published
//! with a lag, so asking for the calendar month before today may find nothing.

use futures_util::TryStreamExt;
use hkob::core::{Date, Decimal, Nullable};
use hkob::hkma::{
    DateRange, HkmaClient, InterbankRateSegment, ListExchangeRatesDaily, ListHiborFixings,
    SortOrder,
};
use hkob::mock_bank::MockBank;

type Failure = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let live = std::env::args().skip(1).any(|a| a == "--live");
    // Keep the mock running until the end of `main`.
    let mut _mock = None;
    let hkma = if live {
        println!(
            "Reading the HKMA public data API at {}",
            hkob::hkma::PRODUCTION_BASE_URL
        );
        HkmaClient::new()?
    } else {
        let mock = MockBank::builder().seed(7).start().await?;
        let base = format!("{}/hkma/public", mock.base_url());
        println!("Reading the mock bank's HKMA portal at {base} (pass --live for the real one)");
        _mock = Some(mock);
        HkmaClient::with_base_url(base)?
    };

    hibor_table(&hkma).await?;
    println!();
    exchange_rate_table(&hkma).await?;
    Ok(())
}

async fn hibor_table(hkma: &HkmaClient) -> Result<(), Failure> {
    let newest = ListHiborFixings::new(InterbankRateSegment::HiborFixing)
        .fields("end_of_day")
        .sortby("end_of_day")
        .sortorder(SortOrder::Desc)
        .pagesize(1);
    let Some(last) = hkma
        .fetch(&newest)
        .await?
        .records
        .first()
        .map(|r| r.end_of_day)
    else {
        println!("No HIBOR fixings published.");
        return Ok(());
    };
    let first = month_before(last);
    let month = ListHiborFixings::new(InterbankRateSegment::HiborFixing)
        .choose("end_of_day")
        .between(DateRange::new(first, last)?)
        .sortby("end_of_day")
        .sortorder(SortOrder::Asc);
    let mut rows = hkma.records(&month);

    println!("HIBOR fixings, {first} to {last} (% p.a.)");
    println!(
        "{:<10}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}",
        "date", "O/N", "1W", "1M", "3M", "6M", "12M"
    );
    while let Some(day) = rows.try_next().await? {
        println!(
            "{:<10}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}",
            day.end_of_day.to_string(),
            cell(day.ir_overnight),
            cell(day.ir_1w),
            cell(day.ir_1m),
            cell(day.ir_3m),
            cell(day.ir_6m),
            cell(day.ir_12m),
        );
    }
    Ok(())
}

async fn exchange_rate_table(hkma: &HkmaClient) -> Result<(), Failure> {
    let newest = ListExchangeRatesDaily::new()
        .fields("end_of_day")
        .sortby("end_of_day")
        .sortorder(SortOrder::Desc)
        .pagesize(1);
    let Some(last) = hkma
        .fetch(&newest)
        .await?
        .records
        .first()
        .map(|r| r.end_of_day)
    else {
        println!("No exchange rates published.");
        return Ok(());
    };
    let first = month_before(last);
    let month = ListExchangeRatesDaily::new()
        .fields("end_of_day,usd,cny,eur,gbp,jpy,sgd")
        .choose("end_of_day")
        .between(DateRange::new(first, last)?)
        .sortby("end_of_day")
        .sortorder(SortOrder::Asc);
    let mut rows = hkma.records(&month);

    println!("HKD exchange rates, {first} to {last} (HK$ per unit of foreign currency)");
    println!(
        "{:<10}  {:>8}  {:>8}  {:>8}  {:>8}  {:>9}  {:>8}",
        "date", "USD", "CNY", "EUR", "GBP", "JPY", "SGD"
    );
    while let Some(day) = rows.try_next().await? {
        println!(
            "{:<10}  {:>8}  {:>8}  {:>8}  {:>8}  {:>9}  {:>8}",
            day.end_of_day.to_string(),
            cell(day.usd),
            cell(day.cny),
            cell(day.eur),
            cell(day.gbp),
            cell(day.jpy),
            cell(day.sgd),
        );
    }
    Ok(())
}

/// The day a month (30 days) before `day`.
fn month_before(day: Date) -> Date {
    (0..30).fold(day, |d, _| d.pred_opt().unwrap_or(d))
}

fn cell(value: Nullable<Decimal>) -> String {
    value
        .into_option()
        .map_or_else(|| "-".to_owned(), |v| v.to_string())
}
