//! The banks a TSP has registered with: one [`BankProfile`] per bank.

use std::fmt;
use std::str::FromStr;

use crate::model::BankId;

/// The API design a bank's Phase I endpoints follow. Banks of one dialect share one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

    /// The dialect's name as in `specs/` and configuration files: `jetco-apix`, `hsbc-group`,
    /// `bochk-group`, `standard-chartered`, `dbs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::JetcoApix => "jetco-apix",
            Dialect::HsbcGroup => "hsbc-group",
            Dialect::BochkGroup => "bochk-group",
            Dialect::StandardChartered => "standard-chartered",
            Dialect::Dbs => "dbs",
        }
    }

    /// Whether the catalog can fetch products from banks of this dialect; it can for every
    /// dialect of [`Dialect::ALL`].
    pub fn is_supported(self) -> bool {
        matches!(
            self,
            Dialect::JetcoApix
                | Dialect::HsbcGroup
                | Dialect::BochkGroup
                | Dialect::StandardChartered
                | Dialect::Dbs
        )
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

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        Dialect::ALL
            .into_iter()
            .find(|d| d.as_str() == wanted)
            .ok_or_else(|| UnknownDialect(s.to_owned()))
    }
}

/// The credentials a bank issued to the TSP for Phase I.
///
/// How they are sent depends on the dialect: JETCO APIX sends them as `X-IBM-Client-Id` /
/// `X-IBM-Client-Secret` headers, the HSBC group as `ClientID` / `ClientSecret` headers, the
/// BOCHK group and Standard Chartered exchange them for an OAuth access token (client credentials
/// grant, id and secret form-encoded, at `{base}/auth/oauth/v2/token` and
/// `{base}/retail/v1/oauth2/token`). DBS needs [`BankCredentials::DbsPartner`]. No secret ever
/// appears in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BankCredentials {
    /// No credentials (a public endpoint, or a test server that needs none).
    None,
    /// A client id and secret.
    ClientSecret {
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: String,
    },
    /// A DBS partner's credentials: a client id and secret (sent in basic auth) and the partner id
    /// and signed partner JWT exchanged for an access token; see
    /// [`DbsCredentials`](crate::dbs_auth::DbsCredentials).
    DbsPartner {
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: String,
        /// The partner id.
        partner_id: String,
        /// The JWT the partner signed for the token exchange.
        partner_secret: String,
    },
}

impl BankCredentials {
    /// A client id and secret.
    pub fn client_secret(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        BankCredentials::ClientSecret {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    /// What kind of credentials these are, for messages: `no`, `client id and secret`,
    /// `DBS partner`.
    pub fn kind(&self) -> &'static str {
        match self {
            BankCredentials::None => "no",
            BankCredentials::ClientSecret { .. } => "client id and secret",
            BankCredentials::DbsPartner { .. } => "DBS partner",
        }
    }

    /// A DBS partner's credentials.
    pub fn dbs_partner(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        partner_id: impl Into<String>,
        partner_secret: impl Into<String>,
    ) -> Self {
        BankCredentials::DbsPartner {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            partner_id: partner_id.into(),
            partner_secret: partner_secret.into(),
        }
    }
}

impl fmt::Debug for BankCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BankCredentials::None => f.write_str("None"),
            BankCredentials::ClientSecret { client_id, .. } => f
                .debug_struct("ClientSecret")
                .field("client_id", client_id)
                .field("client_secret", &"<redacted>")
                .finish(),
            BankCredentials::DbsPartner {
                client_id,
                partner_id,
                ..
            } => f
                .debug_struct("DbsPartner")
                .field("client_id", client_id)
                .field("client_secret", &"<redacted>")
                .field("partner_id", partner_id)
                .field("partner_secret", &"<redacted>")
                .finish(),
        }
    }
}

/// One bank the TSP has registered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankProfile {
    /// A short id of the bank, unique among the profiles (`bea`); every item fetched from the bank
    /// carries it.
    pub id: BankId,
    /// The bank's name, for display.
    pub name: String,
    /// Which API design the bank follows.
    pub dialect: Dialect,
    /// The base URL of the bank's Phase I API. For JETCO APIX it ends with the bank code, e.g.
    /// `https://sandbox.apix.com.hk/jetco/sb/bea`.
    pub base_url: String,
    /// What the bank issued to the TSP.
    pub credentials: BankCredentials,
}

impl BankProfile {
    /// A profile.
    pub fn new(
        id: impl Into<BankId>,
        name: impl Into<String>,
        dialect: Dialect,
        base_url: impl Into<String>,
        credentials: BankCredentials,
    ) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            dialect,
            base_url: base_url.into(),
            credentials,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_names_round_trip() {
        for d in Dialect::ALL {
            assert_eq!(d.as_str().parse::<Dialect>(), Ok(d));
        }
        assert_eq!("JETCO_APIX".parse::<Dialect>(), Ok(Dialect::JetcoApix));
        assert!("ob-uk".parse::<Dialect>().is_err());
    }

    #[test]
    fn debug_hides_the_secret() {
        let c = BankCredentials::client_secret("id-1", "s3cr3t-value");
        let shown = format!("{c:?}");
        assert!(shown.contains("id-1"));
        assert!(!shown.contains("s3cr3t-value"));
        let dbs = BankCredentials::dbs_partner("id-2", "cl13nt-secret", "partner-9", "jwt.sig.ned");
        let shown = format!("{dbs:?}");
        assert!(shown.contains("id-2") && shown.contains("partner-9"));
        assert!(!shown.contains("cl13nt-secret") && !shown.contains("jwt.sig.ned"));
    }
}
