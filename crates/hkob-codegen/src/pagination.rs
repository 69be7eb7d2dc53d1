//! How a list operation pages: from `x-hkob-pagination` or an override.

use serde::Deserialize;

/// The paging description of one list operation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Pagination {
    /// `page-index`, `offset`, `next-link`, `cursor` or `unpaged`.
    pub style: PageStyleName,
    /// Page number parameter (`page-index`).
    #[serde(default)]
    pub index_param: Option<String>,
    /// Offset parameter (`offset`).
    #[serde(default)]
    pub offset_param: Option<String>,
    /// Cursor parameter (`cursor`).
    #[serde(default)]
    pub cursor_param: Option<String>,
    /// Page size parameter (`page-index`, `offset`).
    #[serde(default)]
    pub size_param: Option<String>,
    /// Number of the first page (`page-index`); 1 when absent.
    #[serde(default)]
    pub first_index: Option<u64>,
    /// Dotted path of the item array in the response body. A step written `name[]` means
    /// "every element of this array" (`data[].Brand[].ATM` joins the `ATM` arrays of every brand).
    #[serde(default)]
    pub items: Option<String>,
    /// Item paths chosen by a request parameter's value (one per value); the page's items are
    /// those of whichever path is present.
    #[serde(default)]
    pub items_by_param: Option<ItemsByParam>,
    /// Dotted path of the total page count.
    #[serde(default)]
    pub total_pages: Option<String>,
    /// Dotted path of the total item count.
    #[serde(default)]
    pub total_items: Option<String>,
    /// Dotted path of the next page's URL (`next-link`).
    #[serde(default)]
    pub next_link: Option<String>,
    /// Dotted path of the next cursor (`cursor`).
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// Item paths keyed by the value of a request parameter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ItemsByParam {
    /// The parameter whose value chooses the path.
    pub param: String,
    /// Parameter value -> dotted items path.
    pub items: std::collections::BTreeMap<String, String>,
}

/// The paging styles hkob-core knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageStyleName {
    /// `pageIdx` / `pageSize` style.
    PageIndex,
    /// `offset` / `pagesize` style.
    Offset,
    /// Follow a next-page URL.
    NextLink,
    /// Send back an opaque cursor.
    Cursor,
    /// One request returns the whole list.
    Unpaged,
}

impl Pagination {
    /// Every items path, deduplicated and sorted.
    pub fn item_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = match (&self.items, &self.items_by_param) {
            (Some(p), _) => vec![p.clone()],
            (None, Some(by)) => by.items.values().cloned().collect(),
            (None, None) => Vec::new(),
        };
        paths.sort();
        paths.dedup();
        paths
    }

    /// Checks that the style has the parameters it needs.
    pub fn validate(&self) -> Result<(), String> {
        match (&self.items, &self.items_by_param) {
            (Some(_), None) => {}
            (None, Some(by)) if !by.items.is_empty() => {}
            _ => return Err("give exactly one of `items` and `items-by-param`".into()),
        }
        let need = |field: &Option<String>, name: &str| {
            if field.is_none() {
                Err(format!("style {:?} needs `{name}`", self.style))
            } else {
                Ok(())
            }
        };
        match self.style {
            PageStyleName::PageIndex => {
                need(&self.index_param, "index-param")?;
                need(&self.size_param, "size-param")
            }
            PageStyleName::Offset => {
                need(&self.offset_param, "offset-param")?;
                need(&self.size_param, "size-param")
            }
            PageStyleName::NextLink => need(&self.next_link, "next-link"),
            PageStyleName::Cursor => {
                need(&self.cursor_param, "cursor-param")?;
                need(&self.next_cursor, "next-cursor")
            }
            PageStyleName::Unpaged => Ok(()),
        }
    }
}
