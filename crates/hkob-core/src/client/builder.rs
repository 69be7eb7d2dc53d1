//! Building a [`Client`].

use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;

use super::{Client, Inner};
use crate::auth::{Credentials, NoCredentials};
use crate::error::{Error, Result};
use crate::headers::Language;
use crate::rate_limit::SharedRateLimit;
use crate::retry::{RetryPolicy, Sleep, TokioSleep};
use crate::signing::RequestSigner;
use crate::transport::{ReqwestTransport, Transport};

/// The default time to open a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default time for one attempt.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default time for a call, retries and waits included.
const TOTAL_TIMEOUT: Duration = Duration::from_secs(120);

enum HttpChoice {
    Default,
    Builder(Box<reqwest::ClientBuilder>),
    Client(reqwest::Client),
    Transport(Arc<dyn Transport>),
}

/// Builds a [`Client`]. Only the base URL is required.
///
/// ```
/// use std::time::Duration;
/// use hkob_core::auth::StaticHeaders;
/// use hkob_core::retry::RetryPolicy;
/// use hkob_core::Client;
///
/// let client = Client::builder()
///     .base_url("https://sandbox.apix.com.hk/jetco/sb/bea")
///     .credentials(StaticHeaders::ibm_api_connect("client-id", "client-secret"))
///     .retry_policy(RetryPolicy::default().max_attempts(4))
///     .attempt_timeout(Duration::from_secs(10))
///     .accept_language("EN")
///     .bank("bea")
///     .build()?;
/// # Ok::<(), hkob_core::Error>(())
/// ```
pub struct ClientBuilder {
    base_url: Option<String>,
    user_agent: Option<String>,
    connect_timeout: Duration,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    retry: RetryPolicy,
    credentials: Arc<dyn Credentials>,
    signer: Option<Arc<dyn RequestSigner>>,
    http: HttpChoice,
    sleep: Arc<dyn Sleep>,
    language: Option<String>,
    label: Option<String>,
    rate_limit: Option<SharedRateLimit>,
}

impl ClientBuilder {
    pub(super) fn new() -> Self {
        Self {
            base_url: None,
            user_agent: None,
            connect_timeout: CONNECT_TIMEOUT,
            attempt_timeout: Some(ATTEMPT_TIMEOUT),
            total_timeout: Some(TOTAL_TIMEOUT),
            retry: RetryPolicy::default(),
            credentials: Arc::new(NoCredentials),
            signer: None,
            http: HttpChoice::Default,
            sleep: Arc::new(TokioSleep),
            language: None,
            label: None,
            rate_limit: None,
        }
    }

    /// The URL that request paths are relative to, such as
    /// `https://sandbox.apix.com.hk/jetco/sb/bea`. It must be `https`, or
    /// `http` on a loopback address.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Your application's name, sent before hkob's in `User-Agent`.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// The time to open a connection (default 10 s). Used only by the
    /// client hkob builds itself.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The time for one attempt (default 30 s); `None` for no limit.
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.attempt_timeout = timeout.into();
        self
    }

    /// The time for a whole call, retries included (default 120 s); `None` for no limit.
    pub fn total_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.total_timeout = timeout.into();
        self
    }

    /// The retry policy (default: 3 attempts, jittered backoff).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The credentials every request carries (default: none).
    pub fn credentials(mut self, credentials: impl Credentials) -> Self {
        self.credentials = Arc::new(credentials);
        self
    }

    /// Credentials shared with other clients.
    pub fn shared_credentials(mut self, credentials: Arc<dyn Credentials>) -> Self {
        self.credentials = credentials;
        self
    }

    /// The signer for operations that must be signed.
    pub fn signer(mut self, signer: impl RequestSigner) -> Self {
        self.signer = Some(Arc::new(signer));
        self
    }

    /// Your own reqwest client builder, for proxies, custom root
    /// certificates or a client certificate (mutual TLS). hkob switches
    /// redirects off on it.
    pub fn reqwest_builder(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http = HttpChoice::Builder(Box::new(builder));
        self
    }

    /// Your own finished reqwest client; build it with redirects off.
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.http = HttpChoice::Client(client);
        self
    }

    /// Your own transport, replacing reqwest altogether.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.http = HttpChoice::Transport(Arc::new(transport));
        self
    }

    /// The wait between attempts (tests replace it to observe the waits).
    pub fn sleep(mut self, sleep: impl Sleep) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// The `Accept-Language` value sent unless a request sets its own, in
    /// the bank's own code (`EN`, `en-HK`, `zh-TW`, ...).
    pub fn accept_language(mut self, value: impl Into<String>) -> Self {
        self.language = Some(value.into());
        self
    }

    /// `Accept-Language` as a BCP 47 tag for `language`.
    pub fn language(self, language: Language) -> Self {
        self.accept_language(language.tag())
    }

    /// A label for the bank, recorded on each call's tracing span.
    pub fn bank(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Counts every attempt against `quota`, shared with the TSP's other processes, before it
    /// is sent; an attempt over it waits or fails as the quota says.
    pub fn rate_limit(mut self, quota: SharedRateLimit) -> Self {
        self.rate_limit = Some(quota);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client> {
        let base = self
            .base_url
            .ok_or_else(|| Error::invalid("the client needs a base URL"))?;
        let base_url = crate::auth::parse_base_url(&base)?;
        let agent = match &self.user_agent {
            Some(app) => format!("{app} hkob/{}", env!("CARGO_PKG_VERSION")),
            None => format!("hkob/{}", env!("CARGO_PKG_VERSION")),
        };
        let user_agent = HeaderValue::try_from(agent)
            .map_err(|_| Error::invalid("the user agent is not a valid header value"))?;
        let language = self
            .language
            .map(HeaderValue::try_from)
            .transpose()
            .map_err(|_| Error::invalid("the language is not a valid header value"))?;
        let transport: Arc<dyn Transport> = match self.http {
            HttpChoice::Default => Arc::new(ReqwestTransport::new(self.connect_timeout)?),
            HttpChoice::Builder(builder) => Arc::new(ReqwestTransport::from_builder(*builder)?),
            HttpChoice::Client(client) => Arc::new(ReqwestTransport::from_client(client)),
            HttpChoice::Transport(transport) => transport,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                transport,
                credentials: self.credentials,
                signer: self.signer,
                retry: self.retry,
                sleep: self.sleep,
                attempt_timeout: self.attempt_timeout,
                total_timeout: self.total_timeout,
                user_agent,
                language,
                label: self.label,
                rate_limit: self.rate_limit,
            }),
        })
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}
