//! Dynamic client registration at the authorization server (RFC 7591 / 7592 as UK Open
//! Banking profiles it): a signed request with a software statement registers a client that
//! then uses every grant like a configured one; the registration is read, updated and deleted
//! with its access token; every malformed request is an RFC 7591 error.

use std::collections::HashMap;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkob_mock_bank::{AUTO_APPROVE_HEADER, AuthConfig, AuthServer};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use serde_json::{Value, json};

const REDIRECT: &str = "https://tsp.example/registered";
const SOFTWARE_ID: &str = "tsp-software-1";

struct Harness {
    server: Arc<AuthServer>,
    base: String,
    http: reqwest::Client,
    tsp: TspKey,
}

/// The TSP's signing key and its public JWK.
struct TspKey {
    alg: Algorithm,
    private_pem: String,
    jwk: Value,
}

impl TspKey {
    fn es256(kid: &str) -> Self {
        let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let raw = pair.public_key_raw();
        Self {
            alg: Algorithm::ES256,
            private_pem: pair.serialize_pem(),
            jwk: json!({
                "kty": "EC", "crv": "P-256", "use": "sig", "kid": kid,
                "x": URL_SAFE_NO_PAD.encode(&raw[1..33]),
                "y": URL_SAFE_NO_PAD.encode(&raw[33..65]),
            }),
        }
    }

    fn ps256(kid: &str) -> Self {
        let (n, e) = rsa_components(include_str!("fixtures/ps256-test-public.pem"));
        Self {
            alg: Algorithm::PS256,
            private_pem: include_str!("fixtures/ps256-test-private.pem").to_owned(),
            jwk: json!({
                "kty": "RSA", "use": "sig", "kid": kid,
                "n": URL_SAFE_NO_PAD.encode(n), "e": URL_SAFE_NO_PAD.encode(e),
            }),
        }
    }

    fn encoding(&self) -> EncodingKey {
        match self.alg {
            Algorithm::PS256 => EncodingKey::from_rsa_pem(self.private_pem.as_bytes()).unwrap(),
            _ => EncodingKey::from_ec_pem(self.private_pem.as_bytes()).unwrap(),
        }
    }

    fn sign(&self, claims: &Value, kid: Option<&str>) -> String {
        let mut header = Header::new(self.alg);
        header.kid = kid.map(str::to_owned);
        jsonwebtoken::encode(&header, claims, &self.encoding()).unwrap()
    }
}

/// The modulus and exponent of an RSA `PUBLIC KEY` PEM (SubjectPublicKeyInfo).
fn rsa_components(pem: &str) -> (Vec<u8>, Vec<u8>) {
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    // One DER item: its tag, its content, what follows.
    fn item(bytes: &[u8]) -> (u8, &[u8], &[u8]) {
        let (tag, first) = (bytes[0], bytes[1]);
        let (len, start) = if first < 0x80 {
            (usize::from(first), 2)
        } else {
            let n = usize::from(first & 0x7f);
            let len = bytes[2..2 + n]
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            (len, 2 + n)
        };
        (tag, &bytes[start..start + len], &bytes[start + len..])
    }
    let (_, spki, _) = item(&der);
    let (_, _algorithm, rest) = item(spki);
    let (tag, bits, _) = item(rest);
    assert_eq!(tag, 0x03, "a BIT STRING");
    let (_, key, _) = item(&bits[1..]);
    let (_, n, rest) = item(key);
    let (_, e, _) = item(rest);
    let trim = |v: &[u8]| v.iter().skip_while(|b| **b == 0).copied().collect();
    (trim(n), trim(e))
}

async fn start_with(configure: impl FnOnce(AuthConfig) -> AuthConfig) -> Harness {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let config = configure(AuthConfig::with_test_fixtures(&base));
    let server = Arc::new(AuthServer::new(config).unwrap());
    let app = server.clone().routes();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Harness {
        server,
        base,
        http: reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap(),
        tsp: TspKey::es256("tsp-key-1"),
    }
}

async fn start() -> Harness {
    start_with(|c| c).await
}

impl Harness {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A software statement naming the TSP's key, signed by the server.
    fn statement(&self, key: &TspKey) -> String {
        self.server
            .issue_software_statement(SOFTWARE_ID, json!({ "keys": [key.jwk] }))
            .unwrap()
    }

