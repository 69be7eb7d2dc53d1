//! Schema fidelity: instances generated from a spec's named schemas ([`crate::instances`]) must
//! decode into their generated types and encode back to the same JSON.
//!
//! The round-trip test file written with `schema-instances = true` (or `--schema-instances`)
//! calls this for every component schema that became a generated type:
//!
//! ```ignore
//! let mut fidelity = SchemaFidelity::load("specs/bank.yaml", None)?;
//! fidelity.check::<types::Account>("Account");
//! let report = fidelity.finish();
//! println!("{report}");
//! assert!(report.is_clean(), "{report}");
//! ```

use std::fmt;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::CodegenError;
use crate::pointer::escape;

/// Instances per schema when `HKOB_SCHEMA_INSTANCES` does not say otherwise.
pub const DEFAULT_INSTANCES: usize = 64;

/// The seed of every schema's instances (mixed with the schema's name), so a failure reproduces.
const SEED: u64 = 0x686b_6f62_5f66_6964;

/// Failures kept in full in a report; the rest are counted.
const SHOWN_FAILURES: usize = 20;

/// Checks the generated types of one spec against instances of its schemas.
#[derive(Debug)]
pub struct SchemaFidelity {
    spec: openapiv3::OpenAPI,
    decimals: crate::instances::DecimalMarkers,
    label: String,
    per_schema: usize,
    report: FidelityReport,
}

impl SchemaFidelity {
    /// Reads the spec at `path` (Swagger 2.0, OpenAPI 3.0 or 3.1) and the override file the
    /// code was generated with, if any (its decimal markers say which strings are decimals).
    /// The number of instances per schema is `HKOB_SCHEMA_INSTANCES` if set, else
    /// [`DEFAULT_INSTANCES`].
    pub fn load(path: impl AsRef<Path>, overrides: Option<&Path>) -> Result<Self, CodegenError> {
        let path = path.as_ref();
        let spec = crate::load::load_spec(path)?;
        let overrides = match overrides {
            Some(o) => crate::overrides::Overrides::load(o)?,
            None => crate::overrides::Overrides::default(),
        };
        let decimals = crate::instances::DecimalMarkers::from_overrides(&overrides);
        let per_schema = std::env::var("HKOB_SCHEMA_INSTANCES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_INSTANCES);
        let label = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok(Self {
            spec,
            decimals,
            label: label.clone(),
            per_schema,
            report: FidelityReport {
                spec: label,
                ..FidelityReport::default()
            },
        })
    }

    /// Generates instances of the component schema `schema` and round-trips each through `T`;
    /// the schema's own `example`, if it has one, too.
    pub fn check<T: DeserializeOwned + Serialize>(&mut self, schema: &str) {
        if let Some(example) = self.schema_example(schema) {
            self.report.examples += 1;
            if let Err(problem) = round_trip::<T>(&example) {
                self.fail(format!(
                    "{}: {schema}: the schema's example: {problem}\n    example: {}",
                    self.label,
                    shorten(&example.to_string())
                ));
            }
        }
        let seed = SEED ^ name_hash(schema);
        let values = match crate::instances::instances_with(
            &self.spec,
            schema,
            self.per_schema,
            seed,
            &self.decimals,
        ) {
            Ok(values) => values,
            Err(e) => {
                self.report.not_generated.push(format!("{schema}: {e}"));
                return;
            }
        };
        self.report.schemas += 1;
        for value in values {
            self.report.instances += 1;
            if let Err(problem) = round_trip::<T>(&value) {
                self.fail(format!(
                    "{}: {schema}: {problem}\n    instance: {}",
                    self.label,
                    shorten(&value.to_string())
                ));
            }
        }
    }

    /// The `example` of the component schema `schema` (in OpenAPI 3.1, the first of its
    /// `examples`).
    fn schema_example(&self, schema: &str) -> Option<Value> {
        let components = self.spec.components.as_ref()?;
        match components.schemas.get(schema)? {
            openapiv3::ReferenceOr::Item(s) => s.schema_data.example.clone(),
            openapiv3::ReferenceOr::Reference { .. } => None,
        }
    }

    /// Counts a failure, and keeps its description while there are few.
    fn fail(&mut self, description: String) {
        self.report.failed += 1;
        if self.report.failures.len() < SHOWN_FAILURES {
            self.report.failures.push(description);
        }
    }

    /// The counts and failures.
    pub fn finish(self) -> FidelityReport {
        self.report
    }
}

/// What [`SchemaFidelity`] found for one spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FidelityReport {
    /// The spec's file name.
    pub spec: String,
    /// Schemas whose instances were checked.
    pub schemas: usize,
    /// Instances checked.
    pub instances: usize,
    /// Examples of the schemas themselves (their `example`) checked.
    pub examples: usize,
    /// Instances and examples that failed.
    pub failed: usize,
    /// The first failures, one paragraph each.
    pub failures: Vec<String>,
    /// Schemas for which no valid instance could be generated, with the reason.
    pub not_generated: Vec<String>,
}

