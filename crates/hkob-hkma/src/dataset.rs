//! Requests for datasets without a typed model, and the page-size ceilings.

use std::borrow::Cow;
use std::fmt::Display;
use std::marker::PhantomData;

use hkob_core::paging::{PageStyle, Paginator};
use hkob_core::{ApiRequest, ApiResponse, Client, ListOperation, Operation, Result};
use serde::de::DeserializeOwned;

use crate::{Lang, Range, RecordPage, Segment, SortOrder, check_envelope};

/// The largest `pagesize` the portal documents for its datasets: the ceiling of
/// [`AnyDataset`] unless set, and of [`HkmaClient`](crate::HkmaClient)'s pagers
/// for requests that name none.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// The largest `pagesize` the register of institutions is known to accept (the
/// `maximum` of its `pagesize` in the spec, so
/// [`ListAuthorizedInstitutions`](crate::ListAuthorizedInstitutions) keeps under it).
pub const REGISTER_MAX_PAGE_SIZE: u32 = 150;

/// A request for any dataset of the portal, by path, with records as
/// `serde_json::Value` (or any type of yours).
///
/// It is a [`hkob_core::ListOperation`] like the typed requests, whose page is
/// a [`RecordPage`] and whose check is [`check_envelope`]: send it with
/// [`HkmaClient`](crate::HkmaClient), with its own [`send`](Self::send) and
/// [`paginate`](Self::paginate), or with [`Client::send`] and
/// [`Client::paginate`]; a refusal is an
/// [`Error::Api`](hkob_core::Error::Api) whichever way.
///
/// ```
/// use hkob_core::{Date, Decimal};
/// use hkob_hkma::{AnyDataset, DateRange, NumberRange, SortOrder};
///
/// let first: Date = "2026-01-01".parse()?;
/// let last: Date = "2026-01-31".parse()?;
/// let january = AnyDataset::new("market-data-and-statistics/monthly-statistical-bulletin/er-ir/hkd-fer-daily")
///     .fields("end_of_day,hkd_fer_spot,hkd_fer_3m")
///     .choose("end_of_day")
///     .between(DateRange::new(first, last)?)
///     .sortby("end_of_day")
///     .sortorder(SortOrder::Asc);
/// // Any field, any type the portal compares: here the spot rate, as a number.
/// let narrow = AnyDataset::new("market-data-and-statistics/monthly-statistical-bulletin/er-ir/hkd-fer-daily")
///     .choose("hkd_fer_spot")
///     .between(NumberRange::new(Decimal::new(7_78, 2), Decimal::new(7_80, 2))?);
/// # let _ = (january, narrow);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct AnyDataset<T = serde_json::Value> {
    path: String,
    params: Vec<(Cow<'static, str>, String)>,
    max_page_size: u32,
    _record: PhantomData<fn() -> T>,
}

impl AnyDataset {
    /// A request for the dataset at `path`, relative to the base URL
    /// (`https://api.hkma.gov.hk/public`), such as
    /// `market-data-and-statistics/daily-monetary-statistics/daily-figures-interbank-liquidity`.
    pub fn new(path: impl Into<String>) -> Self {
        let path = path.into();
        let path = format!("/{}", path.trim_start_matches('/'));
        Self {
            path,
            params: Vec::new(),
            max_page_size: MAX_PAGE_SIZE,
            _record: PhantomData,
        }
    }
}

impl<T> AnyDataset<T> {
    /// Decodes the records as `U` instead.
    pub fn records_as<U: DeserializeOwned>(self) -> AnyDataset<U> {
        AnyDataset {
            path: self.path,
            params: self.params,
            max_page_size: self.max_page_size,
            _record: PhantomData,
        }
    }

    fn set(mut self, name: &'static str, value: impl Display) -> Self {
        self.params.retain(|(n, _)| n != name);
        self.params.push((Cow::Borrowed(name), value.to_string()));
        self
    }

    /// `offset`: rows to skip, from 0; [`paginate`](Self::paginate) starts there.
    pub fn offset(self, rows: u64) -> Self {
        self.set("offset", rows)
    }

    /// `pagesize`: rows wanted (100 when not sent).
    pub fn pagesize(self, rows: u32) -> Self {
        self.set("pagesize", rows)
    }

    /// `fields`: comma-separated fields to return.
    pub fn fields(self, fields: impl Display) -> Self {
        self.set("fields", fields)
    }

    /// `column`: the field `filter` applies to.
    pub fn column(self, field: impl Display) -> Self {
        self.set("column", field)
    }

    /// `filter`: values `column` must equal, comma-separated (text in double quotes).
    pub fn filter(self, values: impl Display) -> Self {
        self.set("filter", values)
    }

    /// `choose`: the number or date field `from` and `to` bound.
    pub fn choose(self, field: impl Display) -> Self {
        self.set("choose", field)
    }

