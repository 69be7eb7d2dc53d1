//! The TSPs (third-party service providers) registered at a bank.

use std::collections::HashMap;

use crate::jws::JwsKey;

/// A TSP's registration at a bank: its Phase I credentials and, optionally,
/// the public key it signs requests with.
#[derive(Clone)]
pub struct TspClient {
    client_id: String,
    client_secret: String,
    signing_key: Option<JwsKey>,
}

impl std::fmt::Debug for TspClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TspClient")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("signing_key", &self.signing_key.is_some())
            .finish()
    }
}

impl TspClient {
    /// A client with an id and a secret.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            signing_key: None,
        }
    }

    /// Registers the public key that verifies this client's detached JWS signatures.
    pub fn with_signing_key(mut self, key: JwsKey) -> Self {
        self.signing_key = Some(key);
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The client secret (a mock secret; tests need it to call the bank).
    pub fn client_secret(&self) -> &str {
        &self.client_secret
    }

    /// The registered request-signing key, if any.
    pub fn signing_key(&self) -> Option<&JwsKey> {
        self.signing_key.as_ref()
    }
}

/// Why presented credentials were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialError {
    /// No client id or no secret was sent.
    Missing,
    /// The client id is not registered at this bank.
    UnknownClient,
    /// The secret does not match.
    WrongSecret,
}

/// The clients registered at one bank.
#[derive(Debug, Clone, Default)]
pub struct ClientRegistry {
    clients: HashMap<String, TspClient>,
}

impl ClientRegistry {
    /// Registers (or replaces) a client.
    pub fn register(&mut self, client: TspClient) {
        self.clients.insert(client.client_id.clone(), client);
    }

    /// Looks a client up by id.
    pub fn get(&self, client_id: &str) -> Option<&TspClient> {
        self.clients.get(client_id)
    }

    /// All registered clients.
    pub fn iter(&self) -> impl Iterator<Item = &TspClient> {
        self.clients.values()
    }

    /// Checks a client id and secret.
    pub fn verify(
        &self,
        client_id: Option<&str>,
        client_secret: Option<&str>,
    ) -> Result<&TspClient, CredentialError> {
        let (Some(id), Some(secret)) = (client_id, client_secret) else {
            return Err(CredentialError::Missing);
        };
        let client = self.clients.get(id).ok_or(CredentialError::UnknownClient)?;
        if constant_time_eq(client.client_secret.as_bytes(), secret.as_bytes()) {
            Ok(client)
        } else {
            Err(CredentialError::WrongSecret)
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
