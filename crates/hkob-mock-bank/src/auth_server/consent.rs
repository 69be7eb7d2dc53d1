//! Consent resources (OB / CDR-like): created by a client with a
//! client-credentials token, authorised or rejected by the customer on the
//! authorize page, revoked by `DELETE`, expired by time.
//!
//! Wire shape (HK camelCase, as in HSBC HK's account-information API):
//! request `{"data": {"permissions": [..], "expirationDate": "..", ...}}`,
//! answer `{"data": {"consentId", "creationDate", "status",
//! "statusUpdateDate", "permissions", "expirationDate"?, ...}, "links":
//! {"self"}}`. Other fields of the request's `data` are kept and echoed.
//! Errors use the HK `errorInfo` shape `{"id", "errors": [{"code", "causes"}]}`.

use std::fmt;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value, json};

use super::{AuthServer, DirectDebitSummary, PaymentSummary, TokenInfo};

/// Where a consent is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConsentStatus {
    /// Created, waiting for the customer.
    AwaitingAuthorisation,
    /// The customer approved it.
    Authorised,
    /// The customer denied it.
    Rejected,
    /// Revoked (by `DELETE` or by the bank).
    Revoked,
    /// Its expiration date passed.
    Expired,
    /// Used up (a single-use payment consent after its payment).
    Consumed,
}

impl ConsentStatus {
    /// The wire name (`AwaitingAuthorisation`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingAuthorisation => "AwaitingAuthorisation",
            Self::Authorised => "Authorised",
            Self::Rejected => "Rejected",
            Self::Revoked => "Revoked",
            Self::Expired => "Expired",
            Self::Consumed => "Consumed",
        }
    }

    /// Whether no further change can happen.
    pub fn is_terminal(self) -> bool {
        !matches!(self, Self::AwaitingAuthorisation | Self::Authorised)
    }
}

impl fmt::Display for ConsentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A consent resource. Times are seconds since the Unix epoch on the server's clock.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Consent {
    /// Its id.
    pub consent_id: String,
    /// The client that created it.
    pub client_id: String,
    /// Its status.
    pub status: ConsentStatus,
    /// Requested permissions.
    pub permissions: Vec<String>,
    /// When it was created.
    pub created_at: i64,
    /// When its status last changed.
    pub status_updated_at: i64,
    /// When it expires (`None`: open-ended).
    pub expires_at: Option<i64>,
    /// The customer who authorised or rejected it.
    pub customer_id: Option<String>,
    /// The accounts the customer authorised.
    pub account_ids: Vec<String>,
    /// Other fields of the request's `data` object, echoed back.
    pub details: Map<String, Value>,
    /// The payment, for a consent to one payment (Phase IV).
    pub payment: Option<PaymentSummary>,
    /// The direct debits, for a direct debit consent (Phase IV).
    pub direct_debit: Option<DirectDebitSummary>,
}

impl Consent {
    pub(super) fn expire_if_due(&mut self, now: i64) {
        if let Some(exp) = self.expires_at
            && exp <= now
            && !self.status.is_terminal()
        {
            self.status = ConsentStatus::Expired;
            self.status_updated_at = exp;
        }
    }

    fn set_status(&mut self, status: ConsentStatus, now: i64) {
        self.status = status;
        self.status_updated_at = now;
    }

    /// The consent as the `data` object of the wire format.
    pub fn to_json(&self) -> Value {
        let mut data = self.details.clone();
        data.insert("consentId".into(), json!(self.consent_id));
        data.insert("creationDate".into(), json!(rfc3339(self.created_at)));
        data.insert("status".into(), json!(self.status.as_str()));
        data.insert(
            "statusUpdateDate".into(),
            json!(rfc3339(self.status_updated_at)),
        );
        data.insert("permissions".into(), json!(self.permissions));
        if let Some(exp) = self.expires_at {
            data.insert("expirationDate".into(), json!(rfc3339(exp)));
        }
        Value::Object(data)
    }
}

/// A consent to create with [`AuthServer::create_consent`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewConsent {
    /// Permissions.
    pub permissions: Vec<String>,
    /// Expiry (seconds since the Unix epoch), or open-ended.
    pub expires_at: Option<i64>,
    /// Extra fields to keep and echo (e.g. a payment initiation).
    pub details: Map<String, Value>,
    /// The payment, for a consent to one payment: the consent page shows
    /// it and the customer picks the account it is paid from.
    pub payment: Option<PaymentSummary>,
    /// The direct debits, for a direct debit consent: the customer picks
    /// the account collections are paid into.
    pub direct_debit: Option<DirectDebitSummary>,
}

/// Why a consent operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsentError {
    /// No such consent.
    NotFound,
    /// The consent is not in a status that allows the change.
    WrongStatus(ConsentStatus),
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("no such consent"),
            Self::WrongStatus(s) => write!(f, "consent is {s}"),
        }
    }
}

