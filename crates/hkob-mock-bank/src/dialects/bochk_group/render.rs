//! Renders generated data as BOCHK group Phase I lists (see
//! `specs/phase1-bochk-group.yaml`): `{"products": [...]}`, every item once
//! per language.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Family;
use crate::bank::ProductKind;
use crate::data::{FxRate, Location, Product};
use crate::instance::BankState;
use crate::prng::Rng;

/// When the rates were last updated.
const LAST_UPDATE: &str = "2025-09-26T09:30:00+08:00";

/// The spec's languages, with whether each takes the Chinese text.
const LANGUAGES: [(&str, bool); 3] = [("en-US", false), ("zh-TW", true), ("zh-CN", true)];

fn text<'a>(chinese: bool, en: &'a str, zh: &'a str) -> &'a str {
    if chinese { zh } else { en }
}

fn amount(d: Decimal) -> String {
    let mut d = d;
    d.rescale(2);
    d.to_string()
}

fn yes_no(b: bool) -> &'static str {
    if b { "Y" } else { "N" }
}

/// A whole list.
pub fn list(seed: u64, bank: &BankState, family: Family) -> Value {
    let mut items = Vec::new();
    for (lang, chinese) in LANGUAGES {
        items.extend(items_in(seed, bank, family, lang, chinese));
    }
    json!({ "products": items })
}

fn products(bank: &BankState, kind: ProductKind) -> &[Product] {
    bank.catalog
        .products
        .get(&kind)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn locations(bank: &BankState, kind: ProductKind) -> &[Location] {
    bank.catalog
        .locations
        .get(&kind)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// Products of a kind whose sub-type is one of `subs`, or all of them when none is.
fn of_sub_type<'a>(bank: &'a BankState, kind: ProductKind, subs: &[&str]) -> Vec<&'a Product> {
    let all = products(bank, kind);
    let chosen: Vec<&Product> = all
        .iter()
        .filter(|p| p.sub_type.is_some_and(|s| subs.contains(&s)))
        .collect();
    if chosen.is_empty() {
        all.iter().collect()
    } else {
        chosen
    }
}

fn items_in(seed: u64, bank: &BankState, family: Family, lang: &str, zh: bool) -> Vec<Value> {
    let id = bank.profile.id.as_str();
    match family {
        Family::Savings => products(bank, ProductKind::Savings)
            .iter()
            .chain(products(bank, ProductKind::ForeignCurrency))
            .map(|p| savings(p, lang, zh))
            .collect(),
        Family::Current => products(bank, ProductKind::Current)
            .iter()
            .map(|p| current(p, lang, zh))
            .collect(),
        Family::TimeDeposit => products(bank, ProductKind::TimeDeposit)
            .iter()
            .map(|p| time_deposit(p, lang, zh))
            .collect(),
        Family::CreditCard => products(bank, ProductKind::CreditCard)
            .iter()
            .map(|p| credit_card(p, lang, zh))
            .collect(),
        Family::Mortgage => products(bank, ProductKind::Mortgage)
            .iter()
            .map(|p| mortgage(p, lang, zh))
            .collect(),
        Family::PersonalLoan | Family::TaxLoan => {
            let tax = family == Family::TaxLoan;
            products(bank, ProductKind::UnsecuredLoan)
                .iter()
                .filter(|p| p.name_en.contains("Tax") == tax)
                .map(|p| loan(p, lang, zh))
                .collect()
        }
        Family::SafeDepositBox => locations(bank, ProductKind::DepositBox)
            .iter()
            .flat_map(|l| boxes(seed, id, l, lang, zh))
            .collect(),
        Family::Branch => locations(bank, ProductKind::Branch)
            .iter()
            .map(|l| branch(l, lang, zh))
            .collect(),
        Family::HkdBanknoteRate => bank
            .catalog
            .fx_rates
            .iter()
            .map(|f| fx(lang, f.currency, f.note_bid, f.note_offer))
            .collect(),
        Family::HkdTtRate => bank
            .catalog
            .fx_rates
            .iter()
            .map(|f| fx(lang, f.currency, f.tt_bid, f.tt_offer))
            .collect(),
        Family::UsdRate => usd_rates(&bank.catalog.fx_rates, lang),
        Family::CurrencyLinked | Family::EquityLinked | Family::StructuredInvestment => {
            of_sub_type(bank, ProductKind::Investment, &["structured"])
                .into_iter()
                .map(|p| investment(p, lang, zh))
                .collect()
        }
        Family::MetalPassbook | Family::PhysicalMetal | Family::MetalFxMargin => {
            of_sub_type(bank, ProductKind::Investment, &["metal"])
                .into_iter()
                .map(|p| investment(p, lang, zh))
                .collect()
        }
        Family::FxTrading | Family::Bond => of_sub_type(bank, ProductKind::Investment, &["fund"])
            .into_iter()
            .map(|p| investment(p, lang, zh))
            .collect(),
        Family::Ipo => ipos(seed, id, lang, zh),
        Family::SecuritiesTrading | Family::MarginTrading | Family::MonthlyStockPlan => {
            vec![securities(seed, id, family, lang, zh)]
        }
        Family::LifeInsurance => insurance_list(bank, &["life", "annuity"], lang, zh),
        Family::MotorInsurance => insurance_list(bank, &["car"], lang, zh),
        Family::HomeInsurance => insurance_list(bank, &["home"], lang, zh),
        Family::TravelInsurance => insurance_list(bank, &["travel"], lang, zh),
        Family::MedicalInsurance => insurance_list(bank, &["medical"], lang, zh),
        Family::HomeInsurancePremium
        | Family::TravelInsurancePremium
        | Family::MedicalInsurancePremium
        | Family::PersonalAccidentInsurancePremium => premiums(seed, id, family, lang, zh),
    }
}

