//! The admin API under `/__admin`: inspect banks and data, install faults,
//! read the request log. JSON in, JSON out, errors as `{"error": "..."}`
//! (rejected paths, queries and bodies too, through [`Checked`]); never
//! affected by faults.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};

use crate::rejection::{Checked, method_not_allowed};
use http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth_server::AuthServer;
use crate::data::transaction;
use crate::fault::FaultRuleSpec;
use crate::instance::{BankState, Instance};

/// The admin routes.
pub fn routes(inst: Arc<Instance>, base_url: Arc<str>) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/__admin/health", get(health))
        .route("/__admin/banks", get(list_banks))
        .route("/__admin/fps", get(fps_directory))
        .route("/__admin/banks/{bank}", get(bank_detail))
        .route(
            "/__admin/banks/{bank}/accounts/{account}/transactions",
            get(transactions),
        )
        .route(
            "/__admin/faults",
            post(add_fault).get(list_faults).delete(clear_faults),
        )
        .route("/__admin/faults/{id}", delete(remove_fault))
        .route(
            "/__admin/requests",
            get(list_requests).delete(clear_requests),
        )
        .route("/__admin/reset", post(reset))
        .route("/__admin/banks/{bank}/tokens", post(mint_token))
        .route("/__admin/banks/{bank}/tokens/expire", post(expire_tokens))
        .route("/__admin/banks/{bank}/tokens/revoke", post(revoke_token))
        .route(
            "/__admin/banks/{bank}/consents/{consent}",
            get(read_consent),
        )
        .route(
            "/__admin/banks/{bank}/consents/{consent}/revoke",
            post(revoke_consent),
        )
        .route(
            "/__admin/banks/{bank}/consents/{consent}/expire",
            post(expire_consent),
        )
        .route("/__admin/banks/{bank}/clock/advance", post(advance_clock))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(AdminState { inst, base_url })
}

#[derive(Clone)]
struct AdminState {
    inst: Arc<Instance>,
    base_url: Arc<str>,
}

fn not_found(what: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"error": format!("{what} not found")})),
    )
        .into_response()
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

fn bank_summary(bank: &BankState, base_url: &str) -> Value {
    let p = &bank.profile;
    json!({
        "id": p.id,
        "name": p.name,
        "nameZh": p.name_zh,
        "bankCode": p.bank_code,
        "dialect": p.dialect,
        "authStyle": p.auth_style(),
        "apixCode": p.apix_code,
        "virtualBank": p.virtual_bank,
        "prefix": p.prefix,
        "url": format!("{base_url}{}", p.prefix),
        "issuer": bank.auth.get().map(|a| a.issuer().to_owned()),
        "products": p.products,
    })
}

/// `GET /__admin/fps`: every FPS proxy registered at the mock's banks
/// (customers' mobile numbers, e-mail addresses and HKIDs, merchants' FPS
/// ids with their merchant codes).
async fn fps_directory(State(s): State<AdminState>) -> Json<Value> {
    Json(serde_json::to_value(s.inst.fps.list()).unwrap_or(Value::Null))
}

async fn list_banks(State(s): State<AdminState>) -> Json<Value> {
    Json(Value::Array(
        s.inst
            .banks
            .iter()
            .map(|b| bank_summary(b, &s.base_url))
            .collect(),
    ))
}

async fn bank_detail(
    State(s): State<AdminState>,
    Checked(Path(id)): Checked<Path<String>>,
) -> Response {
    let Some(bank) = s.inst.bank(&id) else {
        return not_found("bank");
    };
    let mut v = bank_summary(bank, &s.base_url);
    let clients: Vec<Value> = bank
        .clients
        .iter()
        .map(|c| json!({"clientId": c.client_id(), "clientSecret": c.client_secret(), "signingKey": c.signing_key().is_some()}))
        .collect();
    let accounts: Vec<Value> = bank
        .accounts
        .iter()
        .map(|a| {
            let mut j = serde_json::to_value(a).unwrap_or(Value::Null);
            if let (Value::Object(m), Some(bal)) = (&mut j, bank.ledger.balance(&a.id)) {
                m.insert("balance".into(), Value::String(bal.to_string()));
            }
            j
        })
        .collect();
    if let Value::Object(m) = &mut v {
        m.insert("clients".into(), Value::Array(clients));
        m.insert(
            "customers".into(),
            serde_json::to_value(&bank.customers).unwrap_or(Value::Null),
        );
        m.insert("accounts".into(), Value::Array(accounts));
        if let Some((key, details)) = crate::dialects::of(bank.profile.dialect).admin_details(bank)
        {
            m.insert(key.into(), details);
        }
    }
    Json(v).into_response()
}

