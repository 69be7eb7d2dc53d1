//! How the TSP's client authenticates at a bank's token endpoint.

use hkob_core::auth::ClientAuth;
use hkob_core::auth::oidc::ProviderMetadata;

use super::{AccessOptions, ConnectError};
use crate::BankId;

/// As the options say, else with the client secret the way the registration or the bank's
/// discovery document prefers.
pub(super) fn client_auth(
    bank: &BankId,
    metadata: &ProviderMetadata,
    options: &AccessOptions,
    secret: Option<String>,
) -> Result<ClientAuth, ConnectError> {
    let offered = |method: &str| {
        metadata.token_endpoint_auth_methods_supported.is_empty()
            || metadata.supports_auth_method(method)
    };
    let refuse = |what: &str| ConnectError::AuthMethodRefused {
        bank: bank.clone(),
        method: what.to_owned(),
        offered: metadata.token_endpoint_auth_methods_supported.clone(),
    };
    if let Some(auth) = &options.client_auth {
        let method = auth.method();
        return if offered(method) {
            Ok(auth.clone())
        } else {
            Err(refuse(method))
        };
    }
    let Some(secret) = secret else {
        return Err(ConnectError::NoClientSecret { bank: bank.clone() });
    };
    // A registered client authenticates the way it registered to.
    let registered = options
        .registration
        .as_ref()
        .and_then(|r| r.metadata.get("token_endpoint_auth_method"))
        .and_then(|m| m.as_str());
    match registered {
        Some("client_secret_post") if offered("client_secret_post") => {
            Ok(ClientAuth::secret_post(secret))
        }
        Some("client_secret_basic") | None if offered("client_secret_basic") => {
            Ok(ClientAuth::secret_basic(secret))
        }
        None if offered("client_secret_post") => Ok(ClientAuth::secret_post(secret)),
        Some(method) => Err(refuse(method)),
        None => Err(refuse("a client secret")),
    }
}
