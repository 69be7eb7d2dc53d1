//! The authorization server over HTTP: client authentication, the
//! authorization code flow with PKCE (through the HTML page and the
//! non-interactive path), refresh rotation, ID tokens, consents, rejections
//! and misbehaviours.

use std::collections::HashMap;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkob_mock_bank::{
    AUTO_APPROVE_HEADER, AuthConfig, AuthFailure, AuthServer, AutoApproval, ClientAuthMethod,
    ClientKey, ConsentStatus, DEFAULT_CLIENT_ID as TEST_CLIENT_ID,
    DEFAULT_CLIENT_SECRET as TEST_CLIENT_SECRET, Misbehaviour, RegisteredClient,
    RequestMisbehaviours,
};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use serde_json::{Value, json};

const REDIRECT: &str = "https://tsp.example/callback";
const JWT_CLIENT: &str = "jwt-client";

struct Harness {
    server: Arc<AuthServer>,
    base: String,
    http: reqwest::Client,
    client_key: ClientSigningKey,
}

/// A client's P-256 key for `private_key_jwt`.
struct ClientSigningKey {
    private_pem: String,
    public_pem: String,
    public_jwk: Value,
}

fn client_key() -> ClientSigningKey {
    let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let raw = pair.public_key_raw();
    ClientSigningKey {
        private_pem: pair.serialize_pem(),
        public_pem: pair.public_key_pem(),
        public_jwk: json!({
            "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256",
            "x": URL_SAFE_NO_PAD.encode(&raw[1..33]),
            "y": URL_SAFE_NO_PAD.encode(&raw[33..65]),
        }),
    }
}

async fn start_with(
    configure: impl FnOnce(AuthConfig, &ClientSigningKey) -> AuthConfig,
) -> Harness {
    start_app(configure, |router| router).await
}

async fn start() -> Harness {
    start_with(|c, _| c).await
}

async fn start_app(
    configure: impl FnOnce(AuthConfig, &ClientSigningKey) -> AuthConfig,
    wrap: impl FnOnce(axum::Router) -> axum::Router,
) -> Harness {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let key = client_key();
    let config = AuthConfig::with_test_fixtures(&base).client(
        RegisteredClient::with_private_key_jwt(JWT_CLIENT, ClientKey::Pem(key.public_pem.clone()))
            .redirect_uri(REDIRECT),
    );
    let server = Arc::new(AuthServer::new(configure(config, &key)).unwrap());
    let app = wrap(server.clone().routes());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let http = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    Harness {
        server,
        base,
        http,
        client_key: key,
    }
}

impl Harness {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn token_url(&self) -> String {
        self.url("/oauth/token")
    }

    /// A signed client assertion for [`JWT_CLIENT`], with claims overridden by `patch`.
    fn assertion(&self, patch: Value) -> String {
        let now = self.server.now();
        let mut claims = json!({
            "iss": JWT_CLIENT,
            "sub": JWT_CLIENT,
            "aud": self.base,
            "iat": now,
            "exp": now + 120,
            "jti": uuid::Uuid::new_v4().to_string(),
        });
        for (k, v) in patch.as_object().unwrap() {
            if v.is_null() {
                claims.as_object_mut().unwrap().remove(k);
            } else {
                claims[k] = v.clone();
            }
        }
        let key = EncodingKey::from_ec_pem(self.client_key.private_pem.as_bytes()).unwrap();
        jsonwebtoken::encode(&Header::new(Algorithm::ES256), &claims, &key).unwrap()
    }

    async fn token_with_basic(&self, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.token_url())
            .basic_auth(TEST_CLIENT_ID, Some(TEST_CLIENT_SECRET))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    async fn client_credentials(&self) -> String {
        let resp = self
            .token_with_basic(&[("grant_type", "client_credentials"), ("scope", "accounts")])
            .await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body: Value = resp.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }

    fn authorize_query(&self, pkce: &Pkce, extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut q: Vec<(String, String)> = [
            ("response_type", "code"),
            ("client_id", TEST_CLIENT_ID),
            ("redirect_uri", REDIRECT),
            ("scope", "openid accounts"),
            ("state", "state-123"),
            ("nonce", "nonce-456"),
            ("code_challenge", pkce.challenge.as_str()),
            ("code_challenge_method", "S256"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        for (k, v) in extra {
            q.retain(|(name, _)| name != k);
            if !v.is_empty() {
                q.push(((*k).to_owned(), (*v).to_owned()));
            }
        }
        q
    }

    /// The non-interactive path: returns the redirect's query parameters.
    async fn auto(
        &self,
        pkce: &Pkce,
        decision: &str,
        extra: &[(&str, &str)],
    ) -> HashMap<String, String> {
        let mut extra = extra.to_vec();
        if !extra.iter().any(|(k, _)| *k == "login_hint") {
            extra.push(("login_hint", "chantaiman"));
        }
        let resp = self
            .http
            .get(self.url("/oauth/authorize"))
            .query(&self.authorize_query(pkce, &extra))
            .header(AUTO_APPROVE_HEADER, decision)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::FOUND, "{:?}", resp.text().await);
        redirect_params(&resp)
    }

    async fn exchange(&self, code: &str, verifier: &str, redirect_uri: &str) -> reqwest::Response {
        self.token_with_basic(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("code_verifier", verifier),
            ("redirect_uri", redirect_uri),
        ])
        .await
    }

    /// A full non-interactive flow; returns the token response.
    async fn tokens(&self, extra: &[(&str, &str)]) -> Value {
        let pkce = Pkce::new();
        let params = self.auto(&pkce, "approve", extra).await;
        let resp = self
            .exchange(&params["code"], &pkce.verifier, REDIRECT)
            .await;
        assert_eq!(resp.status(), StatusCode::OK);
        resp.json().await.unwrap()
    }

    async fn refresh(&self, refresh_token: &str) -> reqwest::Response {
        self.token_with_basic(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ])
        .await
    }

    /// The JWKS key whose `kid` the token names.
    async fn jwks_key(&self, jwt: &str) -> DecodingKey {
        let kid = jsonwebtoken::decode_header(jwt).ok().and_then(|h| h.kid);
        let jwks: Value = self
            .http
            .get(self.url("/jwks.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let keys = jwks["keys"].as_array().unwrap();
        let key = keys
            .iter()
            .find(|k| kid.is_some() && k["kid"].as_str() == kid.as_deref())
            .unwrap_or(&keys[0]);
        DecodingKey::from_ec_components(key["x"].as_str().unwrap(), key["y"].as_str().unwrap())
            .unwrap()
    }

    async fn verify_id_token(&self, jwt: &str) -> Result<Value, jsonwebtoken::errors::Error> {
        let mut v = Validation::new(Algorithm::ES256);
        v.set_audience(&[TEST_CLIENT_ID]);
        v.set_issuer(&[self.base.as_str()]);
        v.leeway = 0;
        jsonwebtoken::decode::<Value>(jwt, &self.jwks_key(jwt).await, &v).map(|d| d.claims)
    }
}

struct Pkce {
    verifier: String,
    challenge: String,
}

impl Pkce {
    fn new() -> Self {
        let verifier = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let challenge = URL_SAFE_NO_PAD
            .encode(ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes()).as_ref());
        Self {
            verifier,
            challenge,
        }
    }
}

fn redirect_params(resp: &reqwest::Response) -> HashMap<String, String> {
    let location = resp.headers()["location"].to_str().unwrap();
    let url = url::Url::parse(location).unwrap();
    assert!(location.starts_with(REDIRECT), "{location}");
    url.query_pairs().into_owned().collect()
}

