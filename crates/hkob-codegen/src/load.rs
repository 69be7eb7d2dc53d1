//! Reading a spec: YAML or JSON, with `$ref`s into other files bundled in.
//!
//! A `$ref` such as `common.yaml#/components/schemas/Amount` is resolved
//! relative to the file that holds it. The target is copied into the root
//! document's `components` (under its own name, suffixed on collision) and
//! the `$ref` is rewritten to point there, so the rest of the generator only
//! ever sees local references.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use crate::error::CodegenError;

mod convert;
pub mod openapi31;
pub mod swagger2;
mod yaml;

pub use convert::Unsupported;

/// Reads the spec at `path` and returns it as one self-contained document.
pub fn load_spec(path: &Path) -> Result<openapiv3::OpenAPI, CodegenError> {
    load_spec_with_notes(path).map(|(spec, _)| spec)
}

/// Reads the spec at `path` as [`load_spec`] does, and also returns what converting it to
/// OpenAPI 3.0 simplified (nothing for a 3.0 spec), one line each.
pub fn load_spec_with_notes(
    path: &Path,
) -> Result<(openapiv3::OpenAPI, Vec<String>), CodegenError> {
    let value = bundle(path)?;
    parse_any(value, path)
}

/// Parses an already bundled document.
pub fn parse_openapi(value: Value, path: &Path) -> Result<openapiv3::OpenAPI, CodegenError> {
    parse_any(value, path).map(|(spec, _)| spec)
}

/// A converter to OpenAPI 3.0: the converted document and its notes.
type Converter = fn(&serde_json::Value) -> Result<(serde_json::Value, Vec<String>), Unsupported>;

/// Parses an already bundled Swagger 2.0, OpenAPI 3.0 or OpenAPI 3.1 document; a 2.0 or 3.1
/// document is converted to 3.0 first, and the notes say what the conversion simplified.
pub fn parse_any(
    value: Value,
    path: &Path,
) -> Result<(openapiv3::OpenAPI, Vec<String>), CodegenError> {
    let swagger = value.get("swagger").map(version_text);
    let openapi = value.get("openapi").map(version_text);
    if swagger.is_some() && openapi.is_some() {
        return Err(CodegenError::spec(
            path,
            "the document has both `swagger` and `openapi`; keep the one its format is",
        ));
    }
    let converter: Converter = match (swagger.as_deref(), openapi.as_deref()) {
        (Some("2.0"), _) => swagger2::convert,
        (Some(v), _) => {
            return Err(CodegenError::spec(
                path,
                format!(
                    "Swagger {v} is not supported; hkob-codegen reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x"
                ),
            ));
        }
        (None, Some(v)) if v.starts_with("3.1") => openapi31::convert,
        (None, Some(v)) if !v.starts_with("3.0") => {
            return Err(CodegenError::spec(
                path,
                format!(
                    "OpenAPI {v} is not supported; hkob-codegen reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x"
                ),
            ));
        }
        _ => {
            let spec =
                typed(value).map_err(|e| e.into_error(path, "not a valid OpenAPI 3.0 document"))?;
            return Ok((spec, Vec::new()));
        }
    };
    let label = if swagger.is_some() {
        "Swagger 2.0"
    } else {
        "OpenAPI 3.1"
    };
    // The crate turns on serde_json's `preserve_order`, so the objects of the JSON value keep
    // the document's order (properties, paths, schemas) and struct fields follow the spec as
    // they do for a 3.0 document; without it they would come out sorted by name.
    let json: serde_json::Value = serde_json::to_value(&value).map_err(|e| {
        CodegenError::spec(
            path,
            format!("the {label} document is not plain JSON data: {e}"),
        )
    })?;
    let (converted, notes) = converter(&json).map_err(|u| CodegenError::Unsupported {
        path: path.to_path_buf(),
        pointer: u.pointer,
        message: u.message,
    })?;
    let spec = typed(converted).map_err(|e| {
        e.into_error(
            path,
            &format!("the {label} document, converted to OpenAPI 3.0, is not valid"),
        )
    })?;
    Ok((spec, notes))
}

