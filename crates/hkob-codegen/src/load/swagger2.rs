//! Swagger 2.0 → OpenAPI 3.0, as JSON values.
//!
//! `definitions`, top-level `parameters` and `responses` and `securityDefinitions` move under
//! `components` (and every `$ref` with them); `host` + `basePath` + `schemes` become `servers`;
//! `body` and `formData` parameters become a `requestBody` with the `consumes` media types; other
//! parameters get a `schema`; responses get a `content` per `produces` media type. What cannot be
//! said in 3.0 is an [`Unsupported`] error naming its JSON pointer; what is simplified is a note.

use serde_json::{Map, Value, json};

use super::convert::{
    Notes, Ptr, Unsupported, copy_extensions, copy_keys, entries, object, require_info, strings,
};

/// The HTTP methods a Swagger 2.0 path item can hold.
const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// Keywords of a non-body parameter (and of `items`) that describe its value.
const VALUE_KEYWORDS: [&str; 14] = [
    "format",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// Converts a Swagger 2.0 document; returns the OpenAPI 3.0 document and the notes.
pub fn convert(doc: &Value) -> Result<(Value, Vec<String>), Unsupported> {
    let root = Ptr::root();
    let src = object(doc, &root, "the document")?;
    require_info(src)?;
    let mut c = Converter {
        src,
        notes: Notes::new("converted from Swagger 2.0"),
    };
    let out = c.document()?;
    Ok((out, c.notes.into_lines()))
}

struct Converter<'d> {
    src: &'d Map<String, Value>,
    notes: Notes,
}

/// How an operation's body goes on the wire.
struct Media {
    consumes: Vec<String>,
    produces: Vec<String>,
}

