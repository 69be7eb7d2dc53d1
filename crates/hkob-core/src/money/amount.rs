//! An amount of money in a currency.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Currency;

/// An exact amount of money in one currency.
///
/// Serialised as `{"amount": "1234.50", "currency": "HKD"}`; the amount is
/// read from a string or a number.
///
/// ```
/// use hkob_core::money::{Amount, Currency};
/// use hkob_core::Decimal;
///
/// let a: Amount = serde_json::from_str(r#"{"amount": 100000, "currency": "hkd"}"#)?;
/// assert_eq!(a, Amount::new(Decimal::from(100_000), Currency::HKD));
/// assert_eq!(a.to_string(), "HKD 100000");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Amount {
    /// The value, exact.
    #[serde(rename = "amount", with = "super::decimal_str")]
    pub value: Decimal,
    /// The currency.
    pub currency: Currency,
}

impl Amount {
    /// `value` in `currency`.
    pub fn new(value: Decimal, currency: Currency) -> Self {
        Self { value, currency }
    }

    /// An amount in Hong Kong dollars.
    pub fn hkd(value: Decimal) -> Self {
        Self::new(value, Currency::HKD)
    }

    /// The sum of two amounts in the same currency; `None` across currencies
    /// or on overflow.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        if self.currency != other.currency {
            return None;
        }
        Some(Self::new(
            self.value.checked_add(other.value)?,
            self.currency,
        ))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.value)
    }
}
