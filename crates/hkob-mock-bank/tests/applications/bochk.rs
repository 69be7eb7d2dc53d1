//! BOCHK group: a wrapped application (the whole document a JWE to the
//! bank's key, its SHA-256 checksum, the TSP's detached JWS over the
//! token), enquired to its decision with a supplement on the way; replays;
//! and each refusal.

use hkob_mock_bank::{ApplicationOutcome, ApplicationProgress, InformationKind};
use serde_json::{Value, json};

use crate::support::Spec;
use crate::{
    Answer, CLIENT_ID, CLIENT_SECRET, Signer, applicant, enc_key, encrypt, encrypt_to_stranger,
    information_answer, mock, time_deposit,
};

struct Bochk {
    http: reqwest::Client,
    url: String,
    token: String,
    signer: Signer,
    spec: Spec,
}

impl Bochk {
    async fn post(&self, path: &str, key: Option<&str>, body: &Value) -> Answer {
        let mut req = self
            .http
            .post(format!("{}{path}", self.url))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(key) = key {
            req = req.header("x-idempotency-key", key);
        }
        Answer::read(req.send().await.expect("sent")).await
    }

    fn wrap(&self, jwk: &Value, plain: &Value) -> Value {
        let token = encrypt(jwk, plain);
        let sum = ring::digest::digest(&ring::digest::SHA256, plain.to_string().as_bytes());
        let checksum: String = sum.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        let digest = self.signer.sign(token.as_bytes());
        json!({ "token": token, "checksum": checksum, "digest": digest })
    }

    fn check(&self, answer: &Answer, schema: &str) {
        self.spec.assert_valid(schema, &answer.body);
    }
}

fn document() -> Value {
    let mut doc = time_deposit();
    doc["applicant"] = applicant();
    doc
}

