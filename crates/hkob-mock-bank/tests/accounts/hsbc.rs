//! HSBC group Phase III: every route's answer valid against
//! `specs/phase3-hsbc-group.yaml`, bound to the consent, lists paged by
//! `links.next`, the availability check per detail, and event polling.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkob_mock_bank::MockBank;
use serde_json::{Value, json};

use crate::flow::{Approval, Bank, Grant, customer_with_accounts, http, login_of};
use crate::support::{Spec, json};

const SPEC: &str = "phase3-hsbc-group.yaml";
const BASE: &str = "/open-banking/v1.0";

const ALL_PERMISSIONS: [&str; 5] = [
    "ReadAccountsDetail",
    "ReadBalances",
    "ReadAccountStatus",
    "ReadTransactionsDetail",
    "ReadAccountsBasic",
];

/// GET with a bearer token: the status and the body.
async fn get_with(url: &str, token: &str) -> (u16, Value) {
    let resp = http()
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .expect("sent");
    if url.contains("/accounts") {
        assert!(
            resp.headers().contains_key("x-fapi-interaction-id"),
            "every account answer has an interaction id"
        );
    }
    let status = resp.status().as_u16();
    (status, json(resp).await)
}

/// GET a path below the bank with the customer's token.
async fn get(bank: &Bank, grant: &Grant, path: &str) -> (u16, Value) {
    get_with(&format!("{}{BASE}{path}", bank.url), &grant.access_token).await
}

/// A POST with a bearer token.
async fn post(bank: &Bank, token: &str, path: &str, body: &Value) -> (u16, Value) {
    let resp = http()
        .post(format!("{}{BASE}{path}", bank.url))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("sent");
    let status = resp.status().as_u16();
    (status, json(resp).await)
}

/// A refusal in `ErrorInfo`, with this status and code.
fn assert_refused(spec: &Spec, (status, body): &(u16, Value), want: u16, code: &str) {
    assert_eq!(*status, want, "{body}");
    spec.assert_valid("ErrorInfo", body);
    assert_eq!(body["errors"][0]["code"], code, "{body}");
}

async fn grant(mock: &MockBank, bank_id: &str, customer: &str, data: Value) -> (Bank, Grant) {
    let bank = Bank::discover(&http(), mock, bank_id).await;
    let (username, _) = login_of(customer);
    let grant = bank.grant(&http(), data, Approval::Auto(&username)).await;
    (bank, grant)
}

/// Every item of a list, following `links.next`.
async fn every_page(first: &str, token: &str, key: &str) -> (Vec<Value>, Vec<Value>) {
    let mut pages = Vec::new();
    let mut items = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(url) = next {
        let (status, page) = get_with(&url, token).await;
        assert_eq!(status, 200, "{url}: {page}");
        items.extend(page["data"][key].as_array().cloned().unwrap_or_default());
        next = page["links"]["next"].as_str().map(str::to_owned);
        pages.push(page);
        assert!(pages.len() < 1_000, "the pages end");
    }
    (pages, items)
}

#[tokio::test]
async fn every_route_at_both_banks_answers_as_the_spec_says() {
    let mock = MockBank::builder()
        .banks(["hsbc", "hangseng"])
        .start()
        .await
        .expect("starts");
    let spec = Spec::load_file(SPEC);
    for bank_id in ["hsbc", "hangseng"] {
        let (customer, accounts) = customer_with_accounts(&mock, bank_id, 1);
        let (bank, grant) = grant(
            &mock,
            bank_id,
            &customer,
            json!({ "permissions": ALL_PERMISSIONS, "expirationDate": "2099-01-01T00:00:00Z" }),
        )
        .await;
        assert!(
            bank.consents
                .ends_with("/open-banking/v1.0/account-access-consents"),
            "{}",
            bank.consents
        );
        spec.assert_valid("AccountConsentResponse", &grant.created);
        let (status, consent) = get_with(
            &format!("{}/{}", bank.consents, grant.consent_id),
            &grant.tsp_token,
        )
        .await;
        assert_eq!(status, 200);
        spec.assert_valid("AccountConsentResponse", &consent);

        let (status, list) = get(&bank, &grant, "/accounts").await;
        assert_eq!(status, 200, "{list}");
        spec.assert_valid("AccountListResponse", &list);
        assert_eq!(
            list["data"]["account"].as_array().map(Vec::len),
            Some(accounts.len())
        );
        assert!(list["data"]["account"][0]["accountNumber"].is_string());
        assert!(list["data"]["account"][0]["accountName"].is_string());
        assert_eq!(list["meta"]["totalPages"], 1);

        let account = &accounts[0];
        for (path, schema) in [
            (format!("/accounts/{account}"), "AccountListResponse"),
            (
                format!("/accounts/{account}/status"),
                "AccountStatusResponse",
            ),
            (
                format!("/accounts/{account}/balances"),
                "AccountBalanceResponse",
            ),
            (
                format!("/accounts/{account}/transactions"),
                "AccountTransactionResponse",
            ),
        ] {
            let (status, body) = get(&bank, &grant, &path).await;
            assert_eq!(status, 200, "{bank_id} {path}: {body}");
            spec.assert_valid(schema, &body);
            assert!(
                body["links"]["self"]
                    .as_str()
                    .is_some_and(|s| s.starts_with(&bank.url)),
                "absolute links"
            );
        }
        let (_, txns) = get(&bank, &grant, &format!("/accounts/{account}/transactions")).await;
        assert!(txns["data"]["transaction"][0]["transactionInformation"].is_string());
    }
}

