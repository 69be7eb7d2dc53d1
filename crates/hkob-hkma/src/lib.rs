//! A client for the HKMA public data API (`https://api.hkma.gov.hk/public`).
//!
//! The Hong Kong Monetary Authority publishes its statistics and registers as
//! open data: no key, plain `GET`, JSON in one envelope
//! (`{"header": {"success", "err_code", "err_msg"}, "result": {"datasize", "records"}}`).
//! This crate reads any dataset of the portal, and has typed records for:
//!
//! | dataset | request | record |
//! | --- | --- | --- |
//! | daily interbank liquidity | [`ListInterbankLiquidity`] | [`InterbankLiquidityDay`] |
//! | HIBOR fixings and HONIA, daily | [`ListHiborFixings`] (needs an [`InterbankRateSegment`]) | [`HiborFixing`] |
//! | HKD exchange rates, daily | [`ListExchangeRatesDaily`] | [`DailyExchangeRates`] |
//! | average deposit rates and best lending rate, monthly | [`ListHkdInterestRateAverages`] | [`HkdInterestRateAverage`] |
//! | deposit rates and best lending rate at the dates they changed | [`ListHkdInterestRateChanges`] | [`HkdInterestRateChange`] |
//! | customer deposits by currency, monthly | [`ListCustomerDepositsByCurrency`] (needs a [`CustomerDepositsSegment`]) | [`CustomerDepositsMonth`] |
//! | bank branch locator | [`ListBankBranches`] (needs a [`LocatorLang`]) | [`BankBranch`] |
//! | ATM locator | [`ListBankAtms`] (needs a [`LocatorLang`]) | [`BankAtm`] |
//! | register of authorized institutions | [`ListAuthorizedInstitutions`] (needs a [`RegisterLang`]) | [`AuthorizedInstitution`] |
//!
//! Other datasets are read with [`AnyDataset`], as `serde_json::Value` or a
//! type of yours.
//!
//! Parameters are typed: the series and languages are open enums
//! ([`InterbankRateSegment`], [`LocatorLang`], ...; a value this version does
//! not know is `Unknown(text)` and is sent as it is), and a range of the
//! `choose` field (`from` and `to`) is set by `between` from a [`DateRange`],
//! a [`MonthRange`] or a [`NumberRange`], after the dataset's key. A range
//! whose start is after its end is a [`ReversedRange`] when it is made, so it
//! is never sent.
//!
//! ```
//! use hkob_hkma::{DateRange, InterbankRateSegment, ListHiborFixings, SortOrder};
//!
//! let first: hkob_core::Date = "2026-03-01".parse()?;
//! let last: hkob_core::Date = "2026-03-31".parse()?;
//! let march = ListHiborFixings::new(InterbankRateSegment::HiborFixing)
//!     .choose("end_of_day")
//!     .between(DateRange::new(first, last)?)
//!     .sortby("end_of_day")
//!     .sortorder(SortOrder::Asc);
//! let query: Vec<_> = march.to_request().query_pairs().map(|(k, v)| format!("{k}={v}")).collect();
//! assert!(query.contains(&"from=2026-03-01".to_owned()));
//! assert!(DateRange::new(last, first).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use hkob_hkma::{HkmaClient, ListExchangeRatesDaily, SortOrder};
//!
//! # async fn run() -> hkob_core::Result<()> {
//! let hkma = HkmaClient::new()?;
//! let request = ListExchangeRatesDaily::new()
//!     .fields("end_of_day,usd,cny,eur")
//!     .sortby("end_of_day")
//!     .sortorder(SortOrder::Desc)
//!     .pagesize(5);
//! let latest = hkma.fetch(&request).await?;
//! for day in &latest.records {
//!     println!("{} USD {:?} CNY {:?}", day.end_of_day, day.usd, day.cny);
//! }
//! let mut all = hkma.records(&ListExchangeRatesDaily::new().sortby("end_of_day").sortorder(SortOrder::Asc));
//! while let Some(day) = all.try_next().await? {
//!     let _ = day;
//! }
//! # Ok(()) }
//! ```
//!
//! # What the portal does, and what this crate does about it
//!
//! - **Refusals with HTTP 200.** The portal can answer HTTP 200 with
//!   `header.success: false` (a page too large for the register gives
//!   `err_code` `9999`). Every answer's header is read before its records
//!   ([`check_envelope`], the [`Operation::check`](hkob_core::Operation::check)
//!   of every request type here), so a refusal is an
//!   [`Error::Api`](hkob_core::Error::Api) carrying `err_code`
//!   ([`ApiError::code`](hkob_core::error::ApiError::code)), `err_msg` and the
//!   interaction id, whatever the status and however the request is sent:
//!   [`HkmaClient`], a request's own `send` and `paginate`, or
//!   [`hkob_core::Client::send`] and [`paginate`](hkob_core::Client::paginate).
//!   A missing or bad `segment` or `lang` is HTTP 400 with `err_code` `1002`,
//!   the same error type.
//! - **HTML during outages.** A body that is not JSON, even with HTTP 200, is
//!   an [`Error::Decode`](hkob_core::Error::Decode) that keeps the status and
//!   the start of the body; a 502 page is an `Error::Api` with status 502 and
//!   is retried by the client's retry policy.
//! - **Paging.** `result.datasize` counts the records of one page, not the
//!   dataset. [`HkmaClient::records`] and [`HkmaClient::paginate`] (a
//!   [`hkob_core::paging::Paginator`], like every list of hkob) add the
//!   records received to `offset` and stop at an empty page or a page
//!   shorter than the `pagesize` asked for, never asking for more than the
//!   dataset serves (1000 rows, 150 for the register).
//! - **Numbers.** Rates, amounts and coordinates are
//!   [`Decimal`](hkob_core::Decimal)s, read without going through a float
//!   where the portal sends text, and written back as JSON numbers (whole
//!   numbers as integers). The liquidity figures sent as signed text
//!   (`"+11,660"`) are [`SignedAmount`]s. Monthly keys (`end_of_month`) are
//!   `YYYY-MM` text in the records, not dates; a range over them is a
//!   [`MonthRange`] of [`Month`]s, sent as `YYYY-MM`.
//! - **Sparse records.** Every value field is an `Option`; `null` and a
//!   missing field both read as `None`. Only the row key is required, so keep
//!   it in a `fields` list.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Values from the portal and from callers: arithmetic on them must be checked or saturating.
#![warn(clippy::arithmetic_side_effects)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

