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
mod repeat;
mod start;

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{DecodeError, Error, Result};
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
    /// Set by [`Paginator::page_size`]; `None`: the request's own size parameter.
    page_size: Option<u32>,
    max_page_size: Option<u32>,
    max_pages: Option<u64>,
    /// Set by [`Paginator::resume`]; `None`: where the request itself starts.
    start: Option<PageCursor>,
    checks: Vec<ResponseCheck>,
    prefetch: bool,
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

/// How many pages a walk fetches when [`Paginator::max_pages`] is not set. A list that has not
/// ended by then is taken for one that never ends (a bank that keeps linking a next page): the
/// walk ends with an [`Error::Decode`] saying so, rather than stopping as if the list were
/// complete. Set [`max_pages`](Paginator::max_pages) to walk further, or to stop earlier without
/// an error.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

struct Walk<P> {
    pager: Paginator<P>,
    /// Where the next page starts.
    cursor: PageCursor,
    /// Where the page before it started.
    previous: PageCursor,
    /// The page size asked for, if any.
    size: Option<u32>,
    fetched: u64,
    /// What the stream yields first, when the walk cannot start.
    refused: Option<Error>,
    /// The digest of the last page's answer, to notice a page that repeats it.
    last_digest: Option<u64>,
    /// The status and interaction id of the last answer, for an error about the walk.
    last_answer: Option<(http::StatusCode, String)>,
    /// The next page, already asked for (see [`Paginator::prefetch`]).
    ahead: Option<Ahead>,
}

/// A page asked for ahead of the caller; dropping it cancels the request.
struct Ahead {
    cursor: PageCursor,
    task: tokio::task::JoinHandle<Result<ApiResponse>>,
}

impl Ahead {
    async fn answer(&mut self) -> Result<ApiResponse> {
        (&mut self.task).await.map_err(|e| {
            Error::Transport(crate::error::TransportError::new(
                crate::error::TransportErrorKind::Other,
                format!("the request for the next page did not finish: {e}"),
            ))
        })?
    }
}

impl Drop for Ahead {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl<P: Page> Paginator<P> {
    /// Pages through `request` in `style`, with no check on the answers (see
    /// [`check`](Self::check); [`Client::paginate`] installs the operation's).
    ///
    /// The walk starts where `request` does: at its own offset (offset style), page number
    /// (page-index style) or cursor (cursor style), else at the first page; and it asks for the
    /// request's own page size unless [`page_size`](Self::page_size) says otherwise. A start or a
    /// size that is not a number the style can use ends the stream with
    /// [`Error::InvalidRequest`] before anything is sent.
    pub fn new(client: Client, request: ApiRequest, style: PageStyle) -> Self {
        Self {
            client,
            request,
            style,
            page_size: None,
            max_page_size: None,
            max_pages: None,
            start: None,
            checks: Vec::new(),
            prefetch: false,
            _page: std::marker::PhantomData,
        }
    }

    /// Asks for `size` items per page (where the style has a size parameter), at most the
    /// [`max_page_size`](Self::max_page_size), instead of the request's own size.
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

    /// The page size that will be asked for: [`page_size`](Self::page_size), else the request's
    /// own size parameter, capped by [`max_page_size`](Self::max_page_size). `None` when neither
    /// sets one (the bank's default decides), or when the request's size is not a number.
    pub fn current_page_size(&self) -> Option<u32> {
        self.resolved_page_size().ok().flatten()
    }

