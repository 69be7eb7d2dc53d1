//! The HSBC landing page at `{bank prefix}/applications/landing/{ApplicationId}`:
//! `GET` shows the bank's form, prefilled from the decrypted `Prefill`;
//! `POST` (the form, `application/x-www-form-urlencoded`) either cancels
//! (303 to `ReturnURL?state=..&application_id=..&outcome=cancelled`, status
//! `Cancelled`) or submits: the bank checks the fields (a refused form is
//! shown again with the messages, 400), then the application is `Submitted`
//! and the browser goes back with `outcome=submitted`. A page works once and
//! until it expires (then 410); it takes no credentials (the browser opens it).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::Path;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use http::{StatusCode, header};
use serde_json::{Value, json};

use super::page::{self, Values};
use crate::applications::store::ApplicationRecord;
use crate::applications::validate::{self, DISTRICTS};
use crate::applications::{self, ApplicationStatus};
use crate::dialects::BankRoute;
use crate::instance::BankState;

/// The page's path below the bank prefix.
const PATH: &str = applications::LANDING_PATH;

/// The absolute URL of the landing page of `id`.
pub(super) fn url(bank: &BankState, id: &str) -> String {
    crate::payments::routes::self_url(bank, &format!("{PATH}/{id}"))
}

/// The page's route (open: the browser brings no credentials).
pub(super) fn route(bank: &Arc<BankState>) -> BankRoute {
    let shown = bank.clone();
    let posted = bank.clone();
    BankRoute::open(
        format!("{PATH}/{{ApplicationId}}"),
        get(move |id: Result<Path<String>, PathRejection>| async move { show(&shown, id) }).post(
            move |id: Result<Path<String>, PathRejection>, body: Result<Bytes, BytesRejection>| async move {
                post(&posted, id, body)
            },
        ),
    )
}

fn html(status: StatusCode, body: String) -> Response {
    let mut resp = (status, Html(body)).into_response();
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        http::HeaderValue::from_static("no-store"),
    );
    resp
}

/// Why a page cannot be used: its status, title and message.
type Closed = (StatusCode, &'static str, &'static str);

const MISSING: Closed = (
    StatusCode::NOT_FOUND,
    "Page not found",
    "This application page does not exist.",
);
const USED: Closed = (
    StatusCode::GONE,
    "Page already used",
    "This application page was already used.",
);
const EXPIRED: Closed = (
    StatusCode::GONE,
    "Page expired",
    "This application page has expired.",
);

/// The error page of a closed page.
fn closed((status, title, message): Closed) -> Response {
    html(status, page::error_page(title, message))
}

/// The open page's record, or why it cannot be used.
fn open_page(
    bank: &BankState,
    id: Result<Path<String>, PathRejection>,
) -> Result<ApplicationRecord, Closed> {
    let Ok(Path(id)) = id else {
        return Err(MISSING);
    };
    let record = bank.applications.get(&id).ok_or(MISSING)?;
    let landing = record.landing.as_ref().ok_or(MISSING)?;
    if landing.used || record.status() != ApplicationStatus::AwaitingCustomer {
        return Err(USED);
    }
    if applications::bank_now(bank) > landing.expires_at {
        return Err(EXPIRED);
    }
    Ok(record)
}

fn show(bank: &BankState, id: Result<Path<String>, PathRejection>) -> Response {
    match open_page(bank, id) {
        Ok(record) => {
            let values = prefilled(record.taken.document.get("applicant"));
            html(StatusCode::OK, form(bank, &record, &values, &[]))
        }
        Err(c) => closed(c),
    }
}

fn form(
    bank: &BankState,
    record: &ApplicationRecord,
    values: &Values,
    errors: &[validate::FieldError],
) -> String {
    page::form(
        &url(bank, &record.taken.id),
        (&record.taken.product_type, &record.taken.product_code),
        values,
        errors,
    )
}

/// The form's values from a decrypted prefill (an applicant), if any.
fn prefilled(applicant: Option<&Value>) -> Values {
    let text = |p: &str| {
        applicant
            .and_then(|a| a.pointer(p))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Values {
        surname: text("/name/surname"),
        given_names: text("/name/givenNames"),
        id_type: text("/identityDocument/type"),
        id_number: text("/identityDocument/number"),
        issuing_country: text("/identityDocument/issuingCountry"),
        id_expiry: text("/identityDocument/expiryDate"),
        date_of_birth: text("/dateOfBirth"),
        nationality: Some(text("/nationality"))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "HK".to_owned()),
        mobile_number: text("/mobileNumber"),
        email: text("/email"),
        address_line1: text("/residentialAddress/lines/0"),
        address_line2: text("/residentialAddress/lines/1"),
        district: text("/residentialAddress/district"),
        marketing: false,
    }
}

