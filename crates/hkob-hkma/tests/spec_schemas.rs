//! The 200 response schema of every operation in `specs/hkma-public.yaml`, read as JSON Schema,
//! accepts what the portal sends with HTTP 200: a served page (the operation's example) and a
//! refusal (`header.success` false and no `result`), and still refuses what it does not send.

use serde_json::{Value, json};

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../specs/hkma-public.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    serde_json::to_value(yaml).expect("the spec is JSON-compatible")
}

/// OpenAPI 3.0 to JSON Schema: `nullable` becomes a type union, and objects refuse properties
/// the spec does not declare.
fn to_json_schema(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.get("nullable") == Some(&Value::Bool(true))
                && let Some(Value::String(t)) = map.get("type").cloned()
            {
                map.insert("type".into(), json!([t, "null"]));
            }
            map.remove("nullable");
            map.remove("example");
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for (k, child) in map.iter_mut() {
                if k != "enum" && k != "required" {
                    to_json_schema(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(to_json_schema),
        _ => {}
    }
}

fn validator(spec: &Value, schema: &Value) -> jsonschema::Validator {
    let mut schemas = spec["components"]["schemas"].clone();
    to_json_schema(&mut schemas);
    let mut root = schema.clone();
    to_json_schema(&mut root);
    root["components"] = json!({ "schemas": schemas });
    jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// Refusals as the portal sends them: the one seen with HTTP 200, and the `1002` bodies.
fn refusals(spec: &Value) -> Vec<Value> {
    let mut bodies = vec![spec["components"]["examples"]["PageSizeTooLarge"]["value"].clone()];
    for response in spec["components"]["responses"]
        .as_object()
        .expect("responses")
        .values()
    {
        if let Some(example) = response["content"]["application/json"]["example"].as_object() {
            bodies.push(Value::Object(example.clone()));
        }
    }
    assert!(bodies.iter().all(|b| b["header"]["success"] == false));
    bodies
}

#[test]
fn every_200_schema_accepts_a_page_and_a_refusal() {
    let spec = spec();
    let refusals = refusals(&spec);
    let mut operations = 0;
    for (path, item) in spec["paths"].as_object().expect("paths") {
        let content = &item["get"]["responses"]["200"]["content"]["application/json"];
        let validator = validator(&spec, &content["schema"]);
        let page = &content["example"];
        assert!(page.is_object(), "{path} has a 200 example");
        assert_eq!(errors(&validator, page), Vec::<String>::new(), "{path}");
        for refusal in &refusals {
            assert_eq!(
                errors(&validator, refusal),
                Vec::<String>::new(),
                "{path} refuses the refusal {refusal}"
            );
        }
        // Still strict: no header, or a page whose records are not the dataset's.
        let mut headless = page.clone();
        headless.as_object_mut().map(|o| o.remove("header"));
        assert!(!validator.is_valid(&headless), "{path}");
        let mut bogus = page.clone();
        bogus["result"]["records"][0]["bogus"] = json!(1);
        assert!(!validator.is_valid(&bogus), "{path}");
        operations += 1;
    }
    assert_eq!(operations, 9);
}
