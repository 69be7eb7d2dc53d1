//! The dialects the mock serves, one folder each, every one behind the
//! [`Dialect`] trait: its error body, its auth style, its Phase I,
//! Phase III and Phase IV routes, the enum keys of its spec and its path prefix.
//!
//! [`of`] is the registry from a [`SimulatedDialect`] to its implementation,
//! the only place that names them all; the shared files (the pipeline, the
//! error envelope, the bank authorization servers, the instance) ask it and
//! hold no `match` on the dialect.

pub(crate) mod accounts;
pub mod bochk_group;
pub mod dbs;
pub mod hsbc_group;
pub mod jetco_apix;
pub mod standard_chartered;
mod wire;

mod spec_enum_keys {
    include!(concat!(env!("OUT_DIR"), "/spec_enum_keys.rs"));
}

use std::sync::Arc;

use axum::Router;
use axum::routing::MethodRouter;
use http::StatusCode;
use serde_json::Value;

use crate::auth_server::AuthConfig;
use crate::bank::{AuthStyle, SimulatedDialect};
use crate::guard;
use crate::instance::{BankState, Instance};

/// Every dialect, in a fixed order.
pub(crate) const ALL: [SimulatedDialect; 5] = [
    SimulatedDialect::JetcoApix,
    SimulatedDialect::HsbcGroup,
    SimulatedDialect::BochkGroup,
    SimulatedDialect::StandardChartered,
    SimulatedDialect::Dbs,
];

/// The implementation of a dialect.
pub(crate) fn of(dialect: SimulatedDialect) -> &'static dyn Dialect {
    match dialect {
        SimulatedDialect::JetcoApix => &jetco_apix::JetcoApix,
        SimulatedDialect::HsbcGroup => &hsbc_group::HsbcGroup,
        SimulatedDialect::BochkGroup => &bochk_group::BochkGroup,
        SimulatedDialect::StandardChartered => &standard_chartered::StandardChartered,
        SimulatedDialect::Dbs => &dbs::Dbs,
    }
}

/// The dialect whose gateway serves a path, when the path starts with a
/// gateway segment (`/jetco/...`): its banks' shared first segment.
pub(crate) fn gateway_of(path: &str) -> Option<SimulatedDialect> {
    ALL.into_iter().map(of).find_map(|d| {
        let gateway = d.gateway();
        let under = !gateway.is_empty()
            && path
                .strip_prefix(gateway)
                .is_some_and(|rest| rest.starts_with('/'));
        under.then(|| d.dialect())
    })
}

/// One route of a bank, below the bank's prefix.
pub(crate) struct BankRoute {
    /// The path below the bank prefix (`/deposits/v1/savings`).
    pub path: String,
    /// The handler.
    pub handler: MethodRouter<Arc<Instance>>,
    /// Whether the route takes the bank's Phase I credentials, checked by
    /// the layer of its auth style before the handler runs.
    pub guarded: bool,
}

impl BankRoute {
    /// A route behind the bank's Phase I credentials.
    pub fn guarded(path: impl Into<String>, handler: MethodRouter<Arc<Instance>>) -> Self {
        Self {
            path: path.into(),
            handler,
            guarded: true,
        }
    }

    /// A route that checks the caller itself (a token endpoint).
    pub fn open(path: impl Into<String>, handler: MethodRouter<Arc<Instance>>) -> Self {
        Self {
            path: path.into(),
            handler,
            guarded: false,
        }
    }
}

/// What the mock knows of one dialect.
pub(crate) trait Dialect: Send + Sync {
    /// Which dialect this is.
    fn dialect(&self) -> SimulatedDialect;

    /// The dialect's name as written in configuration (`jetco-apix`...).
    fn name(&self) -> &'static str;

    /// The file of `specs/` the dialect is served from.
    fn spec(&self) -> &'static str;

    /// How a TSP authenticates to a bank of the dialect for Phase I.
    fn auth_style(&self) -> AuthStyle;

