//! Building blocks shared by the product families: bank ids, bilingual text, tenors, fees, links.

use std::fmt;

use hkob_core::headers::Language;
use hkob_core::{Amount, Date};

pub use hkob_banks::BankId;

/// Text in the languages a bank gives it: English, traditional Chinese (Hong Kong) and simplified
/// Chinese. A language the bank did not give is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LocalizedText {
    /// English.
    pub en: Option<String>,
    /// Traditional Chinese, as used in Hong Kong.
    pub zh_hant: Option<String>,
    /// Simplified Chinese.
    pub zh_hans: Option<String>,
}

impl LocalizedText {
    /// Text given in one language only.
    pub fn single(language: Language, text: impl Into<String>) -> Self {
        let mut out = Self::default();
        out.set(language, text);
        out
    }

    /// Sets the text of one language.
    pub fn set(&mut self, language: Language, text: impl Into<String>) {
        let slot = match language {
            Language::TraditionalChinese => &mut self.zh_hant,
            Language::SimplifiedChinese => &mut self.zh_hans,
            _ => &mut self.en,
        };
        *slot = Some(text.into());
    }

    /// The text in `language`, if the bank gave it.
    pub fn get(&self, language: Language) -> Option<&str> {
        match language {
            Language::TraditionalChinese => self.zh_hant.as_deref(),
            Language::SimplifiedChinese => self.zh_hans.as_deref(),
            _ => self.en.as_deref(),
        }
    }

    /// The text in `language`, else in any language the bank gave (English first).
    pub fn get_or_any(&self, language: Language) -> Option<&str> {
        self.get(language).or_else(|| self.any())
    }

    /// The text in any language given: English, then traditional, then simplified Chinese.
    pub fn any(&self) -> Option<&str> {
        self.en
            .as_deref()
            .or(self.zh_hant.as_deref())
            .or(self.zh_hans.as_deref())
    }

    /// Whether no language is given.
    pub fn is_empty(&self) -> bool {
        self.en.is_none() && self.zh_hant.is_none() && self.zh_hans.is_none()
    }

    /// Fills the languages missing here from `other` (the text already here wins).
    pub fn merge(&mut self, other: &LocalizedText) {
        for (mine, theirs) in [
            (&mut self.en, &other.en),
            (&mut self.zh_hant, &other.zh_hant),
            (&mut self.zh_hans, &other.zh_hans),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
    }
}

impl fmt::Display for LocalizedText {
    /// The English text, else whichever language is given; nothing when empty.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.any().unwrap_or(""))
    }
}

/// The unit of a [`Tenor`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum TenorUnit {
    /// Calendar days.
    Day,
    /// Calendar months.
    Month,
    /// Years.
    Year,
}

/// A period, such as the term of a deposit or the longest repayment period of a loan.
///
/// Two tenors compare equal only when written the same way; [`Tenor::same_length`] also treats
/// `12 months` and `1 year` as the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Tenor {
    /// How many units.
    pub count: u32,
    /// The unit.
    pub unit: TenorUnit,
}

impl Tenor {
    /// `count` days.
    pub const fn days(count: u32) -> Self {
        Self {
            count,
            unit: TenorUnit::Day,
        }
    }

    /// `count` months.
    pub const fn months(count: u32) -> Self {
        Self {
            count,
            unit: TenorUnit::Month,
        }
    }

    /// `count` years.
    pub const fn years(count: u32) -> Self {
        Self {
            count,
            unit: TenorUnit::Year,
        }
    }

    /// Whether two tenors are the same length: equal, or months and years that match
    /// (`12 months` = `1 year`). Days are never matched with months, whose length varies.
    pub fn same_length(self, other: Tenor) -> bool {
        match (self.in_months(), other.in_months()) {
            (Some(a), Some(b)) => a == b,
            _ => self == other,
        }
    }

    /// The tenor in months, when it is counted in months or years.
    pub fn in_months(self) -> Option<u64> {
        match self.unit {
            TenorUnit::Month => Some(u64::from(self.count)),
            TenorUnit::Year => Some(u64::from(self.count) * 12),
            TenorUnit::Day => None,
        }
    }

    /// An approximate length in days (a month as 30 days, a year as 365), for sorting.
    pub fn approx_days(self) -> u64 {
        let count = u64::from(self.count);
        match self.unit {
            TenorUnit::Day => count,
            TenorUnit::Month => count * 30,
            TenorUnit::Year => count * 365,
        }
    }
}

impl fmt::Display for Tenor {
    /// `7 days`, `3 months`, `1 year`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            TenorUnit::Day => "day",
            TenorUnit::Month => "month",
            TenorUnit::Year => "year",
        };
        let plural = if self.count == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.count)
    }
}

hkob_core::open_enum! {
    /// How often something happens: interest credited or compounded, a repayment made.
    pub enum Frequency {
        /// Every day.
        Daily = "DAILY",
        /// Every week.
        Weekly = "WEEKLY",
        /// Every two weeks.
        Biweekly = "BIWEEKLY",
        /// Every month.
        Monthly = "MONTHLY",
        /// Every three months.
        Quarterly = "QUARTERLY",
        /// Every six months.
        HalfYearly = "HALF_YEARLY",
        /// Every year.
        Yearly = "YEARLY",
        /// Once, when the deposit or loan ends.
        AtMaturity = "AT_MATURITY",
    }
}

/// A fee or charge of a product.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fee {
    /// What the fee is for.
    pub name: LocalizedText,
    /// The amount, when the bank gives one as a number.
    pub amount: Option<Amount>,
    /// When the fee applies, as the bank words it.
    pub condition: LocalizedText,
}

/// What every product of every family has: where it comes from, what it is called, what it
/// costs and where to read more.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProductInfo {
    /// The bank offering it.
    pub bank: BankId,
    /// The bank's code for the product.
    pub code: String,
    /// Product name.
    pub name: LocalizedText,
    /// Short description.
    pub description: LocalizedText,
    /// Fees and charges.
    pub fees: Vec<Fee>,
    /// Links to the bank's pages.
    pub links: ProductLinks,
    /// First day these details apply.
    pub effective_date: Option<Date>,
    /// Day the bank last changed these details.
    pub last_updated: Option<Date>,
}

impl ProductInfo {
    /// A product's details with its bank, code and name; the rest empty.
    pub fn new(bank: BankId, code: impl Into<String>, name: LocalizedText) -> Self {
        Self {
            bank,
            code: code.into(),
            name,
            description: LocalizedText::default(),
            fees: Vec::new(),
            links: ProductLinks::default(),
            effective_date: None,
            last_updated: None,
        }
    }
}

/// Web links the bank gives for a product.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProductLinks {
    /// The product's page on the bank's site.
    pub product_page: Option<String>,
    /// Where a customer applies.
    pub application: Option<String>,
    /// Terms and conditions.
    pub terms: Option<String>,
    /// Another disclosure document (fact sheet, fee schedule).
    pub document: Option<String>,
}

/// A position in decimal degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GeoPoint {
    /// Latitude, -90 to 90.
    pub latitude: hkob_core::Decimal,
    /// Longitude, -180 to 180.
    pub longitude: hkob_core::Decimal,
}
