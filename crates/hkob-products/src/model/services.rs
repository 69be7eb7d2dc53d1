//! Other banking services: FX rates, branches, ATMs and safe deposit boxes.

use hkob_core::{Amount, Currency, Date, DateTime, Decimal};

use super::common::{BankId, GeoPoint, LocalizedText, ProductLinks};

/// A bank's exchange rates for one foreign currency against the Hong Kong dollar.
///
/// "Buy" and "sell" are from the bank's side: the bank buys the foreign currency at the buy rate
/// (the customer sells) and sells it at the sell rate. Rates are Hong Kong dollars per `unit` units of
/// the foreign currency.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FxRate {
    /// The bank quoting.
    pub bank: BankId,
    /// The foreign currency.
    pub currency: Currency,
    /// The currency the rates are quoted in (the Hong Kong dollar for every bank so far).
    pub quote_currency: Currency,
    /// Name of the foreign currency.
    pub currency_name: LocalizedText,
    /// Units of the foreign currency a rate is for (1 unless the bank says otherwise, e.g. 100 for
    /// JPY at some banks).
    pub unit: Option<u32>,
    /// Telegraphic transfer rate at which the bank buys.
    pub tt_buy: Option<Decimal>,
    /// Telegraphic transfer rate at which the bank sells.
    pub tt_sell: Option<Decimal>,
    /// Banknote rate at which the bank buys.
    pub note_buy: Option<Decimal>,
    /// Banknote rate at which the bank sells.
    pub note_sell: Option<Decimal>,
    /// When the bank last set these rates.
    pub updated_at: Option<DateTime>,
}

hkob_core::open_enum! {
    /// A day in a weekly timetable.
    pub enum Weekday {
        /// Monday.
        Mon = "MON",
        /// Tuesday.
        Tue = "TUE",
        /// Wednesday.
        Wed = "WED",
        /// Thursday.
        Thu = "THU",
        /// Friday.
        Fri = "FRI",
        /// Saturday.
        Sat = "SAT",
        /// Sunday.
        Sun = "SUN",
        /// Hong Kong public holidays.
        PublicHoliday = "PH",
    }
}

/// Opening hours on one day; days not listed are closed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpeningHours {
    /// The day.
    pub day: Weekday,
    /// Opening time, local, as the bank writes it (`09:00`).
    pub opens: String,
    /// Closing time, local (`17:00`).
    pub closes: String,
}

/// A bank branch.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Branch {
    /// The bank.
    pub bank: BankId,
    /// The bank's code for the branch.
    pub code: Option<String>,
    /// Branch name.
    pub name: LocalizedText,
    /// Street address.
    pub address: LocalizedText,
    /// District, as the bank names it (`WanChai`, `ShaTin` ...).
    pub district: Option<String>,
    /// Where it is.
    pub location: Option<GeoPoint>,
    /// Telephone number.
    pub phone: Option<String>,
    /// Opening hours.
    pub opening_hours: Vec<OpeningHours>,
    /// Has an ATM.
    pub atm: Option<bool>,
    /// Has a cash deposit machine.
    pub cash_deposit_machine: Option<bool>,
    /// Rents safe deposit boxes.
    pub safe_deposit_boxes: Option<bool>,
    /// Day the bank last changed these details.
    pub last_updated: Option<Date>,
}

/// An automated teller machine.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Atm {
    /// The bank.
    pub bank: BankId,
    /// The bank's code for the ATM.
    pub code: Option<String>,
    /// Name of the site.
    pub name: LocalizedText,
    /// Street address.
    pub address: LocalizedText,
    /// District, as the bank names it.
    pub district: Option<String>,
    /// Where it is.
    pub location: Option<GeoPoint>,
    /// Service hours (empty when the bank gives none).
    pub opening_hours: Vec<OpeningHours>,
    /// Accepts cash deposits.
    pub cash_deposit: Option<bool>,
    /// Accepts cheque deposits.
    pub cheque_deposit: Option<bool>,
    /// Dispenses renminbi notes.
    pub renminbi_notes: Option<bool>,
    /// Dispenses other foreign currency notes.
    pub foreign_currency_notes: Vec<Currency>,
    /// ATM network (`JETCO` ...).
    pub network: Option<String>,
    /// Day the bank last changed these details.
    pub last_updated: Option<Date>,
}

/// Safe deposit boxes of one size at one branch.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SafeDepositBox {
    /// The bank.
    pub bank: BankId,
    /// The branch's code.
    pub branch_code: Option<String>,
    /// The branch's name.
    pub branch_name: LocalizedText,
    /// The branch's address.
    pub address: LocalizedText,
    /// Box size as the bank names it (`S`, `M`, `Large` ...).
    pub size: String,
    /// Inside dimensions, as the bank writes them.
    pub dimensions: Option<String>,
    /// Yearly rental.
    pub annual_rental: Option<Amount>,
    /// Refundable key deposit.
    pub key_deposit: Option<Amount>,
    /// Whether a box of this size is free now.
    pub available: Option<bool>,
    /// Links to the bank's pages.
    pub links: ProductLinks,
    /// Day the bank last changed these details.
    pub last_updated: Option<Date>,
}
