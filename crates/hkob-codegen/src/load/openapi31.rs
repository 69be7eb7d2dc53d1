//! OpenAPI 3.1 → OpenAPI 3.0, as JSON values.
//!
//! 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are an older dialect. The conversion rewrites
//! every schema of the document (components, parameters, headers, bodies, responses, callbacks):
//! `type: [X, "null"]` becomes `type: X, nullable: true`, `const` an `enum` of one, `examples` an
//! `example`, numeric `exclusiveMinimum`/`exclusiveMaximum` the boolean form, and a `$ref` with
//! sibling keywords an `allOf`. What is simplified or dropped is a note naming its JSON pointer.

use serde_json::{Map, Value, json};

use super::convert::{Notes, Ptr, Unsupported, object, require_info};

/// The HTTP methods a path item can hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// JSON Schema keywords with no OpenAPI 3.0 meaning, dropped with a note.
const DROPPED: [&str; 14] = [
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicRef",
    "$dynamicAnchor",
];

/// Identifiers and comments, dropped without a note.
const IGNORED: [&str; 6] = [
    "$schema",
    "$id",
    "$anchor",
    "$comment",
    "$vocabulary",
    "$defs",
];

/// Converts an OpenAPI 3.1 document; returns the OpenAPI 3.0 document and the notes.
pub fn convert(doc: &Value) -> Result<(Value, Vec<String>), Unsupported> {
    let root = Ptr::root();
    let src = object(doc, &root, "the document")?;
    require_info(src)?;
    let mut out = src.clone();
    let mut notes = Notes::new("converted from OpenAPI 3.1");
    out.insert("openapi".into(), json!("3.0.3"));
    out.remove("jsonSchemaDialect");
    if out.remove("webhooks").is_some() {
        notes.add(&root.at("webhooks"), "webhooks are not generated; dropped");
    }
    if let Some(info) = out.get_mut("info").and_then(Value::as_object_mut) {
        info.remove("summary");
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut)
            && license.remove("identifier").is_some()
        {
            notes.add(
                &root.at("info").at("license").at("identifier"),
                "the SPDX license identifier is dropped",
            );
        }
    }
    let mut w = Walker { notes };
    match out.get_mut("paths") {
        Some(Value::Object(paths)) => {
            for (path, item) in paths.iter_mut() {
                if !path.starts_with("x-") {
                    w.path_item(item, &root.at("paths").at(path))?;
                }
            }
        }
        Some(_) => {
            return Err(Unsupported::at(
                &root.at("paths"),
                "`paths` is not an object",
            ));
        }
        None => {
            out.insert("paths".into(), json!({}));
        }
    }
    if let Some(components) = out.get_mut("components").and_then(Value::as_object_mut) {
        let ptr = root.at("components");
        if components.remove("pathItems").is_some() {
            w.notes.add(
                &ptr.at("pathItems"),
                "reusable path items are not supported; dropped",
            );
        }
        w.each(components, "schemas", &ptr, Walker::schema)?;
        w.each(components, "parameters", &ptr, Walker::parameter)?;
        w.each(components, "headers", &ptr, Walker::with_content)?;
        w.each(components, "requestBodies", &ptr, Walker::with_content)?;
        w.each(components, "responses", &ptr, Walker::response)?;
        w.each(components, "callbacks", &ptr, Walker::callback)?;
    }
    Ok((Value::Object(out), w.notes.into_lines()))
}

type Visit = fn(&mut Walker, &mut Value, &Ptr) -> Result<(), Unsupported>;

struct Walker {
    notes: Notes,
}

impl Walker {
    /// Visits every value of the object `parent[key]`, if there is one.
    fn each(
        &mut self,
        parent: &mut Map<String, Value>,
        key: &str,
        ptr: &Ptr,
        visit: Visit,
    ) -> Result<(), Unsupported> {
        match parent.get_mut(key) {
            Some(Value::Object(children)) => {
                for (name, child) in children.iter_mut() {
                    visit(self, child, &ptr.at(key).at(name))?;
                }
                Ok(())
            }
            None | Some(Value::Null) => Ok(()),
            Some(_) => Err(Unsupported::at(
                &ptr.at(key),
                format!("`{key}` is not an object"),
            )),
        }
    }

