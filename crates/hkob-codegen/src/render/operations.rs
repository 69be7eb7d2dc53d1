//! The `operations` file: one request type per operation, and `Page` impls.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::docs::{doc_lines, string_literal};
use crate::model::{
    BodyKind, MultipartDef, Operation, Param, ParamPlace, PartKind, ResponseKind, RustType, TypeDef,
};
use crate::pagination::{PageStyleName, Pagination};
use crate::ranges::RangeTypes;

const TYPES: &str = "super::types::";

/// Source of the `operations` module; notes problems in `warnings`.
pub fn render(
    operations: &[Operation],
    types: &BTreeMap<String, &TypeDef>,
    ranges: Option<&RangeTypes>,
    warnings: &mut Vec<String>,
) -> String {
    let mut out = String::new();
    out.push_str("//! One request type per operation: required parameters in `new`, optional ones as setters,\n");
    out.push_str("//! then `send` (or `paginate` for lists).\n\n");
    let mut paged: BTreeSet<String> = BTreeSet::new();
    for op in operations {
        render_operation(&mut out, op, types, ranges, &mut paged, warnings);
    }
    out
}

/// The Rust type a parameter is stored as.
fn param_type(p: &Param) -> String {
    p.ty.render(TYPES)
}

/// How a setter or `new` takes a parameter, and the expression that stores `name`: unsigned
/// counts (page sizes, offsets) are taken as they are, so that a literal such as `50` is one
/// (`impl Into<u32>` would make it an `i32`); everything else as `impl Into<T>`.
fn param_arg(p: &Param, name: &str) -> (String, String) {
    match p.ty {
        RustType::U32 | RustType::U64 => (param_type(p), name.to_owned()),
        _ => (
            format!("impl Into<{}>", param_type(p)),
            format!("{name}.into()"),
        ),
    }
}

