//! Detached JWS over the request body (`x-jws-signature`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::{HeaderName, HeaderValue};
use serde_json::json;

use super::{RequestSigner, SigningInput, SigningKey};
use crate::error::{Error, InvalidRequest};
use crate::headers::JWS_SIGNATURE;

/// Signs the body as a detached JWS with an unencoded payload (RFC 7797,
/// `b64: false`), as UK Open Banking does: the header carries
/// `<protected header>..<signature>`, the body travels as it is.
#[derive(Debug, Clone)]
pub struct DetachedJws {
    key: SigningKey,
    header: HeaderName,
}

impl DetachedJws {
    /// Signs with `key` into `x-jws-signature`.
    pub fn new(key: SigningKey) -> Self {
        Self {
            key,
            header: HeaderName::from_static(JWS_SIGNATURE),
        }
    }

    /// Puts the signature in another header.
    pub fn header_name(mut self, name: HeaderName) -> Self {
        self.header = name;
        self
    }

    /// The detached signature of `payload`.
    pub fn signature(&self, payload: &[u8]) -> Result<String, InvalidRequest> {
        let mut header = json!({
            "alg": self.key.algorithm().name(),
            "typ": "JOSE",
            "b64": false,
            "crit": ["b64"],
            "iat": chrono::Utc::now().timestamp(),
        });
        if let Some(kid) = self.key.key_id() {
            header["kid"] = json!(kid);
        }
        let protected = URL_SAFE_NO_PAD.encode(header.to_string());
        let mut message = Vec::with_capacity(
            protected
                .len()
                .saturating_add(1)
                .saturating_add(payload.len()),
        );
        message.extend_from_slice(protected.as_bytes());
        message.push(b'.');
        message.extend_from_slice(payload);
        let signature = self
            .key
            .sign(&message)
            .map_err(|e| InvalidRequest::new(format!("cannot sign the request: {e}")))?;
        Ok(format!("{protected}..{signature}"))
    }
}

impl RequestSigner for DetachedJws {
    fn sign(&self, input: SigningInput<'_>) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
        let signature = self.signature(input.body)?;
        let value = HeaderValue::try_from(signature)
            .map_err(|_| Error::invalid("the signature is not a valid header value"))?;
        Ok(vec![(self.header.clone(), value)])
    }
}