async fn oauth_error(resp: reqwest::Response) -> (StatusCode, String) {
    let status = resp.status();
    let body: Value = resp.json().await.unwrap();
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

fn half_hash(s: &str) -> String {
    URL_SAFE_NO_PAD
        .encode(&ring::digest::digest(&ring::digest::SHA256, s.as_bytes()).as_ref()[..16])
}

/// Pulls `name="..." value="..."` of a hidden input, and the form action, out of the page.
fn form_fields(html: &str) -> (String, String) {
    let action = html
        .split("action=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    let request_id = html
        .split("name=\"request_id\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    (action, request_id)
}

// ---------------------------------------------------------------------------
// Discovery and keys

#[tokio::test]
async fn discovery_names_the_issuer_and_endpoints() {
    let h = start().await;
    let doc: Value = h
        .http
        .get(h.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["issuer"], h.base);
    assert_eq!(doc["token_endpoint"], h.token_url());
    assert_eq!(doc["authorization_endpoint"], h.url("/oauth/authorize"));
    assert_eq!(doc["jwks_uri"], h.url("/jwks.json"));
    assert_eq!(doc["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(doc["authorization_response_iss_parameter_supported"], true);
    let methods = doc["token_endpoint_auth_methods_supported"]
        .as_array()
        .unwrap();
    for m in [
        "client_secret_basic",
        "client_secret_post",
        "private_key_jwt",
    ] {
        assert!(methods.contains(&json!(m)), "{m}");
    }
    let jwks: Value = h
        .http
        .get(h.url("/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = &jwks["keys"][0];
    assert_eq!(key["kty"], "EC");
    assert_eq!(key["crv"], "P-256");
    assert_eq!(key["alg"], "ES256");
    assert!(key.get("d").is_none(), "private part must not be published");
    assert!(key["kid"].as_str().is_some_and(|k| !k.is_empty()));
}

// ---------------------------------------------------------------------------
// Client credentials, three ways to authenticate

#[tokio::test]
async fn client_credentials_with_basic_auth() {
    let h = start().await;
    let resp = h
        .token_with_basic(&[
            ("grant_type", "client_credentials"),
            ("scope", "accounts payments"),
        ])
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 300);
    assert_eq!(body["scope"], "accounts payments");
    assert!(body.get("refresh_token").is_none());
    let info = h
        .server
        .check_bearer(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(info.client_id, TEST_CLIENT_ID);
    assert_eq!(info.customer_id, None);
    assert!(info.has_scope("payments"));
    assert!(info.require_scope("openid").is_err());
}

#[tokio::test]
async fn client_credentials_with_secret_in_body() {
    let h = start().await;
    let resp = h
        .http
        .post(h.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", TEST_CLIENT_ID),
            ("client_secret", TEST_CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    let info = h
        .server
        .check_bearer(body["access_token"].as_str().unwrap())
        .unwrap();
    // No scope asked: every scope of the client except openid.
    assert!(info.has_scope("accounts") && !info.has_scope("openid"));
}

#[tokio::test]
async fn client_credentials_with_private_key_jwt_pem_and_jwk() {
    for use_jwk in [false, true] {
        let h = start_with(|c, key| {
            if use_jwk {
                let mut c = c;
                c.clients.retain(|cl| cl.client_id != JWT_CLIENT);
                c.client(RegisteredClient::with_private_key_jwt(
                    JWT_CLIENT,
                    ClientKey::Jwk(key.public_jwk.clone()),
                ))
            } else {
                c
            }
        })
        .await;
        // aud may be the issuer or the token endpoint.
        for aud in [h.base.clone(), h.token_url()] {
            let assertion = h.assertion(json!({ "aud": aud }));
            let resp = h
                .http
                .post(h.token_url())
                .form(&[
                    ("grant_type", "client_credentials"),
                    (
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    ),
                    ("client_assertion", assertion.as_str()),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), StatusCode::OK, "jwk={use_jwk} aud={aud}");
            let body: Value = resp.json().await.unwrap();
            let info = h
                .server
                .check_bearer(body["access_token"].as_str().unwrap())
                .unwrap();
            assert_eq!(info.client_id, JWT_CLIENT);
        }
    }
}

async fn post_assertion(h: &Harness, assertion: &str) -> (StatusCode, String) {
    let resp = h
        .http
        .post(h.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", assertion),
        ])
        .send()
        .await
        .unwrap();
    oauth_error(resp).await
}

/// Times at the edge of `i64` in a client assertion get an answer (the
/// server adds its clock skew without overflowing), and the token endpoint
/// keeps working after them.
#[tokio::test]
async fn client_assertion_times_at_the_edge_of_i64_get_an_answer() {
    let h = start().await;
    let far = post_assertion(&h, &h.assertion(json!({ "exp": i64::MAX }))).await;
    assert_eq!(far.0, StatusCode::OK, "an exp far ahead is not expired");
    for (why, patch) in [
        ("nbf at the end of time", json!({ "nbf": i64::MAX })),
        ("iat at the end of time", json!({ "iat": i64::MAX })),
    ] {
        assert_eq!(
            post_assertion(&h, &h.assertion(patch)).await,
            (StatusCode::UNAUTHORIZED, "invalid_client".to_owned()),
            "{why}"
        );
    }
    assert_eq!(
        post_assertion(&h, &h.assertion(json!({}))).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn private_key_jwt_rejections() {
    let h = start().await;
    let unauthorized = (StatusCode::UNAUTHORIZED, "invalid_client".to_owned());

    // A jti can be used once.
    let assertion = h.assertion(json!({}));
    assert_eq!(post_assertion(&h, &assertion).await.0, StatusCode::OK);
    assert_eq!(post_assertion(&h, &assertion).await, unauthorized);

    for (why, patch) in [
        ("wrong aud", json!({ "aud": "https://elsewhere.example" })),
        ("iss differs from sub", json!({ "iss": "someone-else" })),
        ("expired", json!({ "exp": h.server.now() - 120 })),
        ("no exp", json!({ "exp": null })),
        ("no jti", json!({ "jti": null })),
        (
            "unknown client",
            json!({ "iss": "nobody", "sub": "nobody" }),
        ),
    ] {
        assert_eq!(
            post_assertion(&h, &h.assertion(patch)).await,
            unauthorized,
            "{why}"
        );
    }

    // Signed with a key the server does not know.
    let other = client_key();
    let now = h.server.now();
    let forged = jsonwebtoken::encode(
        &Header::new(Algorithm::ES256),
        &json!({ "iss": JWT_CLIENT, "sub": JWT_CLIENT, "aud": h.base, "exp": now + 60, "jti": "x1" }),
        &EncodingKey::from_ec_pem(other.private_pem.as_bytes()).unwrap(),
    )
    .unwrap();
    assert_eq!(
        post_assertion(&h, &forged).await,
        unauthorized,
        "foreign key"
    );

    // HS256 (a shared-secret MAC) is not accepted.
    let hs = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &json!({ "iss": JWT_CLIENT, "sub": JWT_CLIENT, "aud": h.base, "exp": now + 60, "jti": "x2" }),
        &EncodingKey::from_secret(b"secret"),
    )
    .unwrap();
    assert_eq!(post_assertion(&h, &hs).await, unauthorized, "HS256");

    // Wrong assertion type.
    let resp = h
        .http
        .post(h.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_assertion_type", "urn:example:other"),
            ("client_assertion", h.assertion(json!({})).as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::BAD_REQUEST, "invalid_request".to_owned())
    );
}

#[tokio::test]
async fn client_authentication_rejections() {
    let h = start_with(|c, _| {
        c.client(
            RegisteredClient::with_secret("basic-only", "basic-only-secret")
                .auth_methods(&[ClientAuthMethod::ClientSecretBasic]),
        )
    })
    .await;
    // Wrong secret in Basic: 401 with a Basic challenge.
    let resp = h
        .http
        .post(h.token_url())
        .basic_auth(TEST_CLIENT_ID, Some("wrong"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert!(
        resp.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic")
    );
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::UNAUTHORIZED, "invalid_client".to_owned())
    );

    // Unknown client in the body.
    let resp = h
        .http
        .post(h.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "nobody"),
            ("client_secret", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::UNAUTHORIZED, "invalid_client".to_owned())
    );

    // A method the client is not registered for.
    let resp = h
        .http
        .post(h.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "basic-only"),
            ("client_secret", "basic-only-secret"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::UNAUTHORIZED, "invalid_client".to_owned())
    );

    // Two methods at once.
    let resp = h
        .http
        .post(h.token_url())
        .basic_auth(TEST_CLIENT_ID, Some(TEST_CLIENT_SECRET))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", TEST_CLIENT_ID),
            ("client_secret", TEST_CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::BAD_REQUEST, "invalid_request".to_owned())
    );

    // No authentication at all.
    let resp = h
        .http
        .post(h.token_url())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::UNAUTHORIZED, "invalid_client".to_owned())
    );

    // Scopes the client may not have, and openid without a user.
    for scope in ["accounts admin", "openid"] {
        let resp = h
            .token_with_basic(&[("grant_type", "client_credentials"), ("scope", scope)])
            .await;
        assert_eq!(
            oauth_error(resp).await,
            (StatusCode::BAD_REQUEST, "invalid_scope".to_owned()),
            "{scope}"
        );
    }

    // A parameter twice, an unknown grant, and a JSON body.
    let resp = h
        .http
        .post(h.token_url())
        .basic_auth(TEST_CLIENT_ID, Some(TEST_CLIENT_SECRET))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::BAD_REQUEST, "invalid_request".to_owned())
    );
    let resp = h.token_with_basic(&[("grant_type", "password")]).await;
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::BAD_REQUEST, "unsupported_grant_type".to_owned())
    );
    let resp = h
        .http
        .post(h.token_url())
        .basic_auth(TEST_CLIENT_ID, Some(TEST_CLIENT_SECRET))
        .json(&json!({ "grant_type": "client_credentials" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::BAD_REQUEST, "invalid_request".to_owned())
    );
}

// ---------------------------------------------------------------------------
// Authorization code + PKCE

#[tokio::test]
async fn code_flow_through_the_html_page() {
    let h = start().await;
    let pkce = Pkce::new();
    let resp = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(&pkce, &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = resp.text().await.unwrap();
    assert!(page.contains("name=\"username\"") && page.contains("name=\"password\""));
    assert!(page.contains("value=\"login\"") && page.contains("value=\"deny\""));
    assert!(
        !page.contains("password1"),
        "the page must not show passwords"
    );
    let (action, request_id) = form_fields(&page);
    assert_eq!(action, h.url("/oauth/authorize"));

    // A wrong password shows the page again, with a message.
    let resp = h
        .http
        .post(&action)
        .form(&[
            ("request_id", request_id.as_str()),
            ("username", "chantaiman"),
            ("password", "nope"),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("Wrong username or password")
    );

    let resp = h
        .http
        .post(&action)
        .form(&[
            ("request_id", request_id.as_str()),
            ("username", "chantaiman"),
            ("password", "password1"),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let params = redirect_params(&resp);
    assert_eq!(params["state"], "state-123");
    assert_eq!(params["iss"], h.base);

    // The page cannot be posted twice.
    let again = h
        .http
        .post(&action)
        .form(&[
            ("request_id", request_id.as_str()),
            ("username", "chantaiman"),
            ("password", "password1"),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);

    let resp = h.exchange(&params["code"], &pkce.verifier, REDIRECT).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert!(body["refresh_token"].is_string());
    let info = h
        .server
        .check_bearer(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(info.customer_id.as_deref(), Some("C0001"));
    assert_eq!(
        info.account_ids,
        vec!["A00011".to_owned(), "A00012".to_owned()]
    );
}

#[tokio::test]
async fn deny_redirects_with_access_denied() {
    let h = start().await;
    // Through the page.
    let pkce = Pkce::new();
    let page = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(&pkce, &[]))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (action, request_id) = form_fields(&page);
    let resp = h
        .http
        .post(&action)
        .form(&[("request_id", request_id.as_str()), ("decision", "deny")])
        .send()
        .await
        .unwrap();
    let params = redirect_params(&resp);
    assert_eq!(params["error"], "access_denied");
    assert_eq!(params["state"], "state-123");
    assert_eq!(params["iss"], h.base);
    assert!(!params.contains_key("code"));
    // Without the page.
    let params = h.auto(&Pkce::new(), "deny", &[]).await;
    assert_eq!(params["error"], "access_denied");
}

#[tokio::test]
async fn id_token_claims_verify_against_the_jwks() {
    let h = start().await;
    let pkce = Pkce::new();
    let params = h.auto(&pkce, "approve", &[]).await;
    assert_eq!(params["iss"], h.base);
    let body: Value = h
        .exchange(&params["code"], &pkce.verifier, REDIRECT)
        .await
        .json()
        .await
        .unwrap();
    let claims = h
        .verify_id_token(body["id_token"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(claims["sub"], "C0001");
    assert_eq!(claims["aud"], TEST_CLIENT_ID);
    assert_eq!(claims["nonce"], "nonce-456");
    assert_eq!(claims["c_hash"], half_hash(&params["code"]));
    assert_eq!(claims["s_hash"], half_hash("state-123"));
    assert_eq!(
        claims["at_hash"],
        half_hash(body["access_token"].as_str().unwrap())
    );
    let now = h.server.now();
    let iat = claims["iat"].as_i64().unwrap();
    assert!((now - 5..=now).contains(&iat));
    assert!(claims["exp"].as_i64().unwrap() > now);
    let header = jsonwebtoken::decode_header(body["id_token"].as_str().unwrap()).unwrap();
    assert_eq!(header.alg, Algorithm::ES256);
    assert!(header.kid.is_some());
}

#[tokio::test]
async fn pkce_is_required_and_s256_only() {
    let h = start().await;
    let pkce = Pkce::new();
    for (why, extra) in [
        ("plain method", vec![("code_challenge_method", "plain")]),
        ("no method", vec![("code_challenge_method", "")]),
        ("no challenge", vec![("code_challenge", "")]),
        ("bad challenge", vec![("code_challenge", "short")]),
    ] {
        let params = h.auto(&pkce, "approve", &extra).await;
        assert_eq!(params["error"], "invalid_request", "{why}");
        assert!(!params.contains_key("code"), "{why}");
    }

    // Missing verifier at the token endpoint.
    let params = h.auto(&pkce, "approve", &[]).await;
    let resp = h
        .token_with_basic(&[
            ("grant_type", "authorization_code"),
            ("code", &params["code"]),
            ("redirect_uri", REDIRECT),
        ])
        .await;
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::BAD_REQUEST, "invalid_request".to_owned())
    );

    // Wrong verifier.
    let params = h.auto(&pkce, "approve", &[]).await;
    let resp = h
        .exchange(&params["code"], &Pkce::new().verifier, REDIRECT)
        .await;
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::BAD_REQUEST, "invalid_grant".to_owned())
    );
}

#[tokio::test]
async fn code_rejections_reuse_expiry_and_redirect_mismatch() {
    let h = start().await;
    let pkce = Pkce::new();

    // Reuse: the second exchange fails and the first exchange's tokens die.
    let params = h.auto(&pkce, "approve", &[]).await;
    let first: Value = h
        .exchange(&params["code"], &pkce.verifier, REDIRECT)
        .await
        .json()
        .await
        .unwrap();
    let access = first["access_token"].as_str().unwrap();
    assert!(h.server.check_bearer(access).is_ok());
    let resp = h.exchange(&params["code"], &pkce.verifier, REDIRECT).await;
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::BAD_REQUEST, "invalid_grant".to_owned())
    );
    assert_eq!(
        h.server.check_bearer(access),
        Err(AuthFailure::RevokedToken)
    );
    let resp = h.refresh(first["refresh_token"].as_str().unwrap()).await;
    assert_eq!(oauth_error(resp).await.1, "invalid_grant");

    // redirect_uri differs from the authorization request.
    let params = h.auto(&pkce, "approve", &[]).await;
    let resp = h
        .exchange(&params["code"], &pkce.verifier, "https://tsp.example/other")
        .await;
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::BAD_REQUEST, "invalid_grant".to_owned())
    );

    // Expired code (codes live 60 s).
    let params = h.auto(&pkce, "approve", &[]).await;
    h.server.advance_clock(61).expect("the clock moves");
    let resp = h.exchange(&params["code"], &pkce.verifier, REDIRECT).await;
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::BAD_REQUEST, "invalid_grant".to_owned())
    );

    // Unknown code.
    let resp = h.exchange("no-such-code", &pkce.verifier, REDIRECT).await;
    assert_eq!(oauth_error(resp).await.1, "invalid_grant");
}

