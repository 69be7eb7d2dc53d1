//! Money: amounts in a currency, exact to the last digit.
//!
//! Amounts are [`Decimal`](rust_decimal::Decimal), never floats. Banks send
//! them as JSON strings (JETCO: `"amount": "1234.50"`) or as JSON numbers
//! (the HKMA); the serde helpers in [`decimal_str`], [`decimal_num`] and
//! their `_opt` twins read either form; [`DecimalNumber`] and [`DecimalString`]
//! hold a decimal inside a list, a map or a union.

mod amount;
mod currency;
pub mod decimal_num;
pub mod decimal_num_nullable;
pub mod decimal_num_opt;
pub mod decimal_str;
pub mod decimal_str_nullable;
pub mod decimal_str_opt;
mod decimal_visitor;
mod held;

pub use amount::Amount;
pub use currency::Currency;
pub use held::{DecimalNumber, DecimalString};
