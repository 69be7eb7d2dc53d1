//! HSBC group: the landing-page hand-off with a prefill encrypted to the
//! bank's key; the page's HTML round trip over plain HTTP (GET the form,
//! POST it, follow the redirect's Location); the application then read to
//! its decision; a cancelled page; a used page; and the refusals.

use hkob_mock_bank::{ApplicationOutcome, ApplicationProgress, InformationKind};
use serde_json::{Value, json};

use crate::support::Spec;
use crate::{
    Answer, CLIENT_ID, CLIENT_SECRET, Signer, applicant, enc_key, encrypt, encrypt_to_stranger,
    information_answer, mock,
};

const BASE: &str = "/open-banking/v1.0/applications";
const RETURN: &str = "https://tsp.example/return?from=bank";

struct Hsbc {
    http: reqwest::Client,
    url: String,
    signer: Signer,
    spec: Spec,
}

impl Hsbc {
    async fn get(&self, path: &str) -> Answer {
        let resp = self
            .http
            .get(format!("{}{BASE}{path}", self.url))
            .header("ClientID", CLIENT_ID)
            .header("ClientSecret", CLIENT_SECRET)
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
            .post(format!("{}{BASE}{path}", self.url))
            .header("ClientID", CLIENT_ID)
            .header("ClientSecret", CLIENT_SECRET)
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
}

/// A browser that does not follow redirects.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn setup() -> (hkob_mock_bank::MockBank, Hsbc, Value) {
    let (mock, signer) = mock(&["hsbc"]).await;
    let tsp = Hsbc {
        http: crate::support::client(),
        url: mock.bank_url("hsbc").expect("hsbc"),
        signer,
        spec: Spec::load_file("phase2-hsbc-group.yaml"),
    };
    let keys = tsp.get("/encryption-keys").await;
    assert_eq!(keys.status, 200, "{}", keys.body);
    tsp.check(&keys, "Jwks");
    let jwk = enc_key(&keys.body);
    (mock, tsp, jwk)
}

fn landing(prefill: Option<String>) -> Value {
    let mut data = json!({
        "ProductType": "credit-card",
        "ProductIdentifier": "CC-PLAT-01",
        "ReturnURL": RETURN,
        "State": "state-12345678",
    });
    if let Some(p) = prefill {
        data["Prefill"] = json!(p);
    }
    json!({ "Data": data })
}

/// The value attribute of the input `id` in `html`.
fn value_of(html: &str, id: &str) -> String {
    let at = html.find(&format!("id=\"{id}\"")).expect("the input");
    let rest = &html[at..];
    let start = rest.find("value=\"").expect("a value") + 7;
    let end = rest[start..].find('"').expect("closed");
    rest[start..start + end].to_owned()
}

