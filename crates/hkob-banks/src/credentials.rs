//! What a bank issued to the TSP.

use std::fmt;

/// The credentials a bank issued to the TSP.
///
/// How they are sent is the dialect's business (see [`AuthScheme`](crate::AuthScheme)): JETCO
/// APIX sends a client id and secret as `X-IBM-Client-Id` / `X-IBM-Client-Secret` headers, the
/// HSBC group as `ClientID` / `ClientSecret` headers, the BOCHK group and Standard Chartered
/// exchange them for an OAuth access token. DBS needs [`BankCredentials::DbsPartner`]. No secret
/// ever appears in `Debug` output.
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
    /// and signed partner JWT exchanged for an access token.
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

#[cfg(test)]
mod tests {
    use super::*;

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
