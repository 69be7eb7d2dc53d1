//! TLS and mutual TLS with the generated PKI.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{ConnectInfo, Extension};
use axum::routing::get;
use hkob_mock_bank::{
    AuthConfig, AuthServer, ClientAuth, ClientCertificate, ClientIdentity,
    DEFAULT_CLIENT_ID as TEST_CLIENT_ID, DEFAULT_CLIENT_SECRET as TEST_CLIENT_SECRET, TestPki,
    serve_tls as serve,
};
use reqwest::StatusCode;
use serde_json::Value;

/// Answers with the length of the client certificate seen, or "none".
async fn whoami(
    cert: Option<Extension<ClientCertificate>>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
) -> String {
    assert!(remote.ip().is_loopback());
    match cert {
        Some(Extension(ClientCertificate(der))) => format!("cert:{}", der.len()),
        None => "none".to_owned(),
    }
}

struct Running {
    url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(pki: &TestPki, mode: ClientAuth, router: Router) -> Running {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let config = pki.server_config(mode).unwrap();
    let task = tokio::spawn(serve(listener, config, router, async {
        let _ = rx.await;
    }));
    Running {
        url,
        stop: Some(tx),
        task,
    }
}

fn client(pki: &TestPki, identity: Option<&ClientIdentity>) -> reqwest::Client {
    let ca = reqwest::Certificate::from_pem(pki.ca_pem().as_bytes()).unwrap();
    let mut b = reqwest::Client::builder()
        .tls_certs_only([ca])
        .redirect(reqwest::redirect::Policy::none());
    if let Some(id) = identity {
        b = b.identity(reqwest::Identity::from_pem(id.to_pem().as_bytes()).unwrap());
    }
    b.build().unwrap()
}

fn whoami_router() -> Router {
    Router::new().route("/whoami", get(whoami))
}

#[tokio::test]
async fn tls_server_is_trusted_through_the_ca() {
    let pki = TestPki::generate().unwrap();
    let mut running = start(&pki, ClientAuth::None, whoami_router()).await;
    let resp = client(&pki, None)
        .get(format!("{}/whoami", running.url))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.text().await.unwrap(), "none");

    // A client that trusts another CA refuses the server.
    let other = TestPki::generate().unwrap();
    assert!(
        client(&other, None)
            .get(format!("{}/whoami", running.url))
            .send()
            .await
            .is_err()
    );

    // Shutdown ends the accept loop.
    let _ = running.stop.take().unwrap().send(());
    assert!(running.task.await.unwrap().is_ok());
}

#[tokio::test]
async fn mtls_accepts_a_ca_signed_client_and_refuses_others() {
    let pki = TestPki::generate().unwrap();
    let running = start(&pki, ClientAuth::Required, whoami_router()).await;
    let url = format!("{}/whoami", running.url);
    let identity = pki.issue_client_identity("tsp-one").unwrap();

    let resp = client(&pki, Some(&identity))
        .get(&url)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.text().await.unwrap(),
        format!("cert:{}", identity.cert_der().len())
    );

    // Without a certificate the handshake fails.
    assert!(client(&pki, None).get(&url).send().await.is_err());

    // A certificate from another CA is refused too.
    let stranger = TestPki::generate()
        .unwrap()
        .issue_client_identity("stranger")
        .unwrap();
    assert!(
        client(&pki, Some(&stranger))
            .get(&url)
            .send()
            .await
            .is_err()
    );
}

#[tokio::test]
async fn optional_client_auth_lets_both_in() {
    let pki = TestPki::generate().unwrap();
    let running = start(&pki, ClientAuth::Optional, whoami_router()).await;
    let url = format!("{}/whoami", running.url);
    let identity = pki.issue_client_identity("tsp-two").unwrap();
    let with = client(&pki, Some(&identity))
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(with.starts_with("cert:"));
    let without = client(&pki, None)
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(without, "none");
}

#[tokio::test]
async fn authorization_server_over_mtls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let pki = TestPki::generate().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("https://{}", listener.local_addr().unwrap());
    let server = Arc::new(AuthServer::new(AuthConfig::with_test_fixtures(&issuer)).unwrap());
    let config = pki.server_config(ClientAuth::Required).unwrap();
    tokio::spawn(serve(
        listener,
        config,
        server.clone().routes(),
        std::future::pending(),
    ));
    let identity = pki.issue_client_identity(TEST_CLIENT_ID).unwrap();
    let http = client(&pki, Some(&identity));
    let doc: Value = http
        .get(format!("{issuer}/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["issuer"], issuer.as_str());
    let token: Value = http
        .post(doc["token_endpoint"].as_str().unwrap())
        .basic_auth(TEST_CLIENT_ID, Some(TEST_CLIENT_SECRET))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        server
            .check_bearer(token["access_token"].as_str().unwrap())
            .is_ok()
    );
}

#[tokio::test]
async fn tls_client_auth_and_certificate_bound_tokens() {
    use hkob_mock_bank::{AuthFailure, RegisteredClient};

    let _ = rustls::crypto::ring::default_provider().install_default();
    let pki = TestPki::generate().unwrap();
    let identity = pki.issue_client_identity("mtls-client").unwrap();
    let other_identity = pki.issue_client_identity("someone-else").unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("https://{}", listener.local_addr().unwrap());
    let config = AuthConfig::with_test_fixtures(&issuer).client(
        RegisteredClient::with_tls_certificate("mtls-client", identity.cert_der()),
    );
    let server = Arc::new(AuthServer::new(config).unwrap());
    tokio::spawn(serve(
        listener,
        pki.server_config(ClientAuth::Required).unwrap(),
        server.clone().routes(),
        std::future::pending(),
    ));
    let token_url = format!("{issuer}/oauth/token");

    // The registered certificate authenticates the client: client_id only.
    let resp = client(&pki, Some(&identity))
        .post(&token_url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "mtls-client"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    let token = body["access_token"].as_str().unwrap();

    // The token is bound to that certificate.
    let info = server
        .check_bearer_with_certificate(token, Some(identity.cert_der()))
        .unwrap();
    assert_eq!(info.client_id, "mtls-client");
    assert!(info.certificate_thumbprint.is_some());
    assert_eq!(
        server.check_bearer_with_certificate(token, Some(other_identity.cert_der())),
        Err(AuthFailure::CertificateMismatch)
    );
    assert_eq!(
        server.check_bearer_with_certificate(token, None),
        Err(AuthFailure::CertificateMismatch)
    );

    // Another CA-signed certificate is not this client's.
    let resp = client(&pki, Some(&other_identity))
        .post(&token_url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "mtls-client"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

    // A secret-authenticated client over mTLS gets a bound token as well.
    let body: Value = client(&pki, Some(&other_identity))
        .post(&token_url)
        .basic_auth(TEST_CLIENT_ID, Some(TEST_CLIENT_SECRET))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = body["access_token"].as_str().unwrap();
    assert!(
        server
            .check_bearer_with_certificate(token, Some(other_identity.cert_der()))
            .is_ok()
    );
    assert_eq!(
        server.check_bearer_with_certificate(token, Some(identity.cert_der())),
        Err(AuthFailure::CertificateMismatch)
    );
}
