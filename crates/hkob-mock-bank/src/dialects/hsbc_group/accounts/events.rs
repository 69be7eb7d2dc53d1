//! `POST /events`: poll-based delivery (RFC 8936) of the security events of
//! the consent of the customer's token, as signed security event tokens.
//!
//! A consent has a fixed, derived set of events: when authorised, an
//! `account-access-consent-linked-account-update` (the customer linked
//! accounts); once revoked or expired, a `consent-authorization-revoked`.
//! Each has a stable `jti` and comes again until acknowledged.
//!
//! A token whose consent was revoked or has expired is refused by every
//! other operation; here it still reads that consent's events, or the TSP
//! could never learn of the revocation.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use serde_json::{Map, Value, json};

use super::set_key::SetKey;
use crate::auth_server::{AuthFailure, Consent, ConsentStatus};
use crate::dialects::accounts::{Caller, Problem, Served, customer_access};
use crate::prng::Rng;

/// Most consents whose acknowledgements are kept per bank.
const ACK_CAPACITY: usize = 10_000;

const LINKED: &str = "urn:uk:org:openbanking:events:account-access-consent-linked-account-update";
const REVOKED: &str = "urn:uk:org:openbanking:events:consent-authorization-revoked";

/// One bank's event state: its signing key and what each consent's TSP acknowledged.
#[derive(Default)]
pub(super) struct Events {
    key: OnceLock<Option<SetKey>>,
    acked: Mutex<HashMap<String, HashSet<String>>>,
}

/// One event of a consent.
struct Event {
    jti: String,
    kind: &'static str,
    time: i64,
}

/// A poll: acknowledgements and how many events to return.
struct Poll {
    ack: Vec<String>,
    max_events: usize,
}

impl Events {
    fn key(&self) -> Option<&SetKey> {
        self.key.get_or_init(SetKey::generate).as_ref()
    }

    /// The public signing key as a JWKS.
    pub(super) fn jwks(&self) -> Value {
        let keys: Vec<Value> = self.key().map(|k| k.jwk().clone()).into_iter().collect();
        json!({ "keys": keys })
    }

    /// Answers a poll.
    pub(super) fn poll(
        &self,
        served: &Served,
        caller: &Caller,
        body: &[u8],
    ) -> Result<Value, Problem> {
        let consent = consent_of(served, caller)?;
        let poll = parse(body)?;
        let events = events_of(served, &consent);
        let outstanding: Vec<&Event> = {
            let mut acked = self
                .acked
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if !acked.contains_key(&consent.consent_id) && acked.len() >= ACK_CAPACITY {
                acked.clear();
            }
            let seen = acked.entry(consent.consent_id.clone()).or_default();
            for jti in &poll.ack {
                if events.iter().any(|e| &e.jti == jti) {
                    seen.insert(jti.clone());
                }
            }
            events.iter().filter(|e| !seen.contains(&e.jti)).collect()
        };
        let mut sets = Map::new();
        for event in outstanding.iter().take(poll.max_events) {
            if let Some(token) = self.sign(served, &consent, event) {
                sets.insert(event.jti.clone(), json!(token));
            }
        }
        Ok(json!({
            "sets": sets,
            "moreAvailable": outstanding.len() > poll.max_events,
        }))
    }

    fn sign(&self, served: &Served, consent: &Consent, event: &Event) -> Option<String> {
        let auth = served.auth()?;
        let claims = json!({
            "iss": auth.issuer(),
            "iat": auth.now(),
            "jti": event.jti,
            "aud": consent.client_id,
            "sub": consent.consent_id,
            "toe": event.time,
            "events": { event.kind: { "subject": {
                "subject_type": "http://openbanking.org.uk/rid_http://openbanking.org.uk/rty",
                "http://openbanking.org.uk/rid": consent.consent_id,
                "http://openbanking.org.uk/rty": "account-access-consent",
            } } },
        });
        self.key()?.sign(&claims)
    }
}

/// The consent of the caller's token, also when it is no longer authorised.
fn consent_of(served: &Served, caller: &Caller) -> Result<Consent, Problem> {
    match customer_access(served, caller) {
        Ok(access) => Ok(access.consent),
        Err(Problem::Token(AuthFailure::ConsentNotAuthorised { consent_id, status })) => served
            .auth()
            .and_then(|auth| auth.consent(&consent_id))
            .ok_or(Problem::Token(AuthFailure::ConsentNotAuthorised {
                consent_id,
                status,
            })),
        Err(problem) => Err(problem),
    }
}

/// The events of a consent, oldest first.
fn events_of(served: &Served, consent: &Consent) -> Vec<Event> {
    let jti = |kind: &str| {
        let mut rng = Rng::derive(
            served.seed,
            &[&served.bank.profile.id, &consent.consent_id, kind],
        );
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&rng.next_u64().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    };
    let mut events = Vec::new();
    if consent.customer_id.is_some() {
        events.push(Event {
            jti: jti(LINKED),
            kind: LINKED,
            time: consent.created_at,
        });
    }
    if matches!(
        consent.status,
        ConsentStatus::Revoked | ConsentStatus::Expired
    ) {
        events.push(Event {
            jti: jti(REVOKED),
            kind: REVOKED,
            time: consent.status_updated_at,
        });
    }
    events
}

/// `{"ack"?: [jti], "returnImmediately": bool, "maxEvents": n}`.
fn parse(body: &[u8]) -> Result<Poll, Problem> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| Problem::invalid("body", "The body is not JSON."))?;
    match value.get("returnImmediately") {
        Some(Value::Bool(_)) => {}
        None => return Err(Problem::missing("returnImmediately")),
        Some(_) => {
            return Err(Problem::invalid(
                "returnImmediately",
                "returnImmediately must be true or false.",
            ));
        }
    }
    let max_events = match value.get("maxEvents") {
        None => return Err(Problem::missing("maxEvents")),
        Some(v) => v
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| {
                Problem::invalid("maxEvents", "maxEvents must be a non-negative integer.")
            })?,
    };
    let ack = match value.get("ack") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| Problem::invalid("ack", "ack must hold event ids (jti)."))?,
        Some(_) => return Err(Problem::invalid("ack", "ack must be an array.")),
    };
    Ok(Poll { ack, max_events })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_parse() {
        let p = parse(br#"{"ack":["a"],"returnImmediately":true,"maxEvents":3}"#);
        assert!(
            p.as_ref()
                .is_ok_and(|p| p.ack == ["a"] && p.max_events == 3)
        );
        for bad in [
            &b"{"[..],
            br#"{"maxEvents":1}"#,
            br#"{"returnImmediately":true}"#,
            br#"{"returnImmediately":1,"maxEvents":1}"#,
            br#"{"returnImmediately":true,"maxEvents":-1}"#,
            br#"{"returnImmediately":true,"maxEvents":1,"ack":[1]}"#,
            br#"{"returnImmediately":true,"maxEvents":1,"ack":"x"}"#,
        ] {
            assert!(parse(bad).is_err());
        }
    }

    #[test]
    fn the_key_signs() {
        let events = Events::default();
        assert_eq!(events.jwks()["keys"].as_array().map(Vec::len), Some(1));
        let token = events.key().and_then(|k| k.sign(&json!({"jti": "x"})));
        assert!(token.is_some_and(|t| t.split('.').count() == 3));
    }
}
