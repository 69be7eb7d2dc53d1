//! BOCHK group Phase I (BOCHK, Chiyu, Nanyang): every read of
//! `specs/phase1-bochk-group.yaml`, as a `POST` with an empty body and
//! `Authorization: Bearer <token>`, the token coming from the OAuth 2.0
//! client-credentials grant at `{bank}/auth/oauth/v2/token` (the bank's
//! authorization server, configured with that token path).
//!
//! Each list is serialized once, in a `products` array holding every item
//! once per language (`lang`: `en-US`, `zh-TW`, `zh-CN`). Paths a bank does
//! not serve (Chiyu has no credit cards, Nanyang no margin trading...)
//! answer 404 in the `{"ErrorMsg": ...}` body. The daily 02:30-07:00
//! maintenance window is never derived from the clock: send
//! `x-mock-scenario: status=503` (or install a fault rule) to see its 503.

mod applications;
mod render;

use std::sync::Arc;

use axum::routing::post;
use bytes::Bytes;
use http::StatusCode;
use serde_json::{Value, json};

use super::{BankRoute, Dialect};
use crate::auth_server::AuthConfig;
use crate::bank::{AuthStyle, SimulatedDialect};
use crate::envelope::json_response;
use crate::instance::{BankState, Instance};

/// The token endpoint below the bank prefix.
pub const TOKEN_PATH: &str = "/auth/oauth/v2/token";
/// How long an access token lives, in seconds (about 30 minutes, as the spec says).
pub const TOKEN_LIFETIME_SECS: i64 = 1800;

/// The BOCHK group dialect.
pub(crate) struct BochkGroup;

impl Dialect for BochkGroup {
    fn dialect(&self) -> SimulatedDialect {
        SimulatedDialect::BochkGroup
    }

    fn name(&self) -> &'static str {
        "bochk-group"
    }

    fn spec(&self) -> &'static str {
        "phase1-bochk-group.yaml"
    }

    fn auth_style(&self) -> AuthStyle {
        AuthStyle::OAuthClientCredentials
    }

    /// The gateway's `{"ErrorMsg": ...}`.
    fn error_body(&self, _status: StatusCode, message: &str) -> Value {
        json!({ "ErrorMsg": message })
    }

    fn language_key(&self) -> Option<&'static str> {
        Some("lang")
    }

    fn configure_auth(&self, config: &mut AuthConfig) {
        config.paths.token = TOKEN_PATH.to_owned();
        config.lifetimes.access_token_secs = TOKEN_LIFETIME_SECS;
    }

    /// Phase II: applications as wrapped payloads, and the bank's keys.
    fn application_routes(&self, _instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        applications::routes(bank)
    }

    /// One `POST` route per list the bank serves, serialized here.
    fn routes(&self, instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        Family::ALL
            .into_iter()
            .filter(|family| family.served_by(&bank.profile.id))
            .map(|family| {
                let body =
                    Bytes::from(render::list(instance.settings.seed, bank, family).to_string());
                BankRoute::guarded(
                    family.path(),
                    post(move || async move { json_response(StatusCode::OK, body) }),
                )
            })
            .collect()
    }
}

