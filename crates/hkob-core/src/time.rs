//! Dates and times as banks send them (ISO 8601).

/// A calendar date, such as `2026-11-23`.
pub type Date = chrono::NaiveDate;

/// An instant with the offset it was written in, such as
/// `2026-11-23T09:30:00+08:00` (RFC 3339).
pub type DateTime = chrono::DateTime<chrono::FixedOffset>;
