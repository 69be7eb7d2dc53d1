//! What a TSP does for a payment, with plain HTTP: a client-credentials
//! token, a payment consent, the customer's approval (non-interactive, or
//! the consent page), the code exchanged with PKCE, the payment, its
//! polls; and the checks every Phase IV answer gets (the bank's signature
//! against its JWKS, the body against the spec).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use serde_json::Value;

use crate::support::{Spec, json};

pub const REDIRECT: &str = "http://127.0.0.1/callback";

/// The dialect a bank speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Jetco,
    Hsbc,
}

impl Dialect {
    pub fn of(bank: &str) -> Dialect {
        if matches!(bank, "hsbc" | "hangseng") {
            Dialect::Hsbc
        } else {
            Dialect::Jetco
        }
    }

    pub fn consents(self) -> &'static str {
        match self {
            Dialect::Jetco => "/payment-consents",
            Dialect::Hsbc => "/open-banking/v1.0/payments/domestic-payment-consents",
        }
    }

    pub fn payments(self) -> &'static str {
        match self {
            Dialect::Jetco => "/payments",
            Dialect::Hsbc => "/open-banking/v1.0/payments/domestic-payments",
        }
    }

    pub fn spec(self) -> Spec {
        Spec::load_file(match self {
            Dialect::Jetco => "phase4-jetco-apix.yaml",
            Dialect::Hsbc => "phase4-hsbc-group.yaml",
        })
    }

    pub fn error_schema(self) -> &'static str {
        match self {
            Dialect::Jetco => "ErrorResponse",
            Dialect::Hsbc => "ErrorInfo",
        }
    }

    pub fn consent_schema(self) -> &'static str {
        match self {
            Dialect::Jetco => "PaymentConsentResponse",
            Dialect::Hsbc => "DomesticPaymentConsentResponse",
        }
    }

    pub fn payment_schema(self) -> &'static str {
        match self {
            Dialect::Jetco => "PaymentResponse",
            Dialect::Hsbc => "DomesticPaymentResponse",
        }
    }

    /// The payment id of a payment body.
    pub fn payment_id(self, body: &Value) -> String {
        let key = match self {
            Dialect::Jetco => "paymentId",
            Dialect::Hsbc => "domesticPaymentId",
        };
        body["data"][key].as_str().expect("payment id").to_owned()
    }

    /// The status of a rejected payment.
    pub fn rejected(self) -> &'static str {
        match self {
            Dialect::Jetco => "Rejected",
            Dialect::Hsbc => "RJCT",
        }
    }

    /// The reason code of a rejected payment.
    pub fn reason(self, body: &Value) -> String {
        let v = match self {
            Dialect::Jetco => &body["data"]["statusReason"]["code"],
            Dialect::Hsbc => &body["data"]["rejectReasonList"][0]["rejectReasonCode"],
        };
        v.as_str().expect("reason code").to_owned()
    }

    /// An error body's text (JETCO `moreInformation`, HSBC `causes`).
    pub fn error_text(self, body: &Value) -> String {
        let v = match self {
            Dialect::Jetco => &body["moreInformation"],
            Dialect::Hsbc => &body["errors"][0]["causes"],
        };
        v.as_str().unwrap_or_default().to_owned()
    }

    /// An HSBC error body's code (empty for JETCO).
    pub fn error_code(self, body: &Value) -> String {
        body["errors"][0]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// A TSP at one bank of a mock.
pub struct Tsp {
    pub http: reqwest::Client,
    pub url: String,
    pub bank: String,
    pub dialect: Dialect,
    pub client_id: String,
    pub secret: String,
    pub authorize: String,
    pub token_endpoint: String,
    pub jwks: Value,
    /// The key the TSP signs requests with, if it lodged one.
    pub signer: Option<EncodingKey>,
    pub spec: Spec,
}

/// An answer, read whole: its status, headers and body bytes.
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A client that leaves redirects to the caller.
pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(64)
        .build()
        .expect("client")
}

impl Tsp {
    /// The default test client at a bank.
    pub async fn at(mock: &MockBank, bank: &str) -> Tsp {
        Tsp::as_client(mock, bank, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, None).await
    }