fn form(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("surname", "CHAN"),
        ("givenNames", "Tai Man"),
        ("idType", "HKID"),
        ("idNumber", "A123456(3)"),
        ("dateOfBirth", "1990-01-01"),
        ("nationality", "HK"),
        ("mobileNumber", "+852-91234567"),
        ("email", "chan@example.com"),
        ("addressLine1", "1 Example Road"),
        ("district", "eastern"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (k, v) in extra {
        fields.retain(|(name, _)| name != k);
        fields.push(((*k).to_owned(), (*v).to_owned()));
    }
    fields
}

#[tokio::test]
async fn the_landing_page_round_trip_submits_an_application_that_is_then_approved() {
    let (mock, tsp, jwk) = setup().await;
    let bank = mock.bank("hsbc").expect("hsbc");
    bank.set_application_progress(
        ApplicationProgress::new(1, ApplicationOutcome::Approved)
            .with_information_request(InformationKind::Employment),
    );
    let mut person = applicant();
    person["name"]["surname"] = json!("CHAN <b>&</b>");
    let body = landing(Some(encrypt(&jwk, &person)));
    let created = tsp.post("/landing-page", "l-1", &body, None).await;
    assert_eq!(created.status, 201, "{}", created.body);
    tsp.check(&created, "LandingPageResponse");
    assert_eq!(created.body["Data"]["Status"], "AwaitingCustomer");
    let id = created.body["Data"]["ApplicationId"]
        .as_str()
        .expect("id")
        .to_owned();
    let page_url = created.body["Data"]["LandingPageURL"]
        .as_str()
        .expect("url")
        .to_owned();
    assert!(
        page_url.starts_with(&tsp.url) && page_url.ends_with(&id),
        "{page_url}"
    );
    let again = tsp.post("/landing-page", "l-1", &body, None).await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body["Data"]["ApplicationId"], id.as_str());
    assert_eq!(again.header("x-idempotent-replayed"), Some("true"));
    let other = tsp.post("/landing-page", "l-1", &landing(None), None).await;
    assert_eq!(other.status, 422);
    tsp.check(&other, "ErrorResponse");

    let waiting = tsp.get(&format!("/{id}")).await;
    tsp.check(&waiting, "HsbcApplicationResponse");
    assert_eq!(waiting.body["Data"]["Status"], "AwaitingCustomer");

    let browser = browser();
    let page = browser.get(&page_url).send().await.expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert_eq!(value_of(&html, "surname"), "CHAN &lt;b&gt;&amp;&lt;/b&gt;");
    assert_eq!(value_of(&html, "idNumber"), "A123456(3)");
    assert_eq!(value_of(&html, "email"), "chan.tai.man@example.com");
    assert!(html.contains("<option value=\"sha-tin\" selected>"));
    for id in [
        "givenNames",
        "dateOfBirth",
        "mobileNumber",
        "addressLine1",
        "district",
        "submit",
        "cancel",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }

    let mut bad = form(&[("idNumber", "A123456(9)"), ("action", "submit")]);
    bad.push(("district".to_owned(), "wan-chai".to_owned()));
    let refused = browser
        .post(&page_url)
        .form(&bad)
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status(), 400);
    let html = refused.text().await.expect("html");
    assert!(html.contains("applicant.identityDocument.number"), "{html}");
    assert_eq!(value_of(&html, "idNumber"), "A123456(9)");

    let done = browser
        .post(&page_url)
        .form(&form(&[("action", "submit"), ("marketing", "yes")]))
        .send()
        .await
        .expect("post");
    assert_eq!(done.status(), 303);
    let location = done.headers()["location"]
        .to_str()
        .expect("text")
        .to_owned();
    let back = url::Url::parse(&location).expect("absolute");
    assert!(location.starts_with("https://tsp.example/return?from=bank&"));
    let query: Vec<(String, String)> = back.query_pairs().into_owned().collect();
    assert!(query.contains(&("state".to_owned(), "state-12345678".to_owned())));
    assert!(query.contains(&("application_id".to_owned(), id.clone())));
    assert!(query.contains(&("outcome".to_owned(), "submitted".to_owned())));
    let taken = bank.application(&id).expect("taken");
    assert_eq!(taken.identity_document_number(), Some("A123456(3)"));
    assert_eq!(
        taken.document["applicant"]["residentialAddress"]["region"],
        "HK"
    );

    let logged = mock.requests_to("hsbc");
    let posts: Vec<_> = logged
        .iter()
        .filter(|r| r.method == "POST" && r.path.contains("/applications/landing/"))
        .collect();
    assert!(!posts.is_empty());
    assert!(posts.iter().all(|r| r.body.is_none()), "personal data kept");
    let used = browser.get(&page_url).send().await.expect("page");
    assert_eq!(used.status(), 410);
    let reposted = browser
        .post(&page_url)
        .form(&form(&[("action", "submit")]))
        .send()
        .await
        .expect("post");
    assert_eq!(reposted.status(), 410);

    let mut statuses = Vec::new();
    for _ in 0..3 {
        let read = tsp.get(&format!("/{id}")).await;
        tsp.check(&read, "HsbcApplicationResponse");
        statuses.push(
            read.body["Data"]["Status"]
                .as_str()
                .expect("status")
                .to_owned(),
        );
    }
    assert_eq!(
        statuses,
        [
            "InProgress",
            "AdditionalInformationRequired",
            "AdditionalInformationRequired"
        ]
    );
    let mut for_another = information_answer();
    for_another["requestId"] = json!("ir-77");
    let swapped =
        json!({ "Data": { "RequestId": "ir-01", "Answer": encrypt(&jwk, &for_another) } });
    let refused = tsp
        .post(
            &format!("/{id}/additional-information"),
            "a-0",
            &swapped,
            None,
        )
        .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(
        refused.body.to_string().contains("Data.Answer.requestId"),
        "{}",
        refused.body
    );
    let answer =
        json!({ "Data": { "RequestId": "ir-01", "Answer": encrypt(&jwk, &information_answer()) } });
    let answered = tsp
        .post(
            &format!("/{id}/additional-information"),
            "a-1",
            &answer,
            None,
        )
        .await;
    assert_eq!(answered.status, 200, "{}", answered.body);
    tsp.check(&answered, "HsbcApplicationResponse");
    assert_eq!(answered.body["Data"]["Status"], "InProgress");
    let decided = tsp.get(&format!("/{id}")).await;
    tsp.check(&decided, "HsbcApplicationResponse");
    assert_eq!(decided.body["Data"]["Status"], "Approved");
    let late = tsp
        .post(
            &format!("/{id}/withdrawal"),
            "w-1",
            &json!({ "Data": {} }),
            None,
        )
        .await;
    assert_eq!(late.status, 409);
    tsp.check(&late, "ErrorResponse");
}

