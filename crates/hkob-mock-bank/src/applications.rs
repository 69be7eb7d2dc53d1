//! Phase II, applications, the part every dialect shares: the bank's
//! encryption key and the decryption of what TSPs send it ([`jwe`]), the
//! bank's own validation of an application ([`validate`]), the store of
//! what it took ([`store`]) and how an application moves as it is read
//! ([`progress`]). The wires are in each dialect's folder
//! (`dialects/*/applications.rs`).
//!
//! Personal data stays in the store: nothing here logs a document.

mod identity;
pub(crate) mod jwe;
pub(crate) mod progress;
pub(crate) mod routes;
pub(crate) mod store;
pub(crate) mod validate;

use http::{HeaderMap, StatusCode};
use serde_json::Value;

pub use progress::{ApplicationOutcome, ApplicationProgress, ApplicationStatus, InformationKind};
pub use store::ReceivedApplication;

use crate::instance::BankState;
use crate::jws::verify_detached;
use crate::transfer::JWS_HEADER;
use store::{ApplicationRecord, INFORMATION_REQUEST_ID, Refused};
use validate::FieldError;

/// What went wrong with a Phase II request, before the dialect writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The body or a field is invalid (400, with field errors).
    Invalid,
    /// An encrypted part could not be decrypted (400).
    Undecryptable,
    /// The request signature is missing (400).
    SignatureMissing,
    /// The request signature does not verify (400).
    SignatureInvalid,
    /// The checksum is not the SHA-256 of the plaintext (400, BOCHK).
    Checksum,
    /// No such application or information request (404).
    NotFound,
    /// The application is not in a state for this (409).
    Conflict,
}

/// A refused Phase II request.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    /// What went wrong.
    pub kind: Kind,
    /// For people.
    pub message: String,
    /// The invalid fields (dotted paths in the dialect's terms).
    pub fields: Vec<FieldError>,
}

impl Problem {
    /// A problem of `kind`.
    pub(crate) fn new(kind: Kind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// An invalid request, with one field error.
    pub(crate) fn field(field: &str, message: &str) -> Self {
        Self::invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        }])
    }

    /// An invalid request with these field errors.
    pub(crate) fn invalid(fields: Vec<FieldError>) -> Self {
        Self {
            kind: Kind::Invalid,
            message: "The application is invalid; see the field errors.".to_owned(),
            fields,
        }
    }

    /// A JWE the bank could not decrypt, in the field `field`.
    pub(crate) fn undecryptable(field: &str) -> Self {
        Self {
            kind: Kind::Undecryptable,
            message: "The encrypted payload could not be decrypted with the bank's key.".to_owned(),
            fields: vec![FieldError {
                field: field.to_owned(),
                message: "could not be decrypted".to_owned(),
            }],
        }
    }

    /// The status of the answer.
    pub(crate) fn status(&self) -> StatusCode {
        match self.kind {
            Kind::Invalid
            | Kind::Undecryptable
            | Kind::SignatureMissing
            | Kind::SignatureInvalid
            | Kind::Checksum => StatusCode::BAD_REQUEST,
            Kind::NotFound => StatusCode::NOT_FOUND,
            Kind::Conflict => StatusCode::CONFLICT,
        }
    }

    /// The same field errors with every path prefixed (`Data.Prefill`).
    pub(crate) fn under(mut self, prefix: &str) -> Self {
        for f in &mut self.fields {
            f.field = validate::join(prefix, &f.field);
        }
        self
    }
}

impl Problem {
    /// The refusal of a store operation.
    pub(crate) fn from_store(refused: Refused, conflict: &str) -> Self {
        match refused {
            Refused::Unknown => Problem::new(Kind::NotFound, "No application with this id."),
            Refused::UnknownRequest => Problem::new(
                Kind::NotFound,
                "No open information request with this id on the application.",
            ),
            Refused::Conflict => Problem::new(Kind::Conflict, conflict),
        }
    }
}

/// The message of a refused answer to an information request.
pub(crate) const NOT_AWAITING: &str = "The application is not awaiting information.";
/// The message of a refused withdrawal.
pub(crate) const ALREADY_DECIDED: &str =
    "The application is decided and can no longer be withdrawn.";

