//! Where a walk through pages stands.

/// Where the next page starts; keep it to resume a walk later.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageCursor {
    /// The first page.
    Start,
    /// The item offset of the next page (offset style).
    Offset(u64),
    /// The number of the next page (page-index style).
    Index(u64),
    /// The link to the next page (next-link style).
    Link(String),
    /// The cursor of the next page (cursor style).
    Token(String),
    /// There are no more pages.
    Done,
}
