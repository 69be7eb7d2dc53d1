//! OpenID Connect discovery and the JWKS.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, State};
use serde_json::{Value, json};

use super::{AuthServer, Misbehaviour, RequestMisbehaviours};

impl AuthServer {
    /// The discovery document (what `GET /.well-known/openid-configuration` serves).
    pub fn discovery_document(&self) -> Value {
        self.discovery_with(None)
    }

    fn discovery_with(&self, extra: Option<&RequestMisbehaviours>) -> Value {
        let p = &self.config.paths;
        let issuer = if self.misbehaving(extra, Misbehaviour::DiscoveryIssuerMismatch) {
            "https://issuer-mismatch.invalid".to_owned()
        } else {
            self.config.issuer.clone()
        };
        let mut methods: Vec<&str> = Vec::new();
        for c in &self.config.clients {
            for m in &c.auth_methods {
                if !methods.contains(&m.as_str()) {
                    methods.push(m.as_str());
                }
            }
        }
        if self.config.dynamic_registration {
            // What a client may register with.
            for m in [
                "client_secret_basic",
                "client_secret_post",
                "private_key_jwt",
            ] {
                if !methods.contains(&m) {
                    methods.push(m);
                }
            }
        }
        if methods.is_empty() {
            methods = vec![
                "client_secret_basic",
                "client_secret_post",
                "private_key_jwt",
                "tls_client_auth",
            ];
        }
        let scopes: BTreeSet<&str> = self
            .config
            .clients
            .iter()
            .flat_map(|c| c.scopes.iter().map(String::as_str))
            .chain(["openid"])
            .collect();
        let mut doc = json!({
            "issuer": issuer,
            "authorization_endpoint": self.endpoint(&p.authorize),
            "token_endpoint": self.endpoint(&p.token),
            "revocation_endpoint": self.endpoint(&p.revocation),
            "pushed_authorization_request_endpoint": self.endpoint(&p.pushed_authorization),
            "require_pushed_authorization_requests": self.config.require_pushed_authorization_requests,
            "jwks_uri": self.endpoint(&p.jwks),
            "consents_endpoint": self.endpoint(&p.consents),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "token_endpoint_auth_methods_supported": methods,
            "token_endpoint_auth_signing_alg_values_supported": ["PS256", "ES256", "EdDSA"],
            "revocation_endpoint_auth_methods_supported": methods,
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": scopes,
            "claims_supported": ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce",
                "c_hash", "s_hash", "at_hash", "consent_id", "openbanking_intent_id", "name"],
            "claims_parameter_supported": false,
            "request_parameter_supported": false,
            "request_uri_parameter_supported": false,
            "authorization_response_iss_parameter_supported": true,
            "tls_client_certificate_bound_access_tokens": self.config.bind_tokens_to_client_certificate,
        });
        if self.config.dynamic_registration {
            doc["registration_endpoint"] = json!(self.endpoint(&p.registration));
        }
        doc
    }
}

/// `GET /.well-known/openid-configuration`.
pub(super) async fn openid_configuration(
    State(server): State<Arc<AuthServer>>,
    extra: Option<Extension<RequestMisbehaviours>>,
) -> Json<Value> {
    Json(server.discovery_with(extra.as_ref().map(|e| &e.0)))
}

/// `GET /jwks.json`.
pub(super) async fn jwks(
    State(server): State<Arc<AuthServer>>,
    extra: Option<Extension<RequestMisbehaviours>>,
) -> Json<Value> {
    Json(server.jwks_with(extra.as_ref().map(|e| &e.0)))
}
