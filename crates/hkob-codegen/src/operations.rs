//! Operations from paths: parameters, bodies, responses, flags and paging.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    MediaType, OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent,
    ReferenceOr, RequestBody, Response, SecurityScheme, StatusCode,
};

use crate::model::{
    Body, BodyKind, DecimalRepr, Example, MultipartDef, Operation, Param, ParamPlace, PartDef,
    PartKind, RangeSetter, ResponseKind, RustType,
};
use crate::naming::{self, NameScope};
use crate::overrides::{FieldOverride, Overrides};
use crate::pagination::Pagination;
use crate::ranges::{RangeSpec, RangeTypes};
use crate::schema::{SchemaRef, View, resolve};
use crate::type_space::TypeSpace;

/// Header parameters hkob-core sets itself, so generated code never takes them.
const CORE_HEADERS: &[&str] = &[
    "authorization",
    "x-fapi-interaction-id",
    "x-idempotency-key",
    "idempotency-key",
    "x-jws-signature",
    "content-type",
    "accept",
];

/// Methods on every request type; fields may not take these names.
const METHOD_NAMES: &[&str] = &["new", "send", "to_request", "paginate"];

/// Operations of one spec, with their examples and what was skipped.
pub struct OperationSet {
    /// The operations, sorted by Rust name.
    pub operations: Vec<Operation>,
    /// Examples of bodies and responses.
    pub examples: Vec<Example>,
    /// Skipped items, one line each.
    pub skipped: Vec<String>,
    /// The names of the range types, when an operation has a range setter.
    pub range_types: Option<RangeTypes>,
}

/// Builds every operation of `spec`.
pub fn build<'s>(
    spec: &'s OpenAPI,
    overrides: &'s Overrides,
    types: &mut TypeSpace<'s>,
) -> OperationSet {
    let credential_headers = credential_headers(spec);
    let mut out = OperationSet {
        operations: Vec::new(),
        examples: Vec::new(),
        skipped: Vec::new(),
        range_types: None,
    };
    let mut used_parameter_overrides = BTreeSet::new();
    let mut op_names = NameScope::with_reserved(naming::PRELUDE_TYPES);
    let mut example_names = NameScope::new();
    let mut param_cache = BTreeMap::new();
    for (path, item) in spec.paths.paths.iter() {
        let item = match item {
            ReferenceOr::Item(i) => i,
            ReferenceOr::Reference { reference } => {
                out.skipped.push(format!(
                    "path `{path}`: path item $ref `{reference}` is not supported"
                ));
                continue;
            }
        };
        for (method, op) in item.iter() {
            let label = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
            if !op.callbacks.is_empty() {
                out.skipped.push(format!(
                    "{label}: callbacks are not generated (the operation itself is)"
                ));
            }
            if overrides.operations.get(&label).is_some_and(|o| o.skip) {
                out.skipped
                    .push(format!("{label}: skipped by the override file"));
                continue;
            }
            let ctx = OpContext {
                spec,
                overrides,
                credential_headers: &credential_headers,
                path,
                method,
                label: &label,
            };
            let mut shared = Shared {
                op_names: &mut op_names,
                param_cache: &mut param_cache,
                used_parameter_overrides: &mut used_parameter_overrides,
                range_types: &mut out.range_types,
            };
            match ctx.build(op, &item.parameters, types, &mut shared) {
                Ok((operation, notes)) => {
                    out.skipped.extend(notes);
                    collect_examples(
                        spec,
                        op,
                        &operation,
                        types,
                        &mut example_names,
                        &mut out.examples,
                    );
                    out.operations.push(operation);
                }
                Err(reason) => out.skipped.push(format!("{label}: {reason}")),
            }
        }
    }
    for key in overrides.parameters.keys() {
        if !used_parameter_overrides.contains(key) {
            out.skipped.push(format!(
                "parameters override `{key}`: no operation has this parameter"
            ));
        }
    }
    out.operations.sort_by(|a, b| a.rust.cmp(&b.rust));
    out.examples.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Header names of API-key security schemes (credentials are applied by hkob-core).
fn credential_headers(spec: &OpenAPI) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    if let Some(c) = &spec.components {
        for s in c.security_schemes.values() {
            if let ReferenceOr::Item(SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name,
                ..
            }) = s
            {
                set.insert(name.to_ascii_lowercase());
            }
        }
    }
    set
}

