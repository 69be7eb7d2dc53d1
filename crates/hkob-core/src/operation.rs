//! Requests as types: what generated clients implement, and what [`Client::send`] and
//! [`Client::paginate`] take.

use crate::client::Client;
use crate::error::Result;
use crate::paging::{Page, PageStyle, Paginator};
use crate::request::ApiRequest;
use crate::response::ApiResponse;

/// One operation of a bank's API: a typed request that becomes a plain [`ApiRequest`], and what
/// its success answer decodes into. Generated clients implement it for every operation, so code
/// that works with any operation (a catalog, a cache, a test helper) can be written once.
///
/// ```no_run
/// use hkob_core::operation::Operation;
/// use hkob_core::{ApiRequest, ApiResponse, Client};
///
/// struct Ping;
///
/// impl Operation for Ping {
///     type Output = serde_json::Value;
///     fn to_request(&self) -> ApiRequest {
///         ApiRequest::get("/ping").operation("ping")
///     }
///     fn decode(response: ApiResponse) -> hkob_core::Result<Self::Output> {
///         Ok(response.json()?)
///     }
/// }
///
/// # async fn run(client: Client) -> hkob_core::Result<()> {
/// let pong = client.send(&Ping).await?;
/// # let _ = pong; Ok(()) }
/// ```
pub trait Operation: Send + Sync {
    /// What a success answer decodes into.
    type Output: Send;

    /// The request as plain data.
    fn to_request(&self) -> ApiRequest;

    /// Checks a success answer (2xx) before it is decoded, for APIs that report a refusal
    /// inside one (a `success: false` flag, an error code in a 200 envelope). An `Err` is what
    /// the caller gets instead of the decoded answer; build it with
    /// [`ApiError::from_api_response`](crate::error::ApiError::from_api_response) to keep the
    /// status, the body and the interaction id.
    ///
    /// [`Client::send`] runs it on the answer, and [`Client::paginate`] on the answer of every
    /// page, so neither path can skip it. The default accepts every answer.
    ///
    /// ```
    /// use hkob_core::error::ApiError;
    /// use hkob_core::{ApiRequest, ApiResponse, Operation};
    ///
    /// struct Status;
    ///
    /// impl Operation for Status {
    ///     type Output = serde_json::Value;
    ///     fn to_request(&self) -> ApiRequest {
    ///         ApiRequest::get("/status")
    ///     }
    ///     fn check(response: &ApiResponse) -> hkob_core::Result<()> {
    ///         #[derive(serde::Deserialize)]
    ///         struct Flag { ok: bool }
    ///         match response.json::<Flag>()? {
    ///             Flag { ok: true } => Ok(()),
    ///             Flag { ok: false } => Err(ApiError::from_api_response(response).into()),
    ///         }
    ///     }
    ///     fn decode(response: ApiResponse) -> hkob_core::Result<Self::Output> {
    ///         Ok(response.json()?)
    ///     }
    /// }
    /// ```
    fn check(response: &ApiResponse) -> Result<()> {
        let _ = response;
        Ok(())
    }

    /// Decodes a success answer (2xx; anything else is already an error) that
    /// [`check`](Operation::check) accepted.
    fn decode(response: ApiResponse) -> Result<Self::Output>;
}

/// An operation whose answer is one page of a list: [`Client::paginate`] walks its pages.
pub trait ListOperation: Operation<Output = <Self as ListOperation>::Page> {
    /// One page of the list (the operation's [`Output`](Operation::Output)).
    type Page: Page;

    /// How the list is paged.
    fn page_style(&self) -> PageStyle;

    /// The largest page the list serves, where the API sets one: [`Client::paginate`] never
    /// asks for more (see [`Paginator::max_page_size`]), so that a short page really is the
    /// last. `None` (the default) when no limit is known.
    fn max_page_size(&self) -> Option<u32> {
        None
    }
}

impl Client {
    /// Sends an operation, runs its [`check`](Operation::check) on the answer, and decodes it.
    pub async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output> {
        let response = self.execute(operation.to_request()).await?;
        O::check(&response)?;
        O::decode(response)
    }

    /// Pages through a list operation lazily: a stream of pages, or of items with
    /// [`Paginator::items`]. The operation's [`check`](Operation::check) runs on the answer
    /// of every page, and its [`max_page_size`](ListOperation::max_page_size) caps the page
    /// size.
    pub fn paginate<O: ListOperation>(&self, operation: &O) -> Paginator<O::Page> {
        let pager = Paginator::new(self.clone(), operation.to_request(), operation.page_style())
            .check(O::check);
        match operation.max_page_size() {
            Some(rows) => pager.max_page_size(rows),
            None => pager,
        }
    }
}
