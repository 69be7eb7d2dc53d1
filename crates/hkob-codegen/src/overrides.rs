//! Per-spec override files (`specs/<api>.overrides.toml`).
//!
//! They change what the spec alone would produce, without editing the spec:
//!
//! ```toml
//! # Number formats that become Decimal (besides `decimal`).
//! decimal-formats = ["double"]
//! # Vendor extension values that mark money or rates (the defaults cover CDR).
//! decimal-extensions = { "x-cds-type" = ["AmountString", "RateString"] }
//! # Header parameters that the client's credentials set on every request (case-insensitive):
//! # never generated as parameters.
//! supplied-headers = ["servicingCountry", "uuid"]
//!
//! [fields]
//! # "Schema.property" = "decimal-string" | "decimal-number" | "string" | "date" | "date-time"
//! "SavingsProduct.minBalance" = "decimal-string"
//!
//! [renames]
//! # Schema name (or operationId) -> Rust type name.
//! "BankingProductV4" = "BankingProduct"
//!
//! [pagination.listBankingAccounts]
//! style = "page-index"
//! index-param = "page"
//! size-param = "page-size"
//! items = "data.accounts"
//! total-pages = "meta.totalPages"
//!
//! [operations.createTransfer]
//! idempotency = true
//! signed = true
//! # skip = true  leaves the operation out (it is listed as skipped)
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::CodegenError;
use crate::pagination::Pagination;

/// The contents of an override file. Every part is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Overrides {
    /// Number formats (besides `decimal`) generated as `Decimal`.
    #[serde(default)]
    pub decimal_formats: Vec<String>,
    /// Extension name -> values that mark a string as a decimal (money, rate).
    #[serde(default)]
    pub decimal_extensions: Option<BTreeMap<String, Vec<String>>>,
    /// Header parameters that the client's credentials set on every request (matched
    /// case-insensitively); they are never generated as parameters.
    #[serde(default)]
    pub supplied_headers: Vec<String>,
    /// `Schema.property` -> the type to use.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldOverride>,
    /// Schema name or operationId -> Rust type name.
    #[serde(default)]
    pub renames: BTreeMap<String, String>,
    /// operationId -> paging description, for specs without `x-hkob-pagination`.
    #[serde(default)]
    pub pagination: BTreeMap<String, Pagination>,
    /// operationId -> flags.
    #[serde(default)]
    pub operations: BTreeMap<String, OperationOverride>,
}

/// The type forced on one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldOverride {
    /// `Decimal`, sent as a JSON string.
    DecimalString,
    /// `Decimal`, sent as a JSON number.
    DecimalNumber,
    /// Plain `String`.
    String,
    /// `hkob_core::Date`.
    Date,
    /// `hkob_core::DateTime`.
    DateTime,
}

/// Flags forced on one operation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct OperationOverride {
    /// Needs an idempotency key.
    #[serde(default)]
    pub idempotency: Option<bool>,
    /// Needs a signature.
    #[serde(default)]
    pub signed: Option<bool>,
    /// Leave the operation out.
    #[serde(default)]
    pub skip: bool,
}

impl Overrides {
    /// Reads an override file.
    pub fn load(path: &Path) -> Result<Self, CodegenError> {
        let text = std::fs::read_to_string(path).map_err(|e| CodegenError::io(path, e))?;
        let overrides: Overrides =
            toml::from_str(&text).map_err(|e| CodegenError::config(path, e.to_string()))?;
        for (op, p) in &overrides.pagination {
            p.validate()
                .map_err(|e| CodegenError::config(path, format!("pagination.{op}: {e}")))?;
        }
        Ok(overrides)
    }

    /// Whether the header `name` is supplied by the client's credentials.
    pub fn supplies_header(&self, name: &str) -> bool {
        self.supplied_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
    }

    /// The decimal marker extensions in force (CDR's by default).
    pub fn decimal_extensions(&self) -> BTreeMap<String, Vec<String>> {
        self.decimal_extensions.clone().unwrap_or_else(|| {
            BTreeMap::from([(
                "x-cds-type".to_owned(),
                vec!["AmountString".to_owned(), "RateString".to_owned()],
            )])
        })
    }
}