/// What the operations of one spec share while they are built.
struct Shared<'a> {
    op_names: &'a mut NameScope,
    param_cache: &'a mut BTreeMap<String, RustType>,
    used_parameter_overrides: &'a mut BTreeSet<String>,
    range_types: &'a mut Option<RangeTypes>,
}

struct OpContext<'c, 's> {
    spec: &'s OpenAPI,
    overrides: &'s Overrides,
    credential_headers: &'c BTreeSet<String>,
    path: &'s str,
    method: &'s str,
    label: &'c str,
}

impl<'s> OpContext<'_, 's> {
    fn build(
        &self,
        op: &'s SpecOperation,
        path_params: &'s [ReferenceOr<Parameter>],
        types: &mut TypeSpace<'s>,
        shared: &mut Shared<'_>,
    ) -> Result<(Operation, Vec<String>), String> {
        let mut notes = Vec::new();
        let id = op.operation_id.clone().unwrap_or_else(|| {
            let generated = naming::field_name(&format!("{} {}", self.method, self.path));
            notes.push(format!(
                "{}: has no operationId; named `{generated}`",
                self.label
            ));
            generated
        });
        let wanted = self
            .overrides
            .renames
            .get(&id)
            .cloned()
            .unwrap_or_else(|| naming::type_name(&id));
        let rust = shared.op_names.claim(&wanted);
        let type_prefix = rust.clone();

        // Parameters: path-level first, operation-level replace them by (name, in).
        let mut params: Vec<(&'s Parameter, Option<&'s str>)> = Vec::new();
        for p in path_params.iter().chain(op.parameters.iter()) {
            let Some((p, component)) = self.resolve_param(p) else {
                return Err("a parameter $ref cannot be resolved".into());
            };
            let key = (p.parameter_data_ref().name.clone(), place_name(p));
            params.retain(|(q, _)| (q.parameter_data_ref().name.clone(), place_name(q)) != key);
            params.push((p, component));
        }

        let mut idempotent = op
            .extensions
            .get("x-hkob-idempotency")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let mut signed = op
            .extensions
            .get("x-hkob-signed")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let mut sign_if_configured = false;

        let safe_read = op
            .extensions
            .get("x-hkob-safe-read")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);

        let pagination = match self.overrides.pagination.get(&id) {
            Some(p) => Some(p.clone()),
            None => match op.extensions.get("x-hkob-pagination") {
                Some(v) => match serde_json::from_value::<Pagination>(v.clone()) {
                    Ok(p) => match p.validate() {
                        Ok(()) => Some(p),
                        Err(e) => {
                            notes.push(format!("{}: x-hkob-pagination ignored: {e}", self.label));
                            None
                        }
                    },
                    Err(e) => {
                        notes.push(format!("{}: x-hkob-pagination ignored: {e}", self.label));
                        None
                    }
                },
                None => None,
            },
        };

        let mut scope = NameScope::with_reserved(METHOD_NAMES);
        let mut out_params = Vec::new();
        let mut supplied = Vec::new();
        // Query parameter -> the `maximum` of its integer schema, for the page-size ceiling.
        let mut maximums: BTreeMap<&'s str, u64> = BTreeMap::new();
        for (p, component) in params {
            let data = p.parameter_data_ref();
            let place = match p {
                Parameter::Path { .. } => ParamPlace::Path,
                Parameter::Query { .. } => ParamPlace::Query,
                Parameter::Header { .. } => ParamPlace::Header,
                Parameter::Cookie { .. } => {
                    if data.required {
                        return Err(format!(
                            "required cookie parameter `{}` is not supported",
                            data.name
                        ));
                    }
                    notes.push(format!(
                        "{}: optional cookie parameter `{}` is left out",
                        self.label, data.name
                    ));
                    continue;
                }
            };
            if place == ParamPlace::Header {
                let lower = data.name.to_ascii_lowercase();
                if lower == "x-idempotency-key" || lower == "idempotency-key" {
                    idempotent = true;
                }
                if lower == "x-jws-signature" {
                    if data.required {
                        signed = true;
                    } else {
                        sign_if_configured = true;
                    }
                }
                if CORE_HEADERS.contains(&lower.as_str())
                    || self.credential_headers.contains(&lower)
                {
                    continue;
                }
                if self.overrides.supplies_header(&data.name) {
                    supplied.push(data.name.clone());
                    continue;
                }
            }
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => match component {
                    // A shared parameter gets one type, named after the component.
                    Some(c) => match shared.param_cache.get(c) {
                        Some(t) => t.clone(),
                        None => {
                            let t = types.type_of(SchemaRef::of(s), &naming::type_name(c));
                            shared.param_cache.insert(c.to_owned(), t.clone());
                            t
                        }
                    },
                    None => {
                        let context = format!("{type_prefix}{}", naming::type_name(&data.name));
                        types.type_of(SchemaRef::of(s), &context)
                    }
                },
                ParameterSchemaOrContent::Content(_) => {
                    if data.required {
                        return Err(format!(
                            "parameter `{}` is described by content, which is not supported",
                            data.name
                        ));
                    }
                    notes.push(format!(
                        "{}: parameter `{}` is described by content and is left out",
                        self.label, data.name
                    ));
                    continue;
                }
            };
            let override_key = format!("{id}.{}", data.name);
            let forced = self.overrides.parameters.get(&override_key);
            if forced.is_some() {
                shared.used_parameter_overrides.insert(override_key);
            }
            let ty = match forced {
                Some(o) => parameter_override_type(o),
                None => paging_param_type(pagination.as_ref(), place, &data.name, ty),
            };
            // A type named by the override file is written with its `Display`.
            let usable = forced.is_some()
                || match (&ty, place) {
                    (RustType::Vec(inner), ParamPlace::Query) => {
                        inner.is_scalar() || is_enum(types, inner)
                    }
                    (t, _) => t.is_scalar() || is_enum(types, t),
                };
            if !usable {
                if data.required || place == ParamPlace::Path {
                    return Err(format!(
                        "parameter `{}` has a type that cannot be written into a {}",
                        data.name,
                        place_name(p)
                    ));
                }
                notes.push(format!(
                    "{}: parameter `{}` has a type that cannot be written into a {} and is left out",
                    self.label,
                    data.name,
                    place_name(p)
                ));
                continue;
            }
            if let (ParamPlace::Query, ParameterSchemaOrContent::Schema(s)) = (place, &data.format)
                && let Some(max) = resolve(self.spec, SchemaRef::of(s))
                    .and_then(|(schema, _)| View(schema).integer_maximum())
            {
                maximums.insert(data.name.as_str(), max);
            }
            let doc = data
                .description
                .clone()
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| format!("The `{}` {} parameter.", data.name, place_name(p)));
            let name = naming::trait_safe(naming::field_name(&data.name), name_suffix(&ty));
            out_params.push(Param {
                rust: scope.claim(&name),
                wire: data.name.clone(),
                place,
                ty,
                required: data.required || place == ParamPlace::Path,
                doc,
            });
        }

        let range_specs = match self
            .overrides
            .operations
            .get(&id)
            .and_then(|o| o.ranges.clone())
        {
            Some(specs) => specs,
            None => match op.extensions.get("x-hkob-ranges") {
                Some(v) => match serde_json::from_value::<Vec<RangeSpec>>(v.clone()) {
                    Ok(specs) => specs,
                    Err(e) => {
                        notes.push(format!("{}: x-hkob-ranges ignored: {e}", self.label));
                        Vec::new()
                    }
                },
                None => Vec::new(),
            },
        };
        let mut ranges: Vec<RangeSetter> = Vec::new();
        for spec in &range_specs {
            match range_setter(spec, &out_params, &ranges, &mut scope) {
                Ok(range) => {
                    if shared.range_types.is_none() {
                        *shared.range_types = Some(RangeTypes {
                            range: types.claim_name("Range"),
                            reversed: types.claim_name("ReversedRange"),
                        });
                    }
                    ranges.push(range);
                }
                Err(e) => notes.push(format!(
                    "{}: range `{}` ignored (its parameters keep their own setters): {e}",
                    self.label, spec.setter
                )),
            }
        }

        let body = match &op.request_body {
            Some(rb) => match self.resolve_body(rb) {
                Some(rb) => {
                    Some(self.body(rb, &type_prefix, types, &mut scope, shared.op_names)?)
                }
                None => return Err("the request body $ref cannot be resolved".into()),
            },
            None => None,
        };
        let response = self.response(op, &type_prefix, types);

        if let Some(o) = self.overrides.operations.get(&id) {
            idempotent = o.idempotency.unwrap_or(idempotent);
            signed = o.signed.unwrap_or(signed);
        }
        let max_page_size = pagination
            .as_ref()
            .and_then(|p| p.size_param.as_deref())
            .and_then(|name| maximums.get(name).copied())
            .map(|max| u32::try_from(max).unwrap_or(u32::MAX));

        let mut doc = String::new();
        if let Some(s) = op.summary.as_deref().filter(|s| !s.trim().is_empty()) {
            doc.push_str(s.trim());
        } else {
            doc.push_str(&format!("The `{id}` operation."));
        }
        if let Some(d) = op.description.as_deref().filter(|d| !d.trim().is_empty()) {
            doc.push_str("\n\n");
            doc.push_str(d.trim());
        }
        if !supplied.is_empty() {
            let names: Vec<String> = supplied.iter().map(|n| format!("`{n}`")).collect();
            doc.push_str(&format!(
                "\n\nThe {} header{} not {}: the client's credentials set {} on every request.",
                names.join(" and "),
                if names.len() == 1 { " is" } else { "s are" },
                if names.len() == 1 {
                    "a parameter"
                } else {
                    "parameters"
                },
                if names.len() == 1 { "it" } else { "them" },
            ));
        }
        Ok((
            Operation {
                id,
                rust,
                method: self.method.to_ascii_uppercase(),
                path: self.path.to_owned(),
                doc,
                params: out_params,
                ranges,
                body,
                response,
                idempotent,
                signed,
                sign_if_configured: sign_if_configured && !signed,
                safe_read,
                pagination,
                max_page_size,
                response_check: self
                    .overrides
                    .response_check
                    .as_ref()
                    .map(|p| p.as_str().to_owned()),
                deprecated: op.deprecated,
            },
            notes,
        ))
    }

    /// The parameter, and the name of the component it came from.
    fn resolve_param(
        &self,
        p: &'s ReferenceOr<Parameter>,
    ) -> Option<(&'s Parameter, Option<&'s str>)> {
        let mut current = p;
        let mut component = None;
        for _ in 0..8 {
            match current {
                ReferenceOr::Item(i) => return Some((i, component)),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/parameters/")?;
                    component = Some(name);
                    current = self.spec.components.as_ref()?.parameters.get(name)?;
                }
            }
        }
        None
    }

    fn resolve_body(&self, b: &'s ReferenceOr<RequestBody>) -> Option<&'s RequestBody> {
        let mut current = b;
        for _ in 0..8 {
            match current {
                ReferenceOr::Item(i) => return Some(i),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/requestBodies/")?;
                    current = self.spec.components.as_ref()?.request_bodies.get(name)?;
                }
            }
        }
        None
    }

    fn body(
        &self,
        rb: &'s RequestBody,
        prefix: &str,
        types: &mut TypeSpace<'s>,
        scope: &mut NameScope,
        op_names: &mut NameScope,
    ) -> Result<Body, String> {
        let doc = rb
            .description
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| "The request body.".to_owned());
        let kind = if let Some((_, media)) = json_media(&rb.content) {
            let ty = match &media.schema {
                Some(s) => types.type_of(SchemaRef::of(s), &format!("{prefix}Body")),
                None => RustType::Json,
            };
            BodyKind::Json(ty)
        } else if let Some((_, media)) = rb
            .content
            .iter()
            .find(|(k, _)| media_name(k) == "application/x-www-form-urlencoded")
        {
            let ty = match &media.schema {
                Some(s) => types.type_of(SchemaRef::of(s), &format!("{prefix}Form")),
                None => RustType::Json,
            };
            if !matches!(ty, RustType::Named(_)) {
                return Err(
                    "a form body (application/x-www-form-urlencoded) whose schema is not an object is not supported"
                        .to_owned(),
                );
            }
            BodyKind::Form(ty)
        } else if let Some((_, media)) = rb
            .content
            .iter()
            .find(|(k, _)| media_name(k) == "multipart/form-data")
        {
            let parts = self.multipart(media, prefix, types)?;
            let name = op_names.claim(&format!("{prefix}Parts"));
            BodyKind::Multipart(MultipartDef { name, parts })
        } else if let Some((name, _)) = rb.content.iter().find(|(k, _)| is_text_media(k)) {
            BodyKind::Text(name.split(';').next().unwrap_or(name).trim().to_owned())
        } else {
            let kinds: Vec<&str> = rb.content.keys().map(String::as_str).collect();
            return Err(format!(
                "request body media type {} is not supported",
                kinds.join(", ")
            ));
        };
        Ok(Body {
            rust: scope.claim("body"),
            kind,
            required: rb.required,
            doc,
        })
    }

    /// The parts of a `multipart/form-data` body: one per property of its object schema, a file
    /// for `format: binary`, a list for an array.
    fn multipart(
        &self,
        media: &'s MediaType,
        prefix: &str,
        types: &mut TypeSpace<'s>,
    ) -> Result<Vec<PartDef>, String> {
        let not_object =
            || "a multipart body whose schema is not an object with properties is not supported";
        let schema = media.schema.as_ref().ok_or_else(not_object)?;
        let (schema, _) = resolve(self.spec, SchemaRef::of(schema)).ok_or_else(not_object)?;
        let view = View(schema);
        let properties = view.properties();
        if properties.is_empty() {
            return Err(not_object().to_owned());
        }
        let required = view.required();
        let mut fields = NameScope::new();
        let mut parts = Vec::new();
        for (wire, property) in properties {
            let resolved = resolve(self.spec, property).map(|(s, _)| View(s));
            let is_file = |v: &View<'_>| {
                v.type_name() == Some("string") && v.format().as_deref() == Some("binary")
            };
            let items = resolved
                .as_ref()
                .filter(|v| v.type_name() == Some("array"))
                .and_then(View::items)
                .and_then(|i| resolve(self.spec, i))
                .map(|(s, _)| View(s));
            let (kind, list) = if resolved.as_ref().is_some_and(is_file) {
                (PartKind::File, false)
            } else if items.as_ref().is_some_and(is_file) {
                (PartKind::File, true)
            } else {
                let context = format!("{prefix}{}", naming::type_name(wire));
                match types.type_of(property, &context) {
                    RustType::Vec(item) if item.is_scalar() => (PartKind::Value(*item), true),
                    ty => (PartKind::Value(ty), false),
                }
            };
            let doc = resolved
                .as_ref()
                .and_then(View::description)
                .filter(|d| !d.trim().is_empty())
                .map(str::to_owned);
            parts.push(PartDef {
                rust: fields.claim(&naming::field_name(wire)),
                wire: wire.to_owned(),
                kind,
                list,
                required: required.contains(&wire),
                doc,
            });
        }
        Ok(parts)
    }

    fn response(
        &self,
        op: &'s SpecOperation,
        prefix: &str,
        types: &mut TypeSpace<'s>,
    ) -> ResponseKind {
        let Some(r) = success_response(self.spec, op) else {
            return ResponseKind::Empty;
        };
        if let Some((_, media)) = json_media(&r.content) {
            return match &media.schema {
                Some(s) => ResponseKind::Json(
                    types.type_of(SchemaRef::of(s), &format!("{prefix}Response")),
                ),
                None => ResponseKind::Raw("application/json".into()),
            };
        }
        match r.content.keys().next() {
            Some(media) => ResponseKind::Raw(media.clone()),
            None => ResponseKind::Empty,
        }
    }
}

