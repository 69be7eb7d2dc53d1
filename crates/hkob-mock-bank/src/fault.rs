//! Fault injection: what can go wrong (a [`Scenario`]), and the rules that
//! make it go wrong for chosen requests ([`FaultTable`]).

mod body;
mod rules;
mod scenario;

pub use body::{add_extra_fields, replace_enum_values};
pub use rules::{FaultRuleSpec, FaultTable};
pub use scenario::{HkmaOutage, RetryAfter, Scenario, ScenarioError, TokenFault};
pub(crate) use scenario::{http_date_after, latest_http_date};
