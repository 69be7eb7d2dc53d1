//! Rust types from schemas: structs, open enums, unions, and the primitive mapping.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Schema};

use crate::model::{
    DecimalRepr, EnumDef, Field, RustType, Selector, StructDef, TypeDef, UnionDef, UnionVariant,
};
use crate::naming::{self, NameScope};
use crate::overrides::{FieldOverride, Overrides};
use crate::schema::{self, SchemaRef, View};

/// Builds the generated types of one spec.
pub struct TypeSpace<'a> {
    spec: &'a OpenAPI,
    overrides: &'a Overrides,
    decimal_extensions: BTreeMap<String, Vec<String>>,
    /// Component schema name -> Rust name, for components that become types.
    components: BTreeMap<String, String>,
    /// Generated types by Rust name.
    defs: BTreeMap<String, TypeDef>,
    names: NameScope,
    /// Components being resolved as aliases (to stop alias cycles).
    resolving: BTreeSet<String>,
    /// Inline schemas already turned into types, by address (so allOf copies share them).
    inline_types: BTreeMap<usize, RustType>,
    /// Problems worth telling the user about.
    pub warnings: Vec<String>,
}

/// The properties of a struct, with its `allOf` members merged in.
#[derive(Default)]
struct Merged<'a> {
    /// (JSON name, schema, component it was declared in).
    props: Vec<(&'a str, SchemaRef<'a>, Option<&'a str>)>,
    required: BTreeSet<&'a str>,
    additional: Option<Option<SchemaRef<'a>>>,
    /// Some part says `additionalProperties: false` (so no key it does not name is valid).
    closed: bool,
}

/// What a schema becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Struct,
    Enum,
    Union,
    Other,
}

impl<'a> TypeSpace<'a> {
    /// A type space for `spec`; names every component that becomes a type.
    pub fn new(spec: &'a OpenAPI, overrides: &'a Overrides, reserved: &[&str]) -> Self {
        let mut space = Self {
            spec,
            overrides,
            decimal_extensions: overrides.decimal_extensions(),
            components: BTreeMap::new(),
            defs: BTreeMap::new(),
            names: NameScope::with_reserved(reserved),
            resolving: BTreeSet::new(),
            inline_types: BTreeMap::new(),
            warnings: Vec::new(),
        };
        let keys: Vec<String> = spec
            .components
            .as_ref()
            .map(|c| c.schemas.keys().cloned().collect())
            .unwrap_or_default();
        let mut keys = keys;
        keys.sort();
        for key in &keys {
            let Some(s) = space.component(key) else {
                continue;
            };
            if space.shape(s) != Shape::Other {
                let wanted = overrides
                    .renames
                    .get(key)
                    .cloned()
                    .unwrap_or_else(|| naming::type_name(key));
                let name = space.names.claim(&wanted);
                space.components.insert(key.clone(), name);
            }
        }
        space
    }

    /// Builds every component type (call once, after `new`).
    pub fn build_components(&mut self) {
        let keys: Vec<(String, String)> = self
            .components
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let spec = self.spec;
        for (key, name) in keys {
            let Some((k, _)) = spec
                .components
                .as_ref()
                .and_then(|c| c.schemas.get_key_value(&key))
            else {
                continue;
            };
            if let Some(s) = self.component(k) {
                self.define(s, &name, Some(k.as_str()));
            }
        }
    }

    /// (component schema name, Rust type name) of the components that become types.
    pub fn component_types(&self) -> Vec<(String, String)> {
        self.components
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Claims a fresh type name (for operation-level inline types).
    pub fn claim_name(&mut self, wanted: &str) -> String {
        self.names.claim(wanted)
    }

    fn component(&self, key: &str) -> Option<&'a Schema> {
        let r = self.spec.components.as_ref()?.schemas.get(key)?;
        schema::resolve(self.spec, SchemaRef::of(r)).map(|(s, _)| s)
    }

    fn shape(&self, s: &Schema) -> Shape {
        let v = View(s);
        if !v.all_of().is_empty() {
            return if v.all_of().len() == 1 && !v.is_object_with_properties() {
                // A single-member allOf is an alias (often used to add a description).
                match schema::resolve(self.spec, SchemaRef::of(&v.all_of()[0])) {
                    Some((inner, None)) => self.shape(inner),
                    _ => Shape::Other,
                }
            } else {
                Shape::Struct
            };
        }
        if !v.one_of().is_empty() {
            return if v.one_of().len() == 1 {
                Shape::Other
            } else {
                Shape::Union
            };
        }
        if !v.string_enum().is_empty() {
            return Shape::Enum;
        }
        if v.is_object_with_properties() {
            return Shape::Struct;
        }
        Shape::Other
    }