fn render_operation(
    out: &mut String,
    op: &Operation,
    types: &BTreeMap<String, &TypeDef>,
    ranges: Option<&RangeTypes>,
    paged: &mut BTreeSet<String>,
    warnings: &mut Vec<String>,
) {
    if let Some(BodyKind::Multipart(parts)) = op.body.as_ref().map(|b| &b.kind) {
        render_parts(out, parts, &op.rust);
    }
    let mut doc = op.doc.clone();
    let _ = write!(
        doc,
        "\n\n`{} {}` (operation `{}`).",
        op.method, op.path, op.id
    );
    if op.safe_read {
        doc.push_str("\n\nThe operation only reads, although its method is not `GET`: it is retried like a `GET`.");
    }
    if op.idempotent {
        doc.push_str("\n\nThe request carries an idempotency key (`x-idempotency-key`): one is minted per call and reused on every retry, so a retried call takes effect once.");
    }
    if op.signed {
        doc.push_str("\n\nThe request is signed: the client's request signer adds a detached JWS (`x-jws-signature`) on every attempt.");
    } else if op.sign_if_configured {
        doc.push_str("\n\nThe request is signed when the client has a request signer (the bank requires a detached JWS, `x-jws-signature`, of the TSPs that lodged a key).");
    }
    if let Some(BodyKind::Form(_)) = op.body.as_ref().map(|b| &b.kind) {
        doc.push_str("\n\nThe body is sent as an `application/x-www-form-urlencoded` form, one pair per field.");
    }
    if let Some(BodyKind::Multipart(parts)) = op.body.as_ref().map(|b| &b.kind) {
        let _ = write!(
            doc,
            "\n\nThe body is sent as `multipart/form-data`, one part per field of `{}`.",
            parts.name
        );
    }
    if let Some(BodyKind::Text(media)) = op.body.as_ref().map(|b| &b.kind) {
        let _ = write!(
            doc,
            "\n\nThe body is sent as `{media}` text, exactly as given (for a signed JWT, sign it first)."
        );
    }
    out.push_str(&doc_lines(&doc, ""));
    if op.deprecated {
        out.push_str("#[deprecated(note = \"deprecated in the spec\")]\n");
    }
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    let derive_default = required.is_empty() && !body_required;
    if derive_default {
        out.push_str("#[derive(Debug, Clone, Default, PartialEq)]\n");
    } else {
        out.push_str("#[derive(Debug, Clone, PartialEq)]\n");
    }
    let _ = writeln!(out, "pub struct {} {{", op.rust);
    for p in &op.params {
        let t = param_type(p);
        if p.required {
            let _ = writeln!(out, "    {}: {t},", p.rust);
        } else {
            let _ = writeln!(out, "    {}: Option<{t}>,", p.rust);
        }
    }
    if let Some(b) = &op.body {
        let t = body_type(&b.kind);
        if b.required {
            let _ = writeln!(out, "    {}: {t},", b.rust);
        } else {
            let _ = writeln!(out, "    {}: Option<{t}>,", b.rust);
        }
    }
    out.push_str("}\n\n");

    if op.deprecated {
        out.push_str("#[allow(deprecated)]\n");
    }
    let _ = writeln!(out, "impl {} {{", op.rust);
    // new
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut arg_docs = String::new();
    for p in &required {
        let (arg, value) = param_arg(p, &p.rust);
        args.push(format!("{}: {arg}", p.rust));
        inits.push(format!("{}: {value}", p.rust));
        let _ = write!(
            arg_docs,
            "\n- `{}`: {}",
            crate::naming::bare(&p.rust),
            crate::docs::first_line(&p.doc)
        );
    }
    if let Some(b) = op.body.as_ref().filter(|b| b.required) {
        args.push(format!("{}: impl Into<{}>", b.rust, body_type(&b.kind)));
        inits.push(format!("{}: {}.into()", b.rust, b.rust));
        let _ = write!(
            arg_docs,
            "\n- `{}`: {}",
            crate::naming::bare(&b.rust),
            crate::docs::first_line(&b.doc)
        );
    }
    for p in op.params.iter().filter(|p| !p.required) {
        inits.push(format!("{}: None", p.rust));
    }
    if let Some(b) = op.body.as_ref().filter(|b| !b.required) {
        inits.push(format!("{}: None", b.rust));
    }
    let new_doc = if arg_docs.is_empty() {
        "A request with no optional parameter set.".to_owned()
    } else {
        format!(
            "A request with its required parameters; set optional ones with the setters.\n{arg_docs}"
        )
    };
    out.push_str(&doc_lines(&new_doc, "    "));
    if derive_default {
        let _ = writeln!(
            out,
            "    pub fn new() -> Self {{\n        Self::default()\n    }}\n"
        );
    } else {
        let _ = writeln!(
            out,
            "    pub fn new({}) -> Self {{\n        Self {{ {} }}\n    }}\n",
            args.join(", "),
            inits.join(", ")
        );
    }
    // setters: one per optional parameter, but one per range for the parameters of a range
    let range_name = ranges.map_or("Range", |r| r.range.as_str());
    let in_range: BTreeSet<usize> = op.ranges.iter().flat_map(|r| [r.from, r.to]).collect();
    for (_, p) in op
        .params
        .iter()
        .enumerate()
        .filter(|(i, p)| !p.required && !in_range.contains(i))
    {
        out.push_str(&doc_lines(&format!("Sets `{}`: {}", p.wire, p.doc), "    "));
        let (arg, value) = param_arg(p, "value");
        let _ = writeln!(
            out,
            "    pub fn {}(mut self, value: {arg}) -> Self {{\n        self.{} = Some({value});\n        self\n    }}\n",
            p.rust, p.rust
        );
    }
    for r in &op.ranges {
        let (from, to) = (&op.params[r.from], &op.params[r.to]);
        let doc = format!(
            "Sets `{}` and `{}` together, from a range whose start is not after its end: [`{range_name}::new`]({TYPES}{range_name}::new) checks it, so a reversed range is never sent.\n\n- `{}`: {}\n- `{}`: {}",
            from.wire,
            to.wire,
            from.wire,
            crate::docs::first_line(&from.doc),
            to.wire,
            crate::docs::first_line(&to.doc)
        );
        out.push_str(&doc_lines(&doc, "    "));
        let _ = writeln!(
            out,
            "    pub fn {}(mut self, range: {TYPES}{range_name}<{}>) -> Self {{\n        let (start, end) = range.into_bounds();\n        self.{} = Some(start);\n        self.{} = Some(end);\n        self\n    }}\n",
            r.setter,
            param_type(from),
            from.rust,
            to.rust
        );
    }
    if let Some(b) = op.body.as_ref().filter(|b| !b.required) {
        out.push_str(&doc_lines(&format!("Sets the body: {}", b.doc), "    "));
        let _ = writeln!(
            out,
            "    pub fn {}(mut self, value: impl Into<{}>) -> Self {{\n        self.{} = Some(value.into());\n        self\n    }}\n",
            b.rust,
            body_type(&b.kind),
            b.rust
        );
    }
    // to_request
    out.push_str("    /// The request as plain data, ready for [`hkob_core::Client`].\n");
    let _ = writeln!(
        out,
        "    pub fn to_request(&self) -> hkob_core::ApiRequest {{"
    );
    let _ = writeln!(out, "        {}\n    }}\n", request_expr(op));
    let name = &op.rust;
    // send
    let (ret, decode) = match &op.response {
        ResponseKind::Json(t) => (t.render(TYPES), "Ok(response.json()?)"),
        ResponseKind::Empty => ("()".to_owned(), "let _ = response;\n        Ok(())"),
        ResponseKind::Raw(_) => ("hkob_core::ApiResponse".to_owned(), "Ok(response)"),
    };
    let mut send_doc = match &op.response {
        ResponseKind::Json(_) => "Sends the request and decodes the response.".to_owned(),
        ResponseKind::Empty => "Sends the request; the response has no body to decode.".to_owned(),
        ResponseKind::Raw(media) => {
            format!("Sends the request and returns the raw `{media}` response.")
        }
    };
    if let Some(check) = &op.response_check {
        let _ = write!(
            send_doc,
            "\n\nThe answer is checked first by {}: a refusal it finds is the error.",
            check_link(check)
        );
    }
    out.push_str(&doc_lines(&send_doc, "    "));
    let _ = writeln!(
        out,
        "    pub async fn send(&self, client: &hkob_core::Client) -> hkob_core::Result<{ret}> {{\n        client.send(self).await\n    }}"
    );
    // paginate
    let mut page_impl = None;
    let mut list_impl = None;
    if let Some(p) = &op.pagination {
        match (&op.response, page_plan(p, &op.response, types)) {
            (ResponseKind::Json(RustType::Named(resp)), Ok(plan)) => {
                out.push('\n');
                let mut paginate_doc = format!("Pages through the list lazily: {}", style_doc(p));
                if let Some(max) = op.max_page_size {
                    let _ = write!(paginate_doc, " (at most {max} per page)");
                }
                paginate_doc.push('.');
                if let Some(start) = start_doc(p) {
                    paginate_doc.push(' ');
                    paginate_doc.push_str(&start);
                }
                if let Some(check) = &op.response_check {
                    let _ = write!(
                        paginate_doc,
                        "\n\nEvery page's answer is checked first by {}: a refusal it finds ends the stream with that error.",
                        check_link(check)
                    );
                }
                out.push_str(&doc_lines(&paginate_doc, "    "));
                let _ = writeln!(
                    out,
                    "    pub fn paginate(&self, client: &hkob_core::Client) -> hkob_core::paging::Paginator<{TYPES}{resp}> {{\n        client.paginate(self)\n    }}"
                );
                let max_page_size = op
                    .max_page_size
                    .map(|max| format!("\n\n    fn max_page_size(&self) -> Option<u32> {{\n        Some({max})\n    }}"))
                    .unwrap_or_default();
                list_impl = Some(format!(
                    "{}impl hkob_core::ListOperation for {name} {{\n    type Page = {TYPES}{resp};\n\n    fn page_style(&self) -> hkob_core::paging::PageStyle {{\n        {}\n    }}{max_page_size}\n}}\n\n",
                    if op.deprecated {
                        "#[allow(deprecated)]\n"
                    } else {
                        ""
                    },
                    page_style(p)
                ));
                if paged.insert(resp.clone()) {
                    page_impl = Some((resp.clone(), plan));
                }
            }
            (_, Err(e)) => warnings.push(format!("{}: no paginate(): {e}", op.id)),
            _ => warnings.push(format!(
                "{}: no paginate(): the response is not a generated struct",
                op.id
            )),
        }
    }
    out.push_str("}\n\n");
    let check = op
        .response_check
        .as_ref()
        .map(|check| format!("    fn check(response: &hkob_core::ApiResponse) -> hkob_core::Result<()> {{\n        {check}(response)\n    }}\n\n"))
        .unwrap_or_default();
    // The trait impls name the type too, so they need the same allow as the inherent impl.
    let allow = if op.deprecated {
        "#[allow(deprecated)]\n"
    } else {
        ""
    };
    let _ = write!(
        out,
        "{allow}impl hkob_core::Operation for {name} {{\n    type Output = {ret};\n\n    fn to_request(&self) -> hkob_core::ApiRequest {{\n        {name}::to_request(self)\n    }}\n\n{check}    fn decode(response: hkob_core::ApiResponse) -> hkob_core::Result<Self::Output> {{\n        {decode}\n    }}\n}}\n\n"
    );
    if let Some(list) = list_impl {
        out.push_str(&list);
    }
    if let Some((resp, plan)) = page_impl {
        out.push_str(&plan.render(&resp));
    }
}

