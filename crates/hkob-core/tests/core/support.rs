//! Shared test helpers.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hkob_core::retry::{RetryPolicy, Sleep};
use hkob_core::{Client, ClientBuilder};
use wiremock::MockServer;

/// Records the waits the retry loop asks for, and returns at once.
#[derive(Debug, Clone, Default)]
pub struct RecordingSleep(pub Arc<Mutex<Vec<Duration>>>);

impl RecordingSleep {
    pub fn waits(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

/// A builder aimed at `server`, with recorded sleeps and no jitter.
pub fn builder(server: &MockServer, sleep: &RecordingSleep) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .sleep(sleep.clone())
        .retry_policy(
            RetryPolicy::default()
                .jitter(false)
                .backoff(Duration::from_millis(100), Duration::from_secs(1)),
        )
}

/// The bodies of the requests `server` received at `path`, as text.
pub async fn bodies_at(server: &MockServer, path: &str) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == path)
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect()
}

/// The form fields of a form-encoded body.
pub fn form(body: &str) -> std::collections::HashMap<String, String> {
    url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect()
}
