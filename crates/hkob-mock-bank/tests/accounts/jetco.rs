//! JETCO APIX Phase III: every route's answer valid against
//! `specs/phase3-jetco-apix.yaml`, bound to the consent (its permissions,
//! the accounts chosen, its transaction range, its life), paged by
//! `pageSize` / `pageIdx`.

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};
use serde_json::{Value, json};

use crate::flow::{Approval, Bank, Grant, customer_with_accounts, http, login_of, request_id_of};
use crate::support::{Spec, json};

const SPEC: &str = "phase3-jetco-apix.yaml";

const ALL_PERMISSIONS: [&str; 6] = [
    "ReadAccountsDetail",
    "ReadBalances",
    "ReadTransactionsDetail",
    "ReadCards",
    "ReadCardTransactions",
    "ReadAccountsBasic",
];

/// A data call with the TSP's headers, the customer's token and a consent id.
async fn call(
    bank: &Bank,
    grant: &Grant,
    consent_id: Option<&str>,
    path: &str,
) -> reqwest::Response {
    let mut req = http()
        .get(format!("{}{path}", bank.url))
        .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
        .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
        .bearer_auth(&grant.access_token);
    if let Some(id) = consent_id {
        req = req.header("X-Consent-Id", id);
    }
    req.send().await.expect("sent")
}

/// A data call of the grant's own consent; the status and the body.
async fn get(bank: &Bank, grant: &Grant, path: &str) -> (u16, Value) {
    let resp = call(bank, grant, Some(&grant.consent_id), path).await;
    let status = resp.status().as_u16();
    (status, json(resp).await)
}

/// A refusal in the gateway's body, with this status.
fn assert_refused(spec: &Spec, (status, body): &(u16, Value), want: u16) {
    assert_eq!(*status, want, "{body}");
    spec.assert_valid("ErrorResponse", body);
    assert_eq!(body["httpCode"], want.to_string());
}

async fn start(builder: hkob_mock_bank::MockBankBuilder) -> MockBank {
    builder.banks(["bea"]).start().await.expect("mock starts")
}

/// Every consented account and card of the customer, with every permission.
async fn full_grant(mock: &MockBank, customer: &str) -> (Bank, Grant) {
    let bank = Bank::discover(&http(), mock, "bea").await;
    let (username, _) = login_of(customer);
    let grant = bank
        .grant(
            &http(),
            json!({ "permissions": ALL_PERMISSIONS, "expirationDate": "2099-01-01T00:00:00Z" }),
            Approval::Auto(&username),
        )
        .await;
    (bank, grant)
}

