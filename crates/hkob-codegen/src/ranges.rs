//! Ranges: two optional query parameters that bound one value (a lower `from` and an upper
//! `to`), set together by one setter that takes a checked range, so that a range whose start is
//! after its end is refused when it is made and can never be sent.
//!
//! An operation declares them with `x-hkob-ranges` (or `ranges` in its `[operations.<id>]`
//! override):
//!
//! ```yaml
//! x-hkob-ranges:
//!   - setter: between   # the setter's name
//!     from: from        # the lower bound's parameter, by its name on the wire
//!     to: to            # the upper bound's parameter
//! ```
//!
//! The generated `types` module then has a generic `Range<T>` (made by `Range::new(start, end)`,
//! which refuses `start > end` with a `ReversedRange<T>`), and the operation a
//! `between(range: Range<T>)` setter instead of the two parameters' own setters.

use std::fmt::Write as _;

use serde::Deserialize;

/// One range of an operation, as the spec or an override declares it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RangeSpec {
    /// The name of the setter (`between`, `period`).
    pub setter: String,
    /// The wire name of the parameter that takes the lower bound.
    pub from: String,
    /// The wire name of the parameter that takes the upper bound.
    pub to: String,
}

impl RangeSpec {
    /// Checks what can be checked without the operation: a setter name that is a plain
    /// `snake_case` identifier, and two different parameters.
    pub fn validate(&self) -> Result<(), String> {
        let mut chars = self.setter.chars();
        let plain = chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !plain || self.setter == "_" || crate::naming::is_keyword(&self.setter) {
            return Err(format!(
                "setter `{}` is not a snake_case identifier",
                self.setter
            ));
        }
        if self.from == self.to {
            return Err(format!(
                "`from` and `to` are the same parameter `{}`",
                self.from
            ));
        }
        Ok(())
    }
}

/// The names of the range types in the generated `types` module (`Range` and
/// `ReversedRange`, unless the spec already uses them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeTypes {
    /// The checked range.
    pub range: String,
    /// The error of a range whose start is after its end.
    pub reversed: String,
}

impl RangeTypes {
    /// Source of the two types, for the end of the `types` module.
    pub fn render(&self) -> String {
        let Self { range, reversed } = self;
        let mut out = String::new();
        let _ = write!(
            out,
            r#"/// A range of values for a pair of query parameters that bound one field (a lower and an upper
/// bound, both included), whose start is not after its end: what the range setters of the
/// request types take.
///
/// It is checked when it is made: [`{range}::new`] refuses a start after the end with a
/// [`{reversed}`], so a reversed range is never sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct {range}<T> {{
    start: T,
    end: T,
}}

impl<T: PartialOrd> {range}<T> {{
    /// The range from `start` to `end`, both included; a [`{reversed}`] when `start` is after
    /// `end` (or the two cannot be compared).
    pub fn new(start: T, end: T) -> Result<Self, {reversed}<T>> {{
        if start <= end {{
            Ok(Self {{ start, end }})
        }} else {{
            Err({reversed} {{ start, end }})
        }}
    }}
}}

impl<T: Clone> {range}<T> {{
    /// The range of one value: `value` to `value`.
    pub fn single(value: T) -> Self {{
        Self {{
            start: value.clone(),
            end: value,
        }}
    }}
}}

impl<T> {range}<T> {{
    /// The lower bound, included.
    pub fn start(&self) -> &T {{
        &self.start
    }}

    /// The upper bound, included.
    pub fn end(&self) -> &T {{
        &self.end
    }}

    /// The two bounds, lower first.
    pub fn into_bounds(self) -> (T, T) {{
        (self.start, self.end)
    }}
}}

impl<T: PartialOrd> std::convert::TryFrom<std::ops::RangeInclusive<T>> for {range}<T> {{
    type Error = {reversed}<T>;

    fn try_from(range: std::ops::RangeInclusive<T>) -> Result<Self, Self::Error> {{
        let (start, end) = range.into_inner();
        Self::new(start, end)
    }}
}}

/// A range whose start is after its end (see [`{range}::new`]). It converts into the
/// runtime's `Error::InvalidRequest` (hkob-core's), so `?` works in a function that returns
/// its `Result`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct {reversed}<T> {{
    start: T,
    end: T,
}}

impl<T> {reversed}<T> {{
    /// The start that was asked for.
    pub fn start(&self) -> &T {{
        &self.start
    }}

    /// The end that was asked for.
    pub fn end(&self) -> &T {{
        &self.end
    }}
}}

impl<T: std::fmt::Display> std::fmt::Display for {reversed}<T> {{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        write!(
            f,
            "the range starts at {{}}, after its end {{}}",
            self.start, self.end
        )
    }}
}}

impl<T: std::fmt::Debug + std::fmt::Display> std::error::Error for {reversed}<T> {{}}

impl<T: std::fmt::Display> std::convert::From<{reversed}<T>> for hkob_core::Error {{
    fn from(error: {reversed}<T>) -> Self {{
        hkob_core::error::InvalidRequest::new(error.to_string()).into()
    }}
}}

"#
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(setter: &str, from: &str, to: &str) -> RangeSpec {
        RangeSpec {
            setter: setter.into(),
            from: from.into(),
            to: to.into(),
        }
    }

    #[test]
    fn checks_the_setter_and_the_parameters() {
        assert_eq!(spec("between", "from", "to").validate(), Ok(()));
        assert_eq!(spec("date_range_2", "a", "b").validate(), Ok(()));
        for (bad, why) in [
            (spec("Between", "from", "to"), "not a snake_case identifier"),
            (spec("", "from", "to"), "not a snake_case identifier"),
            (spec("type", "from", "to"), "not a snake_case identifier"),
            (spec("a-b", "from", "to"), "not a snake_case identifier"),
            (spec("between", "from", "from"), "the same parameter"),
        ] {
            let e = bad.validate().expect_err("refused");
            assert!(e.contains(why), "{bad:?}: {e}");
        }
    }
}