impl<'d> Converter<'d> {
    fn document(&mut self) -> Result<Value, Unsupported> {
        let root = Ptr::root();
        let src = self.src;
        let mut out = Map::new();
        out.insert("openapi".into(), json!("3.0.3"));
        copy_keys(src, &mut out, &["info"]);
        if let Some(servers) = self.servers()? {
            out.insert("servers".into(), servers);
        }
        let global = Media {
            consumes: strings(src, "consumes", &root)?.unwrap_or_default(),
            produces: strings(src, "produces", &root)?.unwrap_or_default(),
        };

        let mut paths = Map::new();
        for (path, item) in entries(src, "paths", &root)? {
            let ptr = root.at("paths").at(path);
            if path.starts_with("x-") {
                paths.insert(path.clone(), item.clone());
                continue;
            }
            paths.insert(path.clone(), self.path_item(item, &ptr, &global)?);
        }
        out.insert("paths".into(), Value::Object(paths));

        let mut components = Map::new();
        // Components the bundler brought in from other files come first; the root's own win.
        if let Some(existing) = src.get("components").and_then(Value::as_object) {
            for (section, values) in existing {
                let Some(values) = values.as_object() else {
                    continue;
                };
                let ptr = root.at("components").at(section);
                let mut converted = Map::new();
                for (name, v) in values {
                    let p = ptr.at(name);
                    let v = if section == "schemas" {
                        self.schema(v, &p)?
                    } else {
                        v.clone()
                    };
                    converted.insert(name.clone(), v);
                }
                components.insert(section.clone(), Value::Object(converted));
            }
        }
        let mut section = |name: &str, values: Map<String, Value>| {
            if values.is_empty() {
                return;
            }
            let entry = components
                .entry(name.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(m) = entry.as_object_mut() {
                m.extend(values);
            }
        };
        let mut schemas = Map::new();
        for (name, schema) in entries(src, "definitions", &root)? {
            schemas.insert(
                name.clone(),
                self.schema(schema, &root.at("definitions").at(name))?,
            );
        }
        section("schemas", schemas);
        let mut parameters = Map::new();
        for (name, param) in entries(src, "parameters", &root)? {
            let ptr = root.at("parameters").at(name);
            let p = object(param, &ptr, "a parameter")?;
            match p.get("in").and_then(Value::as_str) {
                // Inlined into the request body of every operation that refers to them.
                Some("body" | "formData") => {}
                _ => {
                    parameters.insert(name.clone(), self.parameter(p, &ptr)?);
                }
            }
        }
        section("parameters", parameters);
        let mut responses = Map::new();
        for (name, response) in entries(src, "responses", &root)? {
            let ptr = root.at("responses").at(name);
            responses.insert(
                name.clone(),
                self.response(response, &ptr, &global.produces)?,
            );
        }
        section("responses", responses);
        let mut schemes = Map::new();
        for (name, scheme) in entries(src, "securityDefinitions", &root)? {
            let ptr = root.at("securityDefinitions").at(name);
            schemes.insert(name.clone(), security_scheme(scheme, &ptr)?);
        }
        section("securitySchemes", schemes);
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        copy_keys(src, &mut out, &["security", "tags", "externalDocs"]);
        copy_extensions(src, &mut out, &[]);
        let mut out = Value::Object(out);
        rewrite_refs(&mut out);
        Ok(out)
    }

    /// `host` + `basePath` + `schemes` → `servers`.
    fn servers(&mut self) -> Result<Option<Value>, Unsupported> {
        let root = Ptr::root();
        let host = self.src.get("host").and_then(Value::as_str);
        let base = self
            .src
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or("");
        let schemes = strings(self.src, "schemes", &root)?.unwrap_or_default();
        let Some(host) = host else {
            if base.is_empty() {
                return Ok(None);
            }
            return Ok(Some(json!([{ "url": base }])));
        };
        let schemes: Vec<String> = if schemes.is_empty() {
            self.notes.add(
                &root.at("schemes"),
                "no `schemes`: the server is taken to be https",
            );
            vec!["https".into()]
        } else {
            schemes
                .into_iter()
                .filter(|s| s == "https" || s == "http")
                .collect()
        };
        let servers: Vec<Value> = schemes
            .iter()
            .map(|s| json!({ "url": format!("{s}://{host}{base}") }))
            .collect();
        Ok(Some(Value::Array(servers)))
    }

    fn path_item(
        &mut self,
        item: &'d Value,
        ptr: &Ptr,
        global: &Media,
    ) -> Result<Value, Unsupported> {
        let src = object(item, ptr, "a path item")?;
        if let Some(r) = src.get("$ref") {
            return Err(Unsupported::at(
                &ptr.at("$ref"),
                format!("a path item `$ref` ({r}) is not supported; inline the path item"),
            ));
        }
        let mut out = Map::new();
        // Path-level parameters: the plain ones stay here, body and form ones go to each operation.
        let mut shared_body = Vec::new();
        let mut shared = Vec::new();
        if let Some(params) = src.get("parameters") {
            let list = params
                .as_array()
                .ok_or_else(|| Unsupported::at(&ptr.at("parameters"), "not an array"))?;
            for (i, p) in list.iter().enumerate() {
                let p_ptr = ptr.at("parameters").at(i);
                let (resolved, at) = self.resolve_parameter(p, &p_ptr)?;
                match resolved.get("in").and_then(Value::as_str) {
                    Some("body" | "formData") => shared_body.push((resolved, at)),
                    _ => shared.push(self.plain_parameter(p, resolved, &p_ptr)?),
                }
            }
        }
        for method in METHODS {
            if let Some(op) = src.get(method) {
                let op = self.operation(op, &ptr.at(method), global, &shared_body)?;
                out.insert(method.to_owned(), op);
            }
        }
        if !shared.is_empty() {
            out.insert("parameters".into(), Value::Array(shared));
        }
        copy_extensions(src, &mut out, &[]);
        Ok(Value::Object(out))
    }

    /// A parameter and the pointer it is defined at: itself, or the top-level one its `$ref` names.
    fn resolve_parameter(
        &self,
        param: &'d Value,
        ptr: &Ptr,
    ) -> Result<(&'d Map<String, Value>, Ptr), Unsupported> {
        let p = object(param, ptr, "a parameter")?;
        let Some(reference) = p.get("$ref") else {
            return Ok((p, ptr.clone()));
        };
        let name = reference
            .as_str()
            .and_then(|r| r.strip_prefix("#/parameters/"))
            .ok_or_else(|| {
                Unsupported::at(
                    &ptr.at("$ref"),
                    format!("a parameter `$ref` must be `#/parameters/<name>`, not {reference}"),
                )
            })?;
        let name = crate::pointer::unescape(name);
        let target = self
            .src
            .get("parameters")
            .and_then(|ps| ps.get(&name))
            .ok_or_else(|| {
                Unsupported::at(&ptr.at("$ref"), format!("{reference} points at nothing"))
            })?;
        let at = Ptr::root().at("parameters").at(&name);
        Ok((object(target, &at, "a parameter")?, at))
    }

    /// A non-body parameter as it goes into `parameters`: a `$ref` stays one.
    fn plain_parameter(
        &mut self,
        original: &Value,
        resolved: &Map<String, Value>,
        ptr: &Ptr,
    ) -> Result<Value, Unsupported> {
        if original.get("$ref").is_some() {
            return Ok(original.clone());
        }
        self.parameter(resolved, ptr)
    }

    fn operation(
        &mut self,
        op: &'d Value,
        ptr: &Ptr,
        global: &Media,
        shared_body: &[(&'d Map<String, Value>, Ptr)],
    ) -> Result<Value, Unsupported> {
        let src = object(op, ptr, "an operation")?;
        let media = Media {
            consumes: strings(src, "consumes", ptr)?.unwrap_or_else(|| global.consumes.clone()),
            produces: strings(src, "produces", ptr)?.unwrap_or_else(|| global.produces.clone()),
        };
        let mut out = Map::new();
        copy_keys(
            src,
            &mut out,
            &[
                "tags",
                "summary",
                "description",
                "externalDocs",
                "operationId",
                "deprecated",
                "security",
            ],
        );
        if src.contains_key("schemes") {
            self.notes.add(
                &ptr.at("schemes"),
                "the operation's own `schemes` are dropped; it uses the document's servers",
            );
        }
        let mut params = Vec::new();
        let mut body: Option<(&Map<String, Value>, Ptr)> = None;
        let mut form: Vec<(&Map<String, Value>, Ptr)> = Vec::new();
        let mut own_body = false;
        if let Some(list) = src.get("parameters") {
            let list = list
                .as_array()
                .ok_or_else(|| Unsupported::at(&ptr.at("parameters"), "not an array"))?;
            for (i, p) in list.iter().enumerate() {
                let p_ptr = ptr.at("parameters").at(i);
                let (resolved, at) = self.resolve_parameter(p, &p_ptr)?;
                match resolved.get("in").and_then(Value::as_str) {
                    Some("body") => {
                        own_body = true;
                        if body.is_some() {
                            return Err(Unsupported::at(&p_ptr, "a second `in: body` parameter"));
                        }
                        body = Some((resolved, at));
                    }
                    Some("formData") => {
                        own_body = true;
                        form.push((resolved, at));
                    }
                    _ => params.push(self.plain_parameter(p, resolved, &p_ptr)?),
                }
            }
        }
        if !own_body {
            for (p, at) in shared_body {
                if p.get("in").and_then(Value::as_str) == Some("body") {
                    body = Some((p, at.clone()));
                } else {
                    form.push((p, at.clone()));
                }
            }
        }
        if !params.is_empty() {
            out.insert("parameters".into(), Value::Array(params));
        }
        match (body, form.is_empty()) {
            (Some((_, at)), false) => {
                return Err(Unsupported::at(
                    &at,
                    "an operation with both `in: body` and `in: formData` parameters",
                ));
            }
            (Some((p, at)), true) => {
                out.insert("requestBody".into(), self.body(p, &at, &media)?);
            }
            (None, false) => {
                out.insert("requestBody".into(), self.form(&form, ptr, &media)?);
            }
            (None, true) => {}
        }
        let mut responses = Map::new();
        for (code, response) in entries(src, "responses", ptr)? {
            let r_ptr = ptr.at("responses").at(code);
            if code.starts_with("x-") {
                responses.insert(code.clone(), response.clone());
                continue;
            }
            responses.insert(
                code.clone(),
                self.response(response, &r_ptr, &media.produces)?,
            );
        }
        out.insert("responses".into(), Value::Object(responses));
        copy_extensions(src, &mut out, &[]);
        Ok(Value::Object(out))
    }

    /// An `in: body` parameter → `requestBody`.
    fn body(
        &mut self,
        p: &Map<String, Value>,
        ptr: &Ptr,
        media: &Media,
    ) -> Result<Value, Unsupported> {
        let schema = p
            .get("schema")
            .ok_or_else(|| Unsupported::at(ptr, "an `in: body` parameter without a `schema`"))?;
        let schema = self.schema(schema, &ptr.at("schema"))?;
        let types = if media.consumes.is_empty() {
            vec!["application/json".to_owned()]
        } else {
            media.consumes.clone()
        };
        let mut content = Map::new();
        for t in types {
            let mut m = Map::new();
            m.insert("schema".into(), schema.clone());
            if let Some(example) = p.get("x-example") {
                m.insert("example".into(), example.clone());
            }
            content.insert(t, Value::Object(m));
        }
        let mut out = Map::new();
        copy_keys(p, &mut out, &["description"]);
        if p.get("required").and_then(Value::as_bool) == Some(true) {
            out.insert("required".into(), json!(true));
        }
        out.insert("content".into(), Value::Object(content));
        copy_extensions(p, &mut out, &["x-example"]);
        Ok(Value::Object(out))
    }

    /// The `in: formData` parameters → a `requestBody` with an object schema.
    fn form(
        &mut self,
        params: &[(&Map<String, Value>, Ptr)],
        ptr: &Ptr,
        media: &Media,
    ) -> Result<Value, Unsupported> {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut has_file = false;
        for (p, at) in params {
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| Unsupported::at(at, "a parameter without a `name`"))?;
            has_file |= p.get("type").and_then(Value::as_str) == Some("file");
            let mut schema = self.value_schema(p, at, true)?;
            if let (Some(d), Some(s)) = (p.get("description"), schema.as_object_mut()) {
                s.insert("description".into(), d.clone());
            }
            if let (Some(e), Some(s)) = (p.get("x-example"), schema.as_object_mut()) {
                s.insert("example".into(), e.clone());
            }
            properties.insert(name.to_owned(), schema);
            if p.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(json!(name));
            }
        }
        let multipart = has_file
            || media
                .consumes
                .iter()
                .any(|c| c.starts_with("multipart/form-data"));
        let media_type = if multipart {
            "multipart/form-data"
        } else {
            if media
                .consumes
                .iter()
                .any(|c| !c.starts_with("application/x-www-form-urlencoded"))
            {
                self.notes.add(
                    ptr,
                    "form parameters are sent as application/x-www-form-urlencoded only",
                );
            }
            "application/x-www-form-urlencoded"
        };
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".into(), Value::Array(required));
        }
        let mut out = Map::new();
        if any_required {
            out.insert("required".into(), json!(true));
        }
        out.insert(
            "content".into(),
            json!({ media_type: { "schema": Value::Object(schema) } }),
        );
        Ok(Value::Object(out))
    }

