//! Instances of a schema: many JSON values valid against one component schema, for
//! property-based round-trip tests of the generated types.
//!
//! [`instances`] walks `#/components/schemas/<name>` and draws values from a small
//! deterministic generator (splitmix64), so a seed always gives the same values. Instance 0
//! has every property of every object (down to the recursion limit), instance 1 only the
//! required ones, the others a random half of the optional ones.
//!
//! What is honoured (OpenAPI 3.0 semantics):
//! - `$ref` through `#/components/schemas`; past a nesting depth, objects get only their
//!   required properties, arrays their `minItems`, and nullable schemas `null`; a cycle of
//!   required properties (or of `minItems`) is an [`InstanceError`];
//! - `type`, and for a schema without one the kind its keywords imply (`properties` an
//!   object, `items` an array, `pattern` a string, ...); a schema that says nothing gives
//!   any small JSON value (never `null`);
//! - `nullable` (sometimes `null`, unless an `enum` leaves `null` out; also on a schema
//!   without `type`, such as `nullable: true` beside an `allOf`) and `enum`;
//! - formats `date`, `date-time`, `email`, `uri`, `uuid`, `byte`, `int32`, `int64`,
//!   `float`, `double` and `decimal` (a decimal number as a string, or a short decimal number),
//!   and whatever [`DecimalMarkers`] says is a decimal, as the generator reads it (any other
//!   format is a plain string or number);
//! - `minimum`, `maximum`, boolean `exclusiveMinimum`/`exclusiveMaximum`, `multipleOf`;
//! - `minLength`, `maxLength` (in characters) and `pattern` (parsed with `regex_syntax`;
//!   the string is drawn from the pattern and checked against every pattern that applies);
//! - `items`, `minItems`, `maxItems` (0 to 3 items by default), `uniqueItems`;
//! - `properties`, `required`, `additionalProperties` (extra keys unless it is `false`: when it
//!   is absent too, as a bank's newer fields would come), `minProperties`, `maxProperties`;
//! - `allOf` (members merged; contradictions are errors), `oneOf`/`anyOf` (one member is
//!   chosen and merged in) and `discriminator` (the property is set to the value that selects
//!   the chosen member, from `mapping` or else the member's name; a base schema's
//!   discriminator without `oneOf` is set to the value naming the component being generated);
//! - `oneOf` exclusivity without a discriminator: the value is drawn again (up to 32 times)
//!   until a conservative check finds it refused by every other member; members that always
//!   overlap make an [`InstanceError`] at the `oneOf`. After two tries the optional properties
//!   are drawn at random, even in instances 0 and 1. With a discriminator, the discriminator
//!   tells the members apart and the check is skipped.
//!
//! What is not: `not` is ignored (an instance may match the schema under `not`); the check
//! behind `oneOf` exclusivity does not look at formats; look-aheads right after a leading `^`
//! (`^(?!\s)...`) are checked on each drawn string, but other look-arounds and other syntax
//! `regex_syntax` rejects are [`InstanceError`]s, as are patterns no string of at most
//! 600 characters within the length limits was found for, and minimums above 10 000
//! (characters, items); `readOnly` and `writeOnly` are ignored (both kinds of property appear).
//! A pattern and a format together: values of the format are tried first, then strings drawn
//! from the pattern that also look like the format (dates exactly, URIs, e-mails and UUIDs
//! by shape).

use std::collections::HashMap;
use std::fmt;

use openapiv3::{Discriminator, OpenAPI, Schema, SchemaKind, Type};
use regex_syntax::hir::{Class, ClassBytes, ClassUnicode, Hir, HirKind, Look, Repetition};
use serde_json::{Map, Number, Value};

use crate::pointer::escape;
use crate::schema::{SchemaRef, View, component_name, resolve};

/// Generates instances of `schema_name` from `spec`; deterministic for a given seed.
///
/// `schema_name` is a key of `components.schemas`. Every value returned is valid against the
/// schema (as far as the module documentation says what is honoured); an error names the
/// construct for which no valid value could be made.
pub fn instances(
    spec: &OpenAPI,
    schema_name: &str,
    count: usize,
    seed: u64,
) -> Result<Vec<Value>, InstanceError> {
    instances_with(spec, schema_name, count, seed, &DecimalMarkers::default())
}

/// What else marks a schema as a decimal besides `format: decimal`: the override file's
/// `decimal-formats`, `decimal-numbers` and `decimal-extensions`, which the generator reads as
/// decimals too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalMarkers {
    formats: Vec<String>,
    numbers: bool,
    extensions: std::collections::BTreeMap<String, Vec<String>>,
}

impl Default for DecimalMarkers {
    /// The markers in force without an override file (CDR's `x-cds-type` amounts and rates).
    fn default() -> Self {
        Self::from_overrides(&crate::overrides::Overrides::default())
    }
}

impl DecimalMarkers {
    /// The markers of an override file.
    pub fn from_overrides(overrides: &crate::overrides::Overrides) -> Self {
        Self {
            formats: overrides.decimal_formats.clone(),
            numbers: overrides.decimal_numbers,
            extensions: overrides.decimal_extensions(),
        }
    }

    /// Whether the schema is a decimal (its format, as the instance generator should read it).
    fn marks(&self, view: View<'_>) -> bool {
        let format = view.format();
        if format
            .as_deref()
            .is_some_and(|f| f == "decimal" || self.formats.iter().any(|d| d == f))
        {
            return true;
        }
        if self.numbers && view.type_name() == Some("number") {
            return true;
        }
        self.extensions.iter().any(|(ext, values)| {
            view.extension(ext)
                .and_then(|x| x.as_str())
                .is_some_and(|v| values.iter().any(|m| m == v))
        })
    }
}

/// [`instances`], with the decimal markers of an override file.
pub fn instances_with(
    spec: &OpenAPI,
    schema_name: &str,
    count: usize,
    seed: u64,
    decimals: &DecimalMarkers,
) -> Result<Vec<Value>, InstanceError> {
    let pointer = format!("/components/schemas/{}", escape(schema_name));
    let known = spec
        .components
        .as_ref()
        .is_some_and(|c| c.schemas.contains_key(schema_name));
    if !known {
        return Err(InstanceError::new(pointer, "no such component schema"));
    }
    let reference = format!("#/components/schemas/{schema_name}");
    let mut generator = Generator::new(spec, seed, decimals);
    (0..count)
        .map(|index| {
            generator.mode = Mode::for_instance(index);
            let part = Part {
                schema: SchemaRef::Ref(&reference),
                pointer: pointer.clone(),
            };
            generator.value_of(&[part], 0)
        })
        .collect()
}

/// A schema for which no valid instance can be generated, with the JSON pointer of the
/// construct (e.g. `/components/schemas/Foo/properties/bar/pattern`) and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InstanceError {
    pointer: String,
    message: String,
}

impl InstanceError {
    fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// The JSON pointer, into the spec, of the construct that cannot be honoured.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// Why no instance can be generated.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InstanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for InstanceError {}

/// What generating returns.
type Outcome<T> = Result<T, InstanceError>;

/// Past this nesting depth, only what is required is generated.
const SOFT_DEPTH: usize = 6;
/// Past this nesting depth, the required parts form a cycle.
const HARD_DEPTH: usize = 48;
/// How many strings are tried against patterns and length limits.
const STRING_TRIES: usize = 64;
/// How many of those are drawn from the format (when there is one) before the pattern.
const FORMAT_TRIES: usize = 32;
/// How many values are tried for one that matches exactly one member of each `oneOf`.
const ONE_OF_TRIES: usize = 32;
/// The longest string the pattern matcher checks (it recurses once or twice per character).
const MATCH_LIMIT: usize = 600;
/// The most characters, array items or extra properties a minimum may ask for.
const SIZE_LIMIT: usize = 10_000;
/// Repetition caps, tried in turn: how far beyond its minimum a repetition may go
/// (`u32::MAX` takes the longest).
const CAPS: [u32; 10] = [4, 8, 2, 16, u32::MAX, 0, 32, 1, 64, 256];

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/// splitmix64: small, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    /// The next 64 random bits.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// An index into a collection of `len` items.
    fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// True `num` times in `den`.
    fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    /// A number in `lo..=hi` (`lo` when the range is empty).
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let width = (i128::from(hi) - i128::from(lo)) as u128 + 1;
        let offset = match u64::try_from(width) {
            Ok(w) => u128::from(self.below(w)),
            Err(_) => u128::from(self.next()),
        };
        (i128::from(lo) + offset as i128) as i64
    }

    /// A count in `lo..=hi`.
    fn count(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            lo
        } else {
            lo + self.index((hi - lo).saturating_add(1))
        }
    }

    /// One of `items`.
    fn pick<'t, T>(&mut self, items: &'t [T]) -> Option<&'t T> {
        items.get(self.index(items.len()))
    }
}

// ---------------------------------------------------------------------------------------------
// Pointers
// ---------------------------------------------------------------------------------------------

/// `pointer` with `tokens` appended.
fn child(pointer: &str, tokens: &[&str]) -> String {
    let mut out = pointer.to_owned();
    for t in tokens {
        out.push('/');
        out.push_str(&escape(t));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Rules: every keyword that applies to one value, merged over `allOf` and chosen members
// ---------------------------------------------------------------------------------------------

/// A schema and where it is in the spec.
#[derive(Debug, Clone)]
struct Part<'a> {
    schema: SchemaRef<'a>,
    pointer: String,
}

/// Kinds of JSON value, as bits.
mod kind {
    pub const STRING: u8 = 1;
    pub const NUMBER: u8 = 2;
    pub const INTEGER: u8 = 4;
    pub const BOOLEAN: u8 = 8;
    pub const OBJECT: u8 = 16;
    pub const ARRAY: u8 = 32;
    pub const ALL: u8 = 63;
}

/// The kinds a `type` allows (`number` allows integers too); `None` for an unknown type.
fn kinds_of_type(name: &str) -> Option<u8> {
    match name {
        "string" => Some(kind::STRING),
        "number" => Some(kind::NUMBER | kind::INTEGER),
        "integer" => Some(kind::INTEGER),
        "boolean" => Some(kind::BOOLEAN),
        "object" => Some(kind::OBJECT),
        "array" => Some(kind::ARRAY),
        _ => None,
    }
}

/// The kinds a JSON value belongs to (`null` to none).
fn kinds_of_value(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => kind::BOOLEAN,
        Value::Number(n) if n.is_i64() || n.is_u64() => kind::NUMBER | kind::INTEGER,
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
            kind::NUMBER | kind::INTEGER
        }
        Value::Number(_) => kind::NUMBER,
        Value::String(_) => kind::STRING,
        Value::Array(_) => kind::ARRAY,
        Value::Object(_) => kind::OBJECT,
    }
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// A lower or upper limit on a number.
#[derive(Debug, Clone, Copy)]
struct Bound {
    value: f64,
    exclusive: bool,
}

