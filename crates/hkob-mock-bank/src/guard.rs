//! Phase I credentials, checked per route by a layer chosen by the bank's
//! [`AuthStyle`]: a guarded route's handler only runs for a caller the style
//! accepts; any other caller gets the refusal in the bank's error body.

use std::borrow::Cow;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::MethodRouter;
use base64::Engine as _;
use http::{HeaderMap, HeaderValue, StatusCode, header};

use crate::auth_server::AuthFailure;
use crate::bank::{AuthStyle, SimulatedDialect};
use crate::bank_auth::check_bearer;
use crate::envelope::error_response;
use crate::fault::{Scenario, TokenFault};
use crate::instance::{BankState, Instance};
use crate::tls::ClientCertificate;
use crate::tsp::CredentialError;

/// Puts `handler` behind the check of `style` at `bank`. The check runs only
/// for requests the handler would answer (a wrong method still gets 405).
pub(crate) fn layer(
    handler: MethodRouter<Arc<Instance>>,
    style: AuthStyle,
    bank: Arc<BankState>,
) -> MethodRouter<Arc<Instance>> {
    let guard = Guard {
        bank,
        check: check_of(style),
    };
    handler.route_layer(axum::middleware::from_fn_with_state(guard, run))
}

/// How one auth style checks a request.
type Check = fn(&BankState, &Request) -> Result<(), Refusal>;

/// The check of each auth style.
fn check_of(style: AuthStyle) -> Check {
    match style {
        AuthStyle::IbmClientHeaders => ibm_client_headers,
        AuthStyle::ClientIdHeaders => client_id_headers,
        AuthStyle::OAuthClientCredentials => bearer_token,
        AuthStyle::PartnerJwt => partner_token,
    }
}

#[derive(Clone)]
struct Guard {
    bank: Arc<BankState>,
    check: Check,
}

async fn run(State(guard): State<Guard>, req: Request, next: Next) -> Response {
    match (guard.check)(&guard.bank, &req) {
        Ok(()) => next.run(req).await,
        Err(refusal) => refusal.into_response(guard.bank.profile.dialect),
    }
}

/// A refused request: the status, the message of the error body and, for
/// bearer tokens, the `WWW-Authenticate` challenge.
#[derive(Debug)]
pub(crate) struct Refusal {
    status: StatusCode,
    message: Cow<'static, str>,
    www_authenticate: Option<String>,
}

impl Refusal {
    /// A refusal with a status and a message.
    pub(crate) fn new(status: StatusCode, message: &'static str) -> Self {
        Self {
            status,
            message: Cow::Borrowed(message),
            www_authenticate: None,
        }
    }

    /// The answer in a dialect's error body.
    pub(crate) fn into_response(self, dialect: SimulatedDialect) -> Response {
        let mut resp = error_response(dialect, self.status, &self.message);
        if let Some(v) = self
            .www_authenticate
            .and_then(|v| HeaderValue::from_str(&v).ok())
        {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
        resp
    }
}

impl From<&AuthFailure> for Refusal {
    /// The status and `WWW-Authenticate` of RFC 6750.
    fn from(failure: &AuthFailure) -> Self {
        Self {
            status: StatusCode::from_u16(failure.status()).unwrap_or(StatusCode::UNAUTHORIZED),
            message: Cow::Owned(failure.to_string()),
            www_authenticate: Some(failure.www_authenticate()),
        }
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A client id and secret pair in two headers.
fn header_pair(
    bank: &BankState,
    headers: &HeaderMap,
    (id, secret): (&str, &str),
    (missing, invalid): (&'static str, &'static str),
) -> Result<(), Refusal> {
    match bank
        .clients
        .verify(header(headers, id), header(headers, secret))
    {
        Ok(_) => Ok(()),
        Err(CredentialError::Missing) => Err(Refusal::new(StatusCode::UNAUTHORIZED, missing)),
        Err(_) => Err(Refusal::new(StatusCode::UNAUTHORIZED, invalid)),
    }
}

/// `X-IBM-Client-Id` / `X-IBM-Client-Secret`.
fn ibm_client_headers(bank: &BankState, req: &Request) -> Result<(), Refusal> {
    header_pair(
        bank,
        req.headers(),
        ("x-ibm-client-id", "x-ibm-client-secret"),
        (
            "Client id and client secret are required.",
            "Invalid client id or secret.",
        ),
    )
}

/// `ClientID` / `ClientSecret`.
fn client_id_headers(bank: &BankState, req: &Request) -> Result<(), Refusal> {
    header_pair(
        bank,
        req.headers(),
        ("clientid", "clientsecret"),
        (
            "The ClientID and ClientSecret headers are required.",
            "Invalid ClientID or ClientSecret.",
        ),
    )
}

/// `Authorization: Bearer <token>` from the bank's authorization server (with
/// the `token=` scenario applied first, and a certificate-bound token
/// checked against the client certificate).
fn bearer_token(bank: &BankState, req: &Request) -> Result<(), Refusal> {
    let scenario = req.extensions().get::<Scenario>();
    let certificate = req.extensions().get::<ClientCertificate>();
    check_bearer(
        bank,
        req.headers(),
        scenario,
        certificate.map(|c| c.0.as_slice()),
    )
    .map(|_| ())
    .map_err(|failure| Refusal::from(&failure))
}

/// A non-empty, trimmed header value.
fn present<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    header(headers, name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The partner client of a request: HTTP Basic credentials of a registered
/// client, the same id in `clientId`, `servicingCountry: HK` and a `uuid`.
/// Returns the client id.
pub(crate) fn partner_client(bank: &BankState, headers: &HeaderMap) -> Result<String, Refusal> {
    let basic = present(headers, "authorization")
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .and_then(|(_, b64)| {
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .ok()
        })
        .and_then(|raw| String::from_utf8(raw).ok());
    let Some(basic) = basic else {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "HTTP Basic credentials are required.",
        ));
    };
    let (id, secret) = basic.split_once(':').unwrap_or((&basic, ""));
    if bank.clients.verify(Some(id), Some(secret)).is_err() {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "Invalid client id or secret.",
        ));
    }
    if present(headers, "clientid") != Some(id) {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "The clientId header must name the authenticated client.",
        ));
    }
    if present(headers, "servicingcountry") != Some("HK") {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "The servicingCountry header must be HK.",
        ));
    }
    if present(headers, "uuid").is_none() {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "The uuid header is required.",
        ));
    }
    Ok(id.to_owned())
}

/// The partner client, plus an `accessToken` header (no `Bearer`) holding
/// a token of the bank's authorization server issued to that client.
fn partner_token(bank: &BankState, req: &Request) -> Result<(), Refusal> {
    let headers = req.headers();
    let client_id = partner_client(bank, headers)?;
    match req.extensions().get::<Scenario>().and_then(|s| s.token) {
        Some(TokenFault::Expired) => {
            return Err(Refusal::new(
                StatusCode::UNAUTHORIZED,
                "The access token has expired.",
            ));
        }
        Some(TokenFault::Revoked) => {
            return Err(Refusal::new(
                StatusCode::UNAUTHORIZED,
                "The access token has been revoked.",
            ));
        }
        None => {}
    }
    let Some(token) = present(headers, "accesstoken") else {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "The accessToken header is required.",
        ));
    };
    let Some(auth) = bank.auth.get() else {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "The access token is not valid.",
        ));
    };
    match auth.check_bearer(token) {
        Ok(info) if info.client_id == client_id => Ok(()),
        Ok(_) => Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "The access token was issued to another client.",
        )),
        Err(_) => Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "The access token is missing, wrong or expired.",
        )),
    }
}
