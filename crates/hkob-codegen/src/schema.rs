//! A uniform read-only view of an OpenAPI schema.
//!
//! `openapiv3` splits schemas into typed kinds and a catch-all `Any` kind
//! (for schemas that mix keywords or omit `type`). The generator only asks a
//! handful of questions, answered here the same way for both.

use openapiv3::{
    AdditionalProperties, ObjectType, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

/// A schema or a reference to one, whatever box it came in.
#[derive(Debug, Clone, Copy)]
pub enum SchemaRef<'a> {
    /// `$ref`.
    Ref(&'a str),
    /// An inline schema.
    Inline(&'a Schema),
}

impl<'a> SchemaRef<'a> {
    /// From an unboxed `ReferenceOr`.
    pub fn of(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(s) => Self::Inline(s),
        }
    }

    /// From a boxed `ReferenceOr`.
    pub fn of_boxed(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(s) => Self::Inline(s),
        }
    }
}

/// The name of the component schema a `$ref` points at.
pub fn component_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}

/// Follows `$ref`s (and chains of them) to a schema and the name of the last component.
pub fn resolve<'a>(spec: &'a OpenAPI, r: SchemaRef<'a>) -> Option<(&'a Schema, Option<&'a str>)> {
    let mut current = r;
    let mut name = None;
    for _ in 0..32 {
        match current {
            SchemaRef::Inline(s) => return Some((s, name)),
            SchemaRef::Ref(reference) => {
                let n = component_name(reference)?;
                name = Some(n);
                let target = spec.components.as_ref()?.schemas.get(n)?;
                current = SchemaRef::of(target);
            }
        }
    }
    None
}

/// Answers about one schema.
#[derive(Debug, Clone, Copy)]
pub struct View<'a>(pub &'a Schema);

