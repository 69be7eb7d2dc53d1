//! Dynamic client registration (RFC 7591) and its management (RFC 7592), as
//! UK Open Banking profiles it and the HSBC group onboards TSPs:
//!
//! - `POST {registration}`, `Content-Type: application/jose`: a JWT signed
//!   (ES256 or PS256) by the TSP, addressed to the issuer (`aud`), with
//!   `iat` not ahead and `exp` at most 30 minutes after it, whose claims are
//!   the client metadata (`redirect_uris`, `token_endpoint_auth_method`,
//!   `grant_types`, `response_types`, `scope`, ...) and a
//!   `software_statement`. The statement must be a JWT; the request is
//!   verified with a key of its `software_jwks`, `org_jwks` or `jwks`, and
//!   its `iss` must be the statement's `software_id`. Answers 201 with
//!   `client_id`, `client_secret` (for `client_secret_basic` /
//!   `client_secret_post`), `registration_access_token`,
//!   `registration_client_uri` and the registered metadata.
//! - `GET {registration}/{client_id}` with the registration access token as
//!   bearer: 200 with the same answer.
//! - `PUT {registration}/{client_id}`, a signed JWT again (signed by the
//!   client id or the software, with the registered statement's keys when
//!   it carries no new statement): replaces the metadata, 200.
//! - `DELETE {registration}/{client_id}`: 204; the client's access tokens
//!   stop working.
//!
//! Refusals are RFC 7591 JSON with 400 (`invalid_client_metadata`,
//! `invalid_software_statement`, `invalid_redirect_uri`), or 401
//! `invalid_token` for a missing or wrong registration access token (and
//! for a client that is not registered). A registered client uses every
//! endpoint like a configured one, with the grants, redirect URIs and
//! scopes it registered; with `private_key_jwt` its key is the one that
//! signed the registration.

mod error;
mod metadata;
mod registry;
mod request;
mod statement;

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::{Map, Value, json};

pub(super) use registry::Registry;

use super::config::{ClientAuthMethod, ClientKey, RegisteredClient};
use super::error::AuthSetupError;
use super::{AuthServer, random, read, write};
use error::RegistrationError;
use metadata::ClientMetadata;
use registry::Registration;
use request::Registered;

/// At most this many clients register at one server.
const MAX_CLIENTS: usize = 10_000;

/// `POST {registration}`.
pub(super) async fn register(
    State(server): State<Arc<AuthServer>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(StatusCode::CREATED, server.register_client(&headers, &body))
}

/// `GET {registration}/{client_id}`.
pub(super) async fn show(
    State(server): State<Arc<AuthServer>>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let result = client_id(path)
        .and_then(|id| server.registration_of(&id, &headers))
        .map(|r| server.registration_body(&r));
    answer(StatusCode::OK, result)
}

/// `PUT {registration}/{client_id}`.
pub(super) async fn update(
    State(server): State<Arc<AuthServer>>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = client_id(path).and_then(|id| server.update_client(&id, &headers, &body));
    answer(StatusCode::OK, result)
}

/// `DELETE {registration}/{client_id}`.
pub(super) async fn delete(
    State(server): State<Arc<AuthServer>>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    match client_id(path).and_then(|id| server.delete_client(&id, &headers)) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}

fn client_id(path: Result<Path<String>, PathRejection>) -> Result<String, RegistrationError> {
    path.map(|Path(id)| id)
        .map_err(|_| RegistrationError::token("no such registration"))
}

fn answer(status: StatusCode, result: Result<Value, RegistrationError>) -> Response {
    match result {
        Ok(body) => {
            let mut resp = (status, Json(body)).into_response();
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Err(e) => e.into_response(),
    }
}

/// The bearer token of a request.
fn bearer(headers: &HeaderMap) -> Result<&str, RegistrationError> {
    let missing = || RegistrationError::token("the registration access token is required");
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(missing)?;
    match value.trim().split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim())
        }
        _ => Err(missing()),
    }
}

impl AuthServer {
    /// A client by id: configured, or registered at run time.
    pub fn client(&self, client_id: &str) -> Option<RegisteredClient> {
        self.config
            .registered_client(client_id)
            .cloned()
            .or_else(|| read(&self.registrations).client(client_id).cloned())
    }

    /// A software statement signed by this server, as a bank's onboarding
    /// portal (or a directory) hands one to a TSP: `software_id` and the
    /// TSP's public keys `jwks` (`{"keys": [...]}`) as `software_jwks`. The
    /// registration endpoint takes any well-formed statement; this one is
    /// for tests that want a real one.
    pub fn issue_software_statement(
        &self,
        software_id: &str,
        jwks: Value,
    ) -> Result<String, AuthSetupError> {
        let claims = json!({
            "iss": self.config.issuer,
            "iat": self.clock.now(),
            "jti": random::token(),
            "software_id": software_id,
            "software_jwks": jwks,
        });
        self.signing_key()
            .sign(&claims)
            .map_err(|e| AuthSetupError::SigningKey(e.to_string()))
    }

