//! Each bank's authorization server, and bearer-token faults delegated to it.

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank, NewConsent};
use serde_json::json;

use crate::support::{Target, client, json};

async fn whoami(t: &Target, bank: &str, token: &str, scenario: Option<&str>) -> reqwest::Response {
    let mut req = client()
        .get(format!("{}/__mock/whoami", t.bank_url(bank)))
        .bearer_auth(token);
    if let Some(s) = scenario {
        req = req.header("x-mock-scenario", s);
    }
    req.send().await.expect("sent")
}

pub async fn check_tokens(t: &Target) {
    let http = client();
    // Discovery: the issuer is the bank's base URL.
    let disco = json(
        http.get(format!(
            "{}/.well-known/openid-configuration",
            t.bank_url("hsbc")
        ))
        .send()
        .await
        .expect("sent"),
    )
    .await;
    assert_eq!(disco["issuer"], t.bank_url("hsbc"));
    let token_endpoint = disco["token_endpoint"]
        .as_str()
        .expect("token endpoint")
        .to_owned();

    // A client-credentials token works at the bank that issued it only.
    let resp = http
        .post(&token_endpoint)
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), 200);
    let token = json(resp).await["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let me = whoami(t, "hsbc", &token, None).await;
    assert_eq!(me.status(), 200);
    assert_eq!(json(me).await["clientId"], DEFAULT_CLIENT_ID);
    assert_eq!(whoami(t, "bochk", &token, None).await.status(), 401);

    // Token faults by header.
    for (scenario, text) in [("token=expired", "expired"), ("token=revoked", "revoked")] {
        let resp = whoami(t, "hsbc", &token, Some(scenario)).await;
        assert_eq!(resp.status(), 401);
        let www = resp.headers()["www-authenticate"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(www.contains("invalid_token") && www.contains(text), "{www}");
    }

    // Expire every token of the bank through the admin API.
    let expired = json(
        http.post(format!("{}/__admin/banks/hsbc/tokens/expire", t.base))
            .json(&json!({}))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert!(expired["expired"].as_u64().is_some_and(|n| n >= 1));
    assert_eq!(whoami(t, "hsbc", &token, None).await.status(), 401);

    // Mint, then revoke, through the admin API.
    let minted = json(
        http.post(format!("{}/__admin/banks/hsbc/tokens", t.base))
            .json(&json!({"scopes": ["accounts"], "customer": "chantaiman"}))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let minted = minted["accessToken"].as_str().expect("token").to_owned();
    let me = json(whoami(t, "hsbc", &minted, None).await).await;
    assert_eq!(me["customerId"], "C0001");
    assert!(me["accountIds"].as_array().is_some_and(|a| !a.is_empty()));
    let revoked = json(
        http.post(format!("{}/__admin/banks/hsbc/tokens/revoke", t.base))
            .json(&json!({"token": minted}))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(revoked["revoked"], true);
    assert_eq!(whoami(t, "hsbc", &minted, None).await.status(), 401);
}

#[tokio::test]
async fn tokens_in_process() {
    check_tokens(&Target::in_process(MockBank::builder().banks(["hsbc", "bochk"])).await).await;
}

#[tokio::test]
async fn consents_are_revoked_through_the_admin_api() {
    let t = Target::in_process(MockBank::builder().banks(["bea"])).await;
    let mock = t.mock.as_ref().expect("mock");
    let auth = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth server")
        .clone();
    assert_eq!(auth.issuer(), t.bank_url("bea"));
    let consent = auth.create_consent(DEFAULT_CLIENT_ID, NewConsent::default());
    let url = format!(
        "{}/__admin/banks/bea/consents/{}",
        t.base, consent.consent_id
    );
    let read = json(client().get(&url).send().await.expect("sent")).await;
    assert_eq!(read["status"], "AwaitingAuthorisation");
    let revoked = client()
        .post(format!("{url}/revoke"))
        .send()
        .await
        .expect("sent");
    assert_eq!(revoked.status(), 200);
    assert_eq!(json(revoked).await["status"], "Revoked");
    let missing = client()
        .post(format!("{}/__admin/banks/bea/consents/nope/revoke", t.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(missing.status(), 404);
}
