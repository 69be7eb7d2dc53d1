//! What gets generated, before it is written out as Rust.

use crate::pagination::Pagination;

/// How a `Decimal` travels in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalRepr {
    /// As a JSON string (`"100.00"`).
    Str,
    /// As a JSON number (`100.00`).
    Num,
}

/// The Rust type of a field, parameter, body or response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32`: a page size (the type of `hkob_core::paging::Paginator::page_size`), or an
    /// integer of `format: uint32`.
    U32,
    /// `u64`: an item offset or a page number (the type of `hkob_core::paging::PageCursor`), or
    /// an integer of `format: uint64`.
    U64,
    /// `i128`: an integer whose bounds go beyond 64 bits.
    I128,
    /// `u128`: a non-negative integer whose bounds go beyond `u64`.
    U128,
    /// `f64` (never used for money).
    F64,
    /// `hkob_core::Decimal`.
    Decimal(DecimalRepr),
    /// `hkob_core::Date`.
    Date,
    /// `hkob_core::DateTime`.
    DateTime,
    /// `hkob_core::RawJson` (the JSON text, every digit kept): a schema that says nothing.
    Json,
    /// A generated type.
    Named(String),
    /// A type of the caller's, named by a path from an override (`crate::SignedAmount`).
    Custom(String),
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
}

impl RustType {
    /// The type as written in the `types` module (`prefix` qualifies generated names).
    pub fn render(&self, prefix: &str) -> String {
        match self {
            Self::String => "String".into(),
            Self::Bool => "bool".into(),
            Self::I32 => "i32".into(),
            Self::I64 => "i64".into(),
            Self::U32 => "u32".into(),
            Self::U64 => "u64".into(),
            Self::I128 => "i128".into(),
            Self::U128 => "u128".into(),
            Self::F64 => "f64".into(),
            Self::Decimal(_) => "hkob_core::Decimal".into(),
            Self::Date => "hkob_core::Date".into(),
            Self::DateTime => "hkob_core::DateTime".into(),
            Self::Json => "hkob_core::RawJson".into(),
            Self::Named(n) => format!("{prefix}{n}"),
            Self::Custom(path) => path.clone(),
            Self::Vec(t) => format!("Vec<{}>", t.render_held(prefix)),
            Self::Map(t) => format!(
                "std::collections::BTreeMap<String, {}>",
                t.render_held(prefix)
            ),
        }
    }

    /// The type as written where no serde helper can reach it: an item of a list or map, a
    /// variant of a union. A decimal is a `hkob_core::money::DecimalNumber` or `DecimalString`
    /// there, which keep its JSON form and refuse digits a `Decimal` cannot hold.
    pub fn render_held(&self, prefix: &str) -> String {
        match self {
            Self::Decimal(DecimalRepr::Num) => "hkob_core::money::DecimalNumber".into(),
            Self::Decimal(DecimalRepr::Str) => "hkob_core::money::DecimalString".into(),
            _ => self.render(prefix),
        }
    }

    /// Generated types this type holds without indirection (not inside `Vec`/map).
    pub fn direct_name(&self) -> Option<&str> {
        match self {
            Self::Named(n) => Some(n),
            _ => None,
        }
    }

    /// Whether a value of this type can be written into a URL or header.
    pub fn is_scalar(&self) -> bool {
        !matches!(
            self,
            Self::Json | Self::Vec(_) | Self::Map(_) | Self::Named(_) | Self::Custom(_)
        )
    }
}

/// One generated type.
#[derive(Debug, Clone)]
pub enum TypeDef {
    /// An object.
    Struct(StructDef),
    /// A forward-compatible string enum.
    Enum(EnumDef),
    /// A `oneOf` / `anyOf`.
    Union(UnionDef),
}

impl TypeDef {
    /// The Rust name.
    pub fn name(&self) -> &str {
        match self {
            Self::Struct(s) => &s.name,
            Self::Enum(e) => &e.name,
            Self::Union(u) => &u.name,
        }
    }
}

/// A struct with named fields.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: String,
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Type of `additionalProperties`, kept in a flattened map.
    pub additional: Option<(String, RustType)>,
    /// The schema says nothing of other keys (`additionalProperties` absent), so `additional`
    /// holds whatever the spec does not name.
    pub unsaid: bool,
    /// CDR-style `*UType` fields that say which sibling field is set.
    pub selectors: Vec<Selector>,
}

/// A `xUType` enum field whose values name sibling fields: rendered as a method returning a
/// borrowed enum of the selected field, so the union can be matched on while the wire format
/// stays exactly as the spec has it.
#[derive(Debug, Clone)]
pub struct Selector {
    /// Index of the `*UType` field.
    pub tag: usize,
    /// Rust name of the tag's enum type.
    pub tag_type: String,
    /// Name of the view enum.
    pub view: String,
    /// Name of the accessor method.
    pub method: String,
    /// (enum variant, index of the field it selects).
    pub options: Vec<(String, usize)>,
}

/// One struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust identifier (maybe raw).
    pub rust: String,
    /// JSON name.
    pub wire: String,
    /// The value type.
    pub ty: RustType,
    /// Required in the spec.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// Held in a `Box` (to break a recursive type).
    pub boxed: bool,
    /// Doc text.
    pub doc: String,
    /// `format: password`: a secret, shown as `[redacted]` by `Debug`.
    pub secret: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }

    /// Whether the field can be left out and can be `null`: held in a `hkob_core::Nullable`, so
    /// the two stay apart on the wire.
    pub fn tri_state(&self) -> bool {
        !self.required && self.nullable
    }
}

