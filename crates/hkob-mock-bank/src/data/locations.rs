//! Branches, ATMs, safe deposit boxes and exchange rates.

use rust_decimal::Decimal;

use crate::bank::{ProductKind, SimulatedBank};
use crate::prng::Rng;

/// A branch, ATM or safe deposit box location.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// The bank's code for the location.
    pub code: String,
    /// What is there.
    pub kind: ProductKind,
    /// English name.
    pub name_en: String,
    /// Traditional Chinese name.
    pub name_zh: String,
    /// English address.
    pub address_en: String,
    /// Traditional Chinese address.
    pub address_zh: String,
    /// The Hong Kong district (English).
    pub district: &'static str,
    /// The district as a code (`WanChai`, `CentralNWestern`...).
    pub district_code: &'static str,
    /// Latitude, 6 decimals.
    pub latitude: Decimal,
    /// Longitude, 6 decimals.
    pub longitude: Decimal,
    /// Phone number (branches), `+852` form.
    pub phone: Option<String>,
    /// Opening hours, free text.
    pub opening_hours: &'static str,
    /// Wheelchair access.
    pub accessible: bool,
    /// Cash deposit machine (ATMs).
    pub with_cdm: bool,
    /// Dispenses foreign currency (ATMs).
    pub with_fcy: bool,
}

const DISTRICTS: &[(&str, &str, &str, i64, i64)] = &[
    (
        "Central and Western",
        "CentralNWestern",
        "中西區",
        22_286_000,
        114_154_000,
    ),
    ("Wan Chai", "WanChai", "灣仔區", 22_277_000, 114_175_000),
    ("Eastern", "Eastern", "東區", 22_284_000, 114_224_000),
    ("Southern", "Southern", "南區", 22_247_000, 114_158_000),
    (
        "Yau Tsim Mong",
        "YauTsimMong",
        "油尖旺區",
        22_311_000,
        114_171_000,
    ),
    (
        "Sham Shui Po",
        "ShamShuiPo",
        "深水埗區",
        22_330_000,
        114_162_000,
    ),
    (
        "Kowloon City",
        "KowloonCity",
        "九龍城區",
        22_328_000,
        114_191_000,
    ),
    (
        "Wong Tai Sin",
        "WongTaiSin",
        "黃大仙區",
        22_342_000,
        114_193_000,
    ),
    ("Kwun Tong", "KwunTong", "觀塘區", 22_313_000, 114_225_000),
    ("Tsuen Wan", "TsuenWan", "荃灣區", 22_371_000, 114_114_000),
    ("Tuen Mun", "TuenMun", "屯門區", 22_391_000, 113_977_000),
    ("Yuen Long", "YuenLong", "元朗區", 22_445_000, 114_022_000),
    ("North", "North", "北區", 22_494_000, 114_138_000),
    ("Tai Po", "TaiPo", "大埔區", 22_450_000, 114_168_000),
    ("Sha Tin", "ShaTin", "沙田區", 22_383_000, 114_188_000),
    ("Sai Kung", "SaiKung", "西貢區", 22_381_000, 114_270_000),
    ("Islands", "Islands", "離島區", 22_261_000, 113_946_000),
    ("Kwai Tsing", "KwaiTsing", "葵青區", 22_354_000, 114_126_000),
];

const STREETS: &[(&str, &str)] = &[
    ("Queen's Road Central", "皇后大道中"),
    ("Hennessy Road", "軒尼詩道"),
    ("King's Road", "英皇道"),
    ("Nathan Road", "彌敦道"),
    ("Castle Peak Road", "青山公路"),
    ("Des Voeux Road", "德輔道"),
    ("Sha Tsui Road", "沙咀道"),
    ("Hoi Yuen Road", "開源道"),
];

