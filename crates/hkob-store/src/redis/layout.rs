//! Where each entry lives in Redis, laid out so that Redis Cluster works.
//!
//! ```text
//! <namespace>:{<collection>}:v:<id>   a value (a string, with Redis's own expiry for a ttl)
//! <namespace>:{<collection>}:i        the collection's index: a sorted set of ids, scored by
//!                                     their expiry in Unix milliseconds (+inf: none)
//! <namespace>:{<collection>}:c:<id>   a counter (a string INCRemented, with its window's expiry)
//! ```
//!
//! The collection is the key's hash tag, so a collection's values, index and counters share
//! one hash slot: every script touches keys of that one slot, and listing reads one index and
//! one slot's values instead of scanning the whole cluster. The price is that one collection
//! lives on one shard; collections are few and small (tokens, consents, pending
//! authorizations), while the fleet's load spreads over collections.

use hkob_core::store::{StateKey, StoreError};

/// The key layout of one namespace.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    namespace: String,
}

impl Layout {
    /// The layout of `namespace`.
    ///
    /// # Errors
    ///
    /// An invalid-kind error if `namespace` is empty or holds a character other than ASCII
    /// letters, digits, `_`, `-`, `.` and `:` (a `{` would move the hash tag).
    pub(super) fn new(namespace: &str) -> Result<Self, StoreError> {
        let valid = !namespace.is_empty()
            && namespace.len() <= 64
            && namespace
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'));
        if !valid {
            return Err(StoreError::invalid(
                "a Redis namespace is 1 to 64 ASCII letters, digits, '_', '-', '.' and ':'",
            ));
        }
        Ok(Self {
            namespace: namespace.to_owned(),
        })
    }

    fn slot_prefix(&self, collection: &str) -> String {
        format!("{}:{{{collection}}}:", self.namespace)
    }

    /// Where the value of `key` lives.
    pub(super) fn value(&self, key: StateKey<'_>) -> String {
        format!("{}v:{}", self.slot_prefix(key.collection()), key.id())
    }

    /// The index of `collection`'s ids.
    pub(super) fn index(&self, collection: &str) -> String {
        format!("{}i", self.slot_prefix(collection))
    }

    /// Where the counter of `key` lives.
    pub(super) fn counter(&self, key: StateKey<'_>) -> String {
        format!("{}c:{}", self.slot_prefix(key.collection()), key.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_is_one_hash_tag() {
        let layout = Layout::new("tsp").unwrap();
        let key = StateKey::new("consents", "a{b}c");
        assert_eq!(layout.value(key), "tsp:{consents}:v:a{b}c");
        assert_eq!(layout.index("consents"), "tsp:{consents}:i");
        assert_eq!(layout.counter(key), "tsp:{consents}:c:a{b}c");
    }

    #[test]
    fn a_namespace_cannot_move_the_hash_tag() {
        assert!(Layout::new("a{b}").is_err());
        assert!(Layout::new("").is_err());
        assert!(Layout::new("prod:tsp-1").is_ok());
    }
}