/// The type an entry of the override file's `[parameters]` gives a parameter.
fn parameter_override_type(o: &FieldOverride) -> RustType {
    match o {
        FieldOverride::DecimalString => RustType::Decimal(DecimalRepr::Str),
        FieldOverride::DecimalNumber => RustType::Decimal(DecimalRepr::Num),
        FieldOverride::String => RustType::String,
        FieldOverride::Date => RustType::Date,
        FieldOverride::DateTime => RustType::DateTime,
        FieldOverride::RustType(path) => RustType::Custom(path.as_str().to_owned()),
    }
}

/// What a parameter renamed by [`naming::trait_safe`] is suffixed with: `from_date`,
/// `from_time`, `from_value`.
fn name_suffix(ty: &RustType) -> &'static str {
    match ty {
        RustType::Date => "date",
        RustType::DateTime => "time",
        _ => "value",
    }
}

/// Checks a declared range against the operation's parameters: two optional query parameters
/// of one single-valued type, in no other range, and a setter name that is free.
fn range_setter(
    spec: &RangeSpec,
    params: &[Param],
    earlier: &[RangeSetter],
    scope: &mut NameScope,
) -> Result<RangeSetter, String> {
    spec.validate()?;
    if naming::TRAIT_METHODS.contains(&spec.setter.as_str()) {
        return Err(format!(
            "setter `{}` reads like a std trait method",
            spec.setter
        ));
    }
    let find = |wire: &str| -> Result<usize, String> {
        let i = params
            .iter()
            .position(|p| p.wire == wire && p.place == ParamPlace::Query)
            .ok_or_else(|| format!("the operation has no query parameter `{wire}`"))?;
        if params[i].required {
            return Err(format!("`{wire}` is required"));
        }
        if matches!(params[i].ty, RustType::Vec(_)) {
            return Err(format!("`{wire}` is an array"));
        }
        if earlier.iter().any(|r| r.from == i || r.to == i) {
            return Err(format!("`{wire}` is already in a range"));
        }
        Ok(i)
    };
    let from = find(&spec.from)?;
    let to = find(&spec.to)?;
    if params[from].ty != params[to].ty {
        return Err(format!(
            "`{}` and `{}` have different types",
            spec.from, spec.to
        ));
    }
    if scope.contains(&spec.setter) {
        return Err(format!("the name `{}` is taken", spec.setter));
    }
    let setter = scope.claim(&spec.setter);
    Ok(RangeSetter { setter, from, to })
}