/// Generates a bank's locations of one kind.
// Generated data: constants and draws from small fixed ranges, nothing from a request or a config.
#[allow(clippy::arithmetic_side_effects)]
pub fn generate_locations(seed: u64, bank: &SimulatedBank, kind: ProductKind) -> Vec<Location> {
    let mut rng = Rng::derive(seed, &[&bank.id, "locations", kind.label()]);
    let count = match kind {
        ProductKind::Atm => rng.range(40, 160),
        ProductKind::Branch => rng.range(15, 70),
        _ => rng.range(3, 20),
    } as usize;
    (0..count)
        .map(|i| {
            let (district, district_code, district_zh, lat, lng) = *rng.pick(DISTRICTS);
            let (street, street_zh) = *rng.pick(STREETS);
            let number = rng.range(1, 400);
            let what = match kind {
                ProductKind::Atm => ("ATM", "自動櫃員機"),
                ProductKind::DepositBox => ("Safe Deposit Box Centre", "保管箱中心"),
                _ => ("Branch", "分行"),
            };
            Location {
                code: format!("{}{:04}", kind.label().to_uppercase(), i + 1),
                kind,
                name_en: format!("{district} {} {}", what.0, i + 1),
                name_zh: format!("{district_zh}{}{}", what.1, i + 1),
                address_en: format!("G/F, {number} {street}, {district}, Hong Kong"),
                address_zh: format!("香港{district_zh}{street_zh}{number}號地下"),
                district,
                district_code,
                latitude: Decimal::new(lat + rng.range(0, 8_000) as i64 - 4_000, 6),
                longitude: Decimal::new(lng + rng.range(0, 8_000) as i64 - 4_000, 6),
                phone: (kind != ProductKind::Atm)
                    .then(|| format!("+852 {}", rng.range(21_000_000, 39_999_999))),
                opening_hours: match kind {
                    ProductKind::Atm => "24 hours",
                    _ => rng.pick::<&str>(&[
                        "Mon-Fri 09:00-17:00, Sat 09:00-13:00",
                        "Mon-Fri 09:00-17:00",
                        "Mon-Sat 09:30-17:30",
                    ]),
                },
                accessible: rng.chance(70),
                with_cdm: kind == ProductKind::Atm && rng.chance(40),
                with_fcy: kind == ProductKind::Atm && rng.chance(15),
            }
        })
        .collect()
}

/// One currency's rates against HKD.
#[derive(Debug, Clone, PartialEq)]
pub struct FxRate {
    /// ISO 4217 currency code.
    pub currency: &'static str,
    /// Telegraphic transfer: bank buys (HKD per unit).
    pub tt_bid: Decimal,
    /// Telegraphic transfer: bank sells.
    pub tt_offer: Decimal,
    /// Banknotes: bank buys.
    pub note_bid: Decimal,
    /// Banknotes: bank sells.
    pub note_offer: Decimal,
}

const MID_RATES: &[(&str, i64)] = &[
    ("USD", 7_7800),
    ("CNY", 1_0750),
    ("EUR", 8_4500),
    ("GBP", 9_8600),
    ("JPY", 521),
    ("AUD", 5_1200),
    ("CAD", 5_6300),
    ("SGD", 5_7900),
    ("CHF", 8_8100),
    ("NZD", 4_6400),
    ("THB", 2_160),
];

/// Generates a bank's exchange rate board.
// Generated data: constants and draws from small fixed ranges, nothing from a request or a config.
#[allow(clippy::arithmetic_side_effects)]
pub fn generate_fx_rates(seed: u64, bank: &SimulatedBank) -> Vec<FxRate> {
    let mut rng = Rng::derive(seed, &[&bank.id, "fx"]);
    MID_RATES
        .iter()
        .map(|(currency, mid)| {
            let mid = mid + (mid * (rng.range(0, 40) as i64 - 20)) / 10_000;
            let tt_spread = (mid * rng.range(10, 40) as i64) / 10_000 + 1;
            let note_spread = tt_spread * 2 + 1;
            FxRate {
                currency,
                tt_bid: Decimal::new(mid - tt_spread, 4),
                tt_offer: Decimal::new(mid + tt_spread, 4),
                note_bid: Decimal::new(mid - note_spread, 4),
                note_offer: Decimal::new(mid + note_spread, 4),
            }
        })
        .collect()
}