/// One read operation of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// `/deposits/product/savings/v1`
    Savings,
    /// `/deposits/product/current/v1`
    Current,
    /// `/deposits/product/timedeposit/v1`
    TimeDeposit,
    /// `/safedepositbox/product/safedepositbox/v1`
    SafeDepositBox,
    /// `/creditcard/product/card/v1`
    CreditCard,
    /// `/mortgage/product/mortgage/v1`
    Mortgage,
    /// `/loan/product/ploan/v1`
    PersonalLoan,
    /// `/loan/product/tax/v1`
    TaxLoan,
    /// `/branch/branchInfo/v1`
    Branch,
    /// `/fx/hkdnoterate/v1`
    HkdBanknoteRate,
    /// `/fx/hkdrate/v1`
    HkdTtRate,
    /// `/fx/usdrate/v1`
    UsdRate,
    /// `/investment/product/currencylinked/v1`
    CurrencyLinked,
    /// `/investment/product/equitylinked/v1`
    EquityLinked,
    /// `/investment/product/metalpassbook/v1`
    MetalPassbook,
    /// `/investment/product/structuredinv/v1`
    StructuredInvestment,
    /// `/investment/product/fx/v1`
    FxTrading,
    /// `/investment/product/bond/v1`
    Bond,
    /// `/investment/product/metalfxmargin/v1`
    MetalFxMargin,
    /// `/investment/product/physicalmetal/v1`
    PhysicalMetal,
    /// `/investment/ipo/v1`
    Ipo,
    /// `/securities/product/trading/v1`
    SecuritiesTrading,
    /// `/securities/product/margin/v1`
    MarginTrading,
    /// `/securities/product/mthlySavingPlan/v1`
    MonthlyStockPlan,
    /// `/insurance/product/life/v1`
    LifeInsurance,
    /// `/insurance/product/motor/v1`
    MotorInsurance,
    /// `/insurance/product/home/v1`
    HomeInsurance,
    /// `/insurance/product/travel/v1`
    TravelInsurance,
    /// `/insurance/product/medical/v1`
    MedicalInsurance,
    /// `/insurance/product/home/premium/v1`
    HomeInsurancePremium,
    /// `/insurance/product/travel/premium/v1`
    TravelInsurancePremium,
    /// `/insurance/product/medical/premium/v1`
    MedicalInsurancePremium,
    /// `/insurance/product/personalaccident/premium/v1`
    PersonalAccidentInsurancePremium,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 33] = [
        Family::Savings,
        Family::Current,
        Family::TimeDeposit,
        Family::SafeDepositBox,
        Family::CreditCard,
        Family::Mortgage,
        Family::PersonalLoan,
        Family::TaxLoan,
        Family::Branch,
        Family::HkdBanknoteRate,
        Family::HkdTtRate,
        Family::UsdRate,
        Family::CurrencyLinked,
        Family::EquityLinked,
        Family::MetalPassbook,
        Family::StructuredInvestment,
        Family::FxTrading,
        Family::Bond,
        Family::MetalFxMargin,
        Family::PhysicalMetal,
        Family::Ipo,
        Family::SecuritiesTrading,
        Family::MarginTrading,
        Family::MonthlyStockPlan,
        Family::LifeInsurance,
        Family::MotorInsurance,
        Family::HomeInsurance,
        Family::TravelInsurance,
        Family::MedicalInsurance,
        Family::HomeInsurancePremium,
        Family::TravelInsurancePremium,
        Family::MedicalInsurancePremium,
        Family::PersonalAccidentInsurancePremium,
    ];

    /// The path below the bank prefix.
    pub fn path(self) -> &'static str {
        match self {
            Family::Savings => "/deposits/product/savings/v1",
            Family::Current => "/deposits/product/current/v1",
            Family::TimeDeposit => "/deposits/product/timedeposit/v1",
            Family::SafeDepositBox => "/safedepositbox/product/safedepositbox/v1",
            Family::CreditCard => "/creditcard/product/card/v1",
            Family::Mortgage => "/mortgage/product/mortgage/v1",
            Family::PersonalLoan => "/loan/product/ploan/v1",
            Family::TaxLoan => "/loan/product/tax/v1",
            Family::Branch => "/branch/branchInfo/v1",
            Family::HkdBanknoteRate => "/fx/hkdnoterate/v1",
            Family::HkdTtRate => "/fx/hkdrate/v1",
            Family::UsdRate => "/fx/usdrate/v1",
            Family::CurrencyLinked => "/investment/product/currencylinked/v1",
            Family::EquityLinked => "/investment/product/equitylinked/v1",
            Family::MetalPassbook => "/investment/product/metalpassbook/v1",
            Family::StructuredInvestment => "/investment/product/structuredinv/v1",
            Family::FxTrading => "/investment/product/fx/v1",
            Family::Bond => "/investment/product/bond/v1",
            Family::MetalFxMargin => "/investment/product/metalfxmargin/v1",
            Family::PhysicalMetal => "/investment/product/physicalmetal/v1",
            Family::Ipo => "/investment/ipo/v1",
            Family::SecuritiesTrading => "/securities/product/trading/v1",
            Family::MarginTrading => "/securities/product/margin/v1",
            Family::MonthlyStockPlan => "/securities/product/mthlySavingPlan/v1",
            Family::LifeInsurance => "/insurance/product/life/v1",
            Family::MotorInsurance => "/insurance/product/motor/v1",
            Family::HomeInsurance => "/insurance/product/home/v1",
            Family::TravelInsurance => "/insurance/product/travel/v1",
            Family::MedicalInsurance => "/insurance/product/medical/v1",
            Family::HomeInsurancePremium => "/insurance/product/home/premium/v1",
            Family::TravelInsurancePremium => "/insurance/product/travel/premium/v1",
            Family::MedicalInsurancePremium => "/insurance/product/medical/premium/v1",
            Family::PersonalAccidentInsurancePremium => {
                "/insurance/product/personalaccident/premium/v1"
            }
        }
    }

    /// Whether a bank of the group serves this path (the spec lists what
    /// Chiyu and Nanyang lack).
    pub fn served_by(self, bank_id: &str) -> bool {
        let chiyu_lacks = matches!(
            self,
            Family::TaxLoan
                | Family::CreditCard
                | Family::UsdRate
                | Family::LifeInsurance
                | Family::MotorInsurance
                | Family::HomeInsurance
                | Family::TravelInsurance
                | Family::MedicalInsurance
                | Family::HomeInsurancePremium
                | Family::TravelInsurancePremium
                | Family::MedicalInsurancePremium
                | Family::PersonalAccidentInsurancePremium
                | Family::EquityLinked
                | Family::MetalPassbook
                | Family::StructuredInvestment
                | Family::FxTrading
                | Family::PhysicalMetal
        );
        let nanyang_lacks = matches!(
            self,
            Family::CreditCard
                | Family::CurrencyLinked
                | Family::EquityLinked
                | Family::FxTrading
                | Family::MetalFxMargin
                | Family::PhysicalMetal
                | Family::MarginTrading
                | Family::MonthlyStockPlan
        );
        match bank_id {
            "chiyu" => !chiyu_lacks,
            "nanyang" => !nanyang_lacks,
            _ => true,
        }
    }
}