/// A string enum.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: String,
    /// (Rust variant, wire value).
    pub variants: Vec<(String, String)>,
}

/// A union of schemas.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: String,
    /// The discriminator property, when the spec names one.
    pub discriminator: Option<String>,
    /// The members.
    pub variants: Vec<UnionVariant>,
}

/// One member of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust: String,
    /// The member's type.
    pub ty: RustType,
    /// Discriminator values that select this member.
    pub tags: Vec<String>,
    /// Held in a `Box`.
    pub boxed: bool,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamPlace {
    /// Into the path template.
    Path,
    /// Into the query string.
    Query,
    /// Into a header.
    Header,
}

/// One operation parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Rust identifier.
    pub rust: String,
    /// Name on the wire.
    pub wire: String,
    /// Where it goes.
    pub place: ParamPlace,
    /// Its type.
    pub ty: RustType,
    /// Required.
    pub required: bool,
    /// Doc text.
    pub doc: String,
}

/// A range setter: two optional query parameters of one type, set together from a checked
/// range (see [`crate::ranges`]).
#[derive(Debug, Clone)]
pub struct RangeSetter {
    /// The setter's name.
    pub setter: String,
    /// Index in [`Operation::params`] of the lower bound's parameter.
    pub from: usize,
    /// Index in [`Operation::params`] of the upper bound's parameter.
    pub to: usize,
}

/// How a request body is sent.
#[derive(Debug, Clone)]
pub enum BodyKind {
    /// Serialized as JSON.
    Json(RustType),
    /// Serialized as `application/x-www-form-urlencoded` pairs (an object of scalar fields).
    Form(RustType),
    /// Passed through as text with this media type (e.g. a signed JWT).
    Text(String),
    /// Sent as `multipart/form-data`, from a struct of its parts (a document upload).
    Multipart(MultipartDef),
}

/// The struct of a `multipart/form-data` body's parts, generated beside its request type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartDef {
    /// The struct's Rust name (`UploadDocumentParts`).
    pub name: String,
    /// The parts, in the order of the schema's properties.
    pub parts: Vec<PartDef>,
}

/// One part (one property of the body's schema).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartDef {
    /// Rust field name.
    pub rust: String,
    /// The part's name on the wire.
    pub wire: String,
    /// What the part holds.
    pub kind: PartKind,
    /// A list: one part per element, under the same name.
    pub list: bool,
    /// Required by the schema.
    pub required: bool,
    /// The property's description, if it has one.
    pub doc: Option<String>,
}

/// What a part holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartKind {
    /// A file (`type: string, format: binary`): `hkob_core::FileUpload`.
    File,
    /// A value, written as text (a scalar) or as JSON (an object).
    Value(RustType),
}

/// The request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Rust identifier of the field.
    pub rust: String,
    /// How it is sent.
    pub kind: BodyKind,
    /// Required.
    pub required: bool,
    /// Doc text.
    pub doc: String,
}

/// What a successful call returns.
#[derive(Debug, Clone)]
pub enum ResponseKind {
    /// A JSON body decoded into this type.
    Json(RustType),
    /// No body (or one to ignore).
    Empty,
    /// A body that is not JSON: handed back raw.
    Raw(String),
}

/// One operation: a request type with `new`, setters, `to_request`, `send`.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Rust type name.
    pub rust: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Doc text.
    pub doc: String,
    /// Parameters (path, query, header).
    pub params: Vec<Param>,
    /// The body, if any.
    pub body: Option<Body>,
    /// The success response.
    pub response: ResponseKind,
    /// Needs an idempotency key.
    pub idempotent: bool,
    /// Needs a signature.
    pub signed: bool,
    /// Signed when the client has a signer (an optional `x-jws-signature` header).
    pub sign_if_configured: bool,
    /// Only reads, whatever its method (`x-hkob-safe-read`): retried like a `GET`.
    pub safe_read: bool,
    /// Pairs of parameters set together from a checked range; their own setters are left out.
    pub ranges: Vec<RangeSetter>,
    /// Paging, for list operations.
    pub pagination: Option<Pagination>,
    /// The largest page the list serves: the `maximum` of its page-size parameter.
    pub max_page_size: Option<u32>,
    /// The function every answer goes through before it is decoded (the override file's
    /// `response-check`), as a Rust path.
    pub response_check: Option<String>,
    /// Deprecated in the spec.
    pub deprecated: bool,
}

/// An example from the spec, for round-trip tests.
#[derive(Debug, Clone)]
pub struct Example {
    /// Test name (snake case, unique).
    pub name: String,
    /// Generated type the example decodes into.
    pub ty: RustType,
    /// The example as JSON.
    pub json: serde_json::Value,
}

/// Everything generated from one spec.
#[derive(Debug, Clone)]
pub struct ApiModel {
    /// Title of the spec.
    pub title: String,
    /// Version of the spec.
    pub version: String,
    /// Description of the spec.
    pub description: String,
    /// Types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Examples for round-trip tests.
    pub examples: Vec<Example>,
    /// (component schema name, Rust type name) of every component that became a type.
    pub schemas: Vec<(String, String)>,
    /// What could not be generated, one line each.
    pub skipped: Vec<String>,
    /// The security schemes' header names and endpoints, as constants.
    pub security: Vec<crate::security::SecurityConst>,
    /// The names of the range types, when an operation has a range setter.
    pub ranges: Option<crate::ranges::RangeTypes>,
}
