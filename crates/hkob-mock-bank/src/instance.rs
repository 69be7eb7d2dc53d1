//! The state of one running mock: its banks, fault rules and request log.

use std::collections::HashMap;
use std::sync::Arc;

use crate::applications::ApplicationProgress;
use crate::applications::jwe::LazyKey;
use crate::applications::store::ApplicationBook;
use crate::auth_server::AuthServer;
use crate::bank::{SimulatedBank, default_banks};
use crate::data::{Account, Catalog, Customer, generate_customers};
use crate::direct_debit::{DirectDebitBook, DirectDebitSettings};
use crate::fault::FaultTable;
use crate::fps::FpsDirectory;
use crate::idempotency::IdempotencyStore;
use crate::ledger::Ledger;
use crate::payments::creditor::card_settlement_account;
use crate::payments::{PaymentBook, PaymentProgress, PaymentSettings};
use crate::request_log::RequestLog;
use crate::tsp::{ClientRegistry, TspClient};

/// The client id every bank knows unless configured otherwise.
pub const DEFAULT_CLIENT_ID: &str = "hkob-test-client";
/// The secret of [`DEFAULT_CLIENT_ID`].
pub const DEFAULT_CLIENT_SECRET: &str = "hkob-test-secret";

/// How a mock instance is set up (built by [`crate::MockBankBuilder`] or read
/// from a TOML file by [`Settings::from_toml`]).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Seed of every generated value.
    pub seed: u64,
    /// Ids of the banks to serve; every default bank when `None`.
    pub banks: Option<Vec<String>>,
    /// Clients registered at every bank.
    pub clients: Vec<TspClient>,
    /// Clients registered at one bank only: (bank id, client).
    pub bank_clients: Vec<(String, TspClient)>,
    /// Customers generated per bank.
    pub customers_per_bank: u32,
    /// Fixed transaction history length for every account.
    pub transactions_per_account: Option<u64>,
    /// Capacity of the request log.
    pub request_log_capacity: usize,
    /// Whether the `x-mock-scenario` header is honoured.
    pub scenario_header: bool,
    /// Page size when a client sends none.
    pub default_page_size: u32,
    /// Largest page size served (bigger requests are cut to this).
    pub max_page_size: u32,
    /// Idempotency keys remembered per bank.
    pub idempotency_capacity: usize,
    /// How accepted payments move through their statuses as they are polled.
    pub payment_progress: PaymentProgress,
    /// How applications move through their statuses (Phase II).
    pub application_progress: ApplicationProgress,
    /// The largest amount of one payment, per currency (50,000 in each
    /// currency not listed).
    pub payment_limits: Vec<(String, rust_decimal::Decimal)>,
    /// How many enquiries an off-us direct debit mandate answers `PDFP` to
    /// before it answers `ACTIVE` (0: `ACTIVE` at once).
    pub direct_debit_fps_enquiries: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            seed: 1,
            banks: None,
            clients: vec![TspClient::new(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)],
            bank_clients: Vec::new(),
            customers_per_bank: 8,
            transactions_per_account: None,
            request_log_capacity: 1024,
            scenario_header: true,
            default_page_size: 10,
            max_page_size: 500,
            idempotency_capacity: 10_000,
            payment_progress: PaymentProgress::default(),
            application_progress: ApplicationProgress::default(),
            payment_limits: Vec::new(),
            direct_debit_fps_enquiries: crate::direct_debit::book::DEFAULT_FPS_ENQUIRIES,
        }
    }
}

/// One bank's state inside a running mock.
#[derive(Debug)]
pub struct BankState {
    /// The bank id, shared cheaply (e.g. by request log entries).
    pub id: Arc<str>,
    /// Who the bank is.
    pub profile: SimulatedBank,
    /// Published products, locations and rates.
    pub catalog: Catalog,
    /// Customers.
    pub customers: Vec<Customer>,
    /// Customers' accounts.
    pub accounts: Vec<Account>,
    /// Live balances.
    pub ledger: Ledger,
    /// Registered TSPs.
    pub clients: ClientRegistry,
    /// Remembered idempotent POST responses.
    pub idempotency: IdempotencyStore,
    /// The bank's authorization server, set once the listen address is known.
    pub auth: std::sync::OnceLock<Arc<AuthServer>>,
    /// Payment consents and payments (Phase IV).
    pub payments: PaymentBook,
    /// Direct debit consents, mandates and collections (Phase IV).
    pub direct_debits: DirectDebitBook,
    /// Applications taken (Phase II).
    pub applications: ApplicationBook,
    /// The bank's encryption key for Phase II, made on first use.
    pub encryption_key: LazyKey,
}

/// A settings error: an unknown bank id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownBank(pub String);

impl std::fmt::Display for UnknownBank {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown bank id `{}`", self.0)
    }
}

impl std::error::Error for UnknownBank {}

/// The shared state of one running mock.
#[derive(Debug)]
pub struct Instance {
    /// The settings it was built from.
    pub settings: Settings,
    /// Banks in catalogue order.
    pub banks: Vec<Arc<BankState>>,
    by_id: HashMap<String, Arc<BankState>>,
    by_prefix: HashMap<String, Arc<BankState>>,
    /// Installed fault rules.
    pub faults: FaultTable,
    /// Received requests.
    pub log: RequestLog,
    /// The FPS proxies of every bank's customers, and the merchants.
    pub fps: FpsDirectory,
}

