//! An OAuth 2.0 client registration, and token requests sent through hkob's
//! own transport.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthType, ClientId, ClientSecret, EndpointNotSet, EndpointSet, ExtraTokenFields,
    RequestTokenError, StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::private_key_jwt::PrivateKeyJwt;
use super::token::{AccessToken, TokenSet};
use crate::error::{AuthError, AuthErrorKind, InvalidRequest, TransportError};
use crate::transport::Transport;

/// How the TSP proves its identity to the token endpoint.
#[derive(Clone)]
#[non_exhaustive]
pub enum ClientAuth {
    /// The client secret in HTTP Basic auth (`client_secret_basic`).
    SecretBasic(SecretString),
    /// The client secret in the form body (`client_secret_post`).
    SecretPost(SecretString),
    /// A JWT signed with the TSP's private key (`private_key_jwt`).
    PrivateKeyJwt(Arc<PrivateKeyJwt>),
    /// The TSP's TLS client certificate (`tls_client_auth`, RFC 8705): the client id goes in the
    /// body, and the certificate is the transport's (a reqwest client with the TSP's identity,
    /// given to the client builder).
    TlsClientAuth,
    /// No client authentication (a public client).
    None,
}

impl ClientAuth {
    /// `client_secret_basic`.
    pub fn secret_basic(secret: impl Into<String>) -> Self {
        Self::SecretBasic(SecretString::from(secret.into()))
    }

    /// `client_secret_post`.
    pub fn secret_post(secret: impl Into<String>) -> Self {
        Self::SecretPost(SecretString::from(secret.into()))
    }

    /// `private_key_jwt`.
    pub fn private_key_jwt(key: PrivateKeyJwt) -> Self {
        Self::PrivateKeyJwt(Arc::new(key))
    }

    /// The method's name in discovery documents (`client_secret_basic`, `private_key_jwt`,
    /// `tls_client_auth` ...).
    pub fn method(&self) -> &'static str {
        match self {
            ClientAuth::SecretBasic(_) => "client_secret_basic",
            ClientAuth::SecretPost(_) => "client_secret_post",
            ClientAuth::PrivateKeyJwt(_) => "private_key_jwt",
            ClientAuth::TlsClientAuth => "tls_client_auth",
            ClientAuth::None => "none",
        }
    }
}

impl fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClientAuth::SecretBasic(_) => "SecretBasic([redacted])",
            ClientAuth::SecretPost(_) => "SecretPost([redacted])",
            ClientAuth::PrivateKeyJwt(_) => "PrivateKeyJwt([redacted])",
            ClientAuth::TlsClientAuth => "TlsClientAuth",
            ClientAuth::None => "None",
        })
    }
}

/// A TSP's registration at one bank's authorization server: client id, how
/// it authenticates, and the token endpoint.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    client_id: String,
    auth: ClientAuth,
    token_url: url::Url,
}

impl OAuthClient {
    /// A registration. `token_url` must be an absolute `https` URL (or
    /// `http` on a loopback address, for tests against a local bank).
    pub fn new(
        client_id: impl Into<String>,
        token_url: &str,
        auth: ClientAuth,
    ) -> Result<Self, InvalidRequest> {
        let token_url = parse_endpoint(token_url, "token URL")?;
        let client_id = client_id.into();
        if client_id.is_empty() {
            return Err(InvalidRequest::new("the client id is empty"));
        }
        Ok(Self {
            client_id,
            auth,
            token_url,
        })
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The token endpoint.
    pub fn token_url(&self) -> &url::Url {
        &self.token_url
    }

    /// How the client authenticates.
    pub(crate) fn auth(&self) -> &ClientAuth {
        &self.auth
    }

    /// An `oauth2` client with the token endpoint and client authentication set.
    pub(crate) fn client(&self) -> Oauth2Client<EndpointNotSet> {
        let client = oauth2::Client::new(ClientId::new(self.client_id.clone()))
            .set_token_uri(TokenUrl::from_url(self.token_url.clone()));
        match &self.auth {
            ClientAuth::SecretBasic(secret) => client
                .set_client_secret(ClientSecret::new(secret.expose_secret().to_owned()))
                .set_auth_type(AuthType::BasicAuth),
            ClientAuth::SecretPost(secret) => client
                .set_client_secret(ClientSecret::new(secret.expose_secret().to_owned()))
                .set_auth_type(AuthType::RequestBody),
            ClientAuth::PrivateKeyJwt(_) | ClientAuth::TlsClientAuth | ClientAuth::None => {
                client.set_auth_type(AuthType::RequestBody)
            }
        }
    }

    /// The extra form parameters the client authentication needs
    /// (`client_assertion` for `private_key_jwt`).
    pub(crate) fn assertion_params(&self) -> Result<Vec<(&'static str, String)>, AuthError> {
        match &self.auth {
            ClientAuth::PrivateKeyJwt(key) => {
                let assertion = key.assertion(&self.client_id, self.token_url.as_str())?;
                Ok(vec![
                    (
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_owned(),
                    ),
                    ("client_assertion", assertion),
                ])
            }
            _ => Ok(Vec::new()),
        }
    }
}

/// Parses an absolute endpoint URL; `what` names it in the error. Plain
/// `http` is refused except on a loopback address (for tests against a
/// local bank): credentials travel to these endpoints.
pub fn parse_endpoint(value: &str, what: &str) -> Result<url::Url, InvalidRequest> {
    let url = url::Url::parse(value)
        .map_err(|e| InvalidRequest::new(format!("the {what} `{value}` is not a URL: {e}")))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(InvalidRequest::new(format!(
            "the {what} must use https (plain http only on loopback): `{value}`"
        ))),
    }
}

