//! An answer to a bank's request for more information.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;

/// The applicant's answer to one [`InformationRequest`](crate::InformationRequest): text, a
/// document, or both. It is personal data: it is always sent encrypted to the bank's key, and
/// `Debug` shows only the request id and the document's media type and size.
#[derive(Clone, PartialEq, Eq)]
pub struct InformationAnswer {
    request_id: String,
    text: Option<String>,
    document: Option<Document>,
}

#[derive(Clone, PartialEq, Eq)]
struct Document {
    file_name: String,
    media_type: String,
    content: Vec<u8>,
}

impl InformationAnswer {
    /// An answer to request `request_id` in words.
    pub fn text(request_id: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            request_id: request_id.into(),
            text: Some(text.into()),
            document: None,
        }
    }

    /// An answer to request `request_id` with a document (a PDF or an image, say).
    pub fn document(
        request_id: impl Into<String>,
        file_name: impl Into<String>,
        media_type: impl Into<String>,
        content: impl Into<Vec<u8>>,
    ) -> Self {
        Self {
            request_id: request_id.into(),
            text: None,
            document: Some(Document {
                file_name: file_name.into(),
                media_type: media_type.into(),
                content: content.into(),
            }),
        }
    }

    /// Adds a document to a text answer.
    pub fn with_document(
        mut self,
        file_name: impl Into<String>,
        media_type: impl Into<String>,
        content: impl Into<Vec<u8>>,
    ) -> Self {
        self.document = Some(Document {
            file_name: file_name.into(),
            media_type: media_type.into(),
            content: content.into(),
        });
        self
    }

    /// The id of the request answered.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The answer's JSON as the bank decrypts it: `{requestId, text?, document?}` (with
    /// `applicationId` first where the dialect wants it inside).
    pub(crate) fn plaintext(&self, application_id: Option<&str>) -> serde_json::Value {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            application_id: Option<&'a str>,
            request_id: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            text: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            document: Option<WireDocument<'a>>,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct WireDocument<'a> {
            file_name: &'a str,
            media_type: &'a str,
            content: String,
        }
        let wire = Wire {
            application_id,
            request_id: &self.request_id,
            text: self.text.as_deref(),
            document: self.document.as_ref().map(|d| WireDocument {
                file_name: &d.file_name,
                media_type: &d.media_type,
                content: STANDARD.encode(&d.content),
            }),
        };
        serde_json::to_value(wire).unwrap_or_default()
    }

    /// Checks what can be checked before sending; the message names the rule.
    pub(crate) fn check(&self) -> Result<(), &'static str> {
        let blank = |s: &str| s.trim().is_empty();
        if blank(&self.request_id) {
            return Err("the request id is empty");
        }
        match (&self.text, &self.document) {
            (None, None) => Err("an answer needs text or a document"),
            (Some(text), _) if blank(text) => Err("the answer's text is empty"),
            (Some(text), _) if text.chars().count() > 2000 => {
                Err("the answer's text is longer than 2000 characters")
            }
            (_, Some(doc)) if blank(&doc.file_name) || blank(&doc.media_type) => {
                Err("a document needs a file name and a media type")
            }
            (_, Some(doc)) if doc.content.is_empty() => Err("the document is empty"),
            _ => Ok(()),
        }
    }
}

impl fmt::Debug for InformationAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("InformationAnswer");
        s.field("request_id", &self.request_id)
            .field("text", &self.text.as_ref().map(|_| "[redacted]"));
        if let Some(doc) = &self.document {
            s.field("document_type", &doc.media_type)
                .field("document_bytes", &doc.content.len());
        }
        s.finish()
    }
}