/// A doc link to the response check: labelled with its last segment, so that the label does not
/// resolve to the same item (rustdoc finds such a target redundant, and the doc escaper does not
/// let a bare `[path]` through).
fn check_link(path: &str) -> String {
    match path.rsplit_once("::") {
        Some((_, name)) => format!("[`{name}`]({path})"),
        None => format!("`{path}`"),
    }
}

fn body_type(kind: &BodyKind) -> String {
    match kind {
        BodyKind::Json(t) | BodyKind::Form(t) => t.render(TYPES),
        BodyKind::Text(_) => "String".to_owned(),
        BodyKind::Multipart(parts) => parts.name.clone(),
    }
}

/// The struct of a multipart body's parts, and its conversion into a `hkob_core::Multipart`.
fn render_parts(out: &mut String, def: &MultipartDef, operation: &str) {
    let _ = writeln!(
        out,
        "/// The parts of the [`{operation}`] body, sent as `multipart/form-data`."
    );
    out.push_str("#[derive(Debug, Clone, PartialEq)]\n");
    let _ = writeln!(out, "pub struct {} {{", def.name);
    for part in &def.parts {
        let mut t = match &part.kind {
            PartKind::File => "hkob_core::FileUpload".to_owned(),
            PartKind::Value(ty) => ty.render(TYPES),
        };
        if part.list {
            t = format!("Vec<{t}>");
        }
        if !part.required {
            t = format!("Option<{t}>");
        }
        let doc = match &part.doc {
            Some(doc) => format!("{} (part `{}`).", doc.trim_end_matches('.'), part.wire),
            None => format!("The `{}` part.", part.wire),
        };
        out.push_str(&doc_lines(&doc, "    "));
        let _ = writeln!(out, "    pub {}: {t},", part.rust);
    }
    out.push_str("}\n\n");
    let _ = writeln!(out, "impl {} {{", def.name);
    out.push_str("    /// The parts in the order of the spec: an absent optional part is left out, a list is one part per element.\n");
    out.push_str("    pub fn to_multipart(&self) -> hkob_core::Multipart {\n");
    out.push_str("        let mut body = hkob_core::Multipart::new();\n");
    for part in &def.parts {
        let wire = string_literal(&part.wire);
        let field = format!("self.{}", part.rust);
        // `v` is a reference, or (`owned`) the field itself.
        let add = |v: &str, owned: bool| match part.kind {
            PartKind::File => format!("body = body.file({wire}, {v}.clone());"),
            PartKind::Value(_) if owned => format!("body = body.value({wire}, &{v});"),
            PartKind::Value(_) => format!("body = body.value({wire}, {v});"),
        };
        let line = match (part.list, part.required) {
            (false, true) => add(&field, true),
            (false, false) => format!(
                "if let Some(v) = &{field} {{\n            {}\n        }}",
                add("v", false)
            ),
            (true, true) => format!(
                "for v in &{field} {{\n            {}\n        }}",
                add("v", false)
            ),
            (true, false) => format!(
                "for v in {field}.iter().flatten() {{\n            {}\n        }}",
                add("v", false)
            ),
        };
        let _ = writeln!(out, "        {line}");
    }
    out.push_str("        body\n    }\n}\n\n");
}

