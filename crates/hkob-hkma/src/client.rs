//! The client for the portal.

use futures_util::stream::BoxStream;
use hkob_core::paging::{Page, PageStyle, Paginator};
use hkob_core::{ApiRequest, ApiResponse, Client, ListOperation, Operation, Result};
use serde::de::DeserializeOwned;

use crate::dataset::MAX_PAGE_SIZE;
use crate::envelope::{RecordPage, check_envelope};

/// The portal's production base URL. There is no sandbox.
pub const PRODUCTION_BASE_URL: &str = "https://api.hkma.gov.hk/public";

/// The page size used when the request sets none (the portal's own default).
const DEFAULT_PAGE_SIZE: u32 = 100;

/// The record type of a dataset request: the item of its page, such as
/// [`HiborFixing`](crate::HiborFixing) for
/// [`ListHiborFixings`](crate::ListHiborFixings), or `T` for
/// [`AnyDataset<T>`](crate::AnyDataset).
pub type Record<O> = <<O as ListOperation>::Page as Page>::Item;

/// A client for the HKMA public data API.
///
/// Cheap to clone. No credentials are needed. It takes any
/// [`ListOperation`] of the portal: the typed requests of this crate,
/// [`AnyDataset`](crate::AnyDataset), or a request type of your own, and reads
/// its records as [`RecordPage`]s. Every answer's header is checked with
/// [`check_envelope`] (and with the request's own
/// [`Operation::check`]) before its records are read.
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use hkob_hkma::{DateRange, HkmaClient, InterbankRateSegment, ListHiborFixings, SortOrder};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let hkma = HkmaClient::new()?;
/// let march = DateRange::new("2026-03-01".parse()?, "2026-03-31".parse()?)?;
/// let fixings = ListHiborFixings::new(InterbankRateSegment::HiborFixing)
///     .choose("end_of_day")
///     .between(march)
///     .sortby("end_of_day")
///     .sortorder(SortOrder::Asc);
/// let days: Vec<_> = hkma.records(&fixings).try_collect().await?;
/// for day in days {
///     println!("{} {:?}", day.end_of_day, day.ir_1m);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct HkmaClient {
    client: Client,
}

impl HkmaClient {
    /// A client for the production portal.
    pub fn new() -> Result<Self> {
        Self::with_base_url(PRODUCTION_BASE_URL)
    }

    /// A client for another base URL, such as the mock bank's
    /// `http://127.0.0.1:PORT/hkma/public`.
    pub fn with_base_url(base_url: impl Into<String>) -> Result<Self> {
        let client = Client::builder().base_url(base_url).bank("hkma").build()?;
        Ok(Self { client })
    }

    /// A client over a configured [`hkob_core::Client`] (timeouts, retries,
    /// proxy, your own transport). Its base URL must be the portal's
    /// `.../public`.
    pub fn from_client(client: Client) -> Self {
        Self { client }
    }

    /// The underlying client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Fetches one page, as the request's `offset` and `pagesize` say.
    ///
    /// A refusal is an [`Error::Api`](hkob_core::Error::Api) with the
    /// portal's `err_code` and `err_msg`, whether it came with HTTP 400 or
    /// with HTTP 200 and `success: false`. A body that is not JSON (an HTML
    /// page during an outage) is an [`Error::Decode`](hkob_core::Error::Decode).
    pub async fn fetch<O>(&self, dataset: &O) -> Result<RecordPage<Record<O>>>
    where
        O: ListOperation,
        Record<O>: DeserializeOwned,
    {
        self.client.send(&Records(dataset)).await
    }

    /// A [`Paginator`] over every page of the dataset, starting at the
    /// request's `offset` with its `pagesize` (100 when not set), never more
    /// than the dataset serves ([`ListOperation::max_page_size`], else 1000).
    ///
    /// Each page is asked for at `offset` = the records received so far; the
    /// walk stops at an empty page or a page shorter than the size asked for
    /// (an exact multiple ends with an empty page, which is yielded). Every
    /// page's header is checked, so a refusal on any page ends the stream with
    /// an [`Error::Api`](hkob_core::Error::Api). Change the size with
    /// [`page_size`](Paginator::page_size), cap the pages with
    /// [`max_pages`](Paginator::max_pages).
    pub fn paginate<O>(&self, dataset: &O) -> Paginator<RecordPage<Record<O>>>
    where
        O: ListOperation,
        Record<O>: DeserializeOwned,
    {
        let records = Records(dataset);
        // The paginator starts at the request's own `offset`, with its `pagesize`.
        let pager = self.client.paginate(&records);
        match records.page_style() {
            PageStyle::Offset { size_param, .. }
                if !dataset
                    .to_request()
                    .query_pairs()
                    .any(|(name, _)| name == size_param) =>
            {
                pager.page_size(DEFAULT_PAGE_SIZE)
            }
            _ => pager,
        }
    }