    /// A non-body parameter: `type` and friends → `schema`, `collectionFormat` → `style`/`explode`.
    fn parameter(&mut self, p: &Map<String, Value>, ptr: &Ptr) -> Result<Value, Unsupported> {
        let location = p
            .get("in")
            .and_then(Value::as_str)
            .ok_or_else(|| Unsupported::at(ptr, "a parameter without `in`"))?;
        if !matches!(location, "query" | "header" | "path") {
            return Err(Unsupported::at(
                &ptr.at("in"),
                format!("`in: {location}` is not a Swagger 2.0 parameter location"),
            ));
        }
        let mut out = Map::new();
        copy_keys(
            p,
            &mut out,
            &["name", "in", "description", "required", "allowEmptyValue"],
        );
        out.insert("schema".into(), self.value_schema(p, ptr, false)?);
        if p.get("type").and_then(Value::as_str) == Some("array") {
            let format = p
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let (style, explode) = match (format, location) {
                ("csv", "query") => ("form", false),
                ("csv", _) => ("simple", false),
                ("multi", "query") => ("form", true),
                ("ssv", "query") => ("spaceDelimited", false),
                ("pipes", "query") => ("pipeDelimited", false),
                (other, _) => {
                    return Err(Unsupported::at(
                        &ptr.at("collectionFormat"),
                        format!(
                            "`collectionFormat: {other}` in {location} has no OpenAPI 3.0 style"
                        ),
                    ));
                }
            };
            out.insert("style".into(), json!(style));
            out.insert("explode".into(), json!(explode));
        }
        if let Some(example) = p.get("x-example") {
            out.insert("example".into(), example.clone());
        }
        copy_extensions(p, &mut out, &["x-example"]);
        Ok(Value::Object(out))
    }