    fn path_item(&mut self, item: &mut Value, ptr: &Ptr) -> Result<(), Unsupported> {
        let Some(map) = item.as_object_mut() else {
            return Err(Unsupported::at(ptr, "a path item is not an object"));
        };
        strip_ref_siblings(map);
        self.list(map, "parameters", ptr, Walker::parameter)?;
        for method in METHODS {
            if let Some(op) = map.get_mut(method) {
                self.operation(op, &ptr.at(method))?;
            }
        }
        Ok(())
    }

    fn operation(&mut self, op: &mut Value, ptr: &Ptr) -> Result<(), Unsupported> {
        let Some(map) = op.as_object_mut() else {
            return Err(Unsupported::at(ptr, "an operation is not an object"));
        };
        self.list(map, "parameters", ptr, Walker::parameter)?;
        if let Some(body) = map.get_mut("requestBody") {
            self.with_content(body, &ptr.at("requestBody"))?;
        }
        self.each(map, "responses", ptr, Walker::response)?;
        self.each(map, "callbacks", ptr, Walker::callback)?;
        Ok(())
    }

    fn list(
        &mut self,
        parent: &mut Map<String, Value>,
        key: &str,
        ptr: &Ptr,
        visit: Visit,
    ) -> Result<(), Unsupported> {
        match parent.get_mut(key) {
            Some(Value::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    visit(self, item, &ptr.at(key).at(i))?;
                }
                Ok(())
            }
            None | Some(Value::Null) => Ok(()),
            Some(_) => Err(Unsupported::at(
                &ptr.at(key),
                format!("`{key}` is not an array"),
            )),
        }
    }

    fn callback(&mut self, callback: &mut Value, ptr: &Ptr) -> Result<(), Unsupported> {
        if let Some(map) = callback.as_object_mut() {
            strip_ref_siblings(map);
            if map.contains_key("$ref") {
                return Ok(());
            }
            for (expression, item) in map.iter_mut() {
                if !expression.starts_with("x-") {
                    self.path_item(item, &ptr.at(expression))?;
                }
            }
        }
        Ok(())
    }

    fn parameter(&mut self, param: &mut Value, ptr: &Ptr) -> Result<(), Unsupported> {
        self.with_content(param, ptr)?;
        if let Some(map) = param.as_object_mut()
            && let Some(schema) = map.get_mut("schema")
        {
            self.schema(schema, &ptr.at("schema"))?;
        }
        Ok(())
    }

    fn response(&mut self, response: &mut Value, ptr: &Ptr) -> Result<(), Unsupported> {
        self.with_content(response, ptr)?;
        if let Some(map) = response.as_object_mut() {
            self.each(map, "headers", ptr, Walker::header)?;
        }
        Ok(())
    }

    fn header(&mut self, header: &mut Value, ptr: &Ptr) -> Result<(), Unsupported> {
        self.parameter(header, ptr)
    }

    /// A request body, header, parameter or response: its `content` media types' schemas.
    fn with_content(&mut self, value: &mut Value, ptr: &Ptr) -> Result<(), Unsupported> {
        let Some(map) = value.as_object_mut() else {
            return Err(Unsupported::at(ptr, "not an object"));
        };
        strip_ref_siblings(map);
        if let Some(schema) = map.get_mut("schema") {
            self.schema(schema, &ptr.at("schema"))?;
        }
        match map.get_mut("content") {
            Some(Value::Object(content)) => {
                for (media, m) in content.iter_mut() {
                    let at = ptr.at("content").at(media);
                    let Some(m) = m.as_object_mut() else {
                        return Err(Unsupported::at(&at, "a media type is not an object"));
                    };
                    if let Some(schema) = m.get_mut("schema") {
                        self.schema(schema, &at.at("schema"))?;
                    }
                }
                Ok(())
            }
            None | Some(Value::Null) => Ok(()),
            Some(_) => Err(Unsupported::at(
                &ptr.at("content"),
                "`content` is not an object",
            )),
        }
    }

    /// A JSON Schema 2020-12 schema → an OpenAPI 3.0 schema, in place and recursively.
    fn schema(&mut self, schema: &mut Value, ptr: &Ptr) -> Result<(), Unsupported> {
        let map = match schema {
            // `true` accepts anything, `false` nothing; 3.0 only has the first.
            Value::Bool(true) => {
                *schema = json!({});
                return Ok(());
            }
            Value::Bool(false) => {
                self.notes
                    .add(ptr, "the `false` schema is taken as `{}` (anything)");
                *schema = json!({});
                return Ok(());
            }
            Value::Object(map) => map,
            _ => return Err(Unsupported::at(ptr, "a schema is not an object")),
        };
        for key in IGNORED {
            map.remove(key);
        }
        for key in DROPPED {
            if map.remove(key).is_some() {
                self.notes.add(
                    &ptr.at(key),
                    format!("`{key}` has no OpenAPI 3.0 form; dropped"),
                );
            }
        }

        // `oneOf: [X, {type: null}]` is X, nullable; taken out before the children are converted.
        let mut nullable = map.get("nullable").and_then(Value::as_bool) == Some(true);
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(list)) = map.get_mut(key) {
                let before = list.len();
                list.retain(|s| !is_null_schema(s));
                if list.len() != before {
                    nullable = true;
                }
                if list.is_empty() {
                    map.remove(key);
                } else if list.len() == 1 && before > 1 {
                    // `oneOf: [X, null]`: X, nullable.
                    let only = list.remove(0);
                    map.remove(key);
                    match only {
                        Value::Object(o) if o.contains_key("$ref") => {
                            map.insert("allOf".into(), json!([Value::Object(o)]));
                        }
                        Value::Object(o) => {
                            for (k, v) in o {
                                map.entry(k).or_insert(v);
                            }
                        }
                        other => {
                            map.insert(key.into(), json!([other]));
                        }
                    }
                }
            }
        }

        // Children first, so that what is built below is already 3.0.
        match map.get_mut("properties") {
            Some(Value::Object(props)) => {
                for (name, s) in props.iter_mut() {
                    self.schema(s, &ptr.at("properties").at(name))?;
                }
            }
            None => {}
            Some(_) => {
                return Err(Unsupported::at(
                    &ptr.at("properties"),
                    "`properties` is not an object",
                ));
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            match map.get_mut(key) {
                Some(s) if s.is_object() || (key != "additionalProperties" && s.is_boolean()) => {
                    self.schema(s, &ptr.at(key))?;
                }
                None => {}
                Some(s) if s.is_boolean() => {}
                Some(_) => {
                    return Err(Unsupported::at(
                        &ptr.at(key),
                        format!("`{key}` is not a schema"),
                    ));
                }
            }
        }
        for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            match map.get_mut(key) {
                Some(Value::Array(list)) => {
                    for (i, s) in list.iter_mut().enumerate() {
                        self.schema(s, &ptr.at(key).at(i))?;
                    }
                }
                None => {}
                Some(_) => {
                    return Err(Unsupported::at(
                        &ptr.at(key),
                        format!("`{key}` is not an array of schemas"),
                    ));
                }
            }
        }

        match map.get("type").cloned() {
            Some(Value::Array(types)) => {
                let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
                if names.len() != types.len() {
                    return Err(Unsupported::at(
                        &ptr.at("type"),
                        "a type that is not a string",
                    ));
                }
                nullable |= names.contains(&"null");
                let others: Vec<&str> = names.into_iter().filter(|t| *t != "null").collect();
                map.remove("type");
                match others.as_slice() {
                    [] => self.notes.add(
                        &ptr.at("type"),
                        "a schema that is only `null` is taken as a nullable schema of any type",
                    ),
                    [one] => {
                        map.insert("type".into(), json!(one));
                    }
                    many => {
                        self.notes.add(
                            &ptr.at("type"),
                            format!("`type: {many:?}` becomes a `oneOf` of the types"),
                        );
                        let alternatives: Vec<Value> =
                            many.iter().map(|t| json!({ "type": t })).collect();
                        map.insert("oneOf".into(), Value::Array(alternatives));
                    }
                }
            }
            Some(Value::String(t)) if t == "null" => {
                map.remove("type");
                nullable = true;
                self.notes.add(
                    &ptr.at("type"),
                    "a schema that is only `null` is taken as a nullable schema of any type",
                );
            }
            _ => {}
        }
        if let Some(Value::Array(examples)) = map.remove("examples") {
            if examples.len() > 1 {
                self.notes.add(
                    &ptr.at("examples"),
                    "only the first of the schema's examples is kept",
                );
            }
            if let Some(first) = examples.into_iter().next() {
                map.entry("example").or_insert(first);
            }
        }
        if let Some(value) = map.remove("const") {
            map.insert("enum".into(), json!([value]));
        }
        for (exclusive, bound, stricter) in [
            ("exclusiveMinimum", "minimum", true),
            ("exclusiveMaximum", "maximum", false),
        ] {
            if let Some(limit) = map.get(exclusive).and_then(Value::as_f64) {
                let limit_value = map.get(exclusive).cloned().unwrap_or_default();
                let current = map.get(bound).and_then(Value::as_f64);
                // Keep the inclusive bound only when it is the tighter one.
                let inclusive_wins =
                    current.is_some_and(|c| if stricter { c > limit } else { c < limit });
                if inclusive_wins {
                    map.remove(exclusive);
                } else {
                    map.insert(bound.into(), limit_value);
                    map.insert(exclusive.into(), json!(true));
                }
            }
        }
        if let Some(Value::Array(prefix)) = map.remove("prefixItems") {
            let first = prefix.first().cloned().unwrap_or_else(|| json!({}));
            let same = prefix.iter().all(|p| *p == first);
            let items = if same && map.get("items").is_none_or(|i| *i == first) {
                self.notes.add(
                    &ptr.at("prefixItems"),
                    "a tuple (`prefixItems`) of one item type becomes an array of that type",
                );
                first
            } else {
                self.notes.add(
                    &ptr.at("prefixItems"),
                    "a tuple (`prefixItems`) of different item types becomes an array of anything",
                );
                json!({})
            };
            map.insert("items".into(), items);
        }
        let encoding = map.remove("contentEncoding");
        let media = map.remove("contentMediaType");
        match (encoding, media) {
            (Some(e), _) => {
                if !matches!(e.as_str(), Some("base64" | "base64url")) {
                    self.notes.add(
                        &ptr.at("contentEncoding"),
                        format!("`contentEncoding: {e}` is taken as base64 (`format: byte`)"),
                    );
                }
                map.insert("format".into(), json!("byte"));
            }
            (None, Some(_)) => {
                map.insert("format".into(), json!("binary"));
            }
            (None, None) => {}
        }

        if map.contains_key("$ref") {
            let siblings: Vec<String> = map
                .keys()
                .filter(|k| {
                    !matches!(k.as_str(), "$ref" | "description" | "summary" | "nullable")
                        && !k.starts_with("x-")
                })
                .cloned()
                .collect();
            map.remove("summary");
            if !siblings.is_empty() || nullable {
                let reference = map.remove("$ref").unwrap_or_default();
                let mut rest = Map::new();
                for k in siblings {
                    if let Some(v) = map.remove(&k) {
                        rest.insert(k, v);
                    }
                }
                let mut all = vec![json!({ "$ref": reference })];
                if !rest.is_empty() {
                    all.push(Value::Object(rest));
                }
                map.insert("allOf".into(), Value::Array(all));
            } else {
                // A 3.0 `$ref` has no siblings: the description is the target's.
                map.remove("description");
            }
        }
        if nullable {
            map.insert("nullable".into(), json!(true));
        }
        Ok(())
    }
}

