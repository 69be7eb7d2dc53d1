//! `hkob_codegen::instances`: every generated instance validates against its schema, read as
//! JSON Schema by the `jsonschema` crate; one test per feature, then every schema of every spec
//! in `specs/` (and in `../shared/specs` when that directory exists).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hkob_codegen::instances::{InstanceError, instances};
use openapiv3::OpenAPI;
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------------------------
// OpenAPI 3.0 schemas as JSON Schema
// ---------------------------------------------------------------------------------------------

/// Keywords of OpenAPI that JSON Schema does not have (or has with another meaning).
const OPENAPI_ONLY: &[&str] = &[
    "nullable",
    "discriminator",
    "example",
    "xml",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "deprecated",
    "exclusiveMinimum",
    "exclusiveMaximum",
];

/// One OpenAPI 3.0 schema as a JSON Schema 2020-12 schema: `nullable` (and `null` in an
/// `enum`) admits `null` through `anyOf`, boolean exclusive bounds become numeric ones,
/// OpenAPI-only keywords go, and `$ref`s stay (they point into the root's `components`).
fn to_json_schema(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    if let Some(reference) = map.get("$ref") {
        return json!({ "$ref": reference });
    }
    let mut out = Map::new();
    for (key, value) in map {
        let converted = match key.as_str() {
            "properties" => Value::Object(
                value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), to_json_schema(v)))
                    .collect(),
            ),
            "items" | "not" | "additionalProperties" => to_json_schema(value),
            "allOf" | "oneOf" | "anyOf" => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(to_json_schema)
                    .collect(),
            ),
            k if OPENAPI_ONLY.contains(&k) || k.starts_with("x-") => continue,
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    // jsonschema divides the exact binary fractions of the two numbers: to it 8.12 is not a
    // multiple of 0.01. A fractional `multipleOf` is checked by the feature test instead.
    if out
        .get("multipleOf")
        .and_then(Value::as_f64)
        .is_some_and(|m| m.fract() != 0.0)
    {
        out.remove("multipleOf");
    }
    if let Some(d) = map.get("discriminator") {
        select_by_discriminator(&mut out, d);
    }
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if map.get(flag) == Some(&Value::Bool(true))
            && let Some(limit) = out.remove(bound)
        {
            out.insert(flag.into(), limit);
        }
    }
    let enumeration = map.get("enum").and_then(Value::as_array);
    let enum_has_null = enumeration.is_some_and(|e| e.contains(&Value::Null));
    let nullable = map.get("nullable") == Some(&Value::Bool(true));
    if enum_has_null || (nullable && enumeration.is_none()) {
        return json!({ "anyOf": [{ "type": "null" }, Value::Object(out)] });
    }
    Value::Object(out)
}

/// A `oneOf`/`anyOf` with a discriminator: the value must match a member, and the member its
/// discriminator value selects (from `mapping`, else by component name).
fn select_by_discriminator(out: &mut Map<String, Value>, discriminator: &Value) {
    let Some(property) = discriminator["propertyName"].as_str() else {
        return;
    };
    let Some(members) = out.remove("oneOf").or_else(|| out.remove("anyOf")) else {
        return;
    };
    let mapping = discriminator["mapping"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut all_of = out
        .remove("allOf")
        .and_then(|a| a.as_array().cloned())
        .unwrap_or_default();
    for member in members.as_array().into_iter().flatten() {
        let Some(reference) = member["$ref"].as_str() else {
            continue;
        };
        let name = reference.rsplit('/').next().unwrap_or(reference);
        let value = mapping
            .iter()
            .find(|(_, target)| *target == reference || *target == name)
            .map_or(name, |(key, _)| key.as_str());
        all_of.push(json!({
            "if": { "properties": { property: { "const": value } }, "required": [property] },
            "then": member,
        }));
    }
    all_of.push(json!({ "anyOf": members }));
    out.insert("allOf".into(), Value::Array(all_of));
}

/// A validator of the component schema `name` of `spec`.
fn validator(spec: &OpenAPI, name: &str) -> jsonschema::Validator {
    let document = serde_json::to_value(spec).expect("the spec serializes");
    let schemas: Map<String, Value> = document["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), to_json_schema(v)))
        .collect();
    let pointer = name.replace('~', "~0").replace('/', "~1");
    let root = json!({
        "$ref": format!("#/components/schemas/{pointer}"),
        "components": { "schemas": schemas },
    });
    jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the schema {name} compiles: {e}"))
}

/// Why `instance` is invalid (empty when it is valid).
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .take(3)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Helpers for the feature tests
// ---------------------------------------------------------------------------------------------

/// A spec with the components schemas `schemas` (YAML, indented as under `schemas:`).
fn spec(schemas: &str) -> OpenAPI {
    let indented: String = schemas.lines().map(|l| format!("    {l}\n")).collect();
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{indented}"
    );
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("test spec: {e}\n{text}"))
}

