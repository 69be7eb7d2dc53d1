//! Client authentication at the token, PAR and revocation endpoints:
//! `client_secret_basic`, `client_secret_post` (RFC 6749 §2.3.1) and
//! `private_key_jwt` (RFC 7523, OpenID Connect Core §9).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use http::{HeaderMap, header};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

use super::AuthServer;
use super::config::{ClientAuthMethod, ClientKey, RegisteredClient};
use super::error::OAuthError;
use super::params::{Params, form_decode};
use crate::tls::ClientCertificate;

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Clock skew accepted on assertion times, in seconds.
const SKEW: i64 = 60;

impl AuthServer {
    /// Authenticates the client of a token-endpoint request.
    pub(super) fn authenticate_client(
        &self,
        headers: &HeaderMap,
        params: &Params,
        certificate: Option<&ClientCertificate>,
    ) -> Result<RegisteredClient, OAuthError> {
        let basic = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
            .map(|(_, creds)| creds.trim());
        let assertion = params.get("client_assertion");
        let post_secret = params.get("client_secret");
        let used = [basic.is_some(), assertion.is_some(), post_secret.is_some()]
            .iter()
            .filter(|b| **b)
            .count();
        if used > 1 {
            return Err(OAuthError::invalid_request(
                "more than one client authentication method",
            ));
        }
        if let Some(creds) = basic {
            return self.basic(creds, params);
        }
        if let Some(assertion) = assertion {
            return self.private_key_jwt(assertion, params);
        }
        if let Some(secret) = post_secret {
            let client_id = params
                .get("client_id")
                .ok_or_else(|| OAuthError::invalid_request("client_id is required"))?;
            let client = self.known_client(client_id, false)?;
            if !client.allows(ClientAuthMethod::ClientSecretPost) {
                return Err(OAuthError::invalid_client(
                    "client_secret_post is not allowed for this client",
                    false,
                ));
            }
            if !client.secret_matches(secret) {
                return Err(OAuthError::invalid_client("wrong client secret", false));
            }
            return Ok(client);
        }
        if let (Some(client_id), Some(cert)) = (params.get("client_id"), certificate) {
            let client = self.known_client(client_id, false)?;
            if !client.allows(ClientAuthMethod::TlsClientAuth) {
                return Err(OAuthError::invalid_client(
                    "tls_client_auth is not allowed for this client",
                    false,
                ));
            }
            let thumbprint = cert.thumbprint();
            if !client.certificate_thumbprints.contains(&thumbprint) {
                return Err(OAuthError::invalid_client(
                    "the TLS client certificate is not registered for this client",
                    false,
                ));
            }
            return Ok(client);
        }
        Err(OAuthError::invalid_client(
            "client authentication is required",
            true,
        ))
    }

    fn known_client(&self, client_id: &str, basic: bool) -> Result<RegisteredClient, OAuthError> {
        self.client(client_id)
            .ok_or_else(|| OAuthError::invalid_client("unknown client", basic))
    }

    fn basic(&self, creds: &str, params: &Params) -> Result<RegisteredClient, OAuthError> {
        let bad = || OAuthError::invalid_client("malformed Basic credentials", true);
        let decoded = STANDARD.decode(creds).map_err(|_| bad())?;
        let decoded = String::from_utf8(decoded).map_err(|_| bad())?;
        let (id, secret) = decoded.split_once(':').ok_or_else(bad)?;
        let (id, secret) = (form_decode(id), form_decode(secret));
        if params.get("client_id").is_some_and(|c| c != id) {
            return Err(OAuthError::invalid_request(
                "client_id differs from the authenticated client",
            ));
        }
        let client = self.known_client(&id, true)?;
        if !client.allows(ClientAuthMethod::ClientSecretBasic) {
            return Err(OAuthError::invalid_client(
                "client_secret_basic is not allowed for this client",
                true,
            ));
        }
        if !client.secret_matches(&secret) {
            return Err(OAuthError::invalid_client("wrong client secret", true));
        }
        Ok(client)
    }

