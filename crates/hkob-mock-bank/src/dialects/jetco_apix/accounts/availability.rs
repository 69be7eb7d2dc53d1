//! `POST /availability/v1/accounts/availability`: `Yes` when one customer
//! of the bank matches every detail, with the TSP's client-credentials
//! token (no customer, no consent).

use serde_json::{Value, json};

use super::CLIENT_ID_HEADER;
use crate::dialects::accounts::availability::{Outcome, compare, identities, parse_request};
use crate::dialects::accounts::{Caller, Problem, Served, tsp_access};

/// The availability answer.
pub(super) fn check(served: &Served, caller: &Caller, body: &[u8]) -> Result<Value, Problem> {
    let token = tsp_access(served, caller)?;
    if caller.header(CLIENT_ID_HEADER) != Some(token.client_id.as_str()) {
        return Err(Problem::Unauthorized(
            "The access token was issued to another client.".to_owned(),
        ));
    }
    let details = parse_request(body)?;
    let records = identities(served);
    let mut found = false;
    for record in &records {
        let outcomes: Vec<Outcome> = details.iter().map(|d| compare(d, record)).collect();
        if let Some(i) = outcomes.iter().position(|o| *o == Outcome::Unusable) {
            let name = details.get(i).map_or("paramValue", |d| d.kind.as_str());
            return Err(Problem::invalid(
                "paramValue",
                format!(
                    "The {name} is masked beyond the rules: an HKID keeps at least four \
                     characters in clear, another travel document at least half."
                ),
            ));
        }
        found |= outcomes.iter().all(|o| *o == Outcome::Matches);
    }
    Ok(json!({ "data": { "status": if found { "Yes" } else { "No" } } }))
}
