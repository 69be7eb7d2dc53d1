//! Rust source from the model: the module file, `types`, `operations` and round-trip tests.

pub mod operations;
pub mod roundtrip;
pub mod types;

use std::fmt::Write as _;

use crate::docs::{doc_lines, inner_doc_lines, string_literal};
use crate::model::{ApiModel, TypeDef};

/// Source of the module file (`<api>.rs`) that declares `types` and `operations`.
pub fn module(model: &ApiModel, spec_label: &str, notes: &[String]) -> String {
    let mut out = String::new();
    let mut doc = format!(
        "{} (version {}): a client generated from `{spec_label}`.",
        model.title.trim(),
        model.version.trim()
    );
    if !model.description.trim().is_empty() {
        doc.push_str("\n\n");
        doc.push_str(model.description.trim());
    }
    out.push_str(&inner_doc_lines(&doc));
    // Written as is: these intra-doc links must not be escaped like spec text.
    out.push_str(
        "//!\n//! # Layout\n//!\n//! - [`types`]: request and response bodies.\n//! - [`operations`]: one request type per operation.\n",
    );
    if !model.security.is_empty() {
        out.push_str(
            "//! - [`security`]: where the credentials go, from the spec's security schemes.\n",
        );
    }
    if !notes.is_empty() {
        let mut list = String::from("# Not generated, or generated with a caveat\n");
        for n in notes {
            let _ = write!(list, "\n- {}", n.replace('\n', " "));
        }
        out.push_str("//!\n");
        out.push_str(&inner_doc_lines(&list));
    }
    // In a binary crate the module is private, and the operations it does not call would warn.
    let mut lints = vec!["dead_code"];
    if model.operations.iter().any(|o| {
        o.params.iter().filter(|p| p.required).count()
            + usize::from(o.body.as_ref().is_some_and(|b| b.required))
            > 7
    }) {
        lints.push("clippy::too_many_arguments");
    }
    if model.types.iter().any(|t| matches!(t, TypeDef::Union(_))) {
        lints.push("clippy::large_enum_variant");
    }
    if !lints.is_empty() {
        let _ = writeln!(out, "#![allow({})]", lints.join(", "));
    }
    out.push_str("\npub mod operations;\npub mod types;\n");
    if !model.security.is_empty() {
        out.push_str(
            "\n/// The spec's security schemes: header names and endpoints, for the code that builds the\n/// credentials (hkob-core applies them; operations take none).\npub mod security {\n",
        );
        for (i, c) in model.security.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&doc_lines(&c.doc, "    "));
            let _ = writeln!(
                out,
                "    pub const {}: &str = {};",
                c.name,
                string_literal(&c.value)
            );
        }
        out.push_str("}\n");
    }
    out
}