fn deposit_rates(p: &Product) -> Vec<Value> {
    p.rate_tiers
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut r = json!({
                "currency": p.currency,
                "minamount": amount(t.min_amount),
                "interestrate": t.rate.to_string(),
            });
            if let (Value::Object(o), Some(next)) = (&mut r, p.rate_tiers.get(i + 1)) {
                o.insert(
                    "maxamount".into(),
                    Value::from(amount(next.min_amount - Decimal::new(1, 2))),
                );
            }
            r
        })
        .collect()
}

fn savings(p: &Product, lang: &str, zh: bool) -> Value {
    json!({
        "lang": lang,
        "productcode": p.code,
        "productname": text(zh, &p.name_en, &p.name_zh),
        "currency": [p.currency],
        "interestrates": deposit_rates(p),
        "interestcalculationmethodology": text(zh, "Daily balance", "按每日結餘計算"),
        "interestdepositfrequency": text(zh, "Monthly", "每月"),
        "minaccopenbalance": amount(p.min_amount),
        "minbalancereq": amount(p.min_amount),
        "minagereq": p.min_age.to_string(),
        "servicefee": format!("HKD {}", amount(p.fee)),
        "atmcard": "Y",
        "passbook": yes_no(p.name_en.contains("Passbook")),
        "internetbanking": "Y",
        "mobilebanking": "Y",
        "phonebanking": "Y",
        "leafleturl": p.page_link,
    })
}

fn current(p: &Product, lang: &str, zh: bool) -> Value {
    json!({
        "lang": lang,
        "productcode": p.code,
        "productname": text(zh, &p.name_en, &p.name_zh),
        "currency": [p.currency],
        "interestrates": deposit_rates(p),
        "minaccopenbalance": amount(p.min_amount),
        "minbalancereq": amount(p.min_amount),
        "minagereq": p.min_age.to_string(),
        "servicefee": format!("HKD {}", amount(p.fee)),
        "feesofchequebooks": "HKD 0",
        "feesofreturnedcheques": "HKD 150",
        "echeque": "Y",
        "atmcard": "Y",
        "internetbanking": "Y",
        "leafleturl": p.page_link,
    })
}

fn time_deposit(p: &Product, lang: &str, zh: bool) -> Value {
    let table: Vec<Value> = p
        .rate_tiers
        .iter()
        .map(|t| {
            json!({
                "currency": p.currency,
                "depositperiod": p.term_months.unwrap_or(1),
                "depositperiodunit": "M",
                "minamount": amount(t.min_amount),
                "interestrate": t.rate.to_string(),
            })
        })
        .collect();
    json!({
        "lang": lang,
        "productcode": p.code,
        "productname": text(zh, &p.name_en, &p.name_zh),
        "ratetable": table,
        "interestdepositfrequency": text(zh, "At maturity", "到期時"),
        "minaccopenbalance": amount(p.min_amount),
        "leafleturl": p.page_link,
    })
}

fn first_rate(p: &Product) -> Decimal {
    p.rate_tiers
        .first()
        .map(|t| t.rate)
        .unwrap_or(Decimal::ZERO)
}

