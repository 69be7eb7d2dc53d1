//! The client for the portal.

use futures_util::stream::BoxStream;
use hkob_core::{Client, Result};

use crate::dataset::Dataset;
use crate::envelope::{RecordPage, decode_page};
use crate::pager::Pager;

/// The portal's production base URL. There is no sandbox.
pub const PRODUCTION_BASE_URL: &str = "https://api.hkma.gov.hk/public";

/// A client for the HKMA public data API.
///
/// Cheap to clone. No credentials are needed.
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use hkob_hkma::{HkmaClient, InterbankRateSegment, ListHiborFixings, SortOrder};
///
/// # async fn run() -> hkob_core::Result<()> {
/// let hkma = HkmaClient::new()?;
/// let fixings = ListHiborFixings::new(InterbankRateSegment::HiborFixing)
///     .choose("end_of_day")
///     .from("2026-03-01")
///     .to("2026-03-31")
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
    pub async fn fetch<D: Dataset>(&self, dataset: &D) -> Result<RecordPage<D::Record>> {
        let response = self.client.execute(dataset.to_request()).await?;
        decode_page(&response)
    }

    /// A pager over every page of the dataset, starting at the request's
    /// `offset` with its `pagesize` (100 when not set).
    pub fn paginate<D: Dataset>(&self, dataset: &D) -> Pager<D::Record> {
        Pager::new(
            self.client.clone(),
            dataset.to_request(),
            dataset.max_page_size(),
        )
    }

    /// Every record of the dataset, page after page, as a lazy stream.
    pub fn records<D: Dataset>(&self, dataset: &D) -> BoxStream<'static, Result<D::Record>> {
        self.paginate(dataset).records()
    }
}
