//! Profiles for the banks of a running mock bank.

use hkob_mock_bank::{AuthStyle, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};

use crate::credentials::BankCredentials;
use crate::dialect::Dialect;
use crate::profile::BankProfile;

/// The partner id the profiles of [`mock_profiles`] use at mock banks with the partner token
/// exchange (DBS).
pub const MOCK_PARTNER_ID: &str = "hkob-mock-partner";

/// One profile per bank of `mock`, in the bank's dialect, with the mock's default TSP credentials
/// ([`DEFAULT_CLIENT_ID`] and its secret; at DBS the partner exchange, whose partner secret the
/// mock takes to be the client's own secret).
///
/// ```
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let mock = hkob_mock_bank::MockBank::builder().start().await?;
/// let profiles = hkob_banks::mock_profiles(&mock);
/// assert!(profiles.iter().any(|p| p.id == "bea"));
/// # Ok(()) }
/// ```
pub fn mock_profiles(mock: &MockBank) -> Vec<BankProfile> {
    mock.banks()
        .filter_map(|bank| {
            let dialect: Dialect = bank.dialect.as_str().parse().ok()?;
            let credentials = match bank.auth_style() {
                AuthStyle::PartnerJwt => BankCredentials::dbs_partner(
                    DEFAULT_CLIENT_ID,
                    DEFAULT_CLIENT_SECRET,
                    MOCK_PARTNER_ID,
                    DEFAULT_CLIENT_SECRET,
                ),
                _ => BankCredentials::client_secret(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
            };
            Some(BankProfile::new(
                bank.id.as_str(),
                bank.name.clone(),
                dialect,
                mock.bank_url(&bank.id)?,
                credentials,
            ))
        })
        .collect()
}

/// [`mock_profiles`] for the banks whose ids are in `ids`, in the mock's order.
pub fn mock_profiles_of(mock: &MockBank, ids: &[&str]) -> Vec<BankProfile> {
    mock_profiles(mock)
        .into_iter()
        .filter(|p| ids.contains(&p.id.as_str()))
        .collect()
}
