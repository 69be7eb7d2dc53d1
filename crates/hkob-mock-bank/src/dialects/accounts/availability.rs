//! The availability check: whether identity details a TSP holds match a
//! customer of the bank, by the matching rules both specs give.
//!
//! Comparison ignores case. Document numbers are compared without their
//! punctuation (`A123456(3)` is `A1234563`) and may be masked with `*`: an
//! HKID must keep at least four characters in clear, any other travel
//! document at least half. Names have repeated spaces collapsed; a blank
//! value never matches.

use serde_json::Value;

use super::{Problem, Served};
use crate::data::{Identity, identity};

/// Which identity detail a parameter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DetailKind {
    /// The HKID number.
    Hkid,
    /// Any other travel document's number.
    TravelDocumentNumber,
    /// Given names.
    FirstName,
    /// Surname.
    LastName,
}

impl DetailKind {
    /// The spec's `paramName`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DetailKind::Hkid => "HKID",
            DetailKind::TravelDocumentNumber => "TravelDocumentNumber",
            DetailKind::FirstName => "FirstName",
            DetailKind::LastName => "LastName",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        [
            DetailKind::Hkid,
            DetailKind::TravelDocumentNumber,
            DetailKind::FirstName,
            DetailKind::LastName,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// One detail of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Detail {
    /// What it is.
    pub kind: DetailKind,
    /// Its value, as sent.
    pub value: String,
}

/// How one detail compares with one customer's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// It matches.
    Matches,
    /// It does not.
    Differs,
    /// It cannot be checked: a document number masked beyond the rules.
    Unusable,
}

/// The details of an availability request body, `{"data": [{"paramName",
/// "paramValue"}, ...]}`.
pub(crate) fn parse_request(body: &[u8]) -> Result<Vec<Detail>, Problem> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| Problem::invalid("data", "The body is not JSON."))?;
    let items = match value.get("data") {
        None | Some(Value::Null) => return Err(Problem::missing("data")),
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(_) => {
            return Err(Problem::invalid(
                "data",
                "data must be a non-empty array of parameters.",
            ));
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let name = item.get("paramName").and_then(Value::as_str);
            let value = item.get("paramValue").and_then(Value::as_str);
            match (name.and_then(DetailKind::parse), value) {
                (Some(kind), Some(value)) => Ok(Detail {
                    kind,
                    value: value.to_owned(),
                }),
                (None, _) if name.is_none() => {
                    Err(Problem::missing(&format!("data[{i}].paramName")))
                }
                (None, _) => Err(Problem::invalid(
                    &format!("data[{i}].paramName"),
                    "paramName must be HKID, TravelDocumentNumber, FirstName or LastName.",
                )),
                (Some(_), None) => Err(Problem::missing(&format!("data[{i}].paramValue"))),
            }
        })
        .collect()
}

/// How one detail compares with a customer's record.
pub(crate) fn compare(detail: &Detail, record: &Identity) -> Outcome {
    match detail.kind {
        DetailKind::Hkid => document(&detail.value, &record.hkid, |clear, len| {
            clear >= 4.min(len)
        }),
        DetailKind::TravelDocumentNumber => {
            document(&detail.value, &record.passport, |clear, len| {
                clear.saturating_mul(2) >= len
            })
        }
        DetailKind::FirstName => name(&detail.value, &record.first_name),
        DetailKind::LastName => name(&detail.value, &record.last_name),
    }
}

/// The identities of the bank's customers.
pub(crate) fn identities(served: &Served) -> Vec<Identity> {
    served
        .bank
        .customers
        .iter()
        .map(|c| identity(served.seed, &served.bank.profile.id, c))
        .collect()
}

/// The customer whose record matches the most details (the first on a
/// tie), with the outcome of each detail against that record; `None` when
/// the bank has no customer.
pub(crate) fn best_match(served: &Served, details: &[Detail]) -> Option<Vec<Outcome>> {
    identities(served)
        .iter()
        .map(|record| {
            details
                .iter()
                .map(|d| compare(d, record))
                .collect::<Vec<_>>()
        })
        .fold(None, |best: Option<Vec<Outcome>>, outcomes| {
            let score = |o: &[Outcome]| o.iter().filter(|x| **x == Outcome::Matches).count();
            match best {
                Some(b) if score(&b) >= score(&outcomes) => Some(b),
                _ => Some(outcomes),
            }
        })
}

fn document(given: &str, record: &str, clear_enough: impl Fn(usize, usize) -> bool) -> Outcome {
    let given: Vec<char> = given
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '*')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let record: Vec<char> = record
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if given.is_empty() {
        return Outcome::Differs;
    }
    let clear = given.iter().filter(|c| **c != '*').count();
    if !clear_enough(clear, given.len()) {
        return Outcome::Unusable;
    }
    let same =
        given.len() == record.len() && given.iter().zip(&record).all(|(g, r)| *g == '*' || g == r);
    if same {
        Outcome::Matches
    } else {
        Outcome::Differs
    }
}

fn name(given: &str, record: &str) -> Outcome {
    let normal = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let given = normal(given);
    if !given.is_empty() && given == normal(record) {
        Outcome::Matches
    } else {
        Outcome::Differs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Identity {
        Identity {
            hkid: "A123456(3)".into(),
            passport: "H12345678".into(),
            first_name: "Tai Man".into(),
            last_name: "Chan".into(),
        }
    }

    fn detail(kind: DetailKind, value: &str) -> Detail {
        Detail {
            kind,
            value: value.into(),
        }
    }

    #[test]
    fn documents_and_masks() {
        let r = record();
        let hkid = |v| compare(&detail(DetailKind::Hkid, v), &r);
        assert_eq!(hkid("A123456(3)"), Outcome::Matches);
        assert_eq!(hkid("a1234563"), Outcome::Matches);
        assert_eq!(hkid("A12****(3)"), Outcome::Matches);
        assert_eq!(hkid("A1*****(*)"), Outcome::Unusable);
        assert_eq!(hkid("B12****(3)"), Outcome::Differs);
        assert_eq!(hkid(""), Outcome::Differs);
        let doc = |v| compare(&detail(DetailKind::TravelDocumentNumber, v), &r);
        assert_eq!(doc("H12**5*7*"), Outcome::Matches);
        assert_eq!(doc("H1*******"), Outcome::Unusable);
    }

    #[test]
    fn names_ignore_case_and_spaces() {
        let r = record();
        assert_eq!(
            compare(&detail(DetailKind::FirstName, " tai   MAN "), &r),
            Outcome::Matches
        );
        assert_eq!(
            compare(&detail(DetailKind::LastName, "陳"), &r),
            Outcome::Differs
        );
        assert_eq!(
            compare(&detail(DetailKind::LastName, "  "), &r),
            Outcome::Differs
        );
    }

    #[test]
    fn requests() {
        let ok = parse_request(br#"{"data":[{"paramName":"HKID","paramValue":"A1"}]}"#);
        assert_eq!(ok.map(|d| d.len()), Ok(1));
        for bad in [
            &b"nope"[..],
            br#"{}"#,
            br#"{"data":[]}"#,
            br#"{"data":[{"paramName":"Age","paramValue":"3"}]}"#,
            br#"{"data":[{"paramName":"HKID"}]}"#,
            br#"{"data":[{"paramValue":"x"}]}"#,
        ] {
            assert!(parse_request(bad).is_err());
        }
    }
}
