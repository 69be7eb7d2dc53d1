//! Applications end to end against the mock bank, in each dialect: submitted once, followed,
//! asked for more, decided; refused when the signature or the encryption is wrong.

use std::time::Duration;

use hkob_applications::{
    Application, ApplicationAccess, ApplicationError, ApplicationOptions, ApplicationStatus,
    BankEncryptionKey, Consents, InformationAnswer, ProductDetails, ProductLimits,
};
use hkob_banks::{BankCredentials, BankProfile};
use hkob_core::IdempotencyKey;
use hkob_core::signing::{SigningAlgorithm, SigningKey};
use hkob_mock_bank::{
    ApplicationOutcome, ApplicationProgress, InformationKind, JwsAlgorithm, JwsKey, MockBank,
    TspClient,
};

mod support;
use support::{applicant, every_product, today};

const CLIENT: &str = "applicant-tsp";
const SECRET: &str = "applicant-tsp-secret";
const WAIT: Duration = Duration::from_secs(20);

/// A mock bank that knows the TSP's signing key, and the TSP's private key.
async fn mock(progress: ApplicationProgress) -> (MockBank, SigningKey) {
    let pair = rcgen::KeyPair::generate().expect("a key");
    let public = JwsKey::from_pem(JwsAlgorithm::Es256, pair.public_key_pem().as_bytes())
        .expect("a public key");
    let mock = MockBank::builder()
        .seed(7)
        .banks(["bea", "bochk", "hsbc"])
        .tsp_client(TspClient::new(CLIENT, SECRET).with_signing_key(public))
        .application_progress(progress)
        .start()
        .await
        .expect("the mock bank starts");
    let key = SigningKey::from_pem(SigningAlgorithm::Es256, pair.serialize_pem().as_bytes())
        .expect("a signing key");
    (mock, key)
}

fn profile(mock: &MockBank, bank: &str) -> BankProfile {
    let mut profile = hkob_banks::mock_profiles_of(mock, &[bank])
        .pop()
        .expect("a profile");
    profile.credentials = BankCredentials::client_secret(CLIENT, SECRET);
    profile
}

fn access(mock: &MockBank, bank: &str, key: &SigningKey) -> ApplicationAccess {
    ApplicationAccess::connect(profile(mock, bank), ApplicationOptions::new(key.clone()))
        .expect("access")
}

fn application(details: impl Into<ProductDetails>) -> Application {
    Application::builder("PRODUCT-1", details)
        .applicant(applicant())
        .consents(Consents::new(true, false))
        .limits(ProductLimits::none())
        .build_on(today())
        .expect("a valid application")
}

#[tokio::test]
async fn every_product_is_applied_for_by_api_and_approved_at_jetco_and_bochk() {
    let (mock, key) = mock(ApplicationProgress::new(1, ApplicationOutcome::Approved)).await;
    for bank in ["bea", "bochk"] {
        let access = access(&mock, bank, &key);
        for (kind, details) in every_product() {
            let record = access
                .submit(&application(details), &IdempotencyKey::random())
                .await
                .unwrap_or_else(|e| panic!("{bank} {kind:?}: {e}"));
            assert_eq!(
                record.status,
                ApplicationStatus::Received,
                "{bank} {kind:?}"
            );
            // The bank really decrypted what was sent.
            let received = mock
                .bank(bank)
                .and_then(|b| b.application(&record.id))
                .expect("the bank has it");
            assert_eq!(received.identity_document_number(), Some("A1234563"));
            assert_eq!(received.product_type, kind.as_str());
            let decided = access.wait(&record.id, WAIT).await.expect("decided");
            assert_eq!(
                decided.status,
                ApplicationStatus::Approved,
                "{bank} {kind:?}"
            );
            assert!(decided.decision.is_some());
        }
    }
}