impl std::error::Error for ConsentError {}

fn rfc3339(secs: i64) -> String {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl AuthServer {
    /// Creates a consent in `AwaitingAuthorisation` for a client.
    pub fn create_consent(&self, client_id: &str, new: NewConsent) -> Consent {
        let now = self.clock.now();
        let consent = Consent {
            consent_id: format!("consent-{}", uuid::Uuid::new_v4()),
            client_id: client_id.to_owned(),
            status: ConsentStatus::AwaitingAuthorisation,
            permissions: new.permissions,
            created_at: now,
            status_updated_at: now,
            expires_at: new.expires_at,
            customer_id: None,
            account_ids: Vec::new(),
            details: new.details,
            payment: new.payment,
            direct_debit: new.direct_debit,
        };
        self.lock().insert_consent(consent.clone());
        consent
    }

    /// A consent by id, with expiry applied.
    pub fn consent(&self, consent_id: &str) -> Option<Consent> {
        let now = self.clock.now();
        self.lock().consent(consent_id, now)
    }

    /// Revokes a consent that is awaiting authorisation or authorised;
    /// tokens bound to it stop working. A consent already in a terminal
    /// status is returned unchanged.
    pub fn revoke_consent(&self, consent_id: &str) -> Result<Consent, ConsentError> {
        self.transition(
            consent_id,
            |c| !c.is_terminal(),
            ConsentStatus::Revoked,
            true,
        )
    }

    /// Makes a consent expire now (sets its expiration date to now).
    pub fn expire_consent(&self, consent_id: &str) -> Result<Consent, ConsentError> {
        let now = self.clock.now();
        self.lock()
            .update_consent(consent_id, now, |c| {
                if !c.status.is_terminal() {
                    c.expires_at = Some(now);
                    c.expire_if_due(now);
                }
            })
            .ok_or(ConsentError::NotFound)
    }

    /// Marks an authorised consent `Consumed` (after the payment it allowed).
    pub fn consume_consent(&self, consent_id: &str) -> Result<Consent, ConsentError> {
        self.transition(
            consent_id,
            |s| s == ConsentStatus::Authorised,
            ConsentStatus::Consumed,
            false,
        )
    }

    /// Authorises a consent for a customer and accounts.
    pub(super) fn authorise_consent(
        &self,
        consent_id: &str,
        customer_id: &str,
        account_ids: &[String],
    ) -> Result<Consent, ConsentError> {
        let now = self.clock.now();
        let mut outcome = Err(ConsentError::NotFound);
        self.lock().update_consent(consent_id, now, |c| {
            if c.status == ConsentStatus::AwaitingAuthorisation {
                c.set_status(ConsentStatus::Authorised, now);
                c.customer_id = Some(customer_id.to_owned());
                c.account_ids = account_ids.to_vec();
                outcome = Ok(c.clone());
            } else {
                outcome = Err(ConsentError::WrongStatus(c.status));
            }
        });
        outcome
    }

    /// Rejects a consent awaiting authorisation.
    pub(super) fn reject_consent(&self, consent_id: &str) -> Result<Consent, ConsentError> {
        self.transition(
            consent_id,
            |s| s == ConsentStatus::AwaitingAuthorisation,
            ConsentStatus::Rejected,
            false,
        )
    }

    fn transition(
        &self,
        consent_id: &str,
        allowed: impl FnOnce(ConsentStatus) -> bool,
        to: ConsentStatus,
        idempotent_when_terminal: bool,
    ) -> Result<Consent, ConsentError> {
        let now = self.clock.now();
        let mut outcome = Err(ConsentError::NotFound);
        self.lock().update_consent(consent_id, now, |c| {
            if allowed(c.status) {
                c.set_status(to, now);
                outcome = Ok(c.clone());
            } else if idempotent_when_terminal && c.status.is_terminal() {
                outcome = Ok(c.clone());
            } else {
                outcome = Err(ConsentError::WrongStatus(c.status));
            }
        });
        outcome
    }

    fn consent_url(&self, id: &str) -> String {
        format!(
            "{}{}/{}",
            self.config.issuer,
            self.config.paths.consents.trim_end_matches('/'),
            id
        )
    }
}

fn error_info(status: StatusCode, code: &str, causes: impl Into<String>) -> Response {
    (
        status,
        Json(json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "errors": [{ "code": code, "causes": causes.into() }],
        })),
    )
        .into_response()
}

fn bearer(server: &AuthServer, headers: &HeaderMap) -> Result<TokenInfo, Box<Response>> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    server
        .check_authorization_header(value)
        .map_err(|e| Box::new(e.into_response()))
}