    /// The schema of a non-body parameter, a header or an `items`.
    fn value_schema(
        &mut self,
        p: &Map<String, Value>,
        ptr: &Ptr,
        form: bool,
    ) -> Result<Value, Unsupported> {
        let mut schema = Map::new();
        match p.get("type").and_then(Value::as_str) {
            Some("file") if form => {
                schema.insert("type".into(), json!("string"));
                schema.insert("format".into(), json!("binary"));
            }
            Some("file") => {
                return Err(Unsupported::at(
                    &ptr.at("type"),
                    "`type: file` outside a form parameter",
                ));
            }
            Some(t @ ("string" | "number" | "integer" | "boolean" | "array")) => {
                schema.insert("type".into(), json!(t));
            }
            Some(other) => {
                return Err(Unsupported::at(
                    &ptr.at("type"),
                    format!("`type: {other}` is not a parameter type"),
                ));
            }
            None => {
                return Err(Unsupported::at(ptr, "a parameter without a `type`"));
            }
        }
        copy_keys(p, &mut schema, &VALUE_KEYWORDS);
        if schema.get("format").and_then(Value::as_str) == Some("file") {
            schema.remove("format");
        }
        if let Some(items) = p.get("items") {
            let i_ptr = ptr.at("items");
            let items = object(items, &i_ptr, "`items`")?;
            if let Some(f) = items.get("collectionFormat")
                && f.as_str() != Some("csv")
            {
                self.notes.add(
                    &i_ptr.at("collectionFormat"),
                    format!("nested `collectionFormat: {f}` is dropped"),
                );
            }
            schema.insert("items".into(), self.value_schema(items, &i_ptr, false)?);
        } else if schema.get("type").and_then(Value::as_str) == Some("array") {
            return Err(Unsupported::at(ptr, "an array parameter without `items`"));
        }
        Ok(Value::Object(schema))
    }

