//! `multipart/form-data` bodies: named parts of text, JSON or files (a document upload).

use std::fmt;
use std::fmt::Write as _;

use bytes::{BufMut, Bytes, BytesMut};
use serde::Serialize;

/// A file to upload as one part of a `multipart/form-data` body.
///
/// Its `Debug` shows the content type and the size only: a file sent to a bank is often a
/// customer's document (an identity card, a proof of address), and its name can say whose.
///
/// ```
/// use hkob_core::FileUpload;
///
/// let scan = FileUpload::new("address-proof.pdf", "application/pdf", b"%PDF-1.7".to_vec());
/// assert_eq!(format!("{scan:?}"), "FileUpload { content_type: \"application/pdf\", bytes: 8 }");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FileUpload {
    file_name: String,
    content_type: String,
    data: Bytes,
}

impl FileUpload {
    /// A file named `file_name` (the name the bank sees), of media type `content_type`
    /// (`image/jpeg`, `application/pdf`), holding `data`.
    pub fn new(
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: content_type.into(),
            data: data.into(),
        }
    }

    /// The file's name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The file's media type.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The file's content.
    pub fn data(&self) -> &Bytes {
        &self.data
    }
}

impl fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileUpload")
            .field("content_type", &self.content_type)
            .field("bytes", &self.data.len())
            .finish()
    }
}

/// The parts of a `multipart/form-data` body, in order; sent with
/// [`ApiRequest::multipart`](crate::ApiRequest::multipart).
///
/// A part is text (a scalar written as it would be in a form), JSON (an object or a list, sent
/// as `application/json`), or a [`FileUpload`]. A value that cannot be written fails the request
/// when it is sent, before anything goes on the wire.
///
/// ```
/// use hkob_core::{FileUpload, Multipart};
///
/// let body = Multipart::new()
///     .value("documentType", &"PROOF_OF_ADDRESS")
///     .file("file", FileUpload::new("bill.pdf", "application/pdf", b"%PDF".to_vec()));
/// assert_eq!(body.names().collect::<Vec<_>>(), ["documentType", "file"]);
/// ```
#[derive(Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    invalid: Option<String>,
}

#[derive(Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

impl Multipart {
    /// A body with no parts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text part.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file_name: None,
            content_type: None,
            data: Bytes::from(value.into()),
        });
        self
    }

    /// Adds a part holding `value`: a string, number or boolean as text (`"SAVINGS"` as
    /// `SAVINGS`, a decimal as its digits); an object or a list as JSON, with
    /// `Content-Type: application/json`. A `null` adds nothing.
    pub fn value<T: Serialize + ?Sized>(mut self, name: impl Into<String>, value: &T) -> Self {
        let name = name.into();
        let (content_type, data) = match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => return self,
            Ok(serde_json::Value::String(s)) => (None, s.into_bytes()),
            Ok(serde_json::Value::Bool(b)) => (None, b.to_string().into_bytes()),
            Ok(serde_json::Value::Number(n)) => (None, n.to_string().into_bytes()),
            Ok(other) => (
                Some("application/json".to_owned()),
                other.to_string().into_bytes(),
            ),
            Err(e) => {
                self.invalid
                    .get_or_insert(format!("the part `{name}` cannot be written: {e}"));
                return self;
            }
        };
        self.parts.push(Part {
            name,
            file_name: None,
            content_type,
            data: Bytes::from(data),
        });
        self
    }

    /// Adds a file part.
    pub fn file(mut self, name: impl Into<String>, file: FileUpload) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file_name: Some(file.file_name),
            content_type: Some(file.content_type),
            data: file.data,
        });
        self
    }

    /// The names of the parts, in order (a name repeats for each element of a list).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|p| p.name.as_str())
    }

    /// The body's bytes and its `Content-Type` header value, or why it cannot be written.
    pub(crate) fn encode(&self) -> Result<(String, Bytes), String> {
        if let Some(problem) = &self.invalid {
            return Err(problem.clone());
        }
        for part in &self.parts {
            if part.name.is_empty() {
                return Err("a part has an empty name".to_owned());
            }
            if let Some(ct) = &part.content_type
                && (ct.is_empty() || ct.bytes().any(|b| b.is_ascii_control()))
            {
                return Err(format!(
                    "the part `{}` has an invalid content type",
                    part.name
                ));
            }
        }
        let boundary = self.boundary();
        let size = self
            .parts
            .iter()
            .map(|p| p.data.len().saturating_add(160))
            .fold(64_usize, usize::saturating_add);
        let mut out = BytesMut::with_capacity(size);
        for part in &self.parts {
            let mut head = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
                quoted(&part.name)
            );
            if let Some(file_name) = &part.file_name {
                let _ = write!(head, "; filename=\"{}\"", quoted(file_name));
            }
            head.push_str("\r\n");
            if let Some(ct) = &part.content_type {
                let _ = write!(head, "Content-Type: {ct}\r\n");
            }
            head.push_str("\r\n");
            out.put_slice(head.as_bytes());
            out.put_slice(&part.data);
            out.put_slice(b"\r\n");
        }
        out.put_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok((
            format!("multipart/form-data; boundary={boundary}"),
            out.freeze(),
        ))
    }

    /// A boundary that occurs in no part.
    fn boundary(&self) -> String {
        loop {
            let boundary = format!("hkob-{}", uuid::Uuid::new_v4().simple());
            let clash = self
                .parts
                .iter()
                .any(|p| contains(&p.data, boundary.as_bytes()));
            if !clash {
                return boundary;
            }
        }
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart")
            .field("parts", &self.names().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// A name or file name inside the quotes of a `Content-Disposition` header: `"`, CR and LF
/// percent-encoded, as browsers write them.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_written_in_order_with_their_headers() {
        let body = Multipart::new()
            .value("documentType", &"IDENTITY")
            .value("pages", &2)
            .value("meta", &serde_json::json!({"a": 1}))
            .value("absent", &Option::<String>::None)
            .file(
                "file",
                FileUpload::new("id \"card\".jpg", "image/jpeg", vec![0xff, 0xd8, 0x00]),
            );
        let (content_type, bytes) = body.encode().expect("encodes");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("boundary");
        let mut expected = Vec::new();
        expected.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"documentType\"\r\n\r\nIDENTITY\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"pages\"\r\n\r\n2\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"a\":1}}\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"id %22card%22.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        expected.extend_from_slice(&[0xff, 0xd8, 0x00]);
        expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        assert_eq!(bytes.as_ref(), expected.as_slice());
    }

    #[test]
    fn bad_parts_are_refused() {
        assert!(Multipart::new().text("", "x").encode().is_err());
        let bad_type = Multipart::new().file("f", FileUpload::new("a", "text/plain\r\nX: y", "z"));
        assert!(bad_type.encode().is_err());
        let mut failing = std::collections::BTreeMap::new();
        failing.insert(vec![1_u8], 1);
        let unwritable = Multipart::new().value("m", &failing);
        assert!(unwritable.encode().unwrap_err().contains("`m`"));
    }

    #[test]
    fn debug_shows_no_content() {
        let body = Multipart::new().text("hkid", "A1234563").file(
            "scan",
            FileUpload::new("chan-tai-man.jpg", "image/jpeg", "secret"),
        );
        let shown = format!("{body:?}");
        assert!(
            !shown.contains("A1234563") && !shown.contains("chan") && !shown.contains("secret")
        );
        assert!(shown.contains("hkid") && shown.contains("scan"));
    }
}
