//! The banks the mock serves: who they are, which dialect they speak and how
//! a TSP authenticates to them.

mod catalog;

pub use catalog::default_banks;

use serde::Serialize;

/// The API design a bank's Open API follows (several banks share one).
///
/// Serialized as its configuration name ([`SimulatedDialect::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SimulatedDialect {
    /// JETCO APIX members (IBM API Connect gateway).
    JetcoApix,
    /// HSBC HK and Hang Seng.
    HsbcGroup,
    /// BOCHK, Chiyu and Nanyang.
    BochkGroup,
    /// Standard Chartered HK.
    StandardChartered,
    /// DBS HK.
    Dbs,
}

impl SimulatedDialect {
    /// The dialect's name as written in configuration (`jetco-apix`...).
    pub fn as_str(self) -> &'static str {
        crate::dialects::of(self).name()
    }

    /// Parses a dialect name as written in configuration.
    pub fn parse(name: &str) -> Option<Self> {
        crate::dialects::ALL
            .into_iter()
            .find(|d| d.as_str() == name)
    }

    /// How a TSP authenticates to a bank of this dialect for Phase I.
    pub fn auth_style(self) -> AuthStyle {
        crate::dialects::of(self).auth_style()
    }
}

impl Serialize for SimulatedDialect {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How a TSP proves who it is on Phase I calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AuthStyle {
    /// `X-IBM-Client-Id` / `X-IBM-Client-Secret` headers.
    IbmClientHeaders,
    /// `ClientID` / `ClientSecret` headers.
    ClientIdHeaders,
    /// OAuth 2.0 client credentials grant, then a bearer token.
    OAuthClientCredentials,
    /// Basic auth plus a partner JWT, exchanged for an access token header.
    PartnerJwt,
}

/// A kind of Phase I product or service a bank publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ProductKind {
    /// Savings accounts.
    Savings,
    /// Current (cheque) accounts.
    Current,
    /// Time deposits.
    TimeDeposit,
    /// Foreign currency accounts.
    ForeignCurrency,
    /// Credit cards.
    CreditCard,
    /// Mortgages.
    Mortgage,
    /// Unsecured (personal) loans.
    UnsecuredLoan,
    /// Secured loans.
    SecuredLoan,
    /// Branches.
    Branch,
    /// ATMs.
    Atm,
    /// Safe deposit boxes.
    DepositBox,
    /// Foreign exchange rates.
    FxRate,
    /// Investment products.
    Investment,
    /// Insurance products.
    Insurance,
}

impl ProductKind {
    /// Every kind, in a fixed order.
    pub const ALL: [ProductKind; 14] = [
        ProductKind::Savings,
        ProductKind::Current,
        ProductKind::TimeDeposit,
        ProductKind::ForeignCurrency,
        ProductKind::CreditCard,
        ProductKind::Mortgage,
        ProductKind::UnsecuredLoan,
        ProductKind::SecuredLoan,
        ProductKind::Branch,
        ProductKind::Atm,
        ProductKind::DepositBox,
        ProductKind::FxRate,
        ProductKind::Investment,
        ProductKind::Insurance,
    ];

    /// A stable label, used to derive data from the seed.
    pub fn label(self) -> &'static str {
        match self {
            ProductKind::Savings => "savings",
            ProductKind::Current => "current",
            ProductKind::TimeDeposit => "timedeposit",
            ProductKind::ForeignCurrency => "fcy",
            ProductKind::CreditCard => "creditcard",
            ProductKind::Mortgage => "mortgage",
            ProductKind::UnsecuredLoan => "unsecuredloan",
            ProductKind::SecuredLoan => "securedloan",
            ProductKind::Branch => "branch",
            ProductKind::Atm => "atm",
            ProductKind::DepositBox => "depositbox",
            ProductKind::FxRate => "fxrate",
            ProductKind::Investment => "investment",
            ProductKind::Insurance => "insurance",
        }
    }
}

/// One bank as the mock knows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulatedBank {
    /// Short stable id, used in URLs and configuration (`bea`, `hsbc`...).
    pub id: String,
    /// English name.
    pub name: String,
    /// Traditional Chinese name.
    pub name_zh: String,
    /// The HKMA three-digit bank code (also used by FPS).
    pub bank_code: String,
    /// The API dialect.
    pub dialect: SimulatedDialect,
    /// The bank's code on JETCO APIX, for `jetco-apix` banks.
    pub apix_code: Option<String>,
    /// The path prefix the bank is served under (`/jetco/bea`, `/hsbc`...).
    pub prefix: String,
    /// What the bank publishes in Phase I.
    pub products: Vec<ProductKind>,
    /// Whether this is a virtual bank.
    pub virtual_bank: bool,
}

impl SimulatedBank {
    /// How a TSP authenticates to this bank for Phase I.
    pub fn auth_style(&self) -> AuthStyle {
        self.dialect.auth_style()
    }

    /// Whether the bank publishes this kind of product or service.
    pub fn offers(&self, kind: ProductKind) -> bool {
        self.products.contains(&kind)
    }
}
