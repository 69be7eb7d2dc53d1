//! The `types` file: structs, open enums and unions.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::docs::{doc_lines, string_literal};
use crate::model::{DecimalRepr, Field, RustType, Selector, StructDef, TypeDef, UnionDef};
use crate::naming::bare;

/// Source of the `types` module.
pub fn render(types: &[TypeDef], ranges: Option<&crate::ranges::RangeTypes>) -> String {
    let mut out = String::new();
    out.push_str("//! Types of the request and response bodies.\n\n");
    // Structs that keep keys their schema does not name, by name: the map's field.
    let unsaid: BTreeMap<&str, &str> = types
        .iter()
        .filter_map(|def| match def {
            TypeDef::Struct(s) if s.unsaid => s
                .additional
                .as_ref()
                .map(|(f, _)| (s.name.as_str(), f.as_str())),
            _ => None,
        })
        .collect();
    for def in types {
        match def {
            TypeDef::Struct(s) => render_struct(&mut out, s),
            TypeDef::Enum(e) => {
                out.push_str("hkob_core::open_enum! {\n");
                out.push_str(&doc_lines(&e.doc, "    "));
                let _ = writeln!(out, "    pub enum {} {{", e.name);
                for (rust, wire) in &e.variants {
                    out.push_str(&doc_lines(&format!("`{wire}`."), "        "));
                    let _ = writeln!(out, "        {rust} = {},", string_literal(wire));
                }
                out.push_str("    }\n}\n\n");
            }
            TypeDef::Union(u) => render_union(&mut out, u, &unsaid),
        }
    }
    if let Some(ranges) = ranges {
        out.push_str(&ranges.render());
    }
    out
}

fn render_struct(out: &mut String, s: &StructDef) {
    out.push_str(&doc_lines(&s.doc, ""));
    let all_optional = s.fields.iter().all(Field::optional);
    let redacted = s.fields.iter().any(|f| f.secret);
    let debug = if redacted { "" } else { "Debug, " };
    let default = if all_optional { "Default, " } else { "" };
    let _ = writeln!(
        out,
        "#[derive({debug}Clone, {default}PartialEq, serde::Serialize, serde::Deserialize)]"
    );
    let camel = s
        .fields
        .iter()
        .filter(|f| serde_camel(bare(&f.rust)) == f.wire)
        .count();
    let renamed = s.fields.iter().filter(|f| bare(&f.rust) != f.wire).count();
    let rename_all = camel > 0 && renamed > 0;
    if rename_all {
        out.push_str("#[serde(rename_all = \"camelCase\")]\n");
    }
    if s.additional.is_some() {
        // The derives become `Self::serialize` / `Self::deserialize`; see `render_open_object`.
        out.push_str("#[serde(remote = \"Self\")]\n");
    }
    let _ = writeln!(out, "pub struct {} {{", s.name);
    for f in &s.fields {
        out.push_str(&doc_lines(&f.doc, "    "));
        let attrs = field_attrs(f, rename_all);
        if !attrs.is_empty() {
            let _ = writeln!(out, "    #[serde({})]", attrs.join(", "));
        }
        let _ = writeln!(out, "    pub {}: {},", f.rust, field_type(f));
    }
    if let Some((name, ty)) = &s.additional {
        if s.unsaid {
            out.push_str(
                "    /// Properties not named above, kept as they came (the schema does not rule them out).\n",
            );
        } else {
            out.push_str("    /// Properties not named above.\n");
        }
        out.push_str("    #[serde(flatten)]\n");
        let _ = writeln!(
            out,
            "    pub {name}: std::collections::BTreeMap<String, {}>,",
            ty.render_held("")
        );
    }
    out.push_str("}\n\n");
    if let Some((name, ty)) = &s.additional {
        render_open_object(out, s, name, ty);
    }
    if redacted {
        render_redacted_debug(out, s);
    }
    for selector in &s.selectors {
        render_selector(out, s, selector);
    }
}