/// The names of the parts a multipart body must have, as a slice literal.
fn required_parts(def: &MultipartDef) -> String {
    let names: Vec<String> = def
        .parts
        .iter()
        .filter(|p| p.required)
        .map(|p| string_literal(&p.wire))
        .collect();
    format!("&[{}]", names.join(", "))
}

/// How a parameter value is turned into text for the URL or a header.
fn display(ty: &RustType, value: &str) -> String {
    match ty {
        RustType::DateTime => format!("{value}.to_rfc3339()"),
        _ => value.to_owned(),
    }
}

fn request_expr(op: &Operation) -> String {
    let method = match op.method.as_str() {
        m @ ("GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" | "TRACE") => {
            format!("hkob_core::Method::{m}")
        }
        other => format!(
            "hkob_core::Method::from_bytes(b{}).unwrap_or(hkob_core::Method::GET)",
            string_literal(other)
        ),
    };
    let mut expr = format!(
        "hkob_core::ApiRequest::new({method}, {}).operation({})",
        string_literal(&op.path),
        string_literal(&op.id)
    );
    for p in &op.params {
        let name = string_literal(&p.wire);
        let field = format!("self.{}", p.rust);
        let (one, opt) = match p.place {
            ParamPlace::Path => ("path_param", "path_param"),
            ParamPlace::Query => ("query", "query_opt"),
            ParamPlace::Header => ("header", "header_opt"),
        };
        match (&p.ty, p.required) {
            (RustType::Vec(inner), true) => {
                expr = format!(
                    "{field}.iter().fold({expr}, |request, value| request.{one}({name}, {}))",
                    display(inner, "value")
                );
            }
            (RustType::Vec(inner), false) => {
                expr = format!(
                    "{field}.iter().flatten().fold({expr}, |request, value| request.{one}({name}, {}))",
                    display(inner, "value")
                );
            }
            (RustType::DateTime, true) => {
                let _ = write!(expr, ".{one}({name}, {field}.to_rfc3339())");
            }
            (RustType::DateTime, false) => {
                let _ = write!(
                    expr,
                    ".{opt}({name}, {field}.as_ref().map(|value| value.to_rfc3339()))"
                );
            }
            (_, true) => {
                let _ = write!(expr, ".{one}({name}, &{field})");
            }
            (_, false) => {
                let _ = write!(expr, ".{opt}({name}, {field}.as_ref())");
            }
        }
    }
    if let Some(b) = &op.body {
        let field = format!("self.{}", b.rust);
        match (&b.kind, b.required) {
            (BodyKind::Json(_), true) => {
                let _ = write!(expr, ".json(&{field})");
            }
            (BodyKind::Json(_), false) => {
                expr = format!("{field}.iter().fold({expr}, |request, body| request.json(body))");
            }
            (BodyKind::Form(_), true) => {
                let _ = write!(expr, ".form(&{field})");
            }
            (BodyKind::Form(_), false) => {
                expr = format!("{field}.iter().fold({expr}, |request, body| request.form(body))");
            }
            (BodyKind::Multipart(parts), true) => {
                let _ = write!(
                    expr,
                    ".multipart(&{field}.to_multipart(), {})",
                    required_parts(parts)
                );
            }
            (BodyKind::Multipart(parts), false) => {
                expr = format!(
                    "{field}.iter().fold({expr}, |request, body| request.multipart(&body.to_multipart(), {}))",
                    required_parts(parts)
                );
            }
            (BodyKind::Text(media), true) => {
                let _ = write!(expr, ".body({}, {field}.clone())", string_literal(media));
            }
            (BodyKind::Text(media), false) => {
                expr = format!(
                    "{field}.iter().fold({expr}, |request, body| request.body({}, body.clone()))",
                    string_literal(media)
                );
            }
        }
    }
    if op.idempotent {
        expr.push_str(".idempotent()");
    }
    if op.signed {
        expr.push_str(".signed()");
    } else if op.sign_if_configured {
        expr.push_str(".signed_if_configured()");
    }
    if op.safe_read {
        expr.push_str(".safe_read()");
    }
    expr
}