/// Checks the detached JWS `signature` (the `x-jws-signature` header when
/// `None`) of `payload` with the key `client_id` lodged, as Phase IV does:
/// required when the client lodged a key.
pub(crate) fn verify_signature(
    bank: &BankState,
    client_id: &str,
    headers: &HeaderMap,
    signature: Option<&str>,
    payload: &[u8],
    what: &str,
) -> Result<(), Problem> {
    let Some(key) = bank.clients.get(client_id).and_then(|c| c.signing_key()) else {
        return Ok(());
    };
    let sig = signature
        .or_else(|| headers.get(JWS_HEADER).and_then(|v| v.to_str().ok()))
        .filter(|s| !s.is_empty());
    let Some(sig) = sig else {
        return Err(Problem::new(
            Kind::SignatureMissing,
            format!("{what} is required: the TSP lodged a signing key."),
        ));
    };
    verify_detached(sig, payload, key)
        .map(|_| ())
        .map_err(|e| Problem::new(Kind::SignatureInvalid, format!("Invalid {what}: {e}.")))
}

/// Decrypts `compact` (the member `field` of the body) with the bank's key.
pub(crate) fn decrypt(bank: &BankState, compact: &str, field: &str) -> Result<Vec<u8>, Problem> {
    bank.encryption_key
        .get(&bank.id)
        .ok_or_else(|| Problem::undecryptable(field))?
        .decrypt(compact)
        .map_err(|_| Problem::undecryptable(field))
}

/// [`decrypt`], read as JSON.
pub(crate) fn decrypt_json(bank: &BankState, compact: &str, field: &str) -> Result<Value, Problem> {
    let plain = decrypt(bank, compact, field)?;
    serde_json::from_slice(&plain).map_err(|_| Problem::field(field, "the plaintext is not JSON"))
}

/// The bank's encryption key as a JWK (`use: enc`), if it could be made.
pub(crate) fn encryption_jwk(bank: &BankState) -> Option<Value> {
    bank.encryption_key
        .get(&bank.id)
        .map(|k| k.public_jwk().clone())
}

/// The JWKS of the keys endpoint: the encryption key, then the bank's
/// answer-signing keys (`use: sig`) when `signing`.
pub(crate) fn jwks(bank: &BankState, signing: bool) -> Value {
    let mut keys: Vec<Value> = encryption_jwk(bank).into_iter().collect();
    if signing && let Some(auth) = bank.auth.get() {
        let set = auth.jwks();
        if let Some(sig) = set.get("keys").and_then(Value::as_array) {
            keys.extend(sig.iter().cloned());
        }
    }
    serde_json::json!({ "keys": keys })
}

/// The path segment of the HSBC landing pages (their forms carry personal
/// data in clear).
pub(crate) const LANDING_PATH: &str = "/applications/landing";

/// Whether a request to `path` carries personal data in clear, so that its
/// body is not kept in the request log.
pub(crate) fn holds_personal_data(path: &str) -> bool {
    path.contains(LANDING_PATH)
}

/// The bank's time in Unix seconds: its authorization server's clock (which
/// tests may advance), else the wall clock.
pub(crate) fn bank_now(bank: &BankState) -> i64 {
    bank.auth
        .get()
        .map_or_else(|| chrono::Utc::now().timestamp(), |a| a.now())
}

/// A new application id.
pub(crate) fn new_id() -> String {
    format!("app-{}", uuid::Uuid::new_v4())
}

