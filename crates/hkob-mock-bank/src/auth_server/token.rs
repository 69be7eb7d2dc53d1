//! The token endpoint: `client_credentials`, `authorization_code` with PKCE,
//! and `refresh_token` with rotation and reuse detection.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, header};
use serde_json::{Map, Value, json};

use super::config::RegisteredClient;
use super::consent::ConsentStatus;
use super::error::OAuthError;
use super::id_token::IdTokenInput;
use super::params::{Params, scopes};
use super::store::{CodeLookup, Grant, RefreshLookup, RefreshToken};
use super::{AuthServer, Misbehaviour, RequestMisbehaviours, pkce, random};
use crate::tls::ClientCertificate;

/// `POST {token}`.
pub(super) async fn token(
    State(server): State<Arc<AuthServer>>,
    extra: Option<Extension<RequestMisbehaviours>>,
    certificate: Option<Extension<ClientCertificate>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let extra = extra.as_ref().map(|e| &e.0);
    let certificate = certificate.as_ref().map(|c| &c.0);
    match server.token_request(&headers, &body, extra, certificate) {
        Ok(value) => {
            let mut resp = Json(value).into_response();
            let h = resp.headers_mut();
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
            resp
        }
        Err(e) => e.into_response(),
    }
}

/// The grants the token endpoint serves.
const GRANTS: [&str; 3] = ["client_credentials", "authorization_code", "refresh_token"];

/// Whether the request body is a form (`application/x-www-form-urlencoded`).
pub(super) fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

impl AuthServer {
    fn token_request(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        extra: Option<&RequestMisbehaviours>,
        certificate: Option<&ClientCertificate>,
    ) -> Result<Value, OAuthError> {
        if !is_form(headers) {
            return Err(OAuthError::invalid_request(
                "the body must be application/x-www-form-urlencoded",
            ));
        }
        let params = Params::parse(body);
        if let Some(name) = params.duplicate(&[]) {
            return Err(OAuthError::invalid_request(format!(
                "parameter {name} appears more than once"
            )));
        }
        let client = self.authenticate_client(headers, &params, certificate)?;
        let client = &client;
        let binding = certificate
            .filter(|_| self.config.bind_tokens_to_client_certificate)
            .map(ClientCertificate::thumbprint);
        if let Some(grant) = params.get("grant_type")
            && GRANTS.contains(&grant)
            && !client.allows_grant(grant)
        {
            return Err(OAuthError::new(
                http::StatusCode::BAD_REQUEST,
                "unauthorized_client",
                format!("this client did not register the {grant} grant"),
            ));
        }
        match params.get("grant_type") {
            Some("client_credentials") => self.client_credentials(client, &params, extra, binding),
            Some("authorization_code") => self.authorization_code(client, &params, extra, binding),
            Some("refresh_token") => self.refresh(client, &params, extra, binding),
            Some(other) => Err(OAuthError::new(
                http::StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                format!("grant_type {other} is not supported"),
            )),
            None => Err(OAuthError::invalid_request("grant_type is required")),
        }
    }

    fn client_credentials(
        &self,
        client: &RegisteredClient,
        params: &Params,
        extra: Option<&RequestMisbehaviours>,
        binding: Option<String>,
    ) -> Result<Value, OAuthError> {
        let requested = match params.get("scope") {
            Some(s) => scopes(s),
            None => client
                .scopes
                .iter()
                .filter(|s| *s != "openid")
                .cloned()
                .collect(),
        };
        if let Some(bad) = requested
            .iter()
            .find(|s| *s == "openid" || !client.scopes.contains(s))
        {
            return Err(OAuthError::invalid_scope(format!(
                "scope {bad} is not allowed with client credentials for this client"
            )));
        }
        let grant = Grant {
            client_id: client.client_id.clone(),
            scopes: requested,
            consent_id: None,
            customer: None,
            accounts: Vec::new(),
            certificate: binding,
        };
        let access = self.issue_access(&grant, None, extra);
        Ok(self.token_body(&grant, &access, None, None, extra))
    }