    /// Every record of the dataset, page after page, as a lazy stream
    /// ([`paginate`](Self::paginate)`(dataset).items()`).
    pub fn records<O>(&self, dataset: &O) -> BoxStream<'static, Result<Record<O>>>
    where
        O: ListOperation,
        Record<O>: DeserializeOwned,
    {
        self.paginate(dataset).items()
    }
}

/// A dataset request read as [`RecordPage`]s, checked by [`check_envelope`]
/// and by the request's own check.
struct Records<'a, O>(&'a O);

impl<O> Operation for Records<'_, O>
where
    O: ListOperation,
    Record<O>: DeserializeOwned,
{
    type Output = RecordPage<Record<O>>;

    fn to_request(&self) -> ApiRequest {
        self.0.to_request()
    }

    fn check(response: &ApiResponse) -> Result<()> {
        check_envelope(response)?;
        O::check(response)
    }

    fn decode(response: ApiResponse) -> Result<Self::Output> {
        Ok(response.json()?)
    }
}

impl<O> ListOperation for Records<'_, O>
where
    O: ListOperation,
    Record<O>: DeserializeOwned,
{
    type Page = RecordPage<Record<O>>;

    fn page_style(&self) -> PageStyle {
        self.0.page_style()
    }

    fn max_page_size(&self) -> Option<u32> {
        Some(self.0.max_page_size().unwrap_or(MAX_PAGE_SIZE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AnyDataset, ListAuthorizedInstitutions, REGISTER_MAX_PAGE_SIZE, RegisterLang};
    use hkob_core::paging::PageCursor;

    fn hkma() -> HkmaClient {
        HkmaClient::with_base_url("http://127.0.0.1:9/hkma/public")
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn pages_from_the_request_offset_and_size_under_the_ceiling() {
        let request = ListAuthorizedInstitutions::new(RegisterLang::En)
            .offset(30)
            .pagesize(500);
        let pager = hkma().paginate(&request);
        assert_eq!(pager.current_page_size(), Some(150));
        assert_eq!(pager.start_cursor().ok(), Some(PageCursor::Offset(30)));
        assert_eq!(pager.page_size(0).current_page_size(), Some(1));

        let pager = hkma().paginate(&AnyDataset::new("x"));
        assert_eq!(pager.current_page_size(), Some(100));
        assert_eq!(pager.page_size(5000).current_page_size(), Some(1000));
    }

    #[test]
    fn page_sizes_are_one_type_from_the_ceilings_to_the_setters() {
        let request =
            ListAuthorizedInstitutions::new(RegisterLang::En).pagesize(REGISTER_MAX_PAGE_SIZE);
        let ceiling: Option<u32> = ListOperation::max_page_size(&request);
        assert_eq!(ceiling, Some(REGISTER_MAX_PAGE_SIZE));
        let pager = hkma().paginate(&request);
        assert_eq!(pager.current_page_size(), Some(REGISTER_MAX_PAGE_SIZE));
        let any = AnyDataset::new("x").pagesize(MAX_PAGE_SIZE);
        let pager = hkma().paginate(&any).page_size(MAX_PAGE_SIZE);
        assert_eq!(pager.current_page_size(), Some(MAX_PAGE_SIZE));
    }

    #[test]
    fn futures_are_send() {
        fn assert_send<T: Send>(_: &T) {}
        let hkma = hkma();
        let request = ListAuthorizedInstitutions::new(RegisterLang::En);
        assert_send(&hkma.fetch(&request));
        let any = AnyDataset::new("x");
        assert_send(&hkma.fetch(&any));
        assert_send(&any.send(hkma.client()));
    }
}
