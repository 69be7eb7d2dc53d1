//! DBS Phase I: the partner token exchange, the `accessToken` / `clientId` /
//! `servicingCountry` / `uuid` headers, and every list against the spec.

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};
use serde_json::{Value, json};

use crate::support::{Operation, Spec, client, items_at, json};

const SPEC: &str = "phase1-dbs.yaml";
/// The partner token exchange.
const AUTHORIZE_PATH: &str = "/partner/api/hk/v1/oauth/authorize";
const BRANCHES: &str = "/api/hk/v1/branches";
const ATMS: &str = "/api/hk/v1/ATMs";

/// The spec's reads (every operation but the token exchange).
fn reads(spec: &Spec) -> Vec<Operation> {
    spec.operations()
        .into_iter()
        .filter(|o| o.path != AUTHORIZE_PATH)
        .collect()
}
const UUID: &str = "0b5c4a4e-5f8e-4d43-9a53-2f2f7c1c9e11";

fn partner_body(secret: &str) -> Value {
    json!({
        "credentialDetl": { "partnerId": "hkob-test-partner", "partnerSecret": secret },
        "credentialType": 7,
    })
}

async fn authorize(base: &str, secret: &str) -> reqwest::Response {
    client()
        .post(format!("{base}{AUTHORIZE_PATH}"))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .header("clientId", DEFAULT_CLIENT_ID)
        .header("servicingCountry", "HK")
        .header("uuid", UUID)
        .json(&partner_body(secret))
        .send()
        .await
        .expect("sent")
}

async fn token(base: &str) -> String {
    let resp = authorize(base, DEFAULT_CLIENT_SECRET).await;
    assert_eq!(resp.status(), 200);
    let body = json(resp).await;
    Spec::load_file(SPEC).assert_valid("TokenResponse", &body);
    body["accessToken"].as_str().expect("token").to_owned()
}

