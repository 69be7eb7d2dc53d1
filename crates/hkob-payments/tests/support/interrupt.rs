//! A payment store that can be made to fail the way a real one does: down altogether, or lost
//! (or hung, as if the process died) just when the bank's answer to a payment is recorded.

use std::fmt;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use hkob_payments::{PaymentIntent, PaymentStore, PendingApproval, StoreError, StoreFuture};

/// The line a hung store prints when the bank's answer to a payment reaches it: the bank has
/// accepted the payment, and the intent will never record it.
pub const ACCEPTED: &str = "ACCEPTED:";

/// A store over `inner`, failing as it is told.
pub struct Interrupted {
    inner: Arc<dyn PaymentStore>,
    /// Every call fails as unreachable.
    pub down: AtomicBool,
    /// Recording a payment fails as unreachable (the bank accepted it).
    pub lose_records: AtomicBool,
    /// Recording a payment prints [`ACCEPTED`] and the payment id, then never returns.
    pub hang_records: AtomicBool,
}

impl Interrupted {
    pub fn new(inner: Arc<dyn PaymentStore>) -> Arc<Self> {
        Arc::new(Self {
            inner,
            down: AtomicBool::new(false),
            lose_records: AtomicBool::new(false),
            hang_records: AtomicBool::new(false),
        })
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(StoreError::unreachable("the test store is down"));
        }
        Ok(())
    }
}

impl fmt::Debug for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interrupted")
            .field("inner", &self.inner)
            .finish()
    }
}

impl PaymentStore for Interrupted {
    fn put_pending(&self, pending: PendingApproval) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.check()?;
            self.inner.put_pending(pending).await
        })
    }

    fn take_pending<'a>(
        &'a self,
        state: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<PendingApproval>> {
        Box::pin(async move {
            self.check()?;
            self.inner.take_pending(state, now).await
        })
    }

    fn put_intent(&self, intent: PaymentIntent) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.check()?;
            if let Some(payment) = &intent.payment {
                if self.hang_records.load(Ordering::SeqCst) {
                    {
                        let mut out = std::io::stdout().lock();
                        let _ = writeln!(out, "{ACCEPTED}{}", payment.id);
                        let _ = out.flush();
                    }
                    std::future::pending::<()>().await;
                }
                if self.lose_records.load(Ordering::SeqCst) {
                    return Err(StoreError::unreachable(
                        "the test store went down as the payment was recorded",
                    ));
                }
            }
            self.inner.put_intent(intent).await
        })
    }

    fn intent<'a>(
        &'a self,
        bank: &'a str,
        consent_id: &'a str,
    ) -> StoreFuture<'a, Option<PaymentIntent>> {
        Box::pin(async move {
            self.check()?;
            self.inner.intent(bank, consent_id).await
        })
    }

    fn intents(&self) -> StoreFuture<'_, Vec<PaymentIntent>> {
        Box::pin(async move {
            self.check()?;
            self.inner.intents().await
        })
    }
}