fn credit_card(p: &Product, lang: &str, zh: bool) -> Value {
    json!({
        "lang": lang,
        "cardid": p.code,
        "cardname": text(zh, &p.name_en, &p.name_zh),
        "annualfeehkd": amount(p.fee),
        "retailspendingapr": first_rate(p).to_string(),
        "cashadvanceapr": first_rate(p).to_string(),
        "interestfreerepaymentperiod": 56,
        "minannualsalaryreq": amount(p.min_amount * Decimal::from(12)),
        "minagereq": p.min_age.max(18).to_string(),
        "leafleturl": p.page_link,
    })
}

fn mortgage(p: &Product, lang: &str, zh: bool) -> Value {
    let rate = first_rate(p).to_string();
    let row = if p.name_en.contains("HIBOR") {
        json!({ "ratetype": "HIBOR", "margin": rate, "minloanamount": amount(p.min_amount) })
    } else if p.name_en.contains("Prime") {
        json!({ "ratetype": "PRIME", "margin": rate, "minloanamount": amount(p.min_amount) })
    } else {
        json!({ "ratetype": "FIXED", "fixedrate": rate, "fixedperiod": 36, "minloanamount": amount(p.min_amount) })
    };
    let mut item = json!({
        "lang": lang,
        "productcode": p.code,
        "productname": text(zh, &p.name_en, &p.name_zh),
        "ratetable": [row],
        "maxloantovalueratio": "70",
        "leafleturl": p.page_link,
    });
    if let (Value::Object(o), Some(term)) = (&mut item, p.term_months) {
        o.insert("maxrepaymentperiod".into(), Value::from(term));
    }
    item
}

fn loan(p: &Product, lang: &str, zh: bool) -> Value {
    let mut item = json!({
        "lang": lang,
        "productname": text(zh, &p.name_en, &p.name_zh),
        "ratetableid": p.code,
        "annualisedpercentagerate": first_rate(p).to_string(),
        "handlingfee": format!("HKD {}", amount(p.fee)),
    });
    if let Value::Object(o) = &mut item {
        if let Some(max) = p.max_amount {
            o.insert("loanamount".into(), Value::from(amount(max)));
        }
        if let Some(term) = p.term_months {
            o.insert("repaymentperiod".into(), Value::from(term));
        }
    }
    item
}

fn boxes(seed: u64, bank: &str, l: &Location, lang: &str, zh: bool) -> Vec<Value> {
    let mut rng = Rng::derive(seed, &[bank, "bochk-box", &l.code]);
    [("S", 8, 1_000), ("M", 13, 1_800), ("L", 25, 3_200)]
        .iter()
        .map(|(size, height, fee)| {
            json!({
                "lang": lang,
                "branchname": text(zh, &l.name_en, &l.name_zh),
                "boxsize": size,
                "height": height.to_string(),
                "width": "27",
                "depth": "60",
                "annualfeehkd": amount(Decimal::from(*fee + rng.range(0, 5) * 100)),
                "keydeposithkd": "1000.00",
                "availability": yes_no(rng.chance(60)),
            })
        })
        .collect()
}

fn branch(l: &Location, lang: &str, zh: bool) -> Value {
    let mut item = json!({
        "lang": lang,
        "BranchCode": l.code,
        "BranchName": text(zh, &l.name_en, &l.name_zh),
        "Address": text(zh, &l.address_en, &l.address_zh),
        "Area": l.district,
        "latitude": l.latitude.to_string(),
        "longitude": l.longitude.to_string(),
        "openingHoursMonToFri": "09:00-17:00",
        "ForeignBanknoteService": "Y",
        "SafeDepositBox": "N",
    });
    if let (Value::Object(o), Some(phone)) = (&mut item, &l.phone) {
        o.insert("Telephone".into(), Value::from(phone.clone()));
    }
    item
}

fn fx(lang: &str, code: &str, buy: Decimal, sell: Decimal) -> Value {
    json!({
        "lang": lang,
        "ExchangeCode": code,
        "Unit": 1,
        "BankBuy": buy.to_string(),
        "BankSell": sell.to_string(),
        "LastUpdateTime": LAST_UPDATE,
    })
}

/// Cross rates against USD from the HKD telegraphic transfer board.
fn usd_rates(rates: &[FxRate], lang: &str) -> Vec<Value> {
    let Some(usd) = rates.iter().find(|f| f.currency == "USD") else {
        return Vec::new();
    };
    rates
        .iter()
        .filter(|f| f.currency != "USD")
        .filter_map(|f| {
            let buy = f.tt_bid.checked_div(usd.tt_offer)?.round_dp(4);
            let sell = f.tt_offer.checked_div(usd.tt_bid)?.round_dp(4);
            Some(fx(lang, f.currency, buy, sell))
        })
        .collect()
}

