//! Nothing hkob logs carries a secret.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use hkob_core::ApiRequest;
use hkob_core::auth::{ClientAuth, ClientCredentials, OAuthClient};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RecordingSleep, builder};

/// Writes every span and event field, at every level, into one string.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

impl Visit for Capture {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0.lock().unwrap(), "{}={:?} ", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        span.record(&mut self.clone());
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut self.clone());
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        event.record(&mut self.clone());
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn logs_at_every_level_hold_no_secret() {
    let server = MockServer::start().await;
    Mock::given(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "ACCESS-TOKEN-XYZ", "token_type": "Bearer", "expires_in": 600
        })))
        .mount(&server)
        .await;
    Mock::given(path("/p"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/p"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let capture = Capture::default();
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(capture.clone()));
    let oauth = OAuthClient::new(
        "tsp",
        &format!("{}/token", server.uri()),
        ClientAuth::secret_post("CLIENT-SECRET-XYZ"),
    )
    .unwrap();
    let client = builder(&server, &RecordingSleep::default())
        .credentials(ClientCredentials::new(oauth))
        .build()
        .unwrap();
    client.send_empty(ApiRequest::get("/p")).await.unwrap();

    let logged = capture.0.lock().unwrap().clone();
    assert!(
        logged.contains("hkob") || logged.contains("path"),
        "nothing captured: {logged}"
    );
    assert!(logged.contains("retrying"), "{logged}");
    assert!(!logged.contains("ACCESS-TOKEN-XYZ"), "{logged}");
    assert!(!logged.contains("CLIENT-SECRET-XYZ"), "{logged}");
}

#[tokio::test]
async fn a_mismatched_interaction_id_echo_is_warned_not_failed() {
    let server = MockServer::start().await;
    Mock::given(path("/p"))
        .respond_with(
            ResponseTemplate::new(200).insert_header("x-fapi-interaction-id", "someone-else"),
        )
        .mount(&server)
        .await;
    let capture = Capture::default();
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(capture.clone()));
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    let response = client.execute(ApiRequest::get("/p")).await.unwrap();
    assert_eq!(response.interaction_id(), "someone-else");
    let logged = capture.0.lock().unwrap().clone();
    assert!(logged.contains("echoed"), "{logged}");
}