/// What an object member of an `allOf` says about keys it does not name.
#[derive(Debug, Clone)]
enum Extra<'a> {
    /// `additionalProperties` absent: other keys are allowed (any value).
    Unsaid,
    /// `additionalProperties: false`.
    Forbidden,
    /// `additionalProperties: true` or `{}`.
    Any,
    /// `additionalProperties: <schema>`.
    Schema(Part<'a>),
}

/// One object schema's view of keys: the names it declares and what it says of others.
#[derive(Debug, Clone)]
struct Shape<'a> {
    names: Vec<&'a str>,
    extra: Extra<'a>,
}

/// A `oneOf` or `anyOf`: one member is chosen.
#[derive(Debug, Clone)]
struct Choice<'a> {
    members: Vec<Part<'a>>,
    discriminator: Option<&'a Discriminator>,
    /// `oneOf` (the value must match exactly one member) rather than `anyOf`.
    exclusive: bool,
    pointer: String,
}

/// A `oneOf` member that was chosen, to check that the value matches no other member.
#[derive(Debug, Clone)]
struct Pick<'a> {
    others: Vec<Part<'a>>,
    pointer: String,
}

/// A base schema's discriminator, and the component that is being generated through it.
#[derive(Debug, Clone)]
struct Tag<'a> {
    discriminator: &'a Discriminator,
    origin: &'a str,
}

