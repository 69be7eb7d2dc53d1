//! HSBC group Phase I: `ClientID` / `ClientSecret`, `Accept-Language`, whole
//! lists in `data[].Brand[].<array>` with `meta`, validated against the spec.

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};
use serde_json::Value;

use crate::support::{Operation, Spec, client, items_at, json};

const SPEC: &str = "phase1-hsbc-group.yaml";
/// The path prefix of every operation of the spec.
const BASE_PATH: &str = "/open-banking/v1.0";
/// The savings list of each bank; each answers 404 on the other's.
const SAVINGS: [(&str, &str); 2] = [
    (
        "hsbc",
        "/open-banking/v1.0/personal-all-in-one-and-savings-accounts",
    ),
    ("hangseng", "/open-banking/v1.0/personal-savings-accounts"),
];

/// The spec's operations a bank serves (all but the other bank's savings list).
fn served_at(spec: &Spec, bank: &str) -> Vec<Operation> {
    spec.operations()
        .into_iter()
        .filter(|o| {
            SAVINGS
                .iter()
                .all(|(b, path)| *b == bank || o.path != *path)
        })
        .collect()
}

/// GET a path of the spec (below the bank prefix) with the default credentials.
async fn get(mock: &MockBank, bank: &str, path: &str, lang: Option<&str>) -> reqwest::Response {
    let url = format!("{}{path}", mock.bank_url(bank).expect("bank"));
    let mut req = client()
        .get(url)
        .header("ClientID", DEFAULT_CLIENT_ID)
        .header("ClientSecret", DEFAULT_CLIENT_SECRET);
    if let Some(l) = lang {
        req = req.header("Accept-Language", l);
    }
    req.send().await.expect("request sent")
}

/// The items of an answer to an operation.
fn items<'v>(body: &'v Value, op: &Operation) -> Vec<&'v Value> {
    items_at(body, op.items.as_deref().expect("items path"))
}

#[tokio::test]
async fn every_family_at_both_banks_matches_the_spec() {
    let mock = MockBank::builder()
        .seed(7)
        .banks(["hsbc", "hangseng"])
        .start()
        .await
        .expect("mock starts");
    let spec = Spec::load_file(SPEC);
    for bank in ["hsbc", "hangseng"] {
        let operations = served_at(&spec, bank);
        assert_eq!(operations.len(), 11, "{bank}");
        for op in &operations {
            for lang in [None, Some("en-HK"), Some("zh-HK"), Some("zh-CN")] {
                let resp = get(&mock, bank, &op.path, lang).await;
                assert_eq!(resp.status(), 200, "{bank} {}", op.path);
                let body = json(resp).await;
                spec.assert_valid(&op.schema, &body);
                let n = items(&body, op).len();
                assert!(n > 0, "{bank} {} is empty", op.path);
                if !op.path.ends_with("/personal-foreign-exchange-rates") {
                    assert_eq!(body["meta"]["TotalResults"], n);
                }
            }
        }
    }
}

#[tokio::test]
async fn text_follows_accept_language_and_currency_follows_the_name() {
    let mock = MockBank::builder()
        .seed(3)
        .banks(["hsbc"])
        .start()
        .await
        .expect("mock starts");
    let deposits = Spec::load_file(SPEC).operation("/open-banking/v1.0/time-deposit-accounts");
    let en = json(get(&mock, "hsbc", &deposits.path, Some("en-HK")).await).await;
    let zh = json(get(&mock, "hsbc", &deposits.path, Some("zh-HK,zh;q=0.9")).await).await;
    assert_eq!(
        en["data"][0]["Brand"][0]["BrandName"],
        "The Hongkong and Shanghai Banking Corporation Limited"
    );
    assert_ne!(
        en["data"][0]["Brand"][0]["BrandName"],
        zh["data"][0]["Brand"][0]["BrandName"]
    );
    for td in items(&en, &deposits) {
        let name = td["Name"].as_str().expect("name");
        let ccy = td["CurrencyCode"].as_str().expect("currency");
        for (word, expected) in [("USD", "USD"), ("RMB", "CNY"), ("HKD", "HKD")] {
            if name.contains(word) {
                assert_eq!(ccy, expected, "{name}");
                for band in td["CreditInterest"]["TierBand"].as_array().expect("bands") {
                    assert_eq!(band["CurrencyCode"], expected, "{name}");
                }
            }
        }
    }
}

