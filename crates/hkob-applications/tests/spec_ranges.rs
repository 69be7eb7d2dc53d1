//! The ranges the model checks are the ones the specs state: for every integer field of a
//! product's details that a dialect's spec bounds (`minimum` / `maximum`), the model accepts both
//! ends and refuses the values just outside them, naming the field. The specs are read here, so a
//! range changed in a spec and not in the model (or the other way) fails this test.

use hkob_applications::{Application, Consents, ProductDetails, ProductLimits};
use serde_json::Value;

mod support;
use support::{applicant, every_product, today};

/// The specs that take product details by API (the HSBC group's landing page asks the
/// customer for them on the bank's own page).
const SPECS: [&str; 2] = ["phase2-jetco-apix.yaml", "phase2-bochk-group.yaml"];

fn spec(name: &str) -> Value {
    let path = format!("{}/../../specs/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The schema `node` is, following a local `$ref`.
fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(pointer) => spec
            .pointer(pointer.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("a dangling $ref {pointer}")),
        None => node,
    }
}

/// One bounded integer field: where it sits in the `details` JSON and its range.
struct Bounded {
    path: Vec<Step>,
    min: i64,
    max: i64,
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every integer property with both bounds in the objects of `value` that `schema` describes.
fn bounded(spec: &Value, schema: &Value, value: &Value, at: &[Step], out: &mut Vec<Bounded>) {
    let schema = resolve(spec, schema);
    match value {
        Value::Object(members) => {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (name, property) in properties {
                let property = resolve(spec, property);
                let mut here = at.to_vec();
                here.push(Step::Key(name.clone()));
                let is_integer = property.get("type").and_then(Value::as_str) == Some("integer");
                let bounds = (
                    property.get("minimum").and_then(Value::as_i64),
                    property.get("maximum").and_then(Value::as_i64),
                );
                match (is_integer, bounds, members.get(name)) {
                    (true, (Some(min), Some(max)), _) => out.push(Bounded {
                        path: here,
                        min,
                        max,
                    }),
                    (_, _, Some(inner)) => bounded(spec, property, inner, &here, out),
                    _ => {}
                }
            }
        }
        Value::Array(items) => {
            if let (Some(first), Some(item)) = (items.first(), schema.get("items")) {
                let mut here = at.to_vec();
                here.push(Step::Index(0));
                bounded(spec, item, first, &here, out);
            }
        }
        _ => {}
    }
}

fn set(value: &mut Value, path: &[Step], to: i64) {
    let mut node = value;
    for (i, step) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        node = match step {
            Step::Key(k) if last => {
                node[k.as_str()] = Value::from(to);
                return;
            }
            Step::Key(k) => &mut node[k.as_str()],
            Step::Index(n) => &mut node[*n],
        };
    }
}

fn field(path: &[Step]) -> String {
    let mut out = String::from("details");
    for step in path {
        match step {
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(n) => out.push_str(&format!("[{n}]")),
        }
    }
    out
}

/// The fields the model refuses in `details`, or `None` when the details do not decode.
fn refused_fields(details: &Value) -> Option<Vec<String>> {
    let details: ProductDetails = serde_json::from_value(details.clone()).ok()?;
    let built = Application::builder("PRODUCT-1", details)
        .applicant(applicant())
        .consents(Consents::new(true, false))
        .limits(ProductLimits::none())
        .build_on(today());
    Some(match built {
        Ok(_) => Vec::new(),
        Err(invalid) => invalid
            .problems()
            .iter()
            .map(|p| p.field().to_owned())
            .collect(),
    })
}

#[test]
fn every_bounded_integer_of_every_spec_is_checked_with_the_specs_range() {
    let mut checked = 0;
    for name in SPECS {
        let spec = spec(name);
        let schema = spec
            .pointer("/components/schemas/ProductDetails")
            .unwrap_or_else(|| panic!("{name} has no ProductDetails"));
        for (kind, details) in every_product() {
            let document = serde_json::to_value(&details).unwrap();
            let mut fields = Vec::new();
            bounded(&spec, schema, &document, &[], &mut fields);
            for Bounded { path, min, max } in fields {
                let at = field(&path);
                let what = format!("{name} {}: {at} in {min}..={max}", kind.as_str());
                let mut inside = vec![min, max];
                if min < max {
                    inside.push(min + (max - min) / 2);
                }
                for value in inside {
                    let mut d = document.clone();
                    set(&mut d, &path, value);
                    let refused = refused_fields(&d).unwrap_or_else(|| panic!("{what}: {value}"));
                    assert!(
                        !refused.contains(&at),
                        "{what}: {value} is in the spec's range but refused: {refused:?}"
                    );
                }
                for value in [min - 1, max + 1] {
                    let mut d = document.clone();
                    set(&mut d, &path, value);
                    // A value the model's type cannot hold at all (below zero for a count) is
                    // refused by decoding.
                    if let Some(refused) = refused_fields(&d) {
                        assert!(
                            refused.contains(&at),
                            "{what}: {value} is outside the spec's range but accepted \
                             (refused: {refused:?})"
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    println!("{checked} bounded integer fields checked against the specs' ranges");
    // Tenors of deposits, loans and insurance, years of experience, share percentages.
    assert!(checked >= 2 * 8, "only {checked} bounded fields found");
}
