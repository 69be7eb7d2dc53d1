//! The client metadata of a registration request (RFC 7591 §2), checked:
//! redirect URIs `https` or loopback `http`, an authentication method,
//! grant and response types, and scopes the server offers.

use serde_json::{Map, Value, json};

use super::error::RegistrationError;
use crate::auth_server::config::{ClientAuthMethod, default_scopes};

/// The grants a registered client may ask for.
const GRANTS: [&str; 3] = ["authorization_code", "client_credentials", "refresh_token"];
/// Claims that are not client metadata: the request JWT's own, and what the
/// server assigns.
const NOT_METADATA: [&str; 12] = [
    "iss",
    "aud",
    "iat",
    "exp",
    "nbf",
    "jti",
    "client_id",
    "client_secret",
    "client_id_issued_at",
    "client_secret_expires_at",
    "registration_access_token",
    "registration_client_uri",
];

/// What a client registers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClientMetadata {
    pub(crate) redirect_uris: Vec<String>,
    pub(crate) auth_method: ClientAuthMethod,
    pub(crate) grant_types: Vec<String>,
    pub(crate) response_types: Vec<String>,
    pub(crate) scopes: Vec<String>,
    /// Every other field sent (`client_name`, `software_statement`, ...),
    /// kept and answered back.
    pub(crate) other: Map<String, Value>,
}

impl ClientMetadata {
    /// Reads and checks the metadata among a request's claims.
    pub(crate) fn from_claims(claims: &Map<String, Value>) -> Result<Self, RegistrationError> {
        let grant_types = match strings(claims, "grant_types")? {
            Some(g) if !g.is_empty() => g,
            _ => vec!["authorization_code".to_owned()],
        };
        if let Some(bad) = grant_types.iter().find(|g| !GRANTS.contains(&g.as_str())) {
            return Err(RegistrationError::metadata(format!(
                "grant type {bad} is not supported (only {})",
                GRANTS.join(", ")
            )));
        }
        let code_flow = grant_types.iter().any(|g| g == "authorization_code");
        let response_types = match strings(claims, "response_types")? {
            Some(r) if !r.is_empty() => r,
            _ if code_flow => vec!["code".to_owned()],
            _ => Vec::new(),
        };
        if response_types.iter().any(|r| r != "code") {
            return Err(RegistrationError::metadata(
                "only the response type code is supported",
            ));
        }
        let redirect_uris = strings(claims, "redirect_uris")?.unwrap_or_default();
        if code_flow && redirect_uris.is_empty() {
            return Err(RegistrationError::redirect_uri(
                "redirect_uris is required for the authorization_code grant",
            ));
        }
        for uri in &redirect_uris {
            check_redirect_uri(uri)?;
        }
        let auth_method = match claims.get("token_endpoint_auth_method") {
            None => ClientAuthMethod::ClientSecretBasic,
            Some(Value::String(m)) => match m.as_str() {
                "client_secret_basic" => ClientAuthMethod::ClientSecretBasic,
                "client_secret_post" => ClientAuthMethod::ClientSecretPost,
                "private_key_jwt" => ClientAuthMethod::PrivateKeyJwt,
                other => {
                    return Err(RegistrationError::metadata(format!(
                        "token_endpoint_auth_method {other} cannot be registered here \
                         (client_secret_basic, client_secret_post or private_key_jwt)"
                    )));
                }
            },
            Some(_) => {
                return Err(RegistrationError::metadata(
                    "token_endpoint_auth_method must be text",
                ));
            }
        };
        let offered = default_scopes();
        let scopes = match claims.get("scope") {
            None => offered.clone(),
            Some(Value::String(s)) => {
                let asked = crate::auth_server::params::scopes(s);
                if asked.is_empty() {
                    offered.clone()
                } else {
                    asked
                }
            }
            Some(_) => return Err(RegistrationError::metadata("scope must be text")),
        };
        if let Some(bad) = scopes.iter().find(|s| !offered.contains(s)) {
            return Err(RegistrationError::metadata(format!(
                "scope {bad} is not offered (only {})",
                offered.join(" ")
            )));
        }
        for (claim, allowed) in [
            ("id_token_signed_response_alg", &["ES256"][..]),
            (
                "token_endpoint_auth_signing_alg",
                &["PS256", "ES256", "EdDSA"][..],
            ),
        ] {
            if let Some(v) = claims.get(claim)
                && !v.as_str().is_some_and(|a| allowed.contains(&a))
            {
                return Err(RegistrationError::metadata(format!(
                    "{claim} must be one of {}",
                    allowed.join(", ")
                )));
            }
        }
        let parsed = [
            "redirect_uris",
            "token_endpoint_auth_method",
            "grant_types",
            "response_types",
            "scope",
        ];
        let other = claims
            .iter()
            .filter(|(k, _)| !NOT_METADATA.contains(&k.as_str()) && !parsed.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Self {
            redirect_uris,
            auth_method,
            grant_types,
            response_types,
            scopes,
            other,
        })
    }