fn page_style(p: &Pagination) -> String {
    let s = |o: &Option<String>| string_literal(o.as_deref().unwrap_or_default());
    match p.style {
        PageStyleName::PageIndex => format!(
            "hkob_core::paging::PageStyle::PageIndex {{ index_param: {}, size_param: {}, first_index: {} }}",
            s(&p.index_param),
            s(&p.size_param),
            p.first_index.unwrap_or(1)
        ),
        PageStyleName::Offset => format!(
            "hkob_core::paging::PageStyle::Offset {{ offset_param: {}, size_param: {} }}",
            s(&p.offset_param),
            s(&p.size_param)
        ),
        PageStyleName::NextLink => "hkob_core::paging::PageStyle::NextLink".to_owned(),
        PageStyleName::Cursor => format!(
            "hkob_core::paging::PageStyle::Cursor {{ cursor_param: {} }}",
            s(&p.cursor_param)
        ),
        PageStyleName::Unpaged => "hkob_core::paging::PageStyle::Unpaged".to_owned(),
    }
}

/// Where `paginate` starts, for the styles whose request can say so.
fn start_doc(p: &Pagination) -> Option<String> {
    let (param, first) = match p.style {
        PageStyleName::PageIndex => (p.index_param.as_deref()?, "page"),
        PageStyleName::Offset => (p.offset_param.as_deref()?, "item"),
        _ => return None,
    };
    let size = p.size_param.as_deref()?;
    Some(format!(
        "The walk starts at the `{param}` set on this request (the first {first} when none is), with its `{size}` unless the paginator's `page_size` says otherwise."
    ))
}

