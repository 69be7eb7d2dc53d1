//! The authorization endpoint: request checks, the login page or the
//! non-interactive path, and the redirect back to the client with `code`,
//! `state` and `iss` (RFC 9207), or `error`. The page's form posts are in
//! [`super::decide`].

use std::sync::Arc;

use axum::extract::{Extension, RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};

use super::consent::{Consent, ConsentStatus};
use super::customer::TestCustomer;
use super::html::error_page;
use super::params::{Params, scopes};
use super::store::{AuthorizationCode, Grant, PendingAuthorization};
use super::{
    AUTO_APPROVE_HEADER, AuthServer, AutoApproval, Misbehaviour, RequestMisbehaviours, pkce,
};

/// An authorize outcome sent to the client's redirect URI.
pub(super) enum Outcome {
    Code(String),
    Error(&'static str, String),
}

/// `GET {authorize}`.
pub(super) async fn show(
    State(server): State<Arc<AuthServer>>,
    extra: Option<Extension<RequestMisbehaviours>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let extra = extra.as_ref().map(|e| &e.0);
    let params = Params::parse(query.unwrap_or_default().as_bytes());
    let validated = match params.get("request_uri") {
        Some(uri) => server.pushed_request(&params, uri),
        None if server.config.require_pushed_authorization_requests => {
            server.validate(&params).and_then(|p| {
                Err(Rejection::Redirect(
                    Box::new(p),
                    "invalid_request",
                    "this server takes only pushed authorization requests (request_uri)".into(),
                ))
            })
        }
        None => server.validate(&params),
    };
    let pending = match validated {
        Ok(p) => p,
        Err(Rejection::Page(msg)) => return server.error_page(StatusCode::BAD_REQUEST, &msg),
        Err(Rejection::Redirect(pending, error, description)) => {
            return server.redirect(
                &pending,
                Outcome::Error(error, description),
                extra,
                StatusCode::FOUND,
            );
        }
    };
    // The non-interactive path: a header, or a server-wide setting.
    let header_decision = if server.config.allow_auto_approve_header {
        headers
            .get(AUTO_APPROVE_HEADER)
            .map(|v| v.to_str().unwrap_or_default().trim().to_ascii_lowercase())
    } else {
        None
    };
    let decision = match header_decision.as_deref() {
        Some("approve") => match pending.login_hint.as_deref() {
            Some(user) => Some(AutoApproval::Approve {
                username: user.to_owned(),
            }),
            None => {
                return server.redirect(
                    &pending,
                    Outcome::Error("login_required", "login_hint names no test customer".into()),
                    extra,
                    StatusCode::FOUND,
                );
            }
        },
        Some("deny") => Some(AutoApproval::Deny),
        Some(other) => {
            return server.error_page(
                StatusCode::BAD_REQUEST,
                &format!("{AUTO_APPROVE_HEADER} must be approve or deny, not {other}"),
            );
        }
        None => server.auto_approval(),
    };
    match decision {
        Some(AutoApproval::Approve { username }) => {
            let Some(customer) = server.config.customer_by_username(&username).cloned() else {
                return server.redirect(
                    &pending,
                    Outcome::Error("login_required", format!("no test customer {username}")),
                    extra,
                    StatusCode::FOUND,
                );
            };
            let outcome = server.approve(&pending, &customer, &customer.holdings());
            server.redirect(&pending, outcome, extra, StatusCode::FOUND)
        }
        Some(AutoApproval::Deny) => {
            let outcome = server.deny(&pending);
            server.redirect(&pending, outcome, extra, StatusCode::FOUND)
        }
        None => {
            let now = server.clock.now();
            let request_id = server.lock().add_pending(pending.clone(), now);
            server.login_page(&pending, &request_id, None, "")
        }
    }
}

/// Why an authorize request was refused.
pub(super) enum Rejection {
    /// Shown to the person: the client or redirect URI cannot be trusted.
    Page(String),
    /// Sent back to the client.
    Redirect(Box<PendingAuthorization>, &'static str, String),
}

impl AuthServer {
    /// The pushed request behind a `request_uri` (RFC 9126 §4): it must be
    /// live, unused and pushed by the same client.
    fn pushed_request(
        &self,
        params: &Params,
        request_uri: &str,
    ) -> Result<PendingAuthorization, Rejection> {
        let client_id = params
            .get("client_id")
            .ok_or_else(|| Rejection::Page("client_id is required".into()))?;
        let now = self.clock.now();
        let pushed = self
            .lock()
            .take_pushed(request_uri, now)
            .ok_or_else(|| Rejection::Page("request_uri is unknown, used or expired".into()))?;
        if pushed.client_id != client_id {
            return Err(Rejection::Page(
                "request_uri was pushed by another client".into(),
            ));
        }
        Ok(PendingAuthorization {
            expires_at: now.saturating_add(self.config.lifetimes.login_page_secs),
            login_hint: pushed
                .login_hint
                .clone()
                .or_else(|| params.get("login_hint").map(str::to_owned)),
            ..pushed
        })
    }

