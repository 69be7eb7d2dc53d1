//! How a [`RedisBackend`](super::RedisBackend) reaches Redis.

use std::fmt;
use std::time::Duration;

/// How a [`RedisBackend`](super::RedisBackend) reaches Redis: its URL, the namespace its keys
/// start with, and the time limits that make an unreachable Redis fail promptly.
///
/// ```
/// use std::time::Duration;
/// use hkob_store::RedisConfig;
///
/// let config = RedisConfig::new("redis://10.0.0.5:6379/0")
///     .namespace("my-tsp")
///     .operation_timeout(Duration::from_secs(2));
/// ```
///
/// `Debug` does not print the URL (it may hold a password).
#[derive(Clone)]
#[non_exhaustive]
pub struct RedisConfig {
    /// The server, as `redis://[user:password@]host[:port][/db]`.
    pub url: String,
    /// What every key starts with, before `:`: several TSPs or environments can share one
    /// Redis. ASCII letters, digits, `_`, `-`, `.` and `:`; default `hkob`.
    pub namespace: String,
    /// How long one attempt to connect may take. Default: 1 second.
    pub connect_timeout: Duration,
    /// How long Redis may take to answer one command. Default: 1 second.
    pub response_timeout: Duration,
    /// How long one store operation may take in all, reconnecting included; past it the
    /// operation fails with a [`StoreErrorKind::Unreachable`](hkob_core::store::StoreErrorKind)
    /// error. Default: 3 seconds.
    pub operation_timeout: Duration,
}

impl RedisConfig {
    /// The server at `url`, with the default namespace and time limits.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            namespace: "hkob".to_owned(),
            connect_timeout: Duration::from_secs(1),
            response_timeout: Duration::from_secs(1),
            operation_timeout: Duration::from_secs(3),
        }
    }

    /// This configuration, with keys starting with `namespace`.
    #[must_use]
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = namespace.into();
        self
    }

    /// This configuration, with `timeout` for one attempt to connect.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// This configuration, with `timeout` for one answer.
    #[must_use]
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = timeout;
        self
    }

    /// This configuration, with `timeout` for one whole operation.
    #[must_use]
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = timeout;
        self
    }
}

impl fmt::Debug for RedisConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisConfig")
            .field("url", &"[redacted]")
            .field("namespace", &self.namespace)
            .field("connect_timeout", &self.connect_timeout)
            .field("response_timeout", &self.response_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .finish()
    }
}