    fn response(
        &mut self,
        response: &Value,
        ptr: &Ptr,
        produces: &[String],
    ) -> Result<Value, Unsupported> {
        let src = object(response, ptr, "a response")?;
        if src.contains_key("$ref") {
            return Ok(response.clone());
        }
        let mut out = Map::new();
        out.insert(
            "description".into(),
            src.get("description").cloned().unwrap_or_else(|| json!("")),
        );
        let mut headers = Map::new();
        for (name, header) in entries(src, "headers", ptr)? {
            let h_ptr = ptr.at("headers").at(name);
            let h = object(header, &h_ptr, "a header")?;
            let mut converted = Map::new();
            copy_keys(h, &mut converted, &["description"]);
            converted.insert("schema".into(), self.value_schema(h, &h_ptr, false)?);
            copy_extensions(h, &mut converted, &[]);
            headers.insert(name.clone(), Value::Object(converted));
        }
        if !headers.is_empty() {
            out.insert("headers".into(), Value::Object(headers));
        }
        let examples = entries(src, "examples", ptr)?;
        if let Some(schema) = src.get("schema") {
            let schema = self.schema(schema, &ptr.at("schema"))?;
            let types: Vec<String> = if produces.is_empty() {
                vec!["application/json".to_owned()]
            } else {
                produces.to_vec()
            };
            let mut content = Map::new();
            for t in &types {
                let mut m = Map::new();
                m.insert("schema".into(), schema.clone());
                if let Some((_, e)) = examples.iter().find(|(k, _)| *k == t) {
                    m.insert("example".into(), (*e).clone());
                }
                content.insert(t.clone(), Value::Object(m));
            }
            for (k, _) in &examples {
                if !types.contains(k) {
                    self.notes.add(
                        &ptr.at("examples").at(k),
                        format!(
                            "the example for {k}, which the operation does not produce, is dropped"
                        ),
                    );
                }
            }
            out.insert("content".into(), Value::Object(content));
        } else if !examples.is_empty() {
            self.notes.add(
                &ptr.at("examples"),
                "examples of a response without a schema are dropped",
            );
        }
        copy_extensions(src, &mut out, &[]);
        Ok(Value::Object(out))
    }

