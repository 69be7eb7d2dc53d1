//! A request as plain data.

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, Method};
use serde::Serialize;

use crate::error::InvalidRequest;
use crate::idempotency::IdempotencyKey;

/// One call to a bank, as data: method, path, query, headers, body and the
/// promises the call needs kept (idempotency, signature).
///
/// Builder methods never fail: a bad header or an unserialisable body is
/// remembered and reported as [`Error::InvalidRequest`](crate::Error) when the
/// request is sent, before anything goes on the wire.
///
/// ```
/// use hkob_core::{ApiRequest, Method};
///
/// let request = ApiRequest::new(Method::GET, "/deposits/v1/savings/{product}")
///     .operation("getSavingsProduct")
///     .path_param("product", "GOLD SAVER")
///     .query("pageSize", 50)
///     .header("Accept-Language", "EN");
/// assert_eq!(request.path(), "/deposits/v1/savings/GOLD%20SAVER");
/// ```
#[derive(Clone)]
pub struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) template: Cow<'static, str>,
    pub(crate) path: String,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
    pub(crate) idempotency: Idempotency,
    pub(crate) signed: bool,
    pub(crate) sign_if_configured: bool,
    pub(crate) safe_read: bool,
    pub(crate) operation: Option<Cow<'static, str>>,
    pub(crate) absolute_url: Option<url::Url>,
    pub(crate) invalid: Option<InvalidRequest>,
}

/// Whether a request needs an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// The request is not idempotent by key.
    None,
    /// A key is needed: the caller's, or a fresh one minted per call.
    Required(Option<IdempotencyKey>),
}

impl ApiRequest {
    /// A request for `path_template`, relative to the client's base URL.
    /// `{name}` placeholders are filled by [`path_param`](Self::path_param).
    pub fn new(method: Method, path_template: impl Into<Cow<'static, str>>) -> Self {
        let template = path_template.into();
        Self {
            method,
            path: template.to_string(),
            template,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            idempotency: Idempotency::None,
            signed: false,
            sign_if_configured: false,
            safe_read: false,
            operation: None,
            absolute_url: None,
            invalid: None,
        }
    }

    /// A `GET` request.
    pub fn get(path_template: impl Into<Cow<'static, str>>) -> Self {
        Self::new(Method::GET, path_template)
    }

    /// A `POST` request.
    pub fn post(path_template: impl Into<Cow<'static, str>>) -> Self {
        Self::new(Method::POST, path_template)
    }

    /// Names the operation (its `operationId`) for tracing.
    pub fn operation(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.operation = Some(name.into());
        self
    }

