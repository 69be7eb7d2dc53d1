//! The bank customers who log in on the consent page, and what they hold:
//! deposit accounts and credit cards, each offered on the page to share.

use std::collections::BTreeMap;
use std::fmt;

/// A bank customer who can log in on the consent page.
#[derive(Clone)]
pub struct TestCustomer {
    /// Login name.
    pub username: String,
    password: String,
    /// Name shown on the page.
    pub display_name: String,
    /// The bank's id of the customer (the ID token's `sub`).
    pub customer_id: String,
    /// The customer's deposit accounts, offered on the consent page.
    pub account_ids: Vec<String>,
    /// The customer's credit cards, offered on the consent page with the
    /// accounts (none unless set with [`TestCustomer::cards`]).
    pub card_ids: Vec<String>,
    /// How the consent page names an account or card, by its id; an id
    /// without a label is shown as it is.
    pub labels: BTreeMap<String, String>,
    /// The currency of each account, by its id, for payment consents (the
    /// customer pays from an account in the payment's currency).
    pub account_currencies: BTreeMap<String, String>,
}

impl fmt::Debug for TestCustomer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestCustomer")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("display_name", &self.display_name)
            .field("customer_id", &self.customer_id)
            .field("account_ids", &self.account_ids)
            .field("card_ids", &self.card_ids)
            .finish_non_exhaustive()
    }
}

impl TestCustomer {
    /// A customer with known credentials and these deposit accounts.
    pub fn new(
        username: impl Into<String>,
        password: impl Into<String>,
        display_name: impl Into<String>,
        customer_id: impl Into<String>,
        account_ids: Vec<String>,
    ) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
            display_name: display_name.into(),
            customer_id: customer_id.into(),
            account_ids,
            card_ids: Vec::new(),
            labels: BTreeMap::new(),
            account_currencies: BTreeMap::new(),
        }
    }

    /// Replaces the customer's credit cards.
    pub fn cards(mut self, card_ids: Vec<String>) -> Self {
        self.card_ids = card_ids;
        self
    }

    /// Names an account or card on the consent page (`Savings account, HKD,
    /// ending 1234`, say).
    pub fn label(mut self, id: impl Into<String>, label: impl Into<String>) -> Self {
        self.labels.insert(id.into(), label.into());
        self
    }

    /// Records the currency of one of the customer's accounts.
    pub fn currency(mut self, id: impl Into<String>, currency: impl Into<String>) -> Self {
        self.account_currencies.insert(id.into(), currency.into());
        self
    }

    /// The currency of an account, if known.
    pub fn currency_of(&self, id: &str) -> Option<&str> {
        self.account_currencies.get(id).map(String::as_str)
    }

    /// Everything the customer can share: the accounts, then the cards. A
    /// consent approved without a choice (the non-interactive path) covers
    /// all of it.
    pub fn holdings(&self) -> Vec<String> {
        self.account_ids
            .iter()
            .chain(&self.card_ids)
            .cloned()
            .collect()
    }

    /// Whether `id` is one of the customer's accounts or cards.
    pub fn holds(&self, id: &str) -> bool {
        self.account_ids
            .iter()
            .chain(&self.card_ids)
            .any(|a| a == id)
    }

    /// The label of an account or card: its own, or the id.
    pub(super) fn label_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.labels.get(id).map_or(id, String::as_str)
    }

    pub(super) fn password_matches(&self, presented: &str) -> bool {
        super::secret_compare::equal(self.password.as_bytes(), presented.as_bytes())
    }
}