#[tokio::test]
async fn authorize_request_rejections() {
    let h = start().await;
    let pkce = Pkce::new();
    // An unregistered redirect URI is never redirected to.
    let resp = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(&pkce, &[("redirect_uri", "https://evil.example/cb")]))
        .header(AUTO_APPROVE_HEADER, "approve")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.headers().get("location").is_none());
    // Unknown client: same.
    let resp = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(&pkce, &[("client_id", "nobody")]))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.headers().get("location").is_none());
    // Errors the client can be told about.
    for (extra, error) in [
        (("response_type", "token"), "unsupported_response_type"),
        (("scope", "openid admin"), "invalid_scope"),
        (("consent_id", "no-such-consent"), "invalid_request"),
        (("login_hint", "nobody"), "login_required"),
    ] {
        let params = h.auto(&pkce, "approve", &[extra]).await;
        assert_eq!(params["error"], error, "{extra:?}");
        assert_eq!(params["state"], "state-123");
    }
}

#[tokio::test]
async fn loopback_redirect_uris_match_on_any_port() {
    let h = start().await;
    let pkce = Pkce::new();
    let resp = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(
            &pkce,
            &[("redirect_uri", "http://127.0.0.1:54321/callback")],
        ))
        .header(AUTO_APPROVE_HEADER, "approve")
        .query(&[("login_hint", "wongsiuming")])
        .send()
        .await
        .unwrap();
    let location = resp.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("http://127.0.0.1:54321/callback?code="),
        "{location}"
    );
}