    /// Where the walk starts: the cursor given to [`resume`](Self::resume), else the request's
    /// own offset, page number or cursor, else [`PageCursor::Start`]. An `Err` is what the stream
    /// yields instead of a first page: a start the style cannot use (an offset that is not a
    /// whole number, a page number before the first page, a cursor of another style).
    pub fn start_cursor(&self) -> Result<PageCursor> {
        let cursor = match &self.start {
            Some(cursor) => cursor.clone(),
            None => start::request_start(&self.request, &self.style)?,
        };
        start::check_cursor(&self.style, &cursor)?;
        Ok(cursor)
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

    /// Asks for the next page while the caller works through this one, in a task of its own
    /// (on the current tokio runtime; without one, pages are fetched one after the other), so
    /// that waiting for the bank and reading its answer overlap. Dropping the stream cancels the
    /// request in flight. Off by default: a page asked for ahead counts against the bank's
    /// quota even when the caller stops before reading it.
    pub fn prefetch(mut self, on: bool) -> Self {
        self.prefetch = on;
        self
    }

    /// Starts from `cursor`, the `next` of a page fetched earlier, instead of where the request
    /// starts.
    pub fn resume(mut self, cursor: PageCursor) -> Self {
        self.start = Some(cursor);
        self
    }

    /// The pages, each with the cursor to resume after it.
    pub fn pages_with_cursor(self) -> BoxStream<'static, Result<FetchedPage<P>>> {
        let setup = self
            .start_cursor()
            .and_then(|start| Ok((start, self.resolved_page_size()?)));
        let (cursor, size, refused) = match setup {
            Ok((cursor, size)) => (cursor, size, None),
            Err(e) => (PageCursor::Done, None, Some(e)),
        };
        let walk = Walk {
            pager: self,
            cursor,
            previous: PageCursor::Start,
            size,
            fetched: 0,
            refused,
            last_digest: None,
            last_answer: None,
            ahead: None,
        };
        stream::try_unfold(walk, |mut walk| async move {
            if let Some(error) = walk.refused.take() {
                return Err(error);
            }
            if walk.cursor == PageCursor::Done {
                return Ok(None);
            }
            match walk.pager.max_pages {
                Some(cap) if walk.fetched >= cap => return Ok(None),
                None if walk.fetched >= DEFAULT_MAX_PAGES => return Err(walk.endless()),
                _ => {}
            }
            let response = match walk.ahead.take() {
                Some(mut ahead) if ahead.cursor == walk.cursor => ahead.answer().await?,
                _ => {
                    let request = walk.pager.request_at(&walk.cursor, walk.size)?;
                    walk.pager.client.execute(request).await?
                }
            };
            for check in &walk.pager.checks {
                check(&response)?;
            }
            let page: P = response.json()?;
            walk.fetched = walk.fetched.saturating_add(1);
            walk.last_answer = Some((response.status(), response.interaction_id().to_owned()));
            let next = walk.pager.next_cursor(&walk.cursor, walk.size, &page);
            if page.item_count() > 0 && walk.pager.style != PageStyle::Unpaged {
                let digest = repeat::digest(response.body(), walk.paging_strings(&next).as_deref());
                if walk.last_digest == Some(digest) {
                    return Err(walk.repeated(&response));
                }
                walk.last_digest = Some(digest);
            }
            walk.previous = std::mem::replace(&mut walk.cursor, next.clone());
            walk.ask_ahead();
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

    /// The page size to ask for: explicit, else the request's own; capped.
    fn resolved_page_size(&self) -> Result<Option<u32>> {
        let size = match self.page_size {
            Some(size) => Some(size),
            None => start::request_page_size(&self.request, &self.style)?,
        };
        Ok(size.map(|size| self.max_page_size.map_or(size, |max| size.min(max))))
    }

    fn request_at(&self, cursor: &PageCursor, size: Option<u32>) -> Result<ApiRequest> {
        let mut request = self.request.clone();
        match (&self.style, cursor) {
            (
                PageStyle::Offset {
                    offset_param,
                    size_param,
                },
                PageCursor::Start | PageCursor::Offset(_),
            ) => {
                let offset = match cursor {
                    PageCursor::Offset(n) => *n,
                    _ => 0,
                };
                request = request.set_query(offset_param, offset);
                if let Some(size) = size {
                    request = request.set_query(size_param, size);
                }
            }
            (
                PageStyle::PageIndex {
                    index_param,
                    size_param,
                    first_index,
                },
                PageCursor::Start | PageCursor::Index(_),
            ) => {
                let index = match cursor {
                    PageCursor::Index(n) => *n,
                    _ => *first_index,
                };
                request = request.set_query(index_param, index);
                if let Some(size) = size {
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

    fn next_cursor(&self, at: &PageCursor, size: Option<u32>, page: &P) -> PageCursor {
        let info = page.page_info();
        let short = |count: u64| size.is_some_and(|size| count < u64::from(size));
        match &self.style {
            PageStyle::Unpaged => PageCursor::Done,
            PageStyle::Offset { .. } => {
                let offset = match at {
                    PageCursor::Offset(n) => *n,
                    _ => 0,
                };
                let count = u64::try_from(page.item_count()).unwrap_or(u64::MAX);
                // Past u64::MAX there is no offset to ask for: the page there is the last.
                let Some(end) = offset.checked_add(count) else {
                    return PageCursor::Done;
                };
                let past_total = info.total_items.is_some_and(|total| end >= total);
                if count == 0 || short(count) || past_total {
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
                let count = u64::try_from(page.item_count()).unwrap_or(u64::MAX);
                let pages_seen = index.saturating_sub(*first_index).saturating_add(1);
                let last = info.total_pages.is_some_and(|total| pages_seen >= total);
                // Past u64::MAX there is no page number to ask for: the page there is the last.
                match index.checked_add(1) {
                    Some(next) if count > 0 && !last && !short(count) => PageCursor::Index(next),
                    _ => PageCursor::Done,
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

/// Whether a string of an answer names the page rather than the list (see
/// [`Walk::paging_strings`]).
type IsPagingString = Box<dyn Fn(&str) -> bool>;

impl<P: Page> Walk<P> {
    /// Asks for the page at the cursor now, when prefetching and another page will be read.
    fn ask_ahead(&mut self) {
        let cap = self.pager.max_pages.unwrap_or(DEFAULT_MAX_PAGES);
        if !self.pager.prefetch || self.cursor == PageCursor::Done || self.fetched >= cap {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        // A request that cannot be made is left for the walk to report in its turn.
        let Ok(request) = self.pager.request_at(&self.cursor, self.size) else {
            return;
        };
        let client = self.pager.client.clone();
        self.ahead = Some(Ahead {
            cursor: self.cursor.clone(),
            task: runtime.spawn(async move { client.execute(request).await }),
        });
    }
}

impl<P> Walk<P> {
    /// The strings of an answer that name the page rather than the list, which two answers with
    /// the same items may differ in: links to the list (next-link style) or cursors (cursor
    /// style). `None` for the styles whose answers are compared as they are.
    fn paging_strings(&self, next: &PageCursor) -> Option<IsPagingString> {
        let cursors = [&self.previous, &self.cursor, next];
        match &self.pager.style {
            PageStyle::NextLink => {
                let client = self.pager.client.clone();
                let mut lists: Vec<(url::Origin, String)> = cursors
                    .iter()
                    .filter_map(|cursor| match cursor {
                        PageCursor::Link(link) => client.resolve_link(link).ok(),
                        _ => None,
                    })
                    .map(|url| (url.origin(), url.path().to_owned()))
                    .collect();
                // The first page is asked for at base URL + path.
                let base = client.base_url().as_str().trim_end_matches('/').to_owned();
                if let Ok(first) = url::Url::parse(&format!("{base}{}", self.pager.request.path()))
                {
                    lists.push((first.origin(), first.path().to_owned()));
                }
                Some(Box::new(move |s: &str| {
                    (s.contains('/') || s.starts_with('?'))
                        && client.resolve_link(s).is_ok_and(|url| {
                            lists
                                .iter()
                                .any(|(origin, path)| url.origin() == *origin && url.path() == path)
                        })
                }))
            }
            PageStyle::Cursor { .. } => {
                let tokens: Vec<String> = cursors
                    .iter()
                    .filter_map(|cursor| match cursor {
                        PageCursor::Token(token) => Some(token.clone()),
                        _ => None,
                    })
                    .collect();
                Some(Box::new(move |s: &str| tokens.iter().any(|t| t == s)))
            }
            PageStyle::Unpaged | PageStyle::Offset { .. } | PageStyle::PageIndex { .. } => None,
        }
    }

    /// The error of a page whose answer repeats the page before it.
    fn repeated(&self, response: &ApiResponse) -> Error {
        let message = format!(
            "page {} lists the same items as page {} (asked for at {}): the bank ignores the \
             paging parameters, or its next link or cursor changes without moving the list on; \
             the walk stops here instead of repeating the page forever",
            self.fetched,
            self.fetched.saturating_sub(1),
            describe(&self.cursor),
        );
        DecodeError::new(".", message, response.body())
            .with_context(
                response.status(),
                Some(response.interaction_id().to_owned()),
            )
            .into()
    }

    /// The error of a walk that reached [`DEFAULT_MAX_PAGES`] without an end.
    fn endless(&self) -> Error {
        let message = format!(
            "the list has not ended after {DEFAULT_MAX_PAGES} pages, the default cap of a walk \
             (next at {}); set `max_pages` to walk further, or to stop earlier without an error",
            describe(&self.cursor),
        );
        let error = DecodeError::new(".", message, b"");
        match &self.last_answer {
            Some((status, id)) => error.with_context(*status, Some(id.clone())),
            None => error,
        }
        .into()
    }
}

/// Where a page starts, in words.
fn describe(cursor: &PageCursor) -> String {
    match cursor {
        PageCursor::Start => "the first page".to_owned(),
        PageCursor::Offset(n) => format!("offset {n}"),
        PageCursor::Index(n) => format!("page number {n}"),
        PageCursor::Link(link) => format!("link `{link}`"),
        PageCursor::Token(token) => format!("cursor `{token}`"),
        PageCursor::Done => "the end".to_owned(),
    }
}