    pub async fn as_client(
        mock: &MockBank,
        bank: &str,
        client_id: &str,
        secret: &str,
        signer: Option<EncodingKey>,
    ) -> Tsp {
        let http = http();
        let url = mock.bank_url(bank).expect("bank");
        let disco = json(
            http.get(format!("{url}/.well-known/openid-configuration"))
                .send()
                .await
                .expect("sent"),
        )
        .await;
        let scopes = disco["scopes_supported"].as_array().expect("scopes");
        assert!(scopes.iter().any(|s| s == "payments"), "{scopes:?}");
        let jwks = json(
            http.get(disco["jwks_uri"].as_str().expect("jwks_uri"))
                .send()
                .await
                .expect("sent"),
        )
        .await;
        let dialect = Dialect::of(bank);
        Tsp {
            authorize: disco["authorization_endpoint"]
                .as_str()
                .expect("authorize")
                .to_owned(),
            token_endpoint: disco["token_endpoint"].as_str().expect("token").to_owned(),
            jwks,
            http,
            url,
            bank: bank.to_owned(),
            dialect,
            client_id: client_id.to_owned(),
            secret: secret.to_owned(),
            signer,
            spec: dialect.spec(),
        }
    }

    /// A client-credentials token with the `payments` scope.
    pub async fn token(&self) -> String {
        self.token_for("payments").await
    }

