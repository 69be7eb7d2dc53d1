//! Phase III, account information: what every dialect serving it shares,
//! beside the dialects, as their `wire` helpers are.
//!
//! A dialect's handlers (`dialects/<dialect>/accounts`) render the answers
//! of their spec; the rules live here, written once:
//!
//! - [`access`]: who is calling. A customer's data call needs the
//!   customer's access token, bound to an `Authorised` consent of the same
//!   client, with the `accounts` scope; the availability check needs the
//!   TSP's client-credentials token. Refusals are [`Problem`]s, which each
//!   dialect writes in its own error body.
//! - [`permissions`]: what the consent lets the TSP read; [`access`] also
//!   keeps the data to the accounts the customer chose on the consent page
//!   (and the cards of that customer).
//! - [`window`]: the booking times a transaction list covers, never wider
//!   than the consent's `transactionFromDate` / `transactionToDate`.
//! - [`views`]: a window (and, for the credit-only and debit-only
//!   permissions, a direction) over a derived history, paged in constant
//!   time and memory whatever the history's length.
//! - [`paging`]: page numbers, sizes and counts.
//! - [`balances`]: the opening, available and current balances of an
//!   account, from the live ledger and the account's profile.
//! - [`availability`]: whether identity details match a customer.

pub(crate) mod access;
pub(crate) mod availability;
pub(crate) mod balances;
pub(crate) mod caller;
pub(crate) mod paging;
pub(crate) mod permissions;
pub(crate) mod problem;
pub(crate) mod served;
pub(crate) mod views;
pub(crate) mod window;

pub(crate) use access::{CustomerAccess, customer_access, tsp_access};
pub(crate) use caller::Caller;
pub(crate) use problem::Problem;
pub(crate) use served::Served;

/// An instant (seconds since the Unix epoch) in RFC 3339, UTC, to the second.
pub(crate) fn instant(secs: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn instants_are_rfc3339_utc() {
        assert_eq!(super::instant(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::instant(1_767_225_600), "2026-01-01T00:00:00Z");
    }
}
