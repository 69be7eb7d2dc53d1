//! Several credentials on one request.

use std::sync::Arc;

use http::HeaderMap;
use tokio::time::Instant;

use super::{ApplyFuture, AuthContext, Credentials};

/// Applies several credentials to every request, in order: a bank that wants the TSP's API key
/// headers beside the customer's bearer token (JETCO APIX's Phase III) gets both.
///
/// On a 401, every layer is asked to renew; a retry is worth it when any one can.
///
/// ```
/// use hkob_core::auth::{Layered, StaticHeaders};
///
/// let both = Layered::new()
///     .with(StaticHeaders::ibm_api_connect("client-id", "client-secret"))
///     .with(StaticHeaders::pair("X-Other", "a", "X-Another", "b"));
/// assert_eq!(both.len(), 2);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Layered {
    layers: Vec<Arc<dyn Credentials>>,
}

impl Layered {
    /// No layers yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `credentials` after the layers so far.
    pub fn with(self, credentials: impl Credentials) -> Self {
        self.with_shared(Arc::new(credentials))
    }

    /// Adds shared `credentials` after the layers so far.
    pub fn with_shared(mut self, credentials: Arc<dyn Credentials>) -> Self {
        self.layers.push(credentials);
        self
    }

    /// How many layers there are.
    pub fn len(&self) -> usize {
        self.layers.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }
}

impl Credentials for Layered {
    fn apply<'a>(&'a self, cx: AuthContext<'a>, headers: &'a mut HeaderMap) -> ApplyFuture<'a> {
        Box::pin(async move {
            for layer in &self.layers {
                layer.apply(cx, headers).await?;
            }
            Ok(())
        })
    }

    fn invalidate(&self, sent_at: Instant) -> bool {
        // Every layer drops what it holds, even after one said yes.
        let mut renewable = false;
        for layer in &self.layers {
            renewable |= layer.invalidate(sent_at);
        }
        renewable
    }
}