    /// The metadata as answered: what was kept, then what was checked.
    pub(crate) fn to_json(&self) -> Map<String, Value> {
        let mut out = self.other.clone();
        out.insert("redirect_uris".into(), json!(self.redirect_uris));
        out.insert(
            "token_endpoint_auth_method".into(),
            json!(self.auth_method.as_str()),
        );
        out.insert("grant_types".into(), json!(self.grant_types));
        out.insert("response_types".into(), json!(self.response_types));
        out.insert("scope".into(), json!(self.scopes.join(" ")));
        out
    }
}

/// An array of strings, if the claim is there.
fn strings(
    claims: &Map<String, Value>,
    name: &str,
) -> Result<Option<Vec<String>>, RegistrationError> {
    let Some(value) = claims.get(name) else {
        return Ok(None);
    };
    let not_strings = || RegistrationError::metadata(format!("{name} must be an array of text"));
    let items = value.as_array().ok_or_else(not_strings)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let s = item.as_str().ok_or_else(not_strings)?;
        if !out.iter().any(|o: &String| o == s) {
            out.push(s.to_owned());
        }
    }
    Ok(Some(out))
}

/// A redirect URI must be absolute, without a fragment, and `https`, or
/// `http` on a loopback host (RFC 8252 §7.3).
fn check_redirect_uri(uri: &str) -> Result<(), RegistrationError> {
    let refuse = |why: &str| RegistrationError::redirect_uri(format!("redirect URI {uri}: {why}"));
    let url = url::Url::parse(uri).map_err(|_| refuse("not an absolute URL"))?;
    if url.fragment().is_some() {
        return Err(refuse("has a fragment"));
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" if url.host().is_some() => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(refuse("must be https, or http on a loopback address")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn defaults_follow_rfc_7591() {
        let m = ClientMetadata::from_claims(&claims(json!({
            "redirect_uris": ["https://tsp.example/cb"],
            "client_name": "TSP",
            "iss": "sw", "aud": "x", "iat": 1, "exp": 2, "jti": "j",
        })))
        .unwrap();
        assert_eq!(m.auth_method, ClientAuthMethod::ClientSecretBasic);
        assert_eq!(m.grant_types, ["authorization_code"]);
        assert_eq!(m.response_types, ["code"]);
        assert_eq!(m.scopes, default_scopes());
        let answered = m.to_json();
        assert_eq!(answered["client_name"], "TSP");
        assert!(answered.get("iss").is_none() && answered.get("jti").is_none());
    }

    #[test]
    fn redirect_uris_must_be_https_or_loopback_http() {
        for ok in [
            "https://tsp.example/cb",
            "http://127.0.0.1:8080/cb",
            "http://[::1]/cb",
            "http://localhost/cb",
        ] {
            assert!(check_redirect_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://tsp.example/cb",
            "https://tsp.example/cb#frag",
            "/cb",
            "ftp://tsp.example/cb",
            "custom:cb",
            "",
        ] {
            assert_eq!(
                check_redirect_uri(bad).unwrap_err().code,
                super::super::error::RegistrationErrorCode::RedirectUri,
                "{bad}"
            );
        }
    }

    #[test]
    fn odd_metadata_is_refused() {
        for bad in [
            json!({"redirect_uris": "https://tsp.example/cb"}),
            json!({"redirect_uris": [1]}),
            json!({"redirect_uris": []}),
            json!({"redirect_uris": ["https://a.example/cb"], "grant_types": ["implicit"]}),
            json!({"redirect_uris": ["https://a.example/cb"], "response_types": ["token"]}),
            json!({"redirect_uris": ["https://a.example/cb"], "token_endpoint_auth_method": "none"}),
            json!({"redirect_uris": ["https://a.example/cb"], "token_endpoint_auth_method": 7}),
            json!({"redirect_uris": ["https://a.example/cb"], "scope": "openid admin"}),
            json!({"redirect_uris": ["https://a.example/cb"], "scope": ["openid"]}),
            json!({"redirect_uris": ["https://a.example/cb"], "id_token_signed_response_alg": "RS256"}),
        ] {
            assert!(
                ClientMetadata::from_claims(&claims(bad.clone())).is_err(),
                "{bad}"
            );
        }
        // Client credentials alone need no redirect URI.
        let m =
            ClientMetadata::from_claims(&claims(json!({"grant_types": ["client_credentials"]})))
                .unwrap();
        assert!(m.redirect_uris.is_empty() && m.response_types.is_empty());
    }
}
