//! The mocked portal's answers, checked against `specs/hkma-public.yaml`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use http::StatusCode;
use serde_json::{Value, json};

use super::{Portal, data, serve};
use crate::rejection::Checked;

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../specs/hkma-public.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    serde_yaml::from_str(&text).expect("the spec is YAML")
}

/// OpenAPI 3.0 to JSON Schema: `nullable` becomes a type union, and objects
/// refuse properties the spec does not declare.
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

fn validator(spec: &Value, name: &str) -> jsonschema::Validator {
    let mut schemas = spec["components"]["schemas"].clone();
    to_json_schema(&mut schemas);
    let root = json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": {"schemas": schemas},
    });
    jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .expect("the schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, name: &str, instance: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

async fn get(portal: &Arc<Portal>, path: &str, params: &[(&str, &str)]) -> (StatusCode, Value) {
    let params = params
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    let response = serve(
        State(portal.clone()),
        Checked(Path(path.to_owned())),
        Checked(Query(params)),
    )
    .await;
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("the body is read");
    (
        status,
        serde_json::from_slice(&body).expect("the body is JSON"),
    )
}

const CASES: [(&str, &str, &str, &str); 12] = [
    (data::LIQUIDITY, "", "", "InterbankLiquidityResponse"),
    (
        data::HIBOR,
        "segment",
        "hibor.fixing",
        "HiborFixingsResponse",
    ),
    (data::HIBOR, "segment", "honia", "HiborFixingsResponse"),
    (data::HIBOR, "segment", "hibor", "HiborFixingsResponse"),
    (data::EXCHANGE_RATES, "", "", "ExchangeRatesDailyResponse"),
    (
        data::RATE_AVERAGES,
        "",
        "",
        "HkdInterestRateAveragesResponse",
    ),
    (data::RATE_CHANGES, "", "", "HkdInterestRateChangesResponse"),
    (data::DEPOSITS, "segment", "new", "CustomerDepositsResponse"),
    (data::DEPOSITS, "segment", "old", "CustomerDepositsResponse"),
    (data::BRANCHES, "lang", "tc", "BankBranchesResponse"),
    (data::ATMS, "lang", "en", "BankAtmsResponse"),
    (
        data::REGISTER,
        "lang",
        "en",
        "AuthorizedInstitutionsResponse",
    ),
];

#[tokio::test]
async fn every_answer_fits_the_spec() {
    let spec = spec();
    let portal = Arc::new(Portal {
        tables: data::generate(5),
    });
    for (path, selector, value, schema) in CASES {
        assert!(
            spec["paths"][format!("/{path}")]["get"].is_object(),
            "{path} is in the spec"
        );
        let validator = validator(&spec, schema);
        let mut offset = 0usize;
        loop {
            let offset_text = offset.to_string();
            let mut params = vec![("offset", offset_text.as_str()), ("pagesize", "150")];
            if !selector.is_empty() {
                params.push((selector, value));
            }
            let (status, body) = get(&portal, path, &params).await;
            assert_eq!(status, StatusCode::OK, "{path} {body}");
            assert_valid(&validator, schema, &body);
            if offset == 0 {
                // The check has teeth: an undeclared field is refused.
                let mut tampered = body.clone();
                tampered["result"]["records"][0]["bogus"] = json!(1);
                assert!(!validator.is_valid(&tampered), "{path}");
            }
            let count = body["result"]["records"].as_array().map_or(0, Vec::len);
            assert_eq!(body["result"]["datasize"], json!(count));
            offset += count;
            if count < 150 {
                break;
            }
        }
        assert!(offset > 0, "{path} has rows");
    }
}

/// A dataset, its parameters, and the status and code of the refusal.
type Refused = (
    &'static str,
    &'static [(&'static str, &'static str)],
    StatusCode,
    &'static str,
);

#[tokio::test]
async fn refusals_fit_the_spec() {
    let spec = spec();
    let portal = Arc::new(Portal {
        tables: data::generate(5),
    });
    let validator = validator(&spec, "ErrorResponse");
    let cases: [Refused; 5] = [
        (data::HIBOR, &[], StatusCode::BAD_REQUEST, "1002"),
        (
            data::DEPOSITS,
            &[("segment", "older")],
            StatusCode::BAD_REQUEST,
            "1002",
        ),
        (
            data::ATMS,
            &[("lang", "fr")],
            StatusCode::BAD_REQUEST,
            "1002",
        ),
        (
            data::REGISTER,
            &[("lang", "en"), ("pagesize", "200")],
            StatusCode::OK,
            "9999",
        ),
        (
            data::LIQUIDITY,
            &[("sortby", "end_of_date"), ("sortorder", "up")],
            StatusCode::BAD_REQUEST,
            "1002",
        ),
    ];
    for (path, params, status, code) in cases {
        let (got, body) = get(&portal, path, params).await;
        assert_eq!(got, status, "{path} {params:?}");
        assert_valid(&validator, "ErrorResponse", &body);
        assert_eq!(body["header"]["err_code"], code);
        assert_eq!(body["header"]["success"], false);
    }
    let (_, body) = get(&portal, data::HIBOR, &[]).await;
    assert_eq!(
        body["header"]["err_msg"],
        "Invalid input value: segment is missing or invalid input (hibor.fixing/hibor/honia)"
    );
}
