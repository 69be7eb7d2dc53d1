//! Deterministic bank data: products, rates, locations, customers, accounts
//! (with their profiles and identities), credit cards and transactions, all
//! derived from one seed.

mod account_profile;
mod cards;
mod customers;
mod history;
mod identity;
mod locations;
mod products;
mod transactions;

pub use customers::{Account, Customer, generate_customers};
pub use locations::{FxRate, Location, generate_fx_rates, generate_locations};
pub(crate) use products::ReferenceRate;
pub use products::{Product, RateTier, generate_products};
pub use transactions::{CreditDebit, Transaction, transaction};

pub(crate) use account_profile::{AccountState, account_profile};
pub(crate) use cards::{
    Card, CardTransaction, card_number, card_transaction, card_transactions_in, cards_of,
};
pub(crate) use history::date_of_instant;
pub(crate) use identity::{Identity, hkid_check_digit, identity};
pub(crate) use transactions::History;

use std::collections::BTreeMap;

use crate::bank::{ProductKind, SimulatedBank};

/// Everything a bank publishes in Phase I, generated from the seed.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Products by kind (only kinds the bank offers).
    pub products: BTreeMap<ProductKind, Vec<Product>>,
    /// Branches, ATMs and safe deposit box locations by kind.
    pub locations: BTreeMap<ProductKind, Vec<Location>>,
    /// Exchange rates against HKD.
    pub fx_rates: Vec<FxRate>,
}

impl Catalog {
    /// Generates a bank's catalog.
    pub fn generate(seed: u64, bank: &SimulatedBank) -> Self {
        let mut products = BTreeMap::new();
        let mut locations = BTreeMap::new();
        for kind in &bank.products {
            match kind {
                ProductKind::Branch | ProductKind::Atm | ProductKind::DepositBox => {
                    locations.insert(*kind, generate_locations(seed, bank, *kind));
                }
                ProductKind::FxRate => {}
                _ => {
                    products.insert(*kind, generate_products(seed, bank, *kind));
                }
            }
        }
        let fx_rates = if bank.offers(ProductKind::FxRate) {
            generate_fx_rates(seed, bank)
        } else {
            Vec::new()
        };
        Self {
            products,
            locations,
            fx_rates,
        }
    }
}

/// Formats a date given as days since 2000-01-01 as `YYYY-MM-DD`.
pub(crate) fn date_from_days(days: u64) -> String {
    let days = i64::try_from(days)
        .unwrap_or(i64::MAX)
        .saturating_add(10_957);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
///
/// Days beyond 2^50 (some 3 * 10^12 years) either way are taken as that far.
// The day is clamped first, so no step below can overflow.
#[allow(clippy::arithmetic_side_effects)]
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    const LIMIT: i64 = 1 << 50;
    let z = z.clamp(-LIMIT, LIMIT) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(date_from_days(0), "2000-01-01");
        assert_eq!(date_from_days(366), "2001-01-01");
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
