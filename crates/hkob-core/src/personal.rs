//! Hong Kong personal-data formats: HKID numbers, mobile numbers and e-mail addresses.
//!
//! Every type here validates on construction (`parse`, [`FromStr`](std::str::FromStr), serde)
//! and keeps one canonical string, given back by `as_str` and `Display` because that is what
//! goes on the wire. `Debug` masks the value, so a stray `{:?}` in a log does not leak it, and
//! errors ([`PersonalDataError`]) name the rule that failed without repeating the value.
//!
//! Phase II applications use them for the applicant, Phase IV for FPS proxies.

mod email;
mod hkid;
mod mobile;

pub use email::EmailAddress;
pub use hkid::HkidNumber;
pub use mobile::MobileNumber;

/// Why a string is not a valid HKID number, mobile number or e-mail address.
///
/// The messages name the rule that failed and never repeat the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PersonalDataError {
    /// Not a mobile number.
    #[error("not a valid mobile number: {reason}")]
    MobileNumber {
        /// The rule that failed.
        reason: &'static str,
    },
    /// Not an e-mail address.
    #[error("not a valid e-mail address: {reason}")]
    Email {
        /// The rule that failed.
        reason: &'static str,
    },
    /// Not shaped like an HKID number.
    #[error("not a valid HKID number: {reason}")]
    Hkid {
        /// The rule that failed.
        reason: &'static str,
    },
    /// Shaped like an HKID number, but the check character is wrong.
    #[error("not a valid HKID number: the check character does not match")]
    HkidCheckDigit,
}

/// Replaces every character but the last `keep` with `*`.
fn mask_keep_last(value: &str, keep: usize) -> String {
    let len = value.chars().count();
    let hidden = len.saturating_sub(keep);
    value
        .chars()
        .enumerate()
        .map(|(i, c)| if i < hidden { '*' } else { c })
        .collect()
}

/// `Display`, `FromStr`, `AsRef<str>` and string serde for a validated string newtype with a
/// `parse` constructor and an `as_str` accessor.
macro_rules! string_newtype_impls {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::personal::PersonalDataError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Self::parse(&text).map_err(::serde::de::Error::custom)
            }
        }
    };
}
use string_newtype_impls;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hong_kong_spellings_normalise() {
        for input in [
            "91234567",
            "85291234567",
            "+85291234567",
            "+852 9123 4567",
            "+852-91234567",
            " +852-9123-4567 ",
        ] {
            assert_eq!(
                MobileNumber::parse(input).map(|m| m.to_string()),
                Ok("+852-91234567".to_owned()),
                "{input}"
            );
        }
    }

    #[test]
    fn hong_kong_numbers_are_strict() {
        for input in [
            "21234567",
            "31234567",
            "01234567",
            "9123456",
            "912345678",
            "+852-912345678",
        ] {
            assert!(MobileNumber::parse(input).is_err(), "{input}");
        }
        for first in ['4', '5', '6', '7', '8', '9'] {
            assert!(MobileNumber::parse(&format!("{first}1234567")).is_ok());
        }
    }

    #[test]
    fn overseas_numbers_need_a_separator() {
        let cn = MobileNumber::parse("+86-13812345678").unwrap();
        assert_eq!(cn.country_code(), "86");
        assert_eq!(cn.subscriber_number(), "13812345678");
        assert!(!cn.is_hong_kong());
        assert_eq!(
            MobileNumber::parse("+86 138 1234 5678").unwrap().as_str(),
            "+86-13812345678"
        );
        assert!(MobileNumber::parse("+8613812345678").is_err());
        assert!(MobileNumber::parse("+86-1381234567890123").is_err());
        assert!(MobileNumber::parse("+086-13812345678").is_err());
    }

    #[test]
    fn hkid_check_characters() {
        for valid in [
            "G123456A",
            "A5555550",
            "C5678909",
            "AB9876543",
            "WX1234569",
            "A1234563",
            "CA1823611",
        ] {
            assert!(HkidNumber::parse(valid).is_ok(), "{valid}");
        }
        assert_eq!(
            HkidNumber::parse("C5678908"),
            Err(PersonalDataError::HkidCheckDigit)
        );
        let hkid = HkidNumber::parse("a123456(3)").unwrap();
        assert_eq!(hkid.as_str(), "A1234563");
        assert_eq!(hkid.printed(), "A123456(3)");
        assert_eq!(format!("{hkid:?}"), "HkidNumber(A*******)");
    }

    #[test]
    fn mobile_numbers() {
        let m = MobileNumber::parse("+852 6123 5678").unwrap();
        assert_eq!(m.as_str(), "+852-61235678");
        assert_eq!(m.to_string(), "+852-61235678");
        assert_eq!(format!("{m:?}"), "MobileNumber(+852-****5678)");
        assert!(m.is_hong_kong());
        for bad in ["", "2123 4567", "+852-3123456", "+1", "912-3456x", "+44 12"] {
            let err = MobileNumber::parse(bad).unwrap_err();
            assert!(
                matches!(err, PersonalDataError::MobileNumber { .. }),
                "{bad}"
            );
        }
        // The message says what is wrong, not the number.
        let err = MobileNumber::parse("21234567").unwrap_err().to_string();
        assert!(!err.contains("21234567"), "{err}");
    }

    #[test]
    fn email_addresses() {
        let e = EmailAddress::parse(" FPS_Identifier_CRC201A@ird.gov.hk ").unwrap();
        assert_eq!(e.as_str(), "FPS_Identifier_CRC201A@ird.gov.hk");
        assert_eq!(e.domain(), "ird.gov.hk");
        assert_eq!(format!("{e:?}"), "EmailAddress(F***@ird.gov.hk)");
        let too_long = format!("{}@{}.hk", "a".repeat(64), "b".repeat(200));
        for bad in [
            "",
            "no-at.example.com",
            "a@b@c.com",
            "@example.com",
            "a@localhost",
            "a b@example.com",
            "a@example..com",
            "a@-example.com",
            "a@exa_mple.com",
            too_long.as_str(),
        ] {
            assert!(
                matches!(
                    EmailAddress::parse(bad),
                    Err(PersonalDataError::Email { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn hkid_numbers() {
        let hkid = HkidNumber::parse("CA182361(1)").unwrap();
        assert_eq!(hkid.as_str(), "CA1823611");
        assert_eq!(hkid.printed(), "CA182361(1)");
        assert_eq!(format!("{hkid:?}"), "HkidNumber(C********)");
        assert_eq!(
            HkidNumber::parse("A123456(4)"),
            Err(PersonalDataError::HkidCheckDigit)
        );
        assert!(matches!(
            HkidNumber::parse("123456789"),
            Err(PersonalDataError::Hkid { .. })
        ));
        assert!(
            !PersonalDataError::HkidCheckDigit
                .to_string()
                .contains("A123456")
        );
    }
}