fn style_doc(p: &Pagination) -> String {
    let o = |x: &Option<String>| x.clone().unwrap_or_default();
    match p.style {
        PageStyleName::PageIndex => format!(
            "pages are numbered by `{}` from {}, sized by `{}`",
            o(&p.index_param),
            p.first_index.unwrap_or(1),
            o(&p.size_param)
        ),
        PageStyleName::Offset => format!(
            "pages start at item `{}`, sized by `{}`",
            o(&p.offset_param),
            o(&p.size_param)
        ),
        PageStyleName::NextLink => format!("each page links the next at `{}`", o(&p.next_link)),
        PageStyleName::Cursor => format!(
            "each page's `{}` goes back as `{}`",
            o(&p.next_cursor),
            o(&p.cursor_param)
        ),
        PageStyleName::Unpaged => "one request returns the whole list".to_owned(),
    }
}

/// One step of a dotted path through generated structs.
#[derive(Debug, Clone)]
struct Step {
    field: String,
    optional: bool,
    /// Optional and nullable: a `hkob_core::Nullable` rather than an `Option`.
    nullable: bool,
    boxed: bool,
    /// An array whose elements the path goes through (`name[]`, or the item array itself).
    flatten: bool,
}

impl Step {
    /// The field, moved out: an `Option` when the step is optional.
    fn owned(&self) -> String {
        if self.nullable {
            format!("{}.into_option()", self.field)
        } else {
            self.field.clone()
        }
    }

    /// What turns an optional field into an `Option` of a reference to its value.
    fn borrow(&self) -> &'static str {
        match (self.nullable, self.boxed) {
            (true, false) => ".as_option()",
            (true, true) => ".as_option().map(|v| &**v)",
            (false, false) => ".as_ref()",
            (false, true) => ".as_deref()",
        }
    }
}

