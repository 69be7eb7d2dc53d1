//! From each dialect's wire types to the [canonical model](crate::model), with every value that
//! cannot be normalised reported as a [`NormaliseIssue`].
//!
//! A normaliser never panics and never drops a value silently: an unknown tenor unit, a negative
//! rate, a tier whose minimum is above its maximum or a currency code that is not one is reported
//! beside the products, and the [`Outcome`] says what became of it (an enum value kept as
//! `Unknown`, a field left empty, a rate tier left out, or a whole item left out).

pub(crate) mod context;
pub(crate) mod languages;

pub use crate::dialects::bochk_group::normalise as bochk_group;
pub use crate::dialects::dbs::normalise as dbs;
pub use crate::dialects::hsbc_group::normalise as hsbc_group;
pub use crate::dialects::jetco_apix::normalise as jetco_apix;
pub use crate::dialects::standard_chartered::normalise as standard_chartered;

use std::fmt;

use hkob_core::Decimal;

use crate::model::BankId;

/// Items normalised from one bank's answer, with the issues met on the way.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Normalised<T> {
    /// The items.
    pub items: Vec<T>,
    /// What could not be normalised.
    pub issues: Vec<NormaliseIssue>,
}

impl<T> Default for Normalised<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            issues: Vec::new(),
        }
    }
}

/// A value from a bank that could not be normalised.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NormaliseIssue {
    /// The bank that sent it.
    pub bank: BankId,
    /// The product code (or branch, ATM or currency code) of the item, when it has one.
    pub product: Option<String>,
    /// Where in the item, in the bank's own field names (`rateInfo[2].depositTermUnit`).
    pub field: String,
    /// What is wrong with it.
    pub problem: Problem,
    /// What became of it.
    pub outcome: Outcome,
}

impl fmt::Display for NormaliseIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.bank)?;
        if let Some(product) = &self.product {
            write!(f, " {product}")?;
        }
        write!(f, " `{}`: {} ({})", self.field, self.problem, self.outcome)
    }
}

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Problem {
    /// An enum value this version does not know.
    UnknownValue(String),
    /// A currency code that is not three letters.
    InvalidCurrency(String),
    /// An interest rate below zero.
    NegativeRate(Decimal),
    /// An amount below zero.
    NegativeAmount(Decimal),
    /// A band whose lower bound is above its upper bound.
    MinAboveMax {
        /// The lower bound.
        min: Decimal,
        /// The upper bound.
        max: Decimal,
    },
    /// A number outside the range it can take (a term of zero days, a latitude of 200).
    OutOfRange(String),
    /// A value the model needs is absent (a product without a code, a rate tier without a term).
    Missing,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnknownValue(value) => write!(f, "unknown value `{value}`"),
            Problem::InvalidCurrency(code) => write!(f, "`{code}` is not a currency code"),
            Problem::NegativeRate(rate) => write!(f, "negative rate {rate}"),
            Problem::NegativeAmount(amount) => write!(f, "negative amount {amount}"),
            Problem::MinAboveMax { min, max } => {
                write!(f, "minimum {min} is above maximum {max}")
            }
            Problem::OutOfRange(what) => write!(f, "out of range: {what}"),
            Problem::Missing => f.write_str("missing"),
        }
    }
}

/// What the normaliser did with a value it could not normalise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Outcome {
    /// An enum value kept as `Unknown(..)` in the model.
    KeptAsUnknown,
    /// The model field was left empty (`None`).
    FieldLeftEmpty,
    /// One entry of a list (a rate tier, a currency) was left out; the item is kept.
    EntryLeftOut,
    /// The whole item was left out.
    ItemLeftOut,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::KeptAsUnknown => "kept as unknown",
            Outcome::FieldLeftEmpty => "field left empty",
            Outcome::EntryLeftOut => "entry left out",
            Outcome::ItemLeftOut => "item left out",
        })
    }
}
