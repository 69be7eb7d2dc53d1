//! Shared helpers: targets (in-process or binary), the HTTP client and the
//! spec validator.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank, MockBankBuilder};
use serde_json::Value;

/// A running mock, started in-process or as the binary.
pub struct Target {
    pub base: String,
    pub mock: Option<MockBank>,
    child: Option<Child>,
}

impl Target {
    pub async fn in_process(builder: MockBankBuilder) -> Target {
        let mock = builder.start().await.expect("mock starts");
        Target {
            base: mock.base_url().to_owned(),
            mock: Some(mock),
            child: None,
        }
    }

    /// Spawns the binary on a free port and reads the address it prints first.
    pub fn binary(args: &[&str]) -> Target {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hkob-mock-bank"))
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("binary starts");
        let stdout = child.stdout.take().expect("stdout piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("first line");
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        Target {
            base,
            mock: None,
            child: Some(child),
        }
    }

    pub fn bank_url(&self, id: &str) -> String {
        let jetco = hkob_mock_bank::default_banks()
            .into_iter()
            .find(|b| b.id == id)
            .map(|b| b.prefix)
            .expect("known bank");
        format!("{}{}", self.base, jetco)
    }

    pub fn child_mut(&mut self) -> Option<&mut Child> {
        self.child.as_mut()
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

thread_local! {
    // One client per test thread (each test has its own thread and runtime),
    // because building a client is slow in debug builds.
    static CLIENT: reqwest::Client = {
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::builder().build().expect("client")
    };
}

pub fn client() -> reqwest::Client {
    CLIENT.with(Clone::clone)
}

/// GET with the default JETCO credentials.
pub async fn jetco_get(url: &str) -> reqwest::Response {
    client()
        .get(url)
        .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
        .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
        .send()
        .await
        .expect("request sent")
}

/// GET with the default JETCO credentials and a scenario header.
pub async fn jetco_get_with(
    url: &str,
    scenario: &str,
) -> Result<reqwest::Response, reqwest::Error> {
    client()
        .get(url)
        .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
        .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
        .header("x-mock-scenario", scenario)
        .send()
        .await
}

pub async fn json(resp: reqwest::Response) -> Value {
    let text = resp.text().await.expect("body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// One operation of a spec: what the tests call and check it against.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `GET` or `POST`.
    pub method: reqwest::Method,
    /// The path below the bank prefix (`/deposits/v1/savings/{product}`).
    pub path: String,
    /// The schema of the 200 answer (`SavingsProductListResponse`).
    pub schema: String,
    /// Where the answer's items are (`x-hkob-pagination`'s `items`:
    /// `data.savingsProducts`, `data[].Brand[].ATM`, `products`).
    pub items: Option<String>,
    /// Per value of a query parameter, where the items are
    /// (`x-hkob-pagination`'s `items-by-param`): the parameter and the
    /// `(value, items)` pairs.
    pub items_by_param: Option<(String, Vec<(String, String)>)>,
}

/// A Phase I spec (JETCO by default), as JSON Schema.
pub struct Spec {
    schemas: Value,
    paths: Value,
    strict:
        std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<jsonschema::Validator>>>,
}

impl Spec {
    pub fn load() -> Spec {
        Spec::load_file("phase1-jetco-apix.yaml")
    }

    /// Any spec of `specs/`, by file name.
    pub fn load_file(file: &str) -> Spec {
        let path = format!("{}/../../specs/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).expect("spec file");
        let doc: Value = serde_yaml::from_str(&text).expect("spec YAML");
        let schemas = doc
            .pointer("/components/schemas")
            .cloned()
            .expect("components.schemas");
        let paths = doc.get("paths").cloned().expect("paths");
        Spec {
            schemas,
            paths,
            strict: Default::default(),
        }
    }

    /// Every operation of the spec, in the spec's order.
    pub fn operations(&self) -> Vec<Operation> {
        let mut out = Vec::new();
        for (path, ops) in self.paths.as_object().expect("paths object") {
            for (method, op) in ops.as_object().expect("operations") {
                let method = match method.as_str() {
                    "get" => reqwest::Method::GET,
                    "post" => reqwest::Method::POST,
                    _ => continue,
                };
                let schema = op
                    .pointer("/responses/200/content/application~1json/schema/$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.rsplit('/').next())
                    .unwrap_or_else(|| panic!("{path}: no 200 schema"))
                    .to_owned();
                let paging = op.get("x-hkob-pagination");
                let items = paging
                    .and_then(|p| p.get("items"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let items_by_param = paging.and_then(|p| p.get("items-by-param")).map(|by| {
                    let param = by["param"].as_str().expect("param").to_owned();
                    let pairs = by["items"]
                        .as_object()
                        .expect("items")
                        .iter()
                        .map(|(value, at)| (value.clone(), at.as_str().expect("path").to_owned()))
                        .collect();
                    (param, pairs)
                });
                out.push(Operation {
                    method,
                    path: path.clone(),
                    schema,
                    items,
                    items_by_param,
                });
            }
        }
        out
    }

    /// The operation at a path.
    pub fn operation(&self, path: &str) -> Operation {
        self.operations()
            .into_iter()
            .find(|o| o.path == path)
            .unwrap_or_else(|| panic!("no operation at {path}"))
    }

    /// A validator for a named schema. `strict` forbids properties the spec
    /// does not declare (the spec itself allows them).
    pub fn validator(&self, name: &str, strict: bool) -> jsonschema::Validator {
        let mut schemas = self.schemas.clone();
        to_json_schema(&mut schemas, strict);
        let root = serde_json::json!({
            "$ref": format!("#/components/schemas/{name}"),
            "components": { "schemas": schemas },
        });
        jsonschema::options()
            .should_validate_formats(true)
            .build(&root)
            .expect("schema compiles")
    }

    pub fn assert_valid(&self, name: &str, instance: &Value) {
        let cached = self.strict.lock().ok().and_then(|m| m.get(name).cloned());
        let v = match cached {
            Some(v) => v,
            None => {
                let v = std::sync::Arc::new(self.validator(name, true));
                if let Ok(mut m) = self.strict.lock() {
                    m.insert(name.to_owned(), v.clone());
                }
                v
            }
        };
        let errors: Vec<String> = v
            .iter_errors(instance)
            .take(5)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name} invalid: {errors:#?}");
    }
}

/// The items of an answer at an `x-hkob-pagination` items path: `.`-separated
/// keys, where `name[]` means every element of the array `name`.
pub fn items_at<'v>(body: &'v Value, path: &str) -> Vec<&'v Value> {
    let mut nodes = vec![body];
    let steps: Vec<&str> = path.split('.').collect();
    for (i, step) in steps.iter().enumerate() {
        let (key, each) = match step.strip_suffix("[]") {
            Some(key) => (key, true),
            None => (*step, false),
        };
        let last = i + 1 == steps.len();
        nodes = nodes
            .into_iter()
            .filter_map(|n| n.get(key))
            .flat_map(|n| match n.as_array() {
                Some(items) if each || last => items.iter().collect(),
                _ => vec![n],
            })
            .collect();
    }
    nodes
}

/// OpenAPI 3.0 schema objects to JSON Schema: `nullable` becomes a type
/// union; in strict mode objects reject undeclared properties.
fn to_json_schema(v: &mut Value, strict: bool) {
    match v {
        Value::Object(map) => {
            if map.get("nullable") == Some(&Value::Bool(true))
                && let Some(Value::String(t)) = map.get("type").cloned()
            {
                map.insert("type".into(), serde_json::json!([t, "null"]));
            }
            map.remove("nullable");
            map.remove("example");
            if strict && map.contains_key("properties") && !map.contains_key("additionalProperties")
            {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for (k, child) in map.iter_mut() {
                if k == "enum" || k == "required" {
                    continue;
                }
                to_json_schema(child, strict);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| to_json_schema(i, strict)),
        _ => {}
    }
}