/// Where the items and counters of a page are.
#[derive(Debug)]
struct PagePlan {
    item_type: String,
    items: Vec<Vec<Step>>,
    counters: Vec<(&'static str, Vec<Step>, RustType)>,
}

fn page_plan(
    p: &Pagination,
    response: &ResponseKind,
    types: &BTreeMap<String, &TypeDef>,
) -> Result<PagePlan, String> {
    let ResponseKind::Json(start) = response else {
        return Err("the response is not JSON".into());
    };
    let mut item_paths = Vec::new();
    let mut item_type: Option<String> = None;
    for path in p.item_paths() {
        let (steps, last) = walk(start, &path, types)?;
        let this = match last {
            RustType::Vec(inner) => inner.render(TYPES),
            _ => return Err(format!("`{path}` is not an array")),
        };
        match &item_type {
            Some(t) if *t != this => {
                return Err(format!(
                    "the item paths hold different types ({t}, {this}); use send()"
                ));
            }
            _ => item_type = Some(this),
        }
        item_paths.push(steps);
    }
    let Some(item_type) = item_type else {
        return Err("no items path".into());
    };
    let mut firsts = BTreeSet::new();
    if item_paths.len() > 1 && !item_paths.iter().all(|s| firsts.insert(s[0].field.clone())) {
        return Err("two item paths start with the same property".into());
    }
    let mut counters = Vec::new();
    for (name, path) in [
        ("total_pages", &p.total_pages),
        ("total_items", &p.total_items),
        ("next_link", &p.next_link),
        ("next_cursor", &p.next_cursor),
    ] {
        if let Some(path) = path {
            let (steps, ty) = walk(start, path, types)?;
            if path.contains("[]") {
                return Err(format!(
                    "`{path}`: `[]` steps are only allowed in item paths"
                ));
            }
            let ok = match name {
                "total_pages" | "total_items" => {
                    matches!(ty, RustType::I32 | RustType::I64 | RustType::String)
                }
                _ => ty == RustType::String,
            };
            if !ok {
                return Err(format!("`{path}` has a type that cannot be a {name}"));
            }
            counters.push((name, steps, ty));
        }
    }
    Ok(PagePlan {
        item_type,
        items: item_paths,
        counters,
    })
}

fn walk(
    start: &RustType,
    path: &str,
    types: &BTreeMap<String, &TypeDef>,
) -> Result<(Vec<Step>, RustType), String> {
    let mut current = start.clone();
    let mut steps = Vec::new();
    let segments: Vec<&str> = path.split('.').collect();
    for (i, raw) in segments.iter().enumerate() {
        let (segment, each) = match raw.strip_suffix("[]") {
            Some(s) => (s, true),
            None => (*raw, false),
        };
        let RustType::Named(name) = &current else {
            return Err(format!("`{path}`: `{segment}` is not inside an object"));
        };
        let Some(TypeDef::Struct(s)) = types.get(name) else {
            return Err(format!("`{path}`: `{name}` is not an object"));
        };
        let Some(f) = s.fields.iter().find(|f| f.wire == segment) else {
            return Err(format!("`{path}`: `{name}` has no property `{segment}`"));
        };
        steps.push(Step {
            field: f.rust.clone(),
            optional: f.optional(),
            nullable: f.tri_state(),
            boxed: f.boxed,
            flatten: each || i + 1 == segments.len(),
        });
        current = match (&f.ty, each) {
            (RustType::Vec(inner), true) => (**inner).clone(),
            (_, true) => return Err(format!("`{path}`: `{segment}` is not an array")),
            (t, false) => t.clone(),
        };
    }
    Ok((steps, current))
}

impl PagePlan {
    fn render(&self, resp: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "impl hkob_core::paging::Page for {TYPES}{resp} {{");
        let _ = writeln!(out, "    type Item = {};\n", self.item_type);
        if !self.counters.is_empty() {
            out.push_str("    fn page_info(&self) -> hkob_core::paging::PageInfo {\n");
            let mut info = "hkob_core::paging::PageInfo::new()".to_owned();
            for (name, steps, ty) in &self.counters {
                let _ = writeln!(
                    out,
                    "        fn {name}(page: &{TYPES}{resp}) -> Option<{}> {{",
                    if name.starts_with("total") {
                        "u64"
                    } else {
                        "String"
                    }
                );
                out.push_str(&counter_body(name, steps, ty));
                out.push_str("        }\n");
                let _ = write!(info, ".{name}({name}(self))");
            }
            let _ = writeln!(out, "        {info}\n    }}\n");
        }
        let simple =
            self.items.len() == 1 && self.items[0].iter().rev().skip(1).all(|s| !s.flatten);
        out.push_str("    fn item_count(&self) -> usize {\n");
        if simple {
            let _ = writeln!(
                out,
                "        fn count(page: &{TYPES}{resp}) -> Option<usize> {{"
            );
            out.push_str(&counter_body("item_count", &self.items[0], &RustType::Json));
            out.push_str("        }\n        count(self).unwrap_or(0)\n    }\n\n");
        } else {
            let counts: Vec<String> = self.items.iter().map(|p| count_chain(p)).collect();
            let _ = writeln!(out, "        {}\n    }}\n", counts.join(" + "));
        }
        out.push_str("    fn into_items(self) -> Vec<Self::Item> {\n");
        if simple {
            out.push_str(&simple_items(&self.items[0]));
        } else {
            let chains: Vec<String> = self.items.iter().map(|p| owned_chain(p)).collect();
            let _ = writeln!(
                out,
                "        {}.collect()",
                chains.join(".chain(") + &")".repeat(chains.len() - 1)
            );
        }
        out.push_str("    }\n}\n\n");
        out
    }
}

/// `into_items` for one path without `[]` steps: moves the array out, or returns empty.
fn simple_items(steps: &[Step]) -> String {
    let mut out = String::new();
    let mut expr = "self".to_owned();
    let last = steps.len().saturating_sub(1);
    for (i, step) in steps.iter().enumerate() {
        let access = format!("{expr}.{}", step.owned());
        if i == last {
            expr = if step.optional {
                if step.boxed {
                    format!("{access}.map(|items| *items).unwrap_or_default()")
                } else {
                    format!("{access}.unwrap_or_default()")
                }
            } else if step.boxed {
                format!("*{access}")
            } else {
                access
            };
        } else if step.optional {
            let _ = writeln!(
                out,
                "        let Some(step{i}) = {access} else {{\n            return Vec::new();\n        }};"
            );
            expr = if step.boxed {
                format!("(*step{i})")
            } else {
                format!("step{i}")
            };
        } else {
            expr = if step.boxed {
                format!("(*{access})")
            } else {
                access
            };
        }
    }
    let _ = writeln!(out, "        {expr}");
    out
}

