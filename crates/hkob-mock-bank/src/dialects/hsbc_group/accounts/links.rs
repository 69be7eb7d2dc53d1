//! Paging by `links.next`: the page a request asks for (`page` in the
//! query, from 1; the bank's default page size), and the absolute URLs of
//! this page and the pages next to it, keeping the request's other query
//! parameters.

use serde_json::{Map, Value, json};

use crate::dialects::accounts::paging::{Page, positive};
use crate::dialects::accounts::{Caller, Problem, Served};

/// The page a list request asks for, over `total` items.
pub(super) fn requested(served: &Served, caller: &Caller, total: u64) -> Result<Page, Problem> {
    let idx = positive("page", caller.query_param("page").as_deref())?.unwrap_or(1);
    Ok(Page::new(
        u64::from(idx),
        u64::from(served.default_page_size),
        total,
    ))
}

/// `links` of one page: `self`, and `prev` / `next` where those pages exist.
pub(super) fn page_links(served: &Served, caller: &Caller, page: &Page) -> Value {
    let kept: Vec<(String, String)> = caller
        .query_pairs()
        .into_iter()
        .filter(|(k, _)| k != "page")
        .collect();
    let url = |idx: u64| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &kept {
            query.append_pair(k, v);
        }
        if idx > 1 {
            query.append_pair("page", &idx.to_string());
        }
        let query = query.finish();
        let base = self_url(served, caller);
        if query.is_empty() {
            base
        } else {
            format!("{base}?{query}")
        }
    };
    let mut links = Map::new();
    links.insert("self".into(), json!(url(page.idx)));
    if page.idx > 1 {
        links.insert(
            "prev".into(),
            json!(url(page
                .idx
                .saturating_sub(1)
                .min(page.total_pages().max(1)))),
        );
    }
    if page.has_next() {
        links.insert("next".into(), json!(url(page.idx.saturating_add(1))));
    }
    Value::Object(links)
}

/// The absolute URL of the request's path, without a query.
pub(super) fn self_url(served: &Served, caller: &Caller) -> String {
    format!("{}{}", served.origin(), caller.path)
}
