//! Calendar months, as the portal writes the key of its monthly datasets (`2026-03`).

use std::fmt;
use std::str::FromStr;

use chrono::Datelike;
use hkob_core::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month, written `YYYY-MM` (`2026-03`) as the portal writes `end_of_month`, the key
/// of its monthly datasets: the bounds of a [`MonthRange`](crate::MonthRange). Months order by
/// time.
///
/// ```
/// use hkob_hkma::{Month, MonthRange};
///
/// let january = Month::new(2026, 1)?;
/// let june: Month = "2026-06".parse()?;
/// assert_eq!(june.to_string(), "2026-06");
/// let half_year = MonthRange::new(january, june)?;
/// assert!(MonthRange::new(june, january).is_err());
/// # let _ = half_year;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    year: u16,
    month: u8,
}

impl Month {
    /// The month `month` (1 to 12) of `year` (0 to 9999, the years `YYYY` can write).
    pub fn new(year: u16, month: u8) -> Result<Self, InvalidMonth> {
        if year <= 9999 && (1..=12).contains(&month) {
            Ok(Self { year, month })
        } else {
            Err(InvalidMonth {
                text: format!("year {year}, month {month}"),
            })
        }
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month of the year, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }
}

impl TryFrom<Date> for Month {
    type Error = InvalidMonth;

    /// The month `date` falls in; an error for a year `YYYY` cannot write.
    fn try_from(date: Date) -> Result<Self, Self::Error> {
        let invalid = || InvalidMonth {
            text: date.to_string(),
        };
        let year = u16::try_from(date.year()).map_err(|_| invalid())?;
        let month = u8::try_from(date.month()).map_err(|_| invalid())?;
        Self::new(year, month).map_err(|_| invalid())
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = InvalidMonth;

    /// Reads `YYYY-MM` exactly: four digits, `-`, two digits from `01` to `12`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidMonth {
            text: text.to_owned(),
        };
        let (year, month) = text.split_once('-').ok_or_else(invalid)?;
        let digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let month = month.parse().map_err(|_| invalid())?;
        Self::new(year, month).map_err(|_| invalid())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A month that cannot be written `YYYY-MM`: a month outside 1 to 12, a year outside 0 to 9999,
/// or text in another form. It converts into
/// [`Error::InvalidRequest`](hkob_core::Error::InvalidRequest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidMonth {
    text: String,
}

impl InvalidMonth {
    /// What was given, as text.
    pub fn input(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for InvalidMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a month written YYYY-MM (year 0000 to 9999, month 01 to 12)",
            self.text
        )
    }
}

impl std::error::Error for InvalidMonth {}

impl From<InvalidMonth> for hkob_core::Error {
    fn from(error: InvalidMonth) -> Self {
        hkob_core::error::InvalidRequest::new(error.to_string()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_yyyy_mm() {
        let march = Month::new(2026, 3).expect("a month");
        assert_eq!(march.to_string(), "2026-03");
        assert_eq!("2026-03".parse::<Month>(), Ok(march));
        assert_eq!(
            Month::new(7, 12).map(|m| m.to_string()),
            Ok("0007-12".to_owned())
        );
        assert_eq!((march.year(), march.month()), (2026, 3));
        for bad in [
            "2026-3",
            "2026-13",
            "2026-00",
            "26-03",
            "2026/03",
            "2026-03-01",
            "",
            "-",
            "２０２６-03",
            "+026-03",
            "2026--3",
        ] {
            let error = bad.parse::<Month>().expect_err(bad);
            assert_eq!(error.input(), bad);
        }
        assert!(Month::new(10_000, 1).is_err());
        assert!(Month::new(2026, 0).is_err());
    }

    #[test]
    fn orders_by_time_and_comes_from_dates() {
        let dec = Month::new(2025, 12).expect("a month");
        let jan = Month::new(2026, 1).expect("a month");
        assert!(dec < jan);
        let day = Date::from_ymd_opt(2026, 1, 31).expect("a date");
        assert_eq!(Month::try_from(day), Ok(jan));
        let far = Date::from_ymd_opt(12_000, 1, 1).expect("a date");
        assert!(Month::try_from(far).is_err());
        assert!(Month::try_from(Date::MIN).is_err());
    }

    #[test]
    fn serde_is_the_text() {
        let jan = Month::new(2026, 1).expect("a month");
        assert_eq!(
            serde_json::to_string(&jan).ok(),
            Some("\"2026-01\"".to_owned())
        );
        assert_eq!(serde_json::from_str::<Month>("\"2026-01\"").ok(), Some(jan));
        assert!(serde_json::from_str::<Month>("\"2026-1\"").is_err());
        let error: hkob_core::Error = "x".parse::<Month>().expect_err("x").into();
        assert!(matches!(error, hkob_core::Error::InvalidRequest(_)));
    }
}
