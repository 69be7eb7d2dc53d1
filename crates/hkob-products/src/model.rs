//! The canonical Phase I model: one type per product family, the same for every bank dialect.
//!
//! Every item carries the [`BankId`] of the bank that offers it. Money is
//! [`Decimal`](hkob_core::Decimal) or [`Amount`](hkob_core::Amount), never a float; interest rates and
//! APRs are in percent per annum (`3.8` means 3.8% p.a.). Text a bank gives in several languages is a
//! [`LocalizedText`]. A field the bank's dialect does not carry is `None` (or an empty list): the
//! model never invents a value.

mod common;
mod deposits;
mod loans;
mod services;

pub use common::{
    BankId, Fee, Frequency, GeoPoint, LocalizedText, ProductInfo, ProductLinks, Tenor, TenorUnit,
};
pub use deposits::{
    BalanceRate, CurrentAccount, ForeignCurrencyAccount, RateTier, SavingsAccount, TimeDeposit,
};
pub use loans::{
    CardNetwork, Collateral, CreditCard, LoanRate, LoanRateKind, LoanSecurity, Mortgage,
    MortgagePurpose, PersonalLoan, PersonalLoanKind,
};
pub use services::{Atm, Branch, FxRate, OpeningHours, SafeDepositBox, Weekday};
