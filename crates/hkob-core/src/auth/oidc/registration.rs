//! Dynamic client registration (RFC 7591, with the read and update of RFC 7592), as banks that
//! follow the UK Open Banking profile run it: the request is a JWT signed with the TSP's key,
//! addressed to the bank's issuer, carrying the software statement the bank (or a directory)
//! issued.

use std::fmt;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ProviderMetadata;
use crate::auth::parse_endpoint;
use crate::client::Client;
use crate::error::{AuthError, AuthErrorKind, Error};
use crate::signing::SigningKey;

/// How long a registration request JWT is valid: banks ask for at most 30 minutes.
const REQUEST_LIFETIME_SECS: i64 = 300;

/// What a TSP asks to be registered with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RegistrationRequest {
    /// Where the bank may send customers back.
    pub redirect_uris: Vec<String>,
    /// How the client will authenticate at the token endpoint (`private_key_jwt`,
    /// `tls_client_auth`, `client_secret_basic` ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_endpoint_auth_method: Option<String>,
    /// The grants the client will use.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub grant_types: Vec<String>,
    /// The response types the client will use.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub response_types: Vec<String>,
    /// The scopes asked for, space-separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The algorithm the client signs ID token requests and assertions with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_signed_response_alg: Option<String>,
    /// The software statement (a signed JWT) that vouches for the TSP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_statement: Option<String>,
    /// Other metadata the bank asks for.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RegistrationRequest {
    /// A request for a client returning customers to `redirect_uris`, with the authorization
    /// code and refresh grants.
    pub fn new(redirect_uris: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            redirect_uris: redirect_uris.into_iter().map(Into::into).collect(),
            grant_types: vec![
                "authorization_code".to_owned(),
                "refresh_token".to_owned(),
                "client_credentials".to_owned(),
            ],
            response_types: vec!["code".to_owned()],
            ..Self::default()
        }
    }

    /// The software statement the bank issued.
    pub fn software_statement(mut self, statement: impl Into<String>) -> Self {
        self.software_statement = Some(statement.into());
        self
    }

    /// How the client will authenticate at the token endpoint.
    pub fn token_endpoint_auth_method(mut self, method: impl Into<String>) -> Self {
        self.token_endpoint_auth_method = Some(method.into());
        self
    }

    /// The scopes asked for.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }
}

/// A client the bank registered: store it (it is `Serialize`), its secrets with care.
#[derive(Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClientRegistration {
    /// The client id the bank assigned.
    pub client_id: String,
    /// The client secret, for the secret-based authentications.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "secret_opt")]
    pub client_secret: Option<SecretString>,
    /// The token for reading and updating the registration (RFC 7592).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "secret_opt")]
    pub registration_access_token: Option<SecretString>,
    /// Where the registration is read and updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_client_uri: Option<String>,
    /// The metadata the bank registered, as it answered.
    #[serde(flatten)]
    pub metadata: Map<String, Value>,
}

impl fmt::Debug for ClientRegistration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientRegistration")
            .field("client_id", &self.client_id)
            .field("has_client_secret", &self.client_secret.is_some())
            .field("registration_client_uri", &self.registration_client_uri)
            .finish_non_exhaustive()
    }
}

mod secret_opt {
    use secrecy::{ExposeSecret, SecretString};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        value: &Option<SecretString>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(secret) => s.serialize_some(secret.expose_secret()),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<SecretString>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.map(SecretString::from))
    }
}

/// Registers the TSP's client at a bank, and reads and updates the registration.
pub struct Registrar {
    endpoint: url::Url,
    issuer: String,
    key: SigningKey,
    software_id: Option<String>,
}

impl fmt::Debug for Registrar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registrar")
            .field("endpoint", &self.endpoint.as_str())
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct RequestClaims<'a> {
    iss: &'a str,
    aud: &'a str,
    iat: i64,
    exp: i64,
    jti: String,
    #[serde(flatten)]
    request: &'a RegistrationRequest,
}

impl Registrar {
    /// A registrar for the bank `metadata` describes (it must offer a registration endpoint),
    /// signing requests with `key`.
    pub fn new(metadata: &ProviderMetadata, key: SigningKey) -> Result<Self, AuthError> {
        let endpoint = metadata.registration_endpoint.as_deref().ok_or_else(|| {
            AuthError::new(
                AuthErrorKind::Discovery,
                "the bank's discovery document offers no registration endpoint",
            )
        })?;
        let endpoint = parse_endpoint(endpoint, "registration endpoint")
            .map_err(|e| AuthError::new(AuthErrorKind::Discovery, e.message().to_owned()))?;
        Ok(Self {
            endpoint,
            issuer: metadata.issuer.clone(),
            key,
            software_id: None,
        })
    }

