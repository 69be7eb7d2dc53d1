//! `POST /accounts/availability`: per detail, whether it matches the record
//! of the customer that matches the most details (`true` / `false`, `Error`
//! for a document masked beyond the rules), with the TSP's
//! client-credentials token.

use serde_json::{Value, json};

use crate::dialects::accounts::availability::{Outcome, best_match, parse_request};
use crate::dialects::accounts::{Caller, Problem, Served, tsp_access};

/// One result per detail, in the request's order.
pub(super) fn check(served: &Served, caller: &Caller, body: &[u8]) -> Result<Value, Problem> {
    tsp_access(served, caller)?;
    let details = parse_request(body)?;
    let outcomes = best_match(served, &details);
    let results: Vec<Value> = details
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let status = match outcomes.as_ref().and_then(|o| o.get(i)) {
                Some(Outcome::Matches) => "true",
                Some(Outcome::Differs) => "false",
                Some(Outcome::Unusable) => "Error",
                None => "NotAvailable",
            };
            json!({ "paramName": d.kind.as_str(), "status": status })
        })
        .collect();
    Ok(json!({ "data": results }))
}