/// An iterator over the items of one path, moving them out of `self`.
fn owned_chain(steps: &[Step]) -> String {
    let Some((first, rest)) = steps.split_first() else {
        return "std::iter::empty()".to_owned();
    };
    let f = first.owned();
    let mut chain = match (first.flatten, first.optional, first.boxed) {
        (false, false, false) => format!("std::iter::once(self.{f})"),
        (false, false, true) => format!("std::iter::once(*self.{f})"),
        (false, true, false) => format!("self.{f}.into_iter()"),
        (false, true, true) => format!("self.{f}.map(|v| *v).into_iter()"),
        (true, false, _) => format!("self.{f}.into_iter()"),
        (true, true, _) => format!("self.{f}.into_iter().flatten()"),
    };
    for step in rest {
        let f = step.owned();
        let adapter = match (step.flatten, step.optional, step.boxed) {
            (false, false, false) => format!(".map(|v| v.{f})"),
            (false, false, true) => format!(".map(|v| *v.{f})"),
            (false, true, false) => format!(".filter_map(|v| v.{f})"),
            (false, true, true) => format!(".filter_map(|v| v.{f}.map(|b| *b))"),
            (true, false, _) => format!(".flat_map(|v| v.{f})"),
            (true, true, _) => format!(".flat_map(|v| v.{f}.into_iter().flatten())"),
        };
        chain.push_str(&adapter);
    }
    chain
}

/// The number of items of one path, by reference.
fn count_chain(steps: &[Step]) -> String {
    let mut chain = "std::iter::once(self)".to_owned();
    let last = steps.len().saturating_sub(1);
    for (i, step) in steps.iter().enumerate() {
        let f = &step.field;
        let get = step.borrow();
        let adapter = if i == last {
            if step.optional {
                format!(".map(|v| v.{f}{get}.map_or(0, |items| items.len()))")
            } else {
                format!(".map(|v| v.{f}.len())")
            }
        } else {
            match (step.flatten, step.optional) {
                (false, false) => format!(".map(|v| &v.{f})"),
                (false, true) => format!(".filter_map(|v| v.{f}{get})"),
                (true, false) => format!(".flat_map(|v| v.{f}.iter())"),
                (true, true) => format!(".flat_map(|v| v.{f}{get}.into_iter().flatten())"),
            }
        };
        chain.push_str(&adapter);
    }
    chain.push_str(".sum::<usize>()");
    chain
}

fn counter_body(name: &str, steps: &[Step], ty: &RustType) -> String {
    let mut out = String::new();
    let mut expr = "page".to_owned();
    let last = steps.len().saturating_sub(1);
    for (i, step) in steps.iter().enumerate() {
        let access = format!("{expr}.{}", step.field);
        if i == last {
            let value = if name == "item_count" {
                if step.optional {
                    format!("{access}{}?", step.borrow())
                } else {
                    access
                }
            } else if step.optional {
                let get = match (matches!(ty, RustType::String), step.nullable) {
                    (true, true) => ".as_option().map(String::as_str)",
                    (true, false) => ".as_deref()",
                    (false, true) => ".into_option()",
                    (false, false) => "",
                };
                format!("{access}{get}?")
            } else if matches!(ty, RustType::String) {
                format!("{access}.as_str()")
            } else {
                access
            };
            let conv = match (name.starts_with("total"), ty) {
                _ if name == "item_count" => format!("Some({value}.len())"),
                (true, RustType::String) => format!("{value}.parse().ok()"),
                (true, _) => format!("u64::try_from({value}).ok()"),
                (false, _) => format!("Some({value}.to_owned())"),
            };
            let _ = writeln!(out, "            {conv}");
        } else if step.optional {
            let _ = writeln!(out, "            let step{i} = {access}{}?;", step.borrow());
            expr = format!("step{i}");
        } else {
            expr = access;
        }
    }
    out
}