impl Instance {
    /// Builds every bank's data from the settings.
    pub fn build(mut settings: Settings) -> Result<Self, UnknownBank> {
        // A page holds at least one item (a size of 0 would divide by zero).
        settings.default_page_size = settings.default_page_size.max(1);
        settings.max_page_size = settings.max_page_size.max(1);
        let all = default_banks();
        let chosen: Vec<SimulatedBank> = match &settings.banks {
            None => all,
            Some(ids) => {
                let mut out = Vec::new();
                for id in ids {
                    let bank = all
                        .iter()
                        .find(|b| &b.id == id)
                        .cloned()
                        .ok_or_else(|| UnknownBank(id.clone()))?;
                    out.push(bank);
                }
                out
            }
        };
        for (bank, _) in &settings.bank_clients {
            if !chosen.iter().any(|b| &b.id == bank) {
                return Err(UnknownBank(bank.clone()));
            }
        }
        let banks: Vec<Arc<BankState>> = chosen
            .into_iter()
            .map(|profile| Arc::new(build_bank(&settings, profile)))
            .collect();
        let by_id = banks
            .iter()
            .map(|b| (b.profile.id.clone(), b.clone()))
            .collect();
        let by_prefix = banks
            .iter()
            .map(|b| (b.profile.prefix.clone(), b.clone()))
            .collect();
        let fps = FpsDirectory::build(settings.seed, &banks);
        Ok(Self {
            fps,
            log: RequestLog::new(settings.request_log_capacity),
            faults: FaultTable::default(),
            banks,
            by_id,
            by_prefix,
            settings,
        })
    }

    /// A bank by id.
    pub fn bank(&self, id: &str) -> Option<&Arc<BankState>> {
        self.by_id.get(id)
    }

    /// The sum of every balance in one currency over every bank, taken at
    /// one instant (no payment between two banks is seen half done).
    pub fn total_balance(&self, currency: &str) -> rust_decimal::Decimal {
        let ledgers: Vec<&Ledger> = self.banks.iter().map(|b| &b.ledger).collect();
        crate::ledger::between::total(&ledgers, currency)
    }

    /// The bank a request path belongs to, and the path below its prefix.
    ///
    /// A prefix is one or two whole path segments (`/hsbc`, `/jetco/bea`).
    pub fn bank_for_path<'p>(&self, path: &'p str) -> Option<(&Arc<BankState>, &'p str)> {
        let rest = path.strip_prefix('/')?;
        // Offsets within `path`, so they never pass its length.
        let first = rest.find('/').map_or(path.len(), |i| i.saturating_add(1));
        let second = path[first..]
            .get(1..)
            .and_then(|after| after.find('/'))
            .map_or(path.len(), |i| first.saturating_add(1).saturating_add(i));
        [first, second]
            .into_iter()
            .filter(|end| *end > 1)
            .find_map(|end| {
                let bank = self.by_prefix.get(&path[..end])?;
                let rel = if path.len() > end { &path[end..] } else { "/" };
                Some((bank, rel))
            })
    }
}

fn build_bank(settings: &Settings, profile: SimulatedBank) -> BankState {
    let catalog = Catalog::generate(settings.seed, &profile);
    let (customers, accounts) = generate_customers(
        settings.seed,
        &profile,
        settings.customers_per_bank,
        settings.transactions_per_account,
    );
    let mut clients = ClientRegistry::default();
    for c in &settings.clients {
        clients.register(c.clone());
    }
    for (bank, c) in &settings.bank_clients {
        if bank == &profile.id {
            clients.register(c.clone());
        }
    }
    let ledger = Ledger::new(&accounts);
    for currency in crate::payments::amount::CURRENCIES {
        ledger.open_internal(&card_settlement_account(currency), currency);
    }
    let payments = PaymentBook::new(PaymentSettings {
        progress: settings.payment_progress,
        limits: settings.payment_limits.iter().cloned().collect(),
    });
    let direct_debits = DirectDebitBook::new(DirectDebitSettings {
        fps_enquiries: settings.direct_debit_fps_enquiries,
    });
    BankState {
        applications: ApplicationBook::new(settings.application_progress),
        encryption_key: LazyKey::default(),
        id: Arc::from(profile.id.as_str()),
        ledger,
        payments,
        direct_debits,
        idempotency: IdempotencyStore::new(settings.idempotency_capacity),
        profile,
        catalog,
        customers,
        accounts,
        clients,
        auth: std::sync::OnceLock::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_bank_paths() {
        let inst = Instance::build(Settings {
            banks: Some(vec!["bea".into(), "hsbc".into()]),
            ..Settings::default()
        });
        let Ok(inst) = inst else {
            panic!("build failed")
        };
        let (b, rel) = inst
            .bank_for_path("/jetco/bea/deposits/v1/savings")
            .unwrap_or_else(|| panic!("no bank"));
        assert_eq!(b.profile.id, "bea");
        assert_eq!(rel, "/deposits/v1/savings");
        let (b, rel) = inst
            .bank_for_path("/hsbc/open-banking/v1.0/atms")
            .unwrap_or_else(|| panic!("no bank"));
        assert_eq!(b.profile.id, "hsbc");
        assert_eq!(rel, "/open-banking/v1.0/atms");
        assert!(inst.bank_for_path("/bea/deposits").is_none());
        assert!(inst.bank_for_path("/jetco/hsbc/x").is_none());
        assert!(inst.bank_for_path("/jetco/dsb/x").is_none());
        assert!(inst.bank_for_path("/").is_none());
        assert!(
            Instance::build(Settings {
                banks: Some(vec!["nope".into()]),
                ..Settings::default()
            })
            .is_err()
        );
    }
}