/// The type of a paging parameter, as hkob-core pages with it: a page size is a `u32` (the type
/// of `Paginator::page_size` and `ListOperation::max_page_size`), an offset or a page number a
/// `u64` (the type of `PageCursor::Offset` and `PageCursor::Index`, where `paginate` starts when
/// the parameter is set). Only integer query parameters are changed; any other keeps `ty`.
fn paging_param_type(
    pagination: Option<&Pagination>,
    place: ParamPlace,
    name: &str,
    ty: RustType,
) -> RustType {
    let Some(p) = pagination else {
        return ty;
    };
    if place != ParamPlace::Query || !matches!(ty, RustType::I32 | RustType::I64) {
        return ty;
    }
    let is = |param: &Option<String>| param.as_deref() == Some(name);
    if is(&p.size_param) {
        RustType::U32
    } else if is(&p.offset_param) || is(&p.index_param) {
        RustType::U64
    } else {
        ty
    }
}

fn is_enum(types: &TypeSpace<'_>, t: &RustType) -> bool {
    match t {
        RustType::Named(n) => matches!(types.def(n), Some(crate::model::TypeDef::Enum(_))),
        _ => false,
    }
}

fn place_name(p: &Parameter) -> &'static str {
    match p {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// The first JSON media type of a content map.
fn json_media<'c>(
    content: impl IntoIterator<Item = (&'c String, &'c MediaType)>,
) -> Option<(&'c String, &'c MediaType)> {
    content.into_iter().find(|(k, _)| {
        let base = k.split(';').next().unwrap_or(k).trim().to_ascii_lowercase();
        base == "application/json"
            || base.ends_with("+json")
            || base == "*/*"
            || base == "text/json"
    })
}