/// `POST {consents}`.
pub(super) async fn create(
    State(server): State<Arc<AuthServer>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = match bearer(&server, &headers) {
        Ok(t) => t,
        Err(r) => return *r,
    };
    if token.customer_id.is_some() {
        return error_info(
            StatusCode::FORBIDDEN,
            "HK.HKMA.Token.Invalid",
            "consents are created with a client-credentials token",
        );
    }
    let new = match parse_new_consent(&body, server.clock.now()) {
        Ok(n) => n,
        Err((code, causes)) => return error_info(StatusCode::BAD_REQUEST, code, causes),
    };
    let consent = server.create_consent(&token.client_id, new);
    let url = server.consent_url(&consent.consent_id);
    let mut resp = (
        StatusCode::CREATED,
        Json(json!({ "data": consent.to_json(), "links": { "self": url } })),
    )
        .into_response();
    if let Ok(v) = http::HeaderValue::from_str(&url) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

fn parse_new_consent(body: &[u8], now: i64) -> Result<NewConsent, (&'static str, String)> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ("HK.HKMA.Field.Invalid", format!("body is not JSON: {e}")))?;
    let Some(Value::Object(mut data)) = value.get("data").cloned() else {
        return Err(("HK.HKMA.Field.Missing", "data is required".to_owned()));
    };
    let permissions = match data.remove("permissions") {
        Some(Value::Array(items)) if !items.is_empty() => items
            .into_iter()
            .map(|p| match p {
                Value::String(s) if !s.is_empty() => Ok(s),
                _ => Err((
                    "HK.HKMA.Field.Invalid",
                    "data.permissions must hold strings".to_owned(),
                )),
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => {
            return Err((
                "HK.HKMA.Field.Invalid",
                "data.permissions must be a non-empty array".to_owned(),
            ));
        }
        None => {
            return Err((
                "HK.HKMA.Field.Missing",
                "data.permissions is required".to_owned(),
            ));
        }
    };
    let expires_at = match data.remove("expirationDate") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            let at = DateTime::parse_from_rfc3339(&s).map_err(|_| {
                (
                    "HK.HKMA.Field.Invalid",
                    "data.expirationDate must be an ISO 8601 date-time with a time zone".to_owned(),
                )
            })?;
            let secs = at.timestamp();
            if secs <= now {
                return Err((
                    "HK.HKMA.Field.Invalid",
                    "data.expirationDate is in the past".to_owned(),
                ));
            }
            Some(secs)
        }
        Some(_) => {
            return Err((
                "HK.HKMA.Field.Invalid",
                "data.expirationDate must be a string".to_owned(),
            ));
        }
    };
    for key in ["consentId", "status", "creationDate", "statusUpdateDate"] {
        data.remove(key);
    }
    Ok(NewConsent {
        permissions,
        expires_at,
        details: data,
        payment: None,
        direct_debit: None,
    })
}

fn owned_consent(
    server: &AuthServer,
    headers: &HeaderMap,
    consent_id: &str,
) -> Result<Consent, Box<Response>> {
    let token = bearer(server, headers)?;
    let Some(consent) = server.consent(consent_id) else {
        return Err(Box::new(error_info(
            StatusCode::NOT_FOUND,
            "HK.HKMA.Resource.NotFound",
            "no such consent",
        )));
    };
    if consent.client_id != token.client_id {
        return Err(Box::new(error_info(
            StatusCode::FORBIDDEN,
            "HK.HKMA.Resource.Forbidden",
            "the consent belongs to another client",
        )));
    }
    Ok(consent)
}

/// A consent id that is not a path segment of text (`%FF`): 400 in the
/// consent resources' error body.
fn bad_consent_id(rejection: &PathRejection) -> Response {
    error_info(
        StatusCode::BAD_REQUEST,
        "HK.HKMA.Field.Invalid",
        format!("the consent id: {}", rejection.body_text()),
    )
}

/// `GET {consents}/{id}`.
pub(super) async fn read(
    State(server): State<Arc<AuthServer>>,
    consent_id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let consent_id = match consent_id {
        Ok(Path(id)) => id,
        Err(e) => return bad_consent_id(&e),
    };
    match owned_consent(&server, &headers, &consent_id) {
        Ok(consent) => Json(json!({
            "data": consent.to_json(),
            "links": { "self": server.consent_url(&consent.consent_id) },
        }))
        .into_response(),
        Err(r) => *r,
    }
}

/// `DELETE {consents}/{id}`: 204, and the consent is `Revoked`.
pub(super) async fn delete(
    State(server): State<Arc<AuthServer>>,
    consent_id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let consent_id = match consent_id {
        Ok(Path(id)) => id,
        Err(e) => return bad_consent_id(&e),
    };
    if let Err(r) = owned_consent(&server, &headers, &consent_id) {
        return *r;
    }
    match server.revoke_consent(&consent_id) {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => error_info(
            StatusCode::BAD_REQUEST,
            "HK.HKMA.Resource.InvalidStatus",
            e.to_string(),
        ),
    }
}
