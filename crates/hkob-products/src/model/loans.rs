//! Loan products: credit cards, mortgages, and secured or unsecured personal loans.

use hkob_core::{Amount, Currency, Decimal};

use super::common::{Frequency, LocalizedText, ProductInfo, Tenor};

hkob_core::open_enum! {
    /// The payment network of a card.
    pub enum CardNetwork {
        /// Visa.
        Visa = "VISA",
        /// Mastercard.
        Mastercard = "MASTERCARD",
        /// UnionPay.
        UnionPay = "UNIONPAY",
        /// American Express.
        Amex = "AMEX",
        /// JCB.
        Jcb = "JCB",
    }
}

/// A credit card product.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CreditCard {
    /// What every product has: the bank, its code, name and description, fees, links and dates.
    #[serde(flatten)]
    pub info: ProductInfo,
    /// Card network; `None` when the bank did not say.
    pub network: Option<CardNetwork>,
    /// Card tier as the bank names it (`Gold`, `Platinum` ...).
    pub level: Option<String>,
    /// Billing currency, in which the fee and the limits below are stated.
    pub currency: Option<Currency>,
    /// Annual fee of the principal card; zero for a card without one, `None` when the bank did not
    /// say.
    pub annual_fee: Option<Amount>,
    /// When the annual fee is waived, as the bank words it.
    pub annual_fee_waiver: LocalizedText,
    /// Annual percentage rate on retail purchases.
    pub purchase_apr: Option<Decimal>,
    /// Annual percentage rate on cash advances.
    pub cash_advance_apr: Option<Decimal>,
    /// Smallest credit limit granted, in `currency`.
    pub min_credit_limit: Option<Decimal>,
    /// Largest credit limit granted, in `currency`.
    pub max_credit_limit: Option<Decimal>,
    /// Smallest annual income to apply.
    pub min_annual_income: Option<Amount>,
}

impl CreditCard {
    /// Whether the card has no annual fee: the bank states a fee of zero. A card whose fee is not
    /// stated is not counted as free.
    pub fn has_no_annual_fee(&self) -> bool {
        self.annual_fee.is_some_and(|fee| fee.value.is_zero())
    }
}

hkob_core::open_enum! {
    /// How a loan rate is set.
    pub enum LoanRateKind {
        /// A fixed rate.
        Fixed = "FIXED",
        /// A flat rate on the original principal.
        Flat = "FLAT",
        /// A margin over HIBOR.
        Hibor = "HIBOR",
        /// A margin over or under the bank's prime rate.
        Prime = "PRIME",
    }
}

/// An interest rate of a loan, possibly for an amount band and a tenor.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoanRate {
    /// How the rate is set.
    pub kind: LoanRateKind,
    /// The rate (or margin, for HIBOR- and prime-based rates), percent per annum.
    pub rate: Decimal,
    /// Cap of a floating rate.
    pub cap: Option<Decimal>,
    /// Annual percentage rate, fees included.
    pub apr: Option<Decimal>,
    /// Smallest loan of the band.
    pub min_amount: Option<Decimal>,
    /// Largest loan of the band.
    pub max_amount: Option<Decimal>,
    /// Tenor the rate is for.
    pub tenor: Option<Tenor>,
}

hkob_core::open_enum! {
    /// What a mortgage is for.
    pub enum MortgagePurpose {
        /// Buying a property.
        NewPurchase = "NEW_PURCHASE",
        /// Moving a mortgage from another bank.
        Transfer = "TRANSFER",
        /// Moving a mortgage from another bank and borrowing more.
        TransferWithTopUp = "TRANSFER_WITH_TOP_UP",
        /// Refinancing a property without a mortgage.
        Refinancing = "REFINANCING",
    }
}

/// A residential mortgage product.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Mortgage {
    /// What every product has: the bank, its code, name and description, fees, links and dates.
    #[serde(flatten)]
    pub info: ProductInfo,
    /// What the mortgage is for.
    pub purpose: Option<MortgagePurpose>,
    /// Loan currency.
    pub currency: Option<Currency>,
    /// Interest rates.
    pub rates: Vec<LoanRate>,
    /// Smallest loan.
    pub min_amount: Option<Decimal>,
    /// Largest loan.
    pub max_amount: Option<Decimal>,
    /// Longest repayment period.
    pub max_tenor: Option<Tenor>,
    /// How often repayments are made.
    pub repayment_frequency: Option<Frequency>,
    /// Highest loan-to-value ratio, percent.
    pub max_ltv_ratio: Option<Decimal>,
}

hkob_core::open_enum! {
    /// What secures a secured loan.
    pub enum Collateral {
        /// A deposit at the bank.
        Deposit = "DEPOSIT",
        /// Securities.
        Securities = "SECURITIES",
        /// Property.
        Property = "PROPERTY",
        /// An insurance policy.
        Insurance = "INSURANCE",
        /// A vehicle.
        Vehicle = "VEHICLE",
        /// Anything else.
        Other = "OTHER",
    }
}

/// Whether a personal loan is secured, and by what.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum LoanSecurity {
    /// No collateral.
    Unsecured,
    /// Secured by the listed collateral (empty when the bank did not say which).
    Secured(Vec<Collateral>),
}

hkob_core::open_enum! {
    /// The kind of an unsecured personal loan.
    pub enum PersonalLoanKind {
        /// Fixed monthly instalments.
        Instalment = "INSTALMENT",
        /// A reusable credit line.
        Revolving = "REVOLVING",
        /// A seasonal loan to pay salaries tax.
        Tax = "TAX",
        /// Pays off debts held elsewhere.
        BalanceTransfer = "BALANCE_TRANSFER",
    }
}

/// A personal loan product, secured or unsecured.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PersonalLoan {
    /// What every product has: the bank, its code, name and description, fees, links and dates.
    #[serde(flatten)]
    pub info: ProductInfo,
    /// Secured or unsecured.
    pub security: LoanSecurity,
    /// The kind of loan, when the bank says.
    pub kind: Option<PersonalLoanKind>,
    /// Loan currency.
    pub currency: Option<Currency>,
    /// Interest rates.
    pub rates: Vec<LoanRate>,
    /// Smallest loan.
    pub min_amount: Option<Decimal>,
    /// Largest loan.
    pub max_amount: Option<Decimal>,
    /// Longest repayment period.
    pub max_tenor: Option<Tenor>,
    /// How often repayments are made.
    pub repayment_frequency: Option<Frequency>,
    /// Highest loan-to-value ratio, percent (secured loans).
    pub max_ltv_ratio: Option<Decimal>,
}

impl PersonalLoan {
    /// The lowest APR among the loan's rates; `None` when no rate states an APR.
    pub fn lowest_apr(&self) -> Option<Decimal> {
        self.rates.iter().filter_map(|rate| rate.apr).min()
    }

    /// Whether the loan is secured.
    pub fn is_secured(&self) -> bool {
        matches!(self.security, LoanSecurity::Secured(_))
    }
}