#[tokio::test]
async fn permissions_and_chosen_accounts_bind_the_data() {
    let mock = MockBank::builder()
        .banks(["hsbc"])
        .start()
        .await
        .expect("starts");
    let spec = Spec::load_file(SPEC);
    let (customer, accounts) = customer_with_accounts(&mock, "hsbc", 2);
    let (bank, basic) = grant(
        &mock,
        "hsbc",
        &customer,
        json!({ "permissions": ["ReadAccountsBasic", "ReadTransactionsBasic"] }),
    )
    .await;
    let (_, list) = get(&bank, &basic, "/accounts").await;
    spec.assert_valid("AccountListResponse", &list);
    let first = &list["data"]["account"][0];
    assert!(first.get("accountNumber").is_none() && first.get("accountName").is_none());
    let account = &accounts[0];
    let (_, txns) = get(&bank, &basic, &format!("/accounts/{account}/transactions")).await;
    spec.assert_valid("AccountTransactionResponse", &txns);
    assert!(
        txns["data"]["transaction"][0]
            .get("transactionInformation")
            .is_none(),
        "no narrative under ReadTransactionsBasic"
    );
    for path in [
        format!("/accounts/{account}/balances"),
        format!("/accounts/{account}/status"),
    ] {
        assert_refused(
            &spec,
            &get(&bank, &basic, &path).await,
            403,
            "HK.HKMA.Consent.Invalid",
        );
    }

    // The consent page offers the accounts only: the HSBC group serves no cards.
    let offered = mock
        .bank("hsbc")
        .and_then(|b| b.auth_server())
        .expect("auth")
        .config()
        .customer_by_id(&customer)
        .expect("the customer logs in")
        .clone();
    assert_eq!(offered.account_ids, accounts);
    assert!(offered.card_ids.is_empty(), "{offered:?}");
    let (username, password) = login_of(&customer);
    let chosen = bank
        .grant(
            &http(),
            json!({ "permissions": ALL_PERMISSIONS }),
            Approval::Page {
                username: &username,
                password: &password,
                keep: &[accounts[1].as_str()],
            },
        )
        .await;
    let (_, list) = get(&bank, &chosen, "/accounts").await;
    assert_eq!(list["data"]["account"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        list["data"]["account"][0]["accountId"],
        accounts[1].as_str()
    );
    for path in [
        format!("/accounts/{account}"),
        format!("/accounts/{account}/balances"),
        format!("/accounts/{account}/status"),
        format!("/accounts/{account}/transactions"),
    ] {
        assert_refused(
            &spec,
            &get(&bank, &chosen, &path).await,
            403,
            "HK.HKMA.Consent.Invalid",
        );
    }
    assert_refused(
        &spec,
        &get(&bank, &chosen, "/accounts/A99999/balances").await,
        404,
        "HK.HKMA.Resource.NotFound",
    );
    // The TSP's own token reads no customer data; no token is a 401.
    assert_refused(
        &spec,
        &get_with(&format!("{}{BASE}/accounts", bank.url), &chosen.tsp_token).await,
        403,
        "HK.HKMA.Consent.Invalid",
    );
    let resp = http()
        .get(format!("{}{BASE}/accounts", bank.url))
        .send()
        .await
        .expect("sent");
    let status = resp.status().as_u16();
    assert_refused(
        &spec,
        &(status, json(resp).await),
        401,
        "HK.HKMA.Token.Invalid",
    );
}

#[tokio::test]
async fn a_deleted_consent_is_refused_and_its_events_tell_why() {
    let mock = MockBank::builder()
        .banks(["hsbc"])
        .start()
        .await
        .expect("starts");
    let spec = Spec::load_file(SPEC);
    let (customer, _) = customer_with_accounts(&mock, "hsbc", 1);
    let (bank, grant) = grant(
        &mock,
        "hsbc",
        &customer,
        json!({ "permissions": ALL_PERMISSIONS }),
    )
    .await;
    let poll = |ack: Vec<String>, max: u64| json!({ "ack": ack, "returnImmediately": true, "maxEvents": max });
    let (status, first) = post(&bank, &grant.access_token, "/events", &poll(vec![], 10)).await;
    assert_eq!(status, 200, "{first}");
    spec.assert_valid("NotificationEventResponse", &first);
    let sets = first["sets"].as_object().expect("sets");
    assert_eq!(sets.len(), 1, "the linked-accounts event");
    assert_eq!(first["moreAvailable"], false);
    let (jti, set) = sets.iter().next().expect("one");
    let claims = verify(&bank, set.as_str().expect("a JWS")).await;
    assert_eq!(claims["jti"], jti.as_str());
    assert_eq!(claims["sub"], grant.consent_id.as_str());
    // Not acknowledged: sent again. Acknowledged: gone.
    let (_, again) = post(&bank, &grant.access_token, "/events", &poll(vec![], 10)).await;
    assert!(again["sets"].get(jti).is_some());
    let (_, acked) = post(
        &bank,
        &grant.access_token,
        "/events",
        &poll(vec![jti.clone()], 10),
    )
    .await;
    assert_eq!(acked["sets"].as_object().map(|s| s.len()), Some(0));

    bank.delete_consent(&http(), &grant.tsp_token, &grant.consent_id)
        .await;
    let refused = get(&bank, &grant, "/accounts").await;
    assert_refused(&spec, &refused, 403, "HK.HKMA.Consent.Invalid");
    assert!(
        refused.1["errors"][0]["causes"]
            .as_str()
            .is_some_and(|c| c.contains("Revoked"))
    );
    // The revocation is an event of the consent.
    let (_, none) = post(&bank, &grant.access_token, "/events", &poll(vec![], 0)).await;
    assert_eq!(none["sets"].as_object().map(|s| s.len()), Some(0));
    assert_eq!(none["moreAvailable"], true);
    let (status, revoked) = post(&bank, &grant.access_token, "/events", &poll(vec![], 10)).await;
    assert_eq!(status, 200);
    spec.assert_valid("NotificationEventResponse", &revoked);
    let (_, set) = revoked["sets"]
        .as_object()
        .and_then(|s| s.iter().next())
        .expect("the revocation");
    let claims = verify(&bank, set.as_str().expect("a JWS")).await;
    assert!(
        claims["events"]
            .get("urn:uk:org:openbanking:events:consent-authorization-revoked")
            .is_some(),
        "{claims}"
    );
    assert_refused(
        &spec,
        &post(
            &bank,
            &grant.access_token,
            "/events",
            &json!({ "maxEvents": 1 }),
        )
        .await,
        400,
        "HK.HKMA.Field.Missing",
    );
    assert_refused(
        &spec,
        &post(&bank, "nope", "/events", &poll(vec![], 1)).await,
        401,
        "HK.HKMA.Token.Invalid",
    );
}

/// The claims of a security event token, after checking its signature
/// against the bank's published event key.
async fn verify(bank: &Bank, token: &str) -> Value {
    let jwks = json(
        http()
            .get(format!("{}/__mock/events/jwks.json", bank.url))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let jwk: jsonwebtoken::jwk::Jwk =
        serde_json::from_value(jwks["keys"][0].clone()).expect("a JWK");
    let key = jsonwebtoken::DecodingKey::from_jwk(&jwk).expect("a key");
    let header = jsonwebtoken::decode_header(token).expect("a header");
    assert_eq!(header.typ.as_deref(), Some("secevent+jwt"));
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let data = jsonwebtoken::decode::<Value>(token, &key, &validation).expect("signed");
    let payload = token.split('.').nth(1).expect("payload");
    let raw: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64")).expect("json");
    assert_eq!(raw, data.claims);
    data.claims
}

#[tokio::test]
async fn links_next_walks_every_page() {
    let mock = MockBank::builder()
        .banks(["hangseng"])
        .default_page_size(1)
        .transactions_per_account(40)
        .start()
        .await
        .expect("starts");
    let spec = Spec::load_file(SPEC);
    let (customer, accounts) = customer_with_accounts(&mock, "hangseng", 2);
    let (bank, grant) = grant(
        &mock,
        "hangseng",
        &customer,
        json!({ "permissions": ALL_PERMISSIONS }),
    )
    .await;
    let (pages, items) = every_page(
        &format!("{}{BASE}/accounts", bank.url),
        &grant.access_token,
        "account",
    )
    .await;
    assert_eq!(items.len(), accounts.len());
    assert_eq!(pages.len(), accounts.len());
    for page in &pages {
        spec.assert_valid("AccountListResponse", page);
        assert_eq!(page["meta"]["totalPages"], accounts.len());
    }
    assert!(pages[1]["links"]["prev"].is_string());

    let account = &accounts[0];
    let handle = mock.bank("hangseng").expect("bank");
    let at = |i: u64| {
        handle
            .transaction(account, i)
            .expect("transaction")
            .booked_at
    };
    let instant = |secs: i64| {
        chrono::DateTime::from_timestamp(secs, 0)
            .expect("instant")
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    // Both booking bounds are included.
    let url = format!(
        "{}{BASE}/accounts/{account}/transactions?fromBookingDateTime={}&toBookingDateTime={}",
        bank.url,
        instant(at(30)),
        instant(at(10))
    );
    let (pages, items) = every_page(&url, &grant.access_token, "transaction").await;
    assert_eq!(items.len(), 21);
    assert_eq!(
        items[0]["transactionId"],
        handle.transaction(account, 10).expect("t").id
    );
    for page in &pages {
        spec.assert_valid("AccountTransactionResponse", page);
        assert_eq!(page["meta"]["totalPages"], 21);
    }
    let (status, beyond) = get_with(&format!("{url}&page=22"), &grant.access_token).await;
    assert_eq!(status, 200);
    assert_eq!(
        beyond["data"]["transaction"].as_array().map(Vec::len),
        Some(0)
    );
    assert!(beyond["links"].get("next").is_none());
    assert_refused(
        &spec,
        &get_with(&format!("{url}&page=0"), &grant.access_token).await,
        400,
        "HK.HKMA.Field.Invalid",
    );
    assert_refused(
        &spec,
        &get(
            &bank,
            &grant,
            &format!("/accounts/{account}/transactions?toBookingDateTime=later"),
        )
        .await,
        400,
        "HK.HKMA.Field.Invalid",
    );
}

#[tokio::test]
async fn a_million_transactions_and_credits_only() {
    let mock = MockBank::builder()
        .banks(["hsbc"])
        .transactions_per_account(1_000_000)
        .start()
        .await
        .expect("starts");
    let spec = Spec::load_file(SPEC);
    let (customer, accounts) = customer_with_accounts(&mock, "hsbc", 1);
    let account = &accounts[0];
    let (bank, grant) = grant(
        &mock,
        "hsbc",
        &customer,
        json!({ "permissions": ["ReadTransactionsCredits"] }),
    )
    .await;
    let url = format!("{}{BASE}/accounts/{account}/transactions", bank.url);
    let (_, first) = get_with(&url, &grant.access_token).await;
    // 3 credits in every 8 transactions; 10 per page.
    assert_eq!(first["meta"]["totalPages"], 37_500);
    let (status, last) = get_with(&format!("{url}?page=37500"), &grant.access_token).await;
    assert_eq!(status, 200);
    spec.assert_valid("AccountTransactionResponse", &last);
    let items = last["data"]["transaction"].as_array().expect("items");
    assert_eq!(items.len(), 10);
    assert!(items.iter().all(|t| t["creditDebitIndicator"] == "Credit"));
    assert!(last["links"].get("next").is_none());
    let oldest = items[9]["transactionId"].as_str().expect("id");
    let index: u64 = oldest
        .rsplit('-')
        .next()
        .and_then(|i| i.parse().ok())
        .expect("index");
    assert!(
        index >= 999_992,
        "the last credits of the history: {oldest}"
    );
}

#[tokio::test]
async fn availability_answers_per_detail() {
    let mock = MockBank::builder()
        .banks(["hsbc"])
        .start()
        .await
        .expect("starts");
    let spec = Spec::load_file(SPEC);
    let (customer, _) = customer_with_accounts(&mock, "hsbc", 1);
    let (bank, grant) = grant(
        &mock,
        "hsbc",
        &customer,
        json!({ "permissions": ["ReadBalances"] }),
    )
    .await;
    let name = mock
        .bank("hsbc")
        .and_then(|b| b.customers().iter().find(|c| c.id == customer).cloned())
        .expect("customer")
        .name_en;
    let (last, first) = name.split_once(' ').expect("two names");
    let body = json!({ "data": [
        { "paramName": "FirstName", "paramValue": first.to_lowercase() },
        { "paramName": "LastName", "paramValue": "Nobody" },
        { "paramName": "TravelDocumentNumber", "paramValue": "H1*******" },
    ]});
    let (status, answer) = post(&bank, &grant.tsp_token, "/accounts/availability", &body).await;
    assert_eq!(status, 200, "{answer}");
    spec.assert_valid("AccountAvailabilityResponse", &answer);
    let statuses: Vec<&str> = answer["data"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["status"].as_str())
        .collect();
    assert_eq!(statuses, ["true", "false", "Error"]);
    let _ = last;
    assert_refused(
        &spec,
        &post(
            &bank,
            &grant.tsp_token,
            "/accounts/availability",
            &json!({ "data": [] }),
        )
        .await,
        400,
        "HK.HKMA.Field.Invalid",
    );
    assert_refused(
        &spec,
        &post(&bank, &grant.access_token, "/accounts/availability", &body).await,
        401,
        "HK.HKMA.Token.Invalid",
    );
}

#[tokio::test]
async fn odd_inputs_are_refused_in_the_envelope() {
    let mock = MockBank::builder()
        .banks(["hsbc"])
        .start()
        .await
        .expect("starts");
    let spec = Spec::load_file(SPEC);
    let (customer, accounts) = customer_with_accounts(&mock, "hsbc", 1);
    let (bank, grant) = grant(
        &mock,
        "hsbc",
        &customer,
        json!({ "permissions": ALL_PERMISSIONS }),
    )
    .await;
    let account = &accounts[0];
    let txns = format!("/accounts/{account}/transactions");
    for path in [
        format!("{txns}?page=4294967295"),
        format!("{txns}?page=99999999999999999999"),
        format!("{txns}?fromBookingDateTime=%FF"),
        format!(
            "{txns}?fromBookingDateTime=9999-12-31T23:59:59Z&toBookingDateTime=0001-01-01T00:00:00Z"
        ),
        "/accounts/%FF/balances".to_owned(),
        format!("/accounts/{}/status", "A".repeat(5_000)),
        "/accounts?page=".to_owned(),
    ] {
        let (status, body) = get(&bank, &grant, &path).await;
        match status {
            200 => spec.assert_valid("AccountTransactionResponse", &body),
            400 | 404 => spec.assert_valid("ErrorInfo", &body),
            other => panic!("{path}: {other} {body}"),
        }
    }
    for (path, token) in [
        ("/events", grant.access_token.as_str()),
        ("/accounts/availability", grant.tsp_token.as_str()),
    ] {
        for body in [
            json!(null),
            json!({ "data": "x", "ack": {}, "maxEvents": 1e300, "returnImmediately": "yes" }),
            json!({ "ack": [null], "returnImmediately": false, "maxEvents": 18446744073709551615_u64 }),
            json!({ "data": [{ "paramName": "LastName", "paramValue": "" }] }),
        ] {
            let (status, answer) = post(&bank, token, path, &body).await;
            match status {
                200 => {}
                400 => spec.assert_valid("ErrorInfo", &answer),
                other => panic!("{path} {body}: {other} {answer}"),
            }
        }
    }
}