#[tokio::test]
async fn server_wide_auto_approval() {
    let h = start().await;
    h.server.set_auto_approval(Some(AutoApproval::Approve {
        username: "wongsiuming".to_owned(),
    }));
    let pkce = Pkce::new();
    let resp = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(&pkce, &[]))
        .send()
        .await
        .unwrap();
    let params = redirect_params(&resp);
    let body: Value = h
        .exchange(&params["code"], &pkce.verifier, REDIRECT)
        .await
        .json()
        .await
        .unwrap();
    let info = h
        .server
        .check_bearer(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(info.customer_id.as_deref(), Some("C0002"));
    h.server.set_auto_approval(Some(AutoApproval::Deny));
    let resp = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(&pkce, &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect_params(&resp)["error"], "access_denied");
}

// ---------------------------------------------------------------------------
// Refresh tokens and access-token lifetime

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let h = start().await;
    let first = h.tokens(&[]).await;
    let rt1 = first["refresh_token"].as_str().unwrap();

    let resp = h.refresh(rt1).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let second: Value = resp.json().await.unwrap();
    let rt2 = second["refresh_token"].as_str().unwrap();
    assert_ne!(rt1, rt2);
    let at2 = second["access_token"].as_str().unwrap();
    assert!(h.server.check_bearer(at2).is_ok());
    // The refreshed ID token keeps sub and has no nonce or c_hash.
    let claims = h
        .verify_id_token(second["id_token"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(claims["sub"], "C0001");
    assert!(claims.get("nonce").is_none() && claims.get("c_hash").is_none());

    // The old refresh token is spent; presenting it revokes everything.
    let resp = h.refresh(rt1).await;
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::BAD_REQUEST, "invalid_grant".to_owned())
    );
    assert_eq!(h.server.check_bearer(at2), Err(AuthFailure::RevokedToken));
    let resp = h.refresh(rt2).await;
    assert_eq!(oauth_error(resp).await.1, "invalid_grant");
}

#[tokio::test]
async fn refresh_without_rotation_keeps_the_token() {
    let h = start_with(|mut c, _| {
        c.rotate_refresh_tokens = false;
        c
    })
    .await;
    let first = h.tokens(&[]).await;
    let rt = first["refresh_token"].as_str().unwrap();
    for _ in 0..2 {
        let resp = h.refresh(rt).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body: Value = resp.json().await.unwrap();
        assert!(body.get("refresh_token").is_none());
    }
}

#[tokio::test]
async fn refresh_token_of_another_client_and_scope_narrowing() {
    let h =
        start_with(|c, _| c.client(RegisteredClient::with_secret("other", "other-secret"))).await;
    let first = h.tokens(&[]).await;
    let rt = first["refresh_token"].as_str().unwrap();
    let resp = h
        .http
        .post(h.token_url())
        .basic_auth("other", Some("other-secret"))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", rt)])
        .send()
        .await
        .unwrap();
    assert_eq!(oauth_error(resp).await.1, "invalid_grant");
    // Still usable by its own client, and a scope can be narrowed, not widened.
    let resp = h
        .token_with_basic(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            ("scope", "openid accounts payments"),
        ])
        .await;
    assert_eq!(oauth_error(resp).await.1, "invalid_scope");
    let resp = h
        .token_with_basic(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            ("scope", "accounts"),
        ])
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["scope"], "accounts");
    assert!(body.get("id_token").is_none());
}

#[tokio::test]
async fn access_tokens_expire_and_can_be_expired_or_revoked() {
    let h = start().await;
    let a = h.client_credentials().await;
    let b = h.client_credentials().await;
    let c = h.client_credentials().await;
    assert!(h.server.check_bearer(&a).is_ok());
    assert!(h.server.revoke_token(&a));
    assert_eq!(h.server.check_bearer(&a), Err(AuthFailure::RevokedToken));
    assert_eq!(h.server.expire_tokens(Some(TEST_CLIENT_ID)), 3);
    assert_eq!(h.server.check_bearer(&b), Err(AuthFailure::ExpiredToken));
    let d = h.client_credentials().await;
    h.server.advance_clock(301).expect("the clock moves");
    assert_eq!(h.server.check_bearer(&d), Err(AuthFailure::ExpiredToken));
    assert_eq!(
        h.server.check_bearer("made-up"),
        Err(AuthFailure::UnknownToken)
    );
    let _ = c;
    // Header parsing.
    assert_eq!(
        h.server.check_authorization_header(None),
        Err(AuthFailure::MissingToken)
    );
    assert_eq!(
        h.server.check_authorization_header(Some("Basic abc")),
        Err(AuthFailure::MalformedAuthorization)
    );
    let e = h.client_credentials().await;
    assert!(
        h.server
            .check_authorization_header(Some(&format!("bearer {e}")))
            .is_ok()
    );
}

