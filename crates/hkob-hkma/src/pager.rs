//! Offset paging that checks the header of every page.

use std::marker::PhantomData;

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use hkob_core::{ApiRequest, Client, Result};
use serde::de::DeserializeOwned;

use crate::envelope::{RecordPage, decode_page};

/// The page size used when neither the request nor the pager sets one (the
/// portal's own default).
const DEFAULT_PAGE_SIZE: u32 = 100;

/// Walks a dataset page by page, lazily.
///
/// Each page is asked for at `offset` = the records received so far, with a
/// fixed `pagesize`; the walk stops at an empty page or a page shorter than
/// the size asked for. The page size never exceeds the dataset's ceiling, so
/// the portal cannot have cut a page short. Only one page is held at a time.
///
/// Every page's header is checked: a refusal on any page (even with HTTP 200)
/// ends the stream with an [`Error::Api`](hkob_core::Error::Api).
#[must_use = "a pager does nothing until its stream is polled"]
pub struct Pager<T> {
    client: Client,
    request: ApiRequest,
    start: u64,
    page_size: u32,
    max_page_size: u32,
    max_pages: Option<u64>,
    _record: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Pager<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pager")
            .field("request", &self.request)
            .field("start", &self.start)
            .field("page_size", &self.page_size)
            .field("max_pages", &self.max_pages)
            .finish()
    }
}

struct Walk {
    offset: u64,
    fetched: u64,
    done: bool,
}

impl<T: DeserializeOwned + Send + 'static> Pager<T> {
    /// A pager over `request`. The request's own `offset` and `pagesize`,
    /// where set, give the first offset and the page size.
    pub(crate) fn new(client: Client, request: ApiRequest, max_page_size: u32) -> Self {
        let number = |name: &str| {
            request
                .query_pairs()
                .filter(|(n, _)| *n == name)
                .filter_map(|(_, v)| v.parse::<u64>().ok())
                .last()
        };
        let start = number("offset").unwrap_or(0);
        let max_page_size = max_page_size.max(1);
        let page_size = number("pagesize")
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .clamp(1, max_page_size);
        Self {
            client,
            request,
            start,
            page_size,
            max_page_size,
            max_pages: None,
            _record: PhantomData,
        }
    }

    /// Asks for `rows` records per page, at most the dataset's ceiling.
    pub fn page_size(mut self, rows: u32) -> Self {
        self.page_size = rows.clamp(1, self.max_page_size);
        self
    }

    /// Starts at record `offset` (0 is the first).
    pub fn start_offset(mut self, offset: u64) -> Self {
        self.start = offset;
        self
    }

    /// Stops after `pages` pages.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// The page size that will be asked for.
    pub fn current_page_size(&self) -> u32 {
        self.page_size
    }

    /// The pages, fetched lazily. An empty first page is yielded; an empty
    /// page after a full one only ends the stream.
    pub fn pages(self) -> BoxStream<'static, Result<RecordPage<T>>> {
        let walk = Walk {
            offset: self.start,
            fetched: 0,
            done: false,
        };
        stream::try_unfold((self, walk), |(pager, mut walk)| async move {
            if walk.done || pager.max_pages.is_some_and(|cap| walk.fetched >= cap) {
                return Ok(None);
            }
            let request = pager
                .request
                .clone()
                .set_query("offset", walk.offset)
                .set_query("pagesize", pager.page_size);
            let response = pager.client.execute(request).await?;
            let page: RecordPage<T> = decode_page(&response)?;
            let count = page.records.len() as u64;
            walk.fetched += 1;
            walk.offset += count;
            walk.done = count < u64::from(pager.page_size);
            if count == 0 && walk.fetched > 1 {
                return Ok(None);
            }
            Ok(Some((page, (pager, walk))))
        })
        .boxed()
    }

    /// The records of every page, fetched lazily.
    pub fn records(self) -> BoxStream<'static, Result<T>> {
        self.pages()
            .map_ok(|page| stream::iter(page.records.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::builder()
            .base_url("http://127.0.0.1:9/hkma/public")
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn reads_offset_and_page_size_from_the_request_and_keeps_under_the_ceiling() {
        let request = ApiRequest::get("/x")
            .query("offset", 30)
            .query("pagesize", 500);
        let pager = Pager::<serde_json::Value>::new(client(), request, 150);
        assert_eq!(pager.start, 30);
        assert_eq!(pager.current_page_size(), 150);
        assert_eq!(pager.page_size(0).current_page_size(), 1);

        let pager = Pager::<serde_json::Value>::new(client(), ApiRequest::get("/x"), 1000);
        assert_eq!((pager.start, pager.current_page_size()), (0, 100));
        let pager = pager.page_size(5000).start_offset(7);
        assert_eq!((pager.start, pager.current_page_size()), (7, 1000));
    }
}