/// `count` instances of `name`, each checked against the schema.
fn valid(spec: &OpenAPI, name: &str, count: usize) -> Vec<Value> {
    let values = instances(spec, name, count, 42).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(values.len(), count);
    let v = validator(spec, name);
    for value in &values {
        let why = errors(&v, value);
        assert!(why.is_empty(), "{name}: {value} is invalid: {why:?}");
    }
    values
}

/// The error generating `name` gives.
fn refused(spec: &OpenAPI, name: &str) -> InstanceError {
    match instances(spec, name, 16, 42) {
        Ok(values) => panic!("{name} should be refused, got {values:?}"),
        Err(e) => e,
    }
}

/// The strings among `values`.
fn strings(values: &[Value]) -> Vec<&str> {
    values.iter().filter_map(Value::as_str).collect()
}

// ---------------------------------------------------------------------------------------------
// Feature tests
// ---------------------------------------------------------------------------------------------

#[test]
fn the_same_seed_gives_the_same_instances() {
    let s = spec("S: {type: object, properties: {a: {type: string}, b: {type: number}}}");
    let a = instances(&s, "S", 20, 9).expect("a");
    let b = instances(&s, "S", 20, 9).expect("b");
    let c = instances(&s, "S", 20, 10).expect("c");
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn an_unknown_schema_name_is_an_error() {
    let s = spec("S: {type: string}");
    let e = refused(&s, "Nope");
    assert_eq!(e.pointer(), "/components/schemas/Nope");
    assert!(e.to_string().contains("no such component schema"), "{e}");
}

#[test]
fn refs_and_recursion_terminate() {
    let s = spec(
        "Node:\n  type: object\n  required: [value]\n  properties:\n    value: {$ref: '#/components/schemas/Leaf'}\n    children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n    parent: {allOf: [{$ref: '#/components/schemas/Node'}], nullable: true}\nLeaf: {type: integer, format: int32}",
    );
    let values = valid(&s, "Node", 32);
    assert!(values.iter().all(|v| v["value"].is_i64()));
    assert!(
        values
            .iter()
            .any(|v| v["children"].as_array().is_some_and(|c| !c.is_empty()))
    );
}

#[test]
fn a_cycle_of_required_properties_is_an_error() {
    let s = spec(
        "A: {type: object, required: [b], properties: {b: {$ref: '#/components/schemas/B'}}}\nB: {type: object, required: [a], properties: {a: {$ref: '#/components/schemas/A'}}}",
    );
    let e = refused(&s, "A");
    assert!(e.pointer().starts_with("/components/schemas/"), "{e}");
    assert!(e.message().contains("cycle"), "{e}");
    let s = spec("L: {type: array, minItems: 1, items: {$ref: '#/components/schemas/L'}}");
    assert!(refused(&s, "L").message().contains("cycle"));
    let s = spec("R: {$ref: '#/components/schemas/Missing'}");
    assert!(refused(&s, "R").message().contains("does not resolve"));
}

#[test]
fn a_schema_without_type_takes_the_kind_its_keywords_imply() {
    let s = spec(
        "O: {properties: {a: {type: boolean}}, required: [a]}\nA: {items: {type: integer}, minItems: 1}\nS: {pattern: '^x+$'}\nN: {minimum: 3, maximum: 4}\nAnything: {}",
    );
    assert!(valid(&s, "O", 16).iter().all(|v| v["a"].is_boolean()));
    assert!(valid(&s, "A", 16).iter().all(|v| v[0].is_i64()));
    assert!(valid(&s, "S", 16).iter().all(Value::is_string));
    assert!(valid(&s, "N", 16).iter().all(Value::is_number));
    let any = valid(&s, "Anything", 64);
    assert!(any.iter().all(|v| !v.is_null()));
    let kinds: BTreeSet<&str> = any
        .iter()
        .map(|v| match v {
            Value::String(_) => "string",
            Value::Number(_) => "number",
            Value::Bool(_) => "boolean",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Null => "null",
        })
        .collect();
    assert!(kinds.len() >= 4, "{kinds:?}");
}

#[test]
fn nullable_is_sometimes_null_and_enums_only_give_their_values() {
    let s = spec(
        "N: {type: string, nullable: true}\nP: {type: string}\nE: {type: string, enum: [a, b, null]}\nF: {type: string, enum: [a], nullable: true}\nI: {type: integer, enum: [1, 2, 3]}",
    );
    let n = valid(&s, "N", 64);
    assert!(n.iter().any(Value::is_null) && n.iter().any(Value::is_string));
    assert!(valid(&s, "P", 64).iter().all(Value::is_string));
    let e = valid(&s, "E", 64);
    let seen: BTreeSet<String> = e.iter().map(Value::to_string).collect();
    assert_eq!(seen, ["\"a\"", "\"b\"", "null"].map(String::from).into());
    assert!(valid(&s, "F", 32).iter().all(|v| v == "a"));
    assert!(
        valid(&s, "I", 32)
            .iter()
            .all(|v| [1, 2, 3].contains(&v.as_i64().unwrap_or(0)))
    );
}

#[test]
fn dates_are_calendar_dates_and_date_times_vary() {
    let s = spec("D: {type: string, format: date}\nT: {type: string, format: date-time}");
    for d in strings(&valid(&s, "D", 200)) {
        let parts: Vec<u32> = d.split('-').map(|p| p.parse().expect("digits")).collect();
        let [y, m, day] = parts[..] else {
            panic!("{d}")
        };
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            1..=12 => 31,
            _ => panic!("month of {d}"),
        };
        assert!(d.len() == 10 && (1..=days).contains(&day), "{d}");
    }
    let times = valid(&s, "T", 200);
    let times = strings(&times);
    for needle in ["Z", "+08:00", "-05:30"] {
        assert!(times.iter().any(|t| t.ends_with(needle)), "{needle}");
    }
    assert!(times.iter().any(|t| t.contains('.')));
    assert!(times.iter().any(|t| !t.contains('.')));
}

