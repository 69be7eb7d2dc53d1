//! JETCO APIX Phase I product lists: paging, single reads, languages, and
//! every response checked against the spec.

use std::collections::HashSet;

use hkob_mock_bank::{MockBank, SimulatedDialect};

use crate::support::{Spec, Target, client, items_at, jetco_get, json};

/// Walks every page of BEA's savings products and checks the counters.
pub async fn check_paging(t: &Target) {
    let url = format!("{}/deposits/v1/savings", t.bank_url("bea"));
    let first = json(jetco_get(&format!("{url}?pageSize=3")).await).await;
    let total = first["totalElements"].as_u64().expect("totalElements");
    let pages = first["totalPages"].as_u64().expect("totalPages");
    assert!(total > 3, "enough products to page through");
    assert_eq!(pages, total.div_ceil(3));
    assert_eq!(first["first"], true);
    assert_eq!(first["pageIdx"], 1);
    assert_eq!(first["pageSize"], 3);
    let mut codes = HashSet::new();
    for idx in 1..=pages {
        let page = json(jetco_get(&format!("{url}?pageSize=3&pageIdx={idx}")).await).await;
        let items = page["data"]["savingsProducts"].as_array().expect("items");
        assert!(items.len() <= 3 && !items.is_empty());
        assert_eq!(page["last"], idx == pages);
        for item in items {
            assert!(codes.insert(item["productCode"].as_str().expect("code").to_owned()));
        }
        if idx < pages {
            assert!(
                page["links"]["next"]
                    .as_str()
                    .is_some_and(|n| n.ends_with(&format!("pageIdx={}", idx + 1)))
            );
        } else {
            assert!(page["links"].get("next").is_none());
        }
    }
    assert_eq!(codes.len() as u64, total);
    // Past the last page: an empty page, not an error.
    let beyond = json(jetco_get(&format!("{url}?pageSize=3&pageIdx={}", pages + 1)).await).await;
    assert_eq!(
        beyond["data"]["savingsProducts"].as_array().map(Vec::len),
        Some(0)
    );
}

#[tokio::test]
async fn paging_in_process() {
    check_paging(&Target::in_process(MockBank::builder()).await).await;
}

#[tokio::test]
async fn bad_paging_parameters_give_400_envelope() {
    let t = Target::in_process(MockBank::builder()).await;
    let spec = Spec::load();
    for q in ["pageSize=0", "pageSize=abc", "pageIdx=0", "pageIdx=-1"] {
        let resp = jetco_get(&format!("{}/fx/v1/fxrate?{q}", t.bank_url("dsb"))).await;
        assert_eq!(resp.status(), 400, "{q}");
        let body = json(resp).await;
        spec.assert_valid("ErrorResponse", &body);
        assert_eq!(body["httpCode"], "400");
    }
}

#[tokio::test]
async fn every_jetco_response_matches_the_spec() {
    let t = Target::in_process(MockBank::builder().seed(7)).await;
    let spec = Spec::load();
    let mock = t.mock.as_ref().expect("in-process");
    let jetco_banks: Vec<String> = mock
        .banks()
        .filter(|b| b.dialect == SimulatedDialect::JetcoApix)
        .map(|b| b.id.clone())
        .collect();
    assert_eq!(jetco_banks.len(), 14);
    let mut validated = 0;
    for bank in &jetco_banks {
        // Whole lists for a few banks, a first page for the others (the
        // generator is the same for all, and validation is slow in debug builds).
        let page_size = if ["bea", "ctn", "vab"].contains(&bank.as_str()) {
            500
        } else {
            4
        };
        let operations = spec.operations();
        for list in operations
            .iter()
            .filter(|o| !o.path.ends_with("/{product}"))
        {
            let url = format!("{}{}", t.bank_url(bank), list.path);
            let resp = jetco_get(&format!("{url}?pageSize={page_size}")).await;
            if resp.status() == 404 {
                // A product the bank does not offer: the gateway error body.
                spec.assert_valid("ErrorResponse", &json(resp).await);
                let offers = mock
                    .bank(bank)
                    .and_then(|b| b.catalog().products.keys().next().copied());
                assert!(offers.is_some());
                continue;
            }
            assert_eq!(resp.status(), 200, "{url}");
            let body = json(resp).await;
            spec.assert_valid(&list.schema, &body);
            validated += 1;
            let at = list.items.as_deref().expect("items path");
            let items = items_at(&body, at);
            let total = body["totalElements"].as_u64().unwrap_or(0);
            assert_eq!(items.len() as u64, total.min(page_size));
            let single_path = format!("{}/{{product}}", list.path);
            if let Some(single) = operations.iter().find(|o| o.path == single_path) {
                if let Some(code) = items.first().and_then(|i| i["productCode"].as_str()) {
                    let one = json(jetco_get(&format!("{url}/{code}")).await).await;
                    spec.assert_valid(&single.schema, &one);
                    assert_eq!(items_at(&one, at)[0]["productCode"], code);
                }
                let missing = jetco_get(&format!("{url}/NO-SUCH-PRODUCT")).await;
                assert_eq!(missing.status(), 404);
                spec.assert_valid("ErrorResponse", &json(missing).await);
            }
        }
    }
    assert!(validated >= 14 * 8, "validated {validated} lists");
}