/// `{"type": "null"}`, alone.
fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
        && schema.as_object().is_some_and(|m| {
            m.keys()
                .all(|k| matches!(k.as_str(), "type" | "description" | "title"))
        })
}

/// 3.1 lets a reference object carry `summary` and `description`; 3.0 does not.
fn strip_ref_siblings(map: &mut Map<String, Value>) {
    if map.contains_key("$ref") {
        map.retain(|k, _| k == "$ref");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(s: Value) -> (Value, Vec<String>) {
        let doc = json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1", "license": { "name": "MIT", "identifier": "MIT" } },
            "webhooks": { "w": {} },
            "components": { "schemas": { "S": s } },
        });
        match convert(&doc) {
            Ok((v, notes)) => (v["components"]["schemas"]["S"].clone(), notes),
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn the_document_becomes_3_0() {
        let doc = json!({ "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "jsonSchemaDialect": "x" });
        let (out, _) = convert(&doc).expect("converts");
        assert_eq!(out["openapi"], "3.0.3");
        assert_eq!(out["paths"], json!({}));
        assert!(out.get("jsonSchemaDialect").is_none());
        let (_, notes) = schema(json!({}));
        assert!(notes.iter().any(|n| n.contains("webhooks")), "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("license")), "{notes:?}");
    }

    #[test]
    fn null_types_become_nullable() {
        assert_eq!(
            schema(json!({ "type": ["string", "null"] })).0,
            json!({ "type": "string", "nullable": true })
        );
        let (many, notes) = schema(json!({ "type": ["string", "integer", "null"] }));
        assert_eq!(
            many,
            json!({ "oneOf": [{ "type": "string" }, { "type": "integer" }], "nullable": true })
        );
        assert!(notes.iter().any(|n| n.contains("oneOf")));
        assert_eq!(
            schema(json!({ "oneOf": [{ "$ref": "#/components/schemas/A" }, { "type": "null" }] }))
                .0,
            json!({ "allOf": [{ "$ref": "#/components/schemas/A" }], "nullable": true })
        );
        assert_eq!(
            schema(json!({ "anyOf": [{ "type": "integer" }, { "type": "null" }] })).0,
            json!({ "type": "integer", "nullable": true })
        );
    }

    #[test]
    fn json_schema_keywords_take_their_3_0_form() {
        assert_eq!(
            schema(json!({ "type": "string", "const": "X", "examples": ["X"] })).0,
            json!({ "type": "string", "enum": ["X"], "example": "X" })
        );
        assert_eq!(
            schema(json!({ "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5 })).0,
            json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 5 })
        );
        assert_eq!(
            schema(json!({ "$ref": "#/components/schemas/A", "description": "d" })).0,
            json!({ "$ref": "#/components/schemas/A" })
        );
        assert_eq!(
            schema(json!({ "$ref": "#/components/schemas/A", "readOnly": true })).0,
            json!({ "allOf": [{ "$ref": "#/components/schemas/A" }, { "readOnly": true }] })
        );
        let (tuple, notes) = schema(
            json!({ "type": "array", "prefixItems": [{ "type": "string" }, { "type": "integer" }] }),
        );
        assert_eq!(tuple, json!({ "type": "array", "items": {} }));
        assert!(notes.iter().any(|n| n.contains("prefixItems")));
        assert_eq!(
            schema(json!({ "type": "string", "contentEncoding": "base64" })).0,
            json!({ "type": "string", "format": "byte" })
        );
        assert_eq!(
            schema(json!({ "type": "string", "contentMediaType": "image/png" })).0,
            json!({ "type": "string", "format": "binary" })
        );
    }
}