/// The form's values as posted.
fn posted(body: &[u8]) -> (Values, String) {
    let mut v = Values::default();
    let mut action = String::new();
    for (k, value) in url::form_urlencoded::parse(body) {
        let value = value.trim().to_owned();
        match k.as_ref() {
            "surname" => v.surname = value,
            "givenNames" => v.given_names = value,
            "idType" => v.id_type = value,
            "idNumber" => v.id_number = value,
            "issuingCountry" => v.issuing_country = value,
            "idExpiry" => v.id_expiry = value,
            "dateOfBirth" => v.date_of_birth = value,
            "nationality" => v.nationality = value,
            "mobileNumber" => v.mobile_number = value,
            "email" => v.email = value,
            "addressLine1" => v.address_line1 = value,
            "addressLine2" => v.address_line2 = value,
            "district" => v.district = value,
            "marketing" => v.marketing = !value.is_empty(),
            "action" => action = value,
            _ => {}
        }
    }
    (v, action)
}

/// The applicant the form describes (empty fields left out).
fn applicant(v: &Values) -> Value {
    let mut a = json!({});
    let mut set = |pointer: &[&str], value: &str| {
        if value.is_empty() {
            return;
        }
        let mut at = &mut a;
        for (i, key) in pointer.iter().enumerate() {
            if i.saturating_add(1) == pointer.len() {
                at[*key] = json!(value);
            } else {
                if at.get(*key).is_none() {
                    at[*key] = json!({});
                }
                at = &mut at[*key];
            }
        }
    };
    set(&["name", "surname"], &v.surname);
    set(&["name", "givenNames"], &v.given_names);
    set(&["identityDocument", "type"], &v.id_type);
    set(&["identityDocument", "number"], &v.id_number);
    if v.id_type == "PASSPORT" {
        set(&["identityDocument", "issuingCountry"], &v.issuing_country);
        set(&["identityDocument", "expiryDate"], &v.id_expiry);
    }
    set(&["dateOfBirth"], &v.date_of_birth);
    set(&["nationality"], &v.nationality);
    set(&["mobileNumber"], &v.mobile_number);
    set(&["email"], &v.email);
    set(&["residentialAddress", "district"], &v.district);
    let region = DISTRICTS
        .iter()
        .find(|(d, _)| *d == v.district)
        .map_or("", |(_, r)| *r);
    set(&["residentialAddress", "region"], region);
    set(&["residentialAddress", "countryCode"], "HK");
    let lines: Vec<&str> = [v.address_line1.as_str(), v.address_line2.as_str()]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect();
    if !lines.is_empty() {
        a["residentialAddress"]["lines"] = json!(lines);
    }
    a
}

fn post(
    bank: &BankState,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let record = match open_page(bank, id) {
        Ok(r) => r,
        Err(c) => return closed(c),
    };
    let Some(landing) = record.landing.clone() else {
        return closed(MISSING);
    };
    let body = body.unwrap_or_default();
    let (values, action) = posted(&body);
    let id = record.taken.id.clone();
    let (document, outcome) = if action == "cancel" {
        (None, "cancelled")
    } else {
        let applicant = applicant(&values);
        let errors = validate::applicant(&applicant, "applicant");
        if !errors.is_empty() {
            return html(
                StatusCode::BAD_REQUEST,
                form(bank, &record, &values, &errors),
            );
        }
        let document = json!({
            "productType": record.taken.product_type,
            "productCode": record.taken.product_code,
            "applicant": applicant,
            "consents": { "personalDataCollection": true, "marketing": values.marketing },
        });
        (Some(document), "submitted")
    };
    if bank.applications.finish_landing(&id, document).is_err() {
        return closed(USED);
    }
    let location = url::Url::parse(&landing.return_url).map(|mut u| {
        u.query_pairs_mut()
            .append_pair("state", &landing.state)
            .append_pair("application_id", &id)
            .append_pair("outcome", outcome);
        u.to_string()
    });
    match location
        .ok()
        .and_then(|l| http::HeaderValue::from_str(&l).ok())
    {
        Some(l) => {
            let mut resp = StatusCode::SEE_OTHER.into_response();
            resp.headers_mut().insert(header::LOCATION, l);
            resp.headers_mut().insert(
                header::CACHE_CONTROL,
                http::HeaderValue::from_static("no-store"),
            );
            resp
        }
        None => html(
            StatusCode::OK,
            page::error_page("Done", "You may close this page."),
        ),
    }
}
