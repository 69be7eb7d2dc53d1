//! [`Nullable`]: a field that can be left out, sent as `null`, or sent with a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of an optional field whose schema also allows `null`: the three states a bank can
/// send are kept apart, so what was decoded encodes back exactly.
///
/// Generated types use it for every property that is neither required nor non-nullable, with
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`: a field the bank left out
/// is [`Nullable::Absent`] and stays out when encoded, an explicit `null` is [`Nullable::Null`]
/// and is written back as `null`.
///
/// ```
/// use hkob_core::Nullable;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Rate {
///     #[serde(default, skip_serializing_if = "Nullable::is_absent")]
///     note: Nullable<String>,
/// }
///
/// for json in [r#"{}"#, r#"{"note":null}"#, r#"{"note":"fixed"}"#] {
///     let rate: Rate = serde_json::from_str(json)?;
///     assert_eq!(serde_json::to_string(&rate)?, json);
/// }
/// let rate: Rate = serde_json::from_str(r#"{"note":"fixed"}"#)?;
/// assert_eq!(rate.note.as_option().map(String::as_str), Some("fixed"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Nullable<T> {
    /// The field was not there.
    #[default]
    Absent,
    /// The field was there, as `null`.
    Null,
    /// The field was there, with a value.
    Present(T),
}

impl<T> Nullable<T> {
    /// Whether the field was left out (the `skip_serializing_if` of generated fields).
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the field was sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// Whether the field has a value.
    pub fn is_present(&self) -> bool {
        matches!(self, Self::Present(_))
    }

    /// The value, if any: absent and `null` are both `None`.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Self::Present(v) => Some(v),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if any, moved out: absent and `null` are both `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Self::Present(v) => Some(v),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if any, through `Deref` (`&str` for a `Nullable<String>`): absent and `null`
    /// are both `None`.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.as_option().map(|v| &**v)
    }

    /// A `Nullable` of a reference to the value, in the same state.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Present(v) => Nullable::Present(v),
        }
    }

    /// Maps the value, keeping an absent or `null` field as it is.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Present(v) => Nullable::Present(f(v)),
        }
    }

    /// `Null` for `None`, `Present` for `Some`: how a decoded `Option` reads when the field was
    /// there.
    pub fn from_sent(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Present)
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Present(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// Writes the value, or `null` for both `Null` and `Absent` (generated fields skip `Absent`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Present(v) => serializer.serialize_some(v),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// Reads `null` as `Null` and anything else as `Present`; a missing field is `Absent` through
    /// `#[serde(default)]`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Self::from_sent)
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Holder {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        value: Nullable<u32>,
    }

    #[test]
    fn the_three_states_decode_apart_and_encode_back() {
        for (json, state) in [
            ("{}", Nullable::Absent),
            (r#"{"value":null}"#, Nullable::Null),
            (r#"{"value":7}"#, Nullable::Present(7)),
        ] {
            let holder: Holder = serde_json::from_str(json).unwrap();
            assert_eq!(holder.value, state, "{json}");
            assert_eq!(serde_json::to_string(&holder).unwrap(), json);
        }
    }

    #[test]
    fn a_wrong_value_is_an_error_not_a_null() {
        assert!(serde_json::from_str::<Holder>(r#"{"value":"seven"}"#).is_err());
    }

    #[test]
    fn accessors_see_only_a_present_value() {
        assert_eq!(Nullable::Present(3).as_option(), Some(&3));
        assert_eq!(Nullable::<u32>::Null.into_option(), None);
        assert_eq!(Nullable::<u32>::Absent.as_option(), None);
        assert_eq!(Nullable::Present(3).map(|v| v * 2), Nullable::Present(6));
        assert!(Nullable::<u32>::Null.map(|v| v * 2).is_null());
        assert_eq!(Nullable::from(4).as_ref(), Nullable::Present(&4));
    }
}
