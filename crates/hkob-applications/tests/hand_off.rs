//! The HSBC group's landing-page hand-off against the mock bank, with the form posted as a
//! browser without JavaScript would post it; and no personal data in the TRACE-level log of a
//! whole application's life.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hkob_applications::{
    Application, ApplicationAccess, ApplicationError, ApplicationOptions, ApplicationStatus,
    Consents, HandOffOutcome, InformationAnswer, ProductLimits, ProductType,
};
use hkob_banks::{BankCredentials, BankProfile};
use hkob_core::IdempotencyKey;
use hkob_core::signing::{SigningAlgorithm, SigningKey};
use hkob_mock_bank::{
    ApplicationOutcome, ApplicationProgress, InformationKind, JwsAlgorithm, JwsKey, MockBank,
    TspClient,
};

mod support;
use support::{applicant, today};

const RETURN: &str = "https://tsp.example/applied";

/// A mock bank that knows the TSP's signing key; the TSP's profile there and its private key.
async fn bank(bank: &str, progress: ApplicationProgress) -> (MockBank, BankProfile, SigningKey) {
    let pair = rcgen::KeyPair::generate().expect("a key");
    let public = JwsKey::from_pem(JwsAlgorithm::Es256, pair.public_key_pem().as_bytes()).unwrap();
    let mock = MockBank::builder()
        .seed(9)
        .banks([bank])
        .tsp_client(TspClient::new("ho-tsp", "ho-secret").with_signing_key(public))
        .application_progress(progress)
        .start()
        .await
        .expect("the mock bank starts");
    let mut profile = hkob_banks::mock_profiles_of(&mock, &[bank]).pop().unwrap();
    profile.credentials = BankCredentials::client_secret("ho-tsp", "ho-secret");
    let key =
        SigningKey::from_pem(SigningAlgorithm::Es256, pair.serialize_pem().as_bytes()).unwrap();
    (mock, profile, key)
}

async fn access(bank_id: &str, progress: ApplicationProgress) -> (MockBank, ApplicationAccess) {
    let (mock, profile, key) = bank(bank_id, progress).await;
    let access = ApplicationAccess::connect(profile, ApplicationOptions::new(key)).unwrap();
    (mock, access)
}

/// Posts the landing page's form as a browser would (the prefilled values, and the button),
/// and gives the redirect's target.
async fn post_form(page: &url::Url, action: &str) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let html = browser
        .get(page.clone())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("id=\"submit\"") && html.contains("id=\"cancel\""),
        "{html}"
    );
    // The prefill reached the form, decrypted by the bank.
    assert!(
        html.contains("A123456(3)") || html.contains("A1234563"),
        "prefilled: {html}"
    );
    let fields = [
        ("surname", "CHAN"),
        ("givenNames", "Tai Man"),
        ("idType", "HKID"),
        ("idNumber", "A123456(3)"),
        ("dateOfBirth", "1990-05-17"),
        ("nationality", "HK"),
        ("mobileNumber", "+852-91234567"),
        ("email", "tm.chan@example.com"),
        ("addressLine1", "Flat B, 20/F, Block 3"),
        ("district", "tuen-mun"),
        ("action", action),
    ];
    let answer = browser
        .post(page.clone())
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 303, "{action}");
    answer.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_customer_applies_on_the_landing_page_and_the_return_is_accepted_once() {
    let (_mock, hsbc) = access(
        "hsbc",
        ApplicationProgress::new(1, ApplicationOutcome::Approved),
    )
    .await;
    let prefill = applicant().build_on(today()).unwrap();
    let page = hsbc
        .open_landing_page(&ProductType::CreditCard, "CC-RED", RETURN, Some(&prefill))
        .await
        .expect("a landing page");
    assert_eq!(page.status, ApplicationStatus::AwaitingCustomer);
    let before = hsbc.status(&page.application_id).await.unwrap();
    assert_eq!(before.status, ApplicationStatus::AwaitingCustomer);

    let back = post_form(&page.url, "submit").await;
    assert!(back.starts_with(RETURN), "{back}");
    let (outcome, record) = hsbc.complete_landing_page(&back).await.expect("completed");
    assert_eq!(outcome, HandOffOutcome::Submitted);
    assert_eq!(record.id, page.application_id);
    let replayed = hsbc
        .complete_landing_page(&back)
        .await
        .expect_err("used once");
    assert!(
        matches!(replayed, ApplicationError::UnknownHandOff),
        "{replayed}"
    );
    let decided = hsbc
        .wait(&page.application_id, Duration::from_secs(20))
        .await
        .unwrap();
    assert_eq!(decided.status, ApplicationStatus::Approved);
}