#[tokio::test]
async fn more_information_is_answered_and_the_application_is_declined() {
    let progress = ApplicationProgress::new(1, ApplicationOutcome::Declined)
        .with_information_request(InformationKind::IncomeProof);
    let (mock, key) = mock(progress).await;
    for bank in ["bea", "bochk"] {
        let access = access(&mock, bank, &key);
        let card = hkob_applications::CreditCard::new();
        let record = access
            .submit(&application(card), &IdempotencyKey::random())
            .await
            .expect("submitted");
        let asked = access.wait(&record.id, WAIT).await.expect("asked");
        assert_eq!(
            asked.status,
            ApplicationStatus::InformationRequired,
            "{bank}"
        );
        let request = asked
            .information_requests
            .first()
            .expect("a request")
            .clone();
        assert_eq!(request.kind.as_str(), "INCOME_PROOF");
        let answer = InformationAnswer::text(&request.id, "Salary HKD 38,000 a month")
            .with_document(
                "payslip.pdf",
                "application/pdf",
                b"%PDF-1.4 payslip".to_vec(),
            );
        access
            .supply_information(&record.id, &answer)
            .await
            .expect("answered");
        let received = mock
            .bank(bank)
            .and_then(|b| b.application(&record.id))
            .expect("held");
        let text = received
            .answers
            .first()
            .map(|a| a.to_string())
            .unwrap_or_default();
        assert!(
            text.contains("Salary HKD 38,000"),
            "{bank}: the bank decrypted the answer"
        );
        let decided = access.wait(&record.id, WAIT).await.expect("decided");
        assert_eq!(decided.status, ApplicationStatus::Declined, "{bank}");
        // Decided: too late to withdraw.
        let late = access
            .withdraw(&record.id, None)
            .await
            .expect_err("decided already");
        assert_eq!(status(&late), Some(409), "{bank}: {late}");
    }
}

#[tokio::test]
async fn follow_yields_each_change_once_through_a_request_for_more_to_the_decision() {
    use futures_util::StreamExt;

    let progress = ApplicationProgress::new(2, ApplicationOutcome::Approved)
        .with_information_request(InformationKind::AddressProof);
    let (mock, key) = mock(progress).await;
    for bank in ["bea", "bochk"] {
        let access = access(&mock, bank, &key);
        let record = access
            .submit(
                &application(hkob_applications::CreditCard::new()),
                &IdempotencyKey::random(),
            )
            .await
            .expect("submitted");
        let mut statuses = access.follow(&record.id);
        let mut seen = Vec::new();
        while let Some(next) = tokio::time::timeout(WAIT, statuses.next())
            .await
            .expect("a change within the wait")
        {
            let next = next.expect("read");
            if next.status == ApplicationStatus::InformationRequired {
                let request = next.information_requests.first().expect("a request");
                access
                    .supply_information(&record.id, &InformationAnswer::text(&request.id, "Sent."))
                    .await
                    .expect("answered");
            }
            seen.push(next.status);
        }
        assert!(
            seen.windows(2).all(|w| w[0] != w[1]),
            "{bank}: each change once: {seen:?}"
        );
        let asked = seen
            .iter()
            .position(|s| *s == ApplicationStatus::InformationRequired)
            .unwrap_or_else(|| panic!("{bank}: asked for more: {seen:?}"));
        assert_eq!(
            seen.last(),
            Some(&ApplicationStatus::Approved),
            "{bank}: {seen:?}"
        );
        assert!(
            asked + 1 < seen.len(),
            "{bank}: went on after the answer: {seen:?}"
        );
        assert!(
            statuses.next().await.is_none(),
            "{bank}: ended at the decision"
        );
    }
}

#[tokio::test]
async fn a_duplicate_submission_with_the_same_key_gives_the_same_application() {
    let (mock, key) = mock(ApplicationProgress::default()).await;
    for bank in ["bea", "bochk"] {
        let access = access(&mock, bank, &key);
        let application = application(hkob_applications::SavingsAccount::new(
            hkob_core::Currency::HKD,
        ));
        let idempotency = IdempotencyKey::new(format!("dup-{bank}-0001")).unwrap();
        let first = access
            .submit(&application, &idempotency)
            .await
            .expect("first");
        let again = access
            .submit(&application, &idempotency)
            .await
            .expect("again");
        assert_eq!(first.id, again.id, "{bank}");
        let held = mock
            .bank(bank)
            .map(|b| b.application_ids())
            .unwrap_or_default();
        assert_eq!(held.len(), 1, "{bank}: one application, not two");
        // A different application under the same key is refused, not taken.
        let other = application_for_other_product();
        let refused = access
            .submit(&other, &idempotency)
            .await
            .expect_err("refused");
        assert_eq!(status(&refused), Some(422), "{bank}: {refused}");
    }
}

fn application_for_other_product() -> Application {
    application(hkob_applications::CreditCard::new())
}

fn status(error: &ApplicationError) -> Option<u16> {
    match error {
        ApplicationError::Request(e) => e.status().map(|s| s.as_u16()),
        _ => None,
    }
}