    /// A Swagger 2.0 schema → an OpenAPI 3.0 schema (recursively).
    fn schema(&mut self, schema: &Value, ptr: &Ptr) -> Result<Value, Unsupported> {
        let src = object(schema, ptr, "a schema")?;
        let mut out = Map::new();
        let nullable = src.get("x-nullable").and_then(Value::as_bool) == Some(true);
        for (k, v) in src {
            let at = ptr.at(k);
            match k.as_str() {
                "x-nullable" => {}
                "properties" => {
                    let mut props = Map::new();
                    for (name, s) in object(v, &at, "`properties`")? {
                        props.insert(name.clone(), self.schema(s, &at.at(name))?);
                    }
                    out.insert(k.clone(), Value::Object(props));
                }
                "items" | "additionalProperties" | "not" if v.is_object() => {
                    out.insert(k.clone(), self.schema(v, &at)?);
                }
                "items" => {
                    return Err(Unsupported::at(
                        &at,
                        "tuple `items` (an array of schemas) is not supported",
                    ));
                }
                "allOf" | "anyOf" | "oneOf" => {
                    let list = v
                        .as_array()
                        .ok_or_else(|| Unsupported::at(&at, "not an array"))?;
                    let converted = list
                        .iter()
                        .enumerate()
                        .map(|(i, s)| self.schema(s, &at.at(i)))
                        .collect::<Result<Vec<_>, _>>()?;
                    out.insert(k.clone(), Value::Array(converted));
                }
                "discriminator" => match v {
                    Value::String(name) => {
                        out.insert(k.clone(), json!({ "propertyName": name }));
                    }
                    other => {
                        out.insert(k.clone(), other.clone());
                    }
                },
                "type" if v.as_str() == Some("file") => {
                    out.insert("type".into(), json!("string"));
                    out.insert("format".into(), json!("binary"));
                }
                "type" if !v.is_string() => {
                    return Err(Unsupported::at(&at, "`type` is not a string"));
                }
                "format" if out.get("format").is_some() => {}
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        if nullable {
            if out.contains_key("$ref") {
                // A `$ref` has no siblings in 3.0: wrap it to say it may be null.
                let reference = out.remove("$ref").unwrap_or_default();
                out.insert("allOf".into(), json!([{ "$ref": reference }]));
            }
            out.insert("nullable".into(), json!(true));
        }
        Ok(Value::Object(out))
    }
}

fn security_scheme(scheme: &Value, ptr: &Ptr) -> Result<Value, Unsupported> {
    let src = object(scheme, ptr, "a security scheme")?;
    let mut out = Map::new();
    match src.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        Some("apiKey") => {
            copy_keys(src, &mut out, &["type", "name", "in"]);
        }
        Some("oauth2") => {
            let flow = src.get("flow").and_then(Value::as_str).unwrap_or_default();
            let (name, urls): (&str, &[&str]) = match flow {
                "implicit" => ("implicit", &["authorizationUrl"]),
                "password" => ("password", &["tokenUrl"]),
                "application" => ("clientCredentials", &["tokenUrl"]),
                "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                other => {
                    return Err(Unsupported::at(
                        &ptr.at("flow"),
                        format!("unknown OAuth 2.0 flow `{other}`"),
                    ));
                }
            };
            let mut f = Map::new();
            for url in urls {
                let value = src.get(*url).ok_or_else(|| {
                    Unsupported::at(ptr, format!("the `{flow}` flow needs `{url}`"))
                })?;
                f.insert((*url).to_owned(), value.clone());
            }
            f.insert(
                "scopes".into(),
                src.get("scopes").cloned().unwrap_or_else(|| json!({})),
            );
            out.insert("type".into(), json!("oauth2"));
            out.insert("flows".into(), json!({ name: Value::Object(f) }));
        }
        other => {
            return Err(Unsupported::at(
                &ptr.at("type"),
                format!("unknown security scheme type {other:?}"),
            ));
        }
    }
    copy_keys(src, &mut out, &["description"]);
    copy_extensions(src, &mut out, &[]);
    Ok(Value::Object(out))
}

