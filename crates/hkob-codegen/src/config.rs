//! `codegen.toml`: the specs to generate and where their code goes.
//!
//! ```toml
//! [[api]]
//! spec = "specs/phase1-jetco-apix.yaml"
//! out = "crates/hkob-products/src/generated/jetco_apix"
//! # optional: an override file (default: the spec's path with `.overrides.toml`, if present)
//! # overrides = "specs/phase1-jetco-apix.overrides.toml"
//! # optional: write round-trip tests of the spec's examples here
//! roundtrip-test = "crates/hkob-products/tests/roundtrip_jetco.rs"
//! module-path = "hkob_products::generated::jetco_apix"
//! # optional: the round-trip test also checks instances generated from every named schema
//! # (the test's crate needs hkob-codegen as a dev-dependency)
//! schema-instances = true
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::CodegenError;

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The specs.
    #[serde(default)]
    pub api: Vec<ApiConfig>,
}

/// One spec and its output.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ApiConfig {
    /// The spec, relative to the config file.
    pub spec: PathBuf,
    /// The module directory; the module file is `<out>.rs`.
    pub out: PathBuf,
    /// An override file.
    #[serde(default)]
    pub overrides: Option<PathBuf>,
    /// Where to write round-trip tests.
    #[serde(default)]
    pub roundtrip_test: Option<PathBuf>,
    /// The Rust path of the generated module, as the tests see it.
    #[serde(default)]
    pub module_path: Option<String>,
    /// Whether the round-trip test also checks instances of every named schema.
    #[serde(default)]
    pub schema_instances: bool,
    /// The Rust path by which generated code reaches hkob-core (`hkob::core` for a crate that
    /// depends on the `hkob` facade only); `hkob_core` by default.
    #[serde(default)]
    pub runtime: Option<String>,
}

impl Config {
    /// Reads `codegen.toml`.
    pub fn load(path: &Path) -> Result<Self, CodegenError> {
        let text = std::fs::read_to_string(path).map_err(|e| CodegenError::io(path, e))?;
        let config: Config =
            toml::from_str(&text).map_err(|e| CodegenError::config(path, e.to_string()))?;
        for api in &config.api {
            if api.roundtrip_test.is_some() != api.module_path.is_some() {
                return Err(CodegenError::config(
                    path,
                    format!(
                        "{}: `roundtrip-test` and `module-path` go together",
                        api.spec.display()
                    ),
                ));
            }
            if api.schema_instances && api.roundtrip_test.is_none() {
                return Err(CodegenError::config(
                    path,
                    format!(
                        "{}: `schema-instances` needs `roundtrip-test`",
                        api.spec.display()
                    ),
                ));
            }
        }
        Ok(config)
    }
}
