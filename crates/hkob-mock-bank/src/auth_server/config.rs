//! What an authorization server knows: its issuer, paths, clients, customers
//! and token lifetimes.

use std::fmt;

use super::customer::TestCustomer;
use super::error::AuthSetupError;

use crate::instance::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};

/// The redirect URIs of the test client of [`AuthConfig::with_test_fixtures`]
/// and of every TSP client registered at a mock bank (`http://127.0.0.1/...`
/// matches on any port).
pub(crate) const TEST_REDIRECT_URIS: &[&str] =
    &["http://127.0.0.1/callback", "https://tsp.example/callback"];

/// The test customers of [`AuthConfig::with_test_fixtures`]: `(username,
/// password, display name, customer id, account ids)`.
pub const TEST_CUSTOMERS: &[(&str, &str, &str, &str, &[&str])] = &[
    (
        "chantaiman",
        "password1",
        "CHAN Tai Man",
        "C0001",
        &["A00011", "A00012"],
    ),
    (
        "wongsiuming",
        "password2",
        "WONG Siu Ming",
        "C0002",
        &["A00021"],
    ),
    ("leekayan", "password3", "LEE Ka Yan", "C0003", &[]),
];

/// Where each endpoint is served, relative to the issuer URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthPaths {
    /// Authorization endpoint (`/oauth/authorize`).
    pub authorize: String,
    /// Token endpoint (`/oauth/token`).
    pub token: String,
    /// Revocation endpoint (`/oauth/revoke`).
    pub revocation: String,
    /// Pushed authorization request endpoint (`/oauth/par`, RFC 9126).
    pub pushed_authorization: String,
    /// Discovery document (`/.well-known/openid-configuration`).
    pub discovery: String,
    /// JWKS (`/jwks.json`).
    pub jwks: String,
    /// Consent collection (`/consents`); one consent is at `{consents}/{id}`.
    pub consents: String,
    /// Dynamic client registration (`/register`, RFC 7591); one client's
    /// registration is at `{registration}/{client_id}` (RFC 7592).
    pub registration: String,
}

impl Default for AuthPaths {
    fn default() -> Self {
        Self {
            authorize: "/oauth/authorize".to_owned(),
            token: "/oauth/token".to_owned(),
            revocation: "/oauth/revoke".to_owned(),
            pushed_authorization: "/oauth/par".to_owned(),
            discovery: "/.well-known/openid-configuration".to_owned(),
            jwks: "/jwks.json".to_owned(),
            consents: "/consents".to_owned(),
            registration: "/register".to_owned(),
        }
    }
}

/// Lifetimes, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenLifetimes {
    /// Access tokens (300).
    pub access_token_secs: i64,
    /// Refresh tokens (7 days); never beyond the consent's expiry.
    pub refresh_token_secs: i64,
    /// Authorization codes (60).
    pub authorization_code_secs: i64,
    /// ID tokens (300).
    pub id_token_secs: i64,
    /// A shown login page stays usable this long (600).
    pub login_page_secs: i64,
    /// A pushed authorization request's `request_uri` lives this long (60).
    pub pushed_request_secs: i64,
}

impl Default for TokenLifetimes {
    fn default() -> Self {
        Self {
            access_token_secs: 300,
            refresh_token_secs: 7 * 24 * 3600,
            authorization_code_secs: 60,
            id_token_secs: 300,
            login_page_secs: 600,
            pushed_request_secs: 60,
        }
    }
}

/// How a client authenticates at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClientAuthMethod {
    /// Client id and secret in HTTP Basic auth.
    ClientSecretBasic,
    /// Client id and secret in the form body.
    ClientSecretPost,
    /// A JWT signed with the client's private key (RFC 7523).
    PrivateKeyJwt,
    /// The mutual-TLS client certificate (RFC 8705 §2): the connection's
    /// certificate must be one registered with
    /// [`RegisteredClient::tls_certificate`]; the request carries `client_id` only.
    TlsClientAuth,
}

impl ClientAuthMethod {
    /// The name used in discovery metadata.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ClientSecretBasic => "client_secret_basic",
            Self::ClientSecretPost => "client_secret_post",
            Self::PrivateKeyJwt => "private_key_jwt",
            Self::TlsClientAuth => "tls_client_auth",
        }
    }
}

/// A client's registered public key, for `private_key_jwt`.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientKey {
    /// A PEM public key (`BEGIN PUBLIC KEY`, or `BEGIN RSA PUBLIC KEY`):
    /// EC P-256 for ES256, RSA for PS256, Ed25519 for EdDSA.
    Pem(String),
    /// A public JWK (JSON object).
    Jwk(serde_json::Value),
}