    /// `from` and `to` together: the lowest and the highest value of the
    /// `choose` field to keep, both included, from a [`Range`] whose start is
    /// not after its end (a [`DateRange`](crate::DateRange), a
    /// [`MonthRange`](crate::MonthRange), a [`NumberRange`](crate::NumberRange),
    /// or a range of any type whose text the portal compares). Each bound is
    /// sent as its `Display` writes it (`2026-01-31`, `2026-01`, `7.8`).
    pub fn between<V: Display>(self, range: Range<V>) -> Self {
        let (start, end) = range.into_bounds();
        self.set("from", start).set("to", end)
    }

    /// `sortby`: the field to sort by.
    pub fn sortby(self, field: impl Display) -> Self {
        self.set("sortby", field)
    }

    /// `sortorder`: the sort direction.
    pub fn sortorder(self, order: SortOrder) -> Self {
        self.set("sortorder", order)
    }

    /// `lang`: the language of the text fields, where the dataset needs it: a
    /// [`Lang`], or the [`LocatorLang`](crate::LocatorLang) or
    /// [`RegisterLang`](crate::RegisterLang) of a typed dataset.
    pub fn lang(self, lang: impl Into<Lang>) -> Self {
        self.set("lang", lang.into())
    }

    /// `segment`: the series, where the dataset needs it: a [`Segment`] (its
    /// `Unknown` for a series of another dataset), or the
    /// [`InterbankRateSegment`](crate::InterbankRateSegment) or
    /// [`CustomerDepositsSegment`](crate::CustomerDepositsSegment) of a typed
    /// dataset.
    pub fn segment(self, segment: impl Into<Segment>) -> Self {
        self.set("segment", segment.into())
    }

    /// Any other query parameter.
    pub fn param(mut self, name: impl Into<String>, value: impl Display) -> Self {
        let name = name.into();
        self.params.retain(|(n, _)| *n != name);
        self.params.push((Cow::Owned(name), value.to_string()));
        self
    }

    /// The largest page this dataset serves (default 1000); paging never asks for more.
    pub fn max_page_size(mut self, rows: u32) -> Self {
        self.max_page_size = rows.max(1);
        self
    }

    /// The request as plain data, ready for [`hkob_core::Client`].
    pub fn to_request(&self) -> ApiRequest {
        let mut request = ApiRequest::get(self.path.clone()).operation("hkmaDataset");
        for (name, value) in &self.params {
            request = request.query(name.clone(), value);
        }
        request
    }
}

impl<T: DeserializeOwned + Send + 'static> AnyDataset<T> {
    /// Sends the request and decodes one page. The answer is checked first by
    /// [`check_envelope`]: a refusal is the error.
    pub async fn send(&self, client: &Client) -> Result<RecordPage<T>> {
        client.send(self).await
    }

    /// Pages through the dataset lazily from the request's `offset` (0 when
    /// not set) with its `pagesize`, at most
    /// [`max_page_size`](Self::max_page_size) rows a page. Every page's answer
    /// is checked first by [`check_envelope`]: a refusal ends the stream with
    /// that error. [`HkmaClient::paginate`](crate::HkmaClient::paginate) also
    /// asks for 100 rows a page when the request sets no `pagesize`, so that
    /// a short page ends the walk.
    pub fn paginate(&self, client: &Client) -> Paginator<RecordPage<T>> {
        client.paginate(self)
    }
}

impl<T: DeserializeOwned + Send + 'static> Operation for AnyDataset<T> {
    type Output = RecordPage<T>;

    fn to_request(&self) -> ApiRequest {
        AnyDataset::to_request(self)
    }

    fn check(response: &ApiResponse) -> Result<()> {
        check_envelope(response)
    }

    fn decode(response: ApiResponse) -> Result<Self::Output> {
        Ok(response.json()?)
    }
}

impl<T: DeserializeOwned + Send + 'static> ListOperation for AnyDataset<T> {
    type Page = RecordPage<T>;

    fn page_style(&self) -> PageStyle {
        PageStyle::Offset {
            offset_param: "offset",
            size_param: "pagesize",
        }
    }

    fn max_page_size(&self) -> Option<u32> {
        Some(self.max_page_size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_dataset_builds_the_portal_query() {
        let request = AnyDataset::new("/bank-svf-info/register-ais-lros")
            .lang(Lang::En)
            .pagesize(50)
            .pagesize(20)
            .sortby("name")
            .sortorder(SortOrder::Desc)
            .param("segment", "bank")
            .segment(crate::CustomerDepositsSegment::New)
            .to_request();
        assert_eq!(request.path(), "/bank-svf-info/register-ais-lros");
        let query: Vec<(&str, &str)> = request.query_pairs().collect();
        assert_eq!(
            query,
            vec![
                ("lang", "en"),
                ("pagesize", "20"),
                ("sortby", "name"),
                ("sortorder", "desc"),
                ("segment", "new"),
            ]
        );
        assert_eq!(AnyDataset::new("a/b").to_request().path(), "/a/b");
        assert_eq!(AnyDataset::new("a").max_page_size(0).max_page_size, 1);
    }
}
