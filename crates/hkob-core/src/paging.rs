//! Lazy paging over every page style Hong Kong banks use.
//!
//! A [`Paginator`] turns one list request into a stream of pages (or of
//! items), fetching each page only when the previous one has been consumed.
//! It holds one page at a time, so memory does not grow with the number of
//! pages. It stops on an empty or short page, on the last page a total
//! announces, on a cursor or link that does not advance, or on a caller's
//! page cap; and it can resume from the cursor of a page fetched earlier.
//!
//! Every page's answer goes through the paginator's [`ResponseCheck`]s before
//! it is decoded, so an API that reports a refusal inside a success answer
//! ends the stream with that refusal, on the first page or on any later one.

mod cursor;

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::request::ApiRequest;
use crate::response::ApiResponse;

pub use cursor::PageCursor;

/// A decoded page of a list operation.
pub trait Page: DeserializeOwned + Send + 'static {
    /// What the page lists.
    type Item: Send + 'static;

    /// What this page says about the pages after it.
    fn page_info(&self) -> PageInfo {
        PageInfo::default()
    }

    /// How many items the page holds.
    fn item_count(&self) -> usize;

    /// The items of the page, in order.
    fn into_items(self) -> Vec<Self::Item>;
}

/// What a page says about the pages after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageInfo {
    /// The number of pages in all.
    pub total_pages: Option<u64>,
    /// The number of items in all.
    pub total_items: Option<u64>,
    /// The URL of the next page (absolute, or relative to the base URL).
    pub next_link: Option<String>,
    /// The cursor to send for the next page.
    pub next_cursor: Option<String>,
}

impl PageInfo {
    /// Page info with nothing known.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the total number of pages.
    pub fn total_pages(mut self, pages: Option<u64>) -> Self {
        self.total_pages = pages;
        self
    }

    /// Sets the total number of items.
    pub fn total_items(mut self, items: Option<u64>) -> Self {
        self.total_items = items;
        self
    }

    /// Sets the next page's link.
    pub fn next_link(mut self, link: Option<String>) -> Self {
        self.next_link = link;
        self
    }

    /// Sets the next page's cursor.
    pub fn next_cursor(mut self, cursor: Option<String>) -> Self {
        self.next_cursor = cursor;
        self
    }
}

/// How a list operation pages.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageStyle {
    /// One request returns the whole list.
    Unpaged,
    /// `offset` and page-size parameters (the HKMA's `offset`/`pagesize`).
    Offset {
        /// The offset parameter's name.
        offset_param: &'static str,
        /// The page-size parameter's name.
        size_param: &'static str,
    },
    /// Page-number and page-size parameters (JETCO APIX `pageIdx`/`pageSize`).
    PageIndex {
        /// The page-number parameter's name.
        index_param: &'static str,
        /// The page-size parameter's name.
        size_param: &'static str,
        /// The number of the first page (usually 1).
        first_index: u64,
    },
    /// Each page links to the next (`links.next` in UK and CDR APIs).
    NextLink,
    /// Each page carries an opaque cursor to send back.
    Cursor {
        /// The cursor parameter's name.
        cursor_param: &'static str,
    },
}

/// A check of a success answer, run before it is decoded: an `Err` ends the walk with that
/// error instead of the page. [`Operation::check`](crate::Operation::check) has this shape,
/// and [`Client::paginate`] installs the operation's own.
pub type ResponseCheck = fn(&ApiResponse) -> Result<()>;

/// A page, and the cursor to resume after it.
#[derive(Debug, Clone)]
pub struct FetchedPage<P> {
    /// The page.
    pub page: P,
    /// Where the next page starts; [`PageCursor::Done`] after the last.
    pub next: PageCursor,
}