    /// Registration claims for `metadata`, with the JWT claims a TSP adds.
    fn claims(&self, iss: &str, statement: Option<&str>, metadata: Value) -> Value {
        let now = self.server.now();
        let mut claims = json!({
            "iss": iss,
            "aud": self.base,
            "iat": now,
            "exp": now + 300,
            "jti": uuid::Uuid::new_v4().to_string(),
        });
        if let Some(s) = statement {
            claims["software_statement"] = json!(s);
        }
        for (k, v) in metadata.as_object().unwrap() {
            if v.is_null() {
                claims.as_object_mut().unwrap().remove(k);
            } else {
                claims[k] = v.clone();
            }
        }
        claims
    }

    /// `POST /register` with a request signed by the harness' TSP key.
    async fn register(&self, metadata: Value) -> reqwest::Response {
        let statement = self.statement(&self.tsp);
        let claims = self.claims(SOFTWARE_ID, Some(&statement), metadata);
        self.post_jose(&self.tsp.sign(&claims, Some("tsp-key-1")))
            .await
    }

    async fn post_jose(&self, body: &str) -> reqwest::Response {
        self.http
            .post(self.url("/register"))
            .header("content-type", "application/jose")
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
    }

    /// A registered client: the 201 body.
    async fn registered(&self, metadata: Value) -> Value {
        let resp = self.register(metadata).await;
        assert_eq!(resp.status(), StatusCode::CREATED);
        resp.json().await.unwrap()
    }

    /// The non-interactive authorize path for `client_id`: the redirect's query.
    async fn authorize(&self, client_id: &str, redirect: &str) -> reqwest::Response {
        self.http
            .get(self.url("/oauth/authorize"))
            .query(&[
                ("response_type", "code"),
                ("client_id", client_id),
                ("redirect_uri", redirect),
                ("scope", "openid accounts"),
                ("state", "s-1"),
                ("nonce", "n-1"),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
                ("login_hint", "chantaiman"),
            ])
            .header(AUTO_APPROVE_HEADER, "approve")
            .send()
            .await
            .unwrap()
    }

    async fn token(&self, form: &[(&str, &str)], basic: Option<(&str, &str)>) -> reqwest::Response {
        let mut req = self.http.post(self.url("/oauth/token")).form(form);
        if let Some((id, secret)) = basic {
            req = req.basic_auth(id, Some(secret));
        }
        req.send().await.unwrap()
    }
}

