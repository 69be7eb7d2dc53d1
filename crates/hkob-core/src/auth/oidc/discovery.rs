//! The bank's OpenID Connect discovery document.

use serde::{Deserialize, Serialize};

use super::fetch::get_json;
use crate::auth::parse_endpoint;
use crate::client::Client;
use crate::error::{AuthError, AuthErrorKind, Error};

/// Endpoints a bank serves on a mutual-TLS host (RFC 8705 `mtls_endpoint_aliases`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MtlsEndpointAliases {
    /// The token endpoint for mutual-TLS clients.
    #[serde(default)]
    pub token_endpoint: Option<String>,
    /// The PAR endpoint for mutual-TLS clients.
    #[serde(default)]
    pub pushed_authorization_request_endpoint: Option<String>,
    /// The registration endpoint for mutual-TLS clients.
    #[serde(default)]
    pub registration_endpoint: Option<String>,
}

/// What a bank's discovery document says, with its endpoints checked (`https`, or `http` on a
/// loopback address for tests). Store it to skip discovery on the next run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProviderMetadata {
    /// The issuer, equal to the one configured.
    pub issuer: String,
    /// Where the customer is sent to authorise.
    pub authorization_endpoint: String,
    /// Where codes and refresh tokens are exchanged.
    pub token_endpoint: String,
    /// The bank's signing keys.
    pub jwks_uri: String,
    /// Pushed authorization requests (RFC 9126), where offered.
    #[serde(default)]
    pub pushed_authorization_request_endpoint: Option<String>,
    /// Whether the bank accepts authorization requests only through PAR.
    #[serde(default)]
    pub require_pushed_authorization_requests: bool,
    /// Dynamic client registration, where offered.
    #[serde(default)]
    pub registration_endpoint: Option<String>,
    /// How clients may authenticate at the token endpoint (`private_key_jwt`,
    /// `tls_client_auth` ...).
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Vec<String>,
    /// The algorithms the bank signs ID tokens with.
    #[serde(default)]
    pub id_token_signing_alg_values_supported: Vec<String>,
    /// The scopes the bank knows.
    #[serde(default)]
    pub scopes_supported: Vec<String>,
    /// The claims the bank can put in ID tokens.
    #[serde(default)]
    pub claims_supported: Vec<String>,
    /// Whether access tokens are bound to the client's TLS certificate.
    #[serde(default)]
    pub tls_client_certificate_bound_access_tokens: bool,
    /// The endpoints of the bank's mutual-TLS host.
    #[serde(default)]
    pub mtls_endpoint_aliases: Option<MtlsEndpointAliases>,
}

impl ProviderMetadata {
    /// Reads the discovery document at `{issuer}/.well-known/openid-configuration` through
    /// `client`'s transport (never following a redirect), and checks it (see [`Self::from_json`]).
    pub async fn discover(client: &Client, issuer: &str) -> Result<Self, Error> {
        let issuer_url = parse_endpoint(issuer, "issuer")
            .map_err(|e| AuthError::new(AuthErrorKind::Discovery, e.message()))?;
        let url = issuer_url
            .join(&format!(
                "{}/.well-known/openid-configuration",
                issuer_url.path().trim_end_matches('/')
            ))
            .map_err(|e| {
                AuthError::new(
                    AuthErrorKind::Discovery,
                    format!("no discovery URL for `{issuer}`: {e}"),
                )
            })?;
        let document: serde_json::Value =
            get_json(client.transport(), &url, "discovery document").await?;
        Ok(Self::from_json(issuer, document)?)
    }

    /// Checks a discovery document already fetched: its `issuer` must be exactly `issuer`, it
    /// must name the authorization, token and key set endpoints, and every endpoint it names must
    /// be `https`.
    pub fn from_json(issuer: &str, document: serde_json::Value) -> Result<Self, AuthError> {
        let fail = |message: String| AuthError::new(AuthErrorKind::Discovery, message);
        let metadata: ProviderMetadata = serde_json::from_value(document).map_err(|e| {
            fail(format!(
                "the discovery document of `{issuer}` is not valid: {e}"
            ))
        })?;
        if metadata.issuer != issuer {
            return Err(fail(format!(
                "the discovery document names the issuer `{}`, not `{issuer}`",
                metadata.issuer
            )));
        }
        let aliases = metadata.mtls_endpoint_aliases.clone().unwrap_or_default();
        let endpoints = [
            (
                "authorization_endpoint",
                Some(&metadata.authorization_endpoint),
            ),
            ("token_endpoint", Some(&metadata.token_endpoint)),
            ("jwks_uri", Some(&metadata.jwks_uri)),
            (
                "pushed_authorization_request_endpoint",
                metadata.pushed_authorization_request_endpoint.as_ref(),
            ),
            (
                "registration_endpoint",
                metadata.registration_endpoint.as_ref(),
            ),
            ("mtls token_endpoint", aliases.token_endpoint.as_ref()),
            (
                "mtls pushed_authorization_request_endpoint",
                aliases.pushed_authorization_request_endpoint.as_ref(),
            ),
            (
                "mtls registration_endpoint",
                aliases.registration_endpoint.as_ref(),
            ),
        ];
        for (name, value) in endpoints {
            if let Some(value) = value {
                parse_endpoint(value, name).map_err(|e| fail(e.message().to_owned()))?;
            }
        }
        if metadata.require_pushed_authorization_requests
            && metadata.pushed_authorization_request_endpoint.is_none()
        {
            return Err(fail(
                "the bank requires pushed authorization requests but names no PAR endpoint"
                    .to_owned(),
            ));
        }
        Ok(metadata)
    }

    /// Whether the bank offers pushed authorization requests.
    pub fn offers_par(&self) -> bool {
        self.pushed_authorization_request_endpoint.is_some()
    }

    /// Whether the bank accepts `method` at its token endpoint (`private_key_jwt`,
    /// `tls_client_auth`, `self_signed_tls_client_auth` ...). A document that lists no method
    /// means `client_secret_basic`, as the standard says.
    pub fn supports_auth_method(&self, method: &str) -> bool {
        if self.token_endpoint_auth_methods_supported.is_empty() {
            return method == "client_secret_basic";
        }
        self.token_endpoint_auth_methods_supported
            .iter()
            .any(|m| m == method)
    }

    /// The token endpoint to use: the mutual-TLS alias when `mutual_tls` and the bank has one.
    pub fn token_endpoint_for(&self, mutual_tls: bool) -> &str {
        self.mtls_endpoint_aliases
            .as_ref()
            .and_then(|a| a.token_endpoint.as_deref())
            .filter(|_| mutual_tls)
            .unwrap_or(&self.token_endpoint)
    }
}