    /// The first path segment every bank of the dialect shares (`/jetco`),
    /// or `""` when each bank has a segment of its own.
    fn gateway(&self) -> &'static str {
        ""
    }

    /// The path prefix a bank of the dialect is served under.
    fn path_prefix(&self, bank_id: &str) -> String {
        format!("{}/{bank_id}", self.gateway())
    }

    /// The body of an error answer.
    fn error_body(&self, status: StatusCode, message: &str) -> Value;

    /// The key each item names its language with (left alone by the
    /// `unknown-enum` fault, so clients can still pick their language).
    fn language_key(&self) -> Option<&'static str> {
        None
    }

    /// JSON keys whose values come from an enum of the dialect's spec,
    /// derived from the spec when the crate is built.
    fn enum_keys(&self) -> &'static [&'static str] {
        spec_enum_keys::SPEC_ENUM_KEYS
            .iter()
            .find(|(spec, _)| *spec == self.spec())
            .map_or(&[], |(_, keys)| keys)
    }

    /// Whether the `unknown-enum` fault rewrites the values of this key.
    fn rewrites_enum_key(&self, key: &str) -> bool {
        self.language_key() != Some(key) && self.enum_keys().contains(&key)
    }

    /// Sets what the dialect's spec says of its authorization server (the
    /// token path, the token lifetime).
    fn configure_auth(&self, config: &mut AuthConfig) {
        let _ = config;
    }

    /// The routes of one bank of the dialect.
    fn routes(&self, instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute>;

    /// The Phase III (account information) routes of one bank of the
    /// dialect; none for a dialect that serves no Phase III spec.
    fn account_routes(&self, instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        let _ = (instance, bank);
        Vec::new()
    }

    /// The Phase IV (payment) routes of one bank of the dialect; none for a
    /// dialect that serves no Phase IV spec.
    fn payment_routes(&self, instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        let _ = (instance, bank);
        Vec::new()
    }

    /// The Phase II (application) routes of one bank of the dialect; none
    /// for a dialect that serves no Phase II spec.
    fn application_routes(&self, instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        let _ = (instance, bank);
        Vec::new()
    }

    /// Whether the dialect's Phase III spec serves credit cards, so that
    /// the consent page offers them with the accounts (false).
    fn serves_cards(&self) -> bool {
        false
    }

    /// Dialect-specific details of a bank for the admin API (key and value).
    fn admin_details(&self, bank: &BankState) -> Option<(&'static str, Value)> {
        let _ = bank;
        None
    }
}

