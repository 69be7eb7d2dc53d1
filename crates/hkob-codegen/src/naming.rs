//! Rust names for spec names: case conversion, keywords and collisions.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Keeps only characters valid in an identifier, turning the rest into word breaks.
fn clean(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else if c == '+' {
            // "+" carries meaning in values such as "AA+"; keep it readable.
            out.push_str(" Plus ");
            previous_lower = false;
        } else {
            if previous_lower || !out.ends_with(' ') {
                out.push(' ');
            }
            previous_lower = false;
        }
    }
    out
}

/// `UpperCamelCase` name for a type or variant; never empty, never starts with a digit.
pub fn type_name(name: &str) -> String {
    let mut n = clean(name).to_upper_camel_case();
    if n.is_empty() {
        n = "Value".to_owned();
    }
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        n.insert(0, 'V');
    }
    if n == "Self" {
        n.push('_');
    }
    n
}

/// `snake_case` name for a field or parameter, as a valid identifier (raw when a keyword).
pub fn field_name(name: &str) -> String {
    let mut n = clean(name).to_snake_case();
    if n.is_empty() {
        n = "value".to_owned();
    }
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        n.insert_str(0, "n_");
    }
    escape_keyword(n)
}

/// Whether `n` is a Rust keyword (strict or reserved).
pub fn is_keyword(n: &str) -> bool {
    KEYWORDS.contains(&n)
}

/// Makes a keyword usable as an identifier: `r#type`, or `self_` where raw is not allowed.
pub fn escape_keyword(n: String) -> String {
    if NOT_RAW.contains(&n.as_str()) {
        format!("{n}_")
    } else if KEYWORDS.contains(&n.as_str()) {
        format!("r#{n}")
    } else {
        n
    }
}

/// The identifier without a raw prefix, as serde sees it.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Method names of std traits that a request type's setter must not take: `.from(day)` on a
/// builder reads like `From::from`. A parameter with such a name gets a suffix that says what it
/// holds ([`trait_safe`]).
pub const TRAIT_METHODS: &[&str] = &[
    "from",
    "try_from",
    "into",
    "try_into",
    "default",
    "clone",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "hash",
    "fmt",
    "borrow",
    "as_ref",
    "to_owned",
    "to_string",
    "deref",
    "drop",
];

/// `name`, or `name_<suffix>` when it is one of [`TRAIT_METHODS`] (`from` -> `from_date`).
pub fn trait_safe(name: String, suffix: &str) -> String {
    if TRAIT_METHODS.contains(&bare(&name)) {
        format!("{}_{suffix}", bare(&name))
    } else {
        name
    }
}

/// Names of prelude and std items the generated code uses unqualified; no generated type may
/// shadow them.
pub const PRELUDE_TYPES: &[&str] = &[
    "Box", "Default", "Err", "None", "Ok", "Option", "Result", "Self", "Some", "String", "Vec",
];

/// Hands out names that are unique within one scope, suffixing `2`, `3` ... on collision.
#[derive(Debug, Default, Clone)]
pub struct NameScope {
    taken: BTreeSet<String>,
}

impl NameScope {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope where `names` are already taken.
    pub fn with_reserved(names: &[&str]) -> Self {
        Self {
            taken: names.iter().map(|n| (*n).to_owned()).collect(),
        }
    }

    /// Takes `wanted`, or the first free `wanted2`, `wanted3` ...
    pub fn claim(&mut self, wanted: &str) -> String {
        let key = bare(wanted).to_owned();
        if self.taken.insert(key.clone()) {
            return wanted.to_owned();
        }
        let separator = if key.contains('_') || key.chars().all(|c| c.is_ascii_lowercase()) {
            "_"
        } else {
            ""
        };
        for i in 2.. {
            let candidate = format!("{key}{separator}{i}");
            if self.taken.insert(candidate.clone()) {
                return escape_keyword(candidate);
            }
        }
        unreachable!("an unbounded range always yields a free name")
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_case_and_escapes_keywords() {
        assert_eq!(type_name("savingsProduct"), "SavingsProduct");
        assert_eq!(type_name("3MONTHS"), "V3months");
        assert_eq!(type_name("AA+"), "AaPlus");
        assert_eq!(type_name(""), "Value");
        assert_eq!(field_name("pageIdx"), "page_idx");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("x-fapi-interaction-id"), "x_fapi_interaction_id");
        assert_eq!(field_name("1st"), "n_1st");
        assert_eq!(field_name("withATMCard"), "with_atm_card");
    }

    #[test]
    fn trait_method_names_get_a_suffix() {
        assert_eq!(trait_safe("from".into(), "date"), "from_date");
        assert_eq!(trait_safe("into".into(), "value"), "into_value");
        assert_eq!(trait_safe("to".into(), "date"), "to");
        assert_eq!(trait_safe("from_date".into(), "date"), "from_date");
    }

    #[test]
    fn scopes_suffix_collisions() {
        let mut s = NameScope::new();
        assert_eq!(s.claim("account_id"), "account_id");
        assert_eq!(s.claim("account_id"), "account_id_2");
        assert_eq!(s.claim("Pet"), "Pet");
        assert_eq!(s.claim("Pet"), "Pet2");
        assert_eq!(s.claim("r#type"), "r#type");
        assert_eq!(s.claim("r#type"), "type_2");
    }
}
