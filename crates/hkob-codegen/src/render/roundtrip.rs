//! Round-trip tests from the spec's examples: decode, encode, compare.

use std::fmt::Write as _;

use crate::model::Example;

/// Source of an integration test file that round-trips every example.
pub fn render(examples: &[Example], module_path: &str) -> String {
    let mut out = String::new();
    out.push_str("//! Round-trip tests from the spec's examples: each example decodes into its generated type\n");
    out.push_str("//! and encodes back to the same JSON.\n\n");
    let _ = writeln!(out, "use {module_path}::types;\n");
    out.push_str(
        "/// Decodes `json` into `T`, encodes it again and compares the two JSON values. Numbers are\n\
         /// compared by value (`101` and `101.0` are the same JSON number).\n\
         fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {\n    \
         let expected: serde_json::Value = serde_json::from_str(json).expect(\"the example is JSON\");\n    \
         let decoded: T = serde_json::from_value(expected.clone()).expect(\"the example decodes\");\n    \
         let encoded = serde_json::to_value(&decoded).expect(\"the value encodes\");\n    \
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