/// The Phase I, III and IV routes of every bank of the instance, each
/// under its bank's prefix, the guarded ones behind the layer of the bank's
/// auth style.
pub(crate) fn routes(instance: &Instance) -> Router<Arc<Instance>> {
    let mut router = Router::new();
    for bank in &instance.banks {
        let dialect = of(bank.profile.dialect);
        let phase_three = dialect.account_routes(instance, bank);
        let phase_four = dialect.payment_routes(instance, bank);
        let phase_two = dialect.application_routes(instance, bank);
        for route in dialect
            .routes(instance, bank)
            .into_iter()
            .chain(phase_two)
            .chain(phase_three)
            .chain(phase_four)
        {
            let handler = if route.guarded {
                guard::layer(route.handler, dialect.auth_style(), bank.clone())
            } else {
                route.handler
            };
            router = router.route(&format!("{}{}", bank.profile.prefix, route.path), handler);
        }
    }
    router
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use axum::body::Body;
    use http::Request;
    use tower_service::Service as _;

    use super::*;
    use crate::bank::default_banks;
    use crate::instance::Settings;

    #[test]
    fn the_registry_covers_every_dialect() {
        let names: HashSet<&str> = ALL.iter().map(|d| of(*d).name()).collect();
        assert_eq!(names.len(), ALL.len(), "one name per dialect");
        for d in ALL {
            let imp = of(d);
            assert_eq!(imp.dialect(), d, "{d:?}");
            assert_eq!(SimulatedDialect::parse(imp.name()), Some(d));
            assert_eq!(d.as_str(), imp.name());
            assert_eq!(d.auth_style(), imp.auth_style());
            assert_eq!(
                serde_json::to_value(d).ok(),
                Some(Value::from(imp.name())),
                "serialized as its name"
            );
            let body = imp
                .error_body(StatusCode::NOT_FOUND, "the message")
                .to_string();
            assert!(body.contains("the message"), "{d:?}: {body}");
            assert!(!imp.enum_keys().is_empty(), "{d:?}");
        }
        assert_eq!(SimulatedDialect::parse("nope"), None);
        let banks = default_banks();
        for d in ALL {
            assert!(banks.iter().any(|b| b.dialect == d), "{d:?} has a bank");
        }
        for bank in &banks {
            let imp = of(bank.dialect);
            assert!(ALL.contains(&bank.dialect));
            assert_eq!(bank.prefix, imp.path_prefix(&bank.id));
            assert_eq!(bank.apix_code.is_some(), !imp.gateway().is_empty());
        }
        assert_eq!(
            gateway_of("/jetco/nope/x"),
            Some(SimulatedDialect::JetcoApix)
        );
        assert_eq!(gateway_of("/jetcox/nope"), None);
        assert_eq!(gateway_of("/hsbc/x"), None);
    }

    /// The keys the `unknown-enum` fault rewrote when they were listed by
    /// hand per dialect: the keys derived from the specs keep them all.
    const HAND_WRITTEN_ENUM_KEYS: [(SimulatedDialect, &[&str]); 5] = [
        (
            SimulatedDialect::JetcoApix,
            &[
                "depositFreq",
                "compoundingFreq",
                "depositTermUnit",
                "tenorUnit",
                "statementType",
                "chequeType",
                "cardCompany",
                "loanPurpose",
                "rateType",
                "collateralType",
                "loanType",
                "rewardType",
                "rewardRateUnit",
                "hkDistrict",
                "accessibilities",
                "day",
            ],
        ),
        (
            SimulatedDialect::HsbcGroup,
            &[
                "ExchangeRateTypeName",
                "AccessChannels",
                "AmountType",
                "TermUnit",
                "CalculationFrequency",
                "ApplicationFrequency",
                "FeeType",
                "FeeFrequency",
                "CardScheme",
                "CollateralType",
                "LoanType",
                "FixedVariableInterestRateType",
                "ReferenceRate",
                "Accessibility",
            ],
        ),
        (
            SimulatedDialect::BochkGroup,
            &[
                "depositperiodunit",
                "ratetype",
                "atmcard",
                "passbook",
                "internetbanking",
                "mobilebanking",
                "phonebanking",
                "echeque",
                "availability",
                "iposubscription",
                "ipofinancing",
                "ForeignBanknoteService",
                "SafeDepositBox",
            ],
        ),
        (
            SimulatedDialect::StandardChartered,
            &["tenor-unit", "unit", "type", "rate-type", "status", "types"],
        ),
        (
            SimulatedDialect::Dbs,
            &[
                "rateType",
                "calculationFrequency",
                "creditingFrequency",
                "criteriaAmountType",
                "feeType",
                "boardRateType",
            ],
        ),
    ];

    #[test]
    fn enum_keys_derived_from_the_specs_keep_every_hand_written_key() {
        for (d, keys) in HAND_WRITTEN_ENUM_KEYS {
            let imp = of(d);
            for key in keys {
                assert!(imp.rewrites_enum_key(key), "{d:?} lost {key}");
            }
        }
        // Not an enum anywhere in any spec.
        for d in ALL {
            assert!(!of(d).rewrites_enum_key("productCode"), "{d:?}");
        }
        // The language each item names is an enum of its spec, and is kept.
        for d in [SimulatedDialect::BochkGroup, SimulatedDialect::Dbs] {
            let imp = of(d);
            let Some(key) = imp.language_key() else {
                panic!("{d:?} names its items' language")
            };
            assert!(imp.enum_keys().contains(&key), "{d:?} {key}");
            assert!(!imp.rewrites_enum_key(key), "{d:?} {key}");
        }
    }

    #[test]
    fn every_phase_one_spec_is_served_by_one_dialect() {
        let specs: Vec<&str> = spec_enum_keys::SPEC_ENUM_KEYS
            .iter()
            .map(|(spec, _)| *spec)
            .collect();
        assert_eq!(specs.len(), ALL.len(), "{specs:?}");
        for d in ALL {
            assert!(specs.contains(&of(d).spec()), "{d:?}");
        }
    }

    /// Every guarded route of every bank, Phase I and Phase III, refuses a
    /// request without credentials with 401 in its dialect's error body,
    /// whatever its auth style (a wrong method still gets 405).
    #[tokio::test]
    async fn every_guarded_route_refuses_a_request_without_credentials() {
        let Ok(instance) = Instance::build(Settings::default()) else {
            panic!("the default instance builds")
        };
        let base: Arc<str> = Arc::from("http://127.0.0.1:1");
        if let Err(e) = crate::bank_auth::install(&instance, &base) {
            panic!("auth servers: {e}");
        }
        let instance = Arc::new(instance);
        let mut app = crate::app(instance.clone(), base);
        let mut styles = HashSet::new();
        let mut checked = 0;
        for bank in &instance.banks {
            let dialect = of(bank.profile.dialect);
            let phase_three = dialect.account_routes(&instance, bank);
            for route in dialect
                .routes(&instance, bank)
                .into_iter()
                .chain(phase_three)
            {
                if !route.guarded {
                    continue;
                }
                let path = format!(
                    "{}{}",
                    bank.profile.prefix,
                    route
                        .path
                        .replace("{product}", "NO-SUCH-PRODUCT")
                        .replace("{accountId}", "A00011")
                        .replace("{cardId}", "K00011")
                );
                let mut refused = false;
                for method in [http::Method::GET, http::Method::POST] {
                    let req = Request::builder()
                        .method(method.clone())
                        .uri(&path)
                        .body(Body::empty());
                    let Ok(req) = req else { panic!("request") };
                    let Ok(resp) = app.call(req).await;
                    let status = resp.status();
                    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await;
                    let body: Value = bytes
                        .ok()
                        .and_then(|b| serde_json::from_slice(&b).ok())
                        .unwrap_or(Value::Null);
                    match status {
                        StatusCode::UNAUTHORIZED => {
                            let expected = dialect
                                .error_body(status, "")
                                .as_object()
                                .map(|o| o.keys().cloned().collect::<Vec<_>>());
                            let got = body
                                .as_object()
                                .map(|o| o.keys().cloned().collect::<Vec<_>>());
                            assert_eq!(got, expected, "{method} {path}: {body}");
                            refused = true;
                        }
                        StatusCode::METHOD_NOT_ALLOWED => {}
                        other => panic!("{method} {path}: {other} {body}"),
                    }
                }
                assert!(refused, "{path} refused no method");
                styles.insert(dialect.auth_style());
                checked += 1;
            }
        }
        assert_eq!(styles.len(), 4, "every auth style: {styles:?}");
        assert!(checked > 300, "{checked} routes");
    }
}