/// The serde impls of a struct with a map of the properties it does not name
/// (`hkob_core::open_object!`): decoding splits the object, so that the map's values come
/// straight from the input, every digit of their numbers kept, and the named fields reach the
/// derived decoder, which sees no other key.
fn render_open_object(out: &mut String, s: &StructDef, map: &str, ty: &RustType) {
    let named: Vec<String> = s.fields.iter().map(|f| string_literal(&f.wire)).collect();
    // rustfmt leaves a macro call whose arguments are not expressions as it is written.
    let _ = writeln!(
        out,
        "hkob_core::open_object!(\n    {},\n    {map}: {},\n    [{}]\n);\n",
        s.name,
        ty.render_held(""),
        named.join(", ")
    );
}

/// A `Debug` that shows secret (`format: password`) fields as `[redacted]`.
fn render_redacted_debug(out: &mut String, s: &StructDef) {
    let _ = writeln!(out, "impl std::fmt::Debug for {} {{", s.name);
    out.push_str("    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n");
    let _ = writeln!(out, "        f.debug_struct({})", string_literal(&s.name));
    for field in &s.fields {
        let name = string_literal(bare(&field.rust));
        let value = match (field.secret, field.optional()) {
            (false, _) => format!("&self.{}", field.rust),
            (true, false) => "&\"[redacted]\"".to_owned(),
            (true, true) => format!("&self.{}.as_ref().map(|_| \"[redacted]\")", field.rust),
        };
        let _ = writeln!(out, "            .field({name}, {value})");
    }
    if let Some((name, _)) = &s.additional {
        // Keys the spec does not name may be secrets too: only their names are shown.
        let value = if s.unsaid {
            format!("&self.{name}.keys().collect::<Vec<_>>()")
        } else {
            format!("&self.{name}")
        };
        let _ = writeln!(out, "            .field({}, {value})", string_literal(name));
    }
    out.push_str("            .finish()\n    }\n}\n\n");
}

/// The borrowed view of the field a `*UType` tag selects, and the method that returns it.
fn render_selector(out: &mut String, s: &StructDef, sel: &Selector) {
    let tag = &s.fields[sel.tag];
    let _ = writeln!(
        out,
        "/// The field of [`{}`] that `{}` selects, borrowed.",
        s.name, tag.wire
    );
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq)]\n");
    let _ = writeln!(out, "pub enum {}<'a> {{", sel.view);
    for (variant, i) in &sel.options {
        let f = &s.fields[*i];
        out.push_str(&doc_lines(
            &format!("`{}`: {}", f.wire, crate::docs::first_line(&f.doc)),
            "    ",
        ));
        let _ = writeln!(out, "    {variant}(&'a {}),", f.ty.render(""));
    }
    out.push_str("}\n\n");
    let _ = writeln!(out, "impl {} {{", s.name);
    let _ = writeln!(
        out,
        "    /// The field that `{}` selects: `None` when the tag is absent, is a value this version does not know, or names a field that is missing.",
        tag.wire
    );
    let _ = writeln!(
        out,
        "    pub fn {}(&self) -> Option<{}<'_>> {{",
        sel.method, sel.view
    );
    let scrutinee = if tag.optional() {
        format!("{}?", borrow_optional(tag))
    } else {
        format!("&self.{}", tag.rust)
    };
    let _ = writeln!(out, "        match {scrutinee} {{");
    for (variant, i) in &sel.options {
        let f = &s.fields[*i];
        let arm = match (f.optional(), f.boxed) {
            (true, _) => format!("{}.map({}::{variant})", borrow_optional(f), sel.view),
            (false, false) => format!("Some({}::{variant}(&self.{}))", sel.view, f.rust),
            (false, true) => format!("Some({}::{variant}(&*self.{}))", sel.view, f.rust),
        };
        let _ = writeln!(out, "            {}::{variant} => {arm},", sel.tag_type);
    }
    out.push_str("            _ => None,\n        }\n    }\n}\n\n");
}

/// `self.<field>` of an optional field as an `Option` of a reference to its value (through a
/// `Box`, if it has one).
fn borrow_optional(f: &Field) -> String {
    match (f.tri_state(), f.boxed) {
        (true, false) => format!("self.{}.as_option()", f.rust),
        (true, true) => format!("self.{}.as_option().map(|v| &**v)", f.rust),
        (false, false) => format!("self.{}.as_ref()", f.rust),
        (false, true) => format!("self.{}.as_deref()", f.rust),
    }
}