impl FidelityReport {
    /// Whether every instance round-tripped.
    pub fn is_clean(&self) -> bool {
        self.failed == 0
    }
}

impl fmt::Display for FidelityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} instances of {} schemas and {} schema examples decoded and encoded back, {} failed",
            self.spec, self.instances, self.schemas, self.examples, self.failed
        )?;
        if !self.not_generated.is_empty() {
            write!(
                f,
                "; {} schemas have no generated instances:",
                self.not_generated.len()
            )?;
            for line in &self.not_generated {
                write!(f, "\n  {line}")?;
            }
        }
        for failure in &self.failures {
            write!(f, "\n  {failure}")?;
        }
        if self.failed > self.failures.len() {
            write!(f, "\n  ... and {} more", self.failed - self.failures.len())?;
        }
        Ok(())
    }
}

/// Decodes `value` into `T` from its JSON text, as a client reads a body, and encodes it to text
/// again; says how it went wrong, if it did.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<(), String> {
    let decoded: T =
        serde_json::from_str(&value.to_string()).map_err(|e| format!("decode: {e}"))?;
    let encoded = serde_json::to_string(&decoded)
        .and_then(|text| serde_json::from_str::<Value>(&text))
        .map_err(|e| format!("encode: {e}"))?;
    match difference(value, &encoded, "") {
        None => Ok(()),
        Some(at) => Err(format!(
            "encoded back differently at `{at}`\n    encoded: {}",
            shorten(&encoded.to_string())
        )),
    }
}

/// The JSON pointer of the first place where `sent` and `back` differ. Numbers are equal when
/// they are the same number (`101` and `101.0`); object keys are compared as sets; strings are
/// equal when they are the same text, or the same value in the two textual forms typed fields
/// write canonically ([`same_decimal`], [`same_date_time`]).
fn difference(sent: &Value, back: &Value, at: &str) -> Option<String> {
    match (sent, back) {
        (Value::Number(a), Value::Number(b)) => (!same_number(a, b)).then(|| at.to_owned()),
        (Value::String(a), Value::String(b)) => {
            (a != b && !same_decimal(a, b) && !same_date_time(a, b)).then(|| at.to_owned())
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(at.to_owned());
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| difference(x, y, &format!("{at}/{i}")))
        }
        (Value::Object(a), Value::Object(b)) => {
            if let Some(key) = a
                .keys()
                .chain(b.keys())
                .find(|k| a.contains_key(*k) != b.contains_key(*k))
            {
                return Some(format!("{at}/{}", escape(key)));
            }
            a.iter().find_map(|(k, x)| {
                b.get(k)
                    .and_then(|y| difference(x, y, &format!("{at}/{}", escape(k))))
            })
        }
        _ => (sent != back).then(|| at.to_owned()),
    }
}

/// Integers compare exactly; otherwise as `f64`.
fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x == y;
    }
    a.as_f64() == b.as_f64()
}