#[test]
fn string_formats_are_well_formed() {
    let s = spec(
        "E: {type: string, format: email}\nU: {type: string, format: uri}\nI: {type: string, format: uuid}\nB: {type: string, format: byte}\nP: {type: string, format: password, maxLength: 5}\nX: {type: string, format: made-up}",
    );
    valid(&s, "E", 32);
    valid(&s, "U", 32);
    valid(&s, "I", 32);
    for b in strings(&valid(&s, "B", 64)) {
        let alphabet = |c: char| c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=';
        assert!(b.len() % 4 == 0 && b.chars().all(alphabet), "{b}");
        assert!(!b.trim_end_matches('=').contains('='), "{b}");
    }
    valid(&s, "P", 32);
    valid(&s, "X", 32);
}

#[test]
fn integers_honour_formats_and_bounds() {
    let s = spec(
        "I32: {type: integer, format: int32}\nI64: {type: integer, format: int64}\nAny: {type: integer}\nB: {type: integer, minimum: 5, maximum: 7, exclusiveMaximum: true}\nM: {type: integer, multipleOf: 5, minimum: -20, maximum: 20}",
    );
    for v in valid(&s, "I32", 200) {
        let n = v.as_i64().expect("an integer");
        assert!(i32::try_from(n).is_ok(), "{n}");
    }
    assert!(valid(&s, "I64", 100).iter().all(Value::is_i64));
    assert!(valid(&s, "Any", 100).iter().all(Value::is_i64));
    let b: BTreeSet<i64> = valid(&s, "B", 64)
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    assert_eq!(b, [5, 6].into());
    assert!(
        valid(&s, "M", 64)
            .iter()
            .all(|v| v.as_i64().is_some_and(|n| n % 5 == 0))
    );
}

