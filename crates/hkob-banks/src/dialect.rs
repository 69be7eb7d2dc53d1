//! The API designs banks share, and the framework's four phases.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The API design a bank's endpoints follow. Banks of one dialect share one generated client and
/// one normaliser per phase.
///
/// In configuration files and `specs/` a dialect is written in kebab case: `jetco-apix`,
/// `hsbc-group`, `bochk-group`, `standard-chartered`, `dbs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Dialect {
    /// JETCO APIX: BEA, Citi HK, Dah Sing, CCB Asia, CNCBI, Chong Hing, Fubon, ICBC Asia, Public
    /// Bank, Shanghai Commercial, OCBC Wing Hang, CMB Wing Lung, BoComm HK, Airstar.
    JetcoApix,
    /// HSBC HK and Hang Seng.
    HsbcGroup,
    /// Bank of China (Hong Kong), Chiyu and Nanyang.
    BochkGroup,
    /// Standard Chartered HK.
    StandardChartered,
    /// DBS Bank (Hong Kong).
    Dbs,
}

impl Dialect {
    /// Every dialect.
    pub const ALL: [Dialect; 5] = [
        Dialect::JetcoApix,
        Dialect::HsbcGroup,
        Dialect::BochkGroup,
        Dialect::StandardChartered,
        Dialect::Dbs,
    ];

    /// The dialect's name as in `specs/` and configuration files.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::JetcoApix => "jetco-apix",
            Dialect::HsbcGroup => "hsbc-group",
            Dialect::BochkGroup => "bochk-group",
            Dialect::StandardChartered => "standard-chartered",
            Dialect::Dbs => "dbs",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A dialect name that is not one of [`Dialect::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown dialect `{0}` (expected jetco-apix, hsbc-group, bochk-group, standard-chartered or dbs)"
)]
pub struct UnknownDialect(pub String);

impl FromStr for Dialect {
    type Err = UnknownDialect;

    /// Reads a dialect name, ignoring case and accepting `_` for `-`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        Dialect::ALL
            .into_iter()
            .find(|d| d.as_str() == wanted)
            .ok_or_else(|| UnknownDialect(s.to_owned()))
    }
}

/// One of the four phases of the HKMA Open API Framework. A bank may speak a different dialect
/// in each (or offer no API for a phase at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Phase I: product and service information.
    ProductInformation,
    /// Phase II: subscriptions and new applications.
    Applications,
    /// Phase III: account information, with the customer's consent.
    AccountInformation,
    /// Phase IV: transactions.
    Transactions,
}

impl Phase {
    /// The four phases, in the framework's order.
    pub const ALL: [Phase; 4] = [
        Phase::ProductInformation,
        Phase::Applications,
        Phase::AccountInformation,
        Phase::Transactions,
    ];

    /// The phase's number in the framework, 1 to 4.
    pub fn number(self) -> u8 {
        match self {
            Phase::ProductInformation => 1,
            Phase::Applications => 2,
            Phase::AccountInformation => 3,
            Phase::Transactions => 4,
        }
    }

    pub(crate) fn index(self) -> usize {
        usize::from(self.number()).saturating_sub(1)
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Phase::ProductInformation => "product and service information",
            Phase::Applications => "subscriptions and new applications",
            Phase::AccountInformation => "account information",
            Phase::Transactions => "transactions",
        };
        write!(f, "Phase {} ({name})", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_names_round_trip() {
        for d in Dialect::ALL {
            assert_eq!(d.as_str().parse::<Dialect>(), Ok(d));
            let json = serde_json::to_string(&d).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", d.as_str()));
        }
        assert_eq!("JETCO_APIX".parse::<Dialect>(), Ok(Dialect::JetcoApix));
        assert!("ob-uk".parse::<Dialect>().is_err());
    }

    #[test]
    fn phases_are_numbered_in_order() {
        let numbers: Vec<u8> = Phase::ALL.iter().map(|p| p.number()).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        assert_eq!(
            Phase::AccountInformation.to_string(),
            "Phase 3 (account information)"
        );
    }
}
