//! Wall time of one catalog fetch across 30 banks that each take 200 ms, against the slowest
//! single bank and against asking the banks one after another.
//!
//! `cargo bench -p hkob-products --bench catalog`
//!
//! The mock bank serves 14 JETCO APIX banks; the 30 profiles reuse them under distinct ids
//! (`bea`, `bea-2`, ...), each with its own client and connection.

use std::time::{Duration, Instant};

use hkob_core::retry::RetryPolicy;
use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FaultRuleSpec, MockBank};
use hkob_products::model::TimeDeposit;
use hkob_products::{BankCredentials, BankProfile, CatalogOptions, Dialect, ProductCatalog};

const BANKS: usize = 30;
const LATENCY: &str = "latency=200ms";
const ROUNDS: usize = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run())
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockBank::builder().seed(30).start().await?;
    let jetco: Vec<String> = mock
        .banks()
        .filter(|b| b.dialect == hkob_mock_bank::SimulatedDialect::JetcoApix)
        .map(|b| b.id.clone())
        .collect();
    if jetco.is_empty() {
        return Err("the mock bank serves no JETCO APIX bank".into());
    }
    let mut profiles = Vec::with_capacity(BANKS);
    for i in 0..BANKS {
        let bank = &jetco[i % jetco.len()];
        let round = i / jetco.len();
        let id = if round == 0 {
            bank.clone()
        } else {
            format!("{bank}-{}", round + 1)
        };
        let url = mock.bank_url(bank).ok_or("no URL for a mock bank")?;
        profiles.push(BankProfile::new(
            id,
            bank.clone(),
            Dialect::JetcoApix,
            url,
            BankCredentials::client_secret(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
        ));
    }
    mock.add_fault(FaultRuleSpec {
        bank: None,
        path: Some("/deposits/v1/timedeposit".into()),
        count: None,
        scenario: LATENCY.into(),
    })?;

    let options = CatalogOptions::new()
        .deadline(Duration::from_secs(30))
        .page_size(100)
        .retry_policy(RetryPolicy::none());
    let concurrent =
        ProductCatalog::with_options(profiles.clone(), options.clone().concurrency(BANKS));
    let sequential = ProductCatalog::with_options(profiles.clone(), options.clone().concurrency(1));
    let singles: Vec<ProductCatalog> = profiles
        .iter()
        .map(|p| ProductCatalog::with_options(vec![p.clone()], options.clone()))
        .collect();

    // Warm-up: open every connection once.
    let warm = concurrent.fetch::<TimeDeposit>().await;
    if !warm.failures.is_empty() {
        return Err(format!("warm-up failures: {:?}", warm.failures).into());
    }
    for single in &singles {
        single.fetch::<TimeDeposit>().await;
    }
    sequential.fetch::<TimeDeposit>().await;

    let mut slowest_single = Vec::new();
    let mut all_sequential = Vec::new();
    let mut all_concurrent = Vec::new();
    for _ in 0..ROUNDS {
        let mut slowest = Duration::ZERO;
        for single in &singles {
            let start = Instant::now();
            let result = single.fetch::<TimeDeposit>().await;
            slowest = slowest.max(start.elapsed());
            check(result.failures.len())?;
        }
        slowest_single.push(slowest);

        let start = Instant::now();
        let result = sequential.fetch::<TimeDeposit>().await;
        all_sequential.push(start.elapsed());
        check(result.failures.len())?;

        let start = Instant::now();
        let result = concurrent.fetch::<TimeDeposit>().await;
        all_concurrent.push(start.elapsed());
        check(result.failures.len())?;
    }

    let slowest = median(&mut slowest_single);
    let seq = median(&mut all_sequential);
    let conc = median(&mut all_concurrent);
    println!(
        "catalog fetch of time deposits from {BANKS} banks, {LATENCY} each (median of {ROUNDS})"
    );
    println!("  slowest single bank      {:>8.1} ms", ms(slowest));
    println!("  sequential (1 at a time) {:>8.1} ms", ms(seq));
    println!(
        "  concurrent ({BANKS} at a time) {:>6.1} ms   = {:.2}x the slowest bank, {:.1}x faster than sequential",
        ms(conc),
        conc.as_secs_f64() / slowest.as_secs_f64(),
        seq.as_secs_f64() / conc.as_secs_f64()
    );
    Ok(())
}

fn check(failures: usize) -> Result<(), Box<dyn std::error::Error>> {
    if failures == 0 {
        Ok(())
    } else {
        Err(format!("{failures} banks failed").into())
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
