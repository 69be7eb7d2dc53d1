//! What the converters share: the error they return, the notes they keep, and JSON pointers.

use serde_json::{Map, Value};

/// A construct a converter cannot express in OpenAPI 3.0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// JSON pointer (RFC 6901, with a leading `#`) of the construct in the source document.
    pub pointer: String,
    /// What is wrong with it.
    pub message: String,
}

impl Unsupported {
    pub(crate) fn at(pointer: &Ptr, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.to_string(),
            message: message.into(),
        }
    }
}

/// A JSON pointer being built while walking a document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ptr(Vec<String>);

impl Ptr {
    pub(crate) fn root() -> Self {
        Self(Vec::new())
    }

    /// The pointer one level down.
    pub(crate) fn at(&self, segment: impl std::fmt::Display) -> Self {
        let mut next = self.0.clone();
        next.push(crate::pointer::escape(&segment.to_string()));
        Self(next)
    }
}

impl std::fmt::Display for Ptr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("#")?;
        for s in &self.0 {
            write!(f, "/{s}")?;
        }
        Ok(())
    }
}

/// The notes of one conversion: one line per simplification, in document order, no repeats.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    prefix: &'static str,
    lines: Vec<String>,
}

impl Notes {
    pub(crate) fn new(prefix: &'static str) -> Self {
        Self {
            prefix,
            lines: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, pointer: &Ptr, message: impl std::fmt::Display) {
        let line = format!("{}: `{pointer}`: {message}", self.prefix);
        if !self.lines.contains(&line) {
            self.lines.push(line);
        }
    }

    pub(crate) fn into_lines(self) -> Vec<String> {
        self.lines
    }
}

/// `value` as an object, or an error naming where it is.
pub(crate) fn object<'v>(
    value: &'v Value,
    pointer: &Ptr,
    what: &str,
) -> Result<&'v Map<String, Value>, Unsupported> {
    value
        .as_object()
        .ok_or_else(|| Unsupported::at(pointer, format!("{what} is not an object")))
}

/// The entries of an optional object field (empty when absent).
pub(crate) fn entries<'v>(
    parent: &'v Map<String, Value>,
    key: &str,
    pointer: &Ptr,
) -> Result<Vec<(&'v String, &'v Value)>, Unsupported> {
    match parent.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(m)) => Ok(m.iter().collect()),
        Some(_) => Err(Unsupported::at(
            &pointer.at(key),
            format!("`{key}` is not an object"),
        )),
    }
}

/// The strings of an optional array-of-strings field.
pub(crate) fn strings(
    parent: &Map<String, Value>,
    key: &str,
    pointer: &Ptr,
) -> Result<Option<Vec<String>>, Unsupported> {
    match parent.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| Unsupported::at(&pointer.at(key).at(i), "not a string"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(Unsupported::at(
            &pointer.at(key),
            format!("`{key}` is not an array of strings"),
        )),
    }
}

/// Copies the vendor extensions (`x-...`) of `from` into `to`, except `skip`.
pub(crate) fn copy_extensions(
    from: &Map<String, Value>,
    to: &mut Map<String, Value>,
    skip: &[&str],
) {
    for (k, v) in from {
        if k.starts_with("x-") && !skip.contains(&k.as_str()) {
            to.insert(k.clone(), v.clone());
        }
    }
}

/// Copies the listed keys of `from` that are present into `to`.
pub(crate) fn copy_keys(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        if let Some(v) = from.get(*k) {
            to.insert((*k).to_owned(), v.clone());
        }
    }
}

/// The document's `info`, which both Swagger 2.0 and OpenAPI require.
pub(crate) fn require_info(doc: &Map<String, Value>) -> Result<(), Unsupported> {
    match doc.get("info") {
        Some(Value::Object(_)) => Ok(()),
        None => Err(Unsupported::at(
            &Ptr::root().at("info"),
            "the document has no `info`",
        )),
        Some(_) => Err(Unsupported::at(
            &Ptr::root().at("info"),
            "`info` is not an object",
        )),
    }
}
