//! What the Phase III handlers of one bank share: the bank, the instance
//! settings they page with, and where the bank is served.

use std::sync::Arc;

use crate::auth_server::AuthServer;
use crate::data::{Card, Customer, cards_of};
use crate::instance::{BankState, Instance};

/// One bank's Phase III context, captured by its routes.
#[derive(Debug)]
pub(crate) struct Served {
    /// The bank.
    pub bank: Arc<BankState>,
    /// The instance seed.
    pub seed: u64,
    /// Page size when the client sends none (or the dialect lets it choose none).
    pub default_page_size: u32,
    /// Largest page size served.
    pub max_page_size: u32,
    /// A fixed history length for every card, as for every account.
    pub transactions_per_card: Option<u64>,
}

impl Served {
    /// The context of one bank of an instance.
    pub(crate) fn new(instance: &Instance, bank: &Arc<BankState>) -> Arc<Self> {
        Arc::new(Served {
            bank: bank.clone(),
            seed: instance.settings.seed,
            default_page_size: instance.settings.default_page_size.max(1),
            max_page_size: instance.settings.max_page_size.max(1),
            transactions_per_card: instance.settings.transactions_per_account,
        })
    }

    /// The bank's authorization server (set before any request is served).
    pub(crate) fn auth(&self) -> Option<&Arc<AuthServer>> {
        self.bank.auth.get()
    }

    /// `scheme://host:port` of the server, for absolute links: the issuer
    /// without the bank prefix.
    pub(crate) fn origin(&self) -> String {
        let Some(auth) = self.auth() else {
            return String::new();
        };
        let issuer = auth.issuer();
        issuer
            .strip_suffix(self.bank.profile.prefix.as_str())
            .unwrap_or(issuer)
            .to_owned()
    }

    /// A customer of the bank by id.
    pub(crate) fn customer(&self, id: &str) -> Option<&Customer> {
        self.bank.customers.iter().find(|c| c.id == id)
    }

    /// The cards of one customer.
    pub(crate) fn cards_of(&self, customer_id: &str) -> Vec<Card> {
        cards_of(
            self.seed,
            &self.bank.profile.id,
            customer_id,
            self.transactions_per_card,
        )
    }

    /// A card of the bank by id, whoever holds it.
    pub(crate) fn card(&self, card_id: &str) -> Option<Card> {
        self.bank
            .customers
            .iter()
            .flat_map(|c| self.cards_of(&c.id))
            .find(|card| card.id == card_id)
    }
}
