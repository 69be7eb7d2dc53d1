//! The default transport: reqwest over rustls (ring).

use std::sync::Once;
use std::time::Duration;

use bytes::{Bytes, BytesMut};

use super::{HttpRequest, Transport, TransportFuture};
use crate::error::{TransportError, TransportErrorKind};

/// The largest body read by default (32 MiB); a larger answer is an error.
const DEFAULT_MAX_BODY: usize = 32 * 1024 * 1024;

/// Sends requests with a `reqwest::Client`.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    max_body: usize,
}

impl ReqwestTransport {
    /// A transport on a client that hkob configures: rustls, no redirects,
    /// the given connect timeout.
    pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
        Self::from_builder(reqwest::Client::builder().connect_timeout(connect_timeout))
    }

    /// A transport on your own client builder (proxies, custom roots, a
    /// client certificate for mutual TLS). hkob switches redirects off.
    pub fn from_builder(builder: reqwest::ClientBuilder) -> Result<Self, TransportError> {
        install_crypto_provider();
        let client = builder
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                TransportError::new(TransportErrorKind::Other, "cannot build the HTTP client")
                    .with_source(e)
            })?;
        Ok(Self::from_client(client))
    }

    /// A transport on a finished client. Build it with
    /// `redirect(Policy::none())`: hkob cannot change a built client, and a
    /// token request must never follow a redirect.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self {
            client,
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// The largest body to read; a larger answer fails with a transport error.
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }
}

/// Makes ring rustls's process-wide provider, unless the application chose one.
pub(crate) fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

fn classify(e: reqwest::Error) -> TransportError {
    let kind = if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if e.is_connect() {
        TransportErrorKind::Connect
    } else if e.is_request() || e.is_body() || e.is_decode() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    let message = e.to_string();
    TransportError::new(kind, message).with_source(e)
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request).map_err(|e| {
                TransportError::new(TransportErrorKind::Other, "cannot convert the request")
                    .with_source(e)
            })?;
            let mut response = self.client.execute(request).await.map_err(classify)?;
            let status = response.status();
            let headers = std::mem::take(response.headers_mut());
            let mut body = BytesMut::new();
            while let Some(chunk) = response.chunk().await.map_err(classify)? {
                if body.len().saturating_add(chunk.len()) > self.max_body {
                    return Err(TransportError::new(
                        TransportErrorKind::Other,
                        format!("the answer is larger than {} bytes", self.max_body),
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            let mut out = http::Response::new(Bytes::from(body));
            *out.status_mut() = status;
            *out.headers_mut() = headers;
            Ok(out)
        })
    }
}
