//! Safe deposit boxes.

use serde::{Deserialize, Serialize};

use super::ProductRules;
use crate::invalid::Problems;

/// A safe deposit box at one of the bank's branches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SafeDepositBox {
    /// The box size.
    pub size: BoxSize,
    /// The branch, by the bank's branch code (from its Phase I branch data).
    pub branch_code: String,
}

impl SafeDepositBox {
    /// A box of `size` at the branch `branch_code`.
    pub fn new(size: BoxSize, branch_code: impl Into<String>) -> Self {
        Self {
            size,
            branch_code: branch_code.into(),
        }
    }
}

impl ProductRules for SafeDepositBox {
    fn adults_only(&self) -> bool {
        true
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        let field = format!("{field}.branchCode");
        problems.text(&field, &self.branch_code, 20);
        if !self
            .branch_code
            .trim()
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            problems.invalid(field, "must be letters, digits and hyphens");
        }
    }
}

/// The size of a safe deposit box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum BoxSize {
    /// Small.
    Small,
    /// Medium.
    Medium,
    /// Large.
    Large,
}
