//! The HSBC group's landing page in a real browser: headless Chromium, driven over WebDriver,
//! opens the page the TSP was given, finds the applicant's details prefilled from the
//! encrypted prefill, submits the bank's form and comes back to the TSP's return URL on
//! 127.0.0.1, whose URL the TSP then completes.
//!
//! Needs Chromium and a `chromedriver` at `HKOB_WEBDRIVER_URL` (default
//! `http://127.0.0.1:9515`), so the test is ignored by default; `.ci/run` installs both and
//! runs it:
//!
//! ```text
//! chromedriver --port=9515 &
//! cargo test -p hkob-applications --test browser -- --ignored
//! ```

use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use hkob_applications::{
    ApplicationAccess, ApplicationOptions, ApplicationStatus, HandOffOutcome, ProductType,
};
use hkob_banks::BankCredentials;
use hkob_core::signing::{SigningAlgorithm, SigningKey};
use hkob_mock_bank::{JwsAlgorithm, JwsKey, MockBank, TspClient};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

mod support;
use support::{applicant, today};

const DEFAULT_WEBDRIVER_URL: &str = "http://127.0.0.1:9515";
const STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// A return URL on 127.0.0.1 that answers every request with a small page.
async fn return_listener() -> (String, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let origin = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let task = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = tokio::time::timeout(STEP_TIMEOUT, stream.read(&mut buf)).await;
                let page = "<!DOCTYPE html><title>TSP</title><p id=\"back\">Back at the TSP.</p>";
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                    page.len()
                );
                let _ = stream.write_all(reply.as_bytes()).await;
            });
        }
    });
    (format!("{origin}/applied"), task)
}

async fn browser() -> fantoccini::Client {
    let webdriver =
        std::env::var("HKOB_WEBDRIVER_URL").unwrap_or_else(|_| DEFAULT_WEBDRIVER_URL.to_owned());
    let mut chrome = serde_json::json!({
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    if std::path::Path::new("/usr/bin/chromium").exists() {
        chrome["binary"] = "/usr/bin/chromium".into();
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".to_owned(), "chrome".into());
    capabilities.insert("goog:chromeOptions".to_owned(), chrome);
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(capabilities);
    match tokio::time::timeout(STEP_TIMEOUT, builder.connect(&webdriver)).await {
        Ok(Ok(browser)) => browser,
        other => panic!(
            "no browser session from the WebDriver server at {webdriver} ({:?}): start \
             chromedriver (`chromedriver --port=9515`, with Chromium installed) or set \
             HKOB_WEBDRIVER_URL; .ci/run does both",
            other.err()
        ),
    }
}

#[tokio::test]
#[ignore = "needs Chromium and ChromeDriver: run by .ci/run (cargo test -p hkob-applications --test browser -- --ignored)"]
async fn a_customer_submits_the_prefilled_landing_page_in_chromium() {
    let pair = rcgen::KeyPair::generate().expect("a key");
    let public = JwsKey::from_pem(JwsAlgorithm::Es256, pair.public_key_pem().as_bytes()).unwrap();
    let mock = MockBank::builder()
        .seed(5)
        .banks(["hsbc"])
        .tsp_client(TspClient::new("browser-tsp", "browser-secret").with_signing_key(public))
        .start()
        .await
        .expect("the mock bank starts");
    let mut profile = hkob_banks::mock_profiles_of(&mock, &["hsbc"])
        .pop()
        .unwrap();
    profile.credentials = BankCredentials::client_secret("browser-tsp", "browser-secret");
    let key =
        SigningKey::from_pem(SigningAlgorithm::Es256, pair.serialize_pem().as_bytes()).unwrap();
    let hsbc = ApplicationAccess::connect(profile, ApplicationOptions::new(key)).unwrap();
    let (return_url, listener) = return_listener().await;
    let prefill = applicant().build_on(today()).unwrap();
    let page = hsbc
        .open_landing_page(
            &ProductType::CreditCard,
            "CC-RED",
            &return_url,
            Some(&prefill),
        )
        .await
        .expect("a landing page");

    let browser = browser().await;
    let driven = async {
        browser
            .goto(page.url.as_str())
            .await
            .expect("the page opens");
        let surname = browser
            .wait()
            .at_most(STEP_TIMEOUT)
            .for_element(Locator::Id("surname"))
            .await
            .expect("the form");
        assert_eq!(
            surname.prop("value").await.unwrap().as_deref(),
            Some("CHAN")
        );
        let id_number = browser.find(Locator::Id("idNumber")).await.unwrap();
        let shown = id_number.prop("value").await.unwrap().unwrap_or_default();
        assert!(
            shown.contains("123456"),
            "the HKID number is prefilled: {shown}"
        );
        browser
            .find(Locator::Id("submit"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        browser
            .wait()
            .at_most(STEP_TIMEOUT)
            .for_element(Locator::Id("back"))
            .await
            .expect("back at the TSP");
        browser.current_url().await.expect("the URL").to_string()
    }
    .await;
    let _ = browser.close().await;
    listener.abort();

    assert!(driven.starts_with(&return_url), "{driven}");
    let (outcome, record) = hsbc
        .complete_landing_page(&driven)
        .await
        .expect("completed");
    assert_eq!(outcome, HandOffOutcome::Submitted);
    assert_eq!(record.id, page.application_id);
    assert_ne!(record.status, ApplicationStatus::AwaitingCustomer);
    let received = mock
        .bank("hsbc")
        .and_then(|b| b.application(&record.id))
        .expect("held");
    assert_eq!(received.document["applicant"]["name"]["surname"], "CHAN");
}
