//! The canonical Phase IV model: one set of types for every bank's dialect.
//!
//! A [`PaymentOrder`] is what the TSP asks to pay; the bank holds it in a [`PaymentConsent`]
//! that the customer approves, and makes it a [`Payment`] whose [`PaymentStatus`] moves to a
//! final state. Account and card numbers and proxies are personal data: `Debug` masks them.

mod consent;
mod order;
mod payment;

pub use consent::{PaymentConsent, PaymentConsentStatus};
pub use hkob_banks::BankId;
pub use order::{Bill, CardNumber, OrderError, Payee, PaymentKind, PaymentOrder};
pub use payment::{Payment, PaymentStatus, StatusReason};
