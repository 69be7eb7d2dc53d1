//! Account-access consents: what the TSP asks for, and where each consent is in its life.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::BankId;

hkob_core::open_enum! {
    /// What a consent lets the TSP read. The names are those of the Hong Kong Phase III data
    /// standard as banks send them.
    pub enum Permission {
        /// The accounts, without their numbers.
        AccountsBasic = "ReadAccountsBasic",
        /// The accounts with their numbers and names.
        AccountsDetail = "ReadAccountsDetail",
        /// The accounts' balances.
        Balances = "ReadBalances",
        /// The accounts' status.
        AccountStatus = "ReadAccountStatus",
        /// Every transaction, in brief.
        TransactionsBasic = "ReadTransactionsBasic",
        /// Every transaction, in full.
        TransactionsDetail = "ReadTransactionsDetail",
        /// Only the credits.
        TransactionsCredits = "ReadTransactionsCredits",
        /// Only the debits.
        TransactionsDebits = "ReadTransactionsDebits",
        /// The credit cards, with limits, balances and payment due dates.
        Cards = "ReadCards",
        /// The credit cards' transactions.
        CardTransactions = "ReadCardTransactions",
    }
}

hkob_core::open_enum! {
    /// Where a consent is in its life.
    pub enum ConsentStatus {
        /// Created; the customer has not approved it yet.
        AwaitingAuthorisation = "AwaitingAuthorisation",
        /// Approved: data can be read.
        Authorised = "Authorised",
        /// The customer refused it.
        Rejected = "Rejected",
        /// Revoked, by the customer, the TSP or the bank.
        Revoked = "Revoked",
        /// Past its expiry.
        Expired = "Expired",
    }
}

impl ConsentStatus {
    /// Whether data can be read with the consent.
    pub fn is_usable(&self) -> bool {
        *self == ConsentStatus::Authorised
    }

    /// Whether the consent can never be used again (rejected, revoked, expired). A status this
    /// version does not know is not taken for final.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            ConsentStatus::Rejected | ConsentStatus::Revoked | ConsentStatus::Expired
        )
    }
}

/// What a TSP asks the customer to consent to.
///
/// ```
/// use chrono::{Duration, Utc};
/// use hkob_accounts::{ConsentRequest, Permission};
///
/// let now = Utc::now();
/// let request = ConsentRequest::new([Permission::AccountsBasic, Permission::Balances])
///     .permission(Permission::TransactionsDetail)
///     .expires_at(now + Duration::days(90))
///     .transactions_between(now - Duration::days(365), now);
/// assert_eq!(request.permissions().len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConsentRequest {
    permissions: Vec<Permission>,
    expires_at: Option<DateTime<Utc>>,
    transactions_from: Option<DateTime<Utc>>,
    transactions_to: Option<DateTime<Utc>>,
}

impl ConsentRequest {
    /// A request for `permissions`, open-ended and for transactions of any date.
    pub fn new(permissions: impl IntoIterator<Item = Permission>) -> Self {
        let mut request = Self {
            permissions: Vec::new(),
            expires_at: None,
            transactions_from: None,
            transactions_to: None,
        };
        for permission in permissions {
            request = request.permission(permission);
        }
        request
    }

    /// Asks for one more permission (a repeated one is asked for once).
    pub fn permission(mut self, permission: Permission) -> Self {
        if !self.permissions.contains(&permission) {
            self.permissions.push(permission);
        }
        self
    }

    /// The consent ends at `at`.
    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// Only transactions booked between `from` and `to` may be read.
    pub fn transactions_between(mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        self.transactions_from = Some(from);
        self.transactions_to = Some(to);
        self
    }

    /// The permissions asked for.
    pub fn permissions(&self) -> &[Permission] {
        &self.permissions
    }

    /// When the consent ends, if it does.
    pub fn expiry(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }

    /// The range of transactions asked for.
    pub fn transaction_range(&self) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        (self.transactions_from, self.transactions_to)
    }

    /// Checks the request before anything is sent: at least one permission, an expiry in the
    /// future, and a range that does not end before it starts.
    pub(crate) fn validate(&self, now: DateTime<Utc>) -> Result<(), String> {
        if self.permissions.is_empty() {
            return Err("a consent needs at least one permission".to_owned());
        }
        if let Some(expiry) = self.expires_at
            && expiry <= now
        {
            return Err(format!(
                "the consent's expiry {expiry} is not in the future"
            ));
        }
        if let (Some(from), Some(to)) = (self.transactions_from, self.transactions_to)
            && to < from
        {
            return Err(format!(
                "the transaction range ends ({to}) before it starts ({from})"
            ));
        }
        Ok(())
    }
}

/// A consent as the bank last reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Consent {
    /// The bank that holds it.
    pub bank: BankId,
    /// Its id at the bank.
    pub id: String,
    /// Where it is in its life.
    pub status: ConsentStatus,
    /// What it lets the TSP read.
    pub permissions: Vec<Permission>,
    /// When it was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When its status last changed.
    pub status_updated_at: Option<DateTime<Utc>>,
    /// When it ends, if it does.
    pub expires_at: Option<DateTime<Utc>>,
    /// The earliest transaction it lets the TSP read.
    pub transactions_from: Option<DateTime<Utc>>,
    /// The latest transaction it lets the TSP read.
    pub transactions_to: Option<DateTime<Utc>>,
}

impl Consent {
    /// A consent with only its id and status known.
    pub fn new(bank: BankId, id: impl Into<String>, status: ConsentStatus) -> Self {
        Self {
            bank,
            id: id.into(),
            status,
            permissions: Vec::new(),
            created_at: None,
            status_updated_at: None,
            expires_at: None,
            transactions_from: None,
            transactions_to: None,
        }
    }

    /// Whether it grants `permission`.
    pub fn grants(&self, permission: &Permission) -> bool {
        self.permissions.contains(permission)
    }

    /// The status, with an `Authorised` consent past its expiry taken as `Expired`.
    pub fn status_at(&self, now: DateTime<Utc>) -> ConsentStatus {
        match self.expires_at {
            Some(expiry) if expiry <= now && !self.status.is_final() => ConsentStatus::Expired,
            _ => self.status.clone(),
        }
    }
}