#[derive(Deserialize)]
struct TxQuery {
    from: Option<u64>,
    limit: Option<u64>,
}

async fn transactions(
    State(s): State<AdminState>,
    Checked(Path((bank_id, account_id))): Checked<Path<(String, String)>>,
    Checked(Query(q)): Checked<Query<TxQuery>>,
) -> Response {
    let Some(bank) = s.inst.bank(&bank_id) else {
        return not_found("bank");
    };
    let Some(account) = bank.accounts.iter().find(|a| a.id == account_id) else {
        return not_found("account");
    };
    let from = q.from.unwrap_or(0);
    let limit = q.limit.unwrap_or(50).min(1000);
    let end = from.saturating_add(limit).min(account.transaction_count);
    let items: Vec<_> = (from..end)
        .map(|i| transaction(s.inst.settings.seed, &bank.profile.id, &account.id, i))
        .collect();
    Json(json!({"total": account.transaction_count, "from": from, "transactions": items}))
        .into_response()
}

async fn add_fault(
    State(s): State<AdminState>,
    Checked(Json(spec)): Checked<Json<FaultRuleSpec>>,
) -> Response {
    if let Some(bank) = &spec.bank
        && s.inst.bank(bank).is_none()
    {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": format!("unknown bank `{bank}`")})),
        )
            .into_response();
    }
    match s.inst.faults.add(spec) {
        Ok(id) => (StatusCode::CREATED, Json(json!({"id": id}))).into_response(),
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": e.to_string()})),
        )
            .into_response(),
    }
}

async fn list_faults(State(s): State<AdminState>) -> Json<Value> {
    Json(json!(s.inst.faults.list()))
}

async fn clear_faults(State(s): State<AdminState>) -> StatusCode {
    s.inst.faults.clear();
    StatusCode::NO_CONTENT
}

async fn remove_fault(
    State(s): State<AdminState>,
    Checked(Path(id)): Checked<Path<u64>>,
) -> Response {
    if s.inst.faults.remove(id) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        not_found("fault")
    }
}

#[derive(Deserialize)]
struct LogQuery {
    bank: Option<String>,
    limit: Option<usize>,
}

async fn list_requests(
    State(s): State<AdminState>,
    Checked(Query(q)): Checked<Query<LogQuery>>,
) -> Json<Value> {
    let entries = s.inst.log.entries(q.bank.as_deref(), q.limit);
    Json(json!({
        "capacity": s.inst.log.capacity(),
        "total": s.inst.log.total(),
        "requests": entries,
    }))
}

async fn clear_requests(State(s): State<AdminState>) -> StatusCode {
    s.inst.log.clear();
    StatusCode::NO_CONTENT
}

async fn reset(State(s): State<AdminState>) -> StatusCode {
    s.inst.faults.clear();
    s.inst.log.clear();
    StatusCode::NO_CONTENT
}

fn auth_of<'a>(s: &'a AdminState, bank: &str) -> Result<&'a Arc<AuthServer>, Box<Response>> {
    let bank = s
        .inst
        .bank(bank)
        .ok_or_else(|| Box::new(not_found("bank")))?;
    bank.auth
        .get()
        .ok_or_else(|| Box::new(not_found("authorization server")))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MintRequest {
    client_id: Option<String>,
    #[serde(default)]
    scopes: Vec<String>,
    consent_id: Option<String>,
    customer: Option<String>,
}

