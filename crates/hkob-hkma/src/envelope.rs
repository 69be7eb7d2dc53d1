//! The portal's envelope: `header` first, then `result`.
//!
//! Every answer is read in two steps. The header alone is read first, so that
//! a refusal (`success: false`) is reported as the portal's error whatever the
//! HTTP status, and a body that is not JSON at all (an HTML page served during
//! an outage) is reported as such. Only then are the records decoded.

use hkob_core::error::ApiError;
use hkob_core::{ApiResponse, Result};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// One page of records, with what the portal's header said about it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RecordPage<T> {
    /// The outcome code, `0000` when all went well.
    pub err_code: String,
    /// The outcome message, `No error found` when all went well.
    pub err_msg: String,
    /// The number of records the portal says this page holds (not a total).
    pub datasize: Option<u64>,
    /// The records of this page, in the order asked for.
    pub records: Vec<T>,
}

impl<T> RecordPage<T> {
    /// The number of records in this page.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the page holds no record.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

#[derive(Deserialize)]
struct Header {
    success: bool,
    #[serde(default)]
    err_code: Option<String>,
    #[serde(default)]
    err_msg: Option<String>,
}

#[derive(Deserialize)]
struct HeaderOnly {
    header: Header,
}

#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct Envelope<T> {
    #[serde(default)]
    result: Option<ResultBody<T>>,
}

#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct ResultBody<T> {
    #[serde(default)]
    datasize: Option<u64>,
    #[serde(default = "Vec::new")]
    records: Vec<T>,
}

/// Checks the header of a success-status answer: the portal's
/// [`Operation::check`](hkob_core::Operation::check) for every request of this crate.
///
/// - a body that is not JSON, or has no `header`, is an
///   [`Error::Decode`](hkob_core::Error::Decode) naming the HTTP status and
///   keeping the start of the body (an HTML page served during an outage);
/// - `header.success: false` is an [`Error::Api`](hkob_core::Error::Api)
///   carrying `err_code` ([`ApiError::code`]), `err_msg`
///   ([`ApiError::message`]), the status (200), the raw body and the call's
///   interaction id.
///
/// The generated requests call it from their `Operation::check`, so
/// [`Client::send`](hkob_core::Client::send) and every page of
/// [`Client::paginate`](hkob_core::Client::paginate) run it; use it in the
/// `check` of a request type of your own for another dataset.
pub fn check_envelope(response: &ApiResponse) -> Result<()> {
    let HeaderOnly { header } = response.json::<HeaderOnly>()?;
    if header.success {
        Ok(())
    } else {
        Err(ApiError::from_api_response(response).into())
    }
}

/// Reads a success-status answer: checks the header, then decodes the records.
///
/// - a body that is not JSON, or has no `header`, is an
///   [`Error::Decode`](hkob_core::Error::Decode) naming the HTTP status and
///   keeping the start of the body;
/// - `header.success: false` is an [`Error::Api`](hkob_core::Error::Api)
///   carrying `err_code` and `err_msg`, even with HTTP 200;
/// - a record that does not fit `T` is an `Error::Decode` naming its JSON path.
pub(crate) fn decode_page<T: DeserializeOwned>(response: &ApiResponse) -> Result<RecordPage<T>> {
    check_envelope(response)?;
    let HeaderOnly { header } = response.json::<HeaderOnly>()?;
    let envelope: Envelope<T> = response.json()?;
    let (datasize, records) = match envelope.result {
        Some(result) => (result.datasize, result.records),
        None => (None, Vec::new()),
    };
    Ok(RecordPage {
        err_code: header.err_code.unwrap_or_default(),
        err_msg: header.err_msg.unwrap_or_default(),
        datasize,
        records,
    })
}
