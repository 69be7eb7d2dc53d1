//! Per-spec override files (`specs/<api>.overrides.toml`).
//!
//! They change what the spec alone would produce, without editing the spec:
//!
//! ```toml
//! # Number formats that become Decimal (besides `decimal`).
//! decimal-formats = ["double"]
//! # Every `type: number`, whatever its format, becomes Decimal (sent as a number).
//! decimal-numbers = true
//! # Vendor extension values that mark money or rates (the defaults cover CDR).
//! decimal-extensions = { "x-cds-type" = ["AmountString", "RateString"] }
//! # Header parameters that the client's credentials set on every request (case-insensitive):
//! # never generated as parameters.
//! supplied-headers = ["servicingCountry", "uuid"]
//! # A function `fn(&hkob_core::ApiResponse) -> hkob_core::Result<()>` that every operation's
//! # `Operation::check` calls: for APIs that refuse a request inside a success answer.
//! response-check = "crate::check_envelope"
//!
//! [fields]
//! # "Schema.property" = "decimal-string" | "decimal-number" | "string" | "date" | "date-time"
//! "SavingsProduct.minBalance" = "decimal-string"
//! # or a Rust type of your own (it implements Serialize and Deserialize itself); arrays and
//! # maps in the spec become Vec<T> / BTreeMap<String, T> of it
//! "Day.change" = { rust-type = "crate::SignedAmount" }
//!
//! [parameters]
//! # "operationId.parameter" = the same kinds as [fields], or { rust-type = "..." } for a type
//! # that implements Display (written into the URL with it)
//! "listStatements.month" = { rust-type = "crate::Month" }
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
//!
//! [operations.listStatements]
//! # Same entries as x-hkob-ranges: `from` and `to` set together by `between(Range<T>)`.
//! ranges = [{ setter = "between", from = "from", to = "to" }]
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
    /// Whether every `type: number` (whatever its format) is generated as `Decimal`, sent as a
    /// JSON number, so that no number the bank sends passes through an `f64`.
    #[serde(default)]
    pub decimal_numbers: bool,
    /// Extension name -> values that mark a string as a decimal (money, rate).
    #[serde(default)]
    pub decimal_extensions: Option<BTreeMap<String, Vec<String>>>,
    /// Header parameters that the client's credentials set on every request (matched
    /// case-insensitively); they are never generated as parameters.
    #[serde(default)]
    pub supplied_headers: Vec<String>,
    /// The path of a function `fn(&hkob_core::ApiResponse) -> hkob_core::Result<()>` that every
    /// generated `Operation::check` calls, so that `Client::send` and every page of
    /// `Client::paginate` run it before decoding.
    #[serde(default, deserialize_with = "rust_path_opt")]
    pub response_check: Option<RustPath>,
    /// `Schema.property` -> the type to use.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldOverride>,
    /// `operationId.parameter` (the parameter's wire name) -> the type to use. A `rust-type`
    /// must implement `Display`, which writes it into the URL or header, besides `Debug`,
    /// `Clone` and `PartialEq`.
    #[serde(default)]
    pub parameters: BTreeMap<String, FieldOverride>,
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// A Rust type named by its path (`crate::SignedAmount`), which implements `Serialize` and
    /// `Deserialize` itself. It replaces the property's element type: an array property becomes
    /// `Vec<T>`, a map property `BTreeMap<String, T>`.
    RustType(RustPath),
}

/// The kinds a field override names as plain text.
const FIELD_KINDS: [(&str, FieldOverride); 5] = [
    ("decimal-string", FieldOverride::DecimalString),
    ("decimal-number", FieldOverride::DecimalNumber),
    ("string", FieldOverride::String),
    ("date", FieldOverride::Date),
    ("date-time", FieldOverride::DateTime),
];

impl<'de> Deserialize<'de> for FieldOverride {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldOverrideVisitor)
    }
}

struct FieldOverrideVisitor;

