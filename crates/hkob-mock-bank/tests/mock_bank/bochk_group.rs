//! BOCHK group Phase I: client-credentials token at `/auth/oauth/v2/token`,
//! bearer POST reads, items once per language, `{"ErrorMsg"}` errors, and
//! every list against the spec at each bank of the group.

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};

use crate::support::{Spec, client, items_at, json};

const SPEC: &str = "phase1-bochk-group.yaml";
const BANKS: [&str; 3] = ["bochk", "chiyu", "nanyang"];
/// The token endpoint (the spec's `oauth` security scheme).
const TOKEN_PATH: &str = "/auth/oauth/v2/token";
const SAVINGS: &str = "/deposits/product/savings/v1";
const BRANCHES: &str = "/branch/branchInfo/v1";

/// The paths the spec says a bank of the group lacks.
fn lacks(bank: &str) -> &'static [&'static str] {
    match bank {
        "chiyu" => &[
            "/loan/product/tax/v1",
            "/creditcard/product/card/v1",
            "/fx/usdrate/v1",
            "/insurance/product/life/v1",
            "/insurance/product/motor/v1",
            "/insurance/product/home/v1",
            "/insurance/product/travel/v1",
            "/insurance/product/medical/v1",
            "/insurance/product/home/premium/v1",
            "/insurance/product/travel/premium/v1",
            "/insurance/product/medical/premium/v1",
            "/insurance/product/personalaccident/premium/v1",
            "/investment/product/equitylinked/v1",
            "/investment/product/metalpassbook/v1",
            "/investment/product/structuredinv/v1",
            "/investment/product/fx/v1",
            "/investment/product/physicalmetal/v1",
        ],
        "nanyang" => &[
            "/creditcard/product/card/v1",
            "/investment/product/currencylinked/v1",
            "/investment/product/equitylinked/v1",
            "/investment/product/fx/v1",
            "/investment/product/metalfxmargin/v1",
            "/investment/product/physicalmetal/v1",
            "/securities/product/margin/v1",
            "/securities/product/mthlySavingPlan/v1",
        ],
        _ => &[],
    }
}

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

async fn read(base: &str, path: &str, token: &str) -> reqwest::Response {
    client()
        .post(format!("{base}{path}"))
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
        let operations = spec.operations();
        assert_eq!(operations.len(), 33);
        for op in &operations {
            let family = &op.path;
            let resp = read(&base, family, &token).await;
            if lacks(bank).contains(&family.as_str()) {
                assert_eq!(resp.status(), 404, "{bank} {family}");
                spec.assert_valid("ErrorResponse", &json(resp).await);
                continue;
            }
            assert_eq!(resp.status(), 200, "{bank} {family}");
            let body = json(resp).await;
            spec.assert_valid(&op.schema, &body);
            let items = items_at(&body, op.items.as_deref().expect("items path"));
            assert!(!items.is_empty(), "{bank} {family}");
            for lang in ["en-US", "zh-TW", "zh-CN"] {
                let n = items.iter().filter(|i| i["lang"] == lang).count();
                assert_eq!(n * 3, items.len(), "{bank} {family} {lang}");
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
        .post(format!("{base}{SAVINGS}"))
        .send()
        .await
        .expect("sent");
    assert_eq!(none.status(), 401);
    let body = json(none).await;
    spec.assert_valid("ErrorResponse", &body);
    assert!(body["ErrorMsg"].is_string());
    let bad = read(&base, SAVINGS, "made-up").await;
    assert_eq!(bad.status(), 401);
    spec.assert_valid("ErrorResponse", &json(bad).await);
    // A token of another bank of the group is refused.
    let other = token(&mock.bank_url("nanyang").expect("bank")).await;
    assert_eq!(read(&base, SAVINGS, &other).await.status(), 401);
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
        .get(format!("{base}{SAVINGS}"))
        .bearer_auth(&t)
        .send()
        .await
        .expect("sent");
    assert_eq!(get.status(), 405);
    // The maintenance window, on demand.
    let maintenance = client()
        .post(format!("{base}{BRANCHES}"))
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
    let spec = Spec::load_file(SPEC);
    let served = spec
        .operations()
        .into_iter()
        .filter(|o| !lacks("chiyu").contains(&o.path.as_str()));
    for op in served {
        let x = read(&ua, &op.path, &ta).await.text().await.expect("a");
        let y = read(&ub, &op.path, &tb).await.text().await.expect("b");
        assert_eq!(x, y, "{}", op.path);
    }
}
