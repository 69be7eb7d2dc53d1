//! Noticing a list that does not move on: a page whose answer repeats the page before it.
//!
//! A portal that ignores `offset` answers every page with the same records; a bank whose
//! `links.next` changes on every page while the items stay the same never runs out of links.
//! Both would walk forever. The walk keeps a digest of the last page's answer (never the page
//! itself, so memory does not grow) and stops with an error when the next answer digests alike.
//!
//! What names the page rather than the list is left out of the digest: for next-link lists the
//! links to the list itself (`self`, `prev`, `next`), for cursor lists the cursors. Offset and
//! page-index answers are digested as they are: their length and their first and last
//! [`SAMPLE`] bytes, which is where two pages of different items differ (the paging counters
//! and the first items at the start, the last items at the end), at a cost that does not grow
//! with the page.

use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::Value;

/// How many bytes of each end of a raw answer the digest reads.
const SAMPLE: usize = 4096;

/// A digest of the body `body` of an answer, leaving out every JSON string `is_paging` names.
pub(super) fn digest(body: &[u8], is_paging: Option<&dyn Fn(&str) -> bool>) -> u64 {
    let mut hasher = DefaultHasher::new();
    match is_paging {
        None if body.len() > SAMPLE.saturating_mul(2) => {
            body.len().hash(&mut hasher);
            body[..SAMPLE].hash(&mut hasher);
            body[body.len().saturating_sub(SAMPLE)..].hash(&mut hasher);
        }
        None => body.hash(&mut hasher),
        Some(is_paging) => match serde_json::from_slice::<Value>(body) {
            Ok(value) => hash_value(&value, is_paging, &mut hasher),
            Err(_) => body.hash(&mut hasher),
        },
    }
    hasher.finish()
}

/// Hashes `value`, with a mark in place of the strings `is_paging` names. The depth is bounded
/// by serde_json's recursion limit.
fn hash_value(value: &Value, is_paging: &dyn Fn(&str) -> bool, hasher: &mut DefaultHasher) {
    match value {
        Value::Null => 0u8.hash(hasher),
        Value::Bool(b) => {
            1u8.hash(hasher);
            b.hash(hasher);
        }
        Value::Number(n) => {
            2u8.hash(hasher);
            n.to_string().hash(hasher);
        }
        Value::String(s) if is_paging(s) => 3u8.hash(hasher),
        Value::String(s) => {
            4u8.hash(hasher);
            s.hash(hasher);
        }
        Value::Array(items) => {
            5u8.hash(hasher);
            items.len().hash(hasher);
            for item in items {
                hash_value(item, is_paging, hasher);
            }
        }
        Value::Object(members) => {
            6u8.hash(hasher);
            members.len().hash(hasher);
            for (name, member) in members {
                name.hash(hasher);
                hash_value(member, is_paging, hasher);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_that_differ_only_in_paging_strings_digest_alike() {
        let paging = |s: &str| s.starts_with("/list");
        let first = br#"{"items": [1, 2], "links": {"self": "/list?p=1", "next": "/list?p=2"}}"#;
        let second = br#"{"items":[1,2],"links":{"self":"/list?p=2","next":"/list?p=3"}}"#;
        let other = br#"{"items": [3, 4], "links": {"self": "/list?p=2", "next": "/list?p=3"}}"#;
        let d = |body: &[u8]| digest(body, Some(&paging));
        assert_eq!(d(first), d(second));
        assert_ne!(d(first), d(other));
        assert_ne!(digest(first, None), digest(second, None));
        assert_eq!(
            digest(b"not json", Some(&paging)),
            digest(b"not json", None)
        );
    }

    #[test]
    fn long_raw_answers_are_told_apart_by_either_end_or_their_length() {
        let page = |first: u8, last: u8, len: usize| {
            let mut body = vec![b' '; len];
            body[10] = first;
            body[len - 10] = last;
            body
        };
        let d = |body: &[u8]| digest(body, None);
        let long = 3 * SAMPLE;
        assert_eq!(d(&page(b'a', b'z', long)), d(&page(b'a', b'z', long)));
        assert_ne!(d(&page(b'a', b'z', long)), d(&page(b'b', b'z', long)));
        assert_ne!(d(&page(b'a', b'z', long)), d(&page(b'a', b'y', long)));
        assert_ne!(d(&page(b'a', b'z', long)), d(&page(b'a', b'z', long + 1)));
    }
}