/// Every keyword that applies to one value.
#[derive(Debug, Clone, Default)]
struct Rules<'a> {
    pointer: String,
    nullable: bool,
    /// The kinds the `type`s allow; `None` when no `type` was given.
    kinds: Option<u8>,
    /// The kinds the keywords imply, for a schema without `type`.
    implied: u8,
    enumeration: Option<(Vec<Value>, String)>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    length_pointer: String,
    patterns: Vec<(&'a str, String)>,
    minimum: Option<Bound>,
    maximum: Option<Bound>,
    multiple_of: Option<(f64, String)>,
    items: Vec<Part<'a>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: bool,
    properties: Vec<(&'a str, Vec<Part<'a>>)>,
    required: Vec<&'a str>,
    shapes: Vec<Shape<'a>>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    choices: Vec<Choice<'a>>,
    tags: Vec<Tag<'a>>,
    forced: Vec<(&'a str, Value)>,
    /// Components merged in so far (each only once, which also breaks `allOf` cycles).
    absorbed: Vec<&'a str>,
}

impl<'a> Rules<'a> {
    /// Narrows the allowed kinds to those of `type`.
    fn restrict_kinds(&mut self, name: &str, pointer: &str) -> Outcome<()> {
        let Some(bits) = kinds_of_type(name) else {
            return Err(InstanceError::new(
                child(pointer, &["type"]),
                format!("unknown type `{name}`"),
            ));
        };
        let narrowed = self.kinds.unwrap_or(kind::ALL) & bits;
        if narrowed == 0 {
            return Err(InstanceError::new(
                child(pointer, &["type"]),
                format!("`type: {name}` contradicts another member of the allOf"),
            ));
        }
        self.kinds = Some(narrowed);
        Ok(())
    }

    /// Keeps only the enum values `values` also lists.
    fn restrict_enum(&mut self, values: Vec<Value>, pointer: &str) -> Outcome<()> {
        let pointer = child(pointer, &["enum"]);
        let merged = match self.enumeration.take() {
            None => values,
            Some((old, _)) => old
                .into_iter()
                .filter(|v| values.iter().any(|w| same(v, w)))
                .collect(),
        };
        if merged.is_empty() {
            return Err(InstanceError::new(pointer, "no value is in every enum"));
        }
        self.enumeration = Some((merged, pointer));
        Ok(())
    }

    /// Adds string keywords.
    fn add_string(
        &mut self,
        min: Option<usize>,
        max: Option<usize>,
        pattern: Option<&'a str>,
        pointer: &str,
    ) {
        if min.is_some() || max.is_some() {
            self.length_pointer = pointer.to_owned();
        }
        self.min_length = tighter(self.min_length, min, usize::max);
        self.max_length = tighter(self.max_length, max, usize::min);
        if let Some(p) = pattern {
            self.patterns.push((p, child(pointer, &["pattern"])));
        }
        if min.is_some() || max.is_some() || pattern.is_some() {
            self.implied |= kind::STRING;
        }
    }

    /// Adds number keywords.
    fn add_number(&mut self, limits: NumberLimits, pointer: &str) -> Outcome<()> {
        if let Some(value) = limits.minimum {
            let b = Bound {
                value,
                exclusive: limits.exclusive_minimum,
            };
            self.minimum = Some(match self.minimum {
                Some(old) if old.value > b.value || (old.value == b.value && old.exclusive) => old,
                _ => b,
            });
        }
        if let Some(value) = limits.maximum {
            let b = Bound {
                value,
                exclusive: limits.exclusive_maximum,
            };
            self.maximum = Some(match self.maximum {
                Some(old) if old.value < b.value || (old.value == b.value && old.exclusive) => old,
                _ => b,
            });
        }
        if let Some(m) = limits.multiple_of {
            let pointer = child(pointer, &["multipleOf"]);
            if !(m.is_finite() && m > 0.0) {
                return Err(InstanceError::new(pointer, "multipleOf must be above 0"));
            }
            match &self.multiple_of {
                Some((old, _)) if multiple(*old, m) => {}
                Some((old, _)) if multiple(m, *old) => self.multiple_of = Some((m, pointer)),
                Some((old, _)) => {
                    return Err(InstanceError::new(
                        pointer,
                        format!("multipleOf {m} together with multipleOf {old} is not supported"),
                    ));
                }
                None => self.multiple_of = Some((m, pointer)),
            }
        }
        if limits.any() {
            self.implied |= kind::NUMBER | kind::INTEGER;
        }
        Ok(())
    }

    /// Adds array keywords.
    fn add_array(&mut self, items: Option<Part<'a>>, min: Option<usize>, max: Option<usize>) {
        let says = items.is_some() || min.is_some() || max.is_some();
        self.items.extend(items);
        self.min_items = tighter(self.min_items, min, usize::max);
        self.max_items = tighter(self.max_items, max, usize::min);
        if says {
            self.implied |= kind::ARRAY;
        }
    }

    /// Adds a property's schema (several when `allOf` members name the same property).
    fn add_property(&mut self, name: &'a str, part: Part<'a>) {
        match self.properties.iter_mut().find(|(n, _)| *n == name) {
            Some((_, parts)) => parts.push(part),
            None => self.properties.push((name, vec![part])),
        }
    }

    /// Marks a property required.
    fn add_required(&mut self, name: &'a str) {
        if !self.required.contains(&name) {
            self.required.push(name);
        }
    }

    /// The value a discriminator forces on `name`, if any.
    fn forced(&self, name: &str) -> Option<&Value> {
        self.forced.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Forces `name` to `value`, unless something forced it already.
    fn force(&mut self, name: &'a str, value: Value) {
        if self.forced(name).is_none() {
            self.forced.push((name, value));
        }
    }
}

/// The tighter of two optional limits.
fn tighter(
    old: Option<usize>,
    new: Option<usize>,
    pick: fn(usize, usize) -> usize,
) -> Option<usize> {
    match (old, new) {
        (Some(a), Some(b)) => Some(pick(a, b)),
        (a, b) => a.or(b),
    }
}

/// Whether `a` is a whole multiple of `b`.
fn multiple(a: f64, b: f64) -> bool {
    let q = a / b;
    (q - q.round()).abs() < 1e-9
}

/// The number keywords of one schema.
#[derive(Debug, Clone, Copy, Default)]
struct NumberLimits {
    minimum: Option<f64>,
    maximum: Option<f64>,
    exclusive_minimum: bool,
    exclusive_maximum: bool,
    multiple_of: Option<f64>,
}

impl NumberLimits {
    /// Whether any keyword is set.
    fn any(&self) -> bool {
        self.minimum.is_some() || self.maximum.is_some() || self.multiple_of.is_some()
    }
}

/// The enum values of a schema, `null` included when listed.
fn enum_values(schema: &Schema) -> Vec<Value> {
    fn each<T>(values: &[Option<T>], f: impl Fn(&T) -> Value) -> Vec<Value> {
        values
            .iter()
            .map(|v| v.as_ref().map_or(Value::Null, &f))
            .collect()
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => each(&s.enumeration, |v| Value::String(v.clone())),
        SchemaKind::Type(Type::Number(n)) => each(&n.enumeration, |v| {
            Number::from_f64(*v).map_or(Value::Null, Value::Number)
        }),
        SchemaKind::Type(Type::Integer(i)) => each(&i.enumeration, |v| Value::from(*v)),
        SchemaKind::Type(Type::Boolean(b)) => each(&b.enumeration, |v| Value::Bool(*v)),
        SchemaKind::Any(a) => a.enumeration.clone(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

/// Which optional properties an instance has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Every property.
    All,
    /// Only the required ones.
    Required,
    /// A random half of the optional ones.
    Random,
}

impl Mode {
    /// Instance 0 has every property, instance 1 only the required ones.
    fn for_instance(index: usize) -> Self {
        match index {
            0 => Self::All,
            1 => Self::Required,
            _ => Self::Random,
        }
    }
}

/// Generates values of one spec.
struct Generator<'a> {
    spec: &'a OpenAPI,
    decimals: &'a DecimalMarkers,
    rng: Rng,
    mode: Mode,
    /// Parsed patterns (or why they do not parse).
    patterns: HashMap<&'a str, Result<Pattern, String>>,
}

impl<'a> Generator<'a> {
    fn new(spec: &'a OpenAPI, seed: u64, decimals: &'a DecimalMarkers) -> Self {
        Self {
            spec,
            decimals,
            rng: Rng(seed),
            mode: Mode::All,
            patterns: HashMap::new(),
        }
    }

    /// A value valid against every schema of `parts`, at nesting `depth`.
    fn value_of(&mut self, parts: &[Part<'a>], depth: usize) -> Outcome<Value> {
        let pointer = parts.first().map_or("", |p| p.pointer.as_str());
        if depth > HARD_DEPTH {
            return Err(InstanceError::new(
                pointer,
                "the schema requires itself (required properties or minItems form a cycle)",
            ));
        }
        let rules = self.rules_of(parts)?;
        if rules.nullable && (depth >= SOFT_DEPTH || self.rng.chance(1, 6)) {
            return Ok(Value::Null);
        }
        self.generate(rules, depth)
    }

    /// The schema a part stands for, its pointer, and the component it is (for a `$ref`).
    fn open(&self, part: &Part<'a>) -> Outcome<(&'a Schema, String, Option<&'a str>)> {
        match part.schema {
            SchemaRef::Inline(s) => Ok((s, part.pointer.clone(), None)),
            SchemaRef::Ref(reference) => match resolve(self.spec, part.schema) {
                Some((s, Some(name))) => Ok((
                    s,
                    format!("/components/schemas/{}", escape(name)),
                    Some(name),
                )),
                _ => Err(InstanceError::new(
                    part.pointer.clone(),
                    format!(
                        "the $ref `{reference}` does not resolve to a schema: a target is missing, \
                         is not under #/components/schemas, or the $refs loop"
                    ),
                )),
            },
        }
    }

    /// The merged rules of `parts`.
    fn rules_of(&mut self, parts: &[Part<'a>]) -> Outcome<Rules<'a>> {
        let mut rules = Rules {
            pointer: parts.first().map(|p| p.pointer.clone()).unwrap_or_default(),
            nullable: !parts.is_empty(),
            ..Rules::default()
        };
        for part in parts {
            let (schema, _, _) = self.open(part)?;
            let enum_refuses_null = {
                let values = enum_values(schema);
                !values.is_empty() && !values.contains(&Value::Null)
            };
            rules.nullable &= schema.schema_data.nullable && !enum_refuses_null;
            self.absorb(&mut rules, part, None)?;
        }
        Ok(rules)
    }

    /// Merges the keywords of `part` (and of its `allOf` members) into `rules`.
    fn absorb(
        &mut self,
        rules: &mut Rules<'a>,
        part: &Part<'a>,
        origin: Option<&'a str>,
    ) -> Outcome<()> {
        let (schema, pointer, name) = self.open(part)?;
        if let Some(n) = name {
            if rules.absorbed.contains(&n) {
                return Ok(());
            }
            rules.absorbed.push(n);
        }
        let origin = origin.or(name);
        let view = View(schema);
        if let Some(t) = view.type_name() {
            rules.restrict_kinds(t, &pointer)?;
        }
        let values = enum_values(schema);
        if !values.is_empty() {
            rules.restrict_enum(values, &pointer)?;
        }
        if rules.format.is_none() {
            rules.format = if self.decimals.marks(view) {
                Some("decimal".to_owned())
            } else {
                view.format()
            };
        }
        self.absorb_kind(rules, schema, &pointer)?;
        self.absorb_object(rules, view, &pointer);
        let members = view.one_of();
        if !members.is_empty() {
            let keyword = choice_keyword(schema);
            rules.choices.push(Choice {
                members: parts_of(members, &pointer, keyword),
                discriminator: schema.schema_data.discriminator.as_ref(),
                exclusive: keyword == "oneOf",
                pointer: child(&pointer, &[keyword]),
            });
        } else if let (Some(d), Some(o)) = (schema.schema_data.discriminator.as_ref(), origin) {
            rules.tags.push(Tag {
                discriminator: d,
                origin: o,
            });
        }
        for member in parts_of(view.all_of(), &pointer, "allOf") {
            self.absorb(rules, &member, origin)?;
        }
        Ok(())
    }

    /// Merges the string, number and array keywords of `schema`.
    fn absorb_kind(&self, rules: &mut Rules<'a>, schema: &'a Schema, pointer: &str) -> Outcome<()> {
        let items = |r: Option<&'a openapiv3::ReferenceOr<Box<Schema>>>| {
            r.map(|r| Part {
                schema: SchemaRef::of_boxed(r),
                pointer: child(pointer, &["items"]),
            })
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                rules.add_string(s.min_length, s.max_length, s.pattern.as_deref(), pointer);
            }
            SchemaKind::Type(Type::Number(n)) => {
                let limits = NumberLimits {
                    minimum: n.minimum,
                    maximum: n.maximum,
                    exclusive_minimum: n.exclusive_minimum,
                    exclusive_maximum: n.exclusive_maximum,
                    multiple_of: n.multiple_of,
                };
                rules.add_number(limits, pointer)?;
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let limits = NumberLimits {
                    minimum: i.minimum.map(|v| v as f64),
                    maximum: i.maximum.map(|v| v as f64),
                    exclusive_minimum: i.exclusive_minimum,
                    exclusive_maximum: i.exclusive_maximum,
                    multiple_of: i.multiple_of.map(|v| v as f64),
                };
                rules.add_number(limits, pointer)?;
            }
            SchemaKind::Type(Type::Array(a)) => {
                rules.add_array(items(a.items.as_ref()), a.min_items, a.max_items);
                rules.unique_items |= a.unique_items;
            }
            SchemaKind::Any(a) => {
                rules.add_string(a.min_length, a.max_length, a.pattern.as_deref(), pointer);
                let limits = NumberLimits {
                    minimum: a.minimum,
                    maximum: a.maximum,
                    exclusive_minimum: a.exclusive_minimum.unwrap_or(false),
                    exclusive_maximum: a.exclusive_maximum.unwrap_or(false),
                    multiple_of: a.multiple_of,
                };
                rules.add_number(limits, pointer)?;
                rules.add_array(items(a.items.as_ref()), a.min_items, a.max_items);
                if a.unique_items == Some(true) {
                    rules.unique_items = true;
                    rules.implied |= kind::ARRAY;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Merges the object keywords of a schema.
    fn absorb_object(&self, rules: &mut Rules<'a>, view: View<'a>, pointer: &str) {
        let (object_typed, limits) = match &view.0.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (true, (o.min_properties, o.max_properties)),
            SchemaKind::Any(a) => (false, (a.min_properties, a.max_properties)),
            _ => return,
        };
        let properties = view.properties();
        let required = view.required();
        let extra = self.extra_of(view, pointer);
        let says = object_typed
            || !properties.is_empty()
            || !required.is_empty()
            || !matches!(extra, Extra::Unsaid)
            || limits.0.is_some()
            || limits.1.is_some();
        if !says {
            return;
        }
        rules.implied |= kind::OBJECT;
        let names = properties.iter().map(|(n, _)| *n).collect();
        for (name, schema) in properties {
            let pointer = child(pointer, &["properties", name]);
            rules.add_property(name, Part { schema, pointer });
        }
        for name in required {
            rules.add_required(name);
        }
        rules.min_properties = tighter(rules.min_properties, limits.0, usize::max);
        rules.max_properties = tighter(rules.max_properties, limits.1, usize::min);
        rules.shapes.push(Shape { names, extra });
    }

    /// What a schema says of keys it does not name.
    fn extra_of(&self, view: View<'a>, pointer: &str) -> Extra<'a> {
        match view.additional() {
            Some(Some(schema)) => Extra::Schema(Part {
                schema,
                pointer: child(pointer, &["additionalProperties"]),
            }),
            Some(None) => Extra::Any,
            None if view.closed() => Extra::Forbidden,
            None => Extra::Unsaid,
        }
    }

    /// A value from merged rules; with a `oneOf` (and no discriminator), one that matches no
    /// member but the chosen one, tried a few times (the later tries with random properties).
    fn generate(&mut self, rules: Rules<'a>, depth: usize) -> Outcome<Value> {
        let mode = self.mode;
        let mut overlap = None;
        for attempt in 0..ONE_OF_TRIES {
            if attempt >= 2 {
                self.mode = Mode::Random;
            }
            let generated = self.generate_once(rules.clone(), depth);
            let (value, picks) = match generated {
                Ok(v) => v,
                Err(e) => {
                    self.mode = mode;
                    return Err(e);
                }
            };
            overlap = picks.into_iter().find(|p| {
                p.others
                    .iter()
                    .any(|o| self.satisfies(&value, std::slice::from_ref(o)))
            });
            if overlap.is_none() {
                self.mode = mode;
                return Ok(value);
            }
        }
        self.mode = mode;
        let pointer = overlap.map_or(rules.pointer, |p| p.pointer);
        Err(InstanceError::new(
            pointer,
            format!(
                "no value matching exactly one member was found in {ONE_OF_TRIES} tries (the members overlap)"
            ),
        ))
    }

    /// A value from merged rules, and the `oneOf` members it must not match.
    fn generate_once(
        &mut self,
        mut rules: Rules<'a>,
        depth: usize,
    ) -> Outcome<(Value, Vec<Pick<'a>>)> {
        let picks = self.settle_choices(&mut rules)?;
        self.generate_settled(rules, depth).map(|v| (v, picks))
    }

    /// A value from merged rules whose choices are settled.
    fn generate_settled(&mut self, mut rules: Rules<'a>, depth: usize) -> Outcome<Value> {
        self.apply_tags(&mut rules);
        if let Some((values, pointer)) = &rules.enumeration {
            return self.pick_enum(values, rules.kinds, pointer);
        }
        let allowed = rules.kinds.unwrap_or(kind::ALL);
        let implied = rules.implied & allowed;
        let candidates = match (implied, rules.kinds) {
            (0, None) => return Ok(self.small_value()),
            (0, Some(k)) => k,
            (i, _) => i,
        };
        if candidates & kind::OBJECT != 0 {
            self.object(&rules, depth)
        } else if candidates & kind::ARRAY != 0 {
            self.array(&rules, depth)
        } else if candidates & kind::STRING != 0 {
            self.string(&rules).map(Value::String)
        } else if candidates & kind::NUMBER != 0 {
            self.number(&rules, false)
        } else if candidates & kind::INTEGER != 0 {
            self.number(&rules, true)
        } else {
            Ok(Value::Bool(self.rng.chance(1, 2)))
        }
    }

    /// Chooses a member of every `oneOf`/`anyOf` and merges it in (members may bring more).
    fn settle_choices(&mut self, rules: &mut Rules<'a>) -> Outcome<Vec<Pick<'a>>> {
        let mut picks = Vec::new();
        let mut settled = 0;
        while let Some(choice) = rules.choices.pop() {
            settled += 1;
            if settled > 256 {
                return Err(InstanceError::new(
                    choice.pointer,
                    "oneOf/anyOf members nest without end",
                ));
            }
            let index = self.rng.index(choice.members.len());
            let Some(member) = choice.members.get(index).cloned() else {
                return Err(InstanceError::new(
                    choice.pointer,
                    "oneOf/anyOf has no member",
                ));
            };
            match choice
                .discriminator
                .and_then(|d| Some((d, selecting_value(d, &member)?)))
            {
                Some((d, value)) => {
                    rules.add_required(&d.property_name);
                    rules.force(&d.property_name, Value::String(value));
                }
                None if choice.exclusive => {
                    let mut others = choice.members.clone();
                    others.remove(index);
                    picks.push(Pick {
                        others,
                        pointer: choice.pointer.clone(),
                    });
                }
                None => {}
            }
            self.absorb(rules, &member, None)?;
        }
        Ok(picks)
    }

    /// Sets the discriminators of base schemas to the value naming the generated component.
    fn apply_tags(&self, rules: &mut Rules<'a>) {
        for tag in std::mem::take(&mut rules.tags) {
            let d = tag.discriminator;
            let value = d
                .mapping
                .iter()
                .find(|(_, target)| names_component(target, tag.origin))
                .map_or_else(|| tag.origin.to_owned(), |(key, _)| key.clone());
            rules.force(&d.property_name, Value::String(value));
        }
    }

    /// One of the enum values the allowed kinds admit.
    fn pick_enum(&mut self, values: &[Value], kinds: Option<u8>, pointer: &str) -> Outcome<Value> {
        let allowed = kinds.unwrap_or(kind::ALL);
        let fitting: Vec<&Value> = values
            .iter()
            .filter(|v| v.is_null() || kinds_of_value(v) & allowed != 0)
            .collect();
        match self.rng.pick(&fitting) {
            Some(v) => Ok((*v).clone()),
            None => Err(InstanceError::new(
                pointer,
                "no enum value has the schema's type",
            )),
        }
    }

    /// Any small JSON value (never `null`), for a schema that says nothing.
    fn small_value(&mut self) -> Value {
        match self.rng.below(7) {
            0 => Value::String(self.plain_string(0, 8)),
            1 => Value::from(self.rng.between(-1000, 1000)),
            2 => Value::from(f64::from(self.rng.between(-999, 999) as i32) / 4.0 + 0.25),
            3 => Value::Bool(self.rng.chance(1, 2)),
            4 => Value::Array(vec![Value::from(1), Value::String("a".into())]),
            5 => {
                let mut m = Map::new();
                m.insert("k".into(), Value::String(self.plain_string(1, 4)));
                Value::Object(m)
            }
            _ => Value::Array(Vec::new()),
        }
    }
}

/// The members of a `oneOf`, `anyOf` or `allOf`, with their pointers.
fn parts_of<'a>(
    members: &'a [openapiv3::ReferenceOr<Schema>],
    pointer: &str,
    keyword: &str,
) -> Vec<Part<'a>> {
    members
        .iter()
        .enumerate()
        .map(|(i, m)| Part {
            schema: SchemaRef::of(m),
            pointer: child(pointer, &[keyword, &i.to_string()]),
        })
        .collect()
}

/// `oneOf` or `anyOf`, whichever the schema has.
fn choice_keyword(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::Any(a) if a.one_of.is_empty() => "anyOf",
        _ => "oneOf",
    }
}

/// Whether a discriminator mapping target (a name or a `$ref`) names the component `name`.
fn names_component(target: &str, name: &str) -> bool {
    target == name || component_name(target) == Some(name)
}

/// The discriminator value that selects `member`: its mapping key, else its component name.
fn selecting_value(d: &Discriminator, member: &Part<'_>) -> Option<String> {
    let SchemaRef::Ref(reference) = member.schema else {
        return None;
    };
    let name = component_name(reference)?;
    let key = d
        .mapping
        .iter()
        .find(|(_, target)| *target == reference || names_component(target, name))
        .map(|(key, _)| key.clone());
    Some(key.unwrap_or_else(|| name.to_owned()))
}

// ---------------------------------------------------------------------------------------------
// Checking: whether a value may match a schema (for `oneOf` exclusivity)
// ---------------------------------------------------------------------------------------------

impl<'a> Generator<'a> {
    /// Whether `value` may be valid against every schema of `parts`: `false` only when some
    /// keyword certainly refuses it (formats and `not` are not checked).
    fn satisfies(&mut self, value: &Value, parts: &[Part<'a>]) -> bool {
        let Ok(rules) = self.rules_of(parts) else {
            return true;
        };
        if value.is_null() {
            let listed = rules
                .enumeration
                .as_ref()
                .is_some_and(|(values, _)| values.contains(&Value::Null));
            return rules.nullable || listed || rules.kinds.is_none();
        }
        let kind_ok = rules.kinds.is_none_or(|k| kinds_of_value(value) & k != 0);
        let enum_ok = rules
            .enumeration
            .as_ref()
            .is_none_or(|(values, _)| values.iter().any(|v| same(v, value)));
        kind_ok
            && enum_ok
            && self.satisfies_kind(value, &rules)
            && rules.choices.iter().all(|c| {
                c.members
                    .iter()
                    .any(|m| self.satisfies(value, std::slice::from_ref(m)))
            })
    }

    /// Whether the keywords for the value's kind may accept it.
    fn satisfies_kind(&mut self, value: &Value, rules: &Rules<'a>) -> bool {
        match value {
            Value::String(s) => self.satisfies_string(s, rules),
            Value::Number(n) => n.as_f64().is_none_or(|v| {
                let low = rules.minimum.unwrap_or(Bound {
                    value: f64::MIN,
                    exclusive: false,
                });
                let high = rules.maximum.unwrap_or(Bound {
                    value: f64::MAX,
                    exclusive: false,
                });
                within(v, low, high)
                    && rules
                        .multiple_of
                        .as_ref()
                        .is_none_or(|(m, _)| multiple(v, *m))
            }),
            Value::Array(items) => {
                let count_ok = rules.min_items.is_none_or(|m| items.len() >= m)
                    && rules.max_items.is_none_or(|m| items.len() <= m);
                count_ok
                    && (rules.items.is_empty()
                        || items.iter().all(|i| self.satisfies(i, &rules.items)))
            }
            Value::Object(map) => self.satisfies_object(map, rules),
            Value::Bool(_) | Value::Null => true,
        }
    }

    /// Whether the string keywords may accept `s`.
    fn satisfies_string(&mut self, s: &str, rules: &Rules<'a>) -> bool {
        let len = s.chars().count();
        let length_ok =
            rules.min_length.is_none_or(|m| len >= m) && rules.max_length.is_none_or(|m| len <= m);
        length_ok
            && self
                .compiled(rules)
                .map_or(true, |patterns| patterns.iter().all(|p| p.accepts(s)))
    }

    /// Whether the object keywords may accept `map`.
    fn satisfies_object(&mut self, map: &Map<String, Value>, rules: &Rules<'a>) -> bool {
        let count_ok = rules.min_properties.is_none_or(|m| map.len() >= m)
            && rules.max_properties.is_none_or(|m| map.len() <= m);
        if !count_ok || !rules.required.iter().all(|r| map.contains_key(*r)) {
            return false;
        }
        map.iter().all(|(key, v)| match self.key_parts(rules, key) {
            None => false,
            Some(parts) => parts.is_empty() || self.satisfies(v, &parts),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Objects and arrays
// ---------------------------------------------------------------------------------------------

impl<'a> Generator<'a> {
    /// An object: required and forced properties, some optional ones, maybe extra keys.
    fn object(&mut self, rules: &Rules<'a>, depth: usize) -> Outcome<Value> {
        let mut names: Vec<&'a str> = rules.properties.iter().map(|(n, _)| *n).collect();
        for r in &rules.required {
            if !names.contains(r) {
                names.push(r);
            }
        }
        let mut present = Vec::new();
        let mut optional = Vec::new();
        for name in names {
            let Some(parts) = self.key_parts(rules, name) else {
                if rules.required.contains(&name) {
                    return Err(InstanceError::new(
                        child(&rules.pointer, &["required"]),
                        format!("`{name}` is required but additionalProperties: false forbids it"),
                    ));
                }
                continue;
            };
            let must = rules.required.contains(&name) || rules.forced(name).is_some();
            if must || self.wants_optional(depth) {
                present.push((name, parts));
            } else {
                optional.push((name, parts));
            }
        }
        self.fit_property_count(rules, &mut present, &mut optional)?;
        let mut map = Map::new();
        for (name, parts) in present {
            let value = self.property_value(rules, name, &parts, depth)?;
            map.insert(name.to_owned(), value);
        }
        self.add_extras(rules, &mut map, depth)?;
        if rules.min_properties.is_some_and(|min| map.len() < min) {
            return Err(InstanceError::new(
                child(&rules.pointer, &["minProperties"]),
                "the object cannot have that many properties",
            ));
        }
        Ok(Value::Object(map))
    }

    /// Whether to include an optional property.
    fn wants_optional(&mut self, depth: usize) -> bool {
        if depth >= SOFT_DEPTH {
            return false;
        }
        match self.mode {
            Mode::All => true,
            Mode::Required => false,
            Mode::Random => self.rng.chance(1, 2),
        }
    }

    /// The schemas the value of key `name` must satisfy; `None` when a member forbids the key.
    fn key_parts(&self, rules: &Rules<'a>, name: &str) -> Option<Vec<Part<'a>>> {
        let mut parts: Vec<Part<'a>> = rules
            .properties
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| p.clone())
            .unwrap_or_default();
        for shape in rules.shapes.iter().filter(|s| !s.names.contains(&name)) {
            match &shape.extra {
                Extra::Forbidden => return None,
                Extra::Schema(p) => parts.push(p.clone()),
                Extra::Unsaid | Extra::Any => {}
            }
        }
        Some(parts)
    }

    /// Adds or drops optional properties to honour `minProperties` and `maxProperties`.
    fn fit_property_count(
        &mut self,
        rules: &Rules<'a>,
        present: &mut Vec<(&'a str, Vec<Part<'a>>)>,
        optional: &mut Vec<(&'a str, Vec<Part<'a>>)>,
    ) -> Outcome<()> {
        if let (Some(min), Some(max)) = (rules.min_properties, rules.max_properties)
            && min > max
        {
            return Err(InstanceError::new(
                child(&rules.pointer, &["minProperties"]),
                format!("minProperties {min} is above maxProperties {max}"),
            ));
        }
        let min = rules.min_properties.unwrap_or(0);
        while present.len() < min && !optional.is_empty() {
            present.push(optional.remove(0));
        }
        if let Some(max) = rules.max_properties {
            while present.len() > max {
                let droppable = present
                    .iter()
                    .rposition(|(n, _)| !rules.required.contains(n) && rules.forced(n).is_none());
                let Some(i) = droppable else {
                    return Err(InstanceError::new(
                        child(&rules.pointer, &["maxProperties"]),
                        format!("more than {max} properties are required"),
                    ));
                };
                present.remove(i);
            }
        }
        Ok(())
    }

    /// The value of one property: the forced one when its schema admits it, else generated.
    fn property_value(
        &mut self,
        rules: &Rules<'a>,
        name: &str,
        parts: &[Part<'a>],
        depth: usize,
    ) -> Outcome<Value> {
        if let Some(forced) = rules.forced(name) {
            let own = self.rules_of(parts)?;
            let admitted = own
                .enumeration
                .as_ref()
                .is_none_or(|(values, _)| values.contains(forced));
            if admitted {
                return Ok(forced.clone());
            }
        }
        if parts.is_empty() {
            return Ok(self.small_value());
        }
        self.value_of(parts, depth + 1)
    }

    /// Keys beyond the named properties, when `additionalProperties` allows them: absent (JSON
    /// Schema leaves the object open, and a bank adds fields), `true` or a schema.
    fn add_extras(
        &mut self,
        rules: &Rules<'a>,
        map: &mut Map<String, Value>,
        depth: usize,
    ) -> Outcome<()> {
        let shapes = &rules.shapes;
        let invited = !shapes.is_empty();
        let forbidden = shapes.iter().any(|s| matches!(s.extra, Extra::Forbidden));
        if !invited || forbidden {
            return Ok(());
        }
        let room = rules
            .max_properties
            .map_or(usize::MAX, |m| m.saturating_sub(map.len()));
        let wanted = match self.mode {
            _ if depth >= SOFT_DEPTH => 0,
            Mode::All => 1,
            Mode::Required => 0,
            Mode::Random if self.rng.chance(1, 3) => self.rng.count(1, 2),
            Mode::Random => 0,
        };
        let needed = rules
            .min_properties
            .map_or(0, |m| m.saturating_sub(map.len()))
            .min(SIZE_LIMIT);
        let parts: Vec<Part<'a>> = shapes
            .iter()
            .filter_map(|s| match &s.extra {
                Extra::Schema(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        for i in 0..wanted.max(needed).min(room) {
            let key = self.extra_key(rules, map, i);
            let value = if parts.is_empty() {
                self.small_value()
            } else {
                self.value_of(&parts, depth + 1)?
            };
            map.insert(key, value);
        }
        Ok(())
    }

    /// A key that is neither a named property nor already present.
    fn extra_key(&mut self, rules: &Rules<'a>, map: &Map<String, Value>, i: usize) -> String {
        let stems = ["extra", "額外", "x-more", "key \"q\""];
        let stem = self.rng.pick(&stems).copied().unwrap_or("extra");
        let mut n = i;
        loop {
            let key = format!("{stem}{n}");
            let named = rules.properties.iter().any(|(p, _)| *p == key);
            if !named && !map.contains_key(&key) {
                return key;
            }
            n += 1;
        }
    }

    /// An array of `minItems..=maxItems` items (0 to 3 by default), unique when asked.
    fn array(&mut self, rules: &Rules<'a>, depth: usize) -> Outcome<Value> {
        let min = rules.min_items.unwrap_or(0);
        let max = rules.max_items.unwrap_or(usize::MAX);
        if min > SIZE_LIMIT {
            return Err(InstanceError::new(
                child(&rules.pointer, &["minItems"]),
                format!("minItems {min} is above the {SIZE_LIMIT} this generator makes"),
            ));
        }
        if min > max {
            return Err(InstanceError::new(
                child(&rules.pointer, &["minItems"]),
                format!("minItems {min} is above maxItems {max}"),
            ));
        }
        let hi = max.min(min.saturating_add(3));
        let len = match self.mode {
            _ if depth >= SOFT_DEPTH => min,
            Mode::All => self.rng.count(min.max(1).min(hi), hi),
            _ => self.rng.count(min, hi),
        };
        let mut items: Vec<Value> = Vec::with_capacity(len);
        let mut tries = 0;
        while items.len() < len && tries < len.saturating_mul(10).saturating_add(10) {
            tries += 1;
            let item = if rules.items.is_empty() {
                self.small_value()
            } else {
                self.value_of(&rules.items, depth + 1)?
            };
            if !(rules.unique_items && items.iter().any(|i| same(i, &item))) {
                items.push(item);
            }
        }
        if items.len() < min {
            return Err(InstanceError::new(
                child(&rules.pointer, &["uniqueItems"]),
                format!("could not make {min} distinct items"),
            ));
        }
        Ok(Value::Array(items))
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

impl Generator<'_> {
    /// A number (or an integer) within the bounds and a multiple of `multipleOf`.
    fn number(&mut self, rules: &Rules<'_>, integer: bool) -> Outcome<Value> {
        let format = rules.format.as_deref();
        let integer = integer || matches!(format, Some("int32" | "int64" | "uint32" | "uint64"));
        let (lo, hi) = self.format_range(format, integer);
        let low = tighter_bound(rules.minimum, lo, true);
        let high = tighter_bound(rules.maximum, hi, false);
        if let Some((m, pointer)) = &rules.multiple_of {
            return self.multiple_in(*m, low, high, integer, pointer);
        }
        let decimals = if integer {
            vec![0]
        } else {
            let first = *self.rng.pick(&[0, 0, 1, 2, 3]).unwrap_or(&0);
            (first..=9).collect()
        };
        for d in decimals {
            let scale = 10f64.powi(d);
            if let Some(n) = self.scaled_in(low, high, scale) {
                return Ok(scaled_value(n, d));
            }
        }
        Err(InstanceError::new(
            rules.pointer.clone(),
            "no number lies between minimum and maximum",
        ))
    }

    /// The bounds a format implies, and a window for unbounded values.
    fn format_range(&mut self, format: Option<&str>, integer: bool) -> (f64, f64) {
        match format {
            Some("int32") => (f64::from(i32::MIN), f64::from(i32::MAX)),
            Some("int64") => (i64::MIN as f64, i64::MAX as f64),
            Some("uint32") => (0.0, f64::from(u32::MAX)),
            Some("uint64") => (0.0, u64::MAX as f64),
            _ if integer => (i64::MIN as f64, i64::MAX as f64),
            Some("float") => (-1.0e6, 1.0e6),
            _ => (-1.0e9, 1.0e9),
        }
    }

    /// An integer `n` with `n / scale` within the bounds, mostly small; `None` when none is.
    fn scaled_in(&mut self, low: Bound, high: Bound, scale: f64) -> Option<i64> {
        let (lo, hi) = scaled_range(low, high, scale)?;
        for _ in 0..8 {
            let n = self.spread(lo, hi, scale);
            let v = n as f64 / scale;
            if within(v, low, high) {
                return Some(n);
            }
        }
        None
    }

    /// A number in `lo..=hi`: sometimes a bound, mostly near zero (or near the bounds).
    fn spread(&mut self, lo: i64, hi: i64, scale: f64) -> i64 {
        let window = (1000.0 * scale).min(9.0e15) as i64;
        match self.rng.below(10) {
            0 => lo,
            1 => hi,
            2 => self.rng.between(lo, hi),
            _ if lo <= 0 && hi >= 0 => self.rng.between(lo.max(-window), hi.min(window)),
            _ if lo > 0 => self.rng.between(lo, hi.min(lo.saturating_add(window))),
            _ => self.rng.between(lo.max(hi.saturating_sub(window)), hi),
        }
    }

    /// `k * m` within the bounds, written with as many decimals as `m` has.
    fn multiple_in(
        &mut self,
        m: f64,
        low: Bound,
        high: Bound,
        integer: bool,
        pointer: &str,
    ) -> Outcome<Value> {
        let decimals = decimals_of(m);
        if integer && (m.fract() != 0.0) {
            return Err(InstanceError::new(
                pointer,
                format!("multipleOf {m} on an integer is not supported"),
            ));
        }
        let refuse =
            || InstanceError::new(pointer, "no multiple of multipleOf lies within the bounds");
        let (lo, hi) = scaled_range(low, high, 1.0 / m).ok_or_else(refuse)?;
        for _ in 0..16 {
            let k = self.spread(lo, hi, 1.0);
            let rounded = round_to(k as f64 * m, decimals);
            if within(rounded, low, high) {
                return Ok(scaled_value(
                    (rounded * 10f64.powi(decimals)).round() as i64,
                    decimals,
                ));
            }
        }
        Err(refuse())
    }
}

/// The tighter of a schema bound and a format's range.
fn tighter_bound(bound: Option<Bound>, limit: f64, lower: bool) -> Bound {
    let limit = Bound {
        value: limit,
        exclusive: false,
    };
    match bound {
        Some(b) if b.value.is_finite() => {
            let tighter = if lower {
                b.value >= limit.value
            } else {
                b.value <= limit.value
            };
            if tighter { b } else { limit }
        }
        _ => limit,
    }
}

/// The integers `n` with `n / scale` within the bounds (clamped to what f64 holds exactly).
fn scaled_range(low: Bound, high: Bound, scale: f64) -> Option<(i64, i64)> {
    const EXACT: f64 = 9.0e15;
    let mut lo = (low.value * scale).ceil();
    if low.exclusive && lo / scale <= low.value {
        lo += 1.0;
    }
    let mut hi = (high.value * scale).floor();
    if high.exclusive && hi / scale >= high.value {
        hi -= 1.0;
    }
    let (lo, hi) = (lo.max(-EXACT), hi.min(EXACT));
    if !(lo.is_finite() && hi.is_finite()) || lo > hi {
        return None;
    }
    Some((lo as i64, hi as i64))
}

/// Whether `v` is within both bounds.
fn within(v: f64, low: Bound, high: Bound) -> bool {
    let above = if low.exclusive {
        v > low.value
    } else {
        v >= low.value
    };
    let below = if high.exclusive {
        v < high.value
    } else {
        v <= high.value
    };
    above && below
}

/// How many decimals `m` is written with (at most 9).
fn decimals_of(m: f64) -> i32 {
    (0..9)
        .find(|d| {
            let scaled = m * 10f64.powi(*d);
            (scaled - scaled.round()).abs() < 1e-9 * scaled.abs().max(1.0)
        })
        .unwrap_or(9)
}

/// `v` rounded to `d` decimals.
fn round_to(v: f64, d: i32) -> f64 {
    let scale = 10f64.powi(d);
    (v * scale).round() / scale
}

/// The JSON number `n / 10^d`: an integer when it is whole.
fn scaled_value(n: i64, d: i32) -> Value {
    if d == 0 {
        return Value::from(n);
    }
    let scale = 10i64.pow(d.unsigned_abs());
    if n % scale == 0 {
        return Value::from(n / scale);
    }
    let text = format!(
        "{}{}.{:0width$}",
        if n < 0 { "-" } else { "" },
        (n / scale).unsigned_abs(),
        (n % scale).unsigned_abs(),
        width = d as usize
    );
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map_or(Value::from(0), Value::Number)
}

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

/// Plain-string pieces: ASCII, CJK, accented letters, and characters JSON escapes.
const PLAIN: &[&str] = &[
    "a", "b", "Z", "q", "7", "0", " ", "-", "_", ".", "中", "文", "銀", "行", "é", "\"", "\\",
    "\n", "\t", "/", "€", "x", "k", "M",
];

/// Characters a pattern's broad classes (`.`, `\S`, `[\w\W]`) may produce besides ASCII.
const EXOTIC: &[char] = &['中', '文', '港', 'é', 'ü', '€', '☃'];

impl<'a> Generator<'a> {
    /// A string within the length limits, matching every pattern, of the format if known.
    fn string(&mut self, rules: &Rules<'a>) -> Outcome<String> {
        let min = rules.min_length.unwrap_or(0);
        let max = rules.max_length.unwrap_or(usize::MAX);
        if min > SIZE_LIMIT {
            return Err(InstanceError::new(
                child(&rules.length_pointer, &["minLength"]),
                format!("minLength {min} is above the {SIZE_LIMIT} this generator makes"),
            ));
        }
        if min > max {
            return Err(InstanceError::new(
                child(&rules.length_pointer, &["minLength"]),
                format!("minLength {min} is above maxLength {max}"),
            ));
        }
        let format = rules.format.as_deref().filter(|f| is_string_format(f));
        match rules.patterns.first() {
            Some((pattern, pointer)) => {
                self.string_with_pattern(rules, pattern, pointer, format, (min, max))
            }
            None => self.string_without_pattern(rules, format, (min, max)),
        }
    }

    /// A string drawn from the format (first) or from the first pattern, checked against all.
    fn string_with_pattern(
        &mut self,
        rules: &Rules<'a>,
        pattern: &str,
        pointer: &str,
        format: Option<&str>,
        (min, max): (usize, usize),
    ) -> Outcome<String> {
        let patterns = self.compiled(rules)?;
        let Some(first) = patterns.first() else {
            return Err(InstanceError::new(pointer, "no pattern"));
        };
        for attempt in 0..STRING_TRIES {
            let candidate = match format {
                Some(f) if attempt < FORMAT_TRIES => self.formatted(f),
                _ => {
                    let cap = CAPS.get(attempt % CAPS.len()).copied().unwrap_or(4);
                    let mut out = String::new();
                    self.walk(&first.hir, cap, &mut out)
                        .map_err(|m| InstanceError::new(pointer, m))?;
                    out
                }
            };
            let len = candidate.chars().count();
            let fits =
                (min..=max).contains(&len) && format.is_none_or(|f| fits_format(f, &candidate));
            if fits && patterns.iter().all(|p| p.accepts(&candidate)) {
                return Ok(candidate);
            }
        }
        Err(InstanceError::new(
            pointer,
            format!(
                "no string of {min} to {max} characters matching {pattern:?} was found in {STRING_TRIES} tries"
            ),
        ))
    }

    /// A string of the format, or a plain one, within the length limits.
    fn string_without_pattern(
        &mut self,
        rules: &Rules<'_>,
        format: Option<&str>,
        (min, max): (usize, usize),
    ) -> Outcome<String> {
        let Some(f) = format else {
            let hi = max.min(min.saturating_add(12));
            return Ok(self.plain_string(min, hi));
        };
        for _ in 0..STRING_TRIES {
            let candidate = self.formatted(f);
            if (min..=max).contains(&candidate.chars().count()) {
                return Ok(candidate);
            }
        }
        Err(InstanceError::new(
            rules.length_pointer.clone(),
            format!("no `{f}` string has {min} to {max} characters"),
        ))
    }

    /// The parsed patterns of `rules`.
    fn compiled(&mut self, rules: &Rules<'a>) -> Outcome<Vec<Pattern>> {
        let mut out = Vec::new();
        for (pattern, pointer) in &rules.patterns {
            let parsed = self
                .patterns
                .entry(pattern)
                .or_insert_with(|| parse_pattern(pattern));
            match parsed {
                Ok(h) => out.push(h.clone()),
                Err(m) => return Err(InstanceError::new(pointer.clone(), m.clone())),
            }
        }
        Ok(out)
    }

    /// A string of `min..=hi` characters from [`PLAIN`].
    fn plain_string(&mut self, min: usize, hi: usize) -> String {
        let len = self.rng.count(min, hi);
        (0..len)
            .map(|_| *self.rng.pick(PLAIN).unwrap_or(&"a"))
            .collect()
    }

    /// A value of a known string format.
    fn formatted(&mut self, format: &str) -> String {
        match format {
            "date" => self.date(),
            "date-time" => self.date_time(),
            "email" => format!("{}@{}.com", self.word(1, 8), self.word(2, 8)),
            "uri" => self.uri(),
            "uuid" => self.uuid(),
            "byte" => self.base64(),
            "decimal" => self.decimal_text(),
            _ => self.plain_string(0, 12),
        }
    }

    /// A decimal number as text: an optional `-`, 1 to 7 digits without a leading zero, and 0 to
    /// 4 decimal places.
    fn decimal_text(&mut self) -> String {
        let mut text = String::new();
        if self.rng.below(4) == 0 {
            text.push('-');
        }
        let whole = self.rng.count(1, 7);
        for i in 0..whole {
            let digit = if i == 0 && whole > 1 {
                1 + self.rng.below(9)
            } else {
                self.rng.below(10)
            };
            text.push(char::from(b'0' + digit as u8));
        }
        let places = self.rng.count(0, 4);
        if places > 0 {
            text.push('.');
            for _ in 0..places {
                text.push(char::from(b'0' + self.rng.below(10) as u8));
            }
        }
        text
    }

    /// An `https` URI with a path and sometimes a query.
    fn uri(&mut self) -> String {
        let host = format!("{}.example.com", self.word(1, 8));
        let path = self.word(0, 6);
        match self.rng.below(3) {
            0 => format!("https://{host}/{path}?q={}", self.rng.below(100)),
            1 => format!("https://www.{host}"),
            _ => format!("https://{host}/{path}"),
        }
    }

    /// Lowercase ASCII letters and digits.
    fn word(&mut self, min: usize, max: usize) -> String {
        const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let len = self.rng.count(min, max);
        (0..len)
            .map(|_| char::from(*self.rng.pick(ALNUM).unwrap_or(&b'a')))
            .collect()
    }

    /// A calendar date, `YYYY-MM-DD`.
    fn date(&mut self) -> String {
        let year = self.rng.between(1970, 2099);
        let month = self.rng.between(1, 12);
        let day = if self.rng.chance(1, 8) {
            days_in(year, month)
        } else {
            self.rng.between(1, days_in(year, month))
        };
        format!("{year:04}-{month:02}-{day:02}")
    }

    /// An RFC 3339 date-time, with `Z` or an offset, and sometimes fractional seconds.
    fn date_time(&mut self) -> String {
        let date = self.date();
        let (h, m, s) = (self.rng.below(24), self.rng.below(60), self.rng.below(60));
        let fraction = match self.rng.below(6) {
            0 => format!(".{:03}", self.rng.below(1000)),
            1 => format!(".{:06}", self.rng.below(1_000_000)),
            2 => format!(".{}", self.rng.below(10)),
            _ => String::new(),
        };
        let zones = ["Z", "Z", "Z", "+08:00", "-05:30", "+00:00"];
        let zone = self.rng.pick(&zones).copied().unwrap_or("Z");
        format!("{date}T{h:02}:{m:02}:{s:02}{fraction}{zone}")
    }

    /// A version 4 UUID.
    fn uuid(&mut self) -> String {
        let (a, b) = (self.rng.next(), self.rng.next());
        let hex = format!("{a:016x}{b:016x}");
        let part = |r: std::ops::Range<usize>| hex.get(r).unwrap_or("0").to_owned();
        format!(
            "{}-{}-4{}-a{}-{}",
            part(0..8),
            part(8..12),
            part(13..16),
            part(17..20),
            part(20..32)
        )
    }

    /// Standard base64 (with padding) of a few random bytes.
    fn base64(&mut self) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let len = self.rng.count(0, 12);
        let bytes: Vec<u8> = (0..len).map(|_| self.rng.below(256) as u8).collect();
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let [b0, b1, b2] = [chunk.first(), chunk.get(1), chunk.get(2)]
                .map(|b| u32::from(b.copied().unwrap_or(0)));
            let n = (b0 << 16) | (b1 << 8) | b2;
            let symbols = chunk.len() + 1;
            for i in 0..4 {
                if i < symbols {
                    let index = ((n >> (18 - 6 * i)) & 63) as usize;
                    out.push(char::from(*ALPHABET.get(index).unwrap_or(&b'A')));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

/// Whether a format is one [`Generator::formatted`] knows for strings.
fn is_string_format(format: &str) -> bool {
    // `uri` strings drawn from a pattern are checked by `fits_format` too.
    matches!(
        format,
        "date" | "date-time" | "email" | "uri" | "uuid" | "byte" | "decimal"
    )
}

/// Whether `text` is of the format, roughly: dates and date-times exactly; URIs have a scheme
/// and only URI characters; e-mail addresses one `@` between non-empty parts; UUIDs their shape.
fn fits_format(format: &str, text: &str) -> bool {
    match format {
        "date" => is_date(text),
        "decimal" => is_decimal(text),
        "date-time" => text
            .split_once(['T', 't'])
            .is_some_and(|(date, time)| is_date(date) && is_time(time)),
        "uri" => is_uri(text),
        "email" => text.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.contains('@')
                && !text.contains(char::is_whitespace)
        }),
        "uuid" => {
            let groups: Vec<usize> = text.split('-').map(str::len).collect();
            groups == [8, 4, 4, 4, 12] && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
        }
        _ => true,
    }
}

/// A scheme, then only unreserved, reserved and `%XX` characters, and an authority of host
/// characters (with a numeric port) after `//`.
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let chars_ok = rest
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c));
    let percent_ok = rest.split('%').skip(1).all(|p| {
        p.get(..2)
            .is_some_and(|h| h.chars().all(|c| c.is_ascii_hexdigit()))
    });
    let authority_ok = rest.strip_prefix("//").is_none_or(|after| {
        let authority = after.split(['/', '?', '#']).next().unwrap_or("");
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (name, port) = host.split_once(':').unwrap_or((host, ""));
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.".contains(c))
            && port.chars().all(|c| c.is_ascii_digit())
    });
    scheme_ok && chars_ok && percent_ok && authority_ok
}

/// `YYYY-MM-DD`, a day of the calendar.
/// An optional sign, digits, and optionally a point and more digits.
fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    digits(whole) && digits(fraction)
}

fn is_date(text: &str) -> bool {
    let mut parts = text.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return false;
    }
    let number = |s: &str| s.parse::<i64>().unwrap_or(0);
    let (year, month, day) = (number(y), number(m), number(d));
    (1..=12).contains(&month) && (1..=days_in(year, month)).contains(&day)
}

/// `hh:mm:ss[.fraction](Z|±hh:mm)`.
fn is_time(text: &str) -> bool {
    let two = |s: Option<&str>, below: u32| {
        s.is_some_and(|s| s.len() == 2 && s.parse::<u32>().is_ok_and(|n| n < below))
    };
    let (clock, zone) = match text.find(['Z', 'z', '+', '-']) {
        Some(i) => text.split_at(i),
        None => return false,
    };
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let mut hms = clock.split(':');
    let clock_ok =
        two(hms.next(), 24) && two(hms.next(), 60) && two(hms.next(), 60) && hms.next().is_none();
    let fraction_ok = !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit());
    let zone_ok = zone == "Z"
        || zone == "z"
        || zone.get(1..).is_some_and(|hm| {
            let mut p = hm.split(':');
            two(p.next(), 24) && two(p.next(), 60) && p.next().is_none()
        });
    clock_ok && fraction_ok && zone_ok
}

/// Days in a month of the Gregorian calendar.
fn days_in(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// ---------------------------------------------------------------------------------------------
// Patterns: parsing, drawing strings from, and matching
// ---------------------------------------------------------------------------------------------

/// A parsed pattern: its expression, and the look-aheads that followed its leading `^`.
#[derive(Debug, Clone)]
struct Pattern {
    hir: Hir,
    /// `(?=X)` (true) or `(?!X)` (false), each as `^(?:X)`.
    ahead: Vec<(bool, Hir)>,
}

impl Pattern {
    /// Whether `text` matches the pattern, look-aheads included.
    fn accepts(&self, text: &str) -> bool {
        matches(&self.hir, text)
            && self
                .ahead
                .iter()
                .all(|(positive, h)| matches(h, text) == *positive)
    }
}

/// Parses a pattern, or says why it cannot be used. Look-aheads right after a leading `^` are
/// taken out and kept as checks (`regex_syntax` has no look-around); any other look-around is
/// refused.
fn parse_pattern(pattern: &str) -> Result<Pattern, String> {
    let parse = |text: &str| {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(text)
            .map_err(|e| {
                let why = match &e {
                    regex_syntax::Error::Parse(p) => p.kind().to_string(),
                    regex_syntax::Error::Translate(t) => t.kind().to_string(),
                    other => other.to_string(),
                };
                format!("the pattern {pattern:?} is not supported: {why}")
            })
    };
    let mut ahead = Vec::new();
    let mut rest = pattern;
    if let Some(after) = pattern.strip_prefix('^') {
        rest = after;
        while let Some((positive, inner, tail)) = leading_look_ahead(rest) {
            ahead.push((positive, parse(&format!("^(?:{inner})"))?));
            rest = tail;
        }
    }
    if !ahead.is_empty() && has_top_level_alternation(rest) {
        return Err(format!(
            "the pattern {pattern:?} is not supported: a look-ahead before an alternation"
        ));
    }
    let hir = if ahead.is_empty() {
        parse(pattern)?
    } else {
        parse(&format!("^{rest}"))?
    };
    Ok(Pattern { hir, ahead })
}

/// Whether `text` has a `|` outside every group and class (the look-aheads before it would
/// bind only the first alternative).
fn has_top_level_alternation(text: &str) -> bool {
    syntax(text).any(|(_, c, depth)| c == '|' && depth == 0)
}

/// `(?=X)` or `(?!X)` at the start of `text`: whether it is positive, `X`, and what follows.
fn leading_look_ahead(text: &str) -> Option<(bool, &str, &str)> {
    let positive = if text.starts_with("(?=") {
        true
    } else if text.starts_with("(?!") {
        false
    } else {
        return None;
    };
    let (close, _, _) = syntax(text).find(|(_, c, depth)| *c == ')' && *depth == 0)?;
    Some((positive, text.get(3..close)?, text.get(close + 1..)?))
}

/// The parentheses and bars of a pattern that are neither escaped nor in a class, each with its
/// byte offset and the group depth after it.
fn syntax(text: &str) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let mut depth = 0_usize;
    let mut in_class = false;
    let mut escaped = false;
    text.char_indices().filter_map(move |(i, c)| {
        if escaped {
            escaped = false;
            return None;
        }
        match c {
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => {
                depth = depth.saturating_add(1);
                return Some((i, c, depth));
            }
            ')' if !in_class => {
                depth = depth.saturating_sub(1);
                return Some((i, c, depth));
            }
            '|' if !in_class => return Some((i, c, depth)),
            _ => {}
        }
        None
    })
}

impl Generator<'_> {
    /// Appends a string `hir` matches (look-arounds are not checked here); repetitions go at
    /// most `cap` beyond their minimum.
    fn walk(&mut self, hir: &Hir, cap: u32, out: &mut String) -> Result<(), String> {
        if out.len() > 100_000 {
            return Err("the pattern makes too long a string".into());
        }
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => Ok(()),
            HirKind::Literal(lit) => {
                let text = std::str::from_utf8(&lit.0).map_err(|_| "a literal is not UTF-8")?;
                out.push_str(text);
                Ok(())
            }
            HirKind::Class(Class::Unicode(c)) => {
                out.push(
                    self.class_char(c)
                        .ok_or("a character class matches nothing")?,
                );
                Ok(())
            }
            HirKind::Class(Class::Bytes(c)) => {
                out.push(byte_char(c, &mut self.rng).ok_or("a byte class has no ASCII byte")?);
                Ok(())
            }
            HirKind::Repetition(r) => self.walk_repetition(r, cap, out),
            HirKind::Capture(c) => self.walk(&c.sub, cap, out),
            HirKind::Concat(hs) => hs.iter().try_for_each(|h| self.walk(h, cap, out)),
            HirKind::Alternation(hs) => match self.rng.pick(hs) {
                Some(h) => self.walk(h, cap, out),
                None => Ok(()),
            },
        }
    }

    /// Repeats `r.sub` between its minimum and its minimum plus `cap` times.
    fn walk_repetition(
        &mut self,
        r: &Repetition,
        cap: u32,
        out: &mut String,
    ) -> Result<(), String> {
        let max = r.max.unwrap_or(u32::MAX).max(r.min);
        let times = if cap == u32::MAX {
            max.min(r.min.saturating_add(256))
        } else {
            let hi = max.min(r.min.saturating_add(cap));
            r.min + self.rng.below(u64::from(hi - r.min) + 1) as u32
        };
        (0..times).try_for_each(|_| self.walk(&r.sub, cap, out))
    }

    /// A character of the class: mostly ASCII; for broad classes, sometimes CJK and the like.
    fn class_char(&mut self, class: &ClassUnicode) -> Option<char> {
        let has = |c: char| {
            class
                .ranges()
                .iter()
                .any(|r| r.start() <= c && c <= r.end())
        };
        // `\w` and `\d` are Unicode here but ASCII in ECMA 262: only a class that also holds
        // CJK punctuation is broad enough for every engine to agree on non-ASCII characters.
        let broad = has('中') && has('。');
        if broad && self.rng.chance(1, 5) {
            let exotic: Vec<char> = EXOTIC.iter().copied().filter(|c| has(*c)).collect();
            if let Some(c) = self.rng.pick(&exotic) {
                return Some(*c);
            }
        }
        let ascii: Vec<char> = (0x20u8..0x7F)
            .chain([b'\n', b'\t'])
            .map(char::from)
            .filter(|c| has(*c))
            .collect();
        if let Some(c) = self.rng.pick(&ascii) {
            return Some(*c);
        }
        let range = self.rng.pick(class.ranges())?;
        let span = u64::from(u32::from(range.end()) - u32::from(range.start())) + 1;
        let c = u32::from(range.start()) + self.rng.below(span) as u32;
        Some(char::from_u32(c).unwrap_or(range.start()))
    }
}

/// An ASCII character of a byte class.
fn byte_char(class: &ClassBytes, rng: &mut Rng) -> Option<char> {
    let ascii: Vec<char> = (0x20u8..0x7F)
        .chain([b'\n', b'\t'])
        .filter(|b| {
            class
                .ranges()
                .iter()
                .any(|r| r.start() <= *b && *b <= r.end())
        })
        .map(char::from)
        .collect();
    rng.pick(&ascii).copied()
}

/// Whether `hir` matches somewhere in `text` (JSON Schema patterns are not anchored).
fn matches(hir: &Hir, text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > MATCH_LIMIT {
        return false;
    }
    let mut m = Matcher {
        chars: &chars,
        budget: 200_000,
    };
    (0..=chars.len()).any(|start| m.run(hir, start, &Next::Done))
}

/// What is left to match after a node (a linked list on the stack).
enum Next<'h, 'n> {
    /// Nothing: the match succeeds.
    Done,
    /// The rest of a concatenation, then `next`.
    Seq(&'h [Hir], &'n Next<'h, 'n>),
    /// One more turn of a repetition that has done `count` turns, the last from `start`.
    Turn {
        rep: &'h Repetition,
        count: u32,
        start: usize,
        next: &'n Next<'h, 'n>,
    },
}

/// A small backtracking matcher over `Hir`, with a step budget.
struct Matcher<'t> {
    chars: &'t [char],
    budget: usize,
}

impl Matcher<'_> {
    /// Matches `hir` at `pos`, then `next`.
    fn run(&mut self, hir: &Hir, pos: usize, next: &Next<'_, '_>) -> bool {
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        match hir.kind() {
            HirKind::Empty => self.resume(next, pos),
            HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
                Ok(text) => {
                    let n = text.chars().count();
                    let here = self.chars.get(pos..pos + n);
                    here.is_some_and(|h| h.iter().copied().eq(text.chars()))
                        && self.resume(next, pos + n)
                }
                Err(_) => false,
            },
            HirKind::Class(class) => {
                let Some(c) = self.chars.get(pos).copied() else {
                    return false;
                };
                class_has(class, c) && self.resume(next, pos + 1)
            }
            HirKind::Look(look) => self.holds(*look, pos) && self.resume(next, pos),
            HirKind::Repetition(rep) => self.turn(rep, 0, usize::MAX, pos, next),
            HirKind::Capture(c) => self.run(&c.sub, pos, next),
            HirKind::Concat(hs) => self.resume(&Next::Seq(hs, next), pos),
            HirKind::Alternation(hs) => hs.iter().any(|h| self.run(h, pos, next)),
        }
    }

    /// Continues with `next` at `pos`.
    fn resume(&mut self, next: &Next<'_, '_>, pos: usize) -> bool {
        match next {
            Next::Done => true,
            Next::Seq(hs, rest) => match hs.split_first() {
                None => self.resume(rest, pos),
                Some((h, tail)) => self.run(h, pos, &Next::Seq(tail, rest)),
            },
            Next::Turn {
                rep,
                count,
                start,
                next,
            } => self.turn(rep, *count, *start, pos, next),
        }
    }

    /// A repetition after `count` turns (the last began at `start`): greedily one more, else on.
    fn turn(
        &mut self,
        rep: &Repetition,
        count: u32,
        start: usize,
        pos: usize,
        next: &Next<'_, '_>,
    ) -> bool {
        let max = rep.max.unwrap_or(u32::MAX);
        let progressed = count < rep.min || pos != start;
        if count < max && progressed {
            let again = Next::Turn {
                rep,
                count: count + 1,
                start: pos,
                next,
            };
            if self.run(&rep.sub, pos, &again) {
                return true;
            }
        }
        count >= rep.min && self.resume(next, pos)
    }

    /// Whether a look-around assertion holds at `pos`.
    fn holds(&self, look: Look, pos: usize) -> bool {
        let before = pos.checked_sub(1).and_then(|i| self.chars.get(i)).copied();
        let after = self.chars.get(pos).copied();
        let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let unicode = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        match look {
            Look::Start => before.is_none(),
            Look::End => after.is_none(),
            Look::StartLF => before.is_none_or(|c| c == '\n'),
            Look::EndLF => after.is_none_or(|c| c == '\n'),
            Look::StartCRLF => before.is_none_or(|c| c == '\n' || c == '\r'),
            Look::EndCRLF => after.is_none_or(|c| c == '\n' || c == '\r'),
            Look::WordAscii => ascii(before) != ascii(after),
            Look::WordAsciiNegate => ascii(before) == ascii(after),
            Look::WordUnicode => unicode(before) != unicode(after),
            Look::WordUnicodeNegate => unicode(before) == unicode(after),
            Look::WordStartAscii => !ascii(before) && ascii(after),
            Look::WordEndAscii => ascii(before) && !ascii(after),
            Look::WordStartUnicode => !unicode(before) && unicode(after),
            Look::WordEndUnicode => unicode(before) && !unicode(after),
            Look::WordStartHalfAscii => !ascii(before),
            Look::WordEndHalfAscii => !ascii(after),
            Look::WordStartHalfUnicode => !unicode(before),
            Look::WordEndHalfUnicode => !unicode(after),
        }
    }
}

/// Whether a class holds `c`.
fn class_has(class: &Class, c: char) -> bool {
    match class {
        Class::Unicode(u) => u.ranges().iter().any(|r| r.start() <= c && c <= r.end()),
        Class::Bytes(b) => u8::try_from(u32::from(c)).is_ok_and(|c| {
            c.is_ascii() && b.ranges().iter().any(|r| r.start() <= c && c <= r.end())
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(p: &str) -> Pattern {
        match parse_pattern(p) {
            Ok(h) => h,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn look_aheads_after_the_leading_caret_are_checks() {
        let trimmed = pattern("^(?!\\s)[\\w\\W\\s]*[^\\s]$");
        assert!(trimmed.accepts("ACME Ltd"));
        assert!(!trimmed.accepts(" ACME"));
        assert!(!trimmed.accepts("ACME "));
        let strong = pattern("^(?=.*[A-Z])(?=.*\\d)(?!.*(pass|\\())[A-Za-z\\d(]{6,}$");
        assert!(strong.accepts("abcD12"));
        assert!(!strong.accepts("abcdef1"));
        assert!(!strong.accepts("passW0rd"));
        assert!(!strong.accepts("abc(D1"));
        assert!(parse_pattern("a(?!b)").is_err());
        assert!(parse_pattern("^(?!b").is_err());
        assert!(parse_pattern("^(?!x)a|b").is_err());
        assert!(parse_pattern("^(?!x)(a|b)$").is_ok());
    }

    #[test]
    fn the_matcher_agrees_on_small_cases() {
        let cases = [
            ("^a+b$", "aab", true),
            ("^a+b$", "ab ", false),
            ("\\d{3}", "x123y", true),
            ("^\\d{3}$", "12", false),
            ("^(a|bc)*$", "abcbca", true),
            ("^(a|bc)*$", "abcb", false),
            ("^x\\by$", "xy", false),
            ("^[a-z]{2,6}\\b(-x)?$", "abc-x", true),
            ("^(a*)*$", "aaaa", true),
            ("^\\d{1,13}$|^\\d{1,13}\\.\\d{1,5}$", "12.5", true),
            ("^\\d{1,13}$|^\\d{1,13}\\.\\d{1,5}$", "12.", false),
        ];
        for (pattern_text, text, expected) in cases {
            assert_eq!(
                pattern(pattern_text).accepts(text),
                expected,
                "{pattern_text} on {text:?}"
            );
        }
    }

    #[test]
    fn the_rng_is_deterministic_and_spread() {
        let mut a = Rng(7);
        let mut b = Rng(7);
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        let mut r = Rng(1);
        let mut seen = [false; 6];
        for _ in 0..200 {
            let v = r.between(-2, 3);
            assert!((-2..=3).contains(&v));
            seen[(v + 2) as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
        // The full range does not overflow.
        let extremes: Vec<i64> = (0..100).map(|_| r.between(i64::MIN, i64::MAX)).collect();
        assert!(extremes.iter().any(|v| *v < 0) && extremes.iter().any(|v| *v > 0));
    }

    #[test]
    fn scaled_values_are_short_decimals() {
        assert_eq!(scaled_value(125, 1), serde_json::json!(12.5));
        assert_eq!(scaled_value(1, 2), serde_json::json!(0.01));
        assert_eq!(scaled_value(-300, 2), serde_json::json!(-3));
        assert_eq!(scaled_value(-5, 1), serde_json::json!(-0.5));
    }
}
