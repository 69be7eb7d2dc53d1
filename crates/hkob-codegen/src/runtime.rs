//! The runtime path of generated code: everything generated code needs (serde and serde_json
//! included) is reached through the runtime crate, so a crate that uses a generated client needs
//! no other dependency. The renderers write `hkob_core::`, `serde::` and `serde_json::`; this
//! pass routes serde through the runtime's re-exports and, when the runtime is reached by another
//! path (`hkob::core` through the facade), renames it.

/// The runtime path renderers write.
pub const DEFAULT: &str = "hkob_core";

/// Whether `path` is a plain Rust path (`hkob_core`, `hkob::core`, `crate::runtime`).
pub fn is_valid(path: &str) -> bool {
    !path.is_empty()
        && path.split("::").all(|segment| {
            let mut chars = segment.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// Rewrites rendered source for the runtime at `runtime` (see the module documentation).
/// Comment lines are left as they are.
pub fn rewrite(source: &str, runtime: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 8);
    for line in source.split_inclusive('\n') {
        if line.trim_start().starts_with("//") {
            out.push_str(line);
            continue;
        }
        let line = replace_path(line, "serde_json", "hkob_core::__private::serde_json");
        let line = replace_path(&line, "serde", "hkob_core::__private::serde");
        let line = replace_path(&line, "hkob_core", runtime);
        out.push_str(&line);
        if is_serde_derive(&line) {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push_str(&format!(
                "{indent}#[serde(crate = \"{runtime}::__private::serde\")]\n"
            ));
        }
    }
    out
}

fn is_serde_derive(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("#[derive(") && (t.contains("::Serialize") || t.contains("::Deserialize"))
}

/// Replaces `from::` where it starts a path (not after an identifier character or `::`) with
/// `to::`.
fn replace_path(line: &str, from: &str, to: &str) -> String {
    let needle = format!("{from}::");
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find(&needle) {
        let before = &rest[..i];
        let starts_path = !before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':');
        out.push_str(before);
        if starts_path {
            out.push_str(to);
            out.push_str("::");
        } else {
            out.push_str(&needle);
        }
        rest = &rest[i + needle.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_goes_through_the_runtime_and_the_runtime_is_renamed() {
        let src = "/// serde::Serialize in a doc stays\n#[derive(Debug, serde::Serialize, serde::Deserialize)]\npub struct A {\n    #[serde(with = \"hkob_core::money::decimal\")]\n    pub v: serde_json::Value,\n    pub d: hkob_core::Decimal,\n}\n";
        let out = rewrite(src, "hkob::core");
        assert_eq!(
            out,
            "/// serde::Serialize in a doc stays\n#[derive(Debug, hkob::core::__private::serde::Serialize, hkob::core::__private::serde::Deserialize)]\n#[serde(crate = \"hkob::core::__private::serde\")]\npub struct A {\n    #[serde(with = \"hkob::core::money::decimal\")]\n    pub v: hkob::core::__private::serde_json::Value,\n    pub d: hkob::core::Decimal,\n}\n"
        );
        assert_eq!(
            rewrite("x: my_serde::T, y: a::serde::T", DEFAULT),
            "x: my_serde::T, y: a::serde::T"
        );
    }

    #[test]
    fn runtime_paths_are_checked() {
        assert!(is_valid("hkob_core") && is_valid("hkob::core") && is_valid("crate::rt"));
        assert!(!is_valid("") && !is_valid("hkob::") && !is_valid("1x") && !is_valid("a b"));
    }
}
