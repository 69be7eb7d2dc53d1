//! The input formats: Swagger 2.0, OpenAPI 3.0 and OpenAPI 3.1 give the same generated code.

use std::path::{Path, PathBuf};

/// A scratch directory unique to this test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "hkob-codegen-formats-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The generated `types.rs` of the spec `text`, written to `file` in a scratch directory.
fn types_of(test: &str, file: &str, text: &str) -> String {
    let dir = scratch(test);
    let path = dir.join(file);
    std::fs::write(&path, text).expect("write spec");
    let spec = match hkob_codegen::load::load_spec(&path) {
        Ok(s) => s,
        Err(e) => panic!("loading {file}: {e}"),
    };
    let (model, _) = hkob_codegen::build_model(&spec, &Default::default());
    let _ = std::fs::remove_dir_all(&dir);
    hkob_codegen::render::types::render(&model.types, model.ranges.as_ref())
}

/// The `pub` field names of `pub struct <name>` in `types`, in order.
fn fields(types: &str, name: &str) -> Vec<String> {
    let start = types
        .find(&format!("pub struct {name} {{"))
        .unwrap_or_else(|| panic!("no struct {name} in:\n{types}"));
    let body = &types[start..];
    let body = &body[..body.find("\n}").unwrap_or(body.len())];
    body.lines()
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split_once(':').map(|(n, _)| n.trim().to_owned()))
        .filter(|n| !n.starts_with("struct"))
        .collect()
}

/// Properties deliberately out of alphabetical order.
const ORDER: [&str; 5] = ["zeta", "alpha", "mid", "beta", "aardvark"];

fn properties_yaml(indent: &str) -> String {
    ORDER
        .iter()
        .map(|p| format!("{indent}{p}: {{type: string}}\n"))
        .collect()
}

#[test]
fn struct_fields_follow_the_spec_order_in_every_format() {
    let v30 = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n{}",
        properties_yaml("        ")
    );
    let v31 = v30.replace("openapi: 3.0.3", "openapi: 3.1.0");
    let v20 = format!(
        "swagger: '2.0'\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ndefinitions:\n  Thing:\n    type: object\n    properties:\n{}",
        properties_yaml("      ")
    );
    let json20 = serde_json::to_string_pretty(
        &serde_yaml::from_str::<serde_json::Value>(&v20).expect("yaml"),
    )
    .expect("json");
    let expected: Vec<String> = ORDER.iter().map(|s| (*s).to_owned()).collect();
    for (test, file, text) in [
        ("order30", "spec.yaml", v30.as_str()),
        ("order31", "spec.yaml", v31.as_str()),
        ("order20", "spec.yaml", v20.as_str()),
        ("order20json", "spec.json", json20.as_str()),
    ] {
        let types = types_of(test, file, text);
        assert_eq!(fields(&types, "Thing"), expected, "{test}");
    }
}

#[allow(dead_code)]
fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}