async fn read(base: &str, path: &str, token: &str) -> reqwest::Response {
    client()
        .get(format!("{base}{path}"))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .header("clientId", DEFAULT_CLIENT_ID)
        .header("servicingCountry", "HK")
        .header("uuid", UUID)
        .header("accessToken", token)
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn every_family_matches_the_spec_with_each_item_in_three_languages() {
    let mock = MockBank::builder()
        .seed(4)
        .banks(["dbs"])
        .start()
        .await
        .expect("mock starts");
    let base = mock.bank_url("dbs").expect("bank");
    let spec = Spec::load_file(SPEC);
    let token = token(&base).await;
    let operations = reads(&spec);
    assert_eq!(operations.len(), 11);
    for op in &operations {
        let family = &op.path;
        assert_eq!(
            op.method,
            reqwest::Method::GET,
            "{family}: DBS lists are reads"
        );
        let resp = read(&base, family, &token).await;
        assert_eq!(resp.status(), 200, "{family}");
        let body = json(resp).await;
        spec.assert_valid(&op.schema, &body);
        let items = items_at(&body, op.items.as_deref().expect("items path"));
        assert!(!items.is_empty(), "{family}");
        assert_eq!(items.len() % 3, 0, "{family}");
        for lang in ["en_US", "zh_TW", "zh_CN"] {
            let n = items.iter().filter(|i| i["language"] == lang).count();
            assert_eq!(n * 3, items.len(), "{family} {lang}");
        }
    }
    let mortgages = json(read(&base, "/api/hk/v1/products/mortgages", &token).await).await;
    assert!(mortgages.get("mortagageProductInfo").is_some());
    assert!(mortgages.get("mortgageProductInfo").is_none());
}

#[tokio::test]
async fn a_jwt_shaped_partner_secret_is_accepted_and_junk_is_not() {
    let mock = MockBank::builder()
        .banks(["dbs"])
        .start()
        .await
        .expect("mock starts");
    let base = mock.bank_url("dbs").expect("bank");
    let spec = Spec::load_file(SPEC);
    let jwt = authorize(&base, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln").await;
    assert_eq!(jwt.status(), 200);
    spec.assert_valid("TokenResponse", &json(jwt).await);
    let junk = authorize(&base, "not a jwt").await;
    assert_eq!(junk.status(), 401);
    spec.assert_valid("ErrorResponse", &json(junk).await);
}

#[tokio::test]
async fn refusals_are_in_the_spec_error_body() {
    let mock = MockBank::builder()
        .banks(["dbs"])
        .start()
        .await
        .expect("mock starts");
    let base = mock.bank_url("dbs").expect("bank");
    let spec = Spec::load_file(SPEC);
    // Wrong Basic secret at the token exchange.
    let resp = client()
        .post(format!("{base}{AUTHORIZE_PATH}"))
        .basic_auth(DEFAULT_CLIENT_ID, Some("wrong"))
        .header("clientId", DEFAULT_CLIENT_ID)
        .header("servicingCountry", "HK")
        .header("uuid", UUID)
        .json(&partner_body(DEFAULT_CLIENT_SECRET))
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), 401);
    spec.assert_valid("ErrorResponse", &json(resp).await);
    // Wrong credential type.
    let resp = client()
        .post(format!("{base}{AUTHORIZE_PATH}"))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .header("clientId", DEFAULT_CLIENT_ID)
        .header("servicingCountry", "HK")
        .header("uuid", UUID)
        .json(&json!({ "credentialDetl": { "partnerId": "p", "partnerSecret": "a.b.c" }, "credentialType": 1 }))
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), 400);
    spec.assert_valid("ErrorResponse", &json(resp).await);
    // A read without a token, with an unknown token, without uuid.
    let none = read(&base, BRANCHES, "").await;
    assert_eq!(none.status(), 401);
    spec.assert_valid("ErrorResponse", &json(none).await);
    let unknown = read(&base, BRANCHES, "made-up").await;
    assert_eq!(unknown.status(), 401);
    let token = token(&base).await;
    let no_uuid = client()
        .get(format!("{base}{BRANCHES}"))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .header("clientId", DEFAULT_CLIENT_ID)
        .header("servicingCountry", "HK")
        .header("accessToken", &token)
        .send()
        .await
        .expect("sent");
    assert_eq!(no_uuid.status(), 400);
    spec.assert_valid("ErrorResponse", &json(no_uuid).await);
    // An expired token is refused; a fault scenario applies as on other routes.
    let expired = client()
        .get(format!("{base}{ATMS}"))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .header("clientId", DEFAULT_CLIENT_ID)
        .header("servicingCountry", "HK")
        .header("uuid", UUID)
        .header("accessToken", &token)
        .header("x-mock-scenario", "token=expired")
        .send()
        .await
        .expect("sent");
    assert_eq!(expired.status(), 401);
    let auth = mock
        .bank("dbs")
        .and_then(|b| b.auth_server())
        .expect("auth server");
    auth.expire_tokens(None);
    assert_eq!(read(&base, ATMS, &token).await.status(), 401);
}

#[tokio::test]
async fn same_seed_same_lists_across_instances() {
    let a = MockBank::builder()
        .seed(21)
        .banks(["dbs"])
        .start()
        .await
        .expect("a");
    let b = MockBank::builder()
        .seed(21)
        .banks(["dbs"])
        .start()
        .await
        .expect("b");
    let (ua, ub) = (a.bank_url("dbs").expect("a"), b.bank_url("dbs").expect("b"));
    let (ta, tb) = (token(&ua).await, token(&ub).await);
    for op in reads(&Spec::load_file(SPEC)) {
        let x = read(&ua, &op.path, &ta).await.text().await.expect("a body");
        let y = read(&ub, &op.path, &tb).await.text().await.expect("b body");
        assert_eq!(x, y, "{}", op.path);
    }
}

#[tokio::test]
async fn unknown_enum_fault_rewrites_dbs_lists_but_keeps_the_language() {
    let mock = MockBank::builder()
        .banks(["dbs"])
        .start()
        .await
        .expect("mock starts");
    let base = mock.bank_url("dbs").expect("bank");
    let token = token(&base).await;
    let resp = client()
        .get(format!("{base}/api/hk/v1/rates/exchangeRates"))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .header("clientId", DEFAULT_CLIENT_ID)
        .header("servicingCountry", "HK")
        .header("uuid", UUID)
        .header("accessToken", &token)
        .header("x-mock-scenario", "unknown-enum")
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), 200);
    let body = json(resp).await;
    let first = &body["exchangeRatesInfo"][0];
    assert_eq!(first["boardRateType"], "MOCK_UNKNOWN_VALUE");
    assert_eq!(first["language"], "en_US");
}
