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
    // The named properties in spec order, then the map of the keys the schema does not name.
    let expected: Vec<String> = ORDER
        .iter()
        .map(|s| (*s).to_owned())
        .chain(["additional_properties".to_owned()])
        .collect();
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

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files generated from `tests/specs/bank/<file>`, as (file name, contents), with the
/// conversion notes; every form gets the same label and command so that only the API counts.
fn bank(file: &str) -> (Vec<(String, String)>, Vec<String>) {
    let spec = crate_dir().join("tests/specs/bank").join(file);
    let out = crate_dir().join("tests/snapshots/bank");
    let mut job = hkob_codegen::Job::new(&spec, &out);
    job.spec_label = "crates/hkob-codegen/tests/specs/bank".to_owned();
    job.command = "cargo test -p hkob-codegen --test formats".to_owned();
    let generated = match hkob_codegen::generate(&job) {
        Ok(g) => g,
        Err(e) => panic!("generating {file}: {e}"),
    };
    let files = generated
        .files
        .iter()
        .map(|f| {
            let name = f
                .path
                .strip_prefix(crate_dir())
                .unwrap_or(&f.path)
                .display()
                .to_string();
            (name, f.contents.clone())
        })
        .collect();
    (files, generated.warnings)
}

/// The one line of the module docs where the OpenAPI 3.1 form differs: its `amount` has two
/// `examples`, OpenAPI 3.0 has room for one `example`, and the conversion says that it kept the
/// first. Nothing else differs.
const EXAMPLES_NOTE: &str = "converted from OpenAPI 3.1: `#/components/schemas/Money/properties/amount/examples`: only the first of the schema's examples is kept";

#[test]
fn one_api_in_swagger_2_0_openapi_3_0_and_3_1_generates_the_same_client() {
    let (v30, notes30) = bank("openapi30.yaml");
    let (v20, notes20) = bank("swagger20.yaml");
    let (v31, notes31) = bank("openapi31.yaml");
    assert_eq!(v30.len(), 3, "module, operations, types");
    // Swagger 2.0: byte for byte the same files, and the same notes.
    for ((name, a), (_, b)) in v30.iter().zip(&v20) {
        assert!(a == b, "{name} differs between OpenAPI 3.0 and Swagger 2.0");
    }
    assert_eq!(notes20, notes30);
    // OpenAPI 3.1: the same, except for the note on the dropped second example in the module.
    let note_line = format!("//! - {EXAMPLES_NOTE}\n");
    for ((name, a), (_, b)) in v30.iter().zip(&v31) {
        if name.ends_with("bank.rs") {
            assert!(b.contains(&note_line), "the 3.1 module lists the note");
            // The note is the 3.1 module's only one when the 3.0 module lists nothing.
            let listed = if a.contains("# Not generated") {
                note_line.clone()
            } else {
                format!("//!\n//! # Not generated, or generated with a caveat\n//!\n{note_line}")
            };
            assert!(
                *a == b.replacen(&listed, "", 1),
                "{name} differs beyond the note"
            );
        } else {
            assert!(a == b, "{name} differs between OpenAPI 3.0 and 3.1");
        }
    }
    let mut expected = vec![EXAMPLES_NOTE.to_owned()];
    expected.extend(notes30.iter().cloned());
    assert_eq!(notes31, expected);
    // The documents the generator sees are equal too, including the form bodies it skips.
    let load = |f: &str| {
        hkob_codegen::load::load_spec(&crate_dir().join("tests/specs/bank").join(f))
            .unwrap_or_else(|e| panic!("{f}: {e}"))
    };
    let doc30 = load("openapi30.yaml");
    assert!(
        doc30 == load("swagger20.yaml"),
        "Swagger 2.0 converts to the 3.0 form"
    );
    assert!(
        doc30 == load("openapi31.yaml"),
        "OpenAPI 3.1 converts to the 3.0 form"
    );
}