/// Mints an access token without a grant (for tests of resource endpoints).
async fn mint_token(
    State(s): State<AdminState>,
    Checked(Path(bank)): Checked<Path<String>>,
    Checked(Json(req)): Checked<Json<MintRequest>>,
) -> Response {
    let auth = match auth_of(&s, &bank) {
        Ok(a) => a,
        Err(resp) => return *resp,
    };
    let client = req.client_id.as_deref().unwrap_or(crate::DEFAULT_CLIENT_ID);
    let scopes: Vec<&str> = req.scopes.iter().map(String::as_str).collect();
    let token = auth.mint_access_token(
        client,
        &scopes,
        req.consent_id.as_deref(),
        req.customer.as_deref(),
    );
    (
        StatusCode::CREATED,
        Json(json!({"accessToken": token, "tokenType": "Bearer"})),
    )
        .into_response()
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ExpireRequest {
    client_id: Option<String>,
}

async fn expire_tokens(
    State(s): State<AdminState>,
    Checked(Path(bank)): Checked<Path<String>>,
    body: Option<Checked<Json<ExpireRequest>>>,
) -> Response {
    let auth = match auth_of(&s, &bank) {
        Ok(a) => a,
        Err(resp) => return *resp,
    };
    let req = body.map(|b| b.0.0).unwrap_or_default();
    let n = auth.expire_tokens(req.client_id.as_deref());
    Json(json!({"expired": n})).into_response()
}

#[derive(Deserialize)]
struct RevokeRequest {
    token: String,
}

async fn revoke_token(
    State(s): State<AdminState>,
    Checked(Path(bank)): Checked<Path<String>>,
    Checked(Json(req)): Checked<Json<RevokeRequest>>,
) -> Response {
    let auth = match auth_of(&s, &bank) {
        Ok(a) => a,
        Err(resp) => return *resp,
    };
    Json(json!({"revoked": auth.revoke_token(&req.token)})).into_response()
}

fn consent_result(
    r: Result<crate::auth_server::Consent, crate::auth_server::ConsentError>,
) -> Response {
    match r {
        Ok(c) => Json(c.to_json()).into_response(),
        Err(crate::auth_server::ConsentError::NotFound) => not_found("consent"),
        Err(e) => (StatusCode::CONFLICT, Json(json!({"error": e.to_string()}))).into_response(),
    }
}

async fn read_consent(
    State(s): State<AdminState>,
    Checked(Path((bank, consent))): Checked<Path<(String, String)>>,
) -> Response {
    match auth_of(&s, &bank) {
        Ok(a) => consent_result(
            a.consent(&consent)
                .ok_or(crate::auth_server::ConsentError::NotFound),
        ),
        Err(resp) => *resp,
    }
}

async fn revoke_consent(
    State(s): State<AdminState>,
    Checked(Path((bank, consent))): Checked<Path<(String, String)>>,
) -> Response {
    match auth_of(&s, &bank) {
        Ok(a) => consent_result(a.revoke_consent(&consent)),
        Err(resp) => *resp,
    }
}

async fn expire_consent(
    State(s): State<AdminState>,
    Checked(Path((bank, consent))): Checked<Path<(String, String)>>,
) -> Response {
    match auth_of(&s, &bank) {
        Ok(a) => consent_result(a.expire_consent(&consent)),
        Err(resp) => *resp,
    }
}

#[derive(Deserialize)]
struct AdvanceRequest {
    seconds: u64,
}

async fn advance_clock(
    State(s): State<AdminState>,
    Checked(Path(bank)): Checked<Path<String>>,
    Checked(Json(req)): Checked<Json<AdvanceRequest>>,
) -> Response {
    match auth_of(&s, &bank) {
        Ok(a) => match a.advance_clock(req.seconds) {
            Ok(()) => Json(json!({"now": a.now()})).into_response(),
            Err(e) => (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": e.to_string()})),
            )
                .into_response(),
        },
        Err(resp) => *resp,
    }
}