#[tokio::test]
async fn missing_or_wrong_credentials_give_401_in_the_spec_error_body() {
    let mock = MockBank::builder()
        .banks(["hangseng"])
        .start()
        .await
        .expect("mock starts");
    let spec = Spec::load_file(SPEC);
    let url = format!(
        "{}{BASE_PATH}/atms",
        mock.bank_url("hangseng").expect("bank")
    );
    let none = client().get(&url).send().await.expect("sent");
    assert_eq!(none.status(), 401);
    let body = json(none).await;
    spec.assert_valid("ErrorResponse", &body);
    assert_eq!(body["Code"], "401");
    let wrong = client()
        .get(&url)
        .header("ClientID", DEFAULT_CLIENT_ID)
        .header("ClientSecret", "not-the-secret")
        .send()
        .await
        .expect("sent");
    assert_eq!(wrong.status(), 401);
    spec.assert_valid("ErrorResponse", &json(wrong).await);
    let unknown = client()
        .get(&url)
        .header("ClientID", "someone-else")
        .header("ClientSecret", DEFAULT_CLIENT_SECRET)
        .send()
        .await
        .expect("sent");
    assert_eq!(unknown.status(), 401);
}

#[tokio::test]
async fn each_bank_serves_only_its_own_savings_path() {
    let mock = MockBank::builder()
        .banks(["hsbc", "hangseng"])
        .start()
        .await
        .expect("mock starts");
    let spec = Spec::load_file(SPEC);
    for (bank, other) in [
        ("hsbc", "personal-savings-accounts"),
        ("hangseng", "personal-all-in-one-and-savings-accounts"),
    ] {
        let resp = client()
            .get(format!(
                "{}{BASE_PATH}/{other}",
                mock.bank_url(bank).expect("bank")
            ))
            .header("ClientID", DEFAULT_CLIENT_ID)
            .header("ClientSecret", DEFAULT_CLIENT_SECRET)
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), 404, "{bank} {other}");
        spec.assert_valid("ErrorResponse", &json(resp).await);
    }
}

#[tokio::test]
async fn same_seed_same_lists_across_instances() {
    let a = MockBank::builder()
        .seed(11)
        .banks(["hsbc"])
        .start()
        .await
        .expect("a");
    let b = MockBank::builder()
        .seed(11)
        .banks(["hsbc"])
        .start()
        .await
        .expect("b");
    let c = MockBank::builder()
        .seed(12)
        .banks(["hsbc"])
        .start()
        .await
        .expect("c");
    let mut differs = false;
    for op in served_at(&Spec::load_file(SPEC), "hsbc") {
        let family = op.path.as_str();
        let x = get(&a, "hsbc", family, Some("zh-CN"))
            .await
            .text()
            .await
            .expect("a body");
        let y = get(&b, "hsbc", family, Some("zh-CN"))
            .await
            .text()
            .await
            .expect("b body");
        let z = get(&c, "hsbc", family, Some("zh-CN"))
            .await
            .text()
            .await
            .expect("c body");
        assert_eq!(x, y, "{family}");
        differs |= x != z;
    }
    assert!(differs, "another seed should change some list");
}

#[tokio::test]
async fn faults_apply_to_hsbc_routes() {
    let mock = MockBank::builder()
        .banks(["hsbc"])
        .start()
        .await
        .expect("mock starts");
    let spec = Spec::load_file(SPEC);
    let url = format!(
        "{}{BASE_PATH}/branches",
        mock.bank_url("hsbc").expect("bank")
    );
    let resp = client()
        .get(&url)
        .header("ClientID", DEFAULT_CLIENT_ID)
        .header("ClientSecret", DEFAULT_CLIENT_SECRET)
        .header("x-mock-scenario", "status=503")
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), 503);
    spec.assert_valid("ErrorResponse", &json(resp).await);
    mock.add_fault(hkob_mock_bank::FaultRuleSpec {
        bank: Some("hsbc".into()),
        path: Some("/open-banking".into()),
        count: Some(1),
        scenario: "retry-after=1".into(),
    })
    .expect("rule");
    let limited = get(&mock, "hsbc", "/open-banking/v1.0/branches", None).await;
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["retry-after"], "1");
    let ok = get(&mock, "hsbc", "/open-banking/v1.0/branches", None).await;
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn unknown_enum_and_extra_fields_faults_rewrite_hsbc_lists() {
    let mock = MockBank::builder()
        .banks(["hsbc"])
        .start()
        .await
        .expect("mock starts");
    let url = format!(
        "{}{BASE_PATH}/personal-foreign-exchange-rates",
        mock.bank_url("hsbc").expect("bank")
    );
    let resp = client()
        .get(&url)
        .header("ClientID", DEFAULT_CLIENT_ID)
        .header("ClientSecret", DEFAULT_CLIENT_SECRET)
        .header("x-mock-scenario", "unknown-enum;extra-fields")
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), 200);
    let body = json(resp).await;
    let kinds = items_at(&body, "data[].Brand[].ExchangeRateType");
    assert_eq!(kinds[0]["ExchangeRateTypeName"], "MOCK_UNKNOWN_VALUE");
    // The unknown value is outside the spec's enum; the extra fields are outside the strict schema.
    let spec = Spec::load_file(SPEC);
    let lenient = spec.validator("ExchangeRateListResponse", false);
    assert!(
        lenient.validate(&body).is_err(),
        "unknown enum value is outside the spec"
    );
    let strict = spec.validator("ExchangeRateListResponse", true);
    assert!(strict.iter_errors(&body).count() > 0);
}