#[tokio::test]
async fn every_route_answers_as_the_spec_says() {
    let mock = start(MockBank::builder()).await;
    let spec = Spec::load_file(SPEC);
    let (customer, accounts) = customer_with_accounts(&mock, "bea", 1);
    let (bank, grant) = full_grant(&mock, &customer).await;
    spec.assert_valid("ConsentResponse", &grant.created);
    let read = http()
        .get(format!("{}/{}", bank.consents, grant.consent_id))
        .bearer_auth(&grant.tsp_token)
        .send()
        .await
        .expect("sent");
    let consent = json(read).await;
    spec.assert_valid("ConsentResponse", &consent);
    assert_eq!(consent["data"]["status"], "Authorised");

    let (status, list) = get(&bank, &grant, "/status/v1/accounts").await;
    assert_eq!(status, 200, "{list}");
    spec.assert_valid("AccountListResponse", &list);
    let ids: Vec<&str> = list["data"]["account"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| a["accountId"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, accounts.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(list["data"]["account"][0]["accountNumber"].is_string());
    assert_eq!(list["totalElements"], accounts.len());

    let account = &accounts[0];
    let (status, one) = get(&bank, &grant, &format!("/status/v1/accounts/{account}")).await;
    assert_eq!(status, 200, "{one}");
    spec.assert_valid("AccountListResponse", &one);
    assert_eq!(one["data"]["account"][0]["accountId"], account.as_str());

    let zh = call(
        &bank,
        &grant,
        Some(&grant.consent_id),
        "/status/v1/accounts",
    )
    .await;
    assert_eq!(zh.status(), 200);
    let (status, balances) = get(&bank, &grant, "/balances/v1/accounts/balances").await;
    assert_eq!(status, 200, "{balances}");
    spec.assert_valid("BalanceListResponse", &balances);
    let entries = balances["data"]["accountBalance"][0]["balance"]
        .as_array()
        .expect("balances");
    let kinds: Vec<&str> = entries.iter().filter_map(|b| b["type"].as_str()).collect();
    assert_eq!(
        kinds,
        ["OpeningBalance", "AvailableBalance", "CurrentBalance"]
    );
    let current = mock
        .bank("bea")
        .and_then(|b| b.balance(account))
        .expect("balance");
    assert_eq!(entries[2]["amount"], current.abs().round_dp(2).to_string());

    let (status, one) = get(
        &bank,
        &grant,
        &format!("/balances/v1/accounts/{account}/balances"),
    )
    .await;
    assert_eq!(status, 200, "{one}");
    spec.assert_valid("BalanceListResponse", &one);

    let (status, txns) = get(
        &bank,
        &grant,
        &format!("/transactions/v1/accounts/{account}/transactions?pageSize=50"),
    )
    .await;
    assert_eq!(status, 200, "{txns}");
    spec.assert_valid("TransactionListResponse", &txns);
    let newest = mock
        .bank("bea")
        .and_then(|b| b.transaction(account, 0))
        .expect("newest");
    assert_eq!(txns["data"]["transaction"][0]["transactionId"], newest.id);

    let (status, cards) = get(&bank, &grant, "/cards/v1/cards").await;
    assert_eq!(status, 200, "{cards}");
    spec.assert_valid("CardListResponse", &cards);
    let card = cards["data"]["card"][0]["cardId"]
        .as_str()
        .expect("the first customers hold a card")
        .to_owned();
    let (status, card_txns) = get(
        &bank,
        &grant,
        &format!("/cards/v1/cards/{card}/transactions?pageSize=20"),
    )
    .await;
    assert_eq!(status, 200, "{card_txns}");
    spec.assert_valid("CardTransactionListResponse", &card_txns);
    assert!(
        !card_txns["data"]["transaction"]
            .as_array()
            .expect("items")
            .is_empty()
    );
}

#[tokio::test]
async fn every_seeded_account_and_card_is_valid() {
    // Many customers, every one's accounts and cards through the API.
    let mock = start(MockBank::builder().seed(11).customers_per_bank(12)).await;
    let spec = Spec::load_file(SPEC);
    let mut overdrawn = 0;
    let customers: Vec<String> = mock
        .bank("bea")
        .expect("bea")
        .customers()
        .iter()
        .map(|c| c.id.clone())
        .collect();
    for customer in customers {
        let (bank, grant) = full_grant(&mock, &customer).await;
        for path in [
            "/status/v1/accounts",
            "/balances/v1/accounts/balances",
            "/cards/v1/cards",
        ] {
            let (status, body) = get(&bank, &grant, path).await;
            assert_eq!(status, 200, "{path}: {body}");
            let schema = match path {
                "/status/v1/accounts" => "AccountListResponse",
                "/cards/v1/cards" => "CardListResponse",
                _ => "BalanceListResponse",
            };
            spec.assert_valid(schema, &body);
            overdrawn += body.to_string().matches("\"Debit\"").count();
        }
    }
    assert!(overdrawn > 0, "an overdrawn account now and then");
}

#[tokio::test]
async fn permissions_decide_what_is_read() {
    let mock = start(MockBank::builder()).await;
    let spec = Spec::load_file(SPEC);
    let (customer, accounts) = customer_with_accounts(&mock, "bea", 1);
    let bank = Bank::discover(&http(), &mock, "bea").await;
    let (username, _) = login_of(&customer);
    let grant = bank
        .grant(
            &http(),
            json!({ "permissions": ["ReadAccountsBasic"] }),
            Approval::Auto(&username),
        )
        .await;
    let (status, list) = get(&bank, &grant, "/status/v1/accounts").await;
    assert_eq!(status, 200);
    spec.assert_valid("AccountListResponse", &list);
    assert!(
        list["data"]["account"][0].get("accountNumber").is_none(),
        "no numbers under ReadAccountsBasic"
    );
    let account = &accounts[0];
    for path in [
        "/balances/v1/accounts/balances".to_owned(),
        format!("/balances/v1/accounts/{account}/balances"),
        format!("/transactions/v1/accounts/{account}/transactions"),
        "/cards/v1/cards".to_owned(),
        "/cards/v1/cards/K00011/transactions".to_owned(),
    ] {
        assert_refused(&spec, &get(&bank, &grant, &path).await, 403);
    }

    let grant = bank
        .grant(
            &http(),
            json!({ "permissions": ["ReadBalances"] }),
            Approval::Auto(&username),
        )
        .await;
    assert_refused(&spec, &get(&bank, &grant, "/status/v1/accounts").await, 403);
    let (status, _) = get(&bank, &grant, "/balances/v1/accounts/balances").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn only_the_chosen_accounts_are_served() {
    let mock = start(MockBank::builder()).await;
    let spec = Spec::load_file(SPEC);
    let (customer, accounts) = customer_with_accounts(&mock, "bea", 2);
    let (username, password) = login_of(&customer);
    let bank = Bank::discover(&http(), &mock, "bea").await;
    let grant = bank
        .grant(
            &http(),
            json!({ "permissions": ALL_PERMISSIONS }),
            Approval::Form {
                username: &username,
                password: &password,
                accounts: &[accounts[0].as_str()],
            },
        )
        .await;
    // The choice on the consent page is what the token may read.
    let info = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth")
        .check_bearer(&grant.access_token)
        .expect("a live token");
    assert_eq!(info.account_ids, [accounts[0].clone()]);
    assert_eq!(info.consent_id.as_deref(), Some(grant.consent_id.as_str()));
    let (status, list) = get(&bank, &grant, "/status/v1/accounts").await;
    assert_eq!(status, 200);
    assert_eq!(list["totalElements"], 1);
    assert_eq!(
        list["data"]["account"][0]["accountId"],
        accounts[0].as_str()
    );
    let (_, balances) = get(&bank, &grant, "/balances/v1/accounts/balances").await;
    assert_eq!(balances["totalElements"], 1);
    let other = &accounts[1];
    for path in [
        format!("/status/v1/accounts/{other}"),
        format!("/balances/v1/accounts/{other}/balances"),
        format!("/transactions/v1/accounts/{other}/transactions"),
    ] {
        assert_refused(&spec, &get(&bank, &grant, &path).await, 403);
    }
    // Another customer's account, and one the bank does not have.
    let stranger = mock
        .bank("bea")
        .expect("bea")
        .accounts()
        .iter()
        .find(|a| a.customer_id != customer)
        .expect("another customer's account")
        .id
        .clone();
    assert_refused(
        &spec,
        &get(&bank, &grant, &format!("/status/v1/accounts/{stranger}")).await,
        403,
    );
    assert_refused(
        &spec,
        &get(&bank, &grant, "/status/v1/accounts/A99999").await,
        404,
    );
    // Cards are chosen on the page like accounts: none was, so none is served.
    let (status, cards) = get(&bank, &grant, "/cards/v1/cards").await;
    assert_eq!(status, 200);
    assert_eq!(cards["totalElements"], 0);
    let auth = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth");
    let mine = auth
        .config()
        .customer_by_id(&customer)
        .expect("the customer logs in")
        .card_ids
        .first()
        .expect("the first customers hold a card")
        .clone();
    assert!(mine.starts_with(&format!("K{}", &customer[1..])), "{mine}");
    let mine_path = format!("/cards/v1/cards/{mine}/transactions");
    assert_refused(&spec, &get(&bank, &grant, &mine_path).await, 403);
    // Chosen with an account, the card is served; another customer's never.
    let with_card = bank
        .grant(
            &http(),
            json!({ "permissions": ALL_PERMISSIONS }),
            Approval::Form {
                username: &username,
                password: &password,
                accounts: &[accounts[0].as_str(), mine.as_str()],
            },
        )
        .await;
    let (status, cards) = get(&bank, &with_card, "/cards/v1/cards").await;
    assert_eq!(status, 200);
    assert_eq!(cards["totalElements"], 1);
    assert_eq!(cards["data"]["card"][0]["cardId"], mine.as_str());
    assert_eq!(get(&bank, &with_card, &mine_path).await.0, 200);
    let theirs = if customer == "C0001" {
        "K00021"
    } else {
        "K00011"
    };
    assert_refused(
        &spec,
        &get(
            &bank,
            &with_card,
            &format!("/cards/v1/cards/{theirs}/transactions"),
        )
        .await,
        403,
    );
    assert_refused(
        &spec,
        &get(&bank, &with_card, "/cards/v1/cards/K99999/transactions").await,
        404,
    );
}

#[tokio::test]
async fn the_consent_page_offers_accounts_and_cards_and_only_those_kept_are_served() {
    let mock = start(MockBank::builder()).await;
    let bank = Bank::discover(&http(), &mock, "bea").await;
    let auth = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth");
    let (customer, accounts) = customer_with_accounts(&mock, "bea", 2);
    let (username, password) = login_of(&customer);
    let offered = auth
        .config()
        .customer_by_id(&customer)
        .expect("the customer logs in")
        .clone();
    assert_eq!(offered.account_ids, accounts);
    let card = offered.card_ids.first().expect("a card").clone();

    // The page after signing in: every account and card, ticked, by its label.
    let tsp = bank.tsp_token(&http()).await;
    let created = bank
        .create_consent(&http(), &tsp, json!({ "permissions": ALL_PERMISSIONS }))
        .await;
    let consent_id = created["data"]["consentId"].as_str().expect("id");
    let query = [
        ("response_type", "code".to_owned()),
        ("client_id", DEFAULT_CLIENT_ID.to_owned()),
        ("redirect_uri", "http://127.0.0.1/callback".to_owned()),
        ("scope", "openid accounts".to_owned()),
        (
            "code_challenge",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".to_owned(),
        ),
        ("code_challenge_method", "S256".to_owned()),
        ("consent_id", consent_id.to_owned()),
    ];
    let login = bank.login_page(&http(), &query, consent_id).await;
    let html = bank
        .sign_in(&http(), &request_id_of(&login), &username, &password)
        .await;
    assert_ne!(
        request_id_of(&html),
        request_id_of(&login),
        "a new request id"
    );
    for id in offered.account_ids.iter().chain(&offered.card_ids) {
        assert!(
            html.contains(&format!(
                "<input type=\"checkbox\" name=\"accounts\" id=\"account-{id}\" value=\"{id}\" checked>"
            )),
            "{id}: {html}"
        );
    }
    assert!(html.contains(" account, "), "accounts by label: {html}");
    assert!(
        html.contains(" credit card ending "),
        "cards by label: {html}"
    );
    assert!(
        html.contains("Your credit card transactions"),
        "permissions in words"
    );

    // One account and the card kept: only they are read.
    let kept = [accounts[1].as_str(), card.as_str()];
    let grant = bank
        .grant(
            &http(),
            json!({ "permissions": ALL_PERMISSIONS }),
            Approval::Page {
                username: &username,
                password: &password,
                keep: &kept,
            },
        )
        .await;
    let info = auth
        .check_bearer(&grant.access_token)
        .expect("a live token");
    assert_eq!(info.account_ids, kept);
    let (_, list) = get(&bank, &grant, "/status/v1/accounts").await;
    assert_eq!(list["totalElements"], 1);
    assert_eq!(
        list["data"]["account"][0]["accountId"],
        accounts[1].as_str()
    );
    let (_, cards) = get(&bank, &grant, "/cards/v1/cards").await;
    assert_eq!(cards["totalElements"], 1);
    assert_eq!(cards["data"]["card"][0]["cardId"], card.as_str());
}

#[tokio::test]
async fn the_consent_id_must_be_the_tokens_and_the_client_its_owner() {
    let mock = start(MockBank::builder()).await;
    let spec = Spec::load_file(SPEC);
    let (customer, _) = customer_with_accounts(&mock, "bea", 1);
    let (bank, first) = full_grant(&mock, &customer).await;
    let (_, second) = full_grant(&mock, &customer).await;
    let path = "/status/v1/accounts";
    for consent in [Some(second.consent_id.as_str()), None, Some("nope")] {
        let resp = call(&bank, &first, consent, path).await;
        let status = resp.status().as_u16();
        assert_refused(&spec, &(status, json(resp).await), 403);
    }
    // Without the client headers, the gateway refuses first.
    let resp = http()
        .get(format!("{}{path}", bank.url))
        .bearer_auth(&first.access_token)
        .header("X-Consent-Id", &first.consent_id)
        .send()
        .await
        .expect("sent");
    let status = resp.status().as_u16();
    assert_refused(&spec, &(status, json(resp).await), 401);
    // Without a token, or with the TSP's own.
    let resp = http()
        .get(format!("{}{path}", bank.url))
        .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
        .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
        .header("X-Consent-Id", &first.consent_id)
        .send()
        .await
        .expect("sent");
    assert!(resp.headers().contains_key("www-authenticate"));
    let status = resp.status().as_u16();
    assert_refused(&spec, &(status, json(resp).await), 401);
    let tsp = Grant {
        access_token: first.tsp_token.clone(),
        consent_id: first.consent_id.clone(),
        tsp_token: first.tsp_token.clone(),
        created: Value::Null,
    };
    assert_refused(&spec, &get(&bank, &tsp, path).await, 403);
}

#[tokio::test]
async fn a_revoked_or_expired_consent_is_refused_in_the_envelope() {
    let mock = start(MockBank::builder()).await;
    let spec = Spec::load_file(SPEC);
    let (customer, _) = customer_with_accounts(&mock, "bea", 1);
    let (bank, grant) = full_grant(&mock, &customer).await;
    let path = "/balances/v1/accounts/balances";
    assert_eq!(get(&bank, &grant, path).await.0, 200);
    // A token fault of the scenario grammar.
    let resp = http()
        .get(format!("{}{path}", bank.url))
        .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
        .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
        .header("X-Consent-Id", &grant.consent_id)
        .header("x-mock-scenario", "token=expired")
        .bearer_auth(&grant.access_token)
        .send()
        .await
        .expect("sent");
    let status = resp.status().as_u16();
    assert_refused(&spec, &(status, json(resp).await), 401);

    bank.delete_consent(&http(), &grant.tsp_token, &grant.consent_id)
        .await;
    let refused = get(&bank, &grant, path).await;
    assert_refused(&spec, &refused, 403);
    assert!(
        refused.1["moreInformation"]
            .as_str()
            .is_some_and(|m| m.contains("Revoked")),
        "{}",
        refused.1
    );

    let (_, grant) = full_grant(&mock, &customer).await;
    let auth = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth");
    auth.expire_consent(&grant.consent_id).expect("expired");
    assert_refused(&spec, &get(&bank, &grant, path).await, 403);
}

/// Every item of a transaction list, page after page by `links.next`.
async fn every_page(bank: &Bank, grant: &Grant, first: &str) -> (Vec<Value>, Vec<Value>) {
    let mut pages = Vec::new();
    let mut items = Vec::new();
    let mut next = Some(format!("{}{first}", bank.url));
    while let Some(url) = next {
        let resp = http()
            .get(&url)
            .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
            .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
            .header("X-Consent-Id", &grant.consent_id)
            .bearer_auth(&grant.access_token)
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), 200, "{url}");
        let page = json(resp).await;
        items.extend(
            page["data"]["transaction"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        );
        next = page["links"]["next"].as_str().map(str::to_owned);
        pages.push(page);
        assert!(pages.len() < 1_000, "the pages end");
    }
    (pages, items)
}

#[tokio::test]
async fn transactions_stay_inside_the_consent_and_the_request() {
    let mock = start(MockBank::builder().transactions_per_account(300)).await;
    let spec = Spec::load_file(SPEC);
    let (customer, accounts) = customer_with_accounts(&mock, "bea", 1);
    let account = &accounts[0];
    let handle = mock.bank("bea").expect("bea");
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
    // The consent allows transactions 40..=200 (both ends included).
    let (from, to) = (at(200), at(40));
    let (username, _) = login_of(&customer);
    let bank = Bank::discover(&http(), &mock, "bea").await;
    for (permission, direction) in [
        ("ReadTransactionsDetail", None),
        ("ReadTransactionsCredits", Some("Credit")),
        ("ReadTransactionsDebits", Some("Debit")),
    ] {
        let grant = bank
            .grant(
                &http(),
                json!({
                    "permissions": [permission],
                    "transactionFromDate": instant(from),
                    "transactionToDate": instant(to),
                }),
                Approval::Auto(&username),
            )
            .await;
        let want: Vec<String> = (0..300)
            .filter_map(|i| handle.transaction(account, i))
            .filter(|t| (from..=to).contains(&t.booked_at))
            .filter(|t| direction.is_none_or(|d| format!("{:?}", t.credit_debit) == d))
            .map(|t| t.id)
            .collect();
        let path = format!("/transactions/v1/accounts/{account}/transactions?pageSize=13");
        let (pages, items) = every_page(&bank, &grant, &path).await;
        for page in &pages {
            spec.assert_valid("TransactionListResponse", page);
        }
        let got: Vec<&str> = items
            .iter()
            .map(|t| t["transactionId"].as_str().expect("id"))
            .collect();
        assert_eq!(got, want, "{permission}");
        assert_eq!(pages[0]["totalElements"], want.len());

        // A wider request is cut to the consent; a narrower one narrows.
        let wide = format!(
            "{path}&fromDateTime={}&toDateTime={}",
            instant(at(299)),
            instant(at(0) + 1)
        );
        let (_, wide_items) = every_page(&bank, &grant, &wide).await;
        assert_eq!(wide_items.len(), want.len());
        let narrow = format!(
            "{path}&fromDateTime={}&toDateTime={}",
            instant(at(100)),
            instant(at(60))
        );
        let (narrow_pages, narrow_items) = every_page(&bank, &grant, &narrow).await;
        let narrow_want = (61..=100)
            .filter_map(|i| handle.transaction(account, i))
            .filter(|t| direction.is_none_or(|d| format!("{:?}", t.credit_debit) == d))
            .count();
        assert_eq!(narrow_items.len(), narrow_want, "{permission}");
        assert!(
            narrow_pages[0]["links"]["next"]
                .as_str()
                .is_none_or(|n| n.contains("fromDateTime=")),
            "links keep the range"
        );
        // Entirely outside the consent: nothing.
        let outside = format!("{path}&toDateTime={}", instant(from));
        let (_, none) = every_page(&bank, &grant, &outside).await;
        assert!(none.is_empty());
    }
    let grant = bank
        .grant(
            &http(),
            json!({ "permissions": ["ReadTransactionsBasic"] }),
            Approval::Auto(&username),
        )
        .await;
    let bad = format!("/transactions/v1/accounts/{account}/transactions?fromDateTime=yesterday");
    assert_refused(&spec, &get(&bank, &grant, &bad).await, 400);
}

#[tokio::test]
async fn pages_add_up() {
    let mock = start(MockBank::builder().transactions_per_account(100)).await;
    let spec = Spec::load_file(SPEC);
    let (customer, accounts) = customer_with_accounts(&mock, "bea", 1);
    let (bank, grant) = full_grant(&mock, &customer).await;
    let account = &accounts[0];
    let path = format!("/transactions/v1/accounts/{account}/transactions");
    let (pages, items) = every_page(&bank, &grant, &format!("{path}?pageSize=7")).await;
    assert_eq!(pages.len(), 15);
    assert_eq!(items.len(), 100);
    let last = pages.last().expect("a page");
    assert_eq!(
        last["data"]["transaction"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(last["last"], true);
    assert_eq!(pages[0]["first"], true);
    for page in &pages {
        assert_eq!(page["totalElements"], 100);
        assert_eq!(page["totalPages"], 15);
        assert_eq!(page["pageSize"], 7);
    }
    assert!(
        last["links"]["prev"]
            .as_str()
            .is_some_and(|p| p.contains("pageIdx=14"))
    );
    let (status, beyond) = get(&bank, &grant, &format!("{path}?pageSize=7&pageIdx=16")).await;
    assert_eq!(status, 200);
    spec.assert_valid("TransactionListResponse", &beyond);
    assert_eq!(
        beyond["data"]["transaction"].as_array().map(Vec::len),
        Some(0)
    );
    assert!(beyond["links"].get("next").is_none());
    let ids: std::collections::HashSet<&str> = items
        .iter()
        .filter_map(|t| t["transactionId"].as_str())
        .collect();
    assert_eq!(ids.len(), 100, "no item twice");
    for bad in ["pageSize=0", "pageIdx=0", "pageSize=x", "pageIdx=-2"] {
        assert_refused(
            &spec,
            &get(&bank, &grant, &format!("{path}?{bad}")).await,
            400,
        );
    }
    // A page size above the most is cut to it.
    let (_, big) = get(&bank, &grant, &format!("{path}?pageSize=100000")).await;
    assert_eq!(big["pageSize"], 500);
    // Card transactions page the same way.
    let (_, cards) = get(&bank, &grant, "/cards/v1/cards").await;
    let card = cards["data"]["card"][0]["cardId"]
        .as_str()
        .expect("card")
        .to_owned();
    let (card_pages, card_items) = every_page(
        &bank,
        &grant,
        &format!("/cards/v1/cards/{card}/transactions?pageSize=9"),
    )
    .await;
    assert_eq!(card_items.len(), 100);
    assert_eq!(card_pages.len(), 12);
    for page in &card_pages {
        spec.assert_valid("CardTransactionListResponse", page);
    }
}

#[tokio::test]
async fn the_last_page_of_a_million_transactions() {
    let mock = start(MockBank::builder().transactions_per_account(1_000_000)).await;
    let spec = Spec::load_file(SPEC);
    let (customer, accounts) = customer_with_accounts(&mock, "bea", 1);
    let (bank, grant) = full_grant(&mock, &customer).await;
    let account = &accounts[0];
    let path = format!("/transactions/v1/accounts/{account}/transactions?pageSize=500");
    let (status, last) = get(&bank, &grant, &format!("{path}&pageIdx=2000")).await;
    assert_eq!(status, 200);
    spec.assert_valid("TransactionListResponse", &last);
    assert_eq!(last["totalElements"], 1_000_000);
    assert_eq!(last["totalPages"], 2_000);
    assert_eq!(last["last"], true);
    let items = last["data"]["transaction"].as_array().expect("items");
    assert_eq!(items.len(), 500);
    let oldest = mock
        .bank("bea")
        .and_then(|b| b.transaction(account, 999_999))
        .expect("oldest");
    assert_eq!(items[499]["transactionId"], oldest.id);
    let (_, beyond) = get(&bank, &grant, &format!("{path}&pageIdx=2001")).await;
    assert_eq!(
        beyond["data"]["transaction"].as_array().map(Vec::len),
        Some(0)
    );
}

#[tokio::test]
async fn availability_needs_the_tsp_token() {
    let mock = start(MockBank::builder()).await;
    let spec = Spec::load_file(SPEC);
    let (customer, _) = customer_with_accounts(&mock, "bea", 1);
    let (bank, grant) = full_grant(&mock, &customer).await;
    let name = mock
        .bank("bea")
        .and_then(|b| b.customers().iter().find(|c| c.id == customer).cloned())
        .expect("customer")
        .name_en;
    let (last, first) = name.split_once(' ').expect("two names");
    let check = |token: String, body: Value| {
        let bank_url = bank.url.clone();
        async move {
            let resp = http()
                .post(format!("{bank_url}/availability/v1/accounts/availability"))
                .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
                .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("sent");
            let status = resp.status().as_u16();
            (status, json(resp).await)
        }
    };
    let names = json!({ "data": [
        { "paramName": "FirstName", "paramValue": first.to_uppercase() },
        { "paramName": "LastName", "paramValue": format!("  {last} ") },
    ]});
    let (status, yes) = check(grant.tsp_token.clone(), names.clone()).await;
    assert_eq!(status, 200, "{yes}");
    spec.assert_valid("AvailabilityResponse", &yes);
    assert_eq!(yes["data"]["status"], "Yes");
    let (_, no) = check(
        grant.tsp_token.clone(),
        json!({ "data": [{ "paramName": "LastName", "paramValue": "Nobody" }] }),
    )
    .await;
    assert_eq!(no["data"]["status"], "No");
    let masked = json!({ "data": [{ "paramName": "HKID", "paramValue": "A1*****(*)" }] });
    assert_refused(&spec, &check(grant.tsp_token.clone(), masked).await, 400);
    assert_refused(&spec, &check(grant.tsp_token.clone(), json!({})).await, 400);
    assert_refused(&spec, &check(grant.access_token.clone(), names).await, 401);
}

#[tokio::test]
async fn odd_inputs_are_refused_in_the_envelope() {
    let mock = start(MockBank::builder()).await;
    let spec = Spec::load_file(SPEC);
    let (customer, accounts) = customer_with_accounts(&mock, "bea", 1);
    let (bank, grant) = full_grant(&mock, &customer).await;
    let account = &accounts[0];
    let txns = format!("/transactions/v1/accounts/{account}/transactions");
    for path in [
        format!("{txns}?pageIdx=4294967295&pageSize=4294967295"),
        format!("{txns}?pageIdx=99999999999999999999"),
        format!("{txns}?fromDateTime=%FF%FE&toDateTime="),
        format!("{txns}?fromDateTime=9999-12-31T23:59:59Z&toDateTime=0001-01-01T00:00:00Z"),
        format!("{txns}?fromDateTime=2025-01-01T00:00:00.999999999-23:59"),
        "/status/v1/accounts/%FF".to_owned(),
        format!("/status/v1/accounts/{}", "A".repeat(5_000)),
        "/cards/v1/cards/%00/transactions".to_owned(),
        "/cards/v1/cards?pageSize=&pageIdx=".to_owned(),
    ] {
        let (status, body) = get(&bank, &grant, &path).await;
        match status {
            200 => spec.assert_valid("TransactionListResponse", &body),
            400 | 404 => spec.assert_valid("ErrorResponse", &body),
            other => panic!("{path}: {other} {body}"),
        }
    }
    for body in [
        json!(null),
        json!([]),
        json!({ "data": {} }),
        json!({ "data": [null, 1, "x"] }),
        json!({ "data": [{ "paramName": "HKID", "paramValue": 7 }] }),
        json!({ "data": [{ "paramName": "HKID", "paramValue": "" }] }),
    ] {
        let resp = http()
            .post(format!(
                "{}/availability/v1/accounts/availability",
                bank.url
            ))
            .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
            .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
            .bearer_auth(&grant.tsp_token)
            .json(&body)
            .send()
            .await
            .expect("sent");
        let status = resp.status().as_u16();
        let answer = json(resp).await;
        match status {
            200 => spec.assert_valid("AvailabilityResponse", &answer),
            400 => spec.assert_valid("ErrorResponse", &answer),
            other => panic!("{body}: {other} {answer}"),
        }
    }
}
