//! BOCHK group Phase I: client-credentials token at `/auth/oauth/v2/token`,
//! bearer POST reads, items once per language, `{"ErrorMsg"}` errors, and
//! every list against the spec at each bank of the group.

use hkob_mock_bank::bochk_group::{Family, TOKEN_PATH};
use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};

use crate::support::{Spec, client, json};

const SPEC: &str = "phase1-bochk-group.yaml";
const BANKS: [&str; 3] = ["bochk", "chiyu", "nanyang"];

async fn token(base: &str) -> String {
    let resp = client()
        .post(format!("{base}{TOKEN_PATH}"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), 200);
    json(resp).await["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned()
}

async fn read(base: &str, family: Family, token: &str) -> reqwest::Response {
    client()
        .post(format!("{base}{}", family.path()))
        .header("Authorization", format!("bearer {token}"))
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn every_served_family_at_each_bank_matches_the_spec() {
    let mock = MockBank::builder()
        .seed(8)
        .banks(BANKS)
        .start()
        .await
        .expect("mock starts");
    let spec = Spec::load_file(SPEC);
    for bank in BANKS {
        let base = mock.bank_url(bank).expect("bank");
        let token = token(&base).await;
        for family in Family::ALL {
            let resp = read(&base, family, &token).await;
            if !family.served_by(bank) {
                assert_eq!(resp.status(), 404, "{bank} {family:?}");
                spec.assert_valid("ErrorResponse", &json(resp).await);
                continue;
            }
            assert_eq!(resp.status(), 200, "{bank} {family:?}");
            let body = json(resp).await;
            spec.assert_valid(family.schema_name(), &body);
            let items = body["products"].as_array().expect("products");
            assert!(!items.is_empty(), "{bank} {family:?}");
            for lang in ["en-US", "zh-TW", "zh-CN"] {
                let n = items.iter().filter(|i| i["lang"] == lang).count();
                assert_eq!(n * 3, items.len(), "{bank} {family:?} {lang}");
            }
        }
    }
}

#[tokio::test]
async fn tokens_and_refusals() {
    let mock = MockBank::builder()
        .banks(["bochk", "nanyang"])
        .start()
        .await
        .expect("mock starts");
    let spec = Spec::load_file(SPEC);
    let base = mock.bank_url("bochk").expect("bank");
    let none = client()
        .post(format!("{base}{}", Family::Savings.path()))
        .send()
        .await
        .expect("sent");
    assert_eq!(none.status(), 401);
    let body = json(none).await;
    spec.assert_valid("ErrorResponse", &body);
    assert!(body["ErrorMsg"].is_string());
    let bad = read(&base, Family::Savings, "made-up").await;
    assert_eq!(bad.status(), 401);
    spec.assert_valid("ErrorResponse", &json(bad).await);
    // A token of another bank of the group is refused.
    let other = token(&mock.bank_url("nanyang").expect("bank")).await;
    assert_eq!(read(&base, Family::Savings, &other).await.status(), 401);
    // Wrong client secret at the token endpoint.
    let refused = client()
        .post(format!("{base}{TOKEN_PATH}"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", "wrong"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(refused.status(), 401);
    // Reads are POSTs: GET is not an operation.
    let t = token(&base).await;
    let get = client()
        .get(format!("{base}{}", Family::Savings.path()))
        .bearer_auth(&t)
        .send()
        .await
        .expect("sent");
    assert_eq!(get.status(), 405);
    // The maintenance window, on demand.
    let maintenance = client()
        .post(format!("{base}{}", Family::Branch.path()))
        .bearer_auth(&t)
        .header("x-mock-scenario", "status=503")
        .send()
        .await
        .expect("sent");
    assert_eq!(maintenance.status(), 503);
    spec.assert_valid("ErrorResponse", &json(maintenance).await);
    // The discovery document names the spec's token path.
    let discovery = json(
        client()
            .get(format!("{base}/.well-known/openid-configuration"))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(discovery["token_endpoint"], format!("{base}{TOKEN_PATH}"));
}

#[tokio::test]
async fn same_seed_same_lists_across_instances() {
    let a = MockBank::builder()
        .seed(2)
        .banks(["chiyu"])
        .start()
        .await
        .expect("a");
    let b = MockBank::builder()
        .seed(2)
        .banks(["chiyu"])
        .start()
        .await
        .expect("b");
    let (ua, ub) = (
        a.bank_url("chiyu").expect("a"),
        b.bank_url("chiyu").expect("b"),
    );
    let (ta, tb) = (token(&ua).await, token(&ub).await);
    for family in Family::ALL.into_iter().filter(|f| f.served_by("chiyu")) {
        let x = read(&ua, family, &ta).await.text().await.expect("a");
        let y = read(&ub, family, &tb).await.text().await.expect("b");
        assert_eq!(x, y, "{family:?}");
    }
}
