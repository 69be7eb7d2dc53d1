//! Each store operation as one SQLite statement or one `BEGIN IMMEDIATE` transaction, run on
//! a blocking thread.
//!
//! Every write takes the write lock first (`BEGIN IMMEDIATE`), so that a read-then-write (take,
//! compare-and-swap, put-if-absent, count) is atomic across every connection and every process
//! on the file, and waits up to the busy timeout for another writer instead of failing on a
//! stale snapshot. Reads filter expired rows with the same wall clock.

use std::time::Duration;

use hkob_core::store::{ListedEntry, StoreError};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::error::store_error;
use crate::clock::{deadline, now_millis};

/// The schema, created by the first process to open the file.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS hkob_entries (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    value BLOB NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS hkob_entries_expiry ON hkob_entries (expires_at)
    WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS hkob_counters (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    count INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (collection, id)
) WITHOUT ROWID;
";

/// An owned key, for a closure sent to a blocking thread.
pub(super) struct Key {
    pub(super) collection: String,
    pub(super) id: String,
}

/// Sets up a freshly opened connection: the busy timeout, WAL, `synchronous = FULL` (a
/// committed write survives a power cut), the schema.
pub(super) fn prepare(conn: &mut Connection, busy_timeout: Duration) -> Result<(), StoreError> {
    conn.busy_timeout(busy_timeout)
        .map_err(|e| store_error("set the busy timeout", e))?;
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(|e| store_error("switch to WAL mode", e))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::new(format!(
            "SQLite kept the journal mode {mode:?} instead of WAL"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(|e| store_error("set synchronous = FULL", e))?;
    let tx = immediate(conn, "create the schema")?;
    tx.execute_batch(SCHEMA)
        .map_err(|e| store_error("create the schema", e))?;
    tx.commit().map_err(|e| store_error("create the schema", e))
}

fn immediate<'c>(
    conn: &'c mut Connection,
    what: &str,
) -> Result<rusqlite::Transaction<'c>, StoreError> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| store_error(what, e))
}

fn expiry(ttl: Option<Duration>, now: i64) -> Option<i64> {
    ttl.map(|ttl| deadline(now, ttl))
}

/// The live value under `key`, read inside `conn`'s current transaction if any.
fn live_value(conn: &Connection, key: &Key, now: i64) -> Result<Option<Vec<u8>>, StoreError> {
    conn.query_row(
        "SELECT value FROM hkob_entries
         WHERE collection = ?1 AND id = ?2 AND (expires_at IS NULL OR expires_at > ?3)",
        params![key.collection, key.id, now],
        |row| row.get(0),
    )
    .optional()
    .map_err(|e| store_error("read a value", e))
}

fn upsert(
    conn: &Connection,
    key: &Key,
    value: &[u8],
    ttl: Option<Duration>,
    now: i64,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO hkob_entries (collection, id, value, expires_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (collection, id) DO UPDATE
         SET value = excluded.value, expires_at = excluded.expires_at",
        params![key.collection, key.id, value, expiry(ttl, now)],
    )
    .map_err(|e| store_error("write a value", e))?;
    Ok(())
}

pub(super) fn get(conn: &mut Connection, key: &Key) -> Result<Option<Vec<u8>>, StoreError> {
    live_value(conn, key, now_millis())
}

pub(super) fn put(
    conn: &mut Connection,
    key: &Key,
    value: &[u8],
    ttl: Option<Duration>,
) -> Result<(), StoreError> {
    let tx = immediate(conn, "write a value")?;
    upsert(&tx, key, value, ttl, now_millis())?;
    tx.commit().map_err(|e| store_error("write a value", e))
}

pub(super) fn put_if_absent(
    conn: &mut Connection,
    key: &Key,
    value: &[u8],
    ttl: Option<Duration>,
) -> Result<bool, StoreError> {
    let tx = immediate(conn, "write a value if absent")?;
    let now = now_millis();
    if live_value(&tx, key, now)?.is_some() {
        return Ok(false);
    }
    upsert(&tx, key, value, ttl, now)?;
    tx.commit()
        .map_err(|e| store_error("write a value if absent", e))?;
    Ok(true)
}