    fn register_client(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Value, RegistrationError> {
        let signed = self.signed_request(headers, body, None)?;
        let metadata = ClientMetadata::from_claims(&signed.claims)?;
        let id = random::token();
        let client_id = format!("dcr-{}", id.get(..22).unwrap_or(&id));
        let secret = is_secret(metadata.auth_method).then(random::token);
        let registration = Registration {
            client: client_for(&client_id, &metadata, &signed.key, secret.as_deref()),
            secret,
            access_token: random::token(),
            metadata,
            statement: signed.statement,
            issued_at: self.clock.now(),
        };
        let body = self.registration_body(&registration);
        let mut registry = write(&self.registrations);
        if registry.len() >= MAX_CLIENTS {
            return Err(RegistrationError::metadata(
                "this server cannot register more clients",
            ));
        }
        registry.insert(registration);
        Ok(body)
    }

    /// The registration the request's bearer token opens.
    fn registration_of(
        &self,
        client_id: &str,
        headers: &HeaderMap,
    ) -> Result<Registration, RegistrationError> {
        let token = bearer(headers)?;
        read(&self.registrations)
            .authorised(client_id, token)
            .cloned()
            .ok_or_else(|| {
                RegistrationError::token("the registration access token does not open this client")
            })
    }

    fn update_client(
        &self,
        client_id: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Value, RegistrationError> {
        let current = self.registration_of(client_id, headers)?;
        let signed = self.signed_request(
            headers,
            body,
            Some(Registered {
                client_id,
                statement: &current.statement,
            }),
        )?;
        if signed
            .claims
            .get("client_id")
            .is_some_and(|c| c.as_str() != Some(client_id))
        {
            return Err(RegistrationError::metadata(
                "client_id must be the registered client's",
            ));
        }
        let metadata = ClientMetadata::from_claims(&signed.claims)?;
        let secret = is_secret(metadata.auth_method)
            .then(|| current.secret.clone().unwrap_or_else(random::token));
        let registration = Registration {
            client: client_for(client_id, &metadata, &signed.key, secret.as_deref()),
            secret,
            metadata,
            statement: signed.statement,
            ..current
        };
        let body = self.registration_body(&registration);
        let mut registry = write(&self.registrations);
        // Deleted meanwhile: not brought back.
        if registry.client(client_id).is_none() {
            return Err(RegistrationError::token("no such registration"));
        }
        registry.insert(registration);
        Ok(body)
    }

    fn delete_client(&self, client_id: &str, headers: &HeaderMap) -> Result<(), RegistrationError> {
        self.registration_of(client_id, headers)?;
        write(&self.registrations).remove(client_id);
        self.expire_tokens(Some(client_id));
        Ok(())
    }

    /// The answer to a registration: its metadata and credentials.
    fn registration_body(&self, r: &Registration) -> Value {
        let mut body: Map<String, Value> = r.metadata.to_json();
        if let Some(software_id) = r.statement.software_id() {
            body.entry("software_id")
                .or_insert_with(|| json!(software_id));
        }
        let client_id = &r.client.client_id;
        body.insert("client_id".into(), json!(client_id));
        body.insert("client_id_issued_at".into(), json!(r.issued_at));
        if let Some(secret) = &r.secret {
            body.insert("client_secret".into(), json!(secret));
            body.insert("client_secret_expires_at".into(), json!(0));
        }
        body.insert("registration_access_token".into(), json!(r.access_token));
        let uri = format!(
            "{}/{client_id}",
            self.endpoint(self.config.paths.registration.trim_end_matches('/'))
        );
        body.insert("registration_client_uri".into(), json!(uri));
        Value::Object(body)
    }
}

fn is_secret(method: ClientAuthMethod) -> bool {
    matches!(
        method,
        ClientAuthMethod::ClientSecretBasic | ClientAuthMethod::ClientSecretPost
    )
}

/// The client the token and authorize endpoints see.
fn client_for(
    client_id: &str,
    metadata: &ClientMetadata,
    key: &Map<String, Value>,
    secret: Option<&str>,
) -> RegisteredClient {
    let mut client = match secret {
        Some(secret) => RegisteredClient::with_secret(client_id, secret),
        None => RegisteredClient::with_private_key_jwt(
            client_id,
            ClientKey::Jwk(Value::Object(key.clone())),
        ),
    }
    .auth_methods(&[metadata.auth_method])
    .scopes(metadata.scopes.iter().cloned())
    .grant_types(metadata.grant_types.iter().cloned());
    for uri in &metadata.redirect_uris {
        client = client.redirect_uri(uri.clone());
    }
    client
}
