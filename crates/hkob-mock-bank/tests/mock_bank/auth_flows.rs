//! The customer-consent flows a TSP walks, against the whole mock bank: the
//! authorization code with PKCE through the HTML form and through the
//! non-interactive path, and refresh-token rotation with reuse detection.
//! The same checks run in-process and against the binary.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};
use serde_json::Value;

use crate::support::{Target, json};

const REDIRECT: &str = "http://127.0.0.1/callback";

fn no_redirects() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

struct Endpoints {
    issuer: String,
    authorize: String,
    token: String,
}

async fn discover(http: &reqwest::Client, bank_url: &str) -> Endpoints {
    let disco = json(
        http.get(format!("{bank_url}/.well-known/openid-configuration"))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let text = |key: &str| disco[key].as_str().expect(key).to_owned();
    Endpoints {
        issuer: text("issuer"),
        authorize: text("authorization_endpoint"),
        token: text("token_endpoint"),
    }
}

/// A PKCE verifier and its S256 challenge.
fn pkce(seed: &str) -> (String, String) {
    let verifier = format!("verifier-{seed}-{}", "x".repeat(40));
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    (verifier, URL_SAFE_NO_PAD.encode(digest.as_ref()))
}

fn authorize_query(challenge: &str, state: &str) -> Vec<(&'static str, String)> {
    vec![
        ("response_type", "code".into()),
        ("client_id", DEFAULT_CLIENT_ID.into()),
        ("redirect_uri", REDIRECT.into()),
        ("scope", "openid accounts".into()),
        ("state", state.into()),
        ("nonce", format!("nonce-{state}")),
        ("code_challenge", challenge.into()),
        ("code_challenge_method", "S256".into()),
    ]
}

/// The `code` of a redirect to the TSP, after checking `state` and `iss`.
fn code_from(resp: &reqwest::Response, state: &str, issuer: &str) -> String {
    assert!(
        matches!(resp.status().as_u16(), 302 | 303),
        "expected a redirect to the TSP, got {}",
        resp.status()
    );
    let location = resp.headers()["location"].to_str().expect("ascii");
    let url = url::Url::parse(location).expect("absolute redirect");
    assert!(location.starts_with(REDIRECT), "{location}");
    let pairs: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(pairs.get("state").map(String::as_str), Some(state));
    assert_eq!(pairs.get("iss").map(String::as_str), Some(issuer));
    pairs.get("code").expect("a code").clone()
}

async fn token(http: &reqwest::Client, e: &Endpoints, form: &[(&str, &str)]) -> reqwest::Response {
    http.post(&e.token)
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .form(form)
        .send()
        .await
        .expect("sent")
}

async fn exchange(http: &reqwest::Client, e: &Endpoints, code: &str, verifier: &str) -> Value {
    let resp = token(
        http,
        e,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ],
    )
    .await;
    assert_eq!(resp.status(), 200);
    json(resp).await
}

async fn whoami(http: &reqwest::Client, bank_url: &str, token: &str) -> reqwest::Response {
    http.get(format!("{bank_url}/__mock/whoami"))
        .bearer_auth(token)
        .send()
        .await
        .expect("sent")
}

pub async fn check_auth_flows(t: &Target) {
    let http = no_redirects();
    let bank = t.bank_url("hsbc");
    let e = discover(&http, &bank).await;

    // Non-interactive approval.
    let (verifier, challenge) = pkce("auto");
    let mut query = authorize_query(&challenge, "s-auto");
    query.push(("login_hint", "chantaiman".into()));
    let resp = http
        .get(&e.authorize)
        .query(&query)
        .header("x-mock-auto-approve", "approve")
        .send()
        .await
        .expect("sent");
    let code = code_from(&resp, "s-auto", &e.issuer);
    let tokens = exchange(&http, &e, &code, &verifier).await;
    assert!(
        tokens["id_token"]
            .as_str()
            .is_some_and(|t| t.split('.').count() == 3)
    );
    let access = tokens["access_token"].as_str().expect("access token");
    let me = json(whoami(&http, &bank, access).await).await;
    assert_eq!(me["customerId"], "C0001");

    // The code works once.
    let again = token(
        &http,
        &e,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &verifier),
        ],
    )
    .await;
    assert_eq!(again.status(), 400);

    // Through the login and consent page, as a person would.
    let (verifier, challenge) = pkce("form");
    let page = http
        .get(&e.authorize)
        .query(&authorize_query(&challenge, "s-form"))
        .send()
        .await
        .expect("sent");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    let marker = "name=\"request_id\" value=\"";
    let start = html.find(marker).expect("a request_id field") + marker.len();
    let request_id = &html[start..start + html[start..].find('"').expect("closing quote")];
    let resp = http
        .post(&e.authorize)
        .form(&[
            ("request_id", request_id),
            ("username", "wongsiuming"),
            ("password", "password2"),
            ("decision", "approve"),
        ])
        .send()
        .await
        .expect("sent");
    let code = code_from(&resp, "s-form", &e.issuer);
    let tokens = exchange(&http, &e, &code, &verifier).await;
    let access = tokens["access_token"].as_str().expect("access token");
    assert_eq!(
        json(whoami(&http, &bank, access).await).await["customerId"],
        "C0002"
    );

    // A wrong verifier is refused.
    let (_, challenge) = pkce("wrong");
    let mut query = authorize_query(&challenge, "s-wrong");
    query.push(("login_hint", "chantaiman".into()));
    let resp = http
        .get(&e.authorize)
        .query(&query)
        .header("x-mock-auto-approve", "approve")
        .send()
        .await
        .expect("sent");
    let code = code_from(&resp, "s-wrong", &e.issuer);
    let refused = token(
        &http,
        &e,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &"y".repeat(50)),
        ],
    )
    .await;
    assert_eq!(refused.status(), 400);

    // Refresh with rotation; a rotated token replayed revokes the family.
    let first = tokens["refresh_token"]
        .as_str()
        .expect("refresh token")
        .to_owned();
    let resp = token(
        &http,
        &e,
        &[("grant_type", "refresh_token"), ("refresh_token", &first)],
    )
    .await;
    assert_eq!(resp.status(), 200);
    let rotated = json(resp).await;
    let second = rotated["refresh_token"]
        .as_str()
        .expect("rotated")
        .to_owned();
    assert_ne!(second, first);
    let replay = token(
        &http,
        &e,
        &[("grant_type", "refresh_token"), ("refresh_token", &first)],
    )
    .await;
    assert_eq!(replay.status(), 400);
    assert_eq!(json(replay).await["error"], "invalid_grant");
    let after = token(
        &http,
        &e,
        &[("grant_type", "refresh_token"), ("refresh_token", &second)],
    )
    .await;
    assert_eq!(
        after.status(),
        400,
        "the whole family is revoked after a replay"
    );
}

#[tokio::test]
async fn auth_flows_in_process() {
    check_auth_flows(&Target::in_process(MockBank::builder()).await).await;
}

#[tokio::test]
async fn auth_flows_against_the_binary() {
    check_auth_flows(&Target::binary(&[])).await;
}
