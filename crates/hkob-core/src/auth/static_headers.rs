//! Credentials sent as fixed headers.

use std::fmt;

use http::{HeaderMap, HeaderName, HeaderValue};

use super::{ApplyFuture, AuthContext, Credentials};
use crate::error::InvalidRequest;

/// Fixed credential headers, sent on every request and marked sensitive.
///
/// ```
/// use hkob_core::auth::StaticHeaders;
///
/// let jetco = StaticHeaders::ibm_api_connect("my-client-id", "my-secret");
/// assert!(!format!("{jetco:?}").contains("my-secret"));
/// ```
#[derive(Clone)]
pub struct StaticHeaders {
    headers: Vec<(HeaderName, HeaderValue)>,
    invalid: Option<InvalidRequest>,
}

impl StaticHeaders {
    /// No headers yet; add them with [`header`](Self::header).
    pub fn new() -> Self {
        Self {
            headers: Vec::new(),
            invalid: None,
        }
    }

    /// Adds a header. Its value is marked sensitive and never shown.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(name), Ok(mut value)) => {
                value.set_sensitive(true);
                self.headers.push((name, value));
            }
            _ => {
                self.invalid.get_or_insert_with(|| {
                    InvalidRequest::new(format!("credential header `{name}` is not valid"))
                });
            }
        }
        self
    }

    /// Any named header pair: an id header and a secret header.
    pub fn pair(id_header: &str, id: &str, secret_header: &str, secret: &str) -> Self {
        Self::new()
            .header(id_header, id)
            .header(secret_header, secret)
    }

    /// IBM API Connect gateways (JETCO APIX): `X-IBM-Client-Id` and `X-IBM-Client-Secret`.
    pub fn ibm_api_connect(client_id: &str, client_secret: &str) -> Self {
        Self::pair(
            "X-IBM-Client-Id",
            client_id,
            "X-IBM-Client-Secret",
            client_secret,
        )
    }

    /// HSBC group: `ClientID` and `ClientSecret`.
    pub fn client_id_secret(client_id: &str, client_secret: &str) -> Self {
        Self::pair("ClientID", client_id, "ClientSecret", client_secret)
    }

    /// Azure API Management gateways: `Ocp-Apim-Subscription-Key`.
    pub fn subscription_key(key: &str) -> Self {
        Self::new().header("Ocp-Apim-Subscription-Key", key)
    }
}

impl Default for StaticHeaders {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for StaticHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("StaticHeaders")
            .field("headers", &names)
            .finish_non_exhaustive()
    }
}

impl Credentials for StaticHeaders {
    fn apply<'a>(&'a self, _: AuthContext<'a>, headers: &'a mut HeaderMap) -> ApplyFuture<'a> {
        Box::pin(async move {
            if let Some(e) = &self.invalid {
                return Err(e.clone().into());
            }
            for (name, value) in &self.headers {
                headers.insert(name.clone(), value.clone());
            }
            Ok(())
        })
    }
}
