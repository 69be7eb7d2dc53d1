//! The mock bank served over TLS and mutual TLS.

use hkob_mock_bank::{
    ClientAuth, ClientIdentity, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank, TestPki,
};

fn tls_client(pki: &TestPki, identity: Option<&ClientIdentity>) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let ca = reqwest::Certificate::from_pem(pki.ca_pem().as_bytes()).expect("CA");
    let mut b = reqwest::Client::builder().tls_certs_only([ca]);
    if let Some(id) = identity {
        b = b.identity(reqwest::Identity::from_pem(id.to_pem().as_bytes()).expect("identity"));
    }
    b.build().expect("client")
}

async fn savings_status(client: &reqwest::Client, mock: &MockBank) -> Result<u16, reqwest::Error> {
    let url = format!(
        "{}/deposits/v1/savings",
        mock.bank_url("bea").unwrap_or_default()
    );
    let resp = client
        .get(url)
        .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
        .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
        .send()
        .await?;
    Ok(resp.status().as_u16())
}

#[tokio::test]
async fn serves_https() {
    let pki = TestPki::generate().expect("pki");
    let mock = MockBank::builder()
        .banks(["bea"])
        .tls(pki.server_config(ClientAuth::None).expect("config"))
        .start()
        .await
        .expect("starts");
    assert!(mock.base_url().starts_with("https://127.0.0.1:"));
    assert_eq!(
        savings_status(&tls_client(&pki, None), &mock).await.ok(),
        Some(200)
    );
    // A client that does not trust the CA is refused at the handshake.
    let other = TestPki::generate().expect("pki");
    assert!(
        savings_status(&tls_client(&other, None), &mock)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn mutual_tls_requires_a_client_certificate() {
    let pki = TestPki::generate().expect("pki");
    let mock = MockBank::builder()
        .banks(["bea"])
        .tls(pki.server_config(ClientAuth::Required).expect("config"))
        .start()
        .await
        .expect("starts");
    let identity = pki.issue_client_identity("tsp-one").expect("identity");
    assert_eq!(
        savings_status(&tls_client(&pki, Some(&identity)), &mock)
            .await
            .ok(),
        Some(200)
    );
    assert!(
        savings_status(&tls_client(&pki, None), &mock)
            .await
            .is_err()
    );
}