    fn authorization_code(
        &self,
        client: &RegisteredClient,
        params: &Params,
        extra: Option<&RequestMisbehaviours>,
        binding: Option<String>,
    ) -> Result<Value, OAuthError> {
        let code = params
            .get("code")
            .ok_or_else(|| OAuthError::invalid_request("code is required"))?;
        let now = self.clock.now();
        let family = random::token();
        let found = match self.lock().take_code(code, &family, now) {
            CodeLookup::Found(c) => c,
            CodeLookup::Reused => {
                return Err(OAuthError::invalid_grant(
                    "authorization code was already used; its tokens are revoked",
                ));
            }
            CodeLookup::Unknown => {
                return Err(OAuthError::invalid_grant("unknown authorization code"));
            }
        };
        if found.grant.client_id != client.client_id {
            return Err(OAuthError::invalid_grant(
                "authorization code was issued to another client",
            ));
        }
        if found.expires_at <= now {
            return Err(OAuthError::invalid_grant("authorization code expired"));
        }
        if params.get("redirect_uri") != Some(found.redirect_uri.as_str()) {
            return Err(OAuthError::invalid_grant(
                "redirect_uri does not match the authorization request",
            ));
        }
        let verifier = params
            .get("code_verifier")
            .ok_or_else(|| OAuthError::invalid_request("code_verifier is required (PKCE)"))?;
        if !pkce::verify(&found.code_challenge, verifier) {
            return Err(OAuthError::invalid_grant(
                "code_verifier does not match the code_challenge",
            ));
        }
        let refresh_expiry = self.consent_bound_expiry(&found.grant, now)?;
        let bound = Grant {
            certificate: binding,
            ..found.grant.clone()
        };
        let access = self.issue_access(&bound, Some(&family), extra);
        // No refresh token for a client that may not use one.
        let refresh = client.allows_grant("refresh_token").then(|| {
            self.lock().issue_refresh_token(
                RefreshToken {
                    grant: found.grant.clone(),
                    family: family.clone(),
                    expires_at: refresh_expiry,
                    used: false,
                    auth_time: found.auth_time,
                },
                now,
            )
        });
        let id_token = if found.grant.scopes.iter().any(|s| s == "openid") {
            Some(self.id_token(
                &IdTokenInput {
                    client_id: &client.client_id,
                    subject: found.grant.customer.as_deref().unwrap_or_default(),
                    auth_time: found.auth_time,
                    nonce: found.nonce.as_deref(),
                    code: Some(code),
                    state: found.state.as_deref(),
                    access_token: Some(&access),
                    consent_id: found.grant.consent_id.as_deref(),
                    name: self.customer_name(found.grant.customer.as_deref()),
                },
                extra,
            )?)
        } else {
            None
        };
        Ok(self.token_body(&bound, &access, refresh.as_deref(), id_token, extra))
    }

    fn refresh(
        &self,
        client: &RegisteredClient,
        params: &Params,
        extra: Option<&RequestMisbehaviours>,
        binding: Option<String>,
    ) -> Result<Value, OAuthError> {
        let presented = params
            .get("refresh_token")
            .ok_or_else(|| OAuthError::invalid_request("refresh_token is required"))?;
        let now = self.clock.now();
        let rotate = self.config.rotate_refresh_tokens;
        let found = match self
            .lock()
            .find_refresh_token(presented, &client.client_id, now)
        {
            RefreshLookup::Found(t) => t,
            RefreshLookup::Reused => {
                return Err(OAuthError::invalid_grant(
                    "refresh token was already used; every token of this authorization is revoked",
                ));
            }
            RefreshLookup::Revoked => {
                return Err(OAuthError::invalid_grant("refresh token revoked"));
            }
            RefreshLookup::Expired => {
                return Err(OAuthError::invalid_grant("refresh token expired"));
            }
            RefreshLookup::Unknown => {
                return Err(OAuthError::invalid_grant("unknown refresh token"));
            }
        };
        self.consent_bound_expiry(&found.grant, now)?;
        let mut grant = Grant {
            certificate: binding,
            ..found.grant.clone()
        };
        if let Some(s) = params.get("scope") {
            let narrowed = scopes(s);
            if let Some(bad) = narrowed.iter().find(|s| !found.grant.scopes.contains(s)) {
                return Err(OAuthError::invalid_scope(format!(
                    "scope {bad} was not granted"
                )));
            }
            grant.scopes = narrowed;
        }
        if rotate && !self.lock().spend_refresh_token(presented) {
            return Err(OAuthError::invalid_grant(
                "refresh token was already used; every token of this authorization is revoked",
            ));
        }
        let access = self.issue_access(&grant, Some(&found.family), extra);
        let refresh = rotate.then(|| {
            self.lock().issue_refresh_token(
                RefreshToken {
                    used: false,
                    ..found.clone()
                },
                now,
            )
        });
        let id_token = if grant.scopes.iter().any(|s| s == "openid") {
            Some(self.id_token(
                &IdTokenInput {
                    client_id: &client.client_id,
                    subject: grant.customer.as_deref().unwrap_or_default(),
                    auth_time: found.auth_time,
                    nonce: None,
                    code: None,
                    state: None,
                    access_token: Some(&access),
                    consent_id: grant.consent_id.as_deref(),
                    name: self.customer_name(grant.customer.as_deref()),
                },
                extra,
            )?)
        } else {
            None
        };
        Ok(self.token_body(&grant, &access, refresh.as_deref(), id_token, extra))
    }