/// A client (TSP) registered with the bank.
#[derive(Clone)]
pub struct RegisteredClient {
    /// The client id.
    pub client_id: String,
    secret: Option<String>,
    /// Accepted authentication methods at the token endpoint.
    pub auth_methods: Vec<ClientAuthMethod>,
    /// Public key for `private_key_jwt`.
    pub public_key: Option<ClientKey>,
    /// Registered redirect URIs (exact match, except that the port of an
    /// `http://127.0.0.1`, `http://[::1]` or `http://localhost` URI may differ, as RFC 8252 §7.3 allows).
    pub redirect_uris: Vec<String>,
    /// Scopes the client may ask for.
    pub scopes: Vec<String>,
    /// SHA-256 thumbprints of the client's TLS certificates, for
    /// [`ClientAuthMethod::TlsClientAuth`].
    pub certificate_thumbprints: Vec<String>,
    /// The grants the client may use (`authorization_code`,
    /// `client_credentials`, `refresh_token`); empty: every grant.
    pub grant_types: Vec<String>,
}

impl fmt::Debug for RegisteredClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisteredClient")
            .field("client_id", &self.client_id)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("auth_methods", &self.auth_methods)
            .field("public_key", &self.public_key)
            .field("redirect_uris", &self.redirect_uris)
            .field("scopes", &self.scopes)
            .field("certificate_thumbprints", &self.certificate_thumbprints)
            .field("grant_types", &self.grant_types)
            .finish()
    }
}

impl RegisteredClient {
    /// A client that authenticates with a secret (basic or post).
    pub fn with_secret(client_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            secret: Some(secret.into()),
            auth_methods: vec![
                ClientAuthMethod::ClientSecretBasic,
                ClientAuthMethod::ClientSecretPost,
            ],
            public_key: None,
            redirect_uris: Vec::new(),
            scopes: default_scopes(),
            certificate_thumbprints: Vec::new(),
            grant_types: Vec::new(),
        }
    }

    /// A client that authenticates with its mutual-TLS certificate only
    /// (DER, e.g. [`crate::tls::ClientIdentity::cert_der`]).
    pub fn with_tls_certificate(client_id: impl Into<String>, cert_der: &[u8]) -> Self {
        Self {
            client_id: client_id.into(),
            secret: None,
            auth_methods: vec![ClientAuthMethod::TlsClientAuth],
            public_key: None,
            redirect_uris: Vec::new(),
            scopes: default_scopes(),
            certificate_thumbprints: vec![crate::tls::certificate_thumbprint(cert_der)],
            grant_types: Vec::new(),
        }
    }

    /// A client that authenticates with `private_key_jwt` only.
    pub fn with_private_key_jwt(client_id: impl Into<String>, key: ClientKey) -> Self {
        Self {
            client_id: client_id.into(),
            secret: None,
            auth_methods: vec![ClientAuthMethod::PrivateKeyJwt],
            public_key: Some(key),
            redirect_uris: Vec::new(),
            scopes: default_scopes(),
            certificate_thumbprints: Vec::new(),
            grant_types: Vec::new(),
        }
    }

    /// Adds a redirect URI.
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uris.push(uri.into());
        self
    }

    /// Replaces the allowed scopes.
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Replaces the accepted authentication methods.
    pub fn auth_methods(mut self, methods: &[ClientAuthMethod]) -> Self {
        self.auth_methods = methods.to_vec();
        self
    }

    /// Sets (or replaces) the secret.
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(secret.into());
        self
    }

    /// Registers a TLS client certificate (DER) and allows
    /// [`ClientAuthMethod::TlsClientAuth`].
    pub fn tls_certificate(mut self, cert_der: &[u8]) -> Self {
        self.certificate_thumbprints
            .push(crate::tls::certificate_thumbprint(cert_der));
        if !self.allows(ClientAuthMethod::TlsClientAuth) {
            self.auth_methods.push(ClientAuthMethod::TlsClientAuth);
        }
        self
    }

    /// Sets (or replaces) the public key for `private_key_jwt`.
    pub fn public_key(mut self, key: ClientKey) -> Self {
        self.public_key = Some(key);
        self
    }

    /// Replaces the grants the client may use (empty: every grant).
    pub fn grant_types<I, S>(mut self, grants: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.grant_types = grants.into_iter().map(Into::into).collect();
        self
    }

    /// Whether the client may use `grant_type`.
    pub fn allows_grant(&self, grant_type: &str) -> bool {
        self.grant_types.is_empty() || self.grant_types.iter().any(|g| g == grant_type)
    }

    pub(super) fn secret_matches(&self, presented: &str) -> bool {
        self.secret
            .as_deref()
            .is_some_and(|s| super::secret_compare::equal(s.as_bytes(), presented.as_bytes()))
    }

    pub(super) fn allows(&self, method: ClientAuthMethod) -> bool {
        self.auth_methods.contains(&method)
    }

    pub(super) fn redirect_uri_registered(&self, uri: &str) -> bool {
        self.redirect_uris
            .iter()
            .any(|r| r == uri || loopback_equal(r, uri))
    }
}

