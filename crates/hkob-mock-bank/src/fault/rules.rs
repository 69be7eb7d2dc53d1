//! Fault rules set through the admin API or the Rust handle.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};

use super::Scenario;

/// What a rule targets and does, as sent to `POST /__admin/faults`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRuleSpec {
    /// Only requests to this bank id (when absent: every bank, and the HKMA
    /// portal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<String>,
    /// Only requests whose path starts with this, matched against the full
    /// path (`/jetco/bea/deposits/...`, `/hkma/public/...`) or the path below
    /// the bank prefix (`/deposits/...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Only the next `count` matching requests (forever when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// What goes wrong, in the scenario grammar (`status=503;retry-after=2`).
    /// A rule only hits requests its directives apply to: one with an
    /// `hkma-*` directive only HKMA portal requests, one with `token=` or
    /// `unknown-enum` only bank requests.
    pub scenario: String,
}

/// The path every HKMA portal request starts with.
const PORTAL: &str = crate::hkma::PREFIX;

/// An installed rule.
#[derive(Debug)]
pub struct FaultRule {
    /// Id, to delete the rule.
    pub id: u64,
    /// Target bank.
    pub bank: Option<String>,
    /// Target path prefix.
    pub path: Option<String>,
    /// The parsed scenario.
    pub scenario: Scenario,
    /// The scenario as given.
    pub scenario_text: String,
    /// Requests left; `u64::MAX` means unlimited.
    remaining: AtomicU64,
    /// Requests this rule has hit so far.
    hits: AtomicU64,
}

/// A rule as listed by the admin API.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRuleView {
    id: u64,
    bank: Option<String>,
    path: Option<String>,
    scenario: String,
    remaining: Option<u64>,
    hits: u64,
}

impl FaultRule {
    /// Whether the rule hits a request to `bank` (`None`: the HKMA portal).
    fn matches(&self, bank: Option<&str>, method: &str, full_path: &str, bank_path: &str) -> bool {
        if !self.scenario.applies_to_method(method) {
            return false;
        }
        let fits = match bank {
            Some(_) => self.scenario.applies_to_banks(),
            None => self.scenario.applies_to_portal(),
        };
        if !fits {
            return false;
        }
        if let Some(b) = &self.bank
            && Some(b.as_str()) != bank
        {
            return false;
        }
        match &self.path {
            Some(p) => full_path.starts_with(p.as_str()) || bank_path.starts_with(p.as_str()),
            None => true,
        }
    }

    fn try_take(&self) -> bool {
        let taken = self
            .remaining
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| match n {
                0 => None,
                u64::MAX => Some(u64::MAX),
                n => Some(n.saturating_sub(1)),
            })
            .is_ok();
        if taken {
            self.hits.fetch_add(1, Ordering::Relaxed);
        }
        taken
    }

    /// The admin API's view of the rule.
    pub fn view(&self) -> FaultRuleView {
        let remaining = self.remaining.load(Ordering::Acquire);
        FaultRuleView {
            id: self.id,
            bank: self.bank.clone(),
            path: self.path.clone(),
            scenario: self.scenario_text.clone(),
            remaining: (remaining != u64::MAX).then_some(remaining),
            hits: self.hits.load(Ordering::Relaxed),
        }
    }
}

/// The installed rules of one mock instance.
///
/// With no rule installed, checking a request costs one atomic load.
#[derive(Debug, Default)]
pub struct FaultTable {
    rules: RwLock<Vec<Arc<FaultRule>>>,
    live: AtomicUsize,
    next_id: AtomicU64,
}

/// Whether a rule could hit any request: a bank's, or the HKMA portal's.
fn can_hit_anything(spec: &FaultRuleSpec, scenario: &Scenario) -> bool {
    let portal_path = spec
        .path
        .as_deref()
        .is_none_or(|p| p.starts_with(PORTAL) || PORTAL.starts_with(p));
    let bank_path = spec.path.as_deref().is_none_or(|p| !p.starts_with(PORTAL));
    let banks = scenario.applies_to_banks() && bank_path;
    let portal = scenario.applies_to_portal() && spec.bank.is_none() && portal_path;
    banks || portal
}

impl FaultTable {
    /// Installs a rule and returns its id. A rule that can hit no request
    /// (an `hkma-*` directive for a bank or a bank path, `token=` for the
    /// HKMA portal's path) is refused.
    pub fn add(&self, spec: FaultRuleSpec) -> Result<u64, super::ScenarioError> {
        let scenario = Scenario::parse(&spec.scenario)?;
        if !can_hit_anything(&spec, &scenario) {
            return Err(super::ScenarioError::new(
                spec.scenario.trim(),
                "the rule can hit no request: hkma-* directives apply to the HKMA portal \
                 (/hkma/public, no bank) only, token= and unknown-enum to banks only",
            ));
        }
        let id = self
            .next_id
            .fetch_add(1, Ordering::Relaxed)
            .saturating_add(1);
        let rule = Arc::new(FaultRule {
            id,
            bank: spec.bank,
            path: spec.path,
            scenario,
            scenario_text: spec.scenario,
            remaining: AtomicU64::new(spec.count.unwrap_or(u64::MAX)),
            hits: AtomicU64::new(0),
        });
        let mut rules = self.rules.write().unwrap_or_else(|p| p.into_inner());
        rules.push(rule);
        self.live.store(rules.len(), Ordering::Release);
        Ok(id)
    }

    /// Removes one rule; false when there was none with that id.
    pub fn remove(&self, id: u64) -> bool {
        let mut rules = self.rules.write().unwrap_or_else(|p| p.into_inner());
        let before = rules.len();
        rules.retain(|r| r.id != id);
        self.live.store(rules.len(), Ordering::Release);
        rules.len() != before
    }