    /// Fails unless the grant's consent (if any) is authorised; returns how
    /// long a refresh token may live (never past the consent's expiry).
    fn consent_bound_expiry(&self, grant: &Grant, now: i64) -> Result<i64, OAuthError> {
        let mut expiry = now.saturating_add(self.config.lifetimes.refresh_token_secs);
        if let Some(id) = &grant.consent_id {
            let consent = self
                .lock()
                .consent(id, now)
                .ok_or_else(|| OAuthError::invalid_grant("consent not found"))?;
            if consent.status != ConsentStatus::Authorised {
                return Err(OAuthError::invalid_grant(format!(
                    "consent is {}",
                    consent.status
                )));
            }
            if let Some(exp) = consent.expires_at {
                expiry = expiry.min(exp);
            }
        }
        Ok(expiry)
    }

    fn customer_name(&self, customer_id: Option<&str>) -> Option<&str> {
        let id = customer_id?;
        self.config
            .customers
            .iter()
            .find(|c| c.customer_id == id)
            .map(|c| c.display_name.as_str())
    }

    fn issue_access(
        &self,
        grant: &Grant,
        family: Option<&str>,
        extra: Option<&RequestMisbehaviours>,
    ) -> String {
        let now = self.clock.now();
        let expires_at = if self.misbehaving(extra, Misbehaviour::ExpiredAccessToken) {
            now
        } else {
            now.saturating_add(self.config.lifetimes.access_token_secs)
        };
        let mut store = self.lock();
        let token = store.issue_access_token(grant, family, now, expires_at);
        if self.misbehaving(extra, Misbehaviour::RevokedAccessToken) {
            store.mark_access_revoked(&token);
        }
        token
    }

    fn token_body(
        &self,
        grant: &Grant,
        access: &str,
        refresh: Option<&str>,
        id_token: Option<String>,
        extra: Option<&RequestMisbehaviours>,
    ) -> Value {
        let mut body = Map::new();
        body.insert("access_token".into(), json!(access));
        let token_type = if self.misbehaving(extra, Misbehaviour::OddCaseTokenType) {
            "bEARER"
        } else {
            "Bearer"
        };
        body.insert("token_type".into(), json!(token_type));
        if !self.misbehaving(extra, Misbehaviour::NoExpiresIn) {
            body.insert(
                "expires_in".into(),
                json!(self.config.lifetimes.access_token_secs),
            );
        }
        body.insert("scope".into(), json!(grant.scopes.join(" ")));
        if let Some(r) = refresh {
            body.insert("refresh_token".into(), json!(r));
        }
        if let Some(t) = id_token {
            body.insert("id_token".into(), json!(t));
        }
        if let Some(c) = &grant.consent_id {
            body.insert("consent_id".into(), json!(c));
        }
        Value::Object(body)
    }
}