/// Why a document does not read as OpenAPI 3.0, and where.
struct Misshapen {
    /// The JSON pointer of the deepest place the reader got to (`#` for the root).
    pointer: String,
    message: String,
}

impl Misshapen {
    fn into_error(self, path: &Path, what: &str) -> CodegenError {
        if self.pointer == "#" {
            CodegenError::spec(path, format!("{what}: {}", self.message))
        } else {
            CodegenError::Invalid {
                path: path.to_path_buf(),
                pointer: self.pointer,
                message: format!("{what}: {}", self.message),
            }
        }
    }
}

/// Reads an OpenAPI 3.0 document from `value`, keeping the path to the part that does not fit.
fn typed<'de, D: serde::Deserializer<'de>>(value: D) -> Result<openapiv3::OpenAPI, Misshapen>
where
    D::Error: std::fmt::Display,
{
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut pointer = String::from("#");
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                }
                serde_path_to_error::Segment::Map { key } => {
                    pointer.push('/');
                    pointer.push_str(&crate::pointer::escape(key));
                }
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        Misshapen {
            pointer,
            message: e.inner().to_string(),
        }
    })
}

/// A version field as text (`swagger: 2.0` is a YAML number).
fn version_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => {
            let s = n.to_string();
            if s.contains('.') { s } else { format!("{s}.0") }
        }
        other => format!("{other:?}"),
    }
}

/// Reads the spec at `path` and bundles every external `$ref` into it.
pub fn bundle(path: &Path) -> Result<Value, CodegenError> {
    let mut bundler = Bundler {
        root_file: normalize(path),
        files: BTreeMap::new(),
        imported: BTreeMap::new(),
        additions: Vec::new(),
    };
    let mut root = bundler.file(path)?;
    bundler.rewrite(&mut root, path)?;
    // Imports can import more; settle them until none are left.
    let mut components: Vec<(String, String, Value)> = Vec::new();
    while let Some((section, name, mut value, file)) = bundler.additions.pop() {
        bundler.rewrite(&mut value, &file)?;
        components.push((section, name, value));
    }
    let root_map = match root.as_mapping_mut() {
        Some(m) => m,
        None => return Err(CodegenError::spec(path, "the document is not a mapping")),
    };
    let comps = root_map
        .entry(Value::String("components".into()))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    for (section, name, value) in components {
        if let Some(c) = comps.as_mapping_mut() {
            let sect = c
                .entry(Value::String(section))
                .or_insert_with(|| Value::Mapping(Mapping::new()));
            if let Some(s) = sect.as_mapping_mut() {
                s.insert(Value::String(name), value);
            }
        }
    }
    check_refs(&root, path)?;
    Ok(root)
}

/// Keys whose values are data, not spec: a `$ref` in them is not a reference.
const DATA_KEYS: [&str; 4] = ["example", "default", "enum", "const"];

/// Every local `$ref` of the bundled document points at something, and no chain of `$ref`s and
/// `allOf`s comes back to where it started (a schema that is only itself has no Rust type).
fn check_refs(root: &Value, path: &Path) -> Result<(), CodegenError> {
    let mut refs = Vec::new();
    collect_refs(root, &mut String::new(), &mut refs);
    for (at, reference) in &refs {
        if reference.is_empty() {
            return Err(CodegenError::Invalid {
                path: path.to_path_buf(),
                pointer: format!("#{at}"),
                message: "`$ref` is not a string".to_owned(),
            });
        }
        let Some(fragment) = reference.strip_prefix('#') else {
            continue;
        };
        if resolve_pointer(root, fragment).is_none() {
            return Err(CodegenError::Invalid {
                path: path.to_path_buf(),
                pointer: format!("#{at}"),
                message: format!("$ref `{reference}` points at nothing"),
            });
        }
    }
    // Depth-first over the alias edges (a `$ref` or an `allOf` member's `$ref`), marking each
    // target: on the current chain, or done.
    let mut done: Vec<String> = Vec::new();
    for (at, reference) in &refs {
        if let Some(fragment) = reference.strip_prefix('#') {
            let mut chain = Vec::new();
            alias_cycle(root, fragment, at, &mut chain, &mut done, path)?;
        }
    }
    Ok(())
}

