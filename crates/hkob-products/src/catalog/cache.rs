//! A per-bank, per-family cache of normalised answers with a time-to-live.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::family::ProductFamily;
use crate::model::BankId;
use crate::normalise::Normalised;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    bank: BankId,
    family: ProductFamily,
    languages: String,
}

struct Entry {
    stored: Instant,
    value: Arc<dyn Any + Send + Sync>,
}

/// Successful answers only: a failure is never cached, so the next call asks the bank again.
#[derive(Default)]
pub(super) struct Cache {
    entries: Mutex<HashMap<Key, Entry>>,
}

impl Cache {
    pub(super) fn get<T: Send + Sync + 'static>(
        &self,
        ttl: Duration,
        bank: &BankId,
        family: ProductFamily,
        languages: &str,
    ) -> Option<Arc<Normalised<T>>> {
        let key = Key {
            bank: bank.clone(),
            family,
            languages: languages.to_owned(),
        };
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = entries.get(&key)?;
        if entry.stored.elapsed() >= ttl {
            entries.remove(&key);
            return None;
        }
        Arc::clone(&entry.value).downcast::<Normalised<T>>().ok()
    }

    /// Keeps `value`, fetched `age` ago.
    pub(super) fn put<T: Send + Sync + 'static>(
        &self,
        bank: &BankId,
        family: ProductFamily,
        languages: String,
        value: Arc<Normalised<T>>,
        age: Duration,
    ) {
        let key = Key {
            bank: bank.clone(),
            family,
            languages,
        };
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.insert(
            key,
            Entry {
                stored: Instant::now().checked_sub(age).unwrap_or_else(Instant::now),
                value,
            },
        );
    }

    pub(super) fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
