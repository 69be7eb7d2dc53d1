//! The Phase III consent flow a TSP walks, with plain HTTP: a
//! client-credentials token, a consent created at the bank's consents
//! endpoint, the customer's approval (non-interactive, or through the
//! consent page's form with a choice of accounts), and the code exchanged
//! with PKCE for the customer's token. Shared by the Phase III tests.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank, TEST_CUSTOMERS};
use serde_json::{Value, json};

use crate::support::json;

const REDIRECT: &str = "http://127.0.0.1/callback";

/// A client that leaves redirects to the caller.
pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// How the customer approves.
pub enum Approval<'a> {
    /// `login_hint` and `x-mock-auto-approve: approve`: every account and card.
    Auto(&'a str),
    /// The consent page's form in one post (sign in and approve), choosing
    /// these accounts and cards.
    Form {
        username: &'a str,
        password: &'a str,
        accounts: &'a [&'a str],
    },
    /// The consent page as a browser walks it: sign in, then approve with
    /// only `keep` of the ticked accounts and cards.
    Page {
        username: &'a str,
        password: &'a str,
        keep: &'a [&'a str],
    },
}

/// A bank's endpoints, from its discovery document.
pub struct Bank {
    pub url: String,
    pub authorize: String,
    pub token: String,
    pub consents: String,
}

/// A consent the customer approved, and the tokens around it.
pub struct Grant {
    pub consent_id: String,
    /// The customer's access token, bound to the consent.
    pub access_token: String,
    /// The TSP's client-credentials token.
    pub tsp_token: String,
    /// The consent as created (the 201 body).
    pub created: Value,
}

impl Bank {
    pub async fn discover(http: &reqwest::Client, mock: &MockBank, id: &str) -> Bank {
        let url = mock.bank_url(id).expect("bank");
        let disco = json(
            http.get(format!("{url}/.well-known/openid-configuration"))
                .send()
                .await
                .expect("sent"),
        )
        .await;
        let at = |key: &str| disco[key].as_str().expect(key).to_owned();
        Bank {
            authorize: at("authorization_endpoint"),
            token: at("token_endpoint"),
            consents: at("consents_endpoint"),
            url,
        }
    }

    /// A client-credentials token with the `accounts` scope.
    pub async fn tsp_token(&self, http: &reqwest::Client) -> String {
        let resp = http
            .post(&self.token)
            .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
            .form(&[("grant_type", "client_credentials"), ("scope", "accounts")])
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), 200);
        json(resp).await["access_token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    /// `POST {consents}` with `{"data": data}`: the 201 body.
    pub async fn create_consent(&self, http: &reqwest::Client, tsp: &str, data: Value) -> Value {
        let resp = http
            .post(&self.consents)
            .bearer_auth(tsp)
            .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
            .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
            .json(&json!({ "data": data }))
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), 201);
        json(resp).await
    }

    /// `DELETE {consents}/{id}`.
    pub async fn delete_consent(&self, http: &reqwest::Client, tsp: &str, id: &str) {
        let resp = http
            .delete(format!("{}/{id}", self.consents))
            .bearer_auth(tsp)
            .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
            .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), 204);
    }

    /// The whole flow: a consent with `data`, approved as `approval` says.
    pub async fn grant(
        &self,
        http: &reqwest::Client,
        data: Value,
        approval: Approval<'_>,
    ) -> Grant {
        let tsp_token = self.tsp_token(http).await;
        let created = self.create_consent(http, &tsp_token, data).await;
        let consent_id = created["data"]["consentId"]
            .as_str()
            .expect("consent id")
            .to_owned();
        let verifier = format!("verifier-{consent_id}-{}", "v".repeat(20));
        let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
        let challenge = URL_SAFE_NO_PAD.encode(digest.as_ref());
        let mut query = vec![
            ("response_type", "code".to_owned()),
            ("client_id", DEFAULT_CLIENT_ID.to_owned()),
            ("redirect_uri", REDIRECT.to_owned()),
            ("scope", "openid accounts".to_owned()),
            ("state", "phase3".to_owned()),
            ("nonce", "nonce-phase3".to_owned()),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256".to_owned()),
            ("consent_id", consent_id.clone()),
        ];
        let redirect = match approval {
            Approval::Auto(username) => {
                query.push(("login_hint", username.to_owned()));
                http.get(&self.authorize)
                    .query(&query)
                    .header("x-mock-auto-approve", "approve")
                    .send()
                    .await
                    .expect("sent")
            }
            Approval::Form {
                username,
                password,
                accounts,
            } => {
                let html = self.login_page(http, &query, &consent_id).await;
                let mut form = vec![
                    ("request_id", request_id_of(&html)),
                    ("username", username.to_owned()),
                    ("password", password.to_owned()),
                    ("decision", "approve".to_owned()),
                ];
                form.extend(accounts.iter().map(|a| ("accounts", (*a).to_owned())));
                http.post(&self.authorize)
                    .form(&form)
                    .send()
                    .await
                    .expect("sent")
            }
            Approval::Page {
                username,
                password,
                keep,
            } => {
                let html = self.login_page(http, &query, &consent_id).await;
                let html = self
                    .sign_in(http, &request_id_of(&html), username, password)
                    .await;
                for id in keep {
                    assert!(
                        html.contains(&format!("id=\"account-{id}\" value=\"{id}\" checked")),
                        "{id} is offered, ticked: {html}"
                    );
                }
                let mut form = vec![
                    ("request_id", request_id_of(&html)),
                    ("decision", "approve".to_owned()),
                ];
                form.extend(keep.iter().map(|a| ("accounts", (*a).to_owned())));
                http.post(&self.authorize)
                    .form(&form)
                    .send()
                    .await
                    .expect("sent")
            }
        };
        assert!(
            redirect.status().is_redirection(),
            "approval: {}",
            redirect.status()
        );
        let location = redirect.headers()["location"].to_str().expect("ascii");
        let url = url::Url::parse(location).expect("absolute");
        let code = url
            .query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("no code in {location}"));
        let resp = http
            .post(&self.token)
            .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", REDIRECT),
                ("code_verifier", verifier.as_str()),
            ])
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), 200);
        let tokens = json(resp).await;
        Grant {
            consent_id,
            access_token: tokens["access_token"].as_str().expect("access").to_owned(),
            tsp_token,
            created,
        }
    }
}

