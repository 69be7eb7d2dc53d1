//! JETCO APIX: an application submitted with the applicant encrypted to
//! the bank's key and the body signed, followed through an information
//! request to its approval; replays; and each refusal.

use hkob_mock_bank::{ApplicationOutcome, ApplicationProgress, ApplicationStatus, InformationKind};
use serde_json::{Value, json};

use crate::support::Spec;
use crate::{
    Answer, CLIENT_ID, CLIENT_SECRET, Signer, applicant, enc_key, encrypt, encrypt_to_stranger,
    information_answer, mock, time_deposit,
};

struct Jetco {
    http: reqwest::Client,
    url: String,
    signer: Signer,
    spec: Spec,
}

impl Jetco {
    async fn get(&self, path: &str) -> Answer {
        let resp = self
            .http
            .get(format!("{}{path}", self.url))
            .header("x-ibm-client-id", CLIENT_ID)
            .header("x-ibm-client-secret", CLIENT_SECRET)
            .header("x-request-id", "req-1")
            .send()
            .await
            .expect("sent");
        Answer::read(resp).await
    }

    async fn post(&self, path: &str, key: &str, body: &Value, signature: Option<String>) -> Answer {
        let bytes = body.to_string();
        let sig = signature.unwrap_or_else(|| self.signer.sign(bytes.as_bytes()));
        let resp = self
            .http
            .post(format!("{}{path}", self.url))
            .header("x-ibm-client-id", CLIENT_ID)
            .header("x-ibm-client-secret", CLIENT_SECRET)
            .header("x-idempotency-key", key)
            .header("x-jws-signature", sig)
            .header("content-type", "application/json")
            .body(bytes)
            .send()
            .await
            .expect("sent");
        Answer::read(resp).await
    }

    fn check(&self, answer: &Answer, schema: &str) {
        self.spec.assert_valid(schema, &answer.body);
        assert!(answer.header("x-jws-signature").is_some(), "signed");
    }

    fn submission(&self, jwk: &Value, applicant: &Value) -> Value {
        let mut data = time_deposit();
        data["applicant"] = json!(encrypt(jwk, applicant));
        json!({ "data": data })
    }
}

async fn setup() -> (hkob_mock_bank::MockBank, Jetco, Value) {
    let (mock, signer) = mock(&["bea"]).await;
    let tsp = Jetco {
        http: crate::support::client(),
        url: mock.bank_url("bea").expect("bea"),
        signer,
        spec: Spec::load_file("phase2-jetco-apix.yaml"),
    };
    let keys = tsp.get("/applications/encryption-keys").await;
    assert_eq!(keys.status, 200);
    tsp.check(&keys, "Jwks");
    let list = keys.body["keys"].as_array().expect("keys");
    assert!(list.iter().any(|k| k["use"] == "sig"), "{list:?}");
    let jwk = enc_key(&keys.body);
    assert_eq!(jwk["alg"], "RSA-OAEP-256");
    (mock, tsp, jwk)
}