/// `#/definitions/X` → `#/components/schemas/X`, and the same for parameters and responses.
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == "$ref"
                    && let Value::String(r) = v
                {
                    for (from, to) in [
                        ("#/definitions/", "#/components/schemas/"),
                        ("#/parameters/", "#/components/parameters/"),
                        ("#/responses/", "#/components/responses/"),
                    ] {
                        if let Some(rest) = r.strip_prefix(from) {
                            *r = format!("{to}{rest}");
                            break;
                        }
                    }
                } else {
                    rewrite_refs(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(extra: Value) -> Value {
        let mut d = json!({
            "swagger": "2.0",
            "info": { "title": "t", "version": "1" },
            "host": "api.bank.example",
            "basePath": "/v1",
            "schemes": ["https"],
            "produces": ["application/json"],
            "paths": {},
        });
        if let (Some(d), Some(e)) = (d.as_object_mut(), extra.as_object()) {
            d.extend(e.clone());
        }
        d
    }

    fn converted(extra: Value) -> Value {
        match convert(&doc(extra)) {
            Ok((v, _)) => v,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn definitions_refs_servers_and_security_move_to_3_0_places() {
        let out = converted(json!({
            "definitions": {
                "Account": {
                    "type": "object",
                    "discriminator": "kind",
                    "properties": {
                        "kind": { "type": "string" },
                        "nickname": { "type": "string", "x-nullable": true },
                        "owner": { "$ref": "#/definitions/Owner" },
                        "scan": { "type": "file" },
                    },
                },
                "Owner": { "type": "string" },
            },
            "securityDefinitions": {
                "basic": { "type": "basic" },
                "key": { "type": "apiKey", "name": "X-Key", "in": "header" },
                "oauth": {
                    "type": "oauth2", "flow": "application",
                    "tokenUrl": "https://auth.example/token", "scopes": { "read": "r" },
                },
            },
        }));
        assert_eq!(out["openapi"], "3.0.3");
        assert_eq!(
            out["servers"],
            json!([{ "url": "https://api.bank.example/v1" }])
        );
        let account = &out["components"]["schemas"]["Account"];
        assert_eq!(account["discriminator"], json!({ "propertyName": "kind" }));
        assert_eq!(account["properties"]["nickname"]["nullable"], true);
        assert!(
            account["properties"]["nickname"]
                .get("x-nullable")
                .is_none()
        );
        assert_eq!(
            account["properties"]["owner"]["$ref"],
            "#/components/schemas/Owner"
        );
        assert_eq!(
            account["properties"]["scan"],
            json!({ "type": "string", "format": "binary" })
        );
        let schemes = &out["components"]["securitySchemes"];
        assert_eq!(
            schemes["basic"],
            json!({ "type": "http", "scheme": "basic" })
        );
        assert_eq!(schemes["key"]["in"], "header");
        assert_eq!(
            schemes["oauth"]["flows"]["clientCredentials"]["tokenUrl"],
            "https://auth.example/token"
        );
    }

    #[test]
    fn parameters_become_schemas_bodies_and_forms() {
        let out = converted(json!({
            "parameters": {
                "Lang": { "name": "lang", "in": "header", "type": "string", "enum": ["en", "tc"] },
            },
            "paths": {
                "/accounts/{id}": {
                    "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string", "x-example": "A1" }],
                    "get": {
                        "operationId": "getAccount",
                        "parameters": [
                            { "$ref": "#/parameters/Lang" },
                            { "name": "fields", "in": "query", "type": "array", "items": { "type": "string" } },
                            { "name": "tag", "in": "query", "type": "array", "collectionFormat": "multi", "items": { "type": "integer" } },
                        ],
                        "responses": { "200": {
                            "description": "ok",
                            "schema": { "type": "string" },
                            "examples": { "application/json": "x" },
                        } },
                    },
                    "post": {
                        "operationId": "update",
                        "parameters": [{ "name": "body", "in": "body", "required": true, "schema": { "type": "object" } }],
                        "consumes": ["application/json"],
                        "responses": { "204": { "description": "done" } },
                    },
                    "put": {
                        "operationId": "upload",
                        "parameters": [
                            { "name": "note", "in": "formData", "type": "string", "required": true },
                            { "name": "file", "in": "formData", "type": "file" },
                        ],
                        "responses": { "204": { "description": "done" } },
                    },
                },
            },
        }));
        let item = &out["paths"]["/accounts/{id}"];
        assert_eq!(item["parameters"][0]["schema"], json!({ "type": "string" }));
        assert_eq!(item["parameters"][0]["example"], "A1");
        let get = &item["get"];
        assert_eq!(get["parameters"][0]["$ref"], "#/components/parameters/Lang");
        assert_eq!(get["parameters"][1]["style"], "form");
        assert_eq!(get["parameters"][1]["explode"], false);
        assert_eq!(get["parameters"][2]["explode"], true);
        assert_eq!(get["parameters"][2]["schema"]["items"]["type"], "integer");
        let media = &get["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"]["type"], "string");
        assert_eq!(media["example"], "x");
        assert_eq!(
            out["components"]["parameters"]["Lang"]["schema"]["enum"],
            json!(["en", "tc"])
        );
        let body = &item["post"]["requestBody"];
        assert_eq!(body["required"], true);
        assert_eq!(
            body["content"]["application/json"]["schema"]["type"],
            "object"
        );
        let form = &item["put"]["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(form["required"], json!(["note"]));
        assert_eq!(form["properties"]["file"]["format"], "binary");
    }

    #[test]
    fn what_cannot_be_converted_names_its_pointer() {
        let err = convert(&doc(json!({
            "paths": { "/a": { "get": {
                "parameters": [{ "name": "t", "in": "query", "type": "array", "collectionFormat": "tsv", "items": { "type": "string" } }],
                "responses": {},
            } } },
        })))
        .expect_err("tsv");
        assert_eq!(err.pointer, "#/paths/~1a/get/parameters/0/collectionFormat");
        let err = convert(&doc(json!({
            "securityDefinitions": { "s": { "type": "oauth2", "flow": "magic" } },
        })))
        .expect_err("flow");
        assert_eq!(err.pointer, "#/securityDefinitions/s/flow");
    }
}
