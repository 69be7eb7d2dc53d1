//! Deposit products: savings, current, time deposit and foreign currency accounts.

use hkob_core::{Amount, Currency, Decimal};

use super::common::{BankId, Frequency, LocalizedText, ProductInfo, Tenor};

/// An interest rate that applies to a balance band of an account (savings, current, foreign
/// currency).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BalanceRate {
    /// Currency of the balance; `None` when the bank did not say.
    pub currency: Option<Currency>,
    /// Smallest balance of the band, inclusive; `None` means from zero.
    pub min_balance: Option<Decimal>,
    /// Largest balance of the band, inclusive; `None` means no upper limit.
    pub max_balance: Option<Decimal>,
    /// Interest rate, percent per annum.
    pub rate: Decimal,
}

/// A savings account product.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavingsAccount {
    /// What every product has: the bank, its code, name and description, fees, links and dates.
    #[serde(flatten)]
    pub info: ProductInfo,
    /// Account currency, when the product has one.
    pub currency: Option<Currency>,
    /// Interest rates by balance band.
    pub rates: Vec<BalanceRate>,
    /// How often interest is credited.
    pub interest_frequency: Option<Frequency>,
    /// Balance to keep to avoid the below-minimum-balance fee, in `currency`.
    pub min_balance: Option<Decimal>,
    /// Smallest first deposit.
    pub min_initial_deposit: Option<Amount>,
}

/// A current (cheque) account product.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CurrentAccount {
    /// What every product has: the bank, its code, name and description, fees, links and dates.
    #[serde(flatten)]
    pub info: ProductInfo,
    /// Account currency, when the product has one.
    pub currency: Option<Currency>,
    /// Interest rates by balance band (many current accounts pay none: empty).
    pub rates: Vec<BalanceRate>,
    /// How often interest is credited.
    pub interest_frequency: Option<Frequency>,
    /// Balance to keep to avoid the below-minimum-balance fee, in `currency`.
    pub min_balance: Option<Decimal>,
    /// Smallest first deposit.
    pub min_initial_deposit: Option<Amount>,
    /// Whether e-Cheques can be issued and deposited.
    pub echeque: Option<bool>,
}

/// A foreign currency (multi-currency) account product.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ForeignCurrencyAccount {
    /// What every product has: the bank, its code, name and description, fees, links and dates.
    #[serde(flatten)]
    pub info: ProductInfo,
    /// Currencies the account can hold.
    pub currencies: Vec<Currency>,
    /// Interest rates by currency and balance band.
    pub rates: Vec<BalanceRate>,
    /// How often interest is credited.
    pub interest_frequency: Option<Frequency>,
    /// Balance to keep to avoid the below-minimum-balance fee (JETCO APIX states it as an HKD
    /// equivalent).
    pub min_balance: Option<Amount>,
}

/// A time deposit rate for one currency, one term and one balance tier.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RateTier {
    /// Deposit currency.
    pub currency: Currency,
    /// Deposit term.
    pub term: Tenor,
    /// Smallest deposit of the tier, inclusive; `None` means the product minimum.
    pub min_balance: Option<Decimal>,
    /// Largest deposit of the tier, inclusive; `None` means no upper limit.
    pub max_balance: Option<Decimal>,
    /// Interest rate, percent per annum.
    pub rate: Decimal,
}

impl RateTier {
    /// Whether this tier applies to `amount` placed for `term`: same currency, a term of the
    /// same length, and the amount inside the tier's bounds (both inclusive).
    pub fn applies_to(&self, amount: Amount, term: Tenor) -> bool {
        self.currency == amount.currency
            && self.term.same_length(term)
            && self.min_balance.is_none_or(|min| amount.value >= min)
            && self.max_balance.is_none_or(|max| amount.value <= max)
    }
}

/// A time deposit product with rates by currency, term and balance tier.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TimeDeposit {
    /// What every product has: the bank, its code, name and description, fees, links and dates.
    #[serde(flatten)]
    pub info: ProductInfo,
    /// Currencies a deposit can be placed in.
    pub currencies: Vec<Currency>,
    /// Rates by currency, term and balance tier.
    pub tiers: Vec<RateTier>,
    /// How often interest is paid.
    pub interest_frequency: Option<Frequency>,
    /// Whether the deposit can be withdrawn before maturity.
    pub early_withdrawal: Option<bool>,
    /// Smallest deposit, from the product's eligibility rules.
    pub min_deposit: Option<Amount>,
}

impl TimeDeposit {
    /// The rate for `amount` placed for `term`, in percent per annum: the highest rate among the
    /// tiers that apply (see [`RateTier::applies_to`]); `None` when no tier applies.
    ///
    /// ```
    /// use hkob_core::{Amount, Currency, Decimal};
    /// use hkob_products::model::{BankId, RateTier, Tenor, TimeDeposit};
    ///
    /// let tier = |min: i64, rate: i64| RateTier {
    ///     currency: Currency::HKD,
    ///     term: Tenor::months(3),
    ///     min_balance: Some(Decimal::from(min)),
    ///     max_balance: None,
    ///     rate: Decimal::new(rate, 2),
    /// };
    /// let deposit = TimeDeposit {
    ///     tiers: vec![tier(10_000, 350), tier(500_000, 380)],
    ///     ..TimeDeposit::empty(BankId::new("bea"), "TD01")
    /// };
    /// let hkd = |v: i64| Amount::hkd(Decimal::from(v));
    /// assert_eq!(deposit.rate_for(hkd(100_000), Tenor::months(3)), Some(Decimal::new(350, 2)));
    /// assert_eq!(deposit.rate_for(hkd(800_000), Tenor::months(3)), Some(Decimal::new(380, 2)));
    /// assert_eq!(deposit.rate_for(hkd(5_000), Tenor::months(3)), None);
    /// assert_eq!(deposit.rate_for(hkd(100_000), Tenor::months(6)), None);
    /// ```
    pub fn rate_for(&self, amount: Amount, term: Tenor) -> Option<Decimal> {
        self.tier_for(amount, term).map(|tier| tier.rate)
    }

    /// The tier that gives [`TimeDeposit::rate_for`] its rate.
    pub fn tier_for(&self, amount: Amount, term: Tenor) -> Option<&RateTier> {
        self.tiers
            .iter()
            .filter(|tier| tier.applies_to(amount, term))
            .max_by_key(|tier| tier.rate)
    }

    /// The tier with the highest rate in `currency`, whatever the term and amount.
    pub fn best_tier(&self, currency: Currency) -> Option<&RateTier> {
        self.tiers
            .iter()
            .filter(|tier| tier.currency == currency)
            .max_by_key(|tier| tier.rate)
    }

    /// A product with only its bank and code set, every other field empty; a starting point for
    /// tests and examples.
    pub fn empty(bank: BankId, code: impl Into<String>) -> Self {
        Self {
            info: ProductInfo::new(bank, code, LocalizedText::default()),
            currencies: Vec::new(),
            tiers: Vec::new(),
            interest_frequency: None,
            early_withdrawal: None,
            min_deposit: None,
        }
    }
}