#[test]
fn numbers_mix_integers_and_short_decimals() {
    let s = spec(
        "N: {type: number}\nF: {type: number, format: float}\nB: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true}\nM: {type: number, multipleOf: 0.01, minimum: 0, maximum: 10}\nT: {type: number, minimum: 0.25, maximum: 0.25}",
    );
    let n = valid(&s, "N", 200);
    assert!(n.iter().any(Value::is_i64));
    assert!(n.iter().any(|v| v.is_f64() && v.to_string().len() <= 12));
    valid(&s, "F", 64);
    for v in valid(&s, "B", 64) {
        let x = v.as_f64().expect("a number");
        assert!(x > 0.0 && x < 1.0, "{x}");
    }
    for v in valid(&s, "M", 64) {
        let text = v.to_string();
        let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
        let x = v.as_f64().expect("a number");
        assert!(decimals <= 2 && (0.0..=10.0).contains(&x), "{text}");
    }
    assert!(valid(&s, "T", 8).iter().all(|v| v == &json!(0.25)));
}

#[test]
fn strings_honour_lengths_in_characters_and_vary_their_characters() {
    let s = spec("S: {type: string}\nL: {type: string, minLength: 3, maxLength: 4}");
    let all = valid(&s, "S", 200);
    let all = strings(&all);
    for needle in ['中', '"', '\\', '\n'] {
        assert!(all.iter().any(|t| t.contains(needle)), "{needle:?}");
    }
    assert!(all.iter().any(|t| t.is_ascii()));
    for t in strings(&valid(&s, "L", 200)) {
        assert!((3..=4).contains(&t.chars().count()), "{t:?}");
    }
}

#[test]
fn strings_match_their_patterns() {
    let s = spec(
        r#"P: {type: string, pattern: '^[A-Z]{3}-\d{2,4}(x|yz)?$'}
U: {type: string, pattern: '^\d{1,13}$|^\d{1,13}\.\d{1,5}$'}
W: {type: string, pattern: '^[a-z]{2,6}\b([-a-z0-9.]*)$'}
Broad: {type: string, pattern: '^\S[\s\S]*$'}
Word: {type: string, pattern: '^\w+$'}
Free: {type: string, pattern: 'ab'}
Len: {type: string, pattern: '^[A-Z0-9]{5,20}$', minLength: 18}
DT: {type: string, format: date-time, pattern: '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$'}
Both: {allOf: [{type: string, pattern: '^[a-c]+$'}, {pattern: 'b'}, {maxLength: 6}]}"#,
    );
    for name in ["P", "U", "W", "Broad", "Free", "Len", "DT", "Both"] {
        valid(&s, name, 64);
    }
    for w in strings(&valid(&s, "Word", 64)) {
        assert!(
            w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{w}"
        );
    }
    let broad = valid(&s, "Broad", 200);
    assert!(strings(&broad).iter().any(|t| !t.is_ascii()));
    assert!(strings(&valid(&s, "Len", 32)).iter().all(|t| t.len() >= 18));
}

#[test]
fn impossible_or_unsupported_patterns_are_errors_at_the_pattern() {
    let s = spec(
        r#"Short: {type: string, pattern: '^\d{5}$', maxLength: 3}
Look: {type: object, properties: {name: {type: string, pattern: '^(.*)(?<!\s)$'}}}
Ahead: {type: object, properties: {name: {type: string, pattern: '^(?!\s)(.*)(\S)$'}}}
Broken: {type: string, pattern: '^[a-$'}
Bounds: {type: string, minLength: 5, maxLength: 2}"#,
    );
    let e = refused(&s, "Short");
    assert_eq!(e.pointer(), "/components/schemas/Short/pattern");
    let e = refused(&s, "Look");
    assert_eq!(
        e.pointer(),
        "/components/schemas/Look/properties/name/pattern"
    );
    assert!(e.message().contains("look-around"), "{e}");
    // A look-ahead right after the leading `^` is checked on each string drawn.
    let names: Vec<Value> = valid(&s, "Ahead", 32)
        .into_iter()
        .filter_map(|v| v.get("name").cloned())
        .collect();
    assert!(!names.is_empty());
    assert!(
        names
            .iter()
            .filter_map(Value::as_str)
            .all(|n| !n.starts_with(char::is_whitespace))
    );
    assert_eq!(
        refused(&s, "Broken").pointer(),
        "/components/schemas/Broken/pattern"
    );
    assert_eq!(
        refused(&s, "Bounds").pointer(),
        "/components/schemas/Bounds/minLength"
    );
}