/// The field's Rust type, with `Box` and `Option` (or `Nullable`) applied.
fn field_type(f: &Field) -> String {
    let mut t = f.ty.render("");
    if f.boxed {
        t = format!("Box<{t}>");
    }
    if f.tri_state() {
        t = format!("hkob_core::Nullable<{t}>");
    } else if f.optional() {
        t = format!("Option<{t}>");
    }
    t
}

/// The name serde's `rename_all = "camelCase"` gives a snake_case field.
fn serde_camel(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn field_attrs(f: &Field, rename_all: bool) -> Vec<String> {
    let mut attrs = Vec::new();
    let serde_name = if rename_all {
        serde_camel(bare(&f.rust))
    } else {
        bare(&f.rust).to_owned()
    };
    if serde_name != f.wire {
        attrs.push(format!("rename = {}", string_literal(&f.wire)));
    }
    if let RustType::Decimal(repr) = f.ty
        && !f.boxed
    {
        let helper = match (repr, f.optional(), f.tri_state()) {
            (DecimalRepr::Str, _, true) => "decimal_str_nullable",
            (DecimalRepr::Num, _, true) => "decimal_num_nullable",
            (DecimalRepr::Str, false, _) => "decimal_str",
            (DecimalRepr::Str, true, _) => "decimal_str_opt",
            (DecimalRepr::Num, false, _) => "decimal_num",
            (DecimalRepr::Num, true, _) => "decimal_num_opt",
        };
        attrs.push(format!("with = \"hkob_core::money::{helper}\""));
    }
    if f.optional() {
        attrs.push("default".into());
        // Absent stays absent; a required nullable field is always written (`null` when empty).
        if f.tri_state() {
            attrs.push("skip_serializing_if = \"hkob_core::Nullable::is_absent\"".into());
        } else if !f.required {
            attrs.push("skip_serializing_if = \"Option::is_none\"".into());
        }
    }
    attrs
}

fn render_union(out: &mut String, u: &UnionDef, unsaid: &BTreeMap<&str, &str>) {
    out.push_str(&doc_lines(&u.doc, ""));
    out.push_str("#[derive(Debug, Clone, PartialEq, serde::Serialize)]\n");
    out.push_str("#[serde(untagged)]\n");
    let _ = writeln!(out, "pub enum {} {{", u.name);
    for v in &u.variants {
        let doc = if v.tags.is_empty() {
            format!("A `{}`.", v.ty.render_held(""))
        } else {
            let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
            format!(
                "A `{}` (discriminator {}).",
                v.ty.render_held(""),
                tags.join(", ")
            )
        };
        out.push_str(&doc_lines(&doc, "    "));
        let _ = writeln!(out, "    {}({}),", v.rust, variant_type(v));
    }
    out.push_str(
        "    /// A value that matches none of the alternatives above (kept as it came).\n",
    );
    out.push_str("    Other(hkob_core::RawJson),\n");
    out.push_str("}\n\n");
    render_union_accessors(out, u);
    let _ = writeln!(out, "impl<'de> serde::Deserialize<'de> for {} {{", u.name);
    out.push_str(
        "    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {\n",
    );
    // Buffered as text, so that a member's numbers keep every digit; `value` is for looking.
    out.push_str("        let raw = <hkob_core::RawJson as serde::Deserialize>::deserialize(deserializer)?;\n");
    out.push_str("        let value = raw.to_value();\n");
    match &u.discriminator {
        Some(property) => render_tagged_decode(out, u, property),
        None => render_untagged_decode(out, u, unsaid),
    }
    out.push_str("    }\n}\n\n");
}

/// The Rust type of a union member, boxed if it has to be.
fn variant_type(v: &crate::model::UnionVariant) -> String {
    let t = v.ty.render_held("");
    if v.boxed { format!("Box<{t}>") } else { t }
}

/// `as_<variant>` accessors, and `other` for a value no member fits.
fn render_union_accessors(out: &mut String, u: &UnionDef) {
    let _ = writeln!(out, "impl {} {{", u.name);
    for v in &u.variants {
        let method = format!("as_{}", heck::ToSnakeCase::to_snake_case(v.rust.as_str()));
        let _ = writeln!(
            out,
            "    /// The `{}` member, if the value is one.",
            v.ty.render_held("")
        );
        let _ = writeln!(
            out,
            "    pub fn {method}(&self) -> Option<&{}> {{",
            v.ty.render_held("")
        );
        let _ = writeln!(out, "        match self {{");
        let value = if v.boxed { "&**v" } else { "v" };
        let _ = writeln!(out, "            Self::{}(v) => Some({value}),", v.rust);
        out.push_str("            _ => None,\n        }\n    }\n\n");
    }
    out.push_str(
        "    /// The value as it came, when it matches none of the members.\n\
         pub fn other(&self) -> Option<&hkob_core::RawJson> {\n\
         \x20       match self {\n\
         \x20           Self::Other(v) => Some(v),\n\
         \x20           _ => None,\n\
         \x20       }\n    }\n}\n\n",
    );
}

/// Decoding by the discriminator's value; a value without a known tag is kept as `Other`.
fn render_tagged_decode(out: &mut String, u: &UnionDef, property: &str) {
    let _ = writeln!(
        out,
        "        let tag = value.get({}).and_then(serde_json::Value::as_str).map(str::to_owned);",
        string_literal(property)
    );
    out.push_str("        match tag.as_deref() {\n");
    for v in &u.variants {
        if v.tags.is_empty() {
            continue;
        }
        let pattern: Vec<String> = v
            .tags
            .iter()
            .map(|t| format!("Some({})", string_literal(t)))
            .collect();
        let map = if v.boxed {
            format!("|v| Self::{}(Box::new(v))", v.rust)
        } else {
            format!("Self::{}", v.rust)
        };
        let _ = writeln!(
            out,
            "            {} => raw.decode().map({map}).map_err(serde::de::Error::custom),",
            pattern.join(" | "),
        );
    }
    out.push_str("            _ => Ok(Self::Other(raw)),\n");
    out.push_str("        }\n");
}

/// Decoding without a discriminator: the member that decodes the value and encodes it back
/// unchanged (so no member drops what another would keep), the first of them that names every
/// key, else the one that leaves the fewest keys unnamed; else the first that decodes it; else
/// `Other`.
fn render_untagged_decode(out: &mut String, u: &UnionDef, unsaid: &BTreeMap<&str, &str>) {
    out.push_str("        let mut fallback = None;\n");
    let scored = u.variants.iter().any(|v| unnamed_map(v, unsaid).is_some());
    if scored {
        out.push_str("        let mut closest: Option<(usize, Self)> = None;\n");
    }
    for v in &u.variants {
        let wrap = if v.boxed {
            format!("Self::{}(Box::new(v))", v.rust)
        } else {
            format!("Self::{}(v)", v.rust)
        };
        let _ = writeln!(
            out,
            "        if let Ok(v) = raw.decode::<{}>() {{",
            v.ty.render_held("")
        );
        out.push_str("            if hkob_core::RawJson::encode(&v).is_ok_and(|back| back.to_value() == value) {\n");
        match unnamed_map(v, unsaid) {
            Some(field) => {
                let _ = writeln!(out, "                let unnamed = v.{field}.len();");
                out.push_str("                if unnamed == 0 {\n");
                let _ = writeln!(out, "                    return Ok({wrap});");
                out.push_str("                }\n");
                out.push_str(
                    "                if closest.as_ref().is_none_or(|(n, _)| unnamed < *n) {\n",
                );
                let _ = writeln!(
                    out,
                    "                    closest = Some((unnamed, {wrap}));"
                );
                out.push_str("                }\n");
                out.push_str("            } else {\n");
                let _ = writeln!(out, "                fallback = fallback.or(Some({wrap}));");
                out.push_str("            }\n");
            }
            None => {
                let _ = writeln!(out, "                return Ok({wrap});");
                out.push_str("            }\n");
                let _ = writeln!(out, "            fallback = fallback.or(Some({wrap}));");
            }
        }
        out.push_str("        }\n");
    }
    if scored {
        out.push_str(
            "        Ok(closest.map(|(_, v)| v).or(fallback).unwrap_or(Self::Other(raw)))\n",
        );
    } else {
        out.push_str("        Ok(fallback.unwrap_or(Self::Other(raw)))\n");
    }
}

/// The field holding the unnamed keys of a member that keeps them.
fn unnamed_map<'a>(
    v: &crate::model::UnionVariant,
    unsaid: &BTreeMap<&str, &'a str>,
) -> Option<&'a str> {
    match &v.ty {
        RustType::Named(name) => unsaid.get(name.as_str()).copied(),
        _ => None,
    }
}