#[tokio::test]
async fn an_application_goes_through_an_information_request_to_approval() {
    let (mock, tsp, jwk) = setup().await;
    let bank = mock.bank("bea").expect("bea");
    bank.set_application_progress(
        ApplicationProgress::new(1, ApplicationOutcome::Approved)
            .with_information_request(InformationKind::AddressProof),
    );
    let body = tsp.submission(&jwk, &applicant());
    let created = tsp.post("/applications", "app-key-1", &body, None).await;
    assert_eq!(created.status, 201, "{}", created.body);
    tsp.check(&created, "ApplicationResponse");
    assert_eq!(created.body["data"]["status"], "Received");
    let id = created.body["data"]["applicationId"]
        .as_str()
        .expect("id")
        .to_owned();
    let taken = bank.application(&id).expect("taken");
    assert_eq!(taken.identity_document_number(), Some("A123456(3)"));
    assert_eq!(taken.product_code, "TD001");
    assert_eq!(taken.document["applicant"]["name"]["surname"], "CHAN");

    let replayed = tsp.post("/applications", "app-key-1", &body, None).await;
    assert_eq!(replayed.status, 201);
    assert_eq!(replayed.header("x-idempotent-replayed"), Some("true"));
    assert_eq!(replayed.body["data"]["applicationId"], id.as_str());
    assert_eq!(bank.application_ids().len(), 1);
    // The same application sealed again is the same request (a JWE differs on every send);
    // another applicant under the key is not.
    let resealed = tsp.submission(&jwk, &applicant());
    let replayed = tsp
        .post("/applications", "app-key-1", &resealed, None)
        .await;
    assert_eq!(replayed.status, 201);
    assert_eq!(replayed.body["data"]["applicationId"], id.as_str());
    let mut someone_else = applicant();
    someone_else["name"]["surname"] = json!("WONG");
    let other = tsp.submission(&jwk, &someone_else);
    let mismatch = tsp.post("/applications", "app-key-1", &other, None).await;
    assert_eq!(mismatch.status, 422);
    tsp.spec.assert_valid("ErrorResponse", &mismatch.body);

    let path = format!("/applications/{id}");
    let early =
        json!({ "data": { "requestId": "ir-01", "answer": encrypt(&jwk, &information_answer()) } });
    let refused = tsp
        .post(&format!("{path}/information"), "early", &early, None)
        .await;
    assert_eq!(refused.status, 409);
    tsp.check(&refused, "ErrorResponse");

    let mut statuses = Vec::new();
    for _ in 0..3 {
        let read = tsp.get(&path).await;
        assert_eq!(read.status, 200);
        tsp.check(&read, "ApplicationResponse");
        assert_eq!(read.header("x-request-id"), Some("req-1"));
        statuses.push(
            read.body["data"]["status"]
                .as_str()
                .expect("status")
                .to_owned(),
        );
        if read.body["data"]["status"] == "InformationRequired" {
            assert_eq!(
                read.body["data"]["informationRequests"][0]["kind"],
                "ADDRESS_PROOF"
            );
        }
    }
    assert_eq!(
        statuses,
        ["UnderReview", "InformationRequired", "InformationRequired"]
    );

    let mut for_another = information_answer();
    for_another["requestId"] = json!("ir-99");
    let unknown =
        json!({ "data": { "requestId": "ir-99", "answer": encrypt(&jwk, &for_another) } });
    let missing = tsp
        .post(&format!("{path}/information"), "unknown", &unknown, None)
        .await;
    assert_eq!(missing.status, 404);
    tsp.check(&missing, "ErrorResponse");
    // An answer sealed for another request is not taken for this one.
    let swapped =
        json!({ "data": { "requestId": "ir-01", "answer": encrypt(&jwk, &for_another) } });
    let refused = tsp
        .post(&format!("{path}/information"), "swapped", &swapped, None)
        .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    tsp.check(&refused, "ErrorResponse");
    assert!(
        refused.body.to_string().contains("answer.requestId"),
        "{}",
        refused.body
    );
    let answered = tsp
        .post(&format!("{path}/information"), "answer", &early, None)
        .await;
    assert_eq!(answered.status, 200, "{}", answered.body);
    tsp.check(&answered, "ApplicationResponse");
    assert_eq!(answered.body["data"]["status"], "UnderReview");
    assert_eq!(bank.application(&id).expect("taken").answers.len(), 1);

    let decided = tsp.get(&path).await;
    tsp.check(&decided, "ApplicationResponse");
    assert_eq!(decided.body["data"]["status"], "Approved");
    assert_eq!(
        decided.body["data"]["decision"]["approvedAmount"]["amount"],
        "250000.00"
    );
    assert_eq!(
        bank.application(&id).expect("taken").status,
        ApplicationStatus::Approved
    );
    let late = tsp
        .post(
            &format!("{path}/withdrawal"),
            "late",
            &json!({ "data": {} }),
            None,
        )
        .await;
    assert_eq!(late.status, 409);
    tsp.check(&late, "ErrorResponse");
    let unknown = tsp.get("/applications/app-nope").await;
    assert_eq!(unknown.status, 404);
    tsp.check(&unknown, "ErrorResponse");
}