/// The extra token-response field of OpenID Connect.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub(crate) struct OidcFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
}

impl ExtraTokenFields for OidcFields {}

pub(crate) type OidcTokenResponse = StandardTokenResponse<OidcFields, BasicTokenType>;

/// The `oauth2` client type hkob uses, with the token endpoint set.
pub(crate) type Oauth2Client<HasAuthUrl> = oauth2::Client<
    BasicErrorResponse,
    OidcTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    HasAuthUrl,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Adapts a [`Transport`] to the `oauth2` crate's HTTP client. The
/// transport does not follow redirects, so neither does a token request.
pub(crate) struct OauthHttp {
    transport: Arc<dyn Transport>,
    /// The status of the last answer, so that an undecodable one keeps it.
    status: std::sync::Mutex<Option<http::StatusCode>>,
}

impl OauthHttp {
    pub(crate) fn new(transport: Arc<dyn Transport>) -> Self {
        Self {
            transport,
            status: std::sync::Mutex::new(None),
        }
    }

    /// Turns a token request's failure into an [`AuthError`] with the answer's status.
    pub(crate) fn error(
        &self,
        e: RequestTokenError<TransportError, BasicErrorResponse>,
    ) -> AuthError {
        let status = *self.status.lock().unwrap_or_else(|e| e.into_inner());
        token_error(e, status)
    }
}

impl<'c> oauth2::AsyncHttpClient<'c> for OauthHttp {
    type Error = TransportError;
    type Future =
        Pin<Box<dyn Future<Output = Result<oauth2::HttpResponse, TransportError>> + Send + 'c>>;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        let request = request.map(Bytes::from);
        Box::pin(async move {
            let response = self.transport.send(request).await?;
            *self.status.lock().unwrap_or_else(|e| e.into_inner()) = Some(response.status());
            Ok(response.map(|body| body.to_vec()))
        })
    }
}

/// Turns a token response into a [`TokenSet`].
pub(crate) fn token_set(response: OidcTokenResponse) -> TokenSet {
    let access = AccessToken::new(
        response.access_token().secret().clone(),
        response.expires_in(),
    )
    .with_scopes(
        response
            .scopes()
            .map(|s| s.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default(),
    );
    TokenSet::new(
        access,
        response.refresh_token().map(|r| r.secret().clone()),
        response.extra_fields().id_token.clone(),
    )
}

/// Turns an `oauth2` failure into an [`AuthError`] that holds no secret, with the HTTP status
/// of the answer when there was one.
fn token_error(
    e: RequestTokenError<TransportError, BasicErrorResponse>,
    status: Option<http::StatusCode>,
) -> AuthError {
    let shown = status
        .map(|s| format!(" (HTTP {})", s.as_u16()))
        .unwrap_or_default();
    let error = match e {
        RequestTokenError::ServerResponse(r) => {
            let code = r.error().as_ref().to_owned();
            let message = r
                .error_description()
                .cloned()
                .unwrap_or_else(|| format!("the token endpoint refused the request: {code}"));
            AuthError::new(AuthErrorKind::TokenRequest, message).with_oauth_error(code)
        }
        RequestTokenError::Request(t) => AuthError::new(
            AuthErrorKind::TokenTransport,
            format!("the token endpoint could not be reached: {t}"),
        )
        .with_source(t),
        RequestTokenError::Parse(e, _) => AuthError::new(
            AuthErrorKind::InvalidTokenResponse,
            format!(
                "the token response{shown} does not decode at `{}`: {}",
                e.path(),
                e.inner()
            ),
        ),
        RequestTokenError::Other(message) => AuthError::new(
            AuthErrorKind::InvalidTokenResponse,
            format!("{message}{shown}"),
        ),
    };
    error.with_status(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_must_be_https_except_loopback() {
        assert!(parse_endpoint("https://bank.example/token", "t").is_ok());
        assert!(parse_endpoint("http://127.0.0.1:8080/token", "t").is_ok());
        assert!(parse_endpoint("http://localhost/token", "t").is_ok());
        assert!(parse_endpoint("http://bank.example/token", "t").is_err());
        assert!(parse_endpoint("token", "t").is_err());
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let c = OAuthClient::new(
            "id",
            "https://bank.example/token",
            ClientAuth::secret_basic("s3cr3t"),
        )
        .unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }
}