/// Walks the pages of one list request.
///
/// ```no_run
/// # async fn run(client: hkob_core::Client) -> hkob_core::Result<()> {
/// use futures_util::TryStreamExt;
/// use hkob_core::paging::{Page, PageInfo, PageStyle, Paginator};
/// use hkob_core::ApiRequest;
///
/// #[derive(serde::Deserialize)]
/// struct Branches { branches: Vec<serde_json::Value>, #[serde(rename = "totalPages")] total_pages: u64 }
/// impl Page for Branches {
///     type Item = serde_json::Value;
///     fn page_info(&self) -> PageInfo { PageInfo::new().total_pages(Some(self.total_pages)) }
///     fn item_count(&self) -> usize { self.branches.len() }
///     fn into_items(self) -> Vec<serde_json::Value> { self.branches }
/// }
///
/// let style = PageStyle::PageIndex { index_param: "pageIdx", size_param: "pageSize", first_index: 1 };
/// let all: Vec<_> = Paginator::<Branches>::new(client, ApiRequest::get("/locations/v1/branch"), style)
///     .page_size(50)
///     .items()
///     .try_collect()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a paginator does nothing until its stream is polled"]
pub struct Paginator<P> {
    client: Client,
    request: ApiRequest,
    style: PageStyle,
    page_size: Option<u32>,
    max_page_size: Option<u32>,
    max_pages: Option<u64>,
    start: PageCursor,
    checks: Vec<ResponseCheck>,
    _page: std::marker::PhantomData<fn() -> P>,
}

impl<P> std::fmt::Debug for Paginator<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("request", &self.request)
            .field("style", &self.style)
            .field("page_size", &self.page_size)
            .field("max_page_size", &self.max_page_size)
            .field("max_pages", &self.max_pages)
            .field("start", &self.start)
            .field("checks", &self.checks.len())
            .finish()
    }
}

struct Walk<P> {
    pager: Paginator<P>,
    cursor: PageCursor,
    fetched: u64,
}

impl<P: Page> Paginator<P> {
    /// Pages through `request` in `style`, with no check on the answers (see
    /// [`check`](Self::check); [`Client::paginate`] installs the operation's).
    pub fn new(client: Client, request: ApiRequest, style: PageStyle) -> Self {
        Self {
            client,
            request,
            style,
            page_size: None,
            max_page_size: None,
            max_pages: None,
            start: PageCursor::Start,
            checks: Vec::new(),
            _page: std::marker::PhantomData,
        }
    }

