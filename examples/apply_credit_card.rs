//! Apply for the credit card with the lowest annual fee, end to end, on the embedded mock bank:
//!
//! ```text
//! cargo run --example apply_credit_card
//! ```
//!
//! 1. Phase I: asks every bank that takes applications by API (JETCO APIX and the BOCHK group)
//!    for its credit cards, and picks the one with the lowest stated annual fee.
//! 2. Phase II: applies for it at that bank, within the card's limits from its Phase I data
//!    (credit limit range, minimum income), the applicant checked before anything is sent and
//!    encrypted to the bank's key; the request is signed with the TSP's key.
//! 3. Answers the bank's request for more information with a document, and follows the
//!    application to a decision.

use std::time::Duration;

use hkob::applications::{
    Address, Applicant, Application, ApplicationAccess, ApplicationOptions, ApplicationStatus,
    Consents, CreditCard, District, Employment, InformationAnswer, ProductLimits,
};
use hkob::banks::{BankCredentials, Dialect, mock_profiles};
use hkob::core::signing::{SigningAlgorithm, SigningKey};
use hkob::core::{Amount, Date, Decimal, IdempotencyKey};
use hkob::mock_bank::{
    ApplicationOutcome, ApplicationProgress, InformationKind, JwsAlgorithm, JwsKey, MockBank,
    TspClient,
};
use hkob::products::ProductCatalog;

const CLIENT_ID: &str = "example-tsp";
const CLIENT_SECRET: &str = "example-tsp-secret";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The TSP's signing key, lodged with the (mock) banks.
    let tsp_key = rcgen::KeyPair::generate()?;
    let lodged = JwsKey::from_pem(JwsAlgorithm::Es256, tsp_key.public_key_pem().as_bytes())?;
    let mock = MockBank::builder()
        .seed(2018)
        .tsp_client(TspClient::new(CLIENT_ID, CLIENT_SECRET).with_signing_key(lodged))
        .application_progress(
            ApplicationProgress::new(1, ApplicationOutcome::Approved)
                .with_information_request(InformationKind::IncomeProof),
        )
        .start()
        .await?;

    // 1. The cheapest card among the banks that take applications by API.
    let profiles: Vec<_> = mock_profiles(&mock)
        .into_iter()
        .filter(|p| matches!(p.dialect, Dialect::JetcoApix | Dialect::BochkGroup))
        .map(|mut p| {
            p.credentials = BankCredentials::client_secret(CLIENT_ID, CLIENT_SECRET);
            p
        })
        .collect();
    let cards = ProductCatalog::new(profiles.clone())
        .fetch::<hkob::products::model::CreditCard>()
        .await;
    let card = cards
        .items
        .iter()
        .filter(|c| c.annual_fee.is_some())
        .min_by_key(|c| c.annual_fee.map(|f| f.value))
        .ok_or("no bank states a credit card's annual fee")?;
    let fee = card.annual_fee.map(|f| f.to_string()).unwrap_or_default();
    println!(
        "Lowest annual fee: {} at {} ({fee}), of {} cards from {} banks",
        card.info.name,
        card.info.bank,
        cards.items.len(),
        profiles.len()
    );

    // 2. The card's limits from its Phase I data, and the application.
    let currency = card.currency.unwrap_or(hkob::core::Currency::HKD);
    let mut limits = ProductLimits::none().currencies([currency]);
    if let (Some(min), Some(max)) = (card.min_credit_limit, card.max_credit_limit) {
        limits = limits.amount_between(Amount::new(min, currency), Amount::new(max, currency));
    }
    if let Some(yearly) = card.min_annual_income {
        let monthly = (yearly.value / Decimal::from(12)).round_dp(2);
        limits = limits.min_monthly_income(Amount::new(monthly, yearly.currency));
    }
    let requested = card
        .min_credit_limit
        .map(|min| Amount::new(min, currency))
        .unwrap_or_else(|| Amount::new(Decimal::from(50_000), currency));
    let application = Application::builder(
        &card.info.code,
        CreditCard::new().requested_limit(requested),
    )
    .applicant(
        Applicant::builder()
            .name("CHAN", "Tai Man")
            .hkid("A123456(3)")
            .date_of_birth(Date::from_ymd_opt(1990, 5, 17).ok_or("a date")?)
            .nationality("HK")
            .mobile_number("9123 4567")
            .email("tm.chan@example.com")
            .residential_address(Address::hong_kong(
                ["Flat B, 20/F, Block 3", "1 Tai Hing Gardens Road"],
                District::TuenMun,
            ))
            .employment(Employment::employed("Example Trading Ltd", "Accountant"))
            .monthly_income(Amount::hkd(Decimal::from(60_000))),
    )
    .consents(Consents::new(true, false))
    .limits(limits)
    .build()?;

    let profile = profiles
        .into_iter()
        .find(|p| p.id == card.info.bank)
        .ok_or("the card's bank has no profile")?;
    let signing_key =
        SigningKey::from_pem(SigningAlgorithm::Es256, tsp_key.serialize_pem().as_bytes())?;
    let bank = ApplicationAccess::connect(profile, ApplicationOptions::new(signing_key))?;
    let key = IdempotencyKey::new("example-card-application-0001")?;
    let record = bank.submit(&application, &key).await?;
    println!("Applied: application {} is {}", record.id, record.status);

    // 3. Answer what the bank asks, then follow it to a decision.
    let mut record = bank.wait(&record.id, Duration::from_secs(60)).await?;
    while record.status == ApplicationStatus::InformationRequired {
        for request in &record.information_requests {
            println!("The bank asks ({}): {}", request.kind, request.description);
            let answer = InformationAnswer::document(
                &request.id,
                "payslip-2026-11.pdf",
                "application/pdf",
                b"%PDF-1.4 example payslip".to_vec(),
            );
            bank.supply_information(&record.id, &answer).await?;
            println!("Answered request {} with a payslip", request.id);
        }
        record = bank.wait(&record.id, Duration::from_secs(60)).await?;
    }
    match (&record.status, &record.decision) {
        (ApplicationStatus::Approved, Some(decision)) => println!(
            "Approved{}",
            decision
                .approved_amount
                .map(|a| format!(", with a credit limit of {a}"))
                .unwrap_or_default()
        ),
        (status, _) => println!("Decision: {status}"),
    }
    Ok(())
}