/// Whether two decimal strings are the same number with the same number of decimal places
/// (`"01739"` and `"1739"`, `"+1.50"` and `"1.50"`; not `"1.5"` and `"1.50"`): a decimal field
/// keeps the value and its scale, not leading zeros or a plus sign.
fn same_decimal(a: &str, b: &str) -> bool {
    fn canonical(text: &str) -> Option<(bool, &str, &str)> {
        let (negative, digits) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        let whole = whole.trim_start_matches('0');
        let zero = whole.is_empty() && fraction.bytes().all(|c| c == b'0');
        Some((negative && !zero, whole, fraction))
    }
    matches!((canonical(a), canonical(b)), (Some(x), Some(y)) if x == y)
}

/// Whether two RFC 3339 date-times are the same instant written with the same offset
/// (`"...:00+00:00"` and `"...:00Z"`, `"...:00.5Z"` and `"...:00.500Z"`): a date-time field
/// keeps the instant and the offset, not how they were spelled.
fn same_date_time(a: &str, b: &str) -> bool {
    fn canonical(text: &str) -> Option<(&str, String, &str)> {
        let (date_time, offset) = match text.strip_suffix(['Z', 'z']) {
            Some(rest) => (rest, "+00:00"),
            None => {
                let split = text.len().checked_sub(6)?;
                let offset = text.get(split..)?;
                let offset = if offset == "-00:00" { "+00:00" } else { offset };
                (text.get(..split)?, offset)
            }
        };
        let seconds_end = 19;
        let whole = date_time.get(..seconds_end)?;
        if whole
            .as_bytes()
            .get(10)
            .is_none_or(|c| !matches!(c, b'T' | b't' | b' '))
        {
            return None;
        }
        let fraction = match date_time.get(seconds_end..)? {
            "" => "",
            rest => rest.strip_prefix('.')?,
        };
        let fraction = fraction.trim_end_matches('0').to_owned();
        Some((
            whole.get(..10)?,
            format!("{}.{fraction}", whole.get(11..)?),
            offset,
        ))
    }
    matches!((canonical(a), canonical(b)), (Some(x), Some(y)) if x == y)
}

/// `text` cut to a few hundred characters.
fn shorten(text: &str) -> String {
    const MAX: usize = 400;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}

/// A stable hash of a schema name (FNV-1a), so every schema has instances of its own.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::difference;

    #[test]
    fn differences_are_found_with_their_pointer() {
        assert_eq!(difference(&json!({"a": 1}), &json!({"a": 1.0}), ""), None);
        assert_eq!(
            difference(&json!({"a": {"b/c": 1}}), &json!({"a": {"b/c": 2}}), ""),
            Some("/a/b~1c".to_owned())
        );
        assert_eq!(
            difference(&json!({"a": null}), &json!({}), ""),
            Some("/a".to_owned())
        );
        assert_eq!(
            difference(&json!([1, 2]), &json!([1]), ""),
            Some(String::new())
        );
        assert_eq!(
            difference(
                &json!(9_007_199_254_740_993_u64),
                &json!(9_007_199_254_740_992_u64),
                ""
            ),
            Some(String::new())
        );
    }

    #[test]
    fn canonical_decimal_and_date_time_text_is_the_same_value() {
        for (a, b) in [
            ("01739", "1739"),
            ("+1.50", "1.50"),
            ("-0", "0"),
            ("2025-07-31T00:50:25+00:00", "2025-07-31T00:50:25Z"),
            ("2084-08-31T11:03:55.1Z", "2084-08-31T11:03:55.100Z"),
        ] {
            assert_eq!(difference(&json!(a), &json!(b), ""), None, "{a} {b}");
        }
        for (a, b) in [
            ("1.5", "1.50"),
            ("-1", "1"),
            ("abc", "abd"),
            ("2025-07-31T00:50:25+08:00", "2025-07-31T00:50:25Z"),
            ("2025-07-31T00:50:25.1Z", "2025-07-31T00:50:25.2Z"),
        ] {
            assert!(difference(&json!(a), &json!(b), "").is_some(), "{a} {b}");
        }
    }
}
