//! The products a customer can apply for, one typed set of details each.

mod deposits;
mod insurance;
mod investment;
mod lending;
mod safe_deposit_box;

use serde::{Deserialize, Serialize};

pub use deposits::{
    CurrentAccount, ForeignCurrencyAccount, MaturityInstruction, SavingsAccount, TimeDeposit,
};
pub use insurance::{Beneficiary, GeneralInsurance, InsuranceCover, LifeInsurance};
pub use investment::{
    InvestmentFundAccount, Metal, PreciousMetalAccount, StockAccount, StockMarket,
};
pub use lending::{Collateral, CreditCard, Mortgage, SecuredLoan, UnsecuredLoan};
pub use safe_deposit_box::{BoxSize, SafeDepositBox};

use crate::invalid::Problems;
use hkob_core::{Amount, Currency};

hkob_core::open_enum! {
    /// The kind of product applied for: the framework's Phase II list. A kind this version
    /// does not know (in a bank's answer) is kept as [`ProductType::Unknown`].
    pub enum ProductType {
        /// Savings account opening.
        SavingsAccount = "savings-account",
        /// Current account opening.
        CurrentAccount = "current-account",
        /// Foreign currency account opening.
        ForeignCurrencyAccount = "foreign-currency-account",
        /// Time deposit creation.
        TimeDeposit = "time-deposit",
        /// Credit card application.
        CreditCard = "credit-card",
        /// Mortgage loan application.
        Mortgage = "mortgage",
        /// Unsecured (personal) loan application.
        UnsecuredLoan = "unsecured-loan",
        /// Secured loan application.
        SecuredLoan = "secured-loan",
        /// Safe deposit box application.
        SafeDepositBox = "safe-deposit-box",
        /// Investment fund account opening.
        InvestmentFundAccount = "investment-fund-account",
        /// Precious metal account opening.
        PreciousMetalAccount = "precious-metal-account",
        /// Stock (securities) account opening.
        StockAccount = "stock-account",
        /// General insurance application.
        GeneralInsurance = "general-insurance",
        /// Life insurance application.
        LifeInsurance = "life-insurance",
    }
}

/// The product-specific part of an application: exactly one product's details.
///
/// Each variant's struct is named after the product ([`TimeDeposit`], [`CreditCard`], ...) and
/// converts into `ProductDetails` with `From`. It serialises as the application document's
/// `details` object, with the one member for its product: `{"creditCard": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ProductDetails {
    /// A savings account.
    SavingsAccount(SavingsAccount),
    /// A current account.
    CurrentAccount(CurrentAccount),
    /// A foreign currency account.
    ForeignCurrencyAccount(ForeignCurrencyAccount),
    /// A time deposit.
    TimeDeposit(TimeDeposit),
    /// A credit card.
    CreditCard(CreditCard),
    /// A mortgage loan.
    Mortgage(Mortgage),
    /// An unsecured loan.
    UnsecuredLoan(UnsecuredLoan),
    /// A secured loan.
    SecuredLoan(SecuredLoan),
    /// A safe deposit box.
    SafeDepositBox(SafeDepositBox),
    /// An investment fund account.
    InvestmentFundAccount(InvestmentFundAccount),
    /// A precious metal account.
    PreciousMetalAccount(PreciousMetalAccount),
    /// A stock account.
    StockAccount(StockAccount),
    /// General insurance.
    GeneralInsurance(GeneralInsurance),
    /// Life insurance.
    LifeInsurance(LifeInsurance),
}

/// How a product's details are checked: the product's own rules, and the values the caller's
/// [`ProductLimits`](crate::ProductLimits) bound.
pub(crate) trait ProductRules {
    /// The amount the limits bound (principal, loan amount, credit limit, sum insured), with
    /// its field name under the product's member.
    fn amount(&self) -> Option<(&'static str, &Amount)> {
        None
    }

    /// The tenor the limits bound, with its field name and unit (`"days"`, `"months"`,
    /// `"years"`).
    fn tenor(&self) -> Option<(&'static str, u32, &'static str)> {
        None
    }

    /// The currencies the limits' currency list applies to, with their field names.
    fn currencies(&self) -> Vec<(String, Currency)> {
        Vec::new()
    }

    /// Whether the bank lends to the applicant: employment and monthly income are required.
    fn lends(&self) -> bool {
        false
    }

    /// Whether the applicant must be 18 or over unless the limits say otherwise.
    fn adults_only(&self) -> bool {
        false
    }

    /// The product's own rules (ranges, consistency), under `field`.
    fn check(&self, field: &str, problems: &mut Problems);
}

macro_rules! product_details {
    ($($variant:ident = $member:literal),* $(,)?) => {
        impl ProductDetails {
            /// The kind of product.
            pub fn product_type(&self) -> ProductType {
                match self {
                    $(Self::$variant(_) => ProductType::$variant,)*
                }
            }

            /// The member of `details` on the wire, such as `"timeDeposit"`.
            pub(crate) fn member(&self) -> &'static str {
                match self {
                    $(Self::$variant(_) => $member,)*
                }
            }

            pub(crate) fn rules(&self) -> &dyn ProductRules {
                match self {
                    $(Self::$variant(d) => d,)*
                }
            }
        }

        $(
            impl From<$variant> for ProductDetails {
                fn from(details: $variant) -> Self {
                    Self::$variant(details)
                }
            }
        )*
    };
}

product_details!(
    SavingsAccount = "savingsAccount",
    CurrentAccount = "currentAccount",
    ForeignCurrencyAccount = "foreignCurrencyAccount",
    TimeDeposit = "timeDeposit",
    CreditCard = "creditCard",
    Mortgage = "mortgage",
    UnsecuredLoan = "unsecuredLoan",
    SecuredLoan = "securedLoan",
    SafeDepositBox = "safeDepositBox",
    InvestmentFundAccount = "investmentFundAccount",
    PreciousMetalAccount = "preciousMetalAccount",
    StockAccount = "stockAccount",
    GeneralInsurance = "generalInsurance",
    LifeInsurance = "lifeInsurance",
);

/// Checks an integer field against the range the product allows at all.
pub(crate) fn check_range(
    problems: &mut Problems,
    field: String,
    value: u32,
    range: std::ops::RangeInclusive<u32>,
) {
    if !range.contains(&value) {
        problems.outside(
            field,
            format!("must be {} to {}", range.start(), range.end()),
        );
    }
}

/// Checks that an amount is above zero.
pub(crate) fn check_positive(problems: &mut Problems, field: String, amount: &Amount) {
    if amount.value <= hkob_core::Decimal::ZERO {
        problems.invalid(field, "must be more than zero");
    }
}

/// Whether a list names one value twice.
pub(crate) fn has_duplicates<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, item)| items.iter().take(i).any(|earlier| earlier == item))
}
