//! The portal's envelope: `header` first, then `result`.
//!
//! Every answer is read in two steps. The header alone is read first
//! ([`check_envelope`], the [`Operation::check`](hkob_core::Operation::check)
//! of every request of this crate), so that a refusal (`success: false`) is
//! reported as the portal's error whatever the HTTP status, and a body that is
//! not JSON at all (an HTML page served during an outage) is reported as such.
//! Only then are the records decoded.

use hkob_core::error::ApiError;
use hkob_core::paging::Page;
use hkob_core::{ApiResponse, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

/// One page of records, with what the portal's header said about it.
///
/// It is the page type of [`HkmaClient::paginate`](crate::HkmaClient::paginate)
/// and of [`AnyDataset`](crate::AnyDataset), and decodes from the portal's
/// envelope (`{"header": {...}, "result": {"datasize", "records"}}`).
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

impl<'de, T: DeserializeOwned> Deserialize<'de> for RecordPage<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Envelope { header, result } = Envelope::<T>::deserialize(deserializer)?;
        let (datasize, records) = match result {
            Some(result) => (result.datasize, result.records),
            None => (None, Vec::new()),
        };
        Ok(Self {
            err_code: header.err_code.unwrap_or_default(),
            err_msg: header.err_msg.unwrap_or_default(),
            datasize,
            records,
        })
    }
}

/// Pages are walked by [`hkob_core::paging::Paginator`]: the portal gives no
/// total, so a walk ends on an empty page or a page shorter than the size
/// asked for.
impl<T: DeserializeOwned + Send + 'static> Page for RecordPage<T> {
    type Item = T;

    fn item_count(&self) -> usize {
        self.records.len()
    }

    fn into_items(self) -> Vec<T> {
        self.records
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
    header: Header,
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
/// The generated requests and [`AnyDataset`](crate::AnyDataset) call it from
/// their `Operation::check`, so [`Client::send`](hkob_core::Client::send) and
/// every page of [`Client::paginate`](hkob_core::Client::paginate) run it, and
/// [`HkmaClient`](crate::HkmaClient) runs it on every answer whatever the
/// request; use it in the `check` of a request type of your own.
pub fn check_envelope(response: &ApiResponse) -> Result<()> {
    let HeaderOnly { header } = response.json::<HeaderOnly>()?;
    if header.success {
        Ok(())
    } else {
        Err(ApiError::from_api_response(response).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_without_result_is_empty() {
        let page: RecordPage<serde_json::Value> = serde_json::from_value(serde_json::json!({
            "header": {"success": true, "err_code": "0000", "err_msg": "No error found"}
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page.err_code, "0000");
        assert_eq!((page.datasize, page.len()), (None, 0));
        let page: RecordPage<u32> = serde_json::from_value(serde_json::json!({
            "header": {"success": true},
            "result": {"datasize": 2, "records": [1, 2]}
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((page.datasize, page.item_count()), (Some(2), 2));
        assert_eq!(page.into_items(), vec![1, 2]);
    }
}
