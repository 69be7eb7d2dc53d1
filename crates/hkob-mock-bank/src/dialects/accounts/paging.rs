//! Page arithmetic: which items of a list a page holds, how many pages
//! there are, and the page size a request asks for.

use std::ops::Range;

use super::Problem;

/// One page of a list of `total` items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Page {
    /// This page's number, from 1.
    pub idx: u64,
    /// Items per page, at least 1.
    pub size: u64,
    /// Items over every page.
    pub total: u64,
}

impl Page {
    /// Page `idx` (from 1) of `size` items over `total`.
    pub(crate) fn new(idx: u64, size: u64, total: u64) -> Self {
        Page {
            idx: idx.max(1),
            size: size.max(1),
            total,
        }
    }

    /// How many pages the list has (0 for an empty list).
    pub(crate) fn total_pages(&self) -> u64 {
        self.total.div_ceil(self.size)
    }

    /// The positions of this page's items; empty past the last page.
    pub(crate) fn items(&self) -> Range<u64> {
        let start = self
            .idx
            .saturating_sub(1)
            .saturating_mul(self.size)
            .min(self.total);
        start..start.saturating_add(self.size).min(self.total)
    }

    /// This page's part of a list held in memory.
    pub(crate) fn of<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let range = self.items();
        let start = usize::try_from(range.start)
            .unwrap_or(usize::MAX)
            .min(items.len());
        let end = usize::try_from(range.end)
            .unwrap_or(usize::MAX)
            .min(items.len());
        &items[start..end.max(start)]
    }

    /// Whether a page follows this one.
    pub(crate) fn has_next(&self) -> bool {
        self.idx < self.total_pages()
    }

    /// Whether this is the last page (or past it).
    pub(crate) fn is_last(&self) -> bool {
        self.idx >= self.total_pages()
    }
}

/// A positive page number or size from a query parameter (1 when absent).
pub(crate) fn positive(name: &str, value: Option<&str>) -> Result<Option<u32>, Problem> {
    match value {
        None => Ok(None),
        Some(v) => match v.trim().parse::<u32>() {
            Ok(n) if n >= 1 => Ok(Some(n)),
            _ => Err(Problem::invalid(
                name,
                format!("{name} must be a positive integer."),
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_a_list() {
        let p = Page::new(3, 10, 25);
        assert_eq!(p.total_pages(), 3);
        assert_eq!(p.items(), 20..25);
        assert!(p.is_last() && !p.has_next());
        let beyond = Page::new(4, 10, 25);
        assert!(beyond.items().is_empty());
        let empty = Page::new(1, 10, 0);
        assert_eq!(empty.total_pages(), 0);
        assert!(empty.items().is_empty() && empty.is_last());
        let huge = Page::new(u64::MAX, u64::MAX, 3);
        assert!(huge.items().is_empty());
        assert!(Page::new(1, 10, 11).has_next());
        let items = [1, 2, 3, 4, 5];
        assert_eq!(Page::new(2, 2, 5).of(&items), &[3, 4]);
        assert_eq!(Page::new(3, 2, 5).of(&items), &[5]);
        assert!(Page::new(9, 2, 5).of(&items).is_empty());
    }

    #[test]
    fn positive_numbers() {
        assert_eq!(positive("p", None), Ok(None));
        assert_eq!(positive("p", Some("7")), Ok(Some(7)));
        assert!(positive("p", Some("0")).is_err());
        assert!(positive("p", Some("-1")).is_err());
        assert!(positive("p", Some("99999999999")).is_err());
    }
}