    /// A client-credentials token with `scope`.
    pub async fn token_for(&self, scope: &str) -> String {
        let resp = self
            .http
            .post(&self.token_endpoint)
            .basic_auth(&self.client_id, Some(&self.secret))
            .form(&[("grant_type", "client_credentials"), ("scope", scope)])
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), 200);
        json(resp).await["access_token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    fn with_app(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self.dialect {
            Dialect::Jetco => req
                .header("X-IBM-Client-Id", &self.client_id)
                .header("X-IBM-Client-Secret", &self.secret),
            Dialect::Hsbc => req,
        }
    }

    /// A detached JWS of `body` with the TSP's key.
    pub fn sign(&self, body: &[u8]) -> Option<String> {
        let key = self.signer.as_ref()?;
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"ES256","kid":"tsp-key"}"#);
        let input = format!("{header}.{}", URL_SAFE_NO_PAD.encode(body));
        let sig =
            jsonwebtoken::crypto::sign(input.as_bytes(), key, Algorithm::ES256).expect("signs");
        Some(format!("{header}..{sig}"))
    }

    /// POSTs `body` to a path below the bank, with a bearer token, an
    /// idempotency key, the TSP's signature and extra headers.
    pub async fn post(
        &self,
        path: &str,
        bearer: &str,
        key: &str,
        body: &str,
        extra: &[(&str, &str)],
    ) -> Result<Answer, reqwest::Error> {
        let mut req = self
            .with_app(self.http.post(format!("{}{path}", self.url)))
            .bearer_auth(bearer)
            .header("content-type", "application/json")
            .header("x-idempotency-key", key)
            .body(body.to_owned());
        if let Some(sig) = self.sign(body.as_bytes()) {
            req = req.header("x-jws-signature", sig);
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        read(req.send().await?).await
    }

    /// GETs a path below the bank with a bearer token.
    pub async fn get(&self, path: &str, bearer: &str) -> Answer {
        let req = self
            .with_app(self.http.get(format!("{}{path}", self.url)))
            .bearer_auth(bearer);
        read(req.send().await.expect("sent")).await.expect("body")
    }

    /// PUTs `body` to a path below the bank, like [`Tsp::post`].
    pub async fn put(&self, path: &str, bearer: &str, key: &str, body: &str) -> Answer {
        let mut req = self
            .with_app(self.http.put(format!("{}{path}", self.url)))
            .bearer_auth(bearer)
            .header("content-type", "application/json")
            .header("x-idempotency-key", key)
            .body(body.to_owned());
        if let Some(sig) = self.sign(body.as_bytes()) {
            req = req.header("x-jws-signature", sig);
        }
        read(req.send().await.expect("sent")).await.expect("body")
    }

    /// DELETEs a path below the bank with a bearer token.
    pub async fn delete(&self, path: &str, bearer: &str) -> Answer {
        let req = self
            .with_app(self.http.delete(format!("{}{path}", self.url)))
            .bearer_auth(bearer);
        read(req.send().await.expect("sent")).await.expect("body")
    }

    /// Creates a consent for `initiation`: the answer.
    pub async fn consent(&self, tsp_token: &str, key: &str, initiation: &Value) -> Answer {
        let body = serde_json::json!({ "data": { "initiation": initiation } }).to_string();
        self.post(self.dialect.consents(), tsp_token, key, &body, &[])
            .await
            .expect("sent")
    }

    /// A consent created and checked: its id.
    pub async fn consent_id(&self, tsp_token: &str, initiation: &Value) -> String {
        let key = format!("c-{}", uuid::Uuid::new_v4().simple());
        let a = self.consent(tsp_token, &key[..30], initiation).await;
        assert_eq!(a.status, 201, "{}", String::from_utf8_lossy(&a.bytes));
        self.check(&a, self.dialect.consent_schema());
        a.json()["data"]["consentId"]
            .as_str()
            .expect("consent id")
            .to_owned()
    }

    /// The customer approves the consent without the page (`login_hint`
    /// and `x-mock-auto-approve`), and the code is exchanged: the
    /// customer's access token.
    pub async fn authorise(&self, consent_id: &str, username: &str) -> String {
        self.authorise_for(consent_id, username, "openid payments")
            .await
    }

    /// [`Tsp::authorise`] with the authorize request's `scope`.
    pub async fn authorise_for(&self, consent_id: &str, username: &str, scope: &str) -> String {
        let (query, verifier) = authorize_query_for(&self.client_id, consent_id, scope);
        let mut query = query;
        query.push(("login_hint", username.to_owned()));
        let redirect = self
            .http
            .get(&self.authorize)
            .query(&query)
            .header("x-mock-auto-approve", "approve")
            .send()
            .await
            .expect("sent");
        self.exchange(redirect, &verifier, consent_id).await
    }

    /// The code of an authorize answer, exchanged with PKCE.
    pub async fn exchange(
        &self,
        redirect: reqwest::Response,
        verifier: &str,
        consent_id: &str,
    ) -> String {
        assert!(
            redirect.status().is_redirection(),
            "approval: {}",
            redirect.status()
        );
        let location = redirect.headers()["location"]
            .to_str()
            .expect("ascii")
            .to_owned();
        let url = url::Url::parse(&location).expect("absolute");
        let code = url
            .query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("no code in {location}"));
        let resp = self
            .http
            .post(&self.token_endpoint)
            .basic_auth(&self.client_id, Some(&self.secret))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", REDIRECT),
                ("code_verifier", verifier),
            ])
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), 200);
        let tokens = json(resp).await;
        let id_token = tokens["id_token"].as_str().expect("id token");
        let claims = self.verify_jwt(id_token);
        assert_eq!(
            claims["consent_id"], consent_id,
            "the ID token names the consent"
        );
        tokens["access_token"].as_str().expect("access").to_owned()
    }

    /// A payment body for a consent and its initiation.
    pub fn payment_body(consent_id: &str, initiation: &Value) -> String {
        serde_json::json!({ "data": { "consentId": consent_id, "initiation": initiation } })
            .to_string()
    }

    /// Submits the payment of a consent.
    pub async fn pay(
        &self,
        customer_token: &str,
        key: &str,
        consent_id: &str,
        initiation: &Value,
    ) -> Answer {
        self.post(
            self.dialect.payments(),
            customer_token,
            key,
            &Tsp::payment_body(consent_id, initiation),
            &[],
        )
        .await
        .expect("sent")
    }

    /// Reads a payment (one poll).
    pub async fn poll(&self, bearer: &str, payment_id: &str) -> Answer {
        self.get(&format!("{}/{payment_id}", self.dialect.payments()), bearer)
            .await
    }

    /// The answer is signed by the bank and its body is the spec's `schema`.
    pub fn check(&self, a: &Answer, schema: &str) {
        self.verify_signature(a)
            .unwrap_or_else(|e| panic!("signature: {e}"));
        self.spec.assert_valid(schema, &a.json());
    }

    /// An error answer: its status, signed, in the spec's error body.
    pub fn check_error(&self, a: &Answer, status: u16) -> Value {
        assert_eq!(a.status, status, "{}", String::from_utf8_lossy(&a.bytes));
        self.check(a, self.dialect.error_schema());
        a.json()
    }

    /// Verifies the answer's `x-jws-signature` against the bank's JWKS as a
    /// careful client would: detached, the three critical claims and no
    /// other, the issuer, a known `kid`, the signature over the exact bytes.
    pub fn verify_signature(&self, a: &Answer) -> Result<Value, String> {
        let sig = a.header("x-jws-signature").ok_or("no x-jws-signature")?;
        let mut parts = sig.split('.');
        let (Some(h), Some(""), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("not detached: {sig}"));
        };
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
        if header["alg"] != "ES256" || header["typ"] != "JOSE" {
            return Err(format!("alg or typ: {header}"));
        }
        let crit: Vec<&str> = header["crit"]
            .as_array()
            .ok_or("no crit")?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let understood = [
            "http://openbanking.org.uk/iat",
            "http://openbanking.org.uk/iss",
            "http://openbanking.org.uk/tan",
        ];
        if crit.len() != 3 || !crit.iter().all(|c| understood.contains(c)) {
            return Err(format!("crit: {crit:?}"));
        }
        if header["http://openbanking.org.uk/iss"] != self.url.as_str()
            || header["http://openbanking.org.uk/tan"] != "openbanking.org.hk"
            || !header["http://openbanking.org.uk/iat"].is_number()
        {
            return Err(format!("claims: {header}"));
        }
        let key = self.jwks_key(header["kid"].as_str().unwrap_or_default())?;
        let input = format!("{h}.{}", URL_SAFE_NO_PAD.encode(&a.bytes));
        match jsonwebtoken::crypto::verify(s, input.as_bytes(), &key, Algorithm::ES256) {
            Ok(true) => Ok(header),
            _ => Err("the signature does not verify".to_owned()),
        }
    }

    fn jwks_key(&self, kid: &str) -> Result<DecodingKey, String> {
        let key = self.jwks["keys"]
            .as_array()
            .and_then(|keys| keys.iter().find(|k| k["kid"] == kid))
            .ok_or_else(|| format!("kid {kid} is not in the JWKS"))?;
        DecodingKey::from_ec_components(
            key["x"].as_str().unwrap_or_default(),
            key["y"].as_str().unwrap_or_default(),
        )
        .map_err(|e| e.to_string())
    }

    fn verify_jwt(&self, jwt: &str) -> Value {
        let kid = jsonwebtoken::decode_header(jwt)
            .ok()
            .and_then(|h| h.kid)
            .unwrap_or_default();
        let key = self.jwks_key(&kid).expect("ID token key");
        let mut v = jsonwebtoken::Validation::new(Algorithm::ES256);
        v.set_audience(&[&self.client_id]);
        jsonwebtoken::decode::<Value>(jwt, &key, &v)
            .expect("ID token")
            .claims
    }
}

/// The authorize query for a consent (scopes `openid payments`, PKCE), and
/// the verifier.
pub fn authorize_query(client_id: &str, consent_id: &str) -> (Vec<(&'static str, String)>, String) {
    authorize_query_for(client_id, consent_id, "openid payments")
}

/// [`authorize_query`] with `scope`.
pub fn authorize_query_for(
    client_id: &str,
    consent_id: &str,
    scope: &str,
) -> (Vec<(&'static str, String)>, String) {
    let verifier = format!("verifier-{consent_id}-{}", "v".repeat(20));
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    let challenge = URL_SAFE_NO_PAD.encode(digest.as_ref());
    (
        vec![
            ("response_type", "code".to_owned()),
            ("client_id", client_id.to_owned()),
            ("redirect_uri", REDIRECT.to_owned()),
            ("scope", scope.to_owned()),
            ("state", "phase4".to_owned()),
            ("nonce", "nonce-phase4".to_owned()),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256".to_owned()),
            ("consent_id", consent_id.to_owned()),
        ],
        verifier,
    )
}

async fn read(resp: reqwest::Response) -> Result<Answer, reqwest::Error> {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await?.to_vec();
    Ok(Answer {
        status,
        headers,
        bytes,
    })
}