    /// Asks for `size` items per page (where the style has a size parameter), at most the
    /// [`max_page_size`](Self::max_page_size).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size.max(1));
        self
    }

    /// Never asks for more than `rows` items per page, whatever
    /// [`page_size`](Self::page_size) says, for lists that refuse or cut larger pages (a
    /// page cut short by the bank would look like the last one).
    pub fn max_page_size(mut self, rows: u32) -> Self {
        self.max_page_size = Some(rows.max(1));
        self
    }

    /// The page size that will be asked for: [`page_size`](Self::page_size) capped by
    /// [`max_page_size`](Self::max_page_size). `None` when no size was set, so the request's
    /// own size parameter, or the bank's default, decides.
    pub fn current_page_size(&self) -> Option<u32> {
        self.page_size
            .map(|size| self.max_page_size.map_or(size, |max| size.min(max)))
    }

    /// Runs `check` on the answer of every page, before the page is decoded; an `Err` ends the
    /// stream with that error. Checks add up: those set before, such as the operation's own
    /// that [`Client::paginate`] installs, still run, first.
    pub fn check(mut self, check: ResponseCheck) -> Self {
        self.checks.push(check);
        self
    }

    /// Stops after `pages` pages.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Starts from `cursor`, the `next` of a page fetched earlier.
    pub fn resume(mut self, cursor: PageCursor) -> Self {
        self.start = cursor;
        self
    }

    /// The pages, each with the cursor to resume after it.
    pub fn pages_with_cursor(self) -> BoxStream<'static, Result<FetchedPage<P>>> {
        let walk = Walk {
            cursor: self.start.clone(),
            pager: self,
            fetched: 0,
        };
        stream::try_unfold(walk, |mut walk| async move {
            if walk.cursor == PageCursor::Done
                || walk.pager.max_pages.is_some_and(|cap| walk.fetched >= cap)
            {
                return Ok(None);
            }
            let request = walk.pager.request_at(&walk.cursor)?;
            let response = walk.pager.client.execute(request).await?;
            for check in &walk.pager.checks {
                check(&response)?;
            }
            let page: P = response.json()?;
            walk.fetched += 1;
            let next = walk.pager.next_cursor(&walk.cursor, &page);
            walk.cursor = next.clone();
            Ok(Some((FetchedPage { page, next }, walk)))
        })
        .boxed()
    }

    /// The pages, fetched lazily.
    pub fn pages(self) -> BoxStream<'static, Result<P>> {
        self.pages_with_cursor()
            .map_ok(|fetched| fetched.page)
            .boxed()
    }

    /// The items of every page, fetched lazily.
    pub fn items(self) -> BoxStream<'static, Result<P::Item>> {
        self.pages()
            .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }

    fn request_at(&self, cursor: &PageCursor) -> Result<ApiRequest> {
        let mut request = self.request.clone();
        match (&self.style, cursor) {
            (
                PageStyle::Offset {
                    offset_param,
                    size_param,
                },
                _,
            ) => {
                let offset = match cursor {
                    PageCursor::Offset(n) => *n,
                    _ => 0,
                };
                request = request.set_query(offset_param, offset);
                if let Some(size) = self.current_page_size() {
                    request = request.set_query(size_param, size);
                }
            }
            (
                PageStyle::PageIndex {
                    index_param,
                    size_param,
                    first_index,
                },
                _,
            ) => {
                let index = match cursor {
                    PageCursor::Index(n) => *n,
                    _ => *first_index,
                };
                request = request.set_query(index_param, index);
                if let Some(size) = self.current_page_size() {
                    request = request.set_query(size_param, size);
                }
            }
            (PageStyle::NextLink, PageCursor::Link(link)) => {
                request = request.absolute_url(self.client.resolve_link(link)?);
            }
            (PageStyle::Cursor { cursor_param }, PageCursor::Token(token)) => {
                request = request.set_query(cursor_param, token);
            }
            (
                PageStyle::Unpaged | PageStyle::NextLink | PageStyle::Cursor { .. },
                PageCursor::Start,
            ) => {}
            (style, cursor) => {
                return Err(Error::invalid(format!(
                    "cannot resume a {style:?} list from {cursor:?}"
                )));
            }
        }
        Ok(request)
    }

    fn next_cursor(&self, at: &PageCursor, page: &P) -> PageCursor {
        let info = page.page_info();
        match &self.style {
            PageStyle::Unpaged => PageCursor::Done,
            PageStyle::Offset { .. } => {
                let offset = match at {
                    PageCursor::Offset(n) => *n,
                    _ => 0,
                };
                let count = page.item_count() as u64;
                let end = offset + count;
                let short = self
                    .current_page_size()
                    .is_some_and(|size| count < u64::from(size));
                let past_total = info.total_items.is_some_and(|total| end >= total);
                if count == 0 || short || past_total {
                    PageCursor::Done
                } else {
                    PageCursor::Offset(end)
                }
            }
            PageStyle::PageIndex { first_index, .. } => {
                let index = match at {
                    PageCursor::Index(n) => *n,
                    _ => *first_index,
                };
                let count = page.item_count() as u64;
                let pages_seen = index.saturating_sub(*first_index) + 1;
                let last = info.total_pages.is_some_and(|total| pages_seen >= total);
                let short = self
                    .current_page_size()
                    .is_some_and(|size| count < u64::from(size));
                if count == 0 || last || short {
                    PageCursor::Done
                } else {
                    PageCursor::Index(index + 1)
                }
            }
            PageStyle::NextLink => match info.next_link {
                Some(link) if !link.is_empty() => {
                    // Compare absolute forms: a relative and an absolute link
                    // to the same page are the same page.
                    let link = self
                        .client
                        .resolve_link(&link)
                        .map(String::from)
                        .unwrap_or(link);
                    if *at == PageCursor::Link(link.clone()) {
                        PageCursor::Done
                    } else {
                        PageCursor::Link(link)
                    }
                }
                _ => PageCursor::Done,
            },
            PageStyle::Cursor { .. } => match info.next_cursor {
                Some(token) if !token.is_empty() && *at != PageCursor::Token(token.clone()) => {
                    PageCursor::Token(token)
                }
                _ => PageCursor::Done,
            },
        }
    }
}
