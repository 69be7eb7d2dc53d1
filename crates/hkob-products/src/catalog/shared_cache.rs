//! The catalog's cache shared by every process that uses one [`StateBackend`]: a bank's
//! normalised answer fetched by one process serves the others until its time to live ends.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hkob_core::store::{StateBackend, StateKey};
use serde::{Deserialize, Serialize};

use super::family::ProductFamily;
use crate::model::BankId;
use crate::normalise::Normalised;

/// The collection of shared answers.
const ANSWERS: &str = "phase1-catalog";

/// One shared answer, and when it was fetched.
#[derive(Serialize, Deserialize)]
struct Shared<A> {
    fetched_at_ms: u64,
    answer: A,
}

/// The id of one bank's answer of one family in some languages.
pub(super) fn id(bank: &BankId, family: ProductFamily, languages: &str) -> String {
    format!("{bank}|{family:?}|{languages}")
}

/// The shared answer under `id` and its age, if one younger than `ttl` is there. A store that
/// fails, or an answer that does not read back (written by another version), is a miss.
pub(super) async fn read<T: serde::de::DeserializeOwned>(
    backend: &dyn StateBackend,
    id: &str,
    ttl: Duration,
) -> Option<(Normalised<T>, Duration)> {
    let bytes = match backend.get(StateKey::new(ANSWERS, id)).await {
        Ok(bytes) => bytes?,
        Err(error) => {
            tracing::warn!(kind = ?error.kind(), error = %error.message(), "the shared catalog cache failed; asking the bank");
            return None;
        }
    };
    let shared: Shared<Normalised<T>> = serde_json::from_slice(&bytes).ok()?;
    let age = Duration::from_millis(now_ms().saturating_sub(shared.fetched_at_ms));
    (age < ttl).then_some((shared.answer, age))
}

/// Shares `answer` under `id` for `ttl`.
pub(super) async fn write<T: Serialize>(
    backend: &dyn StateBackend,
    id: &str,
    answer: &Normalised<T>,
    ttl: Duration,
) {
    let shared = Shared {
        fetched_at_ms: now_ms(),
        answer,
    };
    let Ok(bytes) = serde_json::to_vec(&shared) else {
        return;
    };
    if let Err(error) = backend
        .put(StateKey::new(ANSWERS, id), bytes, Some(ttl))
        .await
    {
        tracing::warn!(kind = ?error.kind(), error = %error.message(), "the shared catalog cache failed; the answer is kept in this process only");
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or_default()
}