/// Takes a validated application document from `client_id` (status
/// `Received`) and returns its record.
pub(crate) fn take(bank: &BankState, client_id: &str, document: Value) -> ApplicationRecord {
    let text = |k: &str| {
        document
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let taken = ReceivedApplication {
        id: new_id(),
        client_id: client_id.to_owned(),
        product_type: text("productType"),
        product_code: text("productCode"),
        status: ApplicationStatus::Received,
        answers: Vec::new(),
        document,
    };
    let record = ApplicationRecord::new(taken, bank.applications.progress(), None);
    bank.applications.insert(record.clone());
    record
}

/// The one information request of a record, while it waits for it.
pub(crate) struct InformationRequest {
    /// Its id.
    pub id: &'static str,
    /// What it asks for (`ADDRESS_PROOF`).
    pub kind: &'static str,
    /// In words.
    pub description: &'static str,
    /// The last day (two weeks after the application).
    pub due_date: String,
}

/// The open information request of `record`, if it waits for one.
pub(crate) fn information_request(record: &ApplicationRecord) -> Option<InformationRequest> {
    if record.status() != ApplicationStatus::InformationRequired {
        return None;
    }
    let kind = record.progress.information_request?;
    let today = chrono::Utc::now().date_naive();
    let due = today
        .checked_add_days(chrono::Days::new(14))
        .unwrap_or(today);
    Some(InformationRequest {
        id: INFORMATION_REQUEST_ID,
        kind: kind.as_str(),
        description: match kind {
            InformationKind::Document => "Please send a copy of your identity document.",
            InformationKind::IncomeProof => {
                "Please send a proof of income of the last three months."
            }
            InformationKind::AddressProof => {
                "Please send a proof of address issued within the last three months."
            }
            InformationKind::Employment => "Please tell us about your employment.",
            InformationKind::Other => "Please contact us with more information.",
        },
        due_date: due.format("%Y-%m-%d").to_string(),
    })
}

/// The decision of a decided record: when, why, and for an approval the
/// amount of the product (the amount asked for), as (amount, currency).
pub(crate) struct Decision {
    /// When the bank decided.
    pub decided_at: String,
    /// In words.
    pub reason: &'static str,
    /// The approved amount and its currency.
    pub approved_amount: Option<(String, String)>,
}

/// The decision of `record`, once decided.
pub(crate) fn decision(record: &ApplicationRecord) -> Option<Decision> {
    let status = record.status();
    if !status.is_decided() {
        return None;
    }
    let approved = status == ApplicationStatus::Approved;
    let amount = approved
        .then(|| approved_amount(&record.taken.document))
        .flatten();
    Some(Decision {
        decided_at: record
            .decided_at
            .clone()
            .unwrap_or_else(|| record.updated.clone()),
        reason: if approved {
            "Approved by the bank."
        } else {
            "The application does not meet the bank's criteria."
        },
        approved_amount: amount,
    })
}

/// The amount of an application's product, when it has one.
fn approved_amount(doc: &Value) -> Option<(String, String)> {
    let details = doc.get("details")?;
    let money = [
        "/timeDeposit/principal",
        "/creditCard/requestedLimit",
        "/mortgage/loanAmount",
        "/unsecuredLoan/loanAmount",
        "/securedLoan/loanAmount",
        "/generalInsurance/sumInsured",
        "/lifeInsurance/sumAssured",
    ]
    .iter()
    .find_map(|p| details.pointer(p))?;
    Some((
        money.get("amount")?.as_str()?.to_owned(),
        money.get("currency")?.as_str()?.to_owned(),
    ))
}

/// The body as idempotency compares it: every JWE in it replaced by its plaintext, and the
/// BOCHK `digest` (a fresh signature each time) left out. A JWE is encrypted afresh on every
/// send, so a resend of the same application carries other bytes; the bank compares what was
/// sealed. `None` when the body holds no JWE this bank can open.
pub(crate) fn stable_body(bank: &BankState, body: &[u8]) -> Option<Vec<u8>> {
    fn open(bank: &BankState, value: &mut Value, opened: &mut bool) {
        match value {
            Value::String(s) if s.split('.').count() == 5 => {
                if let Ok(Ok(plain)) = decrypt(bank, s, "").map(String::from_utf8) {
                    *s = plain;
                    *opened = true;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| open(bank, v, opened)),
            Value::Object(map) => map.values_mut().for_each(|v| open(bank, v, opened)),
            _ => {}
        }
    }
    let mut value: Value = serde_json::from_slice(body).ok()?;
    let mut opened = false;
    open(bank, &mut value, &mut opened);
    if !opened {
        return None;
    }
    if let Value::Object(map) = &mut value {
        map.remove("digest");
    }
    serde_json::to_vec(&value).ok()
}
