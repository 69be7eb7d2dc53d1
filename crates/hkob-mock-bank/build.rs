//! Reads the Phase I specs (`specs/phase1-*.yaml`) and writes, for each, the
//! JSON keys whose values come from an enum of the spec: the property names
//! whose schemas are enums (directly, through `$ref`s, as array items or in
//! `allOf` / `oneOf` / `anyOf`). The `unknown-enum` fault rewrites the values
//! of these keys, so they follow the specs instead of a hand-kept list.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

/// How many `$ref`s or nested schemas are followed before giving up (the
/// specs have no cycles; this only bounds a broken one).
const MAX_DEPTH: usize = 32;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set by cargo");
    let specs = Path::new(&manifest).join("../../specs");
    println!("cargo:rerun-if-changed={}", specs.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&specs)
        .unwrap_or_else(|e| panic!("cannot read the specs at {}: {e}", specs.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("phase1-") && n.ends_with(".yaml"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no phase1-*.yaml in {}", specs.display());

    let mut out = String::from(
        "/// Per Phase I spec file, the JSON keys whose values come from an enum of\n\
         /// the spec (written by `build.rs` from `specs/phase1-*.yaml`).\n\
         pub(crate) const SPEC_ENUM_KEYS: &[(&str, &[&str])] = &[\n",
    );
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let doc: Value = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not YAML: {e}", file.display()));
        let mut keys = BTreeSet::new();
        collect(&doc, &doc, &mut keys);
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let list: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
        let _ = writeln!(out, "    ({name:?}, &[{}]),", list.join(", "));
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo"))
        .join("spec_enum_keys.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

/// Every property, anywhere in the document, whose schema is an enum.
fn collect(doc: &Value, node: &Value, keys: &mut BTreeSet<String>) {
    match node {
        Value::Mapping(map) => {
            if let Some(Value::Mapping(properties)) = map.get("properties") {
                for (name, schema) in properties {
                    if let Some(name) = name.as_str()
                        && is_enum(doc, schema, 0)
                    {
                        keys.insert(name.to_owned());
                    }
                }
            }
            for value in map.values() {
                collect(doc, value, keys);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|i| collect(doc, i, keys)),
        _ => {}
    }
}

/// Whether a schema's values come from an enum.
fn is_enum(doc: &Value, schema: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let Some(schema) = resolve(doc, schema, depth) else {
        return false;
    };
    if schema.get("enum").is_some() {
        return true;
    }
    if schema.get("type").and_then(Value::as_str) == Some("array")
        && let Some(items) = schema.get("items")
    {
        return is_enum(doc, items, depth + 1);
    }
    ["allOf", "oneOf", "anyOf"].iter().any(|k| {
        schema
            .get(*k)
            .and_then(Value::as_sequence)
            .is_some_and(|all| all.iter().any(|s| is_enum(doc, s, depth + 1)))
    })
}

/// The schema a `$ref` (`#/components/schemas/Name`) points to, followed
/// until a schema without one.
fn resolve<'a>(doc: &'a Value, schema: &'a Value, depth: usize) -> Option<&'a Value> {
    let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
        return Some(schema);
    };
    if depth > MAX_DEPTH {
        return None;
    }
    let target = reference
        .strip_prefix("#/")?
        .split('/')
        .try_fold(doc, |node, step| node.get(step))?;
    resolve(doc, target, depth + 1)
}