    /// Removes every rule.
    pub fn clear(&self) {
        let mut rules = self.rules.write().unwrap_or_else(|p| p.into_inner());
        rules.clear();
        self.live.store(0, Ordering::Release);
    }

    /// Every installed rule.
    pub fn list(&self) -> Vec<FaultRuleView> {
        self.rules
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|r| r.view())
            .collect()
    }

    /// The scenario of the first rule that matches the request and still has
    /// requests left (using one of them up), if any. `bank` is `None` for an
    /// HKMA portal request (whose `bank_path` is its full path). A rule
    /// whose scenario names a method only hits requests with that method.
    pub fn take(
        &self,
        bank: Option<&str>,
        method: &str,
        full_path: &str,
        bank_path: &str,
    ) -> Option<Scenario> {
        if self.live.load(Ordering::Acquire) == 0 {
            return None;
        }
        let rules = self.rules.read().unwrap_or_else(|p| p.into_inner());
        rules
            .iter()
            .find(|r| r.matches(bank, method, full_path, bank_path) && r.try_take())
            .map(|r| r.scenario.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(bank: Option<&str>, path: Option<&str>, count: Option<u64>) -> FaultRuleSpec {
        FaultRuleSpec {
            bank: bank.map(str::to_owned),
            path: path.map(str::to_owned),
            count,
            scenario: "status=503".into(),
        }
    }

    #[test]
    fn count_limits_and_targets() {
        let t = FaultTable::default();
        assert!(t.take(Some("bea"), "GET", "/jetco/bea/x", "/x").is_none());
        assert!(t.add(spec(Some("bea"), Some("/deposits"), Some(2))).is_ok());
        assert!(
            t.take(Some("dsb"), "GET", "/jetco/dsb/deposits", "/deposits")
                .is_none()
        );
        assert!(t.take(Some("bea"), "GET", "/jetco/bea/fx", "/fx").is_none());
        assert!(
            t.take(Some("bea"), "GET", "/jetco/bea/deposits/v1", "/deposits/v1")
                .is_some()
        );
        assert!(
            t.take(Some("bea"), "GET", "/jetco/bea/deposits/v1", "/deposits/v1")
                .is_some()
        );
        assert!(
            t.take(Some("bea"), "GET", "/jetco/bea/deposits/v1", "/deposits/v1")
                .is_none()
        );
        assert_eq!(t.list()[0].hits, 2);
    }

    #[test]
    fn remove_and_bad_scenario() {
        let t = FaultTable::default();
        let id = t.add(spec(None, None, None)).unwrap_or(0);
        assert!(t.take(Some("any"), "GET", "/a", "/a").is_some());
        assert!(t.remove(id));
        assert!(!t.remove(id));
        assert!(t.take(Some("any"), "GET", "/a", "/a").is_none());
        let mut bad = spec(None, None, None);
        bad.scenario = "nonsense".into();
        assert!(t.add(bad).is_err());
    }

    #[test]
    fn a_rule_with_a_method_hits_only_that_method() {
        let t = FaultTable::default();
        assert!(
            t.add(with(None, Some("/payments"), "reset-after;method=POST"))
                .is_ok()
        );
        assert!(
            t.take(Some("bea"), "GET", "/jetco/bea/payments/p1", "/payments/p1")
                .is_none()
        );
        let hit = t.take(Some("bea"), "POST", "/jetco/bea/payments", "/payments");
        assert!(hit.is_some_and(|s| s.reset_after));
    }

    fn with(bank: Option<&str>, path: Option<&str>, scenario: &str) -> FaultRuleSpec {
        FaultRuleSpec {
            scenario: scenario.into(),
            ..spec(bank, path, None)
        }
    }

    #[test]
    fn a_rule_hits_only_requests_its_directives_apply_to() {
        let t = FaultTable::default();
        let portal = "/hkma/public/market-data-and-statistics/x";
        assert!(t.add(with(None, None, "hkma-html-200")).is_ok());
        assert!(t.take(Some("bea"), "GET", "/jetco/bea/fx", "/fx").is_none());
        assert!(t.take(None, "GET", portal, portal).is_some());
        t.clear();
        assert!(t.add(with(None, None, "token=expired")).is_ok());
        assert!(t.take(None, "GET", portal, portal).is_none());
        assert!(t.take(Some("bea"), "GET", "/jetco/bea/fx", "/fx").is_some());
        t.clear();
        assert!(t.add(with(Some("bea"), None, "status=503")).is_ok());
        assert!(
            t.take(None, "GET", portal, portal).is_none(),
            "a bank's rule"
        );
        t.clear();
        assert!(t.add(with(None, Some("/hkma"), "status=503")).is_ok());
        assert!(t.take(None, "GET", portal, portal).is_some());
        assert!(t.take(Some("bea"), "GET", "/jetco/bea/fx", "/fx").is_none());
    }

    #[test]
    fn a_rule_that_can_hit_nothing_is_refused() {
        let t = FaultTable::default();
        assert!(t.add(with(Some("bea"), None, "hkma-html-200")).is_err());
        assert!(
            t.add(with(None, Some("/deposits"), "hkma-bad-gateway"))
                .is_err()
        );
        assert!(
            t.add(with(None, Some("/hkma/public"), "token=revoked"))
                .is_err()
        );
        assert!(
            t.add(with(None, Some("/hkma/public/x"), "hkma-html-200"))
                .is_ok()
        );
        assert!(t.add(with(None, Some("/"), "hkma-html-200")).is_ok());
        assert_eq!(t.list().len(), 2);
    }
}
