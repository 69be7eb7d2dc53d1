//! What a Phase III handler reads of a request, taken once: its headers,
//! the fault scenario and client certificate the pipeline and the TLS
//! server attached, its path and its query.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use http::HeaderMap;
use http::request::Parts;

use crate::fault::Scenario;
use crate::tls::ClientCertificate;

/// One request, as a Phase III handler sees it.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The request headers.
    pub headers: HeaderMap,
    /// The fault scenario of the request, if any.
    pub scenario: Option<Scenario>,
    /// The client certificate (DER) presented over mutual TLS, if any.
    pub certificate: Option<Vec<u8>>,
    /// The full request path (with the bank prefix).
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
}

impl Caller {
    /// A header's value, trimmed; `None` when absent, empty or not text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// The decoded query parameters, in order.
    pub(crate) fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_deref().unwrap_or_default().as_bytes())
            .into_owned()
            .collect()
    }

    /// The last value of one query parameter.
    pub(crate) fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Caller {
            headers: parts.headers.clone(),
            scenario: parts.extensions.get::<Scenario>().cloned(),
            certificate: parts
                .extensions
                .get::<ClientCertificate>()
                .map(|c| c.0.clone()),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
        })
    }
}
