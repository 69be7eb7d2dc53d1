//! Noticing a list that does not move on: a page whose answer repeats the page before it.
//!
//! A portal that ignores `offset` answers every page with the same records; a bank whose
//! `links.next` changes on every page while the items stay the same never runs out of links.
//! Both would walk forever. The walk keeps a digest of the last page's answer (never the page
//! itself, so memory does not grow) and stops with an error when the next answer digests alike.
//!
//! What names the page rather than the list is left out of the digest: for next-link lists the
//! links to the list itself (`self`, `prev`, `next`), for cursor lists the cursors. Offset and
//! page-index answers are digested as they are, byte for byte.

use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::Value;

/// A digest of the body `body` of an answer, leaving out every JSON string `is_paging` names.
pub(super) fn digest(body: &[u8], is_paging: Option<&dyn Fn(&str) -> bool>) -> u64 {
    let mut hasher = DefaultHasher::new();
    match is_paging {
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
}
