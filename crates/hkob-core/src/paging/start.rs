//! Where a walk starts, and the page size it asks for, as the request itself says.
//!
//! A list request may carry its own start (`offset=200`, `pageIdx=3`, `cursor=abc`) and page
//! size: the walk honours them, so that paging a request goes on from where the request points,
//! instead of silently starting over at the first page. A value the style cannot use is an
//! [`Error::InvalidRequest`], found before anything is sent.

use super::{PageCursor, PageStyle};
use crate::error::{Error, Result};
use crate::request::ApiRequest;

/// The last value of the query parameter `name`, as the request would send it.
fn query_value<'r>(request: &'r ApiRequest, name: &str) -> Option<&'r str> {
    request
        .query_pairs()
        .filter(|(n, _)| *n == name)
        .map(|(_, v)| v)
        .last()
}

/// Where the request itself starts: its offset, page number or cursor, else the first page.
pub(super) fn request_start(request: &ApiRequest, style: &PageStyle) -> Result<PageCursor> {
    match style {
        PageStyle::Offset { offset_param, .. } => match query_value(request, offset_param) {
            None => Ok(PageCursor::Start),
            Some(value) => value.trim().parse::<u64>().map(PageCursor::Offset).map_err(|_| {
                Error::invalid(format!(
                    "the request's `{offset_param}` is `{value}`, not an offset (a whole number from 0)"
                ))
            }),
        },
        PageStyle::PageIndex {
            index_param,
            first_index,
            ..
        } => match query_value(request, index_param) {
            None => Ok(PageCursor::Start),
            Some(value) => match value.trim().parse::<u64>() {
                Ok(index) => Ok(PageCursor::Index(index)),
                Err(_) => Err(Error::invalid(format!(
                    "the request's `{index_param}` is `{value}`, not a page number (a whole number from {first_index})"
                ))),
            },
        },
        PageStyle::Cursor { cursor_param } => match query_value(request, cursor_param) {
            Some(token) if !token.is_empty() => Ok(PageCursor::Token(token.to_owned())),
            _ => Ok(PageCursor::Start),
        },
        PageStyle::Unpaged | PageStyle::NextLink => Ok(PageCursor::Start),
    }
}

/// Whether a walk in `style` can start from `cursor`.
pub(super) fn check_cursor(style: &PageStyle, cursor: &PageCursor) -> Result<()> {
    let fits = match (style, cursor) {
        (_, PageCursor::Start | PageCursor::Done) => true,
        (PageStyle::Offset { .. }, PageCursor::Offset(_)) => true,
        (PageStyle::PageIndex { first_index, .. }, PageCursor::Index(index)) => {
            if index < first_index {
                return Err(Error::invalid(format!(
                    "page {index} comes before the first page of this list ({first_index})"
                )));
            }
            true
        }
        (PageStyle::NextLink, PageCursor::Link(_)) => true,
        (PageStyle::Cursor { .. }, PageCursor::Token(_)) => true,
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "cannot start a {style:?} list from {cursor:?}"
        )))
    }
}

/// The request's own page size, for the styles that have a size parameter: at least 1, as
/// [`Paginator::page_size`](super::Paginator::page_size) keeps it.
pub(super) fn request_page_size(request: &ApiRequest, style: &PageStyle) -> Result<Option<u32>> {
    let size_param = match style {
        PageStyle::Offset { size_param, .. } | PageStyle::PageIndex { size_param, .. } => {
            size_param
        }
        PageStyle::Unpaged | PageStyle::NextLink | PageStyle::Cursor { .. } => return Ok(None),
    };
    match query_value(request, size_param) {
        None => Ok(None),
        Some(value) => match value.trim().parse::<u32>() {
            Ok(size) => Ok(Some(size.max(1))),
            Err(_) => Err(Error::invalid(format!(
                "the request's `{size_param}` is `{value}`, not a page size (a whole number from 1 to {})",
                u32::MAX
            ))),
        },
    }
}