    /// Fills the `{name}` placeholder with `value`, percent-encoded as one path segment.
    pub fn path_param(mut self, name: &str, value: impl Display) -> Self {
        let value = value.to_string();
        let placeholder = format!("{{{name}}}");
        if value.is_empty() {
            self.fail(format!("path parameter `{name}` is empty"));
        } else if !self.path.contains(&placeholder) {
            self.fail(format!("the path has no parameter `{name}`"));
        } else {
            self.path = self.path.replace(&placeholder, &encode_segment(&value));
        }
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: impl Into<Cow<'static, str>>, value: impl Display) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Adds a query parameter when `value` is `Some`.
    pub fn query_opt(
        self,
        name: impl Into<Cow<'static, str>>,
        value: Option<impl Display>,
    ) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    /// Sets a query parameter, replacing any earlier value of it.
    pub fn set_query(mut self, name: &str, value: impl Display) -> Self {
        self.query.retain(|(n, _)| n != name);
        self.query
            .push((Cow::Owned(name.to_owned()), value.to_string()));
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Display) -> Self {
        let name = match HeaderName::try_from(name) {
            Ok(n) => n,
            Err(_) => {
                self.fail(format!("`{name}` is not a valid header name"));
                return self;
            }
        };
        match HeaderValue::try_from(value.to_string()) {
            Ok(v) => {
                self.headers.append(name, v);
            }
            Err(_) => self.fail(format!("the value of header `{name}` is not valid")),
        }
        self
    }

    /// Adds a header when `value` is `Some`.
    pub fn header_opt(self, name: &str, value: Option<impl Display>) -> Self {
        match value {
            Some(v) => self.header(name, v),
            None => self,
        }
    }

    /// Sets a JSON body (and `Content-Type: application/json`).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                self.body = Some(Bytes::from(bytes));
            }
            Err(e) => self.fail(format!("the body cannot be serialised: {e}")),
        }
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body from a struct of scalar fields: each
    /// field is one `name=value` pair (an array, one pair per element; `null` and absent fields
    /// are left out), in the order of the names, so the body is the same in every build. A field that is an object, or an array of them, cannot be written as a
    /// form: the request fails with `InvalidRequest` when sent.
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match form_pairs(body) {
            Ok(pairs) => {
                let mut encoded = url::form_urlencoded::Serializer::new(String::new());
                for (name, value) in &pairs {
                    encoded.append_pair(name, value);
                }
                self.headers.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                );
                self.body = Some(Bytes::from(encoded.finish()));
            }
            Err(message) => self.fail(format!("the form body cannot be written: {message}")),
        }
        self
    }

    /// Sets a `multipart/form-data` body (a document upload). Every name in `required` must be
    /// one of its parts; a missing one, or a part that cannot be written, fails the request with
    /// `InvalidRequest` when it is sent.
    pub fn multipart(mut self, body: &crate::Multipart, required: &[&str]) -> Self {
        if let Some(missing) = required.iter().find(|r| !body.names().any(|n| n == **r)) {
            self.fail(format!(
                "the multipart body has no `{missing}` part, which is required"
            ));
            return self;
        }
        match body.encode() {
            Ok((content_type, bytes)) => match HeaderValue::from_str(&content_type) {
                Ok(value) => {
                    self.headers.insert(CONTENT_TYPE, value);
                    self.body = Some(bytes);
                }
                Err(e) => self.fail(format!("the multipart content type is invalid: {e}")),
            },
            Err(problem) => self.fail(format!("the multipart body cannot be written: {problem}")),
        }
        self
    }

    /// Sets a raw body with its content type.
    pub fn body(mut self, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = Some(body.into());
        self
    }

    /// Marks the request as needing an idempotency key: one is minted per
    /// call (UUID v4) and sent unchanged on every retry.
    pub fn idempotent(mut self) -> Self {
        if self.idempotency == Idempotency::None {
            self.idempotency = Idempotency::Required(None);
        }
        self
    }

    /// Uses the caller's idempotency key (to repeat a call safely across
    /// process restarts).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        match IdempotencyKey::new(key) {
            Ok(key) => self.idempotency = Idempotency::Required(Some(key)),
            Err(e) => self.fail(e.message().to_owned()),
        }
        self
    }

    /// Marks the request as a read that changes nothing at the bank, whatever its method (a list
    /// that a bank serves as `POST`): it is retried like a `GET`, without an idempotency key.
    pub fn safe_read(mut self) -> Self {
        self.safe_read = true;
        self
    }

    /// Marks the request as needing a signature from the client's signer.
    pub fn signed(mut self) -> Self {
        self.signed = true;
        self
    }

    /// Marks the request as signed when the client has a signer, and sent as it is otherwise
    /// (for banks that require signatures only of the TSPs that lodged a key).
    pub fn signed_if_configured(mut self) -> Self {
        self.sign_if_configured = true;
        self
    }

    /// Sends the request to this absolute URL instead of base URL + path
    /// (used to follow `links.next`). The client refuses a URL on another origin.
    pub fn absolute_url(mut self, url: url::Url) -> Self {
        self.absolute_url = Some(url);
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path template, such as `/accounts/{accountId}`.
    pub fn path_template(&self) -> &str {
        &self.template
    }

    /// The path with its parameters filled in.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters, in order.
    pub fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query.iter().map(|(k, v)| (k.as_ref(), v.as_str()))
    }

    /// The headers set on the request (credentials are added when it is sent).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body, if any.
    pub fn body_bytes(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// Whether the request may be sent more than once: an idempotent method, a
    /// [safe read](Self::safe_read), or a request that carries an idempotency key.
    pub fn is_retry_safe(&self) -> bool {
        self.method.is_idempotent()
            || self.safe_read
            || matches!(self.idempotency, Idempotency::Required(_))
    }

    /// Whether the request needs a signature.
    pub fn is_signed(&self) -> bool {
        self.signed
    }

    /// Checks the request for deferred errors and unfilled placeholders.
    pub(crate) fn validate(&self) -> Result<(), InvalidRequest> {
        if let Some(e) = &self.invalid {
            return Err(e.clone());
        }
        if self.absolute_url.is_none()
            && let Some(start) = self.path.find('{')
        {
            let name: String = self.path[start..]
                .chars()
                .skip(1)
                .take_while(|c| *c != '}')
                .collect();
            return Err(InvalidRequest::new(format!(
                "path parameter `{name}` is not set"
            )));
        }
        Ok(())
    }

    fn fail(&mut self, message: String) {
        if self.invalid.is_none() {
            self.invalid = Some(InvalidRequest::new(message));
        }
    }
}