async fn setup() -> (hkob_mock_bank::MockBank, Bochk, Value) {
    let (mock, signer) = mock(&["bochk"]).await;
    let url = mock.bank_url("bochk").expect("bochk");
    let http = crate::support::client();
    let resp = http
        .post(format!("{url}/auth/oauth/v2/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), 200);
    let token: Value = resp.json().await.expect("json");
    let tsp = Bochk {
        http,
        url,
        token: token["access_token"].as_str().expect("token").to_owned(),
        signer,
        spec: Spec::load_file("phase2-bochk-group.yaml"),
    };
    let keys = tsp.post("/application/keys/v1", None, &json!({})).await;
    assert_eq!(keys.status, 200, "{}", keys.body);
    tsp.check(&keys, "Jwks");
    let jwk = enc_key(&keys.body);
    (mock, tsp, jwk)
}

#[tokio::test]
async fn a_wrapped_application_is_supplemented_and_rejected() {
    let (mock, tsp, jwk) = setup().await;
    let bank = mock.bank("bochk").expect("bochk");
    bank.set_application_progress(
        ApplicationProgress::new(2, ApplicationOutcome::Declined)
            .with_information_request(InformationKind::IncomeProof),
    );
    let body = tsp.wrap(&jwk, &document());
    let taken = tsp.post("/application/submit/v1", Some("b-1"), &body).await;
    assert_eq!(taken.status, 200, "{}", taken.body);
    tsp.check(&taken, "ApplicationStatus");
    assert_eq!(taken.body["statusCode"], "RCVD");
    let id = taken.body["applicationId"].as_str().expect("id").to_owned();
    let received = bank.application(&id).expect("taken");
    assert_eq!(received.identity_document_number(), Some("A123456(3)"));
    assert_eq!(received.product_type, "time-deposit");

    let again = tsp.post("/application/submit/v1", Some("b-1"), &body).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.header("x-idempotent-replayed"), Some("true"));
    assert_eq!(again.body["applicationId"], id.as_str());
    // The same document sealed again is the same request; another document is not.
    let resealed = tsp.wrap(&jwk, &document());
    let replayed = tsp
        .post("/application/submit/v1", Some("b-1"), &resealed)
        .await;
    assert_eq!(replayed.status, 200);
    assert_eq!(replayed.body["applicationId"], id.as_str());
    let mut another = document();
    another["productCode"] = json!("TD002");
    let other = tsp.wrap(&jwk, &another);
    let mismatch = tsp
        .post("/application/submit/v1", Some("b-1"), &other)
        .await;
    assert_eq!(mismatch.status, 422);
    tsp.check(&mismatch, "ErrorResponse");

    let enquiry = json!({ "applicationId": id });
    let mut codes = Vec::new();
    for _ in 0..5 {
        let read = tsp.post("/application/enquiry/v1", None, &enquiry).await;
        assert_eq!(read.status, 200);
        tsp.check(&read, "ApplicationStatus");
        codes.push(read.body["statusCode"].as_str().expect("code").to_owned());
    }
    assert_eq!(codes, ["RCVD", "PROC", "PROC", "PEND", "PEND"]);

    let mut supplement = information_answer();
    supplement["applicationId"] = json!(id);
    let answered = tsp
        .post(
            "/application/supplement/v1",
            Some("b-2"),
            &tsp.wrap(&jwk, &supplement),
        )
        .await;
    assert_eq!(answered.status, 200, "{}", answered.body);
    tsp.check(&answered, "ApplicationStatus");
    assert_eq!(answered.body["statusCode"], "PROC");
    let again = tsp
        .post(
            "/application/supplement/v1",
            Some("b-3"),
            &tsp.wrap(&jwk, &supplement),
        )
        .await;
    assert_eq!(again.status, 409);
    tsp.check(&again, "ErrorResponse");
    for _ in 0..2 {
        tsp.post("/application/enquiry/v1", None, &enquiry).await;
    }
    let decided = tsp.post("/application/enquiry/v1", None, &enquiry).await;
    tsp.check(&decided, "ApplicationStatus");
    assert_eq!(decided.body["statusCode"], "REJT");
    assert!(decided.body["decision"]["approvedAmount"].is_null());
    let late = tsp
        .post(
            "/application/withdrawal/v1",
            Some("b-4"),
            &json!({ "applicationId": id }),
        )
        .await;
    assert_eq!(late.status, 409);
    tsp.check(&late, "ErrorResponse");
    let unknown = tsp
        .post(
            "/application/enquiry/v1",
            None,
            &json!({ "applicationId": "nope" }),
        )
        .await;
    assert_eq!(unknown.status, 404);
    tsp.check(&unknown, "ErrorResponse");
}

#[tokio::test]
async fn bad_checksums_digests_tokens_and_fields_are_refused() {
    let (mock, tsp, jwk) = setup().await;
    let good = tsp.wrap(&jwk, &document());

    let mut bad_sum = good.clone();
    bad_sum["checksum"] = json!("0".repeat(64));
    let refused = tsp
        .post("/application/submit/v1", Some("n-1"), &bad_sum)
        .await;
    assert_eq!(refused.status, 400);
    tsp.check(&refused, "ErrorResponse");
    assert_eq!(refused.body["errors"][0]["field"], "checksum");

    let mut bad_digest = good.clone();
    bad_digest["digest"] = json!(tsp.signer.sign(b"another token"));
    let refused = tsp
        .post("/application/submit/v1", Some("n-2"), &bad_digest)
        .await;
    assert_eq!(refused.status, 400);
    tsp.check(&refused, "ErrorResponse");
    assert_eq!(refused.body["errors"][0]["field"], "digest");

    let mut stranger = good.clone();
    stranger["token"] = json!(encrypt_to_stranger(&document()));
    let refused = tsp
        .post("/application/submit/v1", Some("n-3"), &stranger)
        .await;
    assert_eq!(refused.status, 400);
    tsp.check(&refused, "ErrorResponse");
    assert_eq!(refused.body["errors"][0]["field"], "token");
    assert!(
        refused.body["ErrorMsg"]
            .as_str()
            .expect("text")
            .contains("decrypted")
    );

    let mut doc = document();
    doc["applicant"]["identityDocument"]["number"] = json!("Z999999(9)");
    doc["applicant"]["residentialAddress"]["district"] = json!("central-and-western");
    let refused = tsp
        .post("/application/submit/v1", Some("n-4"), &tsp.wrap(&jwk, &doc))
        .await;
    assert_eq!(refused.status, 400);
    tsp.check(&refused, "ErrorResponse");
    let fields: Vec<&str> = refused.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "applicant.identityDocument.number",
            "applicant.residentialAddress.district"
        ]
    );

    let junk = json!({ "token": "a.b.c.d.e", "checksum": 7 });
    let refused = tsp.post("/application/submit/v1", Some("n-5"), &junk).await;
    assert_eq!(refused.status, 400);
    tsp.check(&refused, "ErrorResponse");
    let unauthorised = crate::support::client()
        .post(format!("{}/application/enquiry/v1", tsp.url))
        .body("{}")
        .send()
        .await
        .expect("sent");
    assert_eq!(unauthorised.status(), 401);
    assert!(
        mock.bank("bochk")
            .expect("bochk")
            .application_ids()
            .is_empty()
    );
}