/// The `$ref`s of `value`, with the pointer of the object that holds each.
fn collect_refs(value: &Value, at: &mut String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                let Some(key) = k.as_str() else { continue };
                if key == "$ref" {
                    match v {
                        Value::String(r) => out.push((format!("{at}/$ref"), r.clone())),
                        // A property that happens to be named `$ref`.
                        Value::Mapping(_) => collect_refs(v, &mut format!("{at}/$ref"), out),
                        // Not a reference: kept as an empty one, which points at nothing.
                        _ => out.push((format!("{at}/$ref"), String::new())),
                    }
                    continue;
                }
                if DATA_KEYS.contains(&key) || key.starts_with("x-") {
                    continue;
                }
                let len = at.len();
                at.push('/');
                at.push_str(&crate::pointer::escape(key));
                collect_refs(v, at, out);
                at.truncate(len);
            }
        }
        Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                collect_refs(v, at, out);
                at.truncate(len);
            }
        }
        Value::Tagged(t) => collect_refs(&t.value, at, out),
        _ => {}
    }
}

/// Follows the alias edges from `fragment`, reached by the `$ref` at `via`; an edge back into
/// `chain` is a cycle, reported at the `$ref` that closes it.
fn alias_cycle(
    root: &Value,
    fragment: &str,
    via: &str,
    chain: &mut Vec<String>,
    done: &mut Vec<String>,
    path: &Path,
) -> Result<(), CodegenError> {
    if done.iter().any(|d| d == fragment) {
        return Ok(());
    }
    if let Some(start) = chain.iter().position(|c| c == fragment) {
        let mut cycle: Vec<String> = chain[start..].iter().map(|c| format!("#{c}")).collect();
        cycle.push(format!("#{fragment}"));
        return Err(CodegenError::Invalid {
            path: path.to_path_buf(),
            pointer: format!("#{via}"),
            message: format!(
                "a cycle of `$ref`s and `allOf`s with nothing but references in it: {}",
                cycle.join(" -> ")
            ),
        });
    }
    let Some(target) = resolve_pointer(root, fragment) else {
        return Ok(());
    };
    chain.push(fragment.to_owned());
    let mut next: Vec<(String, &str)> = Vec::new();
    if let Some(r) = target.get("$ref").and_then(Value::as_str) {
        next.push((format!("{fragment}/$ref"), r));
    }
    if let Some(Value::Sequence(members)) = target.get("allOf") {
        for (i, m) in members.iter().enumerate() {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                next.push((format!("{fragment}/allOf/{i}/$ref"), r));
            }
        }
    }
    for (at, r) in next {
        if let Some(f) = r.strip_prefix('#') {
            alias_cycle(root, f, &at, chain, done, path)?;
        }
    }
    chain.pop();
    done.push(fragment.to_owned());
    Ok(())
}

struct Bundler {
    root_file: PathBuf,
    files: BTreeMap<PathBuf, Value>,
    /// (file, fragment) -> (section, name) already imported.
    imported: BTreeMap<(PathBuf, String), (String, String)>,
    /// Imported values still to rewrite: (section, name, value, file it came from).
    additions: Vec<(String, String, Value, PathBuf)>,
}

