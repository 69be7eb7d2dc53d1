//! The rows of the mocked portal, generated from the seed.
//!
//! Daily series cover the business days (Monday to Friday) of
//! [`DAILY_FIRST`]..=[`DAILY_LAST`]; monthly series run to [`LAST_MONTH`].
//! Every table is stored newest first, the order the portal has been seen to
//! use when no `sortby` is sent.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate, Weekday};
use serde_json::{Map, Value, json};

use super::random::Rng;

/// Daily interbank liquidity.
pub(super) const LIQUIDITY: &str =
    "market-data-and-statistics/daily-monetary-statistics/daily-figures-interbank-liquidity";
/// HIBOR fixings and HONIA.
pub(super) const HIBOR: &str =
    "market-data-and-statistics/monthly-statistical-bulletin/er-ir/hk-interbank-ir-daily";
/// Daily exchange rates.
pub(super) const EXCHANGE_RATES: &str =
    "market-data-and-statistics/monthly-statistical-bulletin/er-ir/er-eeri-daily";
/// Monthly average deposit rates and best lending rate.
pub(super) const RATE_AVERAGES: &str =
    "market-data-and-statistics/monthly-statistical-bulletin/er-ir/hkd-ir-periodaverage";
/// Deposit rates and best lending rate at their effective dates.
pub(super) const RATE_CHANGES: &str =
    "market-data-and-statistics/monthly-statistical-bulletin/er-ir/hkd-ir-effdates";
/// Customer deposits by currency.
pub(super) const DEPOSITS: &str =
    "market-data-and-statistics/monthly-statistical-bulletin/banking/customer-deposits-by-currency";
/// Bank branch locator.
pub(super) const BRANCHES: &str = "bank-svf-info/banks-branch-locator";
/// ATM locator.
pub(super) const ATMS: &str = "bank-svf-info/banks-atm-locator";
/// Register of authorized institutions and local representative offices.
pub(super) const REGISTER: &str = "bank-svf-info/register-ais-lros";

/// First day of the daily series.
const DAILY_FIRST: (i32, u32, u32) = (2024, 1, 2);
/// Last day of the daily series.
const DAILY_LAST: (i32, u32, u32) = (2026, 10, 30);
/// Last month of the monthly series.
const LAST_MONTH: (i32, u32) = (2026, 9);

type Tables = HashMap<(&'static str, &'static str), Vec<Value>>;

/// Every table, keyed by dataset path and segment or language (`""` for none).
pub(super) fn generate(seed: u64) -> Tables {
    let mut tables = Tables::new();
    let days = business_days(date(DAILY_FIRST), date(DAILY_LAST));
    let fixings = hibor_fixings(seed, "hibor.fixing", &days);
    tables.insert((LIQUIDITY, ""), liquidity(seed, &days, &fixings));
    tables.insert(
        (HIBOR, "honia"),
        fixings
            .iter()
            .map(|r| json!({"end_of_day": r["end_of_day"], "ir_overnight": r["ir_overnight"]}))
            .map(|mut r| {
                nudge(&mut r, "ir_overnight", -0.05);
                r
            })
            .collect(),
    );
    tables.insert((HIBOR, "hibor.fixing"), fixings);
    let old_days = business_days(
        NaiveDate::from_ymd_opt(2012, 1, 2).unwrap_or_default(),
        NaiveDate::from_ymd_opt(2012, 12, 31).unwrap_or_default(),
    );
    tables.insert((HIBOR, "hibor"), hibor_fixings(seed, "hibor", &old_days));
    tables.insert((EXCHANGE_RATES, ""), exchange_rates(seed, &days));
    tables.insert((RATE_AVERAGES, ""), rate_averages(seed));
    tables.insert((RATE_CHANGES, ""), rate_changes(seed));
    tables.insert(
        (DEPOSITS, "new"),
        deposits(seed, "new", (1997, 4), LAST_MONTH),
    );
    tables.insert(
        (DEPOSITS, "old"),
        deposits(seed, "old", (1990, 1), (1997, 3)),
    );
    for (i, lang) in ["en", "tc", "sc"].into_iter().enumerate() {
        tables.insert((BRANCHES, lang), branches(seed, i));
        tables.insert((ATMS, lang), atms(seed, i));
    }
    for (i, lang) in ["en", "tc"].into_iter().enumerate() {
        tables.insert((REGISTER, lang), register(seed, i));
    }
    tables
}

