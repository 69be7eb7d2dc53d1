//! The consent flow through the mock bank's own login and consent page, in a real browser:
//! headless Chromium, driven over WebDriver, logs in as a test customer, chooses the accounts to
//! share and approves (or denies), and is sent back to a redirect listener on 127.0.0.1, whose
//! callback URL the TSP completes.
//!
//! Needs Chromium and a `chromedriver` listening at `HKOB_WEBDRIVER_URL` (default
//! `http://127.0.0.1:9515`), so the tests are ignored by default; `.ci/run` installs both and
//! runs them:
//!
//! ```text
//! chromedriver --port=9515 &
//! cargo test -p hkob-accounts --test browser -- --ignored
//! ```
//!
//! The only data read is the list of accounts, to check that the consent covers what the
//! customer chose on the page and nothing else.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::{FutureExt, TryStreamExt};
use hkob_accounts::{
    AccessError, AccessOptions, AccountAccess, ConsentRequest, ConsentStatus, ConsentStore,
    MemoryStore, Permission,
};
use hkob_core::error::AuthErrorKind;
use hkob_mock_bank::MockBank;
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// Where chromedriver listens unless `HKOB_WEBDRIVER_URL` says otherwise.
const DEFAULT_WEBDRIVER_URL: &str = "http://127.0.0.1:9515";

/// The test customer who logs in.
const CUSTOMER: &str = "chantaiman";
const PASSWORD: &str = "password1";

/// The longest any one step may take: starting the browser, a page appearing, the browser
/// coming back to the redirect listener.
const STEP_TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::test]
#[ignore = "needs Chromium and ChromeDriver: run by .ci/run (cargo test -p hkob-accounts --test browser -- --ignored)"]
async fn a_customer_logs_in_chooses_one_account_approves_and_the_tsp_reads_only_that_one() {
    let mock = mock().await;
    let auth = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("bea has an authorization server");
    let customer = auth
        .config()
        .customer_by_username(CUSTOMER)
        .expect("the test customer")
        .clone();
    assert!(
        customer.account_ids.len() >= 2,
        "{CUSTOMER} has accounts to choose from at bea"
    );
    let offered = customer.holdings();
    let chosen = customer.account_ids[1].clone();
    let mut listener = RedirectListener::start().await;
    let store = Arc::new(MemoryStore::new());
    let bea = access(&mock, &listener.redirect_uri, store).await;
    let redirect = bea.begin(&request()).await.expect("consent created");

    let callback = with_browser(async |browser| {
        open_consent_page(&browser, &redirect.url, &redirect.consent.id).await;
        log_in(&browser, PASSWORD).await;
        click(&browser, "button[name=decision][value=login]").await;
        wait_for(&browser, &format!("account-{chosen}")).await;
        // Every account and card is offered, ticked.
        let boxes = checkboxes(&browser).await;
        let ids: Vec<&str> = boxes.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            ids, offered,
            "the page offers the customer's accounts and cards"
        );
        assert!(
            boxes.iter().all(|(_, ticked)| *ticked),
            "all ticked at first"
        );

        // Nothing ticked: the page refuses to approve.
        for id in &offered {
            click(&browser, &format!("#account-{id}")).await;
        }
        click(&browser, "button[name=decision][value=approve]").await;
        let alert = wait_for_alert(&browser).await;
        assert!(alert.contains("Choose at least one"), "{alert}");
        assert!(
            checkboxes(&browser).await.iter().all(|(_, ticked)| !ticked),
            "the page keeps the boxes as sent"
        );

        // One account ticked, approved.
        click(&browser, &format!("#account-{chosen}")).await;
        click(&browser, "button[name=decision][value=approve]").await;
        listener.wait_for_callback(&browser).await
    })
    .await;
    let query = url::Url::parse(&callback).expect("a URL");
    assert!(
        query.query_pairs().any(|(k, _)| k == "code"),
        "the bank sent a code back"
    );

    let consent = bea
        .complete(&callback)
        .await
        .expect("the consent completes");
    assert_eq!(consent.id, redirect.consent.id);
    assert_eq!(consent.status, ConsentStatus::Authorised);

    // The consent at the bank covers the chosen account only ...
    let at_bank = auth.consent(&consent.id).expect("the consent at the bank");
    assert_eq!(at_bank.status, hkob_mock_bank::ConsentStatus::Authorised);
    assert_eq!(at_bank.customer_id.as_deref(), Some("C0001"));
    assert_eq!(at_bank.account_ids, [chosen.as_str()]);
    // ... and so does what the TSP reads with it.
    let session = bea
        .session(&consent.id)
        .await
        .expect("a session with the authorised consent");
    let accounts: Vec<_> = session
        .accounts()
        .try_collect()
        .await
        .expect("the accounts");
    let read: Vec<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(read, [chosen.as_str()]);
    for other in offered.iter().filter(|id| **id != chosen) {
        assert!(
            session.account(other).await.is_err(),
            "{other} is not readable"
        );
    }
}

