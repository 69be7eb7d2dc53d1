//! Recognising the error envelopes that banks and peer APIs send.

use serde_json::Value;

use super::FieldError;

/// Which error envelope a bank's answer used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnvelopeKind {
    /// The HKMA public API: `{"header": {"success", "err_code", "err_msg"}}`.
    Hkma,
    /// IBM API Connect gateways (JETCO APIX): `{"httpCode", "httpMessage", "moreInformation"}`.
    IbmApiConnect,
    /// UK Open Banking: `{"Code", "Message", "Errors": [{"ErrorCode", "Message", "Path"}]}`.
    UkOpenBanking,
    /// Australia CDR and Brazil Open Finance: `{"errors": [{"code", "title", "detail"}]}`.
    ErrorsArray,
    /// RFC 7807 problem details: `{"type", "title", "status", "detail"}`.
    ProblemDetails,
    /// An OAuth 2.0 error: `{"error", "error_description"}`.
    OAuth,
    /// A bare message object such as `{"ErrorMsg": "..."}` or `{"message": "..."}`.
    Message,
    /// No envelope was recognised; only the raw body is kept.
    Unrecognised,
}

/// What an envelope says: a code, a message and field-level errors.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub code: Option<String>,
    pub message: Option<String>,
    pub fields: Vec<FieldError>,
}

/// Reads the envelope of an error body, if it has one we know.
pub(crate) fn parse(body: &[u8]) -> (EnvelopeKind, Parsed) {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return (EnvelopeKind::Unrecognised, Parsed::default());
    };
    let text = |v: Option<&Value>| -> Option<String> {
        match v? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };

    if let Some(Value::Object(header)) = map.get("header")
        && (header.contains_key("err_code") || header.contains_key("success"))
    {
        return (
            EnvelopeKind::Hkma,
            Parsed {
                code: text(header.get("err_code")),
                message: text(header.get("err_msg")),
                fields: Vec::new(),
            },
        );
    }
    // `errors: [{"field", "message"}]` beside a gateway or bare-message envelope (the field
    // errors of Phase II validation answers).
    let field_list = || -> Vec<FieldError> {
        match map.get("errors") {
            Some(Value::Array(errors)) => errors
                .iter()
                .filter(|e| e.get("field").is_some())
                .map(|e| FieldError {
                    code: text(e.get("code")),
                    message: text(e.get("message")),
                    path: text(e.get("field")),
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    if map.contains_key("httpCode") || map.contains_key("moreInformation") {
        return (
            EnvelopeKind::IbmApiConnect,
            Parsed {
                code: text(map.get("httpCode")),
                message: text(map.get("moreInformation")).or_else(|| text(map.get("httpMessage"))),
                fields: field_list(),
            },
        );
    }
    if let Some(message) = text(map.get("ErrorMsg")) {
        return (
            EnvelopeKind::Message,
            Parsed {
                code: ["ErrorCode", "errorCode", "code"]
                    .iter()
                    .find_map(|k| text(map.get(*k))),
                message: Some(message),
                fields: field_list(),
            },
        );
    }
    if let Some(Value::Array(errors)) = map.get("Errors") {
        let fields = errors
            .iter()
            .map(|e| FieldError {
                code: text(e.get("ErrorCode")),
                message: text(e.get("Message")),
                path: text(e.get("Path")),
            })
            .collect();
        return (
            EnvelopeKind::UkOpenBanking,
            Parsed {
                code: text(map.get("Code")),
                message: text(map.get("Message")),
                fields,
            },
        );
    }
    if let Some(Value::Array(errors)) = map.get("errors") {
        let fields: Vec<FieldError> = errors
            .iter()
            .map(|e| FieldError {
                code: text(e.get("code")),
                message: text(e.get("detail")).or_else(|| text(e.get("title"))),
                path: text(e.get("meta").and_then(|m| m.get("path")))
                    .or_else(|| text(e.get("source").and_then(|s| s.get("pointer")))),
            })
            .collect();
        let first = errors.first();
        return (
            EnvelopeKind::ErrorsArray,
            Parsed {
                code: first.and_then(|e| text(e.get("code"))),
                message: first.and_then(|e| text(e.get("title")).or_else(|| text(e.get("detail")))),
                fields,
            },
        );
    }
    if map.contains_key("error") && !map.contains_key("title") {
        return (
            EnvelopeKind::OAuth,
            Parsed {
                code: text(map.get("error")),
                message: text(map.get("error_description")),
                fields: Vec::new(),
            },
        );
    }
    if map.contains_key("title") && (map.contains_key("type") || map.contains_key("status")) {
        let fields = match map
            .get("invalid-params")
            .or_else(|| map.get("invalid_params"))
        {
            Some(Value::Array(params)) => params
                .iter()
                .map(|p| FieldError {
                    code: None,
                    message: text(p.get("reason")),
                    path: text(p.get("name")),
                })
                .collect(),
            _ => Vec::new(),
        };
        return (
            EnvelopeKind::ProblemDetails,
            Parsed {
                code: text(map.get("type")),
                message: text(map.get("detail")).or_else(|| text(map.get("title"))),
                fields,
            },
        );
    }
    for key in [
        "ErrorMsg",
        "errorMessage",
        "error_message",
        "message",
        "Message",
    ] {
        if let Some(message) = text(map.get(key)) {
            let code = ["ErrorCode", "errorCode", "error_code", "code", "Code"]
                .iter()
                .find_map(|k| text(map.get(*k)));
            return (
                EnvelopeKind::Message,
                Parsed {
                    code,
                    message: Some(message),
                    fields: Vec::new(),
                },
            );
        }
    }
    (EnvelopeKind::Unrecognised, Parsed::default())
}