    /// Checks an authorize request's parameters.
    pub(super) fn validate(&self, params: &Params) -> Result<PendingAuthorization, Rejection> {
        if let Some(name) = params.duplicate(&[]) {
            return Err(Rejection::Page(format!(
                "parameter {name} appears more than once"
            )));
        }
        let client_id = params
            .get("client_id")
            .ok_or_else(|| Rejection::Page("client_id is required".into()))?;
        let client = self
            .client(client_id)
            .ok_or_else(|| Rejection::Page(format!("unknown client {client_id}")))?;
        let redirect_uri = params
            .get("redirect_uri")
            .ok_or_else(|| Rejection::Page("redirect_uri is required".into()))?;
        if !client.redirect_uri_registered(redirect_uri) || url::Url::parse(redirect_uri).is_err() {
            return Err(Rejection::Page(format!(
                "redirect_uri {redirect_uri} is not registered for {client_id}"
            )));
        }
        let now = self.clock.now();
        let mut pending = PendingAuthorization {
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            scopes: Vec::new(),
            state: params.get("state").map(str::to_owned),
            nonce: params.get("nonce").map(str::to_owned),
            code_challenge: String::new(),
            consent_id: None,
            login_hint: params.get("login_hint").map(str::to_owned),
            customer: None,
            expires_at: now.saturating_add(self.config.lifetimes.login_page_secs),
        };
        let fail = |p: &PendingAuthorization, e: &'static str, d: &str| {
            Err(Rejection::Redirect(Box::new(p.clone()), e, d.to_owned()))
        };
        if params.get("request").is_some() {
            return fail(
                &pending,
                "request_not_supported",
                "request objects are not supported",
            );
        }
        if params.get("request_uri").is_some() {
            return fail(
                &pending,
                "invalid_request",
                "request_uri cannot be combined with other parameters",
            );
        }
        if !client.allows_grant("authorization_code") {
            return fail(
                &pending,
                "unauthorized_client",
                "this client did not register the authorization_code grant",
            );
        }
        match params.get("response_type") {
            Some("code") => {}
            Some(_) => {
                return fail(
                    &pending,
                    "unsupported_response_type",
                    "only response_type=code is supported",
                );
            }
            None => return fail(&pending, "invalid_request", "response_type is required"),
        }
        let requested = scopes(params.get("scope").unwrap_or_default());
        if requested.is_empty() {
            return fail(&pending, "invalid_scope", "scope is required");
        }
        if let Some(bad) = requested.iter().find(|s| !client.scopes.contains(s)) {
            return fail(
                &pending,
                "invalid_scope",
                &format!("scope {bad} is not allowed for this client"),
            );
        }
        pending.scopes = requested;
        let Some(challenge) = params.get("code_challenge") else {
            return fail(
                &pending,
                "invalid_request",
                "code_challenge is required (PKCE S256)",
            );
        };
        if params.get("code_challenge_method") != Some("S256") {
            return fail(
                &pending,
                "invalid_request",
                "code_challenge_method must be S256",
            );
        }
        if !pkce::challenge_well_formed(challenge) {
            return fail(
                &pending,
                "invalid_request",
                "code_challenge is not a base64url SHA-256 value",
            );
        }
        pending.code_challenge = challenge.to_owned();
        if pending.nonce.as_ref().is_some_and(|n| n.len() > 255) {
            return fail(&pending, "invalid_request", "nonce is too long");
        }
        if let Some(consent_id) = params.get("consent_id") {
            match self.consent(consent_id) {
                Some(c)
                    if c.client_id == client.client_id
                        && c.status == ConsentStatus::AwaitingAuthorisation => {}
                Some(c) if c.client_id == client.client_id => {
                    return fail(
                        &pending,
                        "invalid_request",
                        &format!("consent {consent_id} is {}", c.status),
                    );
                }
                _ => {
                    return fail(
                        &pending,
                        "invalid_request",
                        &format!("unknown consent {consent_id}"),
                    );
                }
            }
            pending.consent_id = Some(consent_id.to_owned());
        }
        Ok(pending)
    }