#[tokio::test]
async fn a_withdrawal_before_the_decision_is_final() {
    let (_mock, tsp, jwk) = setup().await;
    let created = tsp
        .post(
            "/applications",
            "w-1",
            &tsp.submission(&jwk, &applicant()),
            None,
        )
        .await;
    let id = created.body["data"]["applicationId"]
        .as_str()
        .expect("id")
        .to_owned();
    let body = json!({ "data": { "reason": "Changed my mind." } });
    let withdrawn = tsp
        .post(
            &format!("/applications/{id}/withdrawal"),
            "w-2",
            &body,
            None,
        )
        .await;
    assert_eq!(withdrawn.status, 200);
    tsp.check(&withdrawn, "ApplicationResponse");
    assert_eq!(withdrawn.body["data"]["status"], "Withdrawn");
    let read = tsp.get(&format!("/applications/{id}")).await;
    assert_eq!(read.body["data"]["status"], "Withdrawn");
}

#[tokio::test]
async fn the_bank_refuses_bad_signatures_undecryptable_applicants_and_invalid_fields() {
    let (mock, tsp, jwk) = setup().await;
    let body = tsp.submission(&jwk, &applicant());
    let forged = tsp.signer.sign(b"another body");
    let bad = tsp.post("/applications", "s-1", &body, Some(forged)).await;
    assert_eq!(bad.status, 400);
    tsp.check(&bad, "ErrorResponse");
    assert!(
        bad.body["moreInformation"]
            .as_str()
            .expect("text")
            .contains("x-jws-signature")
    );

    let unsigned = tsp
        .http
        .post(format!("{}/applications", tsp.url))
        .header("x-ibm-client-id", CLIENT_ID)
        .header("x-ibm-client-secret", CLIENT_SECRET)
        .header("x-idempotency-key", "s-0")
        .body(body.to_string())
        .send()
        .await
        .expect("sent");
    let unsigned = Answer::read(unsigned).await;
    assert_eq!(unsigned.status, 400);
    tsp.check(&unsigned, "ErrorResponse");
    assert!(
        unsigned.body["moreInformation"]
            .as_str()
            .expect("text")
            .contains("required")
    );

    let mut stranger = body.clone();
    stranger["data"]["applicant"] = json!(encrypt_to_stranger(&applicant()));
    let undecryptable = tsp.post("/applications", "s-2", &stranger, None).await;
    assert_eq!(undecryptable.status, 400);
    tsp.check(&undecryptable, "ErrorResponse");
    assert_eq!(undecryptable.body["errors"][0]["field"], "applicant");
    assert!(
        undecryptable.body["moreInformation"]
            .as_str()
            .expect("text")
            .contains("decrypted")
    );

    let mut tampered = body.clone();
    let jwe = tampered["data"]["applicant"]
        .as_str()
        .expect("jwe")
        .to_owned();
    let (head, tag) = jwe.rsplit_once('.').expect("five parts");
    let rest = tag.get(1..).expect("a tag");
    let flipped = if tag.starts_with('A') {
        format!("B{rest}")
    } else {
        format!("A{rest}")
    };
    tampered["data"]["applicant"] = json!(format!("{head}.{flipped}"));
    let altered = tsp.post("/applications", "s-3", &tampered, None).await;
    assert_eq!(altered.status, 400);
    assert_eq!(altered.body["errors"][0]["field"], "applicant");

    let mut person = applicant();
    person["identityDocument"]["number"] = json!("A123456(4)");
    let invalid = tsp
        .post("/applications", "s-4", &tsp.submission(&jwk, &person), None)
        .await;
    assert_eq!(invalid.status, 400);
    tsp.check(&invalid, "ErrorResponse");
    assert_eq!(
        invalid.body["errors"][0]["field"],
        "applicant.identityDocument.number"
    );

    for (key, junk) in [
        ("s-5", json!("not an object")),
        ("s-6", json!({ "data": { "applicant": 7 } })),
    ] {
        let refused = tsp.post("/applications", key, &junk, None).await;
        assert_eq!(refused.status, 400);
        tsp.check(&refused, "ErrorResponse");
    }
    assert!(mock.bank("bea").expect("bea").application_ids().is_empty());
}