impl Bank {
    /// The consent page's first step for the authorize `query`: it names the consent.
    pub async fn login_page(
        &self,
        http: &reqwest::Client,
        query: &[(&str, String)],
        consent_id: &str,
    ) -> String {
        let page = http
            .get(&self.authorize)
            .query(query)
            .send()
            .await
            .expect("sent");
        assert_eq!(page.status(), 200);
        let html = page.text().await.expect("html");
        assert!(html.contains(consent_id), "the page names the consent");
        html
    }

    /// Signs in on the page of `request_id`: the page that chooses what to share.
    pub async fn sign_in(
        &self,
        http: &reqwest::Client,
        request_id: &str,
        username: &str,
        password: &str,
    ) -> String {
        let resp = http
            .post(&self.authorize)
            .form(&[
                ("request_id", request_id),
                ("username", username),
                ("password", password),
                ("decision", "login"),
            ])
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), 200);
        let html = resp.text().await.expect("html");
        assert!(html.contains("value=\"approve\""), "signed in: {html}");
        html
    }
}

/// The `request_id` of a consent page's form.
pub fn request_id_of(html: &str) -> String {
    let marker = "name=\"request_id\" value=\"";
    let start = html.find(marker).expect("request_id") + marker.len();
    let end = start + html[start..].find('"').expect("quote");
    html[start..end].to_owned()
}

/// The username and password a customer logs in with.
pub fn login_of(customer_id: &str) -> (String, String) {
    TEST_CUSTOMERS
        .iter()
        .find(|(_, _, _, id, _)| *id == customer_id)
        .map(|(u, p, ..)| ((*u).to_owned(), (*p).to_owned()))
        .unwrap_or_else(|| (customer_id.to_lowercase(), "password".to_owned()))
}

/// A customer of the bank with at least `n` accounts, and those accounts.
pub fn customer_with_accounts(mock: &MockBank, bank: &str, n: usize) -> (String, Vec<String>) {
    let handle = mock.bank(bank).expect("bank");
    handle
        .customers()
        .iter()
        .map(|c| {
            let accounts: Vec<String> = handle
                .accounts()
                .iter()
                .filter(|a| a.customer_id == c.id)
                .map(|a| a.id.clone())
                .collect();
            (c.id.clone(), accounts)
        })
        .find(|(_, accounts)| accounts.len() >= n)
        .unwrap_or_else(|| panic!("no customer of {bank} has {n} accounts"))
}