impl Bundler {
    fn file(&mut self, path: &Path) -> Result<Value, CodegenError> {
        let key = path.to_path_buf();
        if let Some(v) = self.files.get(&key) {
            return Ok(v.clone());
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| CodegenError::spec(path, format!("cannot read: {e}")))?;
        // A byte-order mark is legal at the start of a file; the parsers do not want it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let mut value: Value = if is_json {
            serde_json::from_str(text)
                .map_err(|e| CodegenError::spec(path, format!("not valid JSON: {e}")))?
        } else {
            yaml::from_str(text)
                .map_err(|e| CodegenError::spec(path, format!("not valid YAML: {e}")))?
        };
        stringify_keys(&mut value);
        self.files.insert(key, value.clone());
        Ok(value)
    }

    /// Rewrites every `$ref` in `value` (which came from `file`) into a local one.
    fn rewrite(&mut self, value: &mut Value, file: &Path) -> Result<(), CodegenError> {
        match value {
            Value::Mapping(map) => {
                let reference = map.get("$ref").and_then(Value::as_str).map(str::to_owned);
                if let Some(r) = reference {
                    let local = self.localize(&r, file)?;
                    map.insert(Value::String("$ref".into()), Value::String(local));
                }
                for (k, v) in map.iter_mut() {
                    if k.as_str() == Some("$ref") {
                        continue;
                    }
                    self.rewrite(v, file)?;
                }
            }
            Value::Sequence(items) => {
                for v in items {
                    self.rewrite(v, file)?;
                }
            }
            Value::Tagged(t) => self.rewrite(&mut t.value, file)?,
            _ => {}
        }
        Ok(())
    }

    fn localize(&mut self, reference: &str, file: &Path) -> Result<String, CodegenError> {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, frag)) => (f, frag.to_owned()),
            None => (reference, String::new()),
        };
        let target_file = if file_part.is_empty() {
            normalize(file)
        } else {
            if file_part.starts_with("http://") || file_part.starts_with("https://") {
                return Err(CodegenError::spec(
                    file,
                    format!(
                        "remote $ref `{reference}` is not supported; download the file and refer to it by path"
                    ),
                ));
            }
            let base = file.parent().unwrap_or_else(|| Path::new("."));
            normalize(&base.join(file_part))
        };
        if target_file == self.root_file {
            return Ok(format!("#{fragment}"));
        }
        let key = (target_file.clone(), fragment.clone());
        if let Some((section, name)) = self.imported.get(&key) {
            return Ok(format!(
                "#/components/{section}/{}",
                crate::pointer::escape(name)
            ));
        }
        let doc = self.file(&target_file)?;
        let target = resolve_pointer(&doc, &fragment).ok_or_else(|| {
            CodegenError::spec(file, format!("$ref `{reference}` points at nothing"))
        })?;
        let segments: Vec<String> = fragment
            .split('/')
            .filter(|s| !s.is_empty())
            .map(crate::pointer::unescape)
            .collect();
        let (section, wanted) = match segments.as_slice() {
            [c, section, name] if c == "components" => (section.clone(), name.clone()),
            [.., last] => ("schemas".to_owned(), last.clone()),
            [] => (
                "schemas".to_owned(),
                target_file
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("Imported")
                    .to_owned(),
            ),
        };
        let taken: Vec<&String> = self
            .imported
            .values()
            .filter(|(s, _)| *s == section)
            .map(|(_, n)| n)
            .collect();
        let mut name = wanted.clone();
        let mut i = 2;
        while taken.contains(&&name) || self.root_has(&section, &name) {
            name = format!("{wanted}{i}");
            i += 1;
        }
        self.imported.insert(key, (section.clone(), name.clone()));
        self.additions
            .push((section.clone(), name.clone(), target.clone(), target_file));
        Ok(format!(
            "#/components/{section}/{}",
            crate::pointer::escape(&name)
        ))
    }

    fn root_has(&self, section: &str, name: &str) -> bool {
        self.files
            .get(&self.root_file)
            .and_then(|r| r.get("components"))
            .and_then(|c| c.get(section))
            .and_then(|s| s.get(name))
            .is_some()
    }
}