    pub(super) fn approve(
        &self,
        pending: &PendingAuthorization,
        customer: &TestCustomer,
        accounts: &[String],
    ) -> Outcome {
        // A payment's debtor account, a direct debit's creditor account.
        let one = pending
            .consent_id
            .as_deref()
            .and_then(|id| self.consent(id))
            .and_then(|c| c.one_account(customer, accounts));
        let single;
        let accounts = match one {
            Some(Ok(account)) => {
                single = [account];
                &single[..]
            }
            Some(Err(why)) => return Outcome::Error("access_denied", why),
            None => accounts,
        };
        let accounts = match &pending.consent_id {
            Some(id) => match self.authorise_consent(id, &customer.customer_id, accounts) {
                Ok(Consent { account_ids, .. }) => account_ids,
                Err(e) => return Outcome::Error("access_denied", format!("consent {id}: {e}")),
            },
            None => accounts.to_vec(),
        };
        let now = self.clock.now();
        let code = AuthorizationCode {
            grant: Grant {
                client_id: pending.client_id.clone(),
                scopes: pending.scopes.clone(),
                consent_id: pending.consent_id.clone(),
                customer: Some(customer.customer_id.clone()),
                accounts,
                certificate: None,
            },
            redirect_uri: pending.redirect_uri.clone(),
            code_challenge: pending.code_challenge.clone(),
            nonce: pending.nonce.clone(),
            state: pending.state.clone(),
            expires_at: now.saturating_add(self.config.lifetimes.authorization_code_secs),
            auth_time: now,
        };
        Outcome::Code(self.lock().add_code(code, now))
    }

    pub(super) fn deny(&self, pending: &PendingAuthorization) -> Outcome {
        if let Some(id) = &pending.consent_id {
            let _ = self.reject_consent(id);
        }
        Outcome::Error("access_denied", "the customer denied the request".into())
    }

    pub(super) fn redirect(
        &self,
        pending: &PendingAuthorization,
        outcome: Outcome,
        extra: Option<&RequestMisbehaviours>,
        status: StatusCode,
    ) -> Response {
        let Ok(mut url) = url::Url::parse(&pending.redirect_uri) else {
            return self.error_page(StatusCode::BAD_REQUEST, "redirect_uri is not a URL");
        };
        {
            let mut q = url.query_pairs_mut();
            match &outcome {
                Outcome::Code(code) => {
                    q.append_pair("code", code);
                }
                Outcome::Error(error, description) => {
                    q.append_pair("error", error);
                    q.append_pair("error_description", description);
                }
            }
            if let Some(state) = &pending.state
                && !self.misbehaving(extra, Misbehaviour::MissingState)
            {
                if self.misbehaving(extra, Misbehaviour::WrongState) {
                    q.append_pair("state", &format!("{state}-tampered"));
                } else {
                    q.append_pair("state", state);
                }
            }
            if !self.misbehaving(extra, Misbehaviour::MissingIssuer) {
                if self.misbehaving(extra, Misbehaviour::WrongIssuer) {
                    q.append_pair("iss", "https://wrong-issuer.invalid");
                } else {
                    q.append_pair("iss", &self.config.issuer);
                }
            }
        }
        let Ok(location) = HeaderValue::from_str(url.as_str()) else {
            return self.error_page(
                StatusCode::BAD_REQUEST,
                "redirect_uri is not a valid header value",
            );
        };
        let mut resp = status.into_response();
        resp.headers_mut().insert(header::LOCATION, location);
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        resp
    }

    pub(super) fn error_page(&self, status: StatusCode, message: &str) -> Response {
        html_response(status, error_page(&self.config.bank_name, message))
    }
}

/// An HTML answer that is never cached nor framed.
pub(super) fn html_response(status: StatusCode, body: String) -> Response {
    let mut resp = (status, Html(body)).into_response();
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    resp
}