impl<'de> serde::de::Visitor<'de> for FieldOverrideVisitor {
    type Value = FieldOverride;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "one of \"decimal-string\", \"decimal-number\", \"string\", \"date\", \"date-time\", \
             or a table { rust-type = \"path::To::Type\" }",
        )
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        FIELD_KINDS
            .iter()
            .find(|(name, _)| *name == v)
            .map(|(_, kind)| kind.clone())
            .ok_or_else(|| {
                let kinds: Vec<String> = FIELD_KINDS.iter().map(|(n, _)| format!("`{n}`")).collect();
                E::custom(format!(
                    "unknown field type `{v}`: expected one of {}, or {{ rust-type = \"path::To::Type\" }}",
                    kinds.join(", ")
                ))
            })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error as _;
        let mut path: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != "rust-type" {
                return Err(A::Error::custom(format!(
                    "unknown key `{key}` in a field override: the only key is `rust-type`"
                )));
            }
            if path.is_some() {
                return Err(A::Error::custom("`rust-type` is given twice"));
            }
            path = Some(map.next_value()?);
        }
        let path =
            path.ok_or_else(|| A::Error::custom("a field override table needs `rust-type`"))?;
        RustPath::parse(&path)
            .map(FieldOverride::RustType)
            .map_err(A::Error::custom)
    }
}