/// Mapping keys as strings (YAML allows `200:` as an integer key).
fn stringify_keys(value: &mut Value) {
    match value {
        Value::Mapping(map) => {
            let entries: Vec<(Value, Value)> = std::mem::take(map).into_iter().collect();
            for (k, mut v) in entries {
                stringify_keys(&mut v);
                let key = match k {
                    Value::String(s) => Value::String(s),
                    Value::Number(n) => Value::String(n.to_string()),
                    Value::Bool(b) => Value::String(b.to_string()),
                    other => other,
                };
                map.insert(key, v);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(stringify_keys),
        Value::Tagged(t) => stringify_keys(&mut t.value),
        _ => {}
    }
}

/// Follows a JSON pointer (`/components/schemas/X`) into `doc`.
pub fn resolve_pointer<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut current = doc;
    for segment in pointer.split('/').filter(|s| !s.is_empty()) {
        let segment = crate::pointer::unescape(segment);
        current = match current {
            Value::Mapping(m) => m.get(segment.as_str())?,
            Value::Sequence(s) => s.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A directory of the test's own, removed when the test ends (even when it fails).
    struct Scratch(PathBuf);

    impl std::ops::Deref for Scratch {
        type Target = Path;

        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn scratch() -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "hkob-codegen-load-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(dir.join("sub")).expect("scratch");
        Scratch(dir)
    }

    #[test]
    fn local_refs_stay_local_when_the_path_has_parent_steps() {
        let dir = scratch();
        std::fs::write(
            dir.join("local.yaml"),
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\nparameters:\n  Offset: {name: offset, in: query, type: integer}\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/parameters/Offset'}]\n      responses: {'200': {description: ok}}\n",
        )
        .expect("write");
        let roundabout = dir.join("sub").join("..").join("local.yaml");
        let bundled = bundle(&roundabout).expect("bundles");
        let reference = &bundled["paths"]["/a"]["get"]["parameters"][0]["$ref"];
        assert_eq!(reference.as_str(), Some("#/parameters/Offset"));
        assert!(load_spec(&roundabout).is_ok());
    }

    #[test]
    fn external_refs_are_bundled_with_their_own_refs_and_renamed_on_collision() {
        let dir = scratch();
        std::fs::write(
            dir.join("root.yaml"),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
             A: {type: string}\n    Use:\n      type: object\n      properties:\n        \
             a: {$ref: 'sub/other.yaml#/components/schemas/A'}\n        \
             whole: {$ref: 'sub/whole.json'}\n",
        )
        .expect("write");
        std::fs::write(
            dir.join("sub/other.yaml"),
            "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        \
             b: {$ref: '#/components/schemas/B'}\n    B: {type: integer}\n",
        )
        .expect("write");
        // A byte-order mark at the start of a file is accepted.
        std::fs::write(
            dir.join("sub/whole.json"),
            "\u{feff}{\"type\": \"boolean\"}",
        )
        .expect("write");

        let bundled = bundle(&dir.join("root.yaml")).expect("bundles");
        let schemas = &bundled["components"]["schemas"];
        assert_eq!(
            schemas["A"]["type"].as_str(),
            Some("string"),
            "the root's own A stays"
        );
        assert_eq!(
            schemas["Use"]["properties"]["a"]["$ref"].as_str(),
            Some("#/components/schemas/A2")
        );
        assert_eq!(
            schemas["A2"]["properties"]["b"]["$ref"].as_str(),
            Some("#/components/schemas/B")
        );
        assert_eq!(schemas["B"]["type"].as_str(), Some("integer"));
        assert_eq!(
            schemas["Use"]["properties"]["whole"]["$ref"].as_str(),
            Some("#/components/schemas/whole")
        );
        assert_eq!(schemas["whole"]["type"].as_str(), Some("boolean"));
        assert!(parse_openapi(bundled, Path::new("root.yaml")).is_ok());
    }

    #[test]
    fn dangling_and_remote_refs_are_errors() {
        let scratch = scratch();
        let dir = scratch.join("bad");
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(
            dir.join("a.yaml"),
            "openapi: 3.0.3\ncomponents:\n  schemas:\n    X: {$ref: 'missing.yaml#/X'}\n",
        )
        .expect("write");
        assert!(bundle(&dir.join("a.yaml")).is_err());
        std::fs::write(
            dir.join("b.yaml"),
            "openapi: 3.0.3\ncomponents:\n  schemas:\n    X: {$ref: 'https://example.com/x.yaml'}\n",
        )
        .expect("write");
        let err = bundle(&dir.join("b.yaml")).expect_err("remote");
        assert!(err.to_string().contains("remote"), "{err}");
    }
}