pub(super) fn take(conn: &mut Connection, key: &Key) -> Result<Option<Vec<u8>>, StoreError> {
    let tx = immediate(conn, "take a value")?;
    let removed: Option<(Vec<u8>, Option<i64>)> = tx
        .query_row(
            "DELETE FROM hkob_entries WHERE collection = ?1 AND id = ?2
             RETURNING value, expires_at",
            params![key.collection, key.id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(|e| store_error("take a value", e))?;
    tx.commit().map_err(|e| store_error("take a value", e))?;
    let now = now_millis();
    Ok(removed
        .filter(|(_, expires_at)| expires_at.is_none_or(|at| at > now))
        .map(|(value, _)| value))
}

pub(super) fn compare_and_swap(
    conn: &mut Connection,
    key: &Key,
    expected: Option<&[u8]>,
    new: &[u8],
    ttl: Option<Duration>,
) -> Result<bool, StoreError> {
    let tx = immediate(conn, "compare and swap a value")?;
    let now = now_millis();
    if live_value(&tx, key, now)?.as_deref() != expected {
        return Ok(false);
    }
    upsert(&tx, key, new, ttl, now)?;
    tx.commit()
        .map_err(|e| store_error("compare and swap a value", e))?;
    Ok(true)
}

pub(super) fn delete(conn: &mut Connection, key: &Key) -> Result<bool, StoreError> {
    let tx = immediate(conn, "delete a value")?;
    let expires_at: Option<Option<i64>> = tx
        .query_row(
            "DELETE FROM hkob_entries WHERE collection = ?1 AND id = ?2 RETURNING expires_at",
            params![key.collection, key.id],
            |row| row.get(0),
        )
        .optional()
        .map_err(|e| store_error("delete a value", e))?;
    tx.commit().map_err(|e| store_error("delete a value", e))?;
    let now = now_millis();
    Ok(expires_at.is_some_and(|at| at.is_none_or(|at| at > now)))
}

pub(super) fn list(
    conn: &mut Connection,
    collection: &str,
) -> Result<Vec<ListedEntry>, StoreError> {
    let now = now_millis();
    let mut statement = conn
        .prepare(
            "SELECT id, value FROM hkob_entries
             WHERE collection = ?1 AND (expires_at IS NULL OR expires_at > ?2)",
        )
        .map_err(|e| store_error("list a collection", e))?;
    let rows = statement
        .query_map(params![collection, now], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .map_err(|e| store_error("list a collection", e))?;
    rows.collect::<Result<Vec<ListedEntry>, _>>()
        .map_err(|e| store_error("list a collection", e))
}

pub(super) fn count(conn: &mut Connection, key: &Key, window: Duration) -> Result<u64, StoreError> {
    let tx = immediate(conn, "count")?;
    let now = now_millis();
    let count: i64 = tx
        .query_row(
            "INSERT INTO hkob_counters (collection, id, count, expires_at) VALUES (?1, ?2, 1, ?3)
             ON CONFLICT (collection, id) DO UPDATE SET
                 count = CASE WHEN expires_at > ?4 THEN count + 1 ELSE 1 END,
                 expires_at = CASE WHEN expires_at > ?4 THEN expires_at ELSE excluded.expires_at END
             RETURNING count",
            params![key.collection, key.id, deadline(now, window), now],
            |row| row.get(0),
        )
        .map_err(|e| store_error("count", e))?;
    tx.commit().map_err(|e| store_error("count", e))?;
    u64::try_from(count).map_err(|_| StoreError::corrupt("a stored counter is negative"))
}

/// Removes every expired value and counter; how many rows went.
pub(super) fn purge_expired(conn: &mut Connection) -> Result<u64, StoreError> {
    let tx = immediate(conn, "purge expired entries")?;
    let now = now_millis();
    let values = tx
        .execute(
            "DELETE FROM hkob_entries WHERE expires_at IS NOT NULL AND expires_at <= ?1",
            params![now],
        )
        .map_err(|e| store_error("purge expired entries", e))?;
    let counters = tx
        .execute(
            "DELETE FROM hkob_counters WHERE expires_at <= ?1",
            params![now],
        )
        .map_err(|e| store_error("purge expired entries", e))?;
    tx.commit()
        .map_err(|e| store_error("purge expired entries", e))?;
    Ok(u64::try_from(values.saturating_add(counters)).unwrap_or(u64::MAX))
}
