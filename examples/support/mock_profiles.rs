//! Bank profiles for every bank of the embedded mock bank, shared by the examples.

use hkob::mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};
use hkob::products::{BankCredentials, BankProfile, Dialect};

/// One profile per bank of the mock, in its dialect, with the mock's default credentials.
pub fn mock_profiles(mock: &MockBank) -> Vec<BankProfile> {
    use hkob::mock_bank::Dialect as Mock;
    mock.banks()
        .filter_map(|b| {
            let (dialect, credentials) = match b.dialect {
                Mock::JetcoApix => (Dialect::JetcoApix, None),
                Mock::HsbcGroup => (Dialect::HsbcGroup, None),
                Mock::BochkGroup => (Dialect::BochkGroup, None),
                Mock::StandardChartered => (Dialect::StandardChartered, None),
                Mock::Dbs => (
                    Dialect::Dbs,
                    // The mock accepts the client's own secret as the partner secret.
                    Some(BankCredentials::dbs_partner(
                        DEFAULT_CLIENT_ID,
                        DEFAULT_CLIENT_SECRET,
                        "hkob-example",
                        DEFAULT_CLIENT_SECRET,
                    )),
                ),
                _ => return None,
            };
            let credentials = credentials.unwrap_or_else(|| {
                BankCredentials::client_secret(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
            });
            Some(BankProfile::new(
                b.id.as_str(),
                b.name.clone(),
                dialect,
                mock.bank_url(&b.id)?,
                credentials,
            ))
        })
        .collect()
}