impl fmt::Debug for ApiRequest {
    /// Shows the method, template and query; header values and the body are
    /// left out, since they may hold personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("operation", &self.operation)
            .field("query", &self.query)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("idempotency", &self.idempotency)
            .field("signed", &self.signed)
            .field("sign_if_configured", &self.sign_if_configured)
            .finish()
    }
}

/// Percent-encodes `value` as one path segment (RFC 3986 unreserved characters pass).
fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The `name=value` pairs of a form body, sorted by name (the elements of an array in order).
fn form_pairs<T: Serialize + ?Sized>(
    body: &T,
) -> std::result::Result<Vec<(String, String)>, String> {
    let value = serde_json::to_value(body).map_err(|e| e.to_string())?;
    let serde_json::Value::Object(fields) = value else {
        return Err("it is not an object".to_owned());
    };
    let mut pairs = Vec::new();
    for (name, value) in fields {
        let values = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        for item in values {
            let text = match item {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s,
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                    return Err(format!("`{name}` is not a scalar or a list of scalars"));
                }
            };
            pairs.push((name.clone(), text));
        }
    }
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_params_are_encoded_and_checked() {
        let r = ApiRequest::get("/a/{id}/b").path_param("id", "x/y z");
        assert_eq!(r.path(), "/a/x%2Fy%20z/b");
        assert!(r.validate().is_ok());
        assert!(ApiRequest::get("/a/{id}").validate().is_err());
        assert!(
            ApiRequest::get("/a/{id}")
                .path_param("id", "")
                .validate()
                .is_err()
        );
        assert!(
            ApiRequest::get("/a")
                .path_param("id", "1")
                .validate()
                .is_err()
        );
    }

    #[test]
    fn multipart_bodies_need_their_required_parts() {
        let body = crate::Multipart::new().text("note", "hi");
        let r = ApiRequest::post("/d").multipart(&body, &["note"]);
        assert!(r.validate().is_ok());
        let ct = r.headers.get(CONTENT_TYPE).expect("content type");
        assert!(
            ct.to_str()
                .expect("ascii")
                .starts_with("multipart/form-data; boundary=")
        );
        let r = ApiRequest::post("/d").multipart(&body, &["note", "file"]);
        assert!(r.validate().unwrap_err().message().contains("`file`"));
        assert!(r.body.is_none());
    }

    #[test]
    fn bad_headers_are_deferred_errors() {
        let r = ApiRequest::get("/").header("bad name", "v");
        assert!(r.validate().unwrap_err().message().contains("bad name"));
        let r = ApiRequest::get("/").header("x-ok", "line\nbreak");
        assert!(r.validate().is_err());
    }

    #[test]
    fn retry_safety() {
        assert!(ApiRequest::get("/").is_retry_safe());
        assert!(!ApiRequest::post("/").is_retry_safe());
        assert!(ApiRequest::post("/").idempotent().is_retry_safe());
        assert!(ApiRequest::post("/").safe_read().is_retry_safe());
        assert!(ApiRequest::post("/").idempotency_key("k-1").is_retry_safe());
        assert!(
            ApiRequest::post("/")
                .idempotency_key("")
                .validate()
                .is_err()
        );
    }

    #[test]
    fn set_query_replaces() {
        let r = ApiRequest::get("/")
            .query("a", 1)
            .query("b", 2)
            .set_query("a", 3);
        let pairs: Vec<_> = r.query_pairs().collect();
        assert_eq!(pairs, vec![("b", "2"), ("a", "3")]);
    }

    #[test]
    fn a_form_body_has_one_pair_per_scalar_and_refuses_objects() {
        #[derive(serde::Serialize)]
        struct Form {
            grant_type: &'static str,
            scope: Vec<&'static str>,
            amount: f64,
            note: Option<&'static str>,
        }
        let request = ApiRequest::post("/token").form(&Form {
            grant_type: "client_credentials",
            scope: vec!["accounts", "fx rates"],
            amount: 12.5,
            note: None,
        });
        assert_eq!(
            request.body_bytes().map(|b| b.as_ref()),
            Some(&b"amount=12.5&grant_type=client_credentials&scope=accounts&scope=fx+rates"[..])
        );
        assert_eq!(
            request.headers().get(CONTENT_TYPE).map(|v| v.as_bytes()),
            Some(&b"application/x-www-form-urlencoded"[..])
        );
        let nested = ApiRequest::post("/x").form(&serde_json::json!({"a": {"b": 1}}));
        assert!(nested.body_bytes().is_none());
        assert!(format!("{:?}", nested.invalid).contains("`a`"));
    }
}
