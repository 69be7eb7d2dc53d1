//! What stores of records (consents, tokens, payment intents) share: their future type and
//! their error. Each phase defines its store trait with these, so that one database adapter can
//! serve all of them.

use std::future::Future;
use std::pin::Pin;

/// The future of every store method.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A store that failed (its database is down, say).
#[derive(Debug, thiserror::Error)]
#[error("the store failed: {message}")]
pub struct StoreError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl StoreError {
    /// An error saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// An error caused by `source`.
    pub fn from_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}
