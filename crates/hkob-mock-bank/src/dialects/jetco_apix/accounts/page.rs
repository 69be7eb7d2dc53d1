//! The JETCO paging envelope of Phase III: `pageSize` / `pageIdx` in the
//! query, and every answer, list or single item, with `totalElements`,
//! `totalPages`, `pageSize`, `pageIdx` at the top, the items in one array
//! inside `data`, and, on lists, `first`, `last` and absolute `links`.

use serde_json::{Map, Value, json};

use crate::dialects::accounts::paging::{Page, positive};
use crate::dialects::accounts::{Caller, Problem, Served};

/// The page a list request asks for: `pageSize` (the bank's default when
/// absent, cut to its maximum) and `pageIdx` (from 1) over `total` items.
pub(super) fn requested(served: &Served, caller: &Caller, total: u64) -> Result<Page, Problem> {
    let size = positive("pageSize", caller.query_param("pageSize").as_deref())?
        .unwrap_or(served.default_page_size)
        .min(served.max_page_size);
    let idx = positive("pageIdx", caller.query_param("pageIdx").as_deref())?.unwrap_or(1);
    Ok(Page::new(u64::from(idx), u64::from(size), total))
}

/// One page of a list, with links that keep the request's other query
/// parameters (the date range).
pub(super) fn list_body(
    served: &Served,
    caller: &Caller,
    page: &Page,
    key: &str,
    items: Vec<Value>,
) -> Value {
    let total_pages = page.total_pages();
    let base = format!("{}{}", served.origin(), caller.path);
    let kept: Vec<(String, String)> = caller
        .query_pairs()
        .into_iter()
        .filter(|(k, _)| k != "pageSize" && k != "pageIdx")
        .collect();
    let link = |idx: u64| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &kept {
            query.append_pair(k, v);
        }
        query.append_pair("pageSize", &page.size.to_string());
        query.append_pair("pageIdx", &idx.to_string());
        format!("{base}?{}", query.finish())
    };
    let mut links = Map::new();
    links.insert("first".into(), json!(link(1)));
    links.insert("last".into(), json!(link(total_pages.max(1))));
    if page.has_next() {
        links.insert("next".into(), json!(link(page.idx.saturating_add(1))));
    }
    if page.idx > 1 {
        links.insert(
            "prev".into(),
            json!(link(page.idx.saturating_sub(1).min(total_pages.max(1)))),
        );
    }
    json!({
        "first": page.idx == 1,
        "last": page.is_last(),
        "totalPages": total_pages,
        "totalElements": page.total,
        "pageSize": page.size,
        "pageIdx": page.idx,
        "links": links,
        "data": { key: items },
    })
}

/// A single item in the list envelope.
pub(super) fn single_body(key: &str, item: Value) -> Value {
    json!({
        "totalPages": 1,
        "totalElements": 1,
        "pageSize": 1,
        "pageIdx": 1,
        "data": { key: [item] },
    })
}
