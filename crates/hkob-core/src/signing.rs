//! Request signing: a hook in the pipeline, and detached JWS.
//!
//! Banks that want non-repudiation ask for a signature of each payment
//! request body, and sign their answers ([`ResponseVerifier`] checks those).
//! The client calls its [`RequestSigner`] on every attempt of a request
//! marked [`signed`](crate::ApiRequest::signed), after the credentials are
//! set and right before the request is sent.

mod detached_jws;
mod key;
mod response;

use std::fmt::Debug;

use http::{HeaderMap, HeaderName, HeaderValue, Method};

use crate::error::Error;

pub use detached_jws::DetachedJws;
pub use key::{SigningAlgorithm, SigningKey};
pub use response::ResponseVerifier;

/// What a signer may look at.
#[derive(Debug, Clone, Copy)]
pub struct SigningInput<'a> {
    /// The method.
    pub method: &'a Method,
    /// The full URL.
    pub url: &'a url::Url,
    /// The headers set so far (credentials included).
    pub headers: &'a HeaderMap,
    /// The body bytes, exactly as they will be sent.
    pub body: &'a [u8],
}

/// Signs requests; returns the headers to add.
pub trait RequestSigner: Debug + Send + Sync + 'static {
    /// Signs one attempt of a request.
    fn sign(&self, input: SigningInput<'_>) -> Result<Vec<(HeaderName, HeaderValue)>, Error>;
}
