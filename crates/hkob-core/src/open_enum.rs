//! Forward-compatible string enums.

/// Declares a string enum that never fails to decode: a value it does not
/// know becomes `Unknown(String)`, kept as sent, and encodes back unchanged.
///
/// Banks add statuses and product types without notice; a closed enum would
/// turn each addition into a decode error for every client.
///
/// ```
/// hkob_core::open_enum! {
///     /// The state of an account.
///     pub enum AccountStatus {
///         /// Open and usable.
///         Active = "ACTIVE",
///         /// Closed by the customer or the bank.
///         Closed = "CLOSED",
///     }
/// }
///
/// let known: AccountStatus = serde_json::from_str(r#""ACTIVE""#)?;
/// assert_eq!(known, AccountStatus::Active);
/// let new: AccountStatus = serde_json::from_str(r#""DORMANT""#)?;
/// assert_eq!(new, AccountStatus::Unknown("DORMANT".into()));
/// assert_eq!(serde_json::to_string(&new)?, r#""DORMANT""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $wire:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )*
            /// A value this version does not know, kept exactly as sent.
            Unknown(::std::string::String),
        }

        impl $name {
            /// The value as the bank sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(other) => other.as_str(),
                }
            }

            /// Whether this is a value this version knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                let value: ::std::borrow::Cow<'de, str> =
                    $crate::__private::serde::Deserialize::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    };
}
