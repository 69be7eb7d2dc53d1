//! The HTTP layer, replaceable by tests and by users.

mod reqwest_transport;

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;

use crate::error::TransportError;

pub use reqwest_transport::ReqwestTransport;

/// An HTTP request as the transport sees it: credentials, signature and
/// every header already set.
pub type HttpRequest = http::Request<Bytes>;
/// An HTTP answer with its whole body.
pub type HttpResponse = http::Response<Bytes>;
/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and reads the whole answer.
///
/// hkob's default is [`ReqwestTransport`]. Tests can answer from memory and
/// users can route through their own stack. A transport must not follow
/// redirects: a redirect is returned as the answer.
pub trait Transport: Debug + Send + Sync + 'static {
    /// Sends `request` once.
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;
}
