//! Form and query parameters, where a repeated parameter is an error
//! (RFC 6749 §3.1, §3.2).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Parameters of one request, each at most once.
#[derive(Debug, Default)]
pub(super) struct Params {
    map: HashMap<String, String>,
    repeated: Vec<(String, String)>,
}

impl Params {
    /// Parses `application/x-www-form-urlencoded` bytes. A name seen twice is
    /// kept aside: [`Params::duplicate`] names the first such parameter.
    pub(super) fn parse(bytes: &[u8]) -> Self {
        let mut params = Self::default();
        for (k, v) in url::form_urlencoded::parse(bytes) {
            let (k, v) = (k.into_owned(), v.into_owned());
            match params.map.entry(k) {
                Entry::Occupied(e) => params.repeated.push((e.key().clone(), v)),
                Entry::Vacant(e) => {
                    e.insert(v);
                }
            }
        }
        params
    }

    /// A parameter, if present and not empty.
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.map
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The first parameter that appeared more than once, other than those in
    /// `repeatable`.
    pub(super) fn duplicate(&self, repeatable: &[&str]) -> Option<&str> {
        self.repeated
            .iter()
            .map(|(k, _)| k.as_str())
            .find(|k| !repeatable.contains(k))
    }

    /// Sets a parameter that is absent.
    pub(super) fn set_default(&mut self, name: &str, value: &str) {
        self.map
            .entry(name.to_owned())
            .or_insert_with(|| value.to_owned());
    }

    /// Every value of a parameter that may repeat.
    pub(super) fn all(&self, name: &str) -> Vec<String> {
        self.map
            .get(name)
            .into_iter()
            .chain(
                self.repeated
                    .iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| v),
            )
            .cloned()
            .collect()
    }
}

/// Splits a space-separated scope string into its scopes, dropping repeats.
pub(super) fn scopes(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for scope in s.split(' ').filter(|s| !s.is_empty()) {
        if !out.iter().any(|o| o == scope) {
            out.push(scope.to_owned());
        }
    }
    out
}

/// Decodes one `application/x-www-form-urlencoded` value (RFC 6749 §2.3.1
/// asks for this encoding of the client id and secret in Basic auth).
pub(super) fn form_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("v={}", s.replace('&', "%26")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}