    fn private_key_jwt(
        &self,
        assertion: &str,
        params: &Params,
    ) -> Result<RegisteredClient, OAuthError> {
        if params.get("client_assertion_type") != Some(JWT_BEARER) {
            return Err(OAuthError::invalid_request(format!(
                "client_assertion_type must be {JWT_BEARER}"
            )));
        }
        let invalid =
            |why: &str| OAuthError::invalid_client(format!("client assertion: {why}"), false);
        let header =
            jsonwebtoken::decode_header(assertion).map_err(|_| invalid("malformed JWT"))?;
        if !matches!(
            header.alg,
            Algorithm::ES256 | Algorithm::PS256 | Algorithm::EdDSA
        ) {
            return Err(invalid("alg must be PS256, ES256 or EdDSA"));
        }
        // Find the client from the (not yet verified) `sub`, then verify.
        let unverified = unverified_claims(assertion).ok_or_else(|| invalid("malformed JWT"))?;
        let sub = unverified
            .get("sub")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("sub is required"))?;
        if params.get("client_id").is_some_and(|c| c != sub) {
            return Err(OAuthError::invalid_request(
                "client_id differs from the assertion's sub",
            ));
        }
        let client = self.known_client(sub, false)?;
        if !client.allows(ClientAuthMethod::PrivateKeyJwt) {
            return Err(invalid("private_key_jwt is not allowed for this client"));
        }
        let key = client
            .public_key
            .as_ref()
            .ok_or_else(|| invalid("no key registered"))?;
        let key = decoding_key(key, header.alg)
            .ok_or_else(|| invalid("registered key does not fit alg"))?;
        let mut validation = Validation::new(header.alg);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.required_spec_claims.clear();
        validation.set_audience(&[
            self.config.issuer.clone(),
            self.endpoint(&self.config.paths.token),
        ]);
        let claims = jsonwebtoken::decode::<Value>(assertion, &key, &validation)
            .map_err(|e| invalid(&e.to_string()))?
            .claims;
        let now = self.clock.now();
        if claims.get("iss").and_then(Value::as_str) != Some(&client.client_id) {
            return Err(invalid("iss must be the client id"));
        }
        let exp = claims
            .get("exp")
            .and_then(Value::as_i64)
            .ok_or_else(|| invalid("exp is required"))?;
        if exp.saturating_add(SKEW) <= now {
            return Err(invalid("expired"));
        }
        for claim in ["nbf", "iat"] {
            if let Some(t) = claims.get(claim).and_then(Value::as_i64)
                && t > now.saturating_add(SKEW)
            {
                return Err(invalid(&format!("{claim} is in the future")));
            }
        }
        let jti = claims
            .get("jti")
            .and_then(Value::as_str)
            .filter(|j| !j.is_empty())
            .ok_or_else(|| invalid("jti is required"))?;
        if !self
            .lock()
            .record_assertion_jti(&client.client_id, jti, exp.saturating_add(SKEW), now)
        {
            return Err(invalid("jti was already used"));
        }
        Ok(client)
    }
}

fn unverified_claims(jwt: &str) -> Option<Value> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn decoding_key(key: &ClientKey, alg: Algorithm) -> Option<DecodingKey> {
    match key {
        ClientKey::Pem(pem) => match alg {
            Algorithm::ES256 => DecodingKey::from_ec_pem(pem.as_bytes()).ok(),
            Algorithm::PS256 => DecodingKey::from_rsa_pem(pem.as_bytes()).ok(),
            Algorithm::EdDSA => DecodingKey::from_ed_pem(pem.as_bytes()).ok(),
            _ => None,
        },
        ClientKey::Jwk(value) => {
            let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(value.clone()).ok()?;
            DecodingKey::from_jwk(&jwk).ok()
        }
    }
}