/// A media type without its parameters (`; charset=...`), in lower case.
fn media_name(k: &str) -> String {
    k.split(';').next().unwrap_or(k).trim().to_ascii_lowercase()
}

/// Text media types passed through as strings (signed JWTs, plain text).
fn is_text_media(k: &str) -> bool {
    let base = k.split(';').next().unwrap_or(k).trim().to_ascii_lowercase();
    base == "application/jwt" || base == "application/jose" || base == "text/plain"
}

/// The success response: the lowest 2xx code, else `2XX`, else `default`.
fn success_response<'s>(spec: &'s OpenAPI, op: &'s SpecOperation) -> Option<&'s Response> {
    let mut codes: Vec<(u16, &ReferenceOr<Response>)> = op
        .responses
        .responses
        .iter()
        .filter_map(|(code, r)| match code {
            StatusCode::Code(c) if (200..300).contains(c) => Some((*c, r)),
            StatusCode::Range(2) => Some((299, r)),
            _ => None,
        })
        .collect();
    codes.sort_by_key(|(c, _)| *c);
    let r = codes.first().map(|(_, r)| *r)?;
    resolve_response(spec, r)
}

fn resolve_response<'s>(spec: &'s OpenAPI, r: &'s ReferenceOr<Response>) -> Option<&'s Response> {
    let mut current = r;
    for _ in 0..8 {
        match current {
            ReferenceOr::Item(i) => return Some(i),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                current = spec.components.as_ref()?.responses.get(name)?;
            }
        }
    }
    None
}