    /// The Rust type for a schema reference; `context` names inline types.
    pub fn type_of(&mut self, r: SchemaRef<'a>, context: &str) -> RustType {
        match r {
            SchemaRef::Ref(reference) => {
                let Some(key) = schema::component_name(reference) else {
                    self.warnings.push(format!(
                        "{context}: $ref `{reference}` is not a component schema; using hkob_core::RawJson"
                    ));
                    return RustType::Json;
                };
                if let Some(name) = self.components.get(key) {
                    return RustType::Named(name.clone());
                }
                let Some(target) = self
                    .spec
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get(key))
                else {
                    self.warnings.push(format!(
                        "{context}: $ref `{reference}` points at nothing; using hkob_core::RawJson"
                    ));
                    return RustType::Json;
                };
                if !self.resolving.insert(key.to_owned()) {
                    return RustType::Json;
                }
                let name = naming::type_name(key);
                let t = self.type_of(SchemaRef::of(target), &name);
                self.resolving.remove(key);
                t
            }
            SchemaRef::Inline(s) => self.inline(s, context),
        }
    }

    fn inline(&mut self, s: &'a Schema, context: &str) -> RustType {
        let v = View(s);
        match self.shape(s) {
            Shape::Struct | Shape::Enum | Shape::Union => {
                let key = s as *const Schema as usize;
                if let Some(t) = self.inline_types.get(&key) {
                    return t.clone();
                }
                let name = self.names.claim(&naming::type_name(context));
                self.inline_types.insert(key, RustType::Named(name.clone()));
                self.define(s, &name, None);
                return RustType::Named(name);
            }
            Shape::Other => {}
        }
        if let [only] = v.all_of() {
            return self.type_of(SchemaRef::of(only), context);
        }
        if let [only] = v.one_of() {
            return self.type_of(SchemaRef::of(only), context);
        }
        self.primitive(s, context)
    }

    fn primitive(&mut self, s: &'a Schema, context: &str) -> RustType {
        let v = View(s);
        let format = v.format();
        if let Some(d) = self.decimal_marker(&v) {
            return RustType::Decimal(d);
        }
        match v.type_name() {
            Some("string") => match format.as_deref() {
                Some("date") => RustType::Date,
                Some("date-time") => RustType::DateTime,
                _ => RustType::String,
            },
            Some("integer") => match format.as_deref() {
                Some("int32") => RustType::I32,
                Some("uint32") => RustType::U32,
                Some("uint64") => RustType::U64,
                Some("int128") => RustType::I128,
                Some("uint128") => RustType::U128,
                _ => v.integer_beyond_i64().unwrap_or(RustType::I64),
            },
            Some("number") => RustType::F64,
            Some("boolean") => RustType::Bool,
            Some("array") => match v.items() {
                Some(items) => {
                    RustType::Vec(Box::new(self.type_of(items, &format!("{context}Item"))))
                }
                None => RustType::Vec(Box::new(RustType::Json)),
            },
            Some("object") | None => match v.additional() {
                Some(Some(value)) => {
                    RustType::Map(Box::new(self.type_of(value, &format!("{context}Value"))))
                }
                Some(None) => RustType::Map(Box::new(RustType::Json)),
                None if v.type_name() == Some("object") => RustType::Map(Box::new(RustType::Json)),
                None => match v.items() {
                    Some(items) => {
                        RustType::Vec(Box::new(self.type_of(items, &format!("{context}Item"))))
                    }
                    None => RustType::Json,
                },
            },
            Some(other) => {
                self.warnings.push(format!(
                    "{context}: unknown type `{other}`; using hkob_core::RawJson"
                ));
                RustType::Json
            }
        }
    }

    /// `Some` when the schema is money or a rate.
    fn decimal_marker(&self, v: &View<'a>) -> Option<DecimalRepr> {
        let format = v.format();
        let ty = v.type_name();
        if let Some(f) = format.as_deref()
            && (f == "decimal" || self.overrides.decimal_formats.iter().any(|d| d == f))
        {
            return match ty {
                Some("number") | Some("integer") => Some(DecimalRepr::Num),
                Some("string") | None => Some(DecimalRepr::Str),
                _ => None,
            };
        }
        if self.overrides.decimal_numbers && ty == Some("number") {
            return Some(DecimalRepr::Num);
        }
        if ty == Some("string") || ty.is_none() {
            for (ext, values) in &self.decimal_extensions {
                if let Some(value) = v.extension(ext).and_then(|x| x.as_str())
                    && values.iter().any(|m| m == value)
                {
                    return Some(DecimalRepr::Str);
                }
            }
        }
        None
    }

    fn define(&mut self, s: &'a Schema, name: &str, component: Option<&'a str>) {
        if self.defs.contains_key(name) {
            return;
        }
        let v = View(s);
        // Reserve the slot first, so recursive references see the type as defined.
        self.defs.insert(
            name.to_owned(),
            TypeDef::Enum(EnumDef {
                name: name.to_owned(),
                doc: String::new(),
                variants: Vec::new(),
            }),
        );
        let def = match self.shape(s) {
            Shape::Enum => TypeDef::Enum(self.enum_def(&v, name)),
            Shape::Union => TypeDef::Union(self.union_def(&v, name)),
            Shape::Struct | Shape::Other => {
                if !v.all_of().is_empty() && v.all_of().len() == 1 && !v.is_object_with_properties()
                {
                    // Alias through a single-member allOf: define the target under this name.
                    if let Some((inner, None)) =
                        schema::resolve(self.spec, SchemaRef::of(&v.all_of()[0]))
                    {
                        self.defs.remove(name);
                        self.define(inner, name, component);
                        if let (Some(TypeDef::Struct(st)), Some(d)) =
                            (self.defs.get_mut(name), v.description())
                        {
                            st.doc = d.to_owned();
                        }
                        return;
                    }
                }
                TypeDef::Struct(self.struct_def(s, name, component))
            }
        };
        self.defs.insert(name.to_owned(), def);
    }

    fn enum_def(&mut self, v: &View<'a>, name: &str) -> EnumDef {
        let variants = enum_variants(v.string_enum());
        EnumDef {
            name: name.to_owned(),
            doc: v
                .description()
                .map(str::to_owned)
                .unwrap_or_else(|| format!("The `{name}` values.")),
            variants,
        }
    }

    fn union_def(&mut self, v: &View<'a>, name: &str) -> UnionDef {
        let discriminator = v.0.schema_data.discriminator.as_ref();
        let mut scope = NameScope::with_reserved(&["Other"]);
        let mut variants = Vec::new();
        for (i, member) in v.one_of().iter().enumerate() {
            let r = SchemaRef::of(member);
            let (wanted, component) = match r {
                SchemaRef::Ref(reference) => {
                    let key = schema::component_name(reference).unwrap_or("Variant");
                    (naming::type_name(key), Some(key.to_owned()))
                }
                SchemaRef::Inline(s) => {
                    let title = s.schema_data.title.as_deref();
                    let base = match title {
                        Some(t) => naming::type_name(t),
                        None => match View(s).type_name() {
                            Some(t) if View(s).string_enum().is_empty() => naming::type_name(t),
                            _ => format!("Variant{}", i + 1),
                        },
                    };
                    (base, None)
                }
            };
            let ty = self.type_of(r, &format!("{name}{wanted}"));
            let mut tags = Vec::new();
            if let (Some(d), SchemaRef::Ref(reference)) = (discriminator, r) {
                for (value, target) in &d.mapping {
                    if target == reference
                        || schema::component_name(target).is_none()
                            && component.as_deref() == Some(target)
                    {
                        tags.push(value.clone());
                    }
                }
                if tags.is_empty()
                    && let Some(c) = &component
                {
                    tags.push(c.clone());
                }
            }
            variants.push(UnionVariant {
                rust: scope.claim(&wanted),
                ty,
                tags,
                boxed: false,
            });
        }
        UnionDef {
            name: name.to_owned(),
            doc: v
                .description()
                .map(str::to_owned)
                .unwrap_or_else(|| format!("One of the `{name}` alternatives.")),
            discriminator: discriminator.map(|d| d.property_name.clone()),
            variants,
        }
    }

    /// Properties (in order, later allOf members refining earlier ones) and required names of a
    /// schema with its `allOf` merged. `origin` is the component the properties come from.
    fn merge(
        &mut self,
        s: &'a Schema,
        into: &mut Merged<'a>,
        depth: usize,
        name: &str,
        origin: Option<&'a str>,
    ) {
        if depth > 16 {
            return;
        }
        let v = View(s);
        for member in v.all_of() {
            match schema::resolve(self.spec, SchemaRef::of(member)) {
                Some((m, component)) => {
                    if !View(m).one_of().is_empty() {
                        self.warnings.push(format!(
                            "{name}: a oneOf inside allOf is not merged; its properties are left out"
                        ));
                    }
                    self.merge(m, into, depth + 1, name, component.or(origin));
                }
                None => self.warnings.push(format!(
                    "{name}: an allOf member cannot be resolved; it is left out"
                )),
            }
        }
        for (k, r) in v.properties() {
            if let Some(existing) = into.props.iter_mut().find(|(n, _, _)| *n == k) {
                existing.1 = r;
                existing.2 = origin;
            } else {
                into.props.push((k, r, origin));
            }
        }
        into.required.extend(v.required());
        if let Some(a) = v.additional() {
            into.additional = Some(a);
        }
        into.closed |= v.closed();
    }

    fn struct_def(&mut self, s: &'a Schema, name: &str, component: Option<&'a str>) -> StructDef {
        let v = View(s);
        let mut merged = Merged::default();
        self.merge(s, &mut merged, 0, name, component);
        let Merged {
            props,
            required,
            additional,
            closed,
        } = merged;
        let mut scope = NameScope::new();
        let mut fields = Vec::new();
        let mut tags: Vec<(usize, String, Vec<String>)> = Vec::new();
        for (wire, r, origin) in &props {
            let context = format!("{name}{}", naming::type_name(wire));
            let resolved = schema::resolve(self.spec, *r).map(|(s, _)| s);
            let nullable = resolved.is_some_and(|s| s.schema_data.nullable);
            let secret = resolved.is_some_and(|s| View(s).format().as_deref() == Some("password"));
            let forced = origin
                .and_then(|o| self.overrides.fields.get(&format!("{o}.{wire}")))
                .or_else(|| {
                    self.overrides
                        .fields
                        .get(&format!("{}.{wire}", component.unwrap_or(name)))
                });
            let ty = match forced {
                Some(FieldOverride::RustType(path)) => self.custom_shape(*r, path.as_str(), 0),
                Some(o) => override_type(o),
                None => self.type_of(*r, &context),
            };
            let mut doc = resolved
                .and_then(|s| View(s).description())
                .map(str::to_owned)
                .unwrap_or_default();
            if let SchemaRef::Inline(inline) = r
                && let Some(d) = View(inline).description()
            {
                doc = d.to_owned();
            }
            if doc.is_empty() {
                doc = format!("The `{wire}` property.");
            }
            if wire.ends_with("UType") {
                let options = resolved.map(|s| View(s).string_enum()).unwrap_or_default();
                if let RustType::Named(tag_type) = &ty
                    && !options.is_empty()
                {
                    tags.push((fields.len(), tag_type.clone(), options.clone()));
                }
                if !options.is_empty() {
                    doc.push_str(&format!(
                        "\n\nSays which one of the sibling fields {} is set.",
                        options
                            .iter()
                            .map(|o| format!("`{o}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
            if secret {
                doc.push_str("\n\nA secret: `Debug` shows it as `[redacted]`.");
            }
            fields.push(Field {
                rust: scope.claim(&naming::field_name(wire)),
                wire: (*wire).to_owned(),
                ty,
                required: required.contains(wire),
                nullable,
                boxed: false,
                doc,
                secret,
            });
        }
        let unsaid = additional.is_none() && !closed;
        let additional = match additional {
            Some(value) => {
                let ty = match value {
                    Some(r) => self.type_of(r, &format!("{name}Value")),
                    None => RustType::Json,
                };
                Some((scope.claim("additional_properties"), ty))
            }
            // Unsaid: the schema allows keys it does not name, so they are kept as they came.
            None if !closed => Some((scope.claim("additional_properties"), RustType::Json)),
            None => None,
        };
        let mut selectors = Vec::new();
        for (tag, tag_type, values) in tags {
            let base = fields[tag].wire.trim_end_matches("UType").to_owned();
            if base.is_empty() {
                continue;
            }
            let options: Vec<(String, usize)> = enum_variants(values)
                .into_iter()
                .filter_map(|(variant, wire)| {
                    fields
                        .iter()
                        .position(|f| f.wire == wire)
                        .map(|i| (variant, i))
                })
                .collect();
            if options.is_empty() {
                continue;
            }
            selectors.push(Selector {
                tag,
                tag_type,
                view: {
                    let base_type = naming::type_name(&base);
                    let wanted = if name.ends_with(&base_type) {
                        format!("{name}Variant")
                    } else {
                        format!("{name}{base_type}")
                    };
                    self.names.claim(&wanted)
                },
                method: naming::field_name(&base),
                options,
            });
        }
        StructDef {
            selectors,
            name: name.to_owned(),
            doc: v
                .description()
                .map(str::to_owned)
                .unwrap_or_else(|| format!("The `{}` object.", component.unwrap_or(name))),
            fields,
            additional,
            unsaid,
        }
    }

    /// The caller's type `path` in place of the elements of the property `r`: `Vec<T>` for an
    /// array, `BTreeMap<String, T>` for a map (an object with only `additionalProperties`), `T`
    /// for anything else.
    fn custom_shape(&self, r: SchemaRef<'a>, path: &str, depth: usize) -> RustType {
        let custom = || RustType::Custom(path.to_owned());
        let Some((s, _)) = schema::resolve(self.spec, r) else {
            return custom();
        };
        if depth > 8 {
            return custom();
        }
        let v = View(s);
        if let Some(items) = v.items() {
            return RustType::Vec(Box::new(self.custom_shape(items, path, depth + 1)));
        }
        if v.properties().is_empty()
            && let Some(Some(value)) = v.additional()
        {
            return RustType::Map(Box::new(self.custom_shape(value, path, depth + 1)));
        }
        custom()
    }

    /// All types, sorted by name, with recursive fields boxed.
    pub fn finish(mut self) -> (Vec<TypeDef>, Vec<String>) {
        box_recursion(&mut self.defs);
        (self.defs.into_values().collect(), self.warnings)
    }

    /// The type defined under `name`, if any.
    pub fn def(&self, name: &str) -> Option<&TypeDef> {
        self.defs.get(name)
    }
}

/// (Rust variant, wire value) of a string enum, deduplicated; `Unknown` is left to open_enum.
fn enum_variants(values: Vec<String>) -> Vec<(String, String)> {
    let mut scope = NameScope::with_reserved(&["Unknown"]);
    let mut seen = BTreeSet::new();
    values
        .into_iter()
        .filter(|w| seen.insert(w.clone()))
        .map(|wire| (scope.claim(&naming::type_name(&wire)), wire))
        .collect()
}

fn override_type(o: &FieldOverride) -> RustType {
    match o {
        FieldOverride::DecimalString => RustType::Decimal(DecimalRepr::Str),
        FieldOverride::DecimalNumber => RustType::Decimal(DecimalRepr::Num),
        FieldOverride::String => RustType::String,
        FieldOverride::Date => RustType::Date,
        FieldOverride::DateTime => RustType::DateTime,
        FieldOverride::RustType(path) => RustType::Custom(path.as_str().to_owned()),
    }
}

/// Boxes every field or variant whose type leads back to the type holding it.
fn box_recursion(defs: &mut BTreeMap<String, TypeDef>) {
    let edges: BTreeMap<String, BTreeSet<String>> = defs
        .iter()
        .map(|(name, def)| (name.clone(), direct_deps(def)))
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone())
                && let Some(next) = edges.get(&n)
            {
                stack.extend(next.iter().cloned());
            }
        }
        false
    };
    let mut boxes: Vec<(String, usize)> = Vec::new();
    for (name, def) in defs.iter() {
        match def {
            TypeDef::Struct(s) => {
                for (i, f) in s.fields.iter().enumerate() {
                    if let Some(target) = f.ty.direct_name()
                        && reaches(target, name)
                    {
                        boxes.push((name.clone(), i));
                    }
                }
            }
            TypeDef::Union(u) => {
                for (i, variant) in u.variants.iter().enumerate() {
                    if let Some(target) = variant.ty.direct_name()
                        && reaches(target, name)
                    {
                        boxes.push((name.clone(), i));
                    }
                }
            }
            TypeDef::Enum(_) => {}
        }
    }
    for (name, i) in boxes {
        match defs.get_mut(&name) {
            Some(TypeDef::Struct(s)) => s.fields[i].boxed = true,
            Some(TypeDef::Union(u)) => u.variants[i].boxed = true,
            _ => {}
        }
    }
}

fn direct_deps(def: &TypeDef) -> BTreeSet<String> {
    match def {
        TypeDef::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| f.ty.direct_name().map(str::to_owned))
            .collect(),
        TypeDef::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| v.ty.direct_name().map(str::to_owned))
            .collect(),
        TypeDef::Enum(_) => BTreeSet::new(),
    }
}
