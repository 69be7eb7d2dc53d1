//! Payment stores over the backends a TSP would share: temporary SQLite files, sealed.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use hkob_payments::{BackendStore, PaymentStore};
use hkob_store::{LookupKey, SealedBackend, SealingKey, SealingKeys, SqliteBackend, StateBackend};

/// A directory removed when dropped, named after this process and a counter.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "hkob-payments-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("a temporary directory");
        Self(path)
    }

    /// The SQLite file in it.
    pub fn file(&self) -> PathBuf {
        self.0.join("payments.sqlite3")
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The TSP's keys in these tests (every process of a test uses the same ones).
pub fn keys() -> SealingKeys {
    SealingKeys::new(
        LookupKey::new(&[0x3c; 32]).expect("a 32-byte lookup key"),
        SealingKey::new(1, &[0x71; 32]).expect("a 32-byte sealing key"),
    )
}

/// `backend`, sealed with [`keys`].
pub fn sealed(backend: impl StateBackend + 'static) -> Arc<dyn StateBackend> {
    Arc::new(SealedBackend::new(backend, keys()))
}

/// A [`BackendStore`] over the sealed SQLite file `file` (created if need be).
pub async fn sealed_sqlite(file: &std::path::Path) -> Arc<dyn PaymentStore> {
    let backend = SqliteBackend::open(file).await.expect("the file opens");
    Arc::new(BackendStore::new(sealed(backend)))
}