#[tokio::test]
#[ignore = "needs Chromium and ChromeDriver: run by .ci/run (cargo test -p hkob-accounts --test browser -- --ignored)"]
async fn a_customer_who_denies_at_the_consent_page_leaves_a_rejected_consent() {
    let mock = mock().await;
    let auth = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("bea has an authorization server");
    let mut listener = RedirectListener::start().await;
    let store = Arc::new(MemoryStore::new());
    let bea = access(&mock, &listener.redirect_uri, store.clone()).await;
    let redirect = bea.begin(&request()).await.expect("consent created");

    let callback = with_browser(async |browser| {
        open_consent_page(&browser, &redirect.url, &redirect.consent.id).await;
        // A wrong password: the page says so, and nothing is decided.
        log_in(&browser, "not-the-password").await;
        click(&browser, "button[name=decision][value=login]").await;
        let alert = wait_for_alert(&browser).await;
        assert_eq!(alert, "Wrong username or password.");
        log_in(&browser, PASSWORD).await;
        click(&browser, "button[name=decision][value=login]").await;
        wait_for(&browser, "signed-in").await;
        click(&browser, "button[name=decision][value=deny]").await;
        listener.wait_for_callback(&browser).await
    })
    .await;
    let query = url::Url::parse(&callback).expect("a URL");
    assert!(
        query
            .query_pairs()
            .any(|(k, v)| k == "error" && v == "access_denied"),
        "{query}"
    );

    let denied = bea.complete(&callback).await;
    assert!(
        matches!(&denied, Err(AccessError::Request(hkob_core::Error::Auth(e)))
            if e.kind() == AuthErrorKind::AuthorizationDenied),
        "{denied:?}"
    );
    let record = store
        .consent("bea", &redirect.consent.id)
        .await
        .expect("the store answers")
        .expect("the consent is kept");
    assert_eq!(record.consent.status, ConsentStatus::Rejected);
    assert!(record.tokens.is_none(), "no tokens for a denied consent");
    let at_bank = auth
        .consent(&redirect.consent.id)
        .expect("the consent at the bank");
    assert_eq!(at_bank.status, hkob_mock_bank::ConsentStatus::Rejected);
    assert!(at_bank.account_ids.is_empty());
}

async fn mock() -> MockBank {
    MockBank::builder()
        .seed(11)
        .banks(["bea"])
        .start()
        .await
        .expect("the mock bank starts")
}

async fn access(mock: &MockBank, redirect_uri: &str, store: Arc<MemoryStore>) -> AccountAccess {
    let profile = hkob_banks::mock_profiles_of(mock, &["bea"])
        .pop()
        .expect("a profile for bea");
    AccountAccess::connect(profile, AccessOptions::new(redirect_uri), store)
        .await
        .expect("discovery and setup")
}

fn request() -> ConsentRequest {
    ConsentRequest::new([
        Permission::AccountsBasic,
        Permission::Balances,
        Permission::TransactionsBasic,
    ])
}

/// Opens the bank's authorization URL and waits for the consent page of `consent_id`.
async fn open_consent_page(browser: &Client, url: &url::Url, consent_id: &str) {
    browser
        .goto(url.as_str())
        .await
        .expect("the browser opens the authorization URL");
    let shown = browser
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Id("consent-id"))
        .await
        .unwrap_or_else(|e| panic!("the consent page shows its consent: {e}"));
    assert_eq!(
        shown.text().await.expect("the consent id's text"),
        consent_id,
        "the page is for the consent begun"
    );
}

/// Types the test customer's username and `password`.
async fn log_in(browser: &Client, password: &str) {
    for (selector, value) in [
        ("input[name=username]", CUSTOMER),
        ("input[name=password]", password),
    ] {
        let field = browser
            .find(Locator::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("the page has {selector}: {e}"));
        field.clear().await.expect("the field clears");
        field.send_keys(value).await.expect("the field takes text");
    }
}

/// Waits for the element with id `id` on the page now shown.
async fn wait_for(browser: &Client, id: &str) {
    browser
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("the page shows #{id}: {e}"));
}

/// Waits for the page's alert; its text.
async fn wait_for_alert(browser: &Client) -> String {
    browser
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Css("[role=alert]"))
        .await
        .unwrap_or_else(|e| panic!("the page shows an alert: {e}"))
        .text()
        .await
        .expect("the alert's text")
}

/// The page's account and card checkboxes: the id each shares, and whether it is ticked.
async fn checkboxes(browser: &Client) -> Vec<(String, bool)> {
    let mut boxes = Vec::new();
    for checkbox in browser
        .find_all(Locator::Css("input[type=checkbox][name=accounts]"))
        .await
        .expect("the checkboxes")
    {
        let value = checkbox
            .attr("value")
            .await
            .expect("a value")
            .expect("each checkbox names what it shares");
        let ticked = checkbox.is_selected().await.expect("ticked or not");
        boxes.push((value, ticked));
    }
    boxes
}