mod client;
mod dataset;
mod envelope;
pub mod generated;
mod month;
mod params;
pub mod signed_amount;

pub use client::{HkmaClient, PRODUCTION_BASE_URL, Record};
pub use dataset::{AnyDataset, MAX_PAGE_SIZE, REGISTER_MAX_PAGE_SIZE};
pub use envelope::{RecordPage, check_envelope};
pub use generated::hkma_public::operations::{
    ListAuthorizedInstitutions, ListBankAtms, ListBankBranches, ListCustomerDepositsByCurrency,
    ListExchangeRatesDaily, ListHiborFixings, ListHkdInterestRateAverages,
    ListHkdInterestRateChanges, ListInterbankLiquidity,
};
pub use generated::hkma_public::types::{
    AuthorizedInstitution, BankAtm, BankBranch, CustomerDepositsMonth, CustomerDepositsSegment,
    DailyExchangeRates, HiborFixing, HkdInterestRateAverage, HkdInterestRateChange,
    InterbankLiquidityDay, InterbankRateSegment, LocatorLang, Range, RegisterLang, ResponseHeader,
    ReversedRange, SortOrder,
};
pub use month::{InvalidMonth, Month};
pub use params::{Lang, Segment};
pub use signed_amount::{ParseSignedAmountError, SignedAmount};

/// A range of dates, both included, whose start is not after its end: what the daily datasets'
/// `between` takes (their `from` and `to`, on `end_of_date`, `end_of_day` or `effect_date`).
/// Each date is sent as `YYYY-MM-DD`.
pub type DateRange = Range<hkob_core::Date>;

/// A range of months, both included, whose start is not after its end: what the monthly
/// datasets' `between` takes (on `end_of_month`). Each month is sent as `YYYY-MM`.
pub type MonthRange = Range<Month>;

/// A range of numbers, both included, whose start is not above its end: what the locators' and
/// the register's `between` takes (on `latitude` or `longitude`).
pub type NumberRange = Range<hkob_core::Decimal>;
