//! How a taken application moves as the TSP reads its status: one step
//! every `reads_per_step` reads, from received to under review, then (when
//! the bank asks for more information) to information required, where it
//! waits for the TSP's answer, back to under review, and to the outcome.

/// Where an application is, in the words of no dialect (each dialect
/// writes its own status names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApplicationStatus {
    /// HSBC only: the landing page is open, the customer has not finished.
    AwaitingCustomer,
    /// HSBC only: the customer left the landing page; final.
    Cancelled,
    /// Taken, not yet looked at.
    Received,
    /// The bank is looking at it.
    UnderReview,
    /// The bank waits for the answer to its information request.
    InformationRequired,
    /// Approved; final.
    Approved,
    /// Declined; final.
    Declined,
    /// Withdrawn by the TSP; final.
    Withdrawn,
}

impl ApplicationStatus {
    /// Whether the bank decided (approved or declined).
    pub fn is_decided(self) -> bool {
        matches!(self, Self::Approved | Self::Declined)
    }

    /// Whether no further change can happen.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Approved | Self::Declined | Self::Withdrawn | Self::Cancelled
        )
    }
}

/// How an application ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ApplicationOutcome {
    /// Approved, with the amount asked for when the product has one (the default).
    #[default]
    Approved,
    /// Declined.
    Declined,
}

/// What the bank asks for when it asks for more information.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InformationKind {
    /// A document.
    Document,
    /// A proof of income.
    IncomeProof,
    /// A proof of address.
    AddressProof,
    /// Employment details.
    Employment,
    /// Anything else.
    Other,
}

impl InformationKind {
    /// The wire value (`ADDRESS_PROOF`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Document => "DOCUMENT",
            Self::IncomeProof => "INCOME_PROOF",
            Self::AddressProof => "ADDRESS_PROOF",
            Self::Employment => "EMPLOYMENT",
            Self::Other => "OTHER",
        }
    }
}

/// How applications taken from now on move through their statuses, set per
/// mock ([`crate::MockBankBuilder::application_progress`]) or per bank
/// ([`crate::BankHandle::set_application_progress`]). An application keeps
/// the progress it was taken under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApplicationProgress {
    /// How many status reads each step takes (at least 1).
    pub reads_per_step: u32,
    /// When set, the bank asks once for this information after under
    /// review, and waits until the TSP answers.
    pub information_request: Option<InformationKind>,
    /// Where the steps end.
    pub outcome: ApplicationOutcome,
}

impl Default for ApplicationProgress {
    fn default() -> Self {
        Self {
            reads_per_step: 1,
            information_request: None,
            outcome: ApplicationOutcome::Approved,
        }
    }
}

impl ApplicationProgress {
    /// A progress of `reads_per_step` reads per step (0 counts as 1) to
    /// `outcome`, asking for no information.
    pub fn new(reads_per_step: u32, outcome: ApplicationOutcome) -> Self {
        Self {
            reads_per_step: reads_per_step.max(1),
            information_request: None,
            outcome,
        }
    }

    /// The same progress, asking once for `kind` after under review.
    pub fn with_information_request(mut self, kind: InformationKind) -> Self {
        self.information_request = Some(kind);
        self
    }

    /// The status that follows `status` on a step (`None`: it does not
    /// move on reads); `answered` tells whether the information request,
    /// if any, was answered.
    pub(crate) fn next(
        &self,
        status: ApplicationStatus,
        answered: bool,
    ) -> Option<ApplicationStatus> {
        let decided = match self.outcome {
            ApplicationOutcome::Approved => ApplicationStatus::Approved,
            ApplicationOutcome::Declined => ApplicationStatus::Declined,
        };
        match status {
            ApplicationStatus::Received => Some(ApplicationStatus::UnderReview),
            ApplicationStatus::UnderReview if self.information_request.is_some() && !answered => {
                Some(ApplicationStatus::InformationRequired)
            }
            ApplicationStatus::UnderReview => Some(decided),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_through_an_information_request() {
        let p = ApplicationProgress::new(0, ApplicationOutcome::Declined)
            .with_information_request(InformationKind::AddressProof);
        assert_eq!(p.reads_per_step, 1);
        let s = ApplicationStatus::Received;
        let s = p.next(s, false).expect("step");
        assert_eq!(s, ApplicationStatus::UnderReview);
        let s = p.next(s, false).expect("step");
        assert_eq!(s, ApplicationStatus::InformationRequired);
        assert_eq!(p.next(s, false), None);
        assert_eq!(
            p.next(ApplicationStatus::UnderReview, true),
            Some(ApplicationStatus::Declined)
        );
    }
}
