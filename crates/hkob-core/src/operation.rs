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

    /// Decodes a success answer (2xx; anything else is already an error).
    fn decode(response: ApiResponse) -> Result<Self::Output>;
}

/// An operation whose answer is one page of a list: [`Client::paginate`] walks its pages.
pub trait ListOperation: Operation<Output = <Self as ListOperation>::Page> {
    /// One page of the list (the operation's [`Output`](Operation::Output)).
    type Page: Page;

    /// How the list is paged.
    fn page_style(&self) -> PageStyle;
}

impl Client {
    /// Sends an operation and decodes its answer.
    pub async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output> {
        let response = self.execute(operation.to_request()).await?;
        O::decode(response)
    }

    /// Pages through a list operation lazily: a stream of pages, or of items with
    /// [`Paginator::items`].
    pub fn paginate<O: ListOperation>(&self, operation: &O) -> Paginator<O::Page> {
        Paginator::new(self.clone(), operation.to_request(), operation.page_style())
    }
}
