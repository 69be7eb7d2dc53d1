//! The conformance suite against a SQLite file, plain and sealed, and what only a file does:
//! several backends and several processes on one file, and data that outlives the process.

#![cfg(feature = "sqlite")]

mod conformance;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use conformance::Fixture;
use hkob_store::{SealedBackend, SqliteBackend, StateBackend, StateKey};

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "hkob-store-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("a temporary directory");
        Self(path)
    }

    fn file(&self) -> PathBuf {
        self.0.join("state.sqlite3")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn sqlite() -> Fixture {
    let dir = TempDir::new();
    let backend = SqliteBackend::open(dir.file())
        .await
        .expect("the file opens");
    Fixture::new(backend).guarded(dir)
}

async fn sealed_sqlite() -> Fixture {
    sqlite().await.sealed()
}

mod plain {
    crate::conformance_suite!(super::sqlite);
    crate::sealed_suite!(super::sqlite);
}

mod sealed {
    crate::conformance_suite!(super::sealed_sqlite);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_backends_on_one_file_take_each_value_once() {
    let dir = TempDir::new();
    let one = Arc::new(SqliteBackend::open(dir.file()).await.unwrap());
    let two = Arc::new(SqliteBackend::open(dir.file()).await.unwrap());
    const KEYS: usize = 20;
    for n in 0..KEYS {
        let id = n.to_string();
        one.put(StateKey::new("pending", &id), id.clone().into_bytes(), None)
            .await
            .unwrap();
    }
    let barrier = Arc::new(tokio::sync::Barrier::new(64));
    let tasks: Vec<_> = (0..64)
        .map(|n| {
            let backend = if n % 2 == 0 {
                Arc::clone(&one)
            } else {
                Arc::clone(&two)
            };
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                let mut taken = Vec::new();
                for k in 0..KEYS {
                    let id = k.to_string();
                    if let Some(value) = backend.take(StateKey::new("pending", &id)).await.unwrap()
                    {
                        taken.push(String::from_utf8(value).unwrap());
                    }
                }
                taken
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all.sort();
    let mut expected: Vec<String> = (0..KEYS).map(|n| n.to_string()).collect();
    expected.sort();
    assert_eq!(all, expected, "every value taken exactly once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn data_survives_closing_and_reopening_the_file() {
    let dir = TempDir::new();
    let keys = || conformance::test_keys(1);
    {
        let backend = SqliteBackend::open(dir.file()).await.unwrap();
        backend
            .put(
                StateKey::new("intents", "pay-1"),
                b"sent, key k-1".to_vec(),
                None,
            )
            .await
            .unwrap();
        backend
            .put(
                StateKey::new("pending", "state-1"),
                b"verifier".to_vec(),
                Some(Duration::from_secs(600)),
            )
            .await
            .unwrap();
        backend
            .count(StateKey::new("rate", "bea"), Duration::from_secs(600))
            .await
            .unwrap();
        let sealed = SealedBackend::new(backend, keys());
        sealed
            .put(
                StateKey::new("tokens", "bea"),
                b"refresh-token".to_vec(),
                None,
            )
            .await
            .unwrap();
    }
    let backend = SqliteBackend::open(dir.file()).await.unwrap();
    assert_eq!(
        backend
            .get(StateKey::new("intents", "pay-1"))
            .await
            .unwrap()
            .as_deref(),
        Some(&b"sent, key k-1"[..])
    );
    assert_eq!(
        backend
            .take(StateKey::new("pending", "state-1"))
            .await
            .unwrap()
            .as_deref(),
        Some(&b"verifier"[..])
    );
    assert_eq!(
        backend
            .count(StateKey::new("rate", "bea"), Duration::from_secs(600))
            .await
            .unwrap(),
        2
    );
    let sealed = SealedBackend::new(backend, keys());
    assert_eq!(
        sealed
            .get(StateKey::new("tokens", "bea"))
            .await
            .unwrap()
            .as_deref(),
        Some(&b"refresh-token"[..])
    );
}

#[tokio::test]
async fn expired_rows_are_purged() {
    let dir = TempDir::new();
    let backend = SqliteBackend::open(dir.file()).await.unwrap();
    let short = Some(Duration::from_millis(50));
    backend
        .put(StateKey::new("c", "a"), b"1".to_vec(), short)
        .await
        .unwrap();
    backend
        .put(StateKey::new("c", "b"), b"2".to_vec(), None)
        .await
        .unwrap();
    backend
        .count(StateKey::new("c", "a"), Duration::from_millis(50))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(120)).await;
    assert_eq!(backend.purge_expired().await.unwrap(), 2);
    assert_eq!(backend.purge_expired().await.unwrap(), 0);
    assert_eq!(backend.list("c").await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_refused() {
    let dir = TempDir::new();
    std::fs::write(dir.file(), vec![0x42; 4096]).unwrap();
    let error = SqliteBackend::open(dir.file()).await.unwrap_err();
    assert_eq!(error.kind(), hkob_store::StoreErrorKind::Corrupt, "{error}");
}

/// The environment variable that makes [`child_process_takes`] a racer, naming the file.
const CHILD_FILE: &str = "HKOB_STORE_TEST_CHILD_FILE";
const PROCESS_KEYS: usize = 200;

/// Several processes on one file: each takes every key it can; every value is taken by exactly
/// one of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn separate_processes_take_each_value_once() {
    let dir = TempDir::new();
    let backend = SqliteBackend::open(dir.file()).await.unwrap();
    for n in 0..PROCESS_KEYS {
        let id = n.to_string();
        backend
            .put(StateKey::new("pending", &id), id.clone().into_bytes(), None)
            .await
            .unwrap();
    }
    let children: Vec<_> = (0..4).map(|_| spawn_child(&dir.file())).collect();
    let mut taken = Vec::new();
    for child in children {
        let output = child.wait_with_output().await.unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(
            output.status.success(),
            "a child failed: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        taken.extend(
            // The test harness may print on the same line before the marker.
            stdout
                .lines()
                .filter_map(|line| line.split_once("TAKEN:"))
                .map(|(_, id)| id.trim().to_owned()),
        );
    }
    let unique: BTreeSet<&String> = taken.iter().collect();
    assert_eq!(
        taken.len(),
        PROCESS_KEYS,
        "{} takes for {PROCESS_KEYS} values",
        taken.len()
    );
    assert_eq!(unique.len(), PROCESS_KEYS);
}

fn spawn_child(file: &Path) -> tokio::process::Child {
    tokio::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_process_takes",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_FILE, file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap()
}

/// One racer of [`separate_processes_take_each_value_once`], run as a child process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a child process of separate_processes_take_each_value_once; does nothing alone"]
async fn child_process_takes() {
    let Some(file) = std::env::var_os(CHILD_FILE) else {
        return;
    };
    let backend = SqliteBackend::open(file).await.unwrap();
    for n in 0..PROCESS_KEYS {
        let id = n.to_string();
        if let Some(value) = backend.take(StateKey::new("pending", &id)).await.unwrap() {
            println!("TAKEN:{}", String::from_utf8(value).unwrap());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_locked_past_the_busy_timeout_is_unreachable_then_works() {
    let dir = TempDir::new();
    let options = hkob_store::SqliteOptions::new().busy_timeout(Duration::from_millis(200));
    let backend = SqliteBackend::open_with(dir.file(), options).await.unwrap();
    let key = StateKey::new("intents", "pay-1");
    backend.put(key, b"before".to_vec(), None).await.unwrap();

    // Another process's writer holds the write lock.
    let holder = rusqlite::Connection::open(dir.file()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let error = backend
        .put(key, b"during".to_vec(), None)
        .await
        .unwrap_err();
    assert_eq!(
        error.kind(),
        hkob_store::StoreErrorKind::Unreachable,
        "{error}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // Readers are not blocked by a writer (WAL).
    assert_eq!(
        backend.get(key).await.unwrap().as_deref(),
        Some(&b"before"[..])
    );

    holder.execute_batch("COMMIT").unwrap();
    backend.put(key, b"after".to_vec(), None).await.unwrap();
    assert_eq!(
        backend.get(key).await.unwrap().as_deref(),
        Some(&b"after"[..])
    );
}
