//! Foreign-exchange rates across banks: where to buy and where to sell a currency, by telegraphic
//! transfer (TT) and in banknotes.
//!
//! Starts the mock bank in-process and asks every bank, in every dialect, for its FX rates:
//!
//! ```text
//! cargo run --example compare_fx_rates            # USD against HKD
//! cargo run --example compare_fx_rates -- CNY     # another currency
//! ```
//!
//! Rates are HKD per unit of the currency as each bank quotes it ("bank buys" is what you get
//! when you sell the currency to the bank). A bank that fails is listed below the table and the
//! others are still compared.

use std::collections::HashMap;

use hkob::core::{Currency, Decimal};
use hkob::mock_bank::MockBank;
use hkob::products::ProductCatalog;
use hkob::products::model::{BankId, FxRate};

use hkob::banks::mock_profiles;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let code = std::env::args().nth(1).unwrap_or_else(|| "USD".to_owned());
    let currency = Currency::new(&code)?;
    let mock = MockBank::builder().seed(2018).start().await?;
    let profiles = mock_profiles(&mock);
    let names: HashMap<BankId, String> = profiles
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let catalog = ProductCatalog::new(profiles);
    let fetched = catalog.fetch::<FxRate>().await;

    let mut quotes: Vec<&FxRate> = fetched
        .items
        .iter()
        .filter(|r| r.currency == currency && r.quote_currency == Currency::HKD)
        .collect();
    // Cheapest place to buy the currency by TT first.
    quotes.sort_by_key(|r| r.tt_sell.unwrap_or(Decimal::MAX));

    println!(
        "{currency}/HKD from {} banks (HKD per unit quoted)\n",
        quotes.len()
    );
    println!(
        "{:<38} {:>5} {:>10} {:>10} {:>10} {:>10}",
        "bank", "unit", "TT buys", "TT sells", "note buys", "note sells"
    );
    println!("{}", "-".repeat(88));
    for rate in &quotes {
        let name = names
            .get(&rate.bank)
            .map(String::as_str)
            .unwrap_or(rate.bank.as_str());
        println!(
            "{:<38} {:>5} {:>10} {:>10} {:>10} {:>10}",
            truncate(name, 38),
            rate.unit
                .map(|u| u.to_string())
                .unwrap_or_else(|| "1".into()),
            shown(rate.tt_buy),
            shown(rate.tt_sell),
            shown(rate.note_buy),
            shown(rate.note_sell),
        );
    }
    let best_buy = quotes
        .iter()
        .filter(|r| r.tt_sell.is_some())
        .min_by_key(|r| r.tt_sell);
    let best_sell = quotes
        .iter()
        .filter(|r| r.tt_buy.is_some())
        .max_by_key(|r| r.tt_buy);
    if let (Some(buy), Some(sell)) = (best_buy, best_sell) {
        println!(
            "\nBuy {currency} by TT at {} ({}); sell it at {} ({}).",
            names
                .get(&buy.bank)
                .map(String::as_str)
                .unwrap_or(buy.bank.as_str()),
            shown(buy.tt_sell),
            names
                .get(&sell.bank)
                .map(String::as_str)
                .unwrap_or(sell.bank.as_str()),
            shown(sell.tt_buy),
        );
    }
    if !fetched.failures.is_empty() {
        println!("\nBanks that gave no answer:");
        for failure in &fetched.failures {
            println!("  {:<10} {}", failure.bank, failure.error);
        }
    }
    if !fetched.issues.is_empty() {
        println!(
            "\n{} values could not be normalised, for example:",
            fetched.issues.len()
        );
        for issue in fetched.issues.iter().take(5) {
            println!("  {issue}");
        }
    }
    Ok(())
}

fn shown(rate: Option<Decimal>) -> String {
    rate.map(|r| r.round_dp(4).to_string())
        .unwrap_or_else(|| "-".into())
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