fn rust_path_opt<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<RustPath>, D::Error> {
    let text = String::deserialize(deserializer)?;
    RustPath::parse_function(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// A path to a Rust type (`crate::SignedAmount`, `::my_crate::money::Amount`): identifiers
/// separated by `::`, nothing else (no generics, spaces or raw identifiers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustPath(String);

impl RustPath {
    /// Checks that `text` is a plain Rust path, so it can be written into code as it is.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::parse_for(
            text,
            "rust-type",
            "a Rust type path such as `crate::SignedAmount`",
        )
    }

    /// Checks that `text` is a plain Rust path to a function (`crate::check_envelope`).
    pub fn parse_function(text: &str) -> Result<Self, String> {
        Self::parse_for(
            text,
            "response-check",
            "a Rust function path such as `crate::check_envelope`",
        )
        .map_err(|e| {
            e.replace(
                "names a module, not a type",
                "names a module, not a function",
            )
        })
    }

    fn parse_for(text: &str, key: &str, what: &str) -> Result<Self, String> {
        let bad = |why: &str| Err(format!("`{key} = {text:?}` is not {what}: {why}"));
        let body = text.strip_prefix("::").unwrap_or(text);
        if body.is_empty() {
            return bad("it is empty");
        }
        let segments: Vec<&str> = body.split("::").collect();
        for (i, segment) in segments.iter().enumerate() {
            let mut chars = segment.chars();
            let Some(first) = chars.next() else {
                return bad("it has an empty segment");
            };
            if !(first.is_ascii_alphabetic() || first == '_')
                || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return bad(&format!(
                    "segment `{segment}` is not an identifier (only ASCII letters, digits and `_`; \
                     no generics, spaces or other punctuation)"
                ));
            }
            if *segment == "_" {
                return bad("`_` is not a name");
            }
            let path_keyword = matches!(*segment, "crate" | "self" | "super" | "Self");
            let starts_path = i == 0
                || (*segment == "super"
                    && segments[..i].iter().all(|s| matches!(*s, "self" | "super")));
            if path_keyword && !starts_path {
                return bad(&format!("`{segment}` can only start a path"));
            }
            if !path_keyword && crate::naming::is_keyword(segment) {
                return bad(&format!("`{segment}` is a Rust keyword"));
            }
        }
        if matches!(segments.last(), Some(&("crate" | "self" | "super"))) {
            return bad("it names a module, not a type");
        }
        Ok(Self(text.to_owned()))
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
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
    /// Pairs of parameters set together from a checked range (replaces `x-hkob-ranges`).
    #[serde(default)]
    pub ranges: Option<Vec<crate::ranges::RangeSpec>>,
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
        for (op, o) in &overrides.operations {
            for range in o.ranges.iter().flatten() {
                range.validate().map_err(|e| {
                    CodegenError::config(path, format!("operations.{op}.ranges: {e}"))
                })?;
            }
        }
        for key in overrides.parameters.keys() {
            if !key
                .split_once('.')
                .is_some_and(|(op, name)| !op.is_empty() && !name.is_empty())
            {
                return Err(CodegenError::config(
                    path,
                    format!("parameters: `{key}` is not `operationId.parameter`"),
                ));
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn field(value: &str) -> Result<FieldOverride, String> {
        toml::from_str::<Overrides>(&format!("[fields]\n\"A.b\" = {value}\n"))
            .map_err(|e| e.to_string())
            .and_then(|o| o.fields.get("A.b").cloned().ok_or_else(|| "missing".into()))
    }

    #[test]
    fn reads_kinds_and_rust_types() {
        assert_eq!(
            field("\"decimal-string\""),
            Ok(FieldOverride::DecimalString)
        );
        assert_eq!(field("\"date-time\""), Ok(FieldOverride::DateTime));
        for path in [
            "crate::SignedAmount",
            "::std::string::String",
            "Amount",
            "super::super::money::Amount",
            "self::Amount",
            "my_crate::r2::Amount_2",
        ] {
            assert_eq!(
                field(&format!("{{ rust-type = \"{path}\" }}")),
                Ok(FieldOverride::RustType(RustPath(path.to_owned()))),
                "{path}"
            );
        }
    }

    #[test]
    fn refuses_what_is_not_a_type_path() {
        for (path, why) in [
            ("", "it is empty"),
            ("::", "it is empty"),
            ("Vec<crate::X>", "segment `Vec<crate` is not an identifier"),
            (
                "crate::X, y: String",
                "segment `X, y: String` is not an identifier",
            ),
            ("crate:: X", "segment ` X` is not an identifier"),
            ("crate::::X", "an empty segment"),
            ("crate::X::", "an empty segment"),
            ("a::crate::X", "`crate` can only start a path"),
            ("crate::type::X", "`type` is a Rust keyword"),
            ("crate", "it names a module, not a type"),
            ("r#type", "segment `r#type` is not an identifier"),
            ("crate::X}\nfn evil() {", "is not an identifier"),
            ("1X", "segment `1X` is not an identifier"),
        ] {
            let e = RustPath::parse(path).expect_err(path);
            assert!(e.contains(why), "{path:?}: {e}");
            assert!(e.contains("crate::SignedAmount"), "{path:?}: {e}");
        }
    }

    #[test]
    fn reads_a_response_check_path() {
        let read = |text: &str| {
            toml::from_str::<Overrides>(text)
                .map(|o| o.response_check.map(|p| p.as_str().to_owned()))
                .map_err(|e| e.to_string())
        };
        assert_eq!(read(""), Ok(None));
        assert_eq!(
            read("response-check = \"crate::check_envelope\""),
            Ok(Some("crate::check_envelope".to_owned()))
        );
        for (text, why) in [
            ("response-check = \"check(x)\"", "is not an identifier"),
            (
                "response-check = \"crate\"",
                "names a module, not a function",
            ),
            ("response-check = \"\"", "it is empty"),
            ("response-check = 3", "a string"),
        ] {
            let e = read(text).expect_err(text);
            assert!(e.contains(why), "{text}: {e}");
        }
    }

    #[test]
    fn bad_overrides_are_clear_errors() {
        let unknown = field("\"decimal\"").expect_err("unknown kind");
        assert!(
            unknown.contains("unknown field type `decimal`"),
            "{unknown}"
        );
        assert!(unknown.contains("`decimal-string`"), "{unknown}");
        let key = field("{ rust_type = \"crate::X\" }").expect_err("unknown key");
        assert!(key.contains("unknown key `rust_type`"), "{key}");
        let empty = field("{}").expect_err("no path");
        assert!(empty.contains("needs `rust-type`"), "{empty}");
        let generic = field("{ rust-type = \"Vec<u8>\" }").expect_err("generic");
        assert!(generic.contains("not a Rust type path"), "{generic}");
        let number = field("3").expect_err("a number");
        assert!(number.contains("rust-type"), "{number}");
    }
}
