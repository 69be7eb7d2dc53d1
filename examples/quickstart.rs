//! Time-deposit rates from three JETCO APIX banks, side by side.
//!
//! With no configuration this starts the mock bank in-process, so it runs
//! anywhere: `cargo run --example quickstart`.
//!
//! To call a real APIX sandbox instead, set `HKOB_JETCO_BASE_URL` (for
//! example `https://sandbox.apix.com.hk/jetco/sb`), `HKOB_CLIENT_ID` and
//! `HKOB_CLIENT_SECRET`.

use futures_util::TryStreamExt;
use hkob::core::auth::StaticHeaders;
use hkob::core::{Client, Decimal};
use hkob::mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};
use hkob::products::generated::jetco_apix::operations::ListTimeDepositProducts;
use hkob::products::generated::jetco_apix::types::{TenorUnit, TimeDepositProduct};

const BANKS: [(&str, &str); 3] = [
    ("bea", "Bank of East Asia"),
    ("dsb", "Dah Sing Bank"),
    ("cal", "China Construction Bank (Asia)"),
];

struct Row {
    bank: &'static str,
    product: String,
    term: String,
    min: Option<Decimal>,
    rate: Decimal,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let real = std::env::var("HKOB_JETCO_BASE_URL").ok();
    let mock = match real {
        Some(_) => None,
        None => Some(MockBank::builder().seed(2018).start().await?),
    };
    let (id, secret) = match &mock {
        Some(_) => (
            DEFAULT_CLIENT_ID.to_owned(),
            DEFAULT_CLIENT_SECRET.to_owned(),
        ),
        None => (
            std::env::var("HKOB_CLIENT_ID")?,
            std::env::var("HKOB_CLIENT_SECRET")?,
        ),
    };

    let mut rows = Vec::new();
    for (code, name) in BANKS {
        let base_url = match (&mock, &real) {
            (Some(mock), _) => mock.bank_url(code).ok_or("the mock bank lacks this bank")?,
            (None, Some(base)) => format!("{}/{code}", base.trim_end_matches('/')),
            (None, None) => unreachable!("either a real base URL or the mock bank"),
        };
        let client = Client::builder()
            .base_url(base_url)
            .credentials(StaticHeaders::ibm_api_connect(&id, &secret))
            .bank(code)
            .build()?;
        let products: Vec<TimeDepositProduct> = ListTimeDepositProducts::new()
            .paginate(&client)
            .page_size(20)
            .items()
            .try_collect()
            .await?;
        for product in products {
            for tier in &product.rate_info {
                if tier.currency != "HKD" {
                    continue;
                }
                let unit = match tier.deposit_term_unit {
                    TenorUnit::D => "day",
                    TenorUnit::M => "month",
                    TenorUnit::Y => "year",
                    _ => "?",
                };
                rows.push(Row {
                    bank: name,
                    product: product.product_name.clone(),
                    term: format!("{} {unit}", tier.deposit_term),
                    min: tier.min_amount,
                    rate: tier.rate,
                });
            }
        }
    }

    rows.sort_by_key(|row| std::cmp::Reverse(row.rate));
    println!(
        "HKD time-deposit rates, best first ({} tiers)\n",
        rows.len()
    );
    println!(
        "{:<32} {:<28} {:>10} {:>14} {:>8}",
        "bank", "product", "term", "from (HKD)", "% p.a."
    );
    for row in rows.iter().take(15) {
        let min = row
            .min
            .map(|m| m.round_dp(0).to_string())
            .unwrap_or_else(|| "-".into());
        println!(
            "{:<32} {:<28} {:>10} {:>14} {:>8}",
            row.bank,
            truncate(&row.product, 28),
            row.term,
            min,
            row.rate.round_dp(3)
        );
    }
    Ok(())
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        text.chars().take(width - 1).chain(['…']).collect()
    }
}
