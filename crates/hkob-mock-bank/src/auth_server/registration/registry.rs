//! The clients registered at run time, each with its registration access
//! token, metadata and software statement.

use std::collections::HashMap;

use super::metadata::ClientMetadata;
use super::statement::SoftwareStatement;
use crate::auth_server::config::RegisteredClient;
use crate::auth_server::secret_compare;

/// One registered client.
#[derive(Debug, Clone)]
pub(crate) struct Registration {
    /// The client as the token endpoint knows it.
    pub(crate) client: RegisteredClient,
    /// The client secret, for the secret methods.
    pub(crate) secret: Option<String>,
    /// The bearer token of `GET` / `PUT` / `DELETE {registration}/{client_id}`.
    pub(crate) access_token: String,
    pub(crate) metadata: ClientMetadata,
    pub(crate) statement: SoftwareStatement,
    /// When the client id was issued (seconds since the Unix epoch).
    pub(crate) issued_at: i64,
}

/// Every registered client, by client id.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    clients: HashMap<String, Registration>,
}

impl Registry {
    pub(crate) fn insert(&mut self, registration: Registration) {
        self.clients
            .insert(registration.client.client_id.clone(), registration);
    }

    /// A registered client, by id.
    pub(crate) fn client(&self, client_id: &str) -> Option<&RegisteredClient> {
        self.clients.get(client_id).map(|r| &r.client)
    }

    /// A registration, if `token` is its registration access token.
    pub(crate) fn authorised(&self, client_id: &str, token: &str) -> Option<&Registration> {
        self.clients
            .get(client_id)
            .filter(|r| secret_compare::equal(r.access_token.as_bytes(), token.as_bytes()))
    }

    pub(crate) fn remove(&mut self, client_id: &str) -> Option<Registration> {
        self.clients.remove(client_id)
    }

    /// How many clients are registered.
    pub(crate) fn len(&self) -> usize {
        self.clients.len()
    }
}