/// The scopes a client gets unless told otherwise.
pub(super) fn default_scopes() -> Vec<String> {
    [
        "openid",
        "accounts",
        "payments",
        "directdebit",
        "products",
        "applications",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// Loopback redirect URIs match whatever their port (RFC 8252 §7.3).
fn loopback_equal(registered: &str, presented: &str) -> bool {
    let (Ok(mut a), Ok(mut b)) = (url::Url::parse(registered), url::Url::parse(presented)) else {
        return false;
    };
    let loopback = |u: &url::Url| {
        u.scheme() == "http"
            && matches!(
                u.host_str(),
                Some("127.0.0.1") | Some("[::1]") | Some("localhost")
            )
    };
    if !loopback(&a) || !loopback(&b) {
        return false;
    }
    let (Ok(()), Ok(())) = (a.set_port(None), b.set_port(None)) else {
        return false;
    };
    a == b
}

/// Everything one authorization server is built from.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// The issuer identifier: an absolute URL, e.g. `http://127.0.0.1:8080`
    /// or `http://127.0.0.1:8080/banks/hsbc`. Endpoint URLs are the issuer
    /// followed by a path of [`AuthConfig::paths`]. A trailing slash is dropped.
    pub issuer: String,
    /// Endpoint paths.
    pub paths: AuthPaths,
    /// Registered clients.
    pub clients: Vec<RegisteredClient>,
    /// Customers who can log in.
    pub customers: Vec<TestCustomer>,
    /// Lifetimes.
    pub lifetimes: TokenLifetimes,
    /// Whether a refresh hands out a new refresh token and retires the old
    /// one (true). When false the same refresh token keeps working.
    pub rotate_refresh_tokens: bool,
    /// Whether the [`super::AUTO_APPROVE_HEADER`] header is honoured (true).
    pub allow_auto_approve_header: bool,
    /// Whether an access token issued over a connection with a client
    /// certificate is bound to it (RFC 8705 §3); see
    /// [`super::AuthServer::check_bearer_with_certificate`] (true).
    pub bind_tokens_to_client_certificate: bool,
    /// Whether the authorize endpoint takes only pushed requests
    /// (`request_uri` from the PAR endpoint), as FAPI 2.0 asks (false).
    pub require_pushed_authorization_requests: bool,
    /// The bank's name shown on the login page.
    pub bank_name: String,
    /// Whether clients may register themselves at [`AuthPaths::registration`]
    /// (RFC 7591 / 7592, as UK Open Banking profiles it) (true).
    pub dynamic_registration: bool,
}

impl AuthConfig {
    /// A configuration with default paths and lifetimes, and no clients or
    /// customers.
    pub fn new(issuer: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            paths: AuthPaths::default(),
            clients: Vec::new(),
            customers: Vec::new(),
            lifetimes: TokenLifetimes::default(),
            rotate_refresh_tokens: true,
            allow_auto_approve_header: true,
            require_pushed_authorization_requests: false,
            bind_tokens_to_client_certificate: true,
            bank_name: "Mock Bank".to_owned(),
            dynamic_registration: true,
        }
    }

    /// A configuration with the test client ([`DEFAULT_CLIENT_ID`] /
    /// [`DEFAULT_CLIENT_SECRET`], basic and post, redirect URIs
    /// `http://127.0.0.1/callback` (any port) and `https://tsp.example/callback`)
    /// and the [`TEST_CUSTOMERS`].
    pub fn with_test_fixtures(issuer: impl Into<String>) -> Self {
        let mut client = RegisteredClient::with_secret(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
        for uri in TEST_REDIRECT_URIS {
            client = client.redirect_uri(*uri);
        }
        let mut config = Self::new(issuer).client(client);
        for (username, password, name, id, accounts) in TEST_CUSTOMERS {
            config = config.customer(TestCustomer::new(
                *username,
                *password,
                *name,
                *id,
                accounts.iter().map(|a| (*a).to_owned()).collect(),
            ));
        }
        config
    }

    /// Adds a client.
    pub fn client(mut self, client: RegisteredClient) -> Self {
        self.clients.push(client);
        self
    }

    /// Adds a customer.
    pub fn customer(mut self, customer: TestCustomer) -> Self {
        self.customers.push(customer);
        self
    }

    /// A registered client by id.
    pub fn registered_client(&self, client_id: &str) -> Option<&RegisteredClient> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    /// A customer by username.
    pub fn customer_by_username(&self, username: &str) -> Option<&TestCustomer> {
        self.customers.iter().find(|c| c.username == username)
    }

    /// A customer by customer id (the ID token's `sub`).
    pub fn customer_by_id(&self, customer_id: &str) -> Option<&TestCustomer> {
        self.customers.iter().find(|c| c.customer_id == customer_id)
    }

    pub(super) fn validated(mut self) -> Result<Self, AuthSetupError> {
        let trimmed = self.issuer.trim_end_matches('/').to_owned();
        let url = url::Url::parse(&trimmed)
            .map_err(|e| AuthSetupError::InvalidIssuer(format!("{trimmed}: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
            return Err(AuthSetupError::InvalidIssuer(format!(
                "{trimmed}: must be an http(s) URL without query"
            )));
        }
        self.issuer = trimmed;
        Ok(self)
    }
}