#[tokio::test]
async fn withdrawal_before_a_decision() {
    let (mock, key) = mock(ApplicationProgress::new(50, ApplicationOutcome::Approved)).await;
    for bank in ["bea", "bochk"] {
        let access = access(&mock, bank, &key);
        let record = access
            .submit(
                &application(hkob_applications::CreditCard::new()),
                &IdempotencyKey::random(),
            )
            .await
            .expect("submitted");
        let withdrawn = access
            .withdraw(&record.id, Some("The customer changed their mind"))
            .await
            .expect("withdrawn");
        assert_eq!(withdrawn.status, ApplicationStatus::Withdrawn, "{bank}");
        assert!(access.status(&record.id).await.unwrap().status.is_final());
    }
}

#[tokio::test]
async fn a_request_signed_with_another_key_is_refused() {
    let (mock, _lodged) = mock(ApplicationProgress::default()).await;
    let other = rcgen::KeyPair::generate().unwrap();
    let other =
        SigningKey::from_pem(SigningAlgorithm::Es256, other.serialize_pem().as_bytes()).unwrap();
    for bank in ["bea", "bochk"] {
        let access = access(&mock, bank, &other);
        let refused = access
            .submit(
                &application(hkob_applications::CreditCard::new()),
                &IdempotencyKey::random(),
            )
            .await
            .expect_err("a signature the bank cannot verify");
        assert_eq!(status(&refused), Some(400), "{bank}: {refused}");
        assert!(
            mock.bank(bank).unwrap().application_ids().is_empty(),
            "{bank}"
        );
    }
}

#[tokio::test]
async fn an_answer_without_the_banks_good_signature_is_refused_and_a_resend_loses_nothing() {
    use hkob_core::error::AuthErrorKind;
    use hkob_mock_bank::Misbehaviour;

    let (mock, key) = mock(ApplicationProgress::default()).await;
    let signature_refused = |e: &ApplicationError| match e {
        ApplicationError::Request(hkob_core::Error::Auth(a)) => {
            a.kind() == AuthErrorKind::InvalidSignature
        }
        _ => false,
    };
    for misbehaviour in [
        Misbehaviour::PaymentSignatureTampered,
        Misbehaviour::PaymentSignatureWrongKid,
        Misbehaviour::PaymentSignatureUnknownCrit,
        Misbehaviour::PaymentSignatureMissing,
    ] {
        // JETCO APIX: the bank took the application, but its answer is not believed; sent again
        // with the same key once the bank signs properly, it is the same application.
        let bea = access(&mock, "bea", &key);
        let auth = mock.bank("bea").unwrap().auth_server().unwrap().clone();
        let before = mock.bank("bea").unwrap().application_ids().len();
        let idempotency = IdempotencyKey::random();
        let form = application(hkob_applications::CreditCard::new());
        auth.set_misbehaviour(misbehaviour);
        let refused = bea
            .submit(&form, &idempotency)
            .await
            .expect_err("an unsigned or badly signed answer");
        assert!(signature_refused(&refused), "{misbehaviour:?}: {refused:?}");
        auth.clear_misbehaviours();
        let record = bea.submit(&form, &idempotency).await.expect("signed");
        assert_eq!(
            mock.bank("bea").unwrap().application_ids().len(),
            before + 1,
            "{misbehaviour:?}: one application, not two"
        );
        assert_eq!(bea.status(&record.id).await.unwrap().id, record.id);

        // The HSBC group: the landing page's answer is checked the same way.
        let hsbc = access(&mock, "hsbc", &key);
        let auth = mock.bank("hsbc").unwrap().auth_server().unwrap().clone();
        auth.set_misbehaviour(misbehaviour);
        let refused = hsbc
            .open_landing_page(
                &hkob_applications::ProductType::CreditCard,
                "CARD-1",
                "https://tsp.example/back",
                None,
            )
            .await
            .expect_err("an unsigned or badly signed answer");
        assert!(signature_refused(&refused), "{misbehaviour:?}: {refused:?}");
        auth.clear_misbehaviours();
    }
}