fn investment(p: &Product, lang: &str, zh: bool) -> Value {
    json!({
        "lang": lang,
        "productcode": p.code,
        "productname": text(zh, &p.name_en, &p.name_zh),
        "investmentcurrency": [p.currency],
        "investmentamount": amount(p.min_amount),
        "fee": format!("HKD {}", amount(p.fee)),
        "leafleturl": p.page_link,
    })
}

fn ipos(seed: u64, bank: &str, lang: &str, zh: bool) -> Vec<Value> {
    let mut rng = Rng::derive(seed, &[bank, "bochk-ipo"]);
    (1..=3)
        .map(|i| {
            let code = format!("{:04}", rng.range(1, 9_999));
            json!({
                "lang": lang,
                "stockcode": code,
                "stockname": if zh { format!("模擬控股{i}") } else { format!("Example Holdings {i}") },
                "offerprice": format!("HKD {}.{:02}", rng.range(1, 60), rng.range(0, 99)),
                "iposubscription": "Y",
                "ipofinancing": yes_no(rng.chance(50)),
                "settlementdate": crate::data::date_from_days(9_400 + i * 7),
            })
        })
        .collect()
}

fn securities(seed: u64, bank: &str, family: Family, lang: &str, zh: bool) -> Value {
    let mut rng = Rng::derive(seed, &[bank, "bochk-securities", family.path()]);
    let (en, cn) = match family {
        Family::MarginTrading => ("Margin Securities Trading", "孖展證券買賣"),
        Family::MonthlyStockPlan => ("Monthly Stocks Savings Plan", "月供股票計劃"),
        _ => ("Securities Trading Service", "證券買賣服務"),
    };
    json!({
        "lang": lang,
        "productname": text(zh, en, cn),
        "securitymarket": ["HK", "SH", "SZ"],
        "commission": Decimal::new(rng.range(10, 25) as i64, 2).to_string(),
        "mincommission": amount(Decimal::from(rng.range(50, 100))),
    })
}

fn insurance_list(bank: &BankState, subs: &[&str], lang: &str, zh: bool) -> Vec<Value> {
    of_sub_type(bank, ProductKind::Insurance, subs)
        .into_iter()
        .map(|p| {
            json!({
                "lang": lang,
                "productcode": p.code,
                "productname": text(zh, &p.name_en, &p.name_zh),
                "insurer": text(zh, &bank.profile.name, &bank.profile.name_zh),
                "policycurrency": [p.currency],
                "agefr": p.min_age.to_string(),
                "ageto": "80",
                "annualpremium": amount(p.fee * Decimal::from(12)),
                "leafleturl": p.page_link,
            })
        })
        .collect()
}

fn premiums(seed: u64, bank: &str, family: Family, lang: &str, zh: bool) -> Vec<Value> {
    let mut rng = Rng::derive(seed, &[bank, "bochk-premium", family.path()]);
    let (en, cn) = match family {
        Family::HomeInsurancePremium => ("Home Insurance", "家居保險"),
        Family::TravelInsurancePremium => ("Travel Insurance", "旅遊保險"),
        Family::MedicalInsurancePremium => ("Medical Insurance", "醫療保險"),
        _ => ("Personal Accident Insurance", "個人意外保險"),
    };
    let mut rows = Vec::new();
    for (plan_en, plan_zh) in [("Basic Plan", "基本計劃"), ("Premier Plan", "尊尚計劃")] {
        let base = rng.range(100, 900);
        for (i, (from, to)) in [(18, 40), (41, 65)].iter().enumerate() {
            let mut row = json!({
                "lang": lang,
                "productname": text(zh, en, cn),
                "planname": text(zh, plan_en, plan_zh),
                "agefr": from.to_string(),
                "ageto": to.to_string(),
                "premiumhkd": amount(Decimal::from(base + i as u64 * rng.range(50, 300))),
                "premiumtype": text(zh, "Annual", "每年"),
            });
            if let Value::Object(o) = &mut row {
                match family {
                    Family::TravelInsurancePremium => {
                        o.insert(
                            "regioncountry".into(),
                            Value::from(text(zh, "Asia", "亞洲")),
                        );
                        o.insert("dayofinsurance".into(), Value::from(7));
                        o.insert(
                            "premiumtype".into(),
                            Value::from(text(zh, "Single trip", "單次")),
                        );
                    }
                    Family::HomeInsurancePremium => {
                        o.insert("areafr".into(), Value::from("0"));
                        o.insert("areato".into(), Value::from("800"));
                    }
                    _ => {}
                }
            }
            rows.push(row);
        }
    }
    rows
}