/// PKCE S256 of [`VERIFIER`] (RFC 7636 Appendix B).
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn query_of(resp: &reqwest::Response) -> HashMap<String, String> {
    let location = resp.headers()["location"].to_str().unwrap();
    url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

async fn error_of(resp: reqwest::Response) -> (StatusCode, String, String) {
    let status = resp.status();
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let body: Value = resp.json().await.unwrap();
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
        body["error_description"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

#[tokio::test]
async fn discovery_names_the_registration_endpoint_unless_it_is_off() {
    let h = start().await;
    let doc = h.server.discovery_document();
    assert_eq!(doc["registration_endpoint"], h.url("/register"));
    let methods = doc["token_endpoint_auth_methods_supported"]
        .as_array()
        .unwrap();
    assert!(methods.contains(&json!("private_key_jwt")));

    let off = start_with(|mut c| {
        c.dynamic_registration = false;
        c
    })
    .await;
    assert!(off.server.discovery_document()["registration_endpoint"].is_null());
    let resp = off.register(json!({ "redirect_uris": [REDIRECT] })).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_signed_request_registers_a_secret_client_that_uses_every_grant() {
    let h = start().await;
    let body = h
        .registered(json!({
            "redirect_uris": [REDIRECT, "http://127.0.0.1/cb"],
            "grant_types": ["authorization_code", "refresh_token", "client_credentials"],
            "scope": "openid accounts",
            "client_name": "A TSP <app>",
        }))
        .await;
    let client_id = body["client_id"].as_str().unwrap();
    let secret = body["client_secret"].as_str().unwrap();
    assert!(client_id.starts_with("dcr-"));
    assert_eq!(body["client_secret_expires_at"], 0);
    assert_eq!(body["token_endpoint_auth_method"], "client_secret_basic");
    assert_eq!(
        body["redirect_uris"],
        json!([REDIRECT, "http://127.0.0.1/cb"])
    );
    assert_eq!(body["response_types"], json!(["code"]));
    assert_eq!(body["scope"], "openid accounts");
    assert_eq!(body["client_name"], "A TSP <app>");
    assert_eq!(body["software_id"], SOFTWARE_ID);
    assert!(body["software_statement"].is_string());
    assert!(body["registration_access_token"].is_string());
    assert_eq!(
        body["registration_client_uri"],
        h.url(&format!("/register/{client_id}"))
    );
    assert!(body.get("iss").is_none() && body.get("jti").is_none());
    let client = h.server.client(client_id).expect("known to the server");
    assert_eq!(client.scopes, ["openid", "accounts"]);

    // Client credentials, with the secret, in Basic only (the registered method).
    let cc = [("grant_type", "client_credentials"), ("scope", "accounts")];
    let resp = h.token(&cc, Some((client_id, secret))).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = h
        .token(
            &[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", secret),
            ],
            None,
        )
        .await;
    assert_eq!(error_of(resp).await.1, "invalid_client");
    // A scope it did not register.
    let resp = h
        .token(
            &[("grant_type", "client_credentials"), ("scope", "payments")],
            Some((client_id, secret)),
        )
        .await;
    assert_eq!(error_of(resp).await.1, "invalid_scope");

    // The authorization code flow, at a registered redirect URI (a loopback one on any port).
    let resp = h.authorize(client_id, "https://tsp.example/other").await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let resp = h.authorize(client_id, "http://127.0.0.1:4321/cb").await;
    assert_eq!(resp.status(), StatusCode::FOUND);
    let code = query_of(&resp)["code"].clone();
    let resp = h
        .token(
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", "http://127.0.0.1:4321/cb"),
                ("code_verifier", VERIFIER),
            ],
            Some((client_id, secret)),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let tokens: Value = resp.json().await.unwrap();
    let info = h
        .server
        .check_bearer(tokens["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(info.client_id, client_id);
    assert_eq!(info.customer_id.as_deref(), Some("C0001"));
    assert!(tokens["id_token"].is_string());
    let resp = h
        .token(
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ],
            Some((client_id, secret)),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_private_key_jwt_client_authenticates_with_the_key_that_signed_its_registration() {
    for tsp in [TspKey::es256("es-1"), TspKey::ps256("ps-1")] {
        let mut h = start().await;
        h.tsp = tsp;
        let kid = h.tsp.jwk["kid"].as_str().unwrap().to_owned();
        // No kid in the header: the statement's key of the algorithm's type is tried.
        let statement = h.statement(&h.tsp);
        let claims = h.claims(
            SOFTWARE_ID,
            Some(&statement),
            json!({
                "redirect_uris": [REDIRECT],
                "token_endpoint_auth_method": "private_key_jwt",
                "grant_types": ["client_credentials"],
            }),
        );
        let resp = h.post_jose(&h.tsp.sign(&claims, None)).await;
        assert_eq!(resp.status(), StatusCode::CREATED, "{kid}");
        let body: Value = resp.json().await.unwrap();
        assert!(body.get("client_secret").is_none(), "{body}");
        assert_eq!(body["token_endpoint_auth_method"], "private_key_jwt");
        let client_id = body["client_id"].as_str().unwrap();

        let assertion = |key: &TspKey| {
            let now = h.server.now();
            key.sign(
                &json!({
                    "iss": client_id, "sub": client_id, "aud": h.url("/oauth/token"),
                    "iat": now, "exp": now + 60, "jti": uuid::Uuid::new_v4().to_string(),
                }),
                Some(&kid),
            )
        };
        let form = |assertion: &str| {
            vec![
                ("grant_type", "client_credentials".to_owned()),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_owned(),
                ),
                ("client_assertion", assertion.to_owned()),
            ]
        };
        let resp = h
            .http
            .post(h.url("/oauth/token"))
            .form(&form(&assertion(&h.tsp)))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{kid}");
        // Another key does not authenticate it.
        let resp = h
            .http
            .post(h.url("/oauth/token"))
            .form(&form(&assertion(&TspKey::es256(&kid))))
            .send()
            .await
            .unwrap();
        assert_eq!(error_of(resp).await.1, "invalid_client", "{kid}");
        // Only the grants it registered.
        let resp = h.authorize(client_id, REDIRECT).await;
        assert_eq!(query_of(&resp)["error"], "unauthorized_client", "{kid}");
    }
}

#[tokio::test]
async fn the_registration_is_read_updated_and_deleted_with_its_access_token() {
    let h = start().await;
    let body = h
        .registered(json!({ "redirect_uris": [REDIRECT], "grant_types": ["authorization_code", "client_credentials"] }))
        .await;
    let client_id = body["client_id"].as_str().unwrap().to_owned();
    let secret = body["client_secret"].as_str().unwrap().to_owned();
    let token = body["registration_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let uri = body["registration_client_uri"].as_str().unwrap().to_owned();

    let read = |bearer: Option<String>| {
        let mut req = h.http.get(&uri);
        if let Some(b) = bearer {
            req = req.bearer_auth(b);
        }
        req.send()
    };
    let resp = read(Some(token.clone())).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.json::<Value>().await.unwrap(), body);
    for bearer in [None, Some("wrong".to_owned())] {
        let resp = read(bearer).await.unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
        assert!(resp.headers().contains_key("www-authenticate"));
        assert_eq!(error_of(resp).await.1, "invalid_token");
    }
    // Another client's URI with this token.
    let resp = h
        .http
        .get(h.url("/register/dcr-someone-else"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

    // An access token issued before the update and the deletion.
    let resp = h
        .token(
            &[("grant_type", "client_credentials")],
            Some((&client_id, &secret)),
        )
        .await;
    let access: Value = resp.json().await.unwrap();
    let access = access["access_token"].as_str().unwrap().to_owned();

    // The update is signed by the client id, with the registered statement's keys.
    let update = |metadata: Value| {
        let claims = h.claims(&client_id, None, metadata);
        h.http
            .put(&uri)
            .bearer_auth(&token)
            .header("content-type", "application/jose")
            .body(h.tsp.sign(&claims, Some("tsp-key-1")))
            .send()
    };
    let resp = update(json!({
        "redirect_uris": ["https://tsp.example/new"],
        "token_endpoint_auth_method": "client_secret_post",
        "scope": "openid accounts",
    }))
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let updated: Value = resp.json().await.unwrap();
    assert_eq!(updated["client_id"], client_id.as_str());
    assert_eq!(
        updated["client_secret"],
        secret.as_str(),
        "the secret stays"
    );
    assert_eq!(updated["redirect_uris"], json!(["https://tsp.example/new"]));
    assert_eq!(updated["token_endpoint_auth_method"], "client_secret_post");
    assert_eq!(updated["grant_types"], json!(["authorization_code"]));
    assert_eq!(updated["registration_access_token"], token.as_str());
    assert_eq!(
        h.authorize(&client_id, REDIRECT).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        h.authorize(&client_id, "https://tsp.example/new")
            .await
            .status(),
        StatusCode::FOUND
    );
    let resp = update(json!({ "redirect_uris": [REDIRECT], "client_id": "dcr-other" }))
        .await
        .unwrap();
    assert_eq!(error_of(resp).await.1, "invalid_client_metadata");

    let delete = || h.http.delete(&uri).bearer_auth(&token).send();
    assert_eq!(delete().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(delete().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        read(Some(token.clone())).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert!(h.server.client(&client_id).is_none());
    assert!(
        h.server.check_bearer(&access).is_err(),
        "its tokens stop working"
    );
    let resp = h
        .token(
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &client_id),
                ("client_secret", &secret),
            ],
            None,
        )
        .await;
    assert_eq!(error_of(resp).await.1, "invalid_client");
    assert_eq!(
        h.authorize(&client_id, "https://tsp.example/new")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_client_that_registers_the_code_grant_alone_gets_no_refresh_token() {
    let h = start().await;
    let body = h.registered(json!({ "redirect_uris": [REDIRECT] })).await;
    let client_id = body["client_id"].as_str().unwrap();
    let secret = body["client_secret"].as_str().unwrap();
    assert_eq!(body["grant_types"], json!(["authorization_code"]));
    let resp = h
        .token(
            &[("grant_type", "client_credentials")],
            Some((client_id, secret)),
        )
        .await;
    assert_eq!(error_of(resp).await.1, "unauthorized_client");
    let resp = h.authorize(client_id, REDIRECT).await;
    let code = query_of(&resp)["code"].clone();
    let resp = h
        .token(
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", VERIFIER),
            ],
            Some((client_id, secret)),
        )
        .await;
    let tokens: Value = resp.json().await.unwrap();
    assert!(tokens["access_token"].is_string());
    assert!(tokens.get("refresh_token").is_none(), "{tokens}");
}

#[tokio::test]
async fn malformed_requests_are_refused_as_rfc_7591_says() {
    let h = start().await;
    let statement = h.statement(&h.tsp);
    let now = h.server.now();
    let good = json!({ "redirect_uris": [REDIRECT] });
    let signed = |claims: &Value| h.tsp.sign(claims, Some("tsp-key-1"));
    let with = |patch: Value| {
        let mut metadata = good.clone();
        for (k, v) in patch.as_object().unwrap() {
            metadata[k] = v.clone();
        }
        signed(&h.claims(SOFTWARE_ID, Some(&statement), metadata))
    };
    let unsigned = |header: Value, claims: &Value| {
        format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    };
    let keyless = h
        .server
        .issue_software_statement(SOFTWARE_ID, json!({ "keys": [] }))
        .unwrap();
    let other_key = TspKey::es256("tsp-key-1");
    let cases: Vec<(&str, String, &str)> = vec![
        ("an empty body", String::new(), "invalid_client_metadata"),
        ("not a JWT", "hello".to_owned(), "invalid_client_metadata"),
        (
            "alg none",
            unsigned(
                json!({"alg": "none"}),
                &h.claims(SOFTWARE_ID, Some(&statement), good.clone()),
            ),
            "invalid_client_metadata",
        ),
        (
            "HS256",
            jsonwebtoken::encode(
                &Header::new(Algorithm::HS256),
                &h.claims(SOFTWARE_ID, Some(&statement), good.clone()),
                &EncodingKey::from_secret(b"shared"),
            )
            .unwrap(),
            "invalid_client_metadata",
        ),
        (
            "no software statement",
            signed(&h.claims(SOFTWARE_ID, None, good.clone())),
            "invalid_software_statement",
        ),
        (
            "a statement that is no JWT",
            with(json!({ "software_statement": "not-a-jwt" })),
            "invalid_software_statement",
        ),
        (
            "a statement that is not text",
            with(json!({ "software_statement": {"jwks": {}} })),
            "invalid_software_statement",
        ),
        (
            "a statement without keys",
            with(json!({ "software_statement": keyless })),
            "invalid_software_statement",
        ),
        (
            "signed by a key the statement does not hold",
            other_key.sign(
                &h.claims(SOFTWARE_ID, Some(&statement), good.clone()),
                Some("tsp-key-1"),
            ),
            "invalid_client_metadata",
        ),
        (
            "a kid the statement does not hold",
            h.tsp.sign(
                &h.claims(SOFTWARE_ID, Some(&statement), good.clone()),
                Some("other"),
            ),
            "invalid_client_metadata",
        ),
        (
            "another audience",
            with(json!({ "aud": "https://other.example" })),
            "invalid_client_metadata",
        ),
        (
            "no iat",
            with(json!({ "iat": null })),
            "invalid_client_metadata",
        ),
        (
            "exp more than 30 minutes after iat",
            with(json!({ "iat": now, "exp": now + 1801 })),
            "invalid_client_metadata",
        ),
        (
            "iat in the future",
            with(json!({ "iat": now + 600, "exp": now + 900 })),
            "invalid_client_metadata",
        ),
        (
            "expired",
            with(json!({ "iat": now - 1000, "exp": now - 500 })),
            "invalid_client_metadata",
        ),
        (
            "iss is not the software",
            with(json!({ "iss": "someone" })),
            "invalid_client_metadata",
        ),
        (
            "a plain http redirect URI",
            with(json!({ "redirect_uris": ["http://tsp.example/cb"] })),
            "invalid_redirect_uri",
        ),
        (
            "a redirect URI with a fragment",
            with(json!({ "redirect_uris": ["https://tsp.example/cb#x"] })),
            "invalid_redirect_uri",
        ),
        (
            "no redirect URI for the code grant",
            with(json!({ "redirect_uris": [] })),
            "invalid_redirect_uri",
        ),
        (
            "an unknown grant",
            with(json!({ "grant_types": ["password"] })),
            "invalid_client_metadata",
        ),
        (
            "an unknown auth method",
            with(json!({ "token_endpoint_auth_method": "tls_client_auth" })),
            "invalid_client_metadata",
        ),
        (
            "a scope not offered",
            with(json!({ "scope": "openid admin" })),
            "invalid_client_metadata",
        ),
    ];
    for (what, body, code) in cases {
        let resp = h.post_jose(&body).await;
        let (status, error, description) = error_of(resp).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {description}");
        assert_eq!(error, code, "{what}: {description}");
    }
    // The body must be labelled application/jose.
    let resp = h
        .http
        .post(h.url("/register"))
        .json(&json!({ "redirect_uris": [REDIRECT] }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(resp).await.1, "invalid_client_metadata");
    // A request works once.
    let once = with(json!({}));
    assert_eq!(h.post_jose(&once).await.status(), StatusCode::CREATED);
    let (status, error, _) = error_of(h.post_jose(&once).await).await;
    assert_eq!(
        (status, error.as_str()),
        (StatusCode::BAD_REQUEST, "invalid_client_metadata")
    );
    // Any well-formed statement will do, whoever signed it.
    let foreign = unsigned(
        json!({"alg": "PS256", "kid": "directory"}),
        &json!({ "software_id": SOFTWARE_ID, "software_jwks": { "keys": [h.tsp.jwk] } }),
    );
    assert_eq!(
        h.post_jose(&with(json!({ "software_statement": foreign })))
            .await
            .status(),
        StatusCode::CREATED
    );
}