/// Examples of the operation's JSON bodies whose type is a generated one.
fn collect_examples<'s>(
    spec: &'s OpenAPI,
    op: &'s SpecOperation,
    operation: &Operation,
    types: &mut TypeSpace<'s>,
    names: &mut NameScope,
    out: &mut Vec<Example>,
) {
    let base = naming::field_name(&operation.id);
    let base = naming::bare(&base).to_owned();
    let mut push = |suffix: &str, ty: &RustType, media: &MediaType| {
        let mut values: Vec<(String, serde_json::Value)> = Vec::new();
        if let Some(e) = &media.example {
            values.push((String::new(), e.clone()));
        }
        for (name, e) in &media.examples {
            if let ReferenceOr::Item(e) = e
                && let Some(v) = &e.value
            {
                values.push((
                    naming::bare(&naming::field_name(name)).to_owned(),
                    v.clone(),
                ));
            }
        }
        for (name, json) in values {
            let test = if name.is_empty() {
                format!("{base}_{suffix}")
            } else {
                format!("{base}_{suffix}_{name}")
            };
            out.push(Example {
                name: names.claim(&test),
                ty: ty.clone(),
                json,
            });
        }
    };
    if let Some(Body {
        kind: BodyKind::Json(ty),
        ..
    }) = &operation.body
        && let Some(ReferenceOr::Item(rb)) = &op.request_body
        && let Some((_, media)) = json_media(&rb.content)
    {
        push("request", ty, media);
    }
    for (code, r) in &op.responses.responses {
        let Some(r) = resolve_response(spec, r) else {
            continue;
        };
        let Some((_, media)) = json_media(&r.content) else {
            continue;
        };
        let Some(ReferenceOr::Reference { reference }) = &media.schema else {
            continue;
        };
        let ty = match (code, &operation.response) {
            (StatusCode::Code(c), ResponseKind::Json(t)) if (200..300).contains(c) => t.clone(),
            _ => types.type_of(SchemaRef::Ref(reference), "ErrorBody"),
        };
        push(&code.to_string(), &ty, media);
    }
}