fn date((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Business days from `first` to `last`, newest first.
fn business_days(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect();
    days.reverse();
    days
}

/// Months from `first` to `last` as `YYYY-MM`, newest first.
fn months(first: (i32, u32), last: (i32, u32)) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = NaiveDate::from_ymd_opt(first.0, first.1, 1).unwrap_or_default();
    let end = NaiveDate::from_ymd_opt(last.0, last.1, 1).unwrap_or_default();
    while at <= end {
        out.push(format!("{:04}-{:02}", at.year(), at.month()));
        match at.checked_add_months(Months::new(1)) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.reverse();
    out
}

/// A JSON number rounded to `places` decimals (read back from its text, so
/// it prints as short as it reads).
fn num(x: f64, places: usize) -> Value {
    serde_json::from_str(&format!("{x:.places$}")).unwrap_or(Value::Null)
}

fn nudge(row: &mut Value, field: &str, by: f64) {
    if let Some(v) = row.get(field).and_then(Value::as_f64) {
        row[field] = num((v + by).max(0.01), 5);
    }
}

/// Signed text as the portal writes it: `+11,660`, `-1,250`, `+0`.
fn signed(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::from(if n < 0 { "-" } else { "+" });
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && digits.len().saturating_sub(i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn hibor_fixings(seed: u64, segment: &str, days: &[NaiveDate]) -> Vec<Value> {
    let mut rng = Rng::new(seed, segment);
    let mut level = rng.between(2.5, 4.5);
    // Walk forward in time, then present newest first.
    let mut rows: Vec<Value> = days
        .iter()
        .rev()
        .map(|day| {
            level = (level + rng.between(-0.12, 0.12)).clamp(0.05, 6.0);
            let overnight = (level + rng.between(-0.4, 0.3)).max(0.01);
            let mut rate = level - 0.2;
            let mut tenor = |step: f64, rng: &mut Rng| {
                rate += step + rng.between(-0.02, 0.04);
                num(rate.max(0.01), 5)
            };
            json!({
                "end_of_day": day.to_string(),
                "ir_overnight": num(overnight, 5),
                "ir_1w": tenor(0.0, &mut rng),
                "ir_1m": tenor(0.12, &mut rng),
                "ir_3m": tenor(0.2, &mut rng),
                "ir_6m": tenor(0.12, &mut rng),
                "ir_9m": Value::Null,
                "ir_12m": tenor(0.1, &mut rng),
            })
        })
        .collect();
    rows.reverse();
    rows
}

// Generated data: constants and draws from small fixed ranges, nothing from a request or a config.
#[allow(clippy::arithmetic_side_effects)]
fn liquidity(seed: u64, days: &[NaiveDate], fixings: &[Value]) -> Vec<Value> {
    let mut rng = Rng::new(seed, "liquidity");
    let mut balance: i64 = rng.int(44_000, 56_000);
    let mut rows: Vec<Value> = days
        .iter()
        .zip(fixings)
        .rev()
        .map(|(day, fixing)| {
            let opening = balance;
            let market = if rng.chance(10) {
                rng.int(-12_000, 12_000)
            } else {
                0
            };
            let interest = if rng.chance(8) {
                rng.int(-1_500, 200)
            } else {
                0
            };
            balance = (opening + market + interest).max(1_000);
            let closing = balance;
            let base_rate = fixing["ir_overnight"].as_f64().unwrap_or(3.0) + 1.2;
            let mut row = Map::new();
            row.insert("end_of_date".into(), json!(day.to_string()));
            row.insert("cu_weakside".into(), json!(7.85));
            row.insert("cu_strongside".into(), json!(7.75));
            row.insert(
                "disc_win_base_rate".into(),
                num((base_rate * 4.0).round() / 4.0, 2),
            );
            row.insert("hibor_overnight".into(), fixing["ir_overnight"].clone());
            row.insert("hibor_fixing_1m".into(), fixing["ir_1m"].clone());
            row.insert("twi".into(), num(rng.between(97.0, 105.0), 1));
            row.insert("opening_balance".into(), json!(opening));
            row.insert("closing_balance".into(), json!(closing));
            row.insert("market_activities".into(), json!(signed(market)));
            row.insert("interest_payment".into(), json!(signed(interest)));
            row.insert("discount_window_reversal".into(), json!("+0"));
            row.insert("discount_window_activities".into(), json!("+0"));
            for (i, hour) in ["0930", "1000", "1100", "1200", "1500", "1600"]
                .into_iter()
                .enumerate()
            {
                let at = if i == 5 {
                    closing
                } else {
                    opening + (closing - opening) * (i as i64) / 5 + rng.int(-40, 40)
                };
                row.insert(
                    format!("intraday_movements_of_aggregate_balance_at_{hour}"),
                    json!(at),
                );
            }
            let mut forecast = closing;
            for t in ["t1", "t2", "t3", "t4", "u"] {
                let efbn = if rng.chance(15) {
                    rng.int(-1_500, 300)
                } else {
                    0
                };
                forecast += efbn;
                row.insert(format!("forex_trans_{t}"), json!("+0"));
                row.insert(format!("other_market_activities_{t}"), json!("+0"));
                row.insert(format!("reversal_of_discount_window_{t}"), json!("+0"));
                let text = if efbn == 0 && t == "u" {
                    "-0".to_owned()
                } else {
                    signed(efbn)
                };
                row.insert(format!("interest_payment_issuance_efbn_{t}"), json!(text));
                row.insert(format!("forecast_aggregate_bal_{t}"), json!(forecast));
            }
            Value::Object(row)
        })
        .collect();
    rows.reverse();
    rows
}

/// Currency fields of `er-eeri-daily`, with a typical HK$ price and decimals.
const CURRENCIES: [(&str, f64, usize); 17] = [
    ("usd", 7.82, 4),
    ("gbp", 10.4, 3),
    ("jpy", 0.052, 5),
    ("cad", 5.7, 3),
    ("aud", 5.13, 3),
    ("sgd", 6.05, 4),
    ("twd", 0.248, 4),
    ("chf", 9.81, 4),
    ("cny", 1.097, 4),
    ("krw", 0.0054, 6),
    ("thb", 0.236, 4),
    ("myr", 1.78, 4),
    ("eur", 8.95, 4),
    ("php", 0.1356, 4),
    ("inr", 0.0912, 4),
    ("idr", 0.000478, 6),
    ("zar", 0.428, 4),
];

fn exchange_rates(seed: u64, days: &[NaiveDate]) -> Vec<Value> {
    let mut rng = Rng::new(seed, "er-eeri-daily");
    days.iter()
        .map(|day| {
            let mut row = Map::new();
            row.insert("end_of_day".into(), json!(day.to_string()));
            for (code, typical, places) in CURRENCIES {
                let drift = if code == "usd" {
                    rng.between(-0.03, 0.03)
                } else {
                    typical * rng.between(-0.04, 0.04)
                };
                row.insert(code.into(), num(typical + drift, places));
            }
            for retired in ["dem", "nlg", "bef", "frf", "itl"] {
                row.insert(retired.into(), Value::Null);
            }
            row.insert(
                "special_drawing_rights".into(),
                num(rng.between(10.5, 10.9), 4),
            );
            for base in ["1983", "2000", "2010"] {
                for weight in ["trade", "import", "export"] {
                    row.insert(format!("neeri_{base}_{weight}_wgt"), Value::Null);
                }
            }
            for weight in ["trade", "import", "export"] {
                row.insert(
                    format!("neeri_2020_{weight}_wgt"),
                    num(rng.between(98.0, 104.0), 1),
                );
            }
            Value::Object(row)
        })
        .collect()
}

fn best_lending_rate(rng: &mut Rng) -> Value {
    num(5.0 + 0.125 * rng.int(0, 7) as f64, 3)
}

fn rate_averages(seed: u64) -> Vec<Value> {
    let mut rng = Rng::new(seed, "hkd-ir-periodaverage");
    months((2000, 1), LAST_MONTH)
        .into_iter()
        .map(|month| {
            let base = rng.between(0.01, 1.5);
            json!({
                "end_of_month": month,
                "dr_1w": num(base * 0.2, 2),
                "dr_1m": num(base * 0.6, 2),
                "dr_3m": num(base * 0.9, 2),
                "dr_6m": num(base * 1.0, 2),
                "dr_12m": num(base * 1.05, 2),
                "savings_deposit_rate": num(0.01, 2),
                "best_lending_rate": best_lending_rate(&mut rng),
            })
        })
        .collect()
}

// Generated data: constants and draws from small fixed ranges, nothing from a request or a config.
#[allow(clippy::arithmetic_side_effects)]
fn rate_changes(seed: u64) -> Vec<Value> {
    let mut rng = Rng::new(seed, "hkd-ir-effdates");
    let mut day = NaiveDate::from_ymd_opt(1998, 3, 2).unwrap_or_default();
    let mut rows = Vec::new();
    while day <= date(DAILY_LAST) {
        let regulated = day < NaiveDate::from_ymd_opt(2001, 7, 3).unwrap_or_default();
        let deposit = |rng: &mut Rng, scale: f64| {
            if regulated {
                num(rng.between(3.0, 6.0) * scale, 2)
            } else {
                Value::Null
            }
        };
        rows.push(json!({
            "effect_date": day.to_string(),
            "dr_1w": deposit(&mut rng, 0.9),
            "dr_1m": deposit(&mut rng, 0.95),
            "dr_3m": Value::Null,
            "dr_6m": Value::Null,
            "dr_12m": Value::Null,
            "savings_deposit_rate": deposit(&mut rng, 0.7),
            "best_lending_rate": best_lending_rate(&mut rng),
        }));
        day += chrono::TimeDelta::days(rng.int(90, 420));
    }
    rows.reverse();
    rows
}

// Generated data: constants and draws from small fixed ranges, nothing from a request or a config.
#[allow(clippy::arithmetic_side_effects)]
fn deposits(seed: u64, segment: &str, first: (i32, u32), last: (i32, u32)) -> Vec<Value> {
    let mut rng = Rng::new(seed, segment);
    let months = months(first, last);
    let mut hkd: i64 = rng.int(1_500_000, 2_000_000);
    let mut usd: i64 = rng.int(800_000, 1_200_000);
    let mut other: i64 = rng.int(300_000, 500_000);
    let mut rows: Vec<Value> = months
        .into_iter()
        .rev()
        .map(|month| {
            hkd += rng.int(-10_000, 30_000);
            usd += rng.int(-8_000, 22_000);
            other += rng.int(-5_000, 9_000);
            let swap = rng.int(1_000, 4_000);
            json!({
                "end_of_month": month,
                "fc_swap_deposits": swap,
                "deposits_hkd": hkd,
                "deposits_usd": usd,
                "deposits_nonusd_fc": other,
                "deposits_all_fc": usd + other,
                "deposits_all": hkd + usd + other,
            })
        })
        .collect();
    rows.reverse();
    rows
}

/// Retail banks: English, traditional and simplified Chinese names.
const BANKS: [[&str; 3]; 8] = [
    [
        "Hang Seng Bank Limited",
        "恒生銀行有限公司",
        "恒生银行有限公司",
    ],
    [
        "The Bank of East Asia, Limited",
        "東亞銀行有限公司",
        "东亚银行有限公司",
    ],
    [
        "Dah Sing Bank, Limited",
        "大新銀行有限公司",
        "大新银行有限公司",
    ],
    [
        "Bank of China (Hong Kong) Limited",
        "中國銀行(香港)有限公司",
        "中国银行(香港)有限公司",
    ],
    [
        "Chong Hing Bank Limited",
        "創興銀行有限公司",
        "创兴银行有限公司",
    ],
    [
        "Industrial and Commercial Bank of China (Asia) Limited",
        "中國工商銀行(亞洲)有限公司",
        "中国工商银行(亚洲)有限公司",
    ],
    [
        "Fubon Bank (Hong Kong) Limited",
        "富邦銀行(香港)有限公司",
        "富邦银行(香港)有限公司",
    ],
    [
        "Public Bank (Hong Kong) Limited",
        "大眾銀行(香港)有限公司",
        "大众银行(香港)有限公司",
    ],
];

/// Districts: the English run-together name, Chinese names, and a point inside it.
const DISTRICTS: [(&str, &str, &str, f64, f64); 9] = [
    ("CentralAndWestern", "中西區", "中西区", 22.2849, 114.1541),
    ("WanChai", "灣仔區", "湾仔区", 22.2783, 114.1747),
    ("Eastern", "東區", "东区", 22.2842, 114.2242),
    ("YauTsimMong", "油尖旺區", "油尖旺区", 22.3119, 114.1707),
    ("ShamShuiPo", "深水埗區", "深水埗区", 22.3307, 114.1622),
    ("KwunTong", "觀塘區", "观塘区", 22.3133, 114.2258),
    ("ShaTin", "沙田區", "沙田区", 22.3827, 114.1883),
    ("TsuenWan", "荃灣區", "荃湾区", 22.3711, 114.1140),
    ("YuenLong", "元朗區", "元朗区", 22.4450, 114.0290),
];

fn district_name(d: &(&str, &str, &str, f64, f64), lang: usize) -> String {
    match lang {
        0 => d.0.to_owned(),
        1 => d.1.to_owned(),
        _ => d.2.to_owned(),
    }
}

fn branches(seed: u64, lang: usize) -> Vec<Value> {
    let mut rng = Rng::new(seed, "banks-branch-locator");
    let mut rows = Vec::new();
    for bank in BANKS {
        for (n, district) in DISTRICTS.iter().enumerate() {
            // Every row draws the same numbers whatever the language.
            let present = rng.chance(70);
            let number = rng.int(1, 399);
            let lat = district.3 + rng.between(-0.01, 0.01);
            let lon = district.4 + rng.between(-0.01, 0.01);
            let step_free = rng.chance(60);
            if !present && n % 3 != 0 {
                continue;
            }
            let place = district_name(district, 0);
            let (branch, address, access, hours) = match lang {
                0 => (
                    format!("{place} Branch"),
                    format!("G/F, {number} Main Street, {place}"),
                    if step_free {
                        "Step-free entrance"
                    } else {
                        "None"
                    }
                    .to_owned(),
                    "Mon-Fri 09:00-17:00; Sat 09:00-13:00".to_owned(),
                ),
                _ => (
                    format!("{}分行", district_name(district, lang)),
                    format!("{}大道{number}號地下", district_name(district, lang)),
                    if step_free {
                        "無障礙入口"
                    } else {
                        "沒有"
                    }
                    .to_owned(),
                    "星期一至五 09:00-17:00; 星期六 09:00-13:00".to_owned(),
                ),
            };
            rows.push(json!({
                "district": district_name(district, lang),
                "bank_name": bank[lang.min(2)],
                "branch_name": branch,
                "address": address,
                "service_hours": hours,
                "latitude": format!("{lat:.6}"),
                "longitude": format!("{lon:.6}"),
                "barrier_free_access": access,
            }));
        }
    }
    rows
}

fn atms(seed: u64, lang: usize) -> Vec<Value> {
    let mut rng = Rng::new(seed, "banks-atm-locator");
    let mut rows = Vec::new();
    for bank in BANKS {
        for district in &DISTRICTS {
            let count = rng.int(1, 3);
            for _ in 0..count {
                let number = rng.int(1, 299);
                let lat = district.3 + rng.between(-0.01, 0.01);
                let lon = district.4 + rng.between(-0.01, 0.01);
                let deposit = rng.chance(40);
                let rmb = rng.chance(50);
                let always = rng.chance(70);
                let (kind, function, access, hours, address) = match lang {
                    0 => (
                        "Automatic Teller Machine".to_owned(),
                        if deposit {
                            "Cash withdrawal, cash deposit"
                        } else {
                            "Cash withdrawal"
                        }
                        .to_owned(),
                        "Voice navigation".to_owned(),
                        if always { "24 hours" } else { "07:00-23:00" }.to_owned(),
                        format!("Shop {number}, G/F, {}", district.0),
                    ),
                    _ => (
                        "自動櫃員機".to_owned(),
                        if deposit { "提款, 存款" } else { "提款" }.to_owned(),
                        "語音導航".to_owned(),
                        if always { "24小時" } else { "07:00-23:00" }.to_owned(),
                        format!("{}{number}號舖地下", district_name(district, lang)),
                    ),
                };
                rows.push(json!({
                    "district": district_name(district, lang),
                    "bank_name": bank[lang.min(2)],
                    "type_of_machine": kind,
                    "function": function,
                    "currencies_supported": if rmb { "HKD, RMB" } else { "HKD" },
                    "barrier_free_access": access,
                    "network": "JETCO",
                    "address": address,
                    "service_hours": hours,
                    "latitude": format!("{lat:.6}"),
                    "longitude": format!("{lon:.6}"),
                }));
            }
        }
    }
    rows
}

/// Parts of made-up institution names, and the register's categories.
const NAME_PARTS: [&str; 12] = [
    "Harbour",
    "Victoria",
    "Peak",
    "Lantau",
    "Kowloon",
    "Pearl",
    "Junk Bay",
    "Lion Rock",
    "Tai Mo Shan",
    "Aberdeen",
    "Stanley",
    "Sai Kung",
];
const CATEGORIES: [(&str, &str, &str); 4] = [
    ("Licensed Bank", "持牌銀行", "Bank Limited"),
    (
        "Restricted Licence Bank",
        "有限制牌照銀行",
        "Capital Limited",
    ),
    (
        "Deposit-taking Company",
        "接受存款公司",
        "Finance Company Limited",
    ),
    ("Local Representative Office", "本地代表辦事處", "Bank AG"),
];
const ABROAD: [&str; 4] = [
    "1 Bahnhofstrasse, Zurich, Switzerland",
    "2 Marina Boulevard, Singapore",
    "3 Marunouchi, Chiyoda-ku, Tokyo, Japan",
    "4 Park Avenue, New York, United States",
];

// Generated data: constants and draws from small fixed ranges, nothing from a request or a config.
#[allow(clippy::arithmetic_side_effects)]
fn register(seed: u64, lang: usize) -> Vec<Value> {
    let mut rng = Rng::new(seed, "register-ais-lros");
    let mut rows = Vec::new();
    for (i, part) in NAME_PARTS.iter().enumerate() {
        for (j, category) in CATEGORIES.iter().enumerate() {
            let keep = rng.chance(90);
            let floor = rng.int(2, 60);
            let abroad = rng.chance(40) || j == 3;
            let overseas = ABROAD[(i + j) % ABROAD.len()];
            let lat = 22.28 + rng.between(-0.01, 0.01);
            let lon = 114.16 + rng.between(-0.01, 0.01);
            if !keep {
                continue;
            }
            let ri = 100 + i * 10 + j;
            let name = format!("{part} {}", category.2);
            rows.push(json!({
                "name": if lang == 0 { name.clone() } else { format!("{name}（{}）", category.1) },
                "local_address": format!("{floor}/F, {} Queen's Road Central, Hong Kong", i + 1),
                "principle_address": if abroad { json!(overseas) } else { Value::Null },
                "type": if lang == 0 { category.0 } else { category.1 },
                "secstaff_reg_url": if j == 3 {
                    Value::Null
                } else {
                    json!(format!("https://apps.hkma.gov.hk/eng/index.php?a=register&ri={ri}"))
                },
                "latitude": num(lat, 6),
                "longitude": num(lon, 6),
            }));
        }
    }
    rows.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_rows_and_keys_unique() {
        let a = generate(7);
        let b = generate(7);
        assert_eq!(a, b);
        let fixings = &a[&(HIBOR, "hibor.fixing")];
        assert!(fixings.len() > 700);
        let mut keys: Vec<_> = fixings.iter().map(|r| r["end_of_day"].clone()).collect();
        keys.dedup();
        assert_eq!(keys.len(), fixings.len());
        assert_ne!(generate(8)[&(HIBOR, "hibor.fixing")], *fixings);
    }

    #[test]
    fn signed_text_is_the_portal_form() {
        assert_eq!(signed(0), "+0");
        assert_eq!(signed(11_660), "+11,660");
        assert_eq!(signed(-1_250), "-1,250");
        assert_eq!(signed(-1_234_567), "-1,234,567");
    }

    #[test]
    fn languages_share_the_rows() {
        let t = generate(3);
        assert_eq!(t[&(BRANCHES, "en")].len(), t[&(BRANCHES, "tc")].len());
        assert_eq!(t[&(REGISTER, "en")].len(), t[&(REGISTER, "tc")].len());
    }
}