#[test]
fn arrays_honour_item_counts_and_uniqueness() {
    let s = spec(
        "D: {type: array, items: {type: string}}\nC: {type: array, items: {type: integer}, minItems: 2, maxItems: 5}\nU: {type: array, items: {type: boolean}, minItems: 2, uniqueItems: true}\nNo: {type: array, items: {type: boolean}, minItems: 3, uniqueItems: true}\nBad: {type: array, minItems: 3, maxItems: 1}",
    );
    let lens: BTreeSet<usize> = valid(&s, "D", 64)
        .iter()
        .filter_map(|v| v.as_array().map(Vec::len))
        .collect();
    assert_eq!(lens, [0, 1, 2, 3].into());
    assert!(
        valid(&s, "C", 64)
            .iter()
            .all(|v| v.as_array().is_some_and(|a| (2..=5).contains(&a.len())))
    );
    valid(&s, "U", 32);
    assert_eq!(
        refused(&s, "No").pointer(),
        "/components/schemas/No/uniqueItems"
    );
    assert_eq!(
        refused(&s, "Bad").pointer(),
        "/components/schemas/Bad/minItems"
    );
}

#[test]
fn objects_have_every_property_first_then_only_the_required_ones() {
    let s = spec(
        "O:\n  type: object\n  required: [r]\n  properties:\n    r: {type: string}\n    o1: {type: integer, readOnly: true}\n    o2: {type: object, properties: {deep: {type: boolean}}}",
    );
    let values = valid(&s, "O", 64);
    let keys = |v: &Value| {
        v.as_object()
            .map(|m| m.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let named = |v: &Value| {
        keys(v)
            .into_iter()
            .filter(|k| ["r", "o1", "o2"].contains(&k.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(named(&values[0]), ["r", "o1", "o2"]);
    assert!(values[0]["o2"]["deep"].is_boolean());
    assert_eq!(keys(&values[1]), ["r"]);
    assert!(
        values
            .iter()
            .any(|v| named(v) == ["r", "o1"] || named(v) == ["r", "o2"])
    );
    // additionalProperties absent leaves the object open: a key beyond the named ones comes in
    // the first instance (every property) and in some of the others.
    assert!(keys(&values[0]).len() > 3, "{}", values[0]);
    assert!(values[2..].iter().any(|v| keys(v).len() > named(v).len()));
}

#[test]
fn additional_properties_add_extra_keys_only_when_allowed() {
    let s = spec(
        "T: {type: object, properties: {a: {type: string}}, additionalProperties: true}\nS: {type: object, additionalProperties: {type: integer, minimum: 0}}\nF: {type: object, properties: {a: {type: string}}, additionalProperties: false}\nM: {type: object, additionalProperties: {type: string}, minProperties: 2, maxProperties: 3}",
    );
    let extra = |v: &Value| v.as_object().is_some_and(|m| m.keys().any(|k| k != "a"));
    assert!(valid(&s, "T", 32).iter().any(extra));
    let maps = valid(&s, "S", 32);
    assert!(
        maps.iter()
            .any(|v| v.as_object().is_some_and(|m| !m.is_empty()))
    );
    assert!(!valid(&s, "F", 64).iter().any(extra));
    assert!(
        valid(&s, "M", 32)
            .iter()
            .all(|v| v.as_object().is_some_and(|m| (2..=3).contains(&m.len())))
    );
}

#[test]
fn all_of_merges_its_members() {
    let s = spec(
        "Base: {type: object, required: [id], properties: {id: {type: string, maxLength: 4}}}\nMore:\n  allOf:\n    - $ref: '#/components/schemas/Base'\n    - type: object\n      required: [n]\n      properties: {n: {type: integer, minimum: 1}, id: {minLength: 2}}\nNarrow: {allOf: [{type: number, minimum: 0}, {type: integer, maximum: 3}]}\nClash: {allOf: [{type: string}, {type: integer}]}\nClosed: {allOf: [{type: object, properties: {a: {type: string}}, additionalProperties: false}, {type: object, required: [b], properties: {b: {type: string}}}]}\nEnums: {allOf: [{enum: [a, b, c]}, {enum: [b, c, d]}]}\nNoEnum: {allOf: [{enum: [a]}, {enum: [b]}]}",
    );
    for v in valid(&s, "More", 64) {
        let id = v["id"].as_str().expect("id");
        assert!((2..=4).contains(&id.chars().count()), "{id}");
        assert!(v["n"].as_i64().is_some_and(|n| n >= 1));
    }
    assert!(
        valid(&s, "Narrow", 64)
            .iter()
            .all(|v| v.as_i64().is_some_and(|n| (0..=3).contains(&n)))
    );
    assert_eq!(
        refused(&s, "Clash").pointer(),
        "/components/schemas/Clash/allOf/1/type"
    );
    assert_eq!(
        refused(&s, "Closed").pointer(),
        "/components/schemas/Closed/required"
    );
    let e: BTreeSet<String> = valid(&s, "Enums", 64)
        .iter()
        .map(Value::to_string)
        .collect();
    assert_eq!(e, ["\"b\"", "\"c\""].map(String::from).into());
    assert!(refused(&s, "NoEnum").pointer().ends_with("/enum"));
}

#[test]
fn one_of_with_a_discriminator_sets_the_selecting_value() {
    let s = spec(
        "Pet:\n  oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n  discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat'}}\nCat: {type: object, required: [kind], properties: {kind: {type: string}, claws: {type: boolean}}}\nDog: {type: object, required: [kind], properties: {kind: {type: string}, bark: {type: string}}}",
    );
    let values = valid(&s, "Pet", 64);
    let kinds: BTreeSet<&str> = values.iter().filter_map(|v| v["kind"].as_str()).collect();
    assert_eq!(kinds, ["Dog", "cat"].into());
    for v in &values {
        match v["kind"].as_str() {
            Some("cat") => assert!(v.get("bark").is_none()),
            _ => assert!(v.get("claws").is_none()),
        }
    }
}

#[test]
fn a_base_discriminator_names_the_generated_component() {
    let s = spec(
        "Animal:\n  type: object\n  required: [kind]\n  properties: {kind: {type: string}}\n  discriminator: {propertyName: kind, mapping: {mouse: Mouse}}\nMouse:\n  allOf: [{$ref: '#/components/schemas/Animal'}, {type: object, properties: {tail: {type: number}}}]\nOwl:\n  allOf: [{$ref: '#/components/schemas/Animal'}]",
    );
    assert!(valid(&s, "Mouse", 16).iter().all(|v| v["kind"] == "mouse"));
    assert!(valid(&s, "Owl", 16).iter().all(|v| v["kind"] == "Owl"));
}

#[test]
fn any_of_and_one_of_without_discriminator_pick_a_member() {
    let s = spec(
        "A: {anyOf: [{type: string, maxLength: 2}, {type: integer}]}\nO: {oneOf: [{type: object, required: [x], properties: {x: {type: string}}, additionalProperties: false}, {type: object, required: [y], properties: {y: {type: string}}, additionalProperties: false}]}",
    );
    let a = valid(&s, "A", 64);
    assert!(a.iter().any(Value::is_string) && a.iter().any(Value::is_i64));
    let o = valid(&s, "O", 64);
    assert!(o.iter().any(|v| v.get("x").is_some()) && o.iter().any(|v| v.get("y").is_some()));
}

#[test]
fn one_of_members_that_always_overlap_are_an_error() {
    let s = spec(
        "Same: {oneOf: [{type: object}, {type: object, properties: {a: {type: string}}}]}\nPick: {oneOf: [{type: object, properties: {s: {enum: [x]}}}, {type: object, properties: {s: {enum: [y]}}}]}",
    );
    let e = refused(&s, "Same");
    assert_eq!(e.pointer(), "/components/schemas/Same/oneOf");
    assert!(e.message().contains("overlap"), "{e}");
    // Members told apart only by an optional property: that property is always there.
    assert!(
        valid(&s, "Pick", 32)
            .iter()
            .all(|v| v["s"] == "x" || v["s"] == "y")
    );
}

#[test]
fn huge_minimums_are_errors_not_allocations() {
    let s = spec(
        "A: {type: array, minItems: 1000000000000}\nS: {type: string, minLength: 1000000000000}\nR: {type: string, pattern: 'a{100000}'}",
    );
    assert_eq!(refused(&s, "A").pointer(), "/components/schemas/A/minItems");
    assert_eq!(
        refused(&s, "S").pointer(),
        "/components/schemas/S/minLength"
    );
    assert_eq!(refused(&s, "R").pointer(), "/components/schemas/R/pattern");
}

#[test]
fn malformed_bounds_are_errors_and_not_is_ignored() {
    let s = spec(
        "N: {type: number, minimum: 5, maximum: 1}\nI: {type: integer, minimum: 1, maximum: 1, exclusiveMinimum: true}\nM: {type: number, multipleOf: 3, minimum: 1, maximum: 2}\nZ: {type: number, multipleOf: 0}\nP: {type: object, minProperties: 3, maxProperties: 1}\nNot: {type: string, not: {enum: [a]}}",
    );
    for name in ["N", "I", "M", "Z", "P"] {
        let e = refused(&s, name);
        assert!(
            e.pointer()
                .starts_with(&format!("/components/schemas/{name}")),
            "{e}"
        );
    }
    assert!(instances(&s, "Not", 8, 1).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Every schema of every spec
// ---------------------------------------------------------------------------------------------

/// How many instances of each schema the corpus test checks.
const PER_SCHEMA: usize = 32;

/// Totals of the corpus test.
#[derive(Default)]
struct Tally {
    specs: usize,
    schemas: usize,
    instances: usize,
    /// `file schema pointer`, and the message.
    refused: Vec<(String, String)>,
    invalid: Vec<String>,
}

/// The spec files of a directory with one of `extensions`, sorted.
fn spec_files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    files.sort();
    files
}

/// The corpus test's base seed: `HKOB_INSTANCES_SEED` when set, to try others.
fn seed() -> u64 {
    std::env::var("HKOB_INSTANCES_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed)
}

/// Generates and validates every schema of the spec at `path`.
fn check_spec(path: &Path, tally: &mut Tally) {
    let spec =
        hkob_codegen::load::load_spec(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    tally.specs += 1;
    let names: Vec<String> = spec
        .components
        .iter()
        .flat_map(|c| c.schemas.keys().cloned())
        .collect();
    for (i, name) in names.iter().enumerate() {
        tally.schemas += 1;
        let values = match instances(&spec, name, PER_SCHEMA, seed() + i as u64) {
            Ok(v) => v,
            Err(e) => {
                let key = format!("{file} {name} {}", e.pointer());
                tally.refused.push((key, e.message().to_owned()));
                continue;
            }
        };
        let v = validator(&spec, name);
        for value in &values {
            tally.instances += 1;
            let why = errors(&v, value);
            if !why.is_empty() {
                tally
                    .invalid
                    .push(format!("{file} {name}: {value} is invalid: {why:?}"));
            }
        }
    }
}

#[test]
fn every_schema_of_every_spec_gives_valid_instances() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut tally = Tally::default();
    for path in spec_files(&root.join("specs"), &["yaml"]) {
        check_spec(&path, &mut tally);
    }
    let shared = root.join("../shared/specs");
    if shared.is_dir() {
        for (dir, extensions) in [
            ("cds-au", &["json"][..]),
            ("open-finance-brasil", &["yml"][..]),
        ] {
            for path in spec_files(&shared.join(dir), extensions) {
                check_spec(&path, &mut tally);
            }
        }
    } else {
        println!(
            "{} is absent: the shared specs (cds-au, open-finance-brasil) are skipped",
            shared.display()
        );
    }
    println!(
        "{} specs, {} schemas, {} instances checked, {} schemas refused, {} invalid instances",
        tally.specs,
        tally.schemas,
        tally.instances,
        tally.refused.len(),
        tally.invalid.len()
    );
    for (key, message) in &tally.refused {
        println!("refused: {key}: {message}");
    }
    for bad in tally.invalid.iter().take(40) {
        println!("INVALID: {bad}");
    }
    assert!(
        tally.invalid.is_empty(),
        "{} invalid instances",
        tally.invalid.len()
    );
    // Every schema gets instances (the look-ahead of Open Finance Brasil's `employerName`,
    // `^(?!\s)...`, included).
    assert!(
        tally.refused.is_empty(),
        "schemas refused: {:?}",
        tally.refused
    );
}
