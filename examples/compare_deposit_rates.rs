//! HKD time-deposit rates across banks, side by side: the rate for HKD 100,000 placed for three
//! months, and each bank's best HKD tier.
//!
//! With no arguments it starts the mock bank in-process and compares all of its banks, across
//! every dialect (JETCO APIX, HSBC group, BOCHK group, Standard Chartered, DBS):
//!
//! ```text
//! cargo run --example compare_deposit_rates
//! ```
//!
//! With `--config banks.toml` it asks the real banks listed in the file instead:
//!
//! ```text
//! cargo run --example compare_deposit_rates -- --config banks.toml
//! ```
//!
//! The file lists one `[[bank]]` table per bank profile, read by `hkob::banks::BankProfile::from_toml`:
//!
//! ```toml
//! # Optional: how the catalog asks the banks.
//! [catalog]
//! deadline_secs = 15   # per bank, every page and retry included (default 15)
//! concurrency = 8      # banks asked at the same time (default 8)
//!
//! [[bank]]
//! id = "bea"                                   # short, unique; shown in the table
//! environment = "sandbox"                     # the bank's URL from hkob's bank directory, or
//! # base_url = "https://sandbox.apix.com.hk/jetco/sb/bea"
//! # name and dialect come from the directory too; give them for a bank it does not know:
//! # name = "My Bank"
//! # dialect = "jetco-apix"                     # jetco-apix | hsbc-group | bochk-group | standard-chartered | dbs
//! client_id = "your-client-id"
//! client_secret_env = "BEA_CLIENT_SECRET"      # read the secret from this environment variable ...
//! # client_secret = "..."                      # ... or write it here (keep the file private)
//!
//! [[bank]]
//! id = "dbs"
//! base_url = "https://www.dbs.com/sandbox"
//! client_id = "your-client-id"
//! client_secret_env = "DBS_CLIENT_SECRET"
//! partner_id = "your-partner-app"              # DBS only: the partner token exchange
//! partner_secret_env = "DBS_PARTNER_JWT"       # DBS only: the JWT you signed (or partner_secret)
//! ```
//!
//! A bank that fails, whose dialect hkob cannot ask yet, or that does not answer within the
//! deadline is listed below the table, and the others are still compared.

use std::collections::HashMap;
use std::time::Duration;

use hkob::banks::{BankProfile, mock_profiles};
use hkob::core::{Amount, Currency, Decimal};
use hkob::mock_bank::MockBank;
use hkob::products::model::{BankId, Tenor, TimeDeposit};
use hkob::products::{CatalogOptions, ProductCatalog};
use serde::Deserialize;

/// The example's own settings, beside the `[[bank]]` profiles in the same file.
#[derive(Deserialize, Default)]
struct ConfigFile {
    #[serde(default)]
    catalog: CatalogSection,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CatalogSection {
    deadline_secs: Option<u64>,
    concurrency: Option<usize>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config_path = match args.as_slice() {
        [] => None,
        [flag, path] if flag == "--config" => Some(path.clone()),
        _ => return Err("usage: compare_deposit_rates [--config banks.toml]".into()),
    };

    // Keep the mock bank alive for the whole run when there is no configuration.
    let mut _mock = None;
    let (profiles, options) = match config_path {
        Some(path) => {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
            let config: ConfigFile = toml::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
            let mut options = CatalogOptions::new();
            if let Some(secs) = config.catalog.deadline_secs {
                options = options.deadline(Duration::from_secs(secs));
            }
            if let Some(n) = config.catalog.concurrency {
                options = options.concurrency(n);
            }
            let profiles = BankProfile::from_toml(&text).map_err(|e| format!("{path}: {e}"))?;
            (profiles, options)
        }
        None => {
            let mock = MockBank::builder().seed(2018).start().await?;
            let profiles = mock_profiles(&mock);
            println!(
                "No --config given: comparing the {} banks of the mock bank at {}\n",
                profiles.len(),
                mock.base_url()
            );
            _mock = Some(mock);
            (profiles, CatalogOptions::new())
        }
    };
    if profiles.is_empty() {
        return Err("no bank to compare".into());
    }

    let names: HashMap<BankId, String> = profiles
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let order: Vec<BankId> = profiles.iter().map(|p| p.id.clone()).collect();
    let catalog = ProductCatalog::with_options(profiles, options);
    let deposits = catalog.fetch::<TimeDeposit>().await;

    let amount = Amount::hkd(Decimal::from(100_000));
    let term = Tenor::months(3);
    let quotes = deposits.best_rate_per_bank(amount, term);

    println!("HKD time deposits: rate for {amount} for {term}, and each bank's best HKD tier\n");
    println!(
        "{:<36} {:>13}  {:<26} {:>9}  {:<9} {:>12}",
        "bank", "HKD 100k 3M", "product", "best rate", "term", "from (HKD)"
    );
    println!("{}", "-".repeat(112));

    // Banks with a 3-month quote first (best first), then the others in profile order.
    let mut rows: Vec<&BankId> = quotes.iter().map(|q| &q.bank).collect();
    for id in &order {
        if !rows.contains(&id) && deposits.failure_of(id).is_none() {
            rows.push(id);
        }
    }
    for id in rows {
        let quote = quotes.iter().find(|q| &q.bank == id);
        let best = deposits
            .from_bank(id)
            .filter_map(|d| d.best_tier(Currency::HKD).map(|t| (d, t)))
            .max_by_key(|(_, t)| t.rate);
        let name = names.get(id).map(String::as_str).unwrap_or(id.as_str());
        let three_month = quote.map_or("-".to_owned(), |q| format!("{:.3}%", q.rate));
        let (product, best_rate, best_term, from) = match best {
            Some((d, t)) => (
                d.info.name.to_string(),
                format!("{:.3}%", t.rate),
                t.term.to_string(),
                t.min_balance
                    .map_or("-".to_owned(), |m| m.round_dp(0).to_string()),
            ),
            None => (
                "(no HKD tier)".to_owned(),
                "-".into(),
                "-".into(),
                "-".into(),
            ),
        };
        println!(
            "{:<36} {:>13}  {:<26} {:>9}  {:<9} {:>12}",
            truncate(name, 36),
            three_month,
            truncate(&product, 26),
            best_rate,
            best_term,
            from
        );
    }

    println!("\n`-`: the bank has no HKD tier for that amount and term.");
    if !deposits.failures.is_empty() {
        println!("\nBanks that gave no answer:");
        for failure in &deposits.failures {
            println!("  {:<10} {}", failure.bank, failure.error);
        }
    }
    if !deposits.issues.is_empty() {
        println!(
            "\n{} value(s) could not be normalised:",
            deposits.issues.len()
        );
        for issue in deposits.issues.iter().take(10) {
            println!("  {issue}");
        }
    }
    Ok(())
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        text.chars()
            .take(width.saturating_sub(1))
            .chain(['…'])
            .collect()
    }
}