#[tokio::test]
async fn revocation_endpoint_revokes_own_tokens_only() {
    let h =
        start_with(|c, _| c.client(RegisteredClient::with_secret("other", "other-secret"))).await;
    let token = h.client_credentials().await;
    // Another client cannot revoke it (the answer is still 200, RFC 7009).
    let resp = h
        .http
        .post(h.url("/oauth/revoke"))
        .basic_auth("other", Some("other-secret"))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(h.server.check_bearer(&token).is_ok());
    let resp = h
        .http
        .post(h.url("/oauth/revoke"))
        .basic_auth(TEST_CLIENT_ID, Some(TEST_CLIENT_SECRET))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        h.server.check_bearer(&token),
        Err(AuthFailure::RevokedToken)
    );
}

// ---------------------------------------------------------------------------
// Consents

async fn create_consent(h: &Harness, token: &str, data: Value) -> reqwest::Response {
    h.http
        .post(h.url("/consents"))
        .bearer_auth(token)
        .json(&json!({ "data": data }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn consent_lifecycle_authorise_then_revoke() {
    let h = start().await;
    let cc = h.client_credentials().await;
    let resp = create_consent(&h, &cc, json!({ "permissions": ["ReadAccounts", "ReadBalances"], "transactionFromDate": "2026-01-01T00:00:00Z" })).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let body: Value = resp.json().await.unwrap();
    let id = body["data"]["consentId"].as_str().unwrap().to_owned();
    assert_eq!(body["data"]["status"], "AwaitingAuthorisation");
    assert_eq!(
        body["data"]["permissions"],
        json!(["ReadAccounts", "ReadBalances"])
    );
    assert_eq!(body["data"]["transactionFromDate"], "2026-01-01T00:00:00Z");
    assert_eq!(body["links"]["self"], h.url(&format!("/consents/{id}")));

    // The page shows the consent.
    let page = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(&Pkce::new(), &[("consent_id", id.as_str())]))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&id) && page.contains("ReadBalances"));

    let tokens = h.tokens(&[("consent_id", id.as_str())]).await;
    assert_eq!(tokens["consent_id"], id.as_str());
    let access = tokens["access_token"].as_str().unwrap();
    let info = h.server.check_bearer(access).unwrap();
    assert_eq!(info.consent_id.as_deref(), Some(id.as_str()));
    assert_eq!(
        info.account_ids,
        vec!["A00011".to_owned(), "A00012".to_owned()]
    );
    let claims = h
        .verify_id_token(tokens["id_token"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(claims["consent_id"], id.as_str());

    let read: Value = h
        .http
        .get(h.url(&format!("/consents/{id}")))
        .bearer_auth(&cc)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["data"]["status"], "Authorised");

    // An authorised consent cannot be authorised again.
    let params = h
        .auto(&Pkce::new(), "approve", &[("consent_id", id.as_str())])
        .await;
    assert_eq!(params["error"], "invalid_request");

    let resp = h
        .http
        .delete(h.url(&format!("/consents/{id}")))
        .bearer_auth(&cc)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        h.server.consent(&id).unwrap().status,
        ConsentStatus::Revoked
    );
    assert!(matches!(
        h.server.check_bearer(access),
        Err(AuthFailure::ConsentNotAuthorised {
            status: ConsentStatus::Revoked,
            ..
        })
    ));
    assert_eq!(h.server.check_bearer(access).unwrap_err().status(), 403);
    let resp = h.refresh(tokens["refresh_token"].as_str().unwrap()).await;
    assert_eq!(oauth_error(resp).await.1, "invalid_grant");
}

