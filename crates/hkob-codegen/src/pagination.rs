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
    /// Dotted path of the item array in the response body.
    pub items: String,
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
    /// Checks that the style has the parameters it needs.
    pub fn validate(&self) -> Result<(), String> {
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