impl<'a> View<'a> {
    /// The declared `type`, if any.
    pub fn type_name(&self) -> Option<&'a str> {
        match &self.0.schema_kind {
            SchemaKind::Type(Type::String(_)) => Some("string"),
            SchemaKind::Type(Type::Number(_)) => Some("number"),
            SchemaKind::Type(Type::Integer(_)) => Some("integer"),
            SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
            SchemaKind::Type(Type::Object(_)) => Some("object"),
            SchemaKind::Type(Type::Array(_)) => Some("array"),
            SchemaKind::Any(a) => a.typ.as_deref(),
            _ => None,
        }
    }

    /// The declared `format`, if any.
    pub fn format(&self) -> Option<String> {
        fn of<T: std::fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
            match f {
                VariantOrUnknownOrEmpty::Item(i) => Some(format!("{i:?}").to_ascii_lowercase()),
                VariantOrUnknownOrEmpty::Unknown(u) => Some(u.clone()),
                VariantOrUnknownOrEmpty::Empty => None,
            }
        }
        match &self.0.schema_kind {
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time".into()),
                other => of(other),
            },
            SchemaKind::Type(Type::Number(n)) => of(&n.format),
            SchemaKind::Type(Type::Integer(i)) => of(&i.format),
            SchemaKind::Any(a) => a.format.clone(),
            _ => None,
        }
    }

    /// The largest whole number an `integer` schema allows (`maximum`, less one when it is
    /// exclusive); `None` when it sets none or allows no positive number.
    pub fn integer_maximum(&self) -> Option<u64> {
        let (maximum, exclusive) = match &self.0.schema_kind {
            SchemaKind::Type(Type::Integer(i)) => (i.maximum?, i.exclusive_maximum),
            SchemaKind::Any(a) if a.typ.as_deref() == Some("integer") => {
                let m = a.maximum?;
                if m.fract() != 0.0 || !(0.0..=9.0e15).contains(&m) {
                    return None;
                }
                (m as i64, a.exclusive_maximum.unwrap_or(false))
            }
            _ => return None,
        };
        let maximum = if exclusive { maximum - 1 } else { maximum };
        u64::try_from(maximum).ok().filter(|m| *m > 0)
    }

    /// The Rust integer an `integer` schema needs when its bounds go beyond `i64`: `u64` for 0 up
    /// to at most `u64::MAX` (a `maximum` of `18446744073709551615`), `u128` for 0 up to more,
    /// `i128` when a bound lies beyond 64 bits either way; `None` when `i64` holds every value.
    pub fn integer_beyond_i64(&self) -> Option<crate::model::RustType> {
        use crate::model::RustType;
        let SchemaKind::Any(a) = &self.0.schema_kind else {
            return None;
        };
        if a.typ.as_deref() != Some("integer") {
            return None;
        }
        let unsigned = a.minimum.is_some_and(|m| m >= 0.0);
        let above = a.maximum.filter(|m| *m > i64::MAX as f64);
        let below = a.minimum.is_some_and(|m| m < i64::MIN as f64);
        match above {
            Some(m) if unsigned && m <= u64::MAX as f64 => Some(RustType::U64),
            Some(_) if unsigned => Some(RustType::U128),
            Some(_) => Some(RustType::I128),
            None if below => Some(RustType::I128),
            None => None,
        }
    }

    /// String enum values (nulls dropped); empty when not a string enum.
    pub fn string_enum(&self) -> Vec<String> {
        match &self.0.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
            SchemaKind::Any(a) if a.typ.as_deref().is_none_or(|t| t == "string") => {
                if a.enumeration.iter().all(|v| v.is_string() || v.is_null()) {
                    a.enumeration
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        }
    }

    /// Properties in spec order.
    pub fn properties(&self) -> Vec<(&'a str, SchemaRef<'a>)> {
        match &self.0.schema_kind {
            SchemaKind::Type(Type::Object(o)) => props(o),
            SchemaKind::Any(a) => a
                .properties
                .iter()
                .map(|(k, v)| (k.as_str(), SchemaRef::of_boxed(v)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Required property names.
    pub fn required(&self) -> Vec<&'a str> {
        match &self.0.schema_kind {
            SchemaKind::Type(Type::Object(o)) => o.required.iter().map(String::as_str).collect(),
            SchemaKind::Any(a) => a.required.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// The `additionalProperties` keyword, as written.
    fn additional_properties(&self) -> Option<&'a AdditionalProperties> {
        match &self.0.schema_kind {
            SchemaKind::Type(Type::Object(o)) => o.additional_properties.as_ref(),
            SchemaKind::Any(a) => a.additional_properties.as_ref(),
            _ => None,
        }
    }

    /// Whether `additionalProperties: false` closes the object to keys it does not name.
    pub fn closed(&self) -> bool {
        matches!(
            self.additional_properties(),
            Some(AdditionalProperties::Any(false))
        )
    }

    /// `additionalProperties`: `None` when absent or `false`, `Some(None)` when `true`/`{}`.
    pub fn additional(&self) -> Option<Option<SchemaRef<'a>>> {
        match self.additional_properties()? {
            AdditionalProperties::Any(true) => Some(None),
            AdditionalProperties::Any(false) => None,
            AdditionalProperties::Schema(s) => match s.as_ref() {
                ReferenceOr::Item(i) if is_empty(i) => Some(None),
                other => Some(Some(SchemaRef::of(other))),
            },
        }
    }

    /// Array `items`.
    pub fn items(&self) -> Option<SchemaRef<'a>> {
        match &self.0.schema_kind {
            SchemaKind::Type(Type::Array(a)) => a.items.as_ref().map(SchemaRef::of_boxed),
            SchemaKind::Any(a) => a.items.as_ref().map(SchemaRef::of_boxed),
            _ => None,
        }
    }

    /// `allOf` members.
    pub fn all_of(&self) -> &'a [ReferenceOr<Schema>] {
        match &self.0.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(a) => &a.all_of,
            _ => &[],
        }
    }

    /// `oneOf` or `anyOf` members.
    pub fn one_of(&self) -> &'a [ReferenceOr<Schema>] {
        match &self.0.schema_kind {
            SchemaKind::OneOf { one_of } => one_of,
            SchemaKind::AnyOf { any_of } => any_of,
            SchemaKind::Any(a) if !a.one_of.is_empty() => &a.one_of,
            SchemaKind::Any(a) => &a.any_of,
            _ => &[],
        }
    }

    /// Whether the schema describes an object with named properties.
    pub fn is_object_with_properties(&self) -> bool {
        !self.properties().is_empty()
    }

    /// A vendor extension value.
    pub fn extension(&self, name: &str) -> Option<&'a serde_json::Value> {
        self.0.schema_data.extensions.get(name)
    }

    /// The description, or else the title.
    pub fn description(&self) -> Option<&'a str> {
        self.0
            .schema_data
            .description
            .as_deref()
            .or(self.0.schema_data.title.as_deref())
            .filter(|d| !d.trim().is_empty())
    }
}

fn props(o: &ObjectType) -> Vec<(&str, SchemaRef<'_>)> {
    o.properties
        .iter()
        .map(|(k, v)| (k.as_str(), SchemaRef::of_boxed(v)))
        .collect()
}

/// Whether a schema says nothing about its value (`{}`).
pub fn is_empty(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Any(a) => {
            a.typ.is_none()
                && a.properties.is_empty()
                && a.items.is_none()
                && a.enumeration.is_empty()
                && a.one_of.is_empty()
                && a.all_of.is_empty()
                && a.any_of.is_empty()
                && a.additional_properties.is_none()
        }
        _ => false,
    }
}