#[tokio::test]
async fn citi_and_airstar_publish_fewer_products() {
    let t = Target::in_process(MockBank::builder()).await;
    let ctn = jetco_get(&format!("{}/locations/v1/depositbox", t.bank_url("ctn"))).await;
    assert_eq!(ctn.status(), 404);
    let vab = jetco_get(&format!("{}/loans/v1/mortgage", t.bank_url("vab"))).await;
    assert_eq!(vab.status(), 404);
    let vab = jetco_get(&format!("{}/loans/v1/unsecuredloan", t.bank_url("vab"))).await;
    assert_eq!(vab.status(), 200);
}

#[tokio::test]
async fn accept_language_switches_text() {
    let t = Target::in_process(MockBank::builder()).await;
    let url = format!("{}/locations/v1/branch?pageSize=1", t.bank_url("bea"));
    let en = json(jetco_get(&url).await).await;
    let hk_resp = client()
        .get(&url)
        .header("X-IBM-Client-Id", hkob_mock_bank::DEFAULT_CLIENT_ID)
        .header("X-IBM-Client-Secret", hkob_mock_bank::DEFAULT_CLIENT_SECRET)
        .header("Accept-Language", "zh-HK,zh;q=0.9")
        .header(
            "x-fapi-interaction-id",
            "93bac548-d2de-4546-b106-880a5018460d",
        )
        .send()
        .await
        .expect("sent");
    assert_eq!(
        hk_resp.headers()["x-fapi-interaction-id"],
        "93bac548-d2de-4546-b106-880a5018460d"
    );
    let hk = json(hk_resp).await;
    let en_name = en["data"]["branches"][0]["branchName"]
        .as_str()
        .expect("name");
    let hk_name = hk["data"]["branches"][0]["branchName"]
        .as_str()
        .expect("name");
    assert!(en_name.is_ascii());
    assert!(!hk_name.is_ascii(), "{hk_name}");
    assert_eq!(
        en["data"]["branches"][0]["branchCode"],
        hk["data"]["branches"][0]["branchCode"]
    );
}

#[tokio::test]
async fn every_bank_has_a_url_and_admin_entry() {
    let t = Target::in_process(MockBank::builder()).await;
    let mock = t.mock.as_ref().expect("in-process");
    assert_eq!(mock.banks().count(), 21);
    assert_eq!(
        mock.bank_url("bea").as_deref(),
        Some(format!("{}/jetco/bea", t.base).as_str())
    );
    assert_eq!(
        mock.bank_url("hsbc").as_deref(),
        Some(format!("{}/hsbc", t.base).as_str())
    );
    assert!(mock.bank_url("nope").is_none());
    let banks = json(
        client()
            .get(format!("{}/__admin/banks", t.base))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let ids: Vec<&str> = banks
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|b| b["id"].as_str())
        .collect();
    for id in [
        "bea", "ctn", "vab", "hsbc", "hangseng", "bochk", "chiyu", "nanyang", "sc", "dbs",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
    let hsbc = banks
        .as_array()
        .expect("array")
        .iter()
        .find(|b| b["id"] == "hsbc")
        .expect("hsbc");
    assert_eq!(hsbc["dialect"], "hsbc-group");
    assert_eq!(hsbc["authStyle"], "client-id-headers");
    // A path the dialect does not have: a 404 in that dialect's envelope.
    let resp = client()
        .get(format!(
            "{}/hsbc/open-banking/v1.0/safe-deposit-boxes",
            t.base
        ))
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), 404);
    assert!(json(resp).await.get("Errors").is_some());
}

#[tokio::test]
async fn jetco_product_currency_follows_the_name() {
    let mock = MockBank::builder()
        .seed(3)
        .banks(["bea"])
        .start()
        .await
        .expect("mock starts");
    let bea = mock.bank_url("bea").expect("bea");
    let body = json(jetco_get(&format!("{bea}/deposits/v1/timedeposit?pageSize=500")).await).await;
    let items = body["data"]["timeDepositProducts"]
        .as_array()
        .expect("items");
    let mut checked = 0;
    for td in items {
        let name = td["productName"].as_str().expect("name");
        for (word, expected) in [("USD", "USD"), ("RMB", "CNY"), ("HKD", "HKD")] {
            if name.contains(word) {
                assert_eq!(td["currencies"][0], expected, "{name}");
                for tier in td["rateInfo"].as_array().expect("tiers") {
                    assert_eq!(tier["currency"], expected, "{name}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 0);
    let fcy = json(jetco_get(&format!("{bea}/deposits/v1/fcy?pageSize=500")).await).await;
    for item in fcy["data"]["fcyProducts"].as_array().expect("items") {
        for tier in item["rateInfo"].as_array().expect("tiers") {
            assert_ne!(tier["currency"], "HKD");
        }
    }
}