#[tokio::test]
async fn a_customer_who_leaves_the_page_comes_back_cancelled_and_a_forged_return_is_refused() {
    let (_mock, hsbc) = access("hangseng", ApplicationProgress::default()).await;
    let prefill = applicant().build_on(today()).unwrap();
    let page = hsbc
        .open_landing_page(
            &ProductType::SavingsAccount,
            "SAV-1",
            RETURN,
            Some(&prefill),
        )
        .await
        .unwrap();
    let back = post_form(&page.url, "cancel").await;
    // A return whose state was never issued, and one naming another application.
    let forged = back.replace("state=", "state=x");
    assert!(matches!(
        hsbc.complete_landing_page(&forged).await,
        Err(ApplicationError::UnknownHandOff)
    ));
    let swapped = back.replace(
        &format!("application_id={}", page.application_id),
        "application_id=app-other",
    );
    assert!(matches!(
        hsbc.complete_landing_page(&swapped).await,
        Err(ApplicationError::InvalidReturn(_))
    ));
    // The swapped return used the state up, as any return does: the customer must start again.
    let page = hsbc
        .open_landing_page(&ProductType::SavingsAccount, "SAV-1", RETURN, None)
        .await
        .unwrap();
    let back = post_form_without_prefill(&page.url).await;
    let (outcome, record) = hsbc.complete_landing_page(&back).await.expect("completed");
    assert_eq!(outcome, HandOffOutcome::Cancelled);
    assert_eq!(record.status, ApplicationStatus::Cancelled);
}

async fn post_form_without_prefill(page: &url::Url) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = browser
        .post(page.clone())
        .form(&[("action", "cancel")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 303);
    answer.headers()["location"].to_str().unwrap().to_owned()
}

/// Everything the subscriber writes, kept.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn no_personal_data_reaches_the_log_at_trace_level() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let progress = ApplicationProgress::new(1, ApplicationOutcome::Approved)
        .with_information_request(InformationKind::Document);
    let (_mock, bea) = access("bea", progress).await;
    let application = Application::builder("CC-1", hkob_applications::CreditCard::new())
        .applicant(applicant())
        .consents(Consents::new(true, false))
        .limits(ProductLimits::none())
        .build_on(today())
        .unwrap();
    tracing::info!(?application, "about to apply");
    let record = bea
        .submit(&application, &IdempotencyKey::random())
        .await
        .unwrap();
    let asked = bea.wait(&record.id, Duration::from_secs(20)).await.unwrap();
    let request = asked.information_requests.first().unwrap().clone();
    let answer = InformationAnswer::text(&request.id, "Employed at Example Trading since 2019");
    tracing::info!(?answer, "answering");
    bea.supply_information(&record.id, &answer).await.unwrap();
    bea.wait(&record.id, Duration::from_secs(20)).await.unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("application submitted"),
        "the log was captured: {log}"
    );
    for personal in [
        "A1234563",
        "A123456",
        "91234567",
        "tm.chan",
        "CHAN",
        "Tai Man",
        "陳大文",
        "Tai Hing",
        "Block 3",
        "1990-05-17",
        "Example Trading",
        "38000",
    ] {
        assert!(
            !log.contains(personal),
            "`{personal}` is in the log:\n{log}"
        );
    }
}

#[tokio::test]
async fn a_return_is_accepted_by_another_process_sharing_the_store_and_only_once() {
    use hkob_applications::BackendHandOffStore;
    use hkob_core::store::{LookupKey, SealedBackend, SealingKey, SealingKeys, StateBackend};

    let (_mock, profile, key) = bank("hsbc", ApplicationProgress::default()).await;
    let dir = std::env::temp_dir().join(format!(
        "hkob-hand-off-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.db");
    let keys = || {
        SealingKeys::new(
            LookupKey::from_hex(&"0b".repeat(32)).unwrap(),
            SealingKey::from_hex(1, &"7e".repeat(32)).unwrap(),
        )
    };
    // Two processes: each opens the file on its own.
    let mut instances = Vec::new();
    for _ in 0..2 {
        let sqlite = hkob_store::SqliteBackend::open(&file)
            .await
            .expect("the store");
        let backend: Arc<dyn StateBackend> = Arc::new(SealedBackend::new(sqlite, keys()));
        let options = ApplicationOptions::new(key.clone())
            .hand_off_store(Arc::new(BackendHandOffStore::new(backend)));
        instances.push(ApplicationAccess::connect(profile.clone(), options).unwrap());
    }
    let page = instances[0]
        .open_landing_page(&ProductType::CreditCard, "CC-RED", RETURN, None)
        .await
        .expect("a landing page");
    let back = post_form_without_prefill(&page.url).await;
    let (outcome, record) = instances[1]
        .complete_landing_page(&back)
        .await
        .expect("completed by the other process");
    assert_eq!(outcome, HandOffOutcome::Cancelled);
    assert_eq!(record.id, page.application_id);
    for instance in &instances {
        let replayed = instance
            .complete_landing_page(&back)
            .await
            .expect_err("used once");
        assert!(
            matches!(replayed, ApplicationError::UnknownHandOff),
            "{replayed}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
