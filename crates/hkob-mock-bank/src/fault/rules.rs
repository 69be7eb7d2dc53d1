//! Fault rules set through the admin API or the Rust handle.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};

use super::Scenario;

/// What a rule targets and does, as sent to `POST /__admin/faults`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRuleSpec {
    /// Only requests to this bank id (all banks when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<String>,
    /// Only requests whose path starts with this, matched against the full
    /// path (`/jetco/bea/deposits/...`) or the path below the bank prefix
    /// (`/deposits/...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Only the next `count` matching requests (forever when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// What goes wrong, in the scenario grammar (`status=503;retry-after=2`).
    pub scenario: String,
}

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
    fn matches(&self, bank: &str, full_path: &str, bank_path: &str) -> bool {
        if let Some(b) = &self.bank
            && b != bank
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
                n => Some(n - 1),
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

impl FaultTable {
    /// Installs a rule and returns its id.
    pub fn add(&self, spec: FaultRuleSpec) -> Result<u64, super::ScenarioError> {
        let scenario = Scenario::parse(&spec.scenario)?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
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
    /// requests left (using one of them up), if any.
    pub fn take(&self, bank: &str, full_path: &str, bank_path: &str) -> Option<Scenario> {
        if self.live.load(Ordering::Acquire) == 0 {
            return None;
        }
        let rules = self.rules.read().unwrap_or_else(|p| p.into_inner());
        rules
            .iter()
            .find(|r| r.matches(bank, full_path, bank_path) && r.try_take())
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
        assert!(t.take("bea", "/jetco/bea/x", "/x").is_none());
        assert!(t.add(spec(Some("bea"), Some("/deposits"), Some(2))).is_ok());
        assert!(t.take("dsb", "/jetco/dsb/deposits", "/deposits").is_none());
        assert!(t.take("bea", "/jetco/bea/fx", "/fx").is_none());
        assert!(
            t.take("bea", "/jetco/bea/deposits/v1", "/deposits/v1")
                .is_some()
        );
        assert!(
            t.take("bea", "/jetco/bea/deposits/v1", "/deposits/v1")
                .is_some()
        );
        assert!(
            t.take("bea", "/jetco/bea/deposits/v1", "/deposits/v1")
                .is_none()
        );
        assert_eq!(t.list()[0].hits, 2);
    }

    #[test]
    fn remove_and_bad_scenario() {
        let t = FaultTable::default();
        let id = t.add(spec(None, None, None)).unwrap_or(0);
        assert!(t.take("any", "/a", "/a").is_some());
        assert!(t.remove(id));
        assert!(!t.remove(id));
        assert!(t.take("any", "/a", "/a").is_none());
        let mut bad = spec(None, None, None);
        bad.scenario = "nonsense".into();
        assert!(t.add(bad).is_err());
    }
}
