//! An FPS payment (Phase IV) from a customer of BEA (JETCO APIX) to the mobile number of a
//! customer of HSBC: the consent for the exact payment, the customer's approval, the payment,
//! its status followed to completion, the two balances before and after, and the FPS QR code a
//! merchant would show for the same payment.
//!
//! It runs on the embedded mock bank, where the payer approves at once:
//!
//! ```text
//! cargo run --example fps_payment
//! ```

use std::sync::Arc;
use std::time::Duration;

use hkob::banks::mock_profiles_of;
use hkob::core::{Amount, Decimal};
use hkob::mock_bank::{AutoApproval, MockBank};
use hkob::payments::fps::{BankCode, FpsQr, MobileNumber, QrInitiation};
use hkob::payments::{AccessOptions, MemoryStore, Payee, PaymentAccess, PaymentOrder};

const PAYER_BANK: &str = "bea";
const PAYEE_BANK: &str = "hsbc";
const PAYER: &str = "C0001";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockBank::builder()
        .banks([PAYER_BANK, PAYEE_BANK])
        .start()
        .await?;
    let payer_bank = mock.bank(PAYER_BANK).ok_or("no payer bank")?;
    let payee_bank = mock.bank(PAYEE_BANK).ok_or("no payee bank")?;

    // Who pays and who is paid: the payer's first HKD account at BEA, and a mobile number
    // registered with FPS at HSBC (the mock's FPS directory).
    let (username, _) = payer_bank.customer_login(PAYER).ok_or("no payer")?;
    let payer_account = payer_bank
        .accounts()
        .iter()
        .find(|a| a.customer_id == PAYER && a.currency == "HKD")
        .ok_or("the payer has no HKD account")?
        .id
        .clone();
    let payee = mock
        .fps_directory()
        .into_iter()
        .find(|r| r.bank == PAYEE_BANK && r.scheme == "MOBN" && r.customer_id.is_some())
        .ok_or("nobody at the payee bank has a mobile number registered")?;
    // The payer approves every consent at once (in real life: at the bank, in a browser).
    if let Some(auth) = payer_bank.auth_server() {
        auth.set_auto_approval(Some(AutoApproval::Approve { username }));
    }
    let payer_before = payer_bank.balance(&payer_account).ok_or("no balance")?;
    let payee_before = payee_bank.balance(&payee.account_id).ok_or("no balance")?;

    // 1. Connect and ask for a consent to the exact payment.
    let profile = mock_profiles_of(&mock, &[PAYER_BANK])
        .pop()
        .ok_or("no profile")?;
    let bea = PaymentAccess::connect(
        profile,
        AccessOptions::new("http://127.0.0.1:9/callback"),
        Arc::new(MemoryStore::new()),
    )
    .await?;
    let mobile = MobileNumber::parse(&payee.identification)?;
    let amount = Decimal::new(32050, 2);
    let order = PaymentOrder::new(Amount::hkd(amount), Payee::Fps(mobile.clone().into()))
        .reference("DINNER-1202");
    let redirect = bea.begin(&order).await?;
    println!(
        "consent {} for HKD {amount} to {} ({}): {:?}",
        redirect.consent.id,
        mobile.masked(),
        redirect.consent.payee_name.as_deref().unwrap_or("?"),
        redirect.consent.status
    );

    // 2. The customer approves at the bank and comes back with a code.
    let callback = follow(&redirect.url).await?;
    let consent = bea.complete(&callback).await?;
    println!("consent {} is {:?}", consent.id, consent.status);

    // 3. Pay once, then follow the status until it is final.
    let payment = bea.submit(&consent.id).await?;
    println!("payment {} is {:?}", payment.id, payment.status);
    let payment = bea.wait(&consent.id, Duration::from_secs(30)).await?;
    println!("payment {} is {:?}", payment.id, payment.status);
    for reason in &payment.reasons {
        println!(
            "  reason {}: {}",
            reason.code,
            reason.information.as_deref().unwrap_or("")
        );
    }

    let payer_after = payer_bank.balance(&payer_account).ok_or("no balance")?;
    let payee_after = payee_bank.balance(&payee.account_id).ok_or("no balance")?;
    println!("payer at {PAYER_BANK}: HKD {payer_before} -> {payer_after}");
    println!("payee at {PAYEE_BANK}: HKD {payee_before} -> {payee_after}");

    // The same payment as an FPS QR code (dynamic: with its amount), and read back.
    let mut qr = FpsQr::new(mobile)?;
    qr.set_initiation(QrInitiation::Dynamic)
        .set_bank_code(Some(BankCode::parse("004")?))
        .set_amount(Some(amount))?
        .set_merchant_name("Harbour Dinner")?
        .additional_data_mut()
        .set_reference_label("DINNER-1202")?;
    let payload = qr.to_payload()?;
    println!("FPS QR payload: {payload}");
    let scanned = FpsQr::parse(&payload)?;
    println!(
        "scanned: pay {} {} to {}",
        scanned.currency(),
        scanned.amount().map(|a| a.to_string()).unwrap_or_default(),
        scanned.payee().scheme()
    );
    Ok(())
}

/// Follows the authorization URL as the customer's browser would, and returns where the bank
/// sent them back to.
async fn follow(url: &url::Url) -> Result<String, Box<dyn std::error::Error>> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = client.get(url.as_str()).send().await?;
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or("the bank did not send the customer back")?;
    Ok(location.to_owned())
}
