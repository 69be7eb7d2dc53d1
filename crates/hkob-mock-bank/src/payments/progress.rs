//! How an accepted payment's status moves as the TSP polls it: by default
//! one step per `GET`, from `Pending` (HSBC `RCVD`) to
//! `AcceptedSettlementInProcess` (`ACSP`) to `AcceptedSettlementCompleted`
//! (`ACSC`). The status only reports: the money moved when the bank
//! accepted the payment. A payment that ends `Cancelled` gives the money
//! back (the reversal may overdraw the creditor, so the totals stay the same).

/// Where a payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PaymentStatus {
    /// Taken, checks to come (HSBC `RCVD`).
    Pending,
    /// Sent to FPS (`ACSP`).
    InProcess,
    /// The creditor was credited (`ACSC`); final.
    Completed,
    /// Refused with a reason (`RJCT`); final.
    Rejected,
    /// Withdrawn by the bank before settlement (`CANC`); final.
    Cancelled,
}

impl PaymentStatus {
    /// Whether no further change can happen.
    pub(crate) fn is_final(self) -> bool {
        matches!(
            self,
            PaymentStatus::Completed | PaymentStatus::Rejected | PaymentStatus::Cancelled
        )
    }
}

/// How the status of an accepted payment ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PaymentOutcome {
    /// `Pending`, then `AcceptedSettlementInProcess`, then
    /// `AcceptedSettlementCompleted` (the default).
    #[default]
    Completes,
    /// Stays `Pending` however often it is polled.
    StuckPending,
    /// Reaches `AcceptedSettlementInProcess` and stays there.
    StuckInProcess,
    /// Takes this many steps towards completion (0: none, 1: to
    /// `AcceptedSettlementInProcess`; more counts as 1, since a settled
    /// payment is never cancelled), then becomes `Cancelled` instead of
    /// taking the next, and the money goes back to the debtor.
    CancelledAfter(u32),
}

/// How payments accepted from now on move through their statuses, set per
/// mock ([`crate::MockBankBuilder::payment_progress`]) or per bank
/// ([`crate::BankHandle::set_payment_progress`]). A payment keeps the
/// progress it was accepted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaymentProgress {
    /// How many polls (`GET`s of the payment) each step takes (at least 1).
    pub polls_per_step: u32,
    /// Where the steps end.
    pub outcome: PaymentOutcome,
}

impl Default for PaymentProgress {
    fn default() -> Self {
        Self {
            polls_per_step: 1,
            outcome: PaymentOutcome::Completes,
        }
    }
}

impl PaymentProgress {
    /// A progress of `polls_per_step` polls per step (0 counts as 1) to `outcome`.
    pub fn new(polls_per_step: u32, outcome: PaymentOutcome) -> Self {
        Self {
            polls_per_step: polls_per_step.max(1),
            outcome,
        }
    }

    /// The status after `polls` polls of a payment accepted `Pending`.
    pub(crate) fn status_after(&self, polls: u32) -> PaymentStatus {
        let steps = polls.checked_div(self.polls_per_step.max(1)).unwrap_or(0);
        let reached = |n: u32| match n {
            0 => PaymentStatus::Pending,
            1 => PaymentStatus::InProcess,
            _ => PaymentStatus::Completed,
        };
        match self.outcome {
            PaymentOutcome::Completes => reached(steps),
            PaymentOutcome::StuckPending => PaymentStatus::Pending,
            PaymentOutcome::StuckInProcess => reached(steps.min(1)),
            PaymentOutcome::CancelledAfter(n) if steps > n.min(1) => PaymentStatus::Cancelled,
            PaymentOutcome::CancelledAfter(_) => reached(steps),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PaymentStatus::*;

    fn walk(p: PaymentProgress, polls: u32) -> Vec<PaymentStatus> {
        (0..=polls).map(|n| p.status_after(n)).collect()
    }

    #[test]
    fn one_step_per_poll_by_default() {
        let p = PaymentProgress::default();
        assert_eq!(
            walk(p, 4),
            [Pending, InProcess, Completed, Completed, Completed]
        );
        let slow = PaymentProgress::new(2, PaymentOutcome::Completes);
        assert_eq!(
            walk(slow, 4),
            [Pending, Pending, InProcess, InProcess, Completed]
        );
        assert_eq!(
            PaymentProgress::new(0, PaymentOutcome::Completes).polls_per_step,
            1
        );
    }

    #[test]
    fn stuck_and_cancelled_outcomes() {
        let stuck = PaymentProgress::new(1, PaymentOutcome::StuckPending);
        assert_eq!(walk(stuck, 3), [Pending; 4]);
        let ip = PaymentProgress::new(1, PaymentOutcome::StuckInProcess);
        assert_eq!(walk(ip, 3), [Pending, InProcess, InProcess, InProcess]);
        let c0 = PaymentProgress::new(1, PaymentOutcome::CancelledAfter(0));
        assert_eq!(walk(c0, 2), [Pending, Cancelled, Cancelled]);
        let c1 = PaymentProgress::new(1, PaymentOutcome::CancelledAfter(1));
        assert_eq!(walk(c1, 3), [Pending, InProcess, Cancelled, Cancelled]);
        let c9 = PaymentProgress::new(1, PaymentOutcome::CancelledAfter(9));
        assert_eq!(walk(c9, 3), [Pending, InProcess, Cancelled, Cancelled]);
        assert!(Cancelled.is_final() && !InProcess.is_final());
    }
}