#[tokio::test]
async fn a_payload_encrypted_to_another_key_is_refused() {
    let (mock, key) = mock(ApplicationProgress::default()).await;
    // The key of another bank: well-formed, but not this bank's.
    let hsbc_key = mock
        .bank("hsbc")
        .and_then(|b| b.encryption_jwk())
        .expect("a key");
    let mut stranger = hsbc_key.clone();
    for bank in ["bea", "bochk"] {
        // Keep the bank's own kid, so only the decryption can tell.
        let own = mock
            .bank(bank)
            .and_then(|b| b.encryption_jwk())
            .expect("a key");
        stranger["kid"] = own["kid"].clone();
        let options = ApplicationOptions::new(key.clone())
            .encryption_key(BankEncryptionKey::from_jwk(&stranger).expect("usable"));
        let access = ApplicationAccess::connect(profile(&mock, bank), options).unwrap();
        let refused = access
            .submit(
                &application(hkob_applications::CreditCard::new()),
                &IdempotencyKey::random(),
            )
            .await
            .expect_err("undecryptable");
        assert_eq!(status(&refused), Some(400), "{bank}: {refused}");
        let fields: Vec<String> = refused
            .bank_field_errors()
            .iter()
            .map(|(f, _)| f.to_string())
            .collect();
        assert!(
            fields.iter().any(|f| f == "applicant" || f == "token"),
            "{bank}: {fields:?} {refused}"
        );
        assert!(mock.bank(bank).unwrap().application_ids().is_empty());
    }
}

#[tokio::test]
async fn landing_page_banks_take_no_application_by_api_and_the_others_open_no_page() {
    let (mock, key) = mock(ApplicationProgress::default()).await;
    let hsbc = access(&mock, "hsbc", &key);
    let refused = hsbc
        .submit(
            &application(hkob_applications::CreditCard::new()),
            &IdempotencyKey::random(),
        )
        .await
        .expect_err("not by API");
    assert!(
        matches!(refused, ApplicationError::NotOffered { .. }),
        "{refused}"
    );
    let bea = access(&mock, "bea", &key);
    let refused = bea
        .open_landing_page(
            &hkob_applications::ProductType::CreditCard,
            "CC",
            "https://tsp.example/back",
            None,
        )
        .await
        .expect_err("no landing page");
    assert!(
        matches!(refused, ApplicationError::NotOffered { .. }),
        "{refused}"
    );
}

#[tokio::test]
async fn a_client_that_skips_the_checks_gets_the_banks_400_with_the_fields() {
    use hkob_applications::generated::jetco_apix::{operations, types};
    let (mock, key) = mock(ApplicationProgress::default()).await;
    // An applicant with a wrong HKID check digit, sent without hkob's checks.
    let mut applicant = serde_json::to_value(applicant().build_on(today()).unwrap()).unwrap();
    applicant["identityDocument"]["number"] = "A1234564".into();
    let public = mock.bank("bea").and_then(|b| b.encryption_jwk()).unwrap();
    let token = raw_encrypt(&public, &applicant);
    let body: types::ApplicationRequest = serde_json::from_value(serde_json::json!({
        "data": {
            "productType": "credit-card",
            "productCode": "CC-1",
            "applicant": token,
            "details": {"creditCard": {}},
            "consents": {"personalDataCollection": true, "marketing": false}
        }
    }))
    .unwrap();
    let client = profile(&mock, "bea")
        .client_builder(&hkob_banks::AuthScheme::HeaderPair {
            id_header: "X-IBM-Client-Id",
            secret_header: "X-IBM-Client-Secret",
        })
        .unwrap()
        .signer(hkob_core::signing::DetachedJws::new(key))
        .build()
        .unwrap();
    let error = operations::CreateApplication::new(body)
        .to_request()
        .idempotency_key("raw-0001");
    let error = client
        .execute(error)
        .await
        .expect_err("the bank refuses it");
    let hkob_core::Error::Api(api) = &error else {
        panic!("{error}")
    };
    assert_eq!(api.status().as_u16(), 400);
    assert!(
        api.field_errors()
            .iter()
            .any(|f| f.path.as_deref() == Some("applicant.identityDocument.number")),
        "{:?}",
        api.field_errors()
    );
}

/// Encrypts with josekit directly, as a client without hkob's checks would.
fn raw_encrypt(jwk: &serde_json::Value, value: &serde_json::Value) -> String {
    let serde_json::Value::Object(map) = jwk.clone() else {
        panic!("a JWK object")
    };
    let jwk = josekit::jwk::Jwk::from_map(map).unwrap();
    let encrypter = josekit::jwe::RSA_OAEP_256.encrypter_from_jwk(&jwk).unwrap();
    let mut header = josekit::jwe::JweHeader::new();
    header.set_content_encryption("A256GCM");
    if let Some(kid) = jwk.key_id() {
        header.set_key_id(kid);
    }
    josekit::jwe::serialize_compact(value.to_string().as_bytes(), &header, &encrypter).unwrap()
}
