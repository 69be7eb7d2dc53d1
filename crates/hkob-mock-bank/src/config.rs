//! Settings from a TOML file (`--config banks.toml`): [`Settings::from_toml`].

use serde::Deserialize;

use crate::instance::Settings;
use crate::jws::{JwsAlgorithm, JwsKey};
use crate::tsp::TspClient;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    seed: Option<u64>,
    banks: Option<Vec<String>>,
    customers_per_bank: Option<u32>,
    transactions_per_account: Option<u64>,
    request_log_capacity: Option<usize>,
    scenario_header: Option<bool>,
    default_page_size: Option<u32>,
    max_page_size: Option<u32>,
    #[serde(default)]
    clients: Vec<ClientEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientEntry {
    id: String,
    secret: String,
    banks: Option<Vec<String>>,
    jws_algorithm: Option<String>,
    jws_public_key_pem: Option<String>,
    jws_kid: Option<String>,
}

/// A configuration file that could not be used.
#[derive(Debug)]
pub struct ConfigError(String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Settings {
    /// Reads settings from TOML text (the binary's `--config` file); unset
    /// keys keep their defaults.
    ///
    /// ```toml
    /// seed = 42
    /// banks = ["bea", "dsb", "hsbc"]      # default: every bank
    /// customers_per_bank = 8
    /// transactions_per_account = 1000000 # default: a few hundred, drawn per account
    /// request_log_capacity = 1024
    /// scenario_header = true
    /// default_page_size = 10
    /// max_page_size = 500
    ///
    /// [[clients]]
    /// id = "my-tsp"
    /// secret = "my-secret"
    /// banks = ["bea"]                    # default: every bank
    /// jws_algorithm = "ES256"            # or PS256; with jws_public_key_pem
    /// jws_public_key_pem = """
    /// -----BEGIN PUBLIC KEY-----
    /// ...
    /// -----END PUBLIC KEY-----
    /// """
    /// ```
    ///
    /// ```
    /// let settings = hkob_mock_bank::Settings::from_toml("seed = 7\nbanks = [\"bea\"]")?;
    /// assert_eq!(settings.seed, 7);
    /// # Ok::<(), hkob_mock_bank::ConfigError>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Settings, ConfigError> {
        parse(text)
    }
}

fn parse(text: &str) -> Result<Settings, ConfigError> {
    let file: File =
        toml::from_str(text).map_err(|e| ConfigError(format!("invalid config: {e}")))?;
    let mut s = Settings::default();
    if let Some(v) = file.seed {
        s.seed = v;
    }
    s.banks = file.banks;
    if let Some(v) = file.customers_per_bank {
        s.customers_per_bank = v;
    }
    s.transactions_per_account = file.transactions_per_account;
    if let Some(v) = file.request_log_capacity {
        s.request_log_capacity = v;
    }
    if let Some(v) = file.scenario_header {
        s.scenario_header = v;
    }
    if let Some(v) = file.default_page_size {
        s.default_page_size = v.max(1);
    }
    if let Some(v) = file.max_page_size {
        s.max_page_size = v.max(1);
    }
    for c in file.clients {
        let mut client = TspClient::new(c.id.clone(), c.secret);
        if let Some(pem) = c.jws_public_key_pem {
            let alg = match c.jws_algorithm.as_deref().unwrap_or("PS256") {
                "PS256" => JwsAlgorithm::Ps256,
                "ES256" => JwsAlgorithm::Es256,
                other => {
                    return Err(ConfigError(format!(
                        "client {}: unsupported jws_algorithm {other}",
                        c.id
                    )));
                }
            };
            let mut key = JwsKey::from_pem(alg, pem.as_bytes())
                .map_err(|e| ConfigError(format!("client {}: {e}", c.id)))?;
            if let Some(kid) = c.jws_kid {
                key = key.with_kid(kid);
            }
            client = client.with_signing_key(key);
        }
        match c.banks {
            None => s.clients.push(client),
            Some(banks) => {
                for b in banks {
                    s.bank_clients.push((b, client.clone()));
                }
            }
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file() {
        let s = parse(
            "seed = 7\nbanks = [\"bea\"]\n[[clients]]\nid = \"a\"\nsecret = \"b\"\nbanks = [\"bea\"]\n",
        );
        let Ok(s) = s else { panic!("config rejected") };
        assert_eq!(s.seed, 7);
        assert_eq!(s.banks, Some(vec!["bea".to_owned()]));
        assert_eq!(s.bank_clients.len(), 1);
        assert!(parse("nonsense = 1").is_err());
    }
}