#[tokio::test]
async fn consent_rejected_on_deny_and_expired_by_time() {
    let h = start().await;
    let cc = h.client_credentials().await;
    let body: Value = create_consent(&h, &cc, json!({ "permissions": ["ReadAccounts"] }))
        .await
        .json()
        .await
        .unwrap();
    let id = body["data"]["consentId"].as_str().unwrap().to_owned();
    let params = h
        .auto(&Pkce::new(), "deny", &[("consent_id", id.as_str())])
        .await;
    assert_eq!(params["error"], "access_denied");
    assert_eq!(
        h.server.consent(&id).unwrap().status,
        ConsentStatus::Rejected
    );

    let expiry = chrono::DateTime::from_timestamp(h.server.now() + 120, 0)
        .unwrap()
        .to_rfc3339();
    let body: Value = create_consent(
        &h,
        &cc,
        json!({ "permissions": ["ReadAccounts"], "expirationDate": expiry }),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = body["data"]["consentId"].as_str().unwrap().to_owned();
    assert!(body["data"]["expirationDate"].is_string());
    let tokens = h.tokens(&[("consent_id", id.as_str())]).await;
    let access = tokens["access_token"].as_str().unwrap();
    assert!(h.server.check_bearer(access).is_ok());
    h.server.advance_clock(121).expect("the clock moves");
    assert_eq!(
        h.server.consent(&id).unwrap().status,
        ConsentStatus::Expired
    );
    // Access tokens live 300 s, but the consent behind this one has expired.
    assert!(matches!(
        h.server.check_bearer(access),
        Err(AuthFailure::ConsentNotAuthorised {
            status: ConsentStatus::Expired,
            ..
        })
    ));

    // Admin expiry.
    let body: Value = create_consent(&h, &cc, json!({ "permissions": ["ReadAccounts"] }))
        .await
        .json()
        .await
        .unwrap();
    let id = body["data"]["consentId"].as_str().unwrap().to_owned();
    assert_eq!(
        h.server.expire_consent(&id).unwrap().status,
        ConsentStatus::Expired
    );
}

#[tokio::test]
async fn consent_endpoint_rejections() {
    let h =
        start_with(|c, _| c.client(RegisteredClient::with_secret("other", "other-secret"))).await;
    let cc = h.client_credentials().await;
    // No token.
    let resp = h
        .http
        .post(h.url("/consents"))
        .json(&json!({ "data": { "permissions": ["ReadAccounts"] } }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(resp.headers().contains_key("www-authenticate"));
    // Missing or bad fields.
    for data in [
        json!({}),
        json!({ "permissions": [] }),
        json!({ "permissions": ["A"], "expirationDate": "yesterday" }),
        json!({ "permissions": ["A"], "expirationDate": "2001-01-01T00:00:00Z" }),
    ] {
        let resp = create_consent(&h, &cc, data.clone()).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{data}");
        let body: Value = resp.json().await.unwrap();
        assert!(
            body["errors"][0]["code"]
                .as_str()
                .unwrap()
                .starts_with("HK.HKMA.")
        );
    }
    // A customer's token cannot create consents.
    let user = h.tokens(&[]).await;
    let resp = create_consent(
        &h,
        user["access_token"].as_str().unwrap(),
        json!({ "permissions": ["ReadAccounts"] }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // Another client cannot read or delete it; unknown ids are 404.
    let body: Value = create_consent(&h, &cc, json!({ "permissions": ["ReadAccounts"] }))
        .await
        .json()
        .await
        .unwrap();
    let id = body["data"]["consentId"].as_str().unwrap().to_owned();
    let other: Value = h
        .http
        .post(h.token_url())
        .basic_auth("other", Some("other-secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let other = other["access_token"].as_str().unwrap();
    let resp = h
        .http
        .get(h.url(&format!("/consents/{id}")))
        .bearer_auth(other)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = h
        .http
        .delete(h.url(&format!("/consents/{id}")))
        .bearer_auth(other)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        h.server.consent(&id).unwrap().status,
        ConsentStatus::AwaitingAuthorisation
    );
    let resp = h
        .http
        .get(h.url("/consents/nope"))
        .bearer_auth(&cc)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    // Another client's consent cannot be authorised by this client.
    let resp = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(
            &Pkce::new(),
            &[("consent_id", id.as_str()), ("client_id", "other")],
        ))
        .send()
        .await
        .unwrap();
    // "other" has no redirect URI registered: shown as a page, not redirected.
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
}

// ---------------------------------------------------------------------------
// Misbehaviours

#[tokio::test]
async fn misbehaviours_in_the_authorization_response() {
    let h = start().await;
    let pkce = Pkce::new();
    h.server.set_misbehaviour(Misbehaviour::WrongState);
    h.server.set_misbehaviour(Misbehaviour::WrongIssuer);
    let params = h.auto(&pkce, "approve", &[]).await;
    assert_ne!(params["state"], "state-123");
    assert_ne!(params["iss"], h.base);
    h.server.clear_misbehaviours();
    h.server.set_misbehaviour(Misbehaviour::MissingIssuer);
    h.server.set_misbehaviour(Misbehaviour::MissingState);
    let params = h.auto(&pkce, "approve", &[]).await;
    assert!(!params.contains_key("iss") && !params.contains_key("state"));
    assert_eq!(h.server.misbehaviours().len(), 2);
    h.server.clear_misbehaviour(Misbehaviour::MissingIssuer);
    let params = h.auto(&pkce, "approve", &[]).await;
    assert_eq!(params["iss"], h.base);
}

#[tokio::test]
async fn misbehaviours_in_the_id_token() {
    let h = start().await;
    let cases = [
        Misbehaviour::WrongNonce,
        Misbehaviour::MissingNonce,
        Misbehaviour::WrongCHash,
        Misbehaviour::WrongSHash,
    ];
    for m in cases {
        h.server.clear_misbehaviours();
        h.server.set_misbehaviour(m);
        let pkce = Pkce::new();
        let params = h.auto(&pkce, "approve", &[]).await;
        let body: Value = h
            .exchange(&params["code"], &pkce.verifier, REDIRECT)
            .await
            .json()
            .await
            .unwrap();
        let claims = h
            .verify_id_token(body["id_token"].as_str().unwrap())
            .await
            .unwrap();
        let bad = match m {
            Misbehaviour::WrongNonce | Misbehaviour::MissingNonce => {
                claims.get("nonce") != Some(&json!("nonce-456"))
            }
            Misbehaviour::WrongCHash => claims["c_hash"] != half_hash(&params["code"]),
            _ => claims["s_hash"] != half_hash("state-123"),
        };
        assert!(bad, "{m}");
    }
    // These fail verification outright.
    for m in [
        Misbehaviour::BadIdTokenSignature,
        Misbehaviour::IdTokenAlgNone,
        Misbehaviour::ExpiredIdToken,
        Misbehaviour::WrongIdTokenIssuer,
        Misbehaviour::WrongIdTokenAudience,
    ] {
        h.server.clear_misbehaviours();
        h.server.set_misbehaviour(m);
        let body = h.tokens(&[]).await;
        assert!(
            h.verify_id_token(body["id_token"].as_str().unwrap())
                .await
                .is_err(),
            "{m}"
        );
    }
    h.server.clear_misbehaviours();
    let body = h.tokens(&[]).await;
    assert!(
        h.verify_id_token(body["id_token"].as_str().unwrap())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn misbehaviours_in_tokens_and_discovery() {
    let h = start().await;
    h.server.set_misbehaviour(Misbehaviour::ExpiredAccessToken);
    let t = h.client_credentials().await;
    assert_eq!(h.server.check_bearer(&t), Err(AuthFailure::ExpiredToken));
    h.server.clear_misbehaviours();
    h.server.set_misbehaviour(Misbehaviour::RevokedAccessToken);
    let t = h.client_credentials().await;
    assert_eq!(h.server.check_bearer(&t), Err(AuthFailure::RevokedToken));
    h.server.clear_misbehaviours();
    h.server.set_misbehaviour(Misbehaviour::NoExpiresIn);
    h.server.set_misbehaviour(Misbehaviour::OddCaseTokenType);
    let body: Value = h
        .token_with_basic(&[("grant_type", "client_credentials")])
        .await
        .json()
        .await
        .unwrap();
    assert!(body.get("expires_in").is_none());
    assert_eq!(body["token_type"], "bEARER");
    h.server
        .set_misbehaviour("discovery-issuer-mismatch".parse().unwrap());
    let doc: Value = h
        .http
        .get(h.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(doc["issuer"], h.base);
}

#[tokio::test]
async fn misbehaviours_for_one_request_via_extensions() {
    let h = start_app(
        |c, _| c,
        |router| {
            router.layer(axum::middleware::from_fn(
                |mut req: axum::extract::Request, next: axum::middleware::Next| async move {
                    let wanted: Vec<Misbehaviour> = req
                        .headers()
                        .get("x-mock-scenario")
                        .and_then(|v| v.to_str().ok())
                        .map(|v| v.split(',').filter_map(|s| s.parse().ok()).collect())
                        .unwrap_or_default();
                    req.extensions_mut().insert(RequestMisbehaviours(wanted));
                    next.run(req).await
                },
            ))
        },
    )
    .await;
    let pkce = Pkce::new();
    let resp = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(&pkce, &[("login_hint", "chantaiman")]))
        .header(AUTO_APPROVE_HEADER, "approve")
        .header("x-mock-scenario", "wrong-state")
        .send()
        .await
        .unwrap();
    assert_eq!(redirect_params(&resp)["state"], "state-123-tampered");
    // The next request without the header is normal.
    let params = h.auto(&pkce, "approve", &[]).await;
    assert_eq!(params["state"], "state-123");
}

// ---------------------------------------------------------------------------
// Secrets and concurrency

#[test]
fn secrets_are_not_in_debug_output() {
    let config = AuthConfig::with_test_fixtures("http://127.0.0.1:1");
    let text = format!("{config:?}");
    assert!(!text.contains(TEST_CLIENT_SECRET));
    assert!(!text.contains("password1"));
    assert!(text.contains(TEST_CLIENT_ID));
    let server = AuthServer::new(config).unwrap();
    assert!(!format!("{server:?}").contains(TEST_CLIENT_SECRET));
}

#[test]
fn issuer_must_be_an_http_url() {
    assert!(AuthServer::new(AuthConfig::new("not a url")).is_err());
    assert!(AuthServer::new(AuthConfig::new("ftp://x")).is_err());
    let s = AuthServer::new(AuthConfig::new("http://127.0.0.1:1/bank/")).unwrap();
    assert_eq!(s.issuer(), "http://127.0.0.1:1/bank");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_token_requests_get_distinct_tokens() {
    let h = Arc::new(start().await);
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let h = h.clone();
        tasks.push(tokio::spawn(async move { h.client_credentials().await }));
    }
    let mut tokens = std::collections::HashSet::new();
    for t in tasks {
        tokens.insert(t.await.unwrap());
    }
    assert_eq!(tokens.len(), 32);
    for t in &tokens {
        assert!(h.server.check_bearer(t).is_ok());
    }
}

// ---------------------------------------------------------------------------
// Pushed authorization requests

impl Harness {
    async fn push(&self, pkce: &Pkce, extra: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url("/oauth/par"))
            .basic_auth(TEST_CLIENT_ID, Some(TEST_CLIENT_SECRET))
            .form(&self.authorize_query(pkce, extra))
            .send()
            .await
            .unwrap()
    }

    async fn authorize_pushed(&self, client_id: &str, request_uri: &str) -> reqwest::Response {
        self.http
            .get(self.url("/oauth/authorize"))
            .query(&[("client_id", client_id), ("request_uri", request_uri)])
            .header(AUTO_APPROVE_HEADER, "approve")
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn pushed_authorization_request_flow() {
    let h = start_with(|mut c, _| {
        c.require_pushed_authorization_requests = true;
        c
    })
    .await;
    let doc: Value = h
        .http
        .get(h.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        doc["pushed_authorization_request_endpoint"],
        h.url("/oauth/par")
    );
    assert_eq!(doc["require_pushed_authorization_requests"], true);

    let pkce = Pkce::new();
    let resp = h.push(&pkce, &[("login_hint", "chantaiman")]).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["expires_in"], 60);
    let request_uri = body["request_uri"].as_str().unwrap().to_owned();
    assert!(request_uri.starts_with("urn:ietf:params:oauth:request_uri:"));

    let resp = h.authorize_pushed(TEST_CLIENT_ID, &request_uri).await;
    let params = redirect_params(&resp);
    assert_eq!(params["state"], "state-123");
    let resp = h.exchange(&params["code"], &pkce.verifier, REDIRECT).await;
    assert_eq!(resp.status(), StatusCode::OK);

    // A request_uri works once.
    let resp = h.authorize_pushed(TEST_CLIENT_ID, &request_uri).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.headers().get("location").is_none());

    // Plain parameters are refused when pushing is required.
    let params = h.auto(&pkce, "approve", &[]).await;
    assert_eq!(params["error"], "invalid_request");
}

#[tokio::test]
async fn pushed_authorization_request_rejections() {
    let h =
        start_with(|c, _| c.client(RegisteredClient::with_secret("other", "other-secret"))).await;
    let pkce = Pkce::new();
    // Unauthenticated.
    let resp = h
        .http
        .post(h.url("/oauth/par"))
        .form(&h.authorize_query(&pkce, &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        oauth_error(resp).await,
        (StatusCode::UNAUTHORIZED, "invalid_client".to_owned())
    );
    // Bad parameters are answered directly, not redirected.
    for (extra, error) in [
        (("code_challenge_method", "plain"), "invalid_request"),
        (("scope", "openid admin"), "invalid_scope"),
        (
            ("redirect_uri", "https://evil.example/cb"),
            "invalid_request",
        ),
        (("client_id", "other"), "invalid_request"),
    ] {
        let resp = h.push(&pkce, &[extra]).await;
        assert_eq!(
            oauth_error(resp).await,
            (StatusCode::BAD_REQUEST, error.to_owned()),
            "{extra:?}"
        );
    }
    // Another client cannot use the request_uri.
    let body: Value = h
        .push(&pkce, &[("login_hint", "chantaiman")])
        .await
        .json()
        .await
        .unwrap();
    let uri = body["request_uri"].as_str().unwrap();
    let resp = h.authorize_pushed("other", uri).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    // It expires.
    let body: Value = h
        .push(&pkce, &[("login_hint", "chantaiman")])
        .await
        .json()
        .await
        .unwrap();
    let uri = body["request_uri"].as_str().unwrap();
    h.server.advance_clock(61).expect("the clock moves");
    let resp = h.authorize_pushed(TEST_CLIENT_ID, uri).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn more_id_token_misbehaviours() {
    let h = start().await;
    let claims_with = |m: Misbehaviour| {
        let h = &h;
        async move {
            h.server.clear_misbehaviours();
            h.server.set_misbehaviour(m);
            let body = h.tokens(&[]).await;
            let jwt = body["id_token"].as_str().unwrap().to_owned();
            let payload = jwt.split('.').nth(1).unwrap().to_owned();
            let claims: Value =
                serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
            (jwt, claims)
        }
    };
    let (_, c) = claims_with(Misbehaviour::MissingIdTokenIssuer).await;
    assert!(c.get("iss").is_none());
    let (_, c) = claims_with(Misbehaviour::MissingIdTokenAudience).await;
    assert!(c.get("aud").is_none());
    let (jwt, c) = claims_with(Misbehaviour::MissingIdTokenExp).await;
    assert!(c.get("exp").is_none());
    assert!(h.verify_id_token(&jwt).await.is_err());
    let (_, c) = claims_with(Misbehaviour::IdTokenUntrustedAudience).await;
    assert_eq!(c["aud"], json!([TEST_CLIENT_ID, "untrusted-party"]));
    let (_, c) = claims_with(Misbehaviour::IdTokenIatWeekInPast).await;
    assert!(c["iat"].as_i64().unwrap() <= h.server.now() - 7 * 24 * 3600);
    let (_, c) = claims_with(Misbehaviour::FutureIdTokenIat).await;
    let ahead = c["iat"].as_i64().unwrap() - h.server.now();
    assert!((590..=600).contains(&ahead), "iat is {ahead} s ahead");
    let (_, c) = claims_with(Misbehaviour::MissingCHash).await;
    assert!(c.get("c_hash").is_none() && c.get("s_hash").is_some());
    let (_, c) = claims_with(Misbehaviour::MissingSHash).await;
    assert!(c.get("s_hash").is_none() && c.get("c_hash").is_some());
    // A one-element aud array is valid.
    let (jwt, c) = claims_with(Misbehaviour::IdTokenAudienceArray).await;
    assert_eq!(c["aud"], json!([TEST_CLIENT_ID]));
    assert!(h.verify_id_token(&jwt).await.is_ok());

    // The consent id claim can lie.
    h.server.clear_misbehaviours();
    let cc = h.client_credentials().await;
    let body: Value = create_consent(&h, &cc, json!({ "permissions": ["ReadAccounts"] }))
        .await
        .json()
        .await
        .unwrap();
    let id = body["data"]["consentId"].as_str().unwrap().to_owned();
    h.server.set_misbehaviour(Misbehaviour::WrongConsentId);
    let tokens = h.tokens(&[("consent_id", id.as_str())]).await;
    let claims = h
        .verify_id_token(tokens["id_token"].as_str().unwrap())
        .await
        .unwrap();
    assert_ne!(claims["openbanking_intent_id"], id.as_str());
    assert_ne!(claims["consent_id"], id.as_str());
}

#[tokio::test]
async fn decoy_keys_and_key_rotation() {
    let h = start().await;
    let before = h.tokens(&[]).await;
    let old_kid = h.server.signing_key_id();

    h.server.set_misbehaviour(Misbehaviour::JwksDecoyKeys);
    let jwks: Value = h
        .http
        .get(h.url("/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    assert_ne!(jwks["keys"][0]["kid"], old_kid.as_str());
    // Picking the key by kid still verifies.
    assert!(
        h.verify_id_token(before["id_token"].as_str().unwrap())
            .await
            .is_ok()
    );
    h.server.clear_misbehaviours();

    let new_kid = h.server.rotate_signing_key().unwrap();
    assert_ne!(new_kid, old_kid);
    assert_eq!(h.server.signing_key_id(), new_kid);
    let after = h.tokens(&[]).await;
    let header = jsonwebtoken::decode_header(after["id_token"].as_str().unwrap()).unwrap();
    assert_eq!(header.kid.as_deref(), Some(new_kid.as_str()));
    // Both the old and the new token verify against the published keys.
    assert!(
        h.verify_id_token(before["id_token"].as_str().unwrap())
            .await
            .is_ok()
    );
    assert!(
        h.verify_id_token(after["id_token"].as_str().unwrap())
            .await
            .is_ok()
    );
    let jwks = h.server.jwks();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_form_can_narrow_the_accounts() {
    let h = start().await;
    let pkce = Pkce::new();
    let page = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(&pkce, &[]))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (action, request_id) = form_fields(&page);
    let post = |accounts: &'static str| {
        h.http
            .post(&action)
            .form(&[
                ("request_id", request_id.as_str()),
                ("username", "chantaiman"),
                ("password", "password1"),
                ("accounts", accounts),
                ("decision", "approve"),
            ])
            .send()
    };
    // Someone else's account is refused on the page.
    let resp = post("A00021").await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.text().await.unwrap().contains("not yours"));
    let resp = post("A00012").await.unwrap();
    let params = redirect_params(&resp);
    let body: Value = h
        .exchange(&params["code"], &pkce.verifier, REDIRECT)
        .await
        .json()
        .await
        .unwrap();
    let info = h
        .server
        .check_bearer(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(info.account_ids, vec!["A00012".to_owned()]);
}

// ---------------------------------------------------------------------------
// The consent page in two steps: sign in, then choose and approve

/// Posts the page's form.
async fn post_form(h: &Harness, form: &[(&str, &str)]) -> reqwest::Response {
    h.http
        .post(h.url("/oauth/authorize"))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// A consent awaiting authorisation, and the login page for it.
async fn consent_page(h: &Harness, pkce: &Pkce, permissions: Value) -> (String, String) {
    let cc = h.client_credentials().await;
    let body: Value = create_consent(h, &cc, json!({ "permissions": permissions }))
        .await
        .json()
        .await
        .unwrap();
    let consent_id = body["data"]["consentId"].as_str().unwrap().to_owned();
    let page = h
        .http
        .get(h.url("/oauth/authorize"))
        .query(&h.authorize_query(pkce, &[("consent_id", consent_id.as_str())]))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (consent_id, page)
}

#[tokio::test]
async fn the_page_signs_in_then_offers_each_account_ticked_and_approves_only_the_choice() {
    let h = start().await;
    let pkce = Pkce::new();
    let (consent_id, page) =
        consent_page(&h, &pkce, json!(["ReadAccountsBasic", "ReadBalances"])).await;
    assert!(page.contains(&format!("<code id=\"consent-id\">{consent_id}</code>")));
    assert!(
        page.contains("Your account balances"),
        "permissions in words"
    );
    assert!(
        !page.contains("type=\"checkbox\""),
        "no choice before signing in"
    );
    let (_, login_id) = form_fields(&page);

    // A wrong password: the login page again, with a message, and still usable.
    let resp = post_form(
        &h,
        &[
            ("request_id", &login_id),
            ("username", "chantaiman"),
            ("password", "nope"),
            ("decision", "login"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let again = resp.text().await.unwrap();
    assert!(again.contains("role=\"alert\">Wrong username or password.</p>"));
    assert!(
        again.contains("value=\"chantaiman\""),
        "the username is kept"
    );
    assert_eq!(form_fields(&again).1, login_id);

    let resp = post_form(
        &h,
        &[
            ("request_id", &login_id),
            ("username", "chantaiman"),
            ("password", "password1"),
            ("decision", "login"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    assert_eq!(resp.headers()["x-frame-options"], "DENY");
    let choice = resp.text().await.unwrap();
    assert!(choice.contains("Signed in as <strong id=\"signed-in\">CHAN Tai Man</strong>"));
    for id in ["A00011", "A00012"] {
        assert!(
            choice.contains(&format!(
                "<input type=\"checkbox\" name=\"accounts\" id=\"account-{id}\" value=\"{id}\" checked>"
            )),
            "{choice}"
        );
    }
    assert!(choice.contains("Your account balances"));
    assert!(!choice.contains("name=\"password\""));
    let (action, choice_id) = form_fields(&choice);
    assert_eq!(action, h.url("/oauth/authorize"));
    assert_ne!(choice_id, login_id, "signing in gives a new request id");

    // The login page's request id is spent.
    let resp = post_form(&h, &[("request_id", &login_id), ("decision", "approve")]).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);

    // Nothing ticked is refused on the page, the boxes as they were sent.
    let resp = post_form(&h, &[("request_id", &choice_id), ("decision", "approve")]).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let refused = resp.text().await.unwrap();
    assert!(refused.contains("role=\"alert\">Choose at least one account or card to share.</p>"));
    assert!(!refused.contains(" checked>"));
    assert_eq!(form_fields(&refused).1, choice_id);
    // So is someone else's account.
    let resp = post_form(
        &h,
        &[
            ("request_id", &choice_id),
            ("accounts", "A00012"),
            ("accounts", "A00021"),
            ("decision", "approve"),
        ],
    )
    .await;
    let refused = resp.text().await.unwrap();
    assert!(refused.contains("An account chosen is not yours."));
    assert!(refused.contains("id=\"account-A00011\" value=\"A00011\">"));
    assert!(refused.contains("id=\"account-A00012\" value=\"A00012\" checked>"));
    assert_eq!(
        h.server.consent(&consent_id).unwrap().status,
        ConsentStatus::AwaitingAuthorisation
    );

    let resp = post_form(
        &h,
        &[
            ("request_id", &choice_id),
            ("accounts", "A00012"),
            ("decision", "approve"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let params = redirect_params(&resp);
    assert_eq!(params["state"], "state-123");
    let consent = h.server.consent(&consent_id).unwrap();
    assert_eq!(consent.status, ConsentStatus::Authorised);
    assert_eq!(consent.customer_id.as_deref(), Some("C0001"));
    assert_eq!(consent.account_ids, ["A00012"]);
    let body: Value = h
        .exchange(&params["code"], &pkce.verifier, REDIRECT)
        .await
        .json()
        .await
        .unwrap();
    let info = h
        .server
        .check_bearer(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(info.account_ids, ["A00012"]);
    // The choice page's request id is spent too.
    let resp = post_form(
        &h,
        &[
            ("request_id", &choice_id),
            ("accounts", "A00011"),
            ("decision", "approve"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn approving_before_signing_in_asks_for_it_and_deny_works_after_signing_in() {
    let h = start().await;
    let pkce = Pkce::new();
    let (consent_id, page) = consent_page(&h, &pkce, json!(["ReadAccountsBasic"])).await;
    let (_, login_id) = form_fields(&page);
    let resp = post_form(
        &h,
        &[
            ("request_id", &login_id),
            ("accounts", "A00011"),
            ("decision", "approve"),
        ],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let text = resp.text().await.unwrap();
    assert!(text.contains("Sign in first."), "{text}");
    assert!(!text.contains("type=\"checkbox\""));

    let choice = post_form(
        &h,
        &[
            ("request_id", &login_id),
            ("username", "chantaiman"),
            ("password", "password1"),
            ("decision", "login"),
        ],
    )
    .await
    .text()
    .await
    .unwrap();
    let (_, choice_id) = form_fields(&choice);
    let resp = post_form(&h, &[("request_id", &choice_id), ("decision", "deny")]).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let params = redirect_params(&resp);
    assert_eq!(params["error"], "access_denied");
    assert_eq!(params["state"], "state-123");
    assert_eq!(
        h.server.consent(&consent_id).unwrap().status,
        ConsentStatus::Rejected
    );
}

#[tokio::test]
async fn a_customer_without_accounts_cannot_approve_a_consent_and_odd_forms_are_refused() {
    let h = start().await;
    let pkce = Pkce::new();
    let (consent_id, page) = consent_page(&h, &pkce, json!(["ReadAccountsBasic"])).await;
    let (_, login_id) = form_fields(&page);
    let choice = post_form(
        &h,
        &[
            ("request_id", &login_id),
            ("username", "leekayan"),
            ("password", "password3"),
            ("decision", "login"),
        ],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(choice.contains("no accounts or cards"), "{choice}");
    let (_, choice_id) = form_fields(&choice);
    let resp = post_form(&h, &[("request_id", &choice_id), ("decision", "approve")]).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.text().await.unwrap().contains("Choose at least one"));
    assert_eq!(
        h.server.consent(&consent_id).unwrap().status,
        ConsentStatus::AwaitingAuthorisation
    );
    // A repeated field, an unknown decision, an unknown request id.
    for form in [
        vec![
            ("request_id", choice_id.as_str()),
            ("request_id", choice_id.as_str()),
            ("decision", "deny"),
        ],
        vec![("request_id", choice_id.as_str()), ("decision", "maybe")],
        vec![("request_id", "no-such-request"), ("decision", "deny")],
        vec![("decision", "deny")],
    ] {
        let resp = post_form(&h, &form).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{form:?}");
        assert!(resp.text().await.unwrap().contains("role=\"alert\""));
    }
}
