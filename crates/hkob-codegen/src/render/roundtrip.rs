//! Round-trip tests from the spec's examples: decode, encode, compare.

use std::fmt::Write as _;

use crate::model::Example;

/// The schema-instance test of a round-trip file (see [`crate::fidelity`]).
#[derive(Debug, Clone, Copy)]
pub struct SchemaInstances<'a> {
    /// The spec's path from the test crate's directory.
    pub spec: &'a str,
    /// The override file's path from the test crate's directory, if there is one.
    pub overrides: Option<&'a str>,
    /// (component schema name, Rust type name) to check.
    pub schemas: &'a [(String, String)],
}

/// Source of an integration test file that round-trips every example, and, with `instances`,
/// instances generated from every named schema.
pub fn render(
    examples: &[Example],
    module_path: &str,
    instances: Option<SchemaInstances<'_>>,
) -> String {
    let mut out = String::new();
    out.push_str("//! Round-trip tests from the spec's examples: each example decodes into its generated type\n");
    out.push_str("//! and encodes back to the same JSON.\n\n");
    let uses_types = !examples.is_empty() || instances.is_some_and(|i| !i.schemas.is_empty());
    if uses_types {
        let _ = writeln!(out, "use {module_path}::types;\n");
    } else {
        out.push_str("// The spec has no examples.\n");
    }
    if !examples.is_empty() {
        push_example_helpers(&mut out);
    }
    if let Some(instances) = instances {
        render_instances(&mut out, instances);
    }
    for e in examples {
        let json =
            serde_json::to_string_pretty(&sorted(&e.json)).unwrap_or_else(|_| "null".to_owned());
        let hashes = "#".repeat(max_hash_run(&json) + 1);
        let _ = write!(
            out,
            "\n#[test]\nfn {}() {{\n    round_trip::<{}>(\n        r{hashes}\"{json}\"{hashes},\n    );\n}}\n",
            e.name,
            e.ty.render("types::")
        );
    }
    out
}

/// The functions the example tests call.
fn push_example_helpers(out: &mut String) {
    out.push_str(
        "/// Decodes `json` into `T`, encodes it to text again and compares the two JSON values. Numbers are\n\
         /// compared by value (`101` and `101.0` are the same JSON number).\n\
         fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {\n    \
         let expected: serde_json::Value = serde_json::from_str(json).expect(\"the example is JSON\");\n    \
         let decoded: T = serde_json::from_str(json).expect(\"the example decodes\");\n    \
         let encoded = serde_json::to_string(&decoded).expect(\"the value encodes\");\n    \
         let encoded: serde_json::Value = serde_json::from_str(&encoded).expect(\"JSON\");\n    \
         assert_eq!(numbers_as_f64(encoded), numbers_as_f64(expected));\n}\n\n\
         fn numbers_as_f64(value: serde_json::Value) -> serde_json::Value {\n    \
         match value {\n        \
         serde_json::Value::Number(n) => n\n            \
         .as_f64()\n            \
         .and_then(serde_json::Number::from_f64)\n            \
         .map_or(serde_json::Value::Number(n), serde_json::Value::Number),\n        \
         serde_json::Value::Array(items) => items.into_iter().map(numbers_as_f64).collect(),\n        \
         serde_json::Value::Object(map) => serde_json::Value::Object(\n            \
         map.into_iter().map(|(k, v)| (k, numbers_as_f64(v))).collect(),\n        \
         ),\n        \
         other => other,\n    \
         }\n}\n",
    );
}

/// The test that checks every named schema with generated instances.
fn render_instances(out: &mut String, instances: SchemaInstances<'_>) {
    out.push_str(
        "\n/// Instances generated from every named schema of the spec decode into their types and\n\
         /// encode back to the same JSON (`HKOB_SCHEMA_INSTANCES` sets how many per schema).\n\
         #[test]\nfn instances_of_every_schema_round_trip() {\n",
    );
    let _ = writeln!(
        out,
        "    let spec = concat!(env!(\"CARGO_MANIFEST_DIR\"), {});",
        crate::docs::string_literal(&format!("/{}", instances.spec))
    );
    let overrides = match instances.overrides {
        Some(path) => {
            let _ = writeln!(
                out,
                "    let overrides = concat!(env!(\"CARGO_MANIFEST_DIR\"), {});",
                crate::docs::string_literal(&format!("/{path}"))
            );
            "Some(std::path::Path::new(overrides))"
        }
        None => "None",
    };
    let _ = writeln!(
        out,
        "    let mut fidelity = hkob_codegen::fidelity::SchemaFidelity::load(spec, {overrides})\n        .expect(\"the spec and its overrides load\");"
    );
    for (schema, rust) in instances.schemas {
        let _ = writeln!(
            out,
            "    fidelity.check::<types::{rust}>({});",
            crate::docs::string_literal(schema)
        );
    }
    out.push_str(
        "    let report = fidelity.finish();\n    println!(\"{report}\");\n    assert!(report.is_clean(), \"{report}\");\n}\n",
    );
}

/// `value` with the keys of every object sorted, so the test text does not depend on the order
/// of the spec's example (the test compares values, where order does not count).
fn sorted(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted(v)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => items.iter().map(sorted).collect(),
        other => other.clone(),
    }
}

fn max_hash_run(text: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut after_quote = false;
    for c in text.chars() {
        if c == '#' && after_quote {
            run += 1;
            best = best.max(run);
        } else {
            after_quote = c == '"';
            run = 0;
        }
    }
    best
}