    /// The `iss` of the request JWTs: the software id of the software statement (banks check
    /// they match). The client id is used once there is one.
    pub fn software_id(mut self, id: impl Into<String>) -> Self {
        self.software_id = Some(id.into());
        self
    }

    /// Registers a client (`POST` to the registration endpoint, `application/jose`).
    pub async fn register(
        &self,
        client: &Client,
        request: &RegistrationRequest,
    ) -> Result<ClientRegistration, Error> {
        let iss = self.software_id.as_deref().unwrap_or("");
        let jwt = self.request_jwt(iss, request)?;
        let http = http::Request::post(self.endpoint.as_str())
            .header(CONTENT_TYPE, "application/jose")
            .header(ACCEPT, "application/json");
        self.send(client, http, Bytes::from(jwt)).await
    }

    /// Reads the registration back (RFC 7592), with its registration access token.
    pub async fn read(
        &self,
        client: &Client,
        registration: &ClientRegistration,
    ) -> Result<ClientRegistration, Error> {
        let uri = self.client_uri(registration)?;
        let http = http::Request::get(uri.as_str()).header(ACCEPT, "application/json");
        let http = with_token(http, registration);
        self.send(client, http, Bytes::new()).await
    }

    /// Replaces the registered metadata with `request` (RFC 7592 `PUT`).
    pub async fn update(
        &self,
        client: &Client,
        registration: &ClientRegistration,
        request: &RegistrationRequest,
    ) -> Result<ClientRegistration, Error> {
        let uri = self.client_uri(registration)?;
        let jwt = self.request_jwt(&registration.client_id, request)?;
        let http = http::Request::put(uri.as_str())
            .header(CONTENT_TYPE, "application/jose")
            .header(ACCEPT, "application/json");
        let http = with_token(http, registration);
        self.send(client, http, Bytes::from(jwt)).await
    }

    /// Deletes the registration at the bank (RFC 7592 `DELETE`): the client stops working.
    pub async fn delete(
        &self,
        client: &Client,
        registration: &ClientRegistration,
    ) -> Result<(), Error> {
        let uri = self.client_uri(registration)?;
        let http = with_token(http::Request::delete(uri.as_str()), registration);
        crate::auth::endpoint::call(
            client,
            http,
            Bytes::new(),
            "registration endpoint",
            AuthErrorKind::Registration,
        )
        .await?;
        Ok(())
    }

    fn client_uri(&self, registration: &ClientRegistration) -> Result<url::Url, AuthError> {
        match &registration.registration_client_uri {
            Some(uri) => parse_endpoint(uri, "registration client URI")
                .map_err(|e| AuthError::new(AuthErrorKind::Registration, e.message().to_owned())),
            None => {
                let mut uri = self.endpoint.clone();
                uri.path_segments_mut()
                    .map_err(|_| {
                        AuthError::new(
                            AuthErrorKind::Registration,
                            "the registration endpoint cannot have a client id appended",
                        )
                    })?
                    .pop_if_empty()
                    .push(&registration.client_id);
                Ok(uri)
            }
        }
    }

    fn request_jwt(&self, iss: &str, request: &RegistrationRequest) -> Result<String, AuthError> {
        let iat = chrono::Utc::now().timestamp();
        let claims = RequestClaims {
            iss,
            aud: &self.issuer,
            iat,
            exp: iat.saturating_add(REQUEST_LIFETIME_SECS),
            jti: uuid::Uuid::new_v4().to_string(),
            request,
        };
        self.key.jwt(&claims).map_err(|e| {
            AuthError::new(
                AuthErrorKind::Configuration,
                format!("cannot sign the registration request: {e}"),
            )
        })
    }

    async fn send(
        &self,
        client: &Client,
        request: http::request::Builder,
        body: Bytes,
    ) -> Result<ClientRegistration, Error> {
        let response = crate::auth::endpoint::call(
            client,
            request,
            body,
            "registration endpoint",
            AuthErrorKind::Registration,
        )
        .await?;
        let status = response.status();
        serde_json::from_slice(response.body()).map_err(|e| {
            AuthError::new(
                AuthErrorKind::Registration,
                format!("the registration answer does not decode: {e}"),
            )
            .with_status(Some(status))
            .into()
        })
    }
}

fn with_token(
    request: http::request::Builder,
    registration: &ClientRegistration,
) -> http::request::Builder {
    match &registration.registration_access_token {
        Some(token) => request.header(AUTHORIZATION, format!("Bearer {}", token.expose_secret())),
        None => request,
    }
}
