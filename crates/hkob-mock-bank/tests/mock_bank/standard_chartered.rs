//! Standard Chartered Phase I: client-credentials token at
//! `/retail/v1/oauth2/token`, then products by category and language,
//! locations by type and rates by currency pair, against the spec.

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};

use crate::support::{Spec, client, items_at, json};

const SPEC: &str = "phase1-standard-chartered.yaml";
/// The token endpoint (the spec's `oauth` security scheme).
const TOKEN_PATH: &str = "/retail/v1/oauth2/token";
const PRODUCTS_PATH: &str = "/retail/v1/products";
const LOCATIONS_PATH: &str = "/retail/v1/bank-locations";
const FX_RATES_PATH: &str = "/retail/v1/fx-rates";

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

async fn get(base: &str, path_and_query: &str, token: &str) -> reqwest::Response {
    client()
        .get(format!("{base}{path_and_query}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn every_read_matches_the_spec() {
    let mock = MockBank::builder()
        .seed(9)
        .banks(["sc"])
        .start()
        .await
        .expect("mock starts");
    let base = mock.bank_url("sc").expect("bank");
    let spec = Spec::load_file(SPEC);
    let token = token(&base).await;
    let products = spec.operation(PRODUCTS_PATH);
    let (param, categories) = products.items_by_param.clone().expect("items by category");
    assert_eq!(param, "category");
    assert_eq!(categories.len(), 8);
    for (code, key) in categories {
        for lang in ["", "&language=en-HK", "&language=zh-HK"] {
            let resp = get(
                &base,
                &format!("{PRODUCTS_PATH}?category={code}{lang}"),
                &token,
            )
            .await;
            assert_eq!(resp.status(), 200, "{code}");
            let body = json(resp).await;
            spec.assert_valid(&products.schema, &body);
            assert!(!items_at(&body, &key).is_empty(), "{code}");
        }
    }
    for t in ["atm", "branch"] {
        let body = json(get(&base, &format!("{LOCATIONS_PATH}?type={t}"), &token).await).await;
        spec.assert_valid("LocationListResponse", &body);
        let locations = body["locations"].as_array().expect("locations");
        assert!(!locations.is_empty());
        assert!(locations.iter().all(|l| l["types"][0] == t));
    }
    let body = json(
        get(
            &base,
            &format!("{FX_RATES_PATH}?currency=USDHKD,JPYHKD,XXXHKD"),
            &token,
        )
        .await,
    )
    .await;
    spec.assert_valid("FxRateListResponse", &body);
    let rates = body["fx-rates"].as_array().expect("fx-rates");
    assert_eq!(rates.len(), 4, "TT and NOTES of the two known pairs");
    assert_eq!(rates[0]["currency-pair"], "USDHKD");
}

#[tokio::test]
async fn bad_parameters_and_tokens_are_refused_in_the_spec_error_body() {
    let mock = MockBank::builder()
        .banks(["sc"])
        .start()
        .await
        .expect("mock starts");
    let base = mock.bank_url("sc").expect("bank");
    let spec = Spec::load_file(SPEC);
    let token = token(&base).await;
    for (path, status) in [
        (PRODUCTS_PATH.to_owned(), 400),
        (format!("{PRODUCTS_PATH}?category=XX"), 400),
        (format!("{PRODUCTS_PATH}?category=SA&language=fr"), 400),
        (format!("{LOCATIONS_PATH}?type=kiosk"), 400),
        (format!("{FX_RATES_PATH}?currency=usd"), 400),
    ] {
        let resp = get(&base, &path, &token).await;
        assert_eq!(resp.status(), status, "{path}");
        spec.assert_valid("ErrorResponse", &json(resp).await);
    }
    let resp = get(&base, &format!("{PRODUCTS_PATH}?category=SA"), "made-up").await;
    assert_eq!(resp.status(), 401);
    spec.assert_valid("ErrorResponse", &json(resp).await);
    let resp = client()
        .get(format!("{base}{PRODUCTS_PATH}?category=SA"))
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), 401);
    let bad_secret = client()
        .post(format!("{base}{TOKEN_PATH}"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", "wrong"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(bad_secret.status(), 401);
    let fault = client()
        .get(format!("{base}{PRODUCTS_PATH}?category=SA"))
        .bearer_auth(&token)
        .header("x-mock-scenario", "status=500")
        .send()
        .await
        .expect("sent");
    assert_eq!(fault.status(), 500);
    spec.assert_valid("ErrorResponse", &json(fault).await);
}

#[tokio::test]
async fn same_seed_same_lists_across_instances() {
    let a = MockBank::builder()
        .seed(5)
        .banks(["sc"])
        .start()
        .await
        .expect("a");
    let b = MockBank::builder()
        .seed(5)
        .banks(["sc"])
        .start()
        .await
        .expect("b");
    let (ua, ub) = (a.bank_url("sc").expect("a"), b.bank_url("sc").expect("b"));
    let (ta, tb) = (token(&ua).await, token(&ub).await);
    for q in [
        format!("{PRODUCTS_PATH}?category=TD&language=zh-HK"),
        format!("{LOCATIONS_PATH}?type=branch"),
        format!("{FX_RATES_PATH}?currency=EURHKD"),
    ] {
        let x = get(&ua, &q, &ta).await.text().await.expect("a");
        let y = get(&ub, &q, &tb).await.text().await.expect("b");
        assert_eq!(x, y, "{q}");
    }
}