#[tokio::test]
async fn a_cancelled_page_goes_back_cancelled_and_an_old_one_expires() {
    let (mock, tsp, _jwk) = setup().await;
    let created = tsp.post("/landing-page", "c-1", &landing(None), None).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.body["Data"]["ApplicationId"]
        .as_str()
        .expect("id")
        .to_owned();
    let page_url = created.body["Data"]["LandingPageURL"]
        .as_str()
        .expect("url")
        .to_owned();
    let html = browser()
        .get(&page_url)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert_eq!(value_of(&html, "surname"), "");
    let cancelled = browser()
        .post(&page_url)
        .form(&[("action", "cancel")])
        .send()
        .await
        .expect("post");
    assert_eq!(cancelled.status(), 303);
    let location = cancelled.headers()["location"].to_str().expect("text");
    assert!(
        location.ends_with(&format!("application_id={id}&outcome=cancelled")),
        "{location}"
    );
    let read = tsp.get(&format!("/{id}")).await;
    tsp.check(&read, "HsbcApplicationResponse");
    assert_eq!(read.body["Data"]["Status"], "Cancelled");
    let expiring = tsp.post("/landing-page", "c-2", &landing(None), None).await;
    let expiring_url = expiring.body["Data"]["LandingPageURL"]
        .as_str()
        .expect("url")
        .to_owned();
    mock.bank("hsbc")
        .and_then(|b| b.auth_server().cloned())
        .expect("auth server")
        .advance_clock(16 * 60)
        .expect("advanced");
    let expired = browser().get(&expiring_url).send().await.expect("page");
    assert_eq!(expired.status(), 410);
    assert!(expired.text().await.expect("html").contains("expired"));
    let missing = browser()
        .get(format!("{}/applications/landing/nope", tsp.url))
        .send()
        .await
        .expect("page");
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn bad_signatures_prefills_and_fields_are_refused() {
    let (mock, tsp, jwk) = setup().await;
    let forged = tsp.signer.sign(b"something else");
    let bad = tsp
        .post("/landing-page", "r-1", &landing(None), Some(forged))
        .await;
    assert_eq!(bad.status, 400);
    tsp.check(&bad, "ErrorResponse");
    assert_eq!(bad.body["Errors"][0]["ErrorCode"], "InvalidSignature");

    let stranger = tsp
        .post(
            "/landing-page",
            "r-2",
            &landing(Some(encrypt_to_stranger(&applicant()))),
            None,
        )
        .await;
    assert_eq!(stranger.status, 400);
    tsp.check(&stranger, "ErrorResponse");
    assert_eq!(
        stranger.body["Errors"][0]["ErrorCode"],
        "UndecryptablePayload"
    );
    assert_eq!(stranger.body["Errors"][1]["Path"], "Data.Prefill");

    let mut person = applicant();
    person["identityDocument"]["number"] = json!("A123456(4)");
    let mut body = landing(Some(encrypt(&jwk, &person)));
    body["Data"]["State"] = json!("short");
    let invalid = tsp.post("/landing-page", "r-3", &body, None).await;
    assert_eq!(invalid.status, 400);
    tsp.check(&invalid, "ErrorResponse");
    assert_eq!(invalid.body["Errors"][0]["Path"], "Data.State");

    body["Data"]["State"] = json!("state-12345678");
    let invalid = tsp.post("/landing-page", "r-4", &body, None).await;
    assert_eq!(invalid.status, 400);
    assert_eq!(
        invalid.body["Errors"][0]["Path"],
        "Data.Prefill.identityDocument.number"
    );
    let unknown = tsp.get("/app-nope").await;
    assert_eq!(unknown.status, 404);
    tsp.check(&unknown, "ErrorResponse");
    assert!(
        mock.bank("hsbc")
            .expect("hsbc")
            .application_ids()
            .is_empty()
    );
}
