//! The conformance suite against the in-memory backend, plain and sealed.

mod conformance;

use conformance::Fixture;
use hkob_store::MemoryBackend;

async fn memory() -> Fixture {
    Fixture::new(MemoryBackend::new())
}

async fn sealed_memory() -> Fixture {
    memory().await.sealed()
}

mod plain {
    crate::conformance_suite!(super::memory);
    crate::sealed_suite!(super::memory);
}

mod sealed {
    crate::conformance_suite!(super::sealed_memory);
}