async fn click(browser: &Client, selector: &str) {
    browser
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("the page has {selector}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("{selector} clicks: {e}"));
}

/// Starts a headless Chromium session, runs `drive` with it, and ends the session whether
/// `drive` returned or panicked.
async fn with_browser<T>(drive: impl AsyncFnOnce(Client) -> T) -> T {
    let browser = connect_browser().await;
    let outcome = AssertUnwindSafe(drive(browser.clone()))
        .catch_unwind()
        .await;
    let closed = browser.close().await;
    match outcome {
        Ok(value) => {
            closed.expect("the browser session ends");
            value
        }
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

async fn connect_browser() -> Client {
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
    let session = builder.connect(&webdriver);
    match tokio::time::timeout(STEP_TIMEOUT, session).await {
        Ok(Ok(browser)) => browser,
        Ok(Err(e)) => panic!(
            "no browser session from the WebDriver server at {webdriver}: {e}. \
             Start chromedriver (`chromedriver --port=9515`, with Chromium installed) or set \
             HKOB_WEBDRIVER_URL; .ci/run does both"
        ),
        Err(_) => panic!(
            "the WebDriver server at {webdriver} gave no browser session within {STEP_TIMEOUT:?}"
        ),
    }
}

/// A TSP's redirect URI on 127.0.0.1: answers `/callback` with a small page and hands the
/// callback URL (as the browser asked for it) to the test.
struct RedirectListener {
    redirect_uri: String,
    callback: Option<oneshot::Receiver<String>>,
    task: tokio::task::JoinHandle<()>,
}

impl RedirectListener {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port on 127.0.0.1");
        let origin = format!(
            "http://127.0.0.1:{}",
            listener.local_addr().expect("the port").port()
        );
        let (sender, receiver) = oneshot::channel();
        let sender = Arc::new(Mutex::new(Some(sender)));
        let base = origin.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                // One task a connection: browsers open connections they never send on.
                tokio::spawn(answer(stream, base.clone(), sender.clone()));
            }
        });
        Self {
            redirect_uri: format!("{origin}/callback"),
            callback: Some(receiver),
            task,
        }
    }

    /// Waits until the browser is back at the redirect URI; the full callback URL.
    async fn wait_for_callback(&mut self, browser: &Client) -> String {
        let receiver = self.callback.take().expect("one callback a listener");
        let callback = match tokio::time::timeout(STEP_TIMEOUT, receiver).await {
            Ok(Ok(callback)) => callback,
            _ => {
                let at = browser.current_url().await.map(|u| u.to_string());
                let alert = match browser.find(Locator::Css("[role=alert]")).await {
                    Ok(alert) => alert.text().await.ok(),
                    Err(_) => None,
                };
                panic!(
                    "the browser did not come back to the redirect URI within {STEP_TIMEOUT:?}; \
                     it is at {at:?}, the page says {alert:?}"
                )
            }
        };
        let landed = browser
            .wait()
            .at_most(STEP_TIMEOUT)
            .for_element(Locator::Id("callback-received"))
            .await
            .unwrap_or_else(|e| panic!("the browser shows the redirect listener's page: {e}"));
        assert_eq!(
            landed.text().await.expect("the page's text"),
            "Back at the TSP."
        );
        assert_eq!(
            browser
                .current_url()
                .await
                .expect("the browser's URL")
                .as_str(),
            callback,
            "the callback is where the browser is"
        );
        callback
    }
}

impl Drop for RedirectListener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

const CALLBACK_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>TSP</title></head><body><p id=\"callback-received\">Back at the TSP.</p></body></html>";

/// Answers one connection: the callback page for `GET /callback...` (the first one's URL goes
/// to the test), 404 for anything else (a favicon, say).
async fn answer(
    mut stream: TcpStream,
    origin: String,
    sender: Arc<Mutex<Option<oneshot::Sender<String>>>>,
) {
    let mut head = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    let read_head = async {
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return false,
                Ok(n) => head.extend_from_slice(&chunk[..n]),
            }
        }
        true
    };
    if !matches!(
        tokio::time::timeout(STEP_TIMEOUT, read_head).await,
        Ok(true)
    ) {
        return;
    }
    let head = String::from_utf8_lossy(&head);
    let mut request_line = head.lines().next().unwrap_or_default().split_whitespace();
    let (method, target) = (request_line.next(), request_line.next().unwrap_or("/"));
    let reply = if method == Some("GET")
        && (target == "/callback" || target.starts_with("/callback?"))
    {
        let taken = sender.lock().expect("the sender's lock").take();
        if let Some(sender) = taken {
            let _ = sender.send(format!("{origin}{target}"));
        }
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\
             cache-control: no-store\r\nconnection: close\r\n\r\n{CALLBACK_PAGE}",
            CALLBACK_PAGE.len()
        )
    } else {
        "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned()
    };
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}
