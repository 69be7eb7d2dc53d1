//! Renders generated data as BOCHK group Phase I lists (see
//! `specs/phase1-bochk-group.yaml`): `{"products": [...]}`, every item once
//! per language.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Family;
use crate::bank::ProductKind;
use crate::data::{FxRate, Location, Product, ReferenceRate};
use crate::dialects::wire::{self, LAST_UPDATED, Language, LanguageCodes};
use crate::instance::BankState;
use crate::prng::Rng;

/// The spec's `lang` values.
const LANGUAGES: LanguageCodes = &[
    (Language::En, "en-US"),
    (Language::ZhHant, "zh-TW"),
    (Language::ZhHans, "zh-CN"),
];

fn yes_no(b: bool) -> &'static str {
    if b { "Y" } else { "N" }
}

/// A whole list.
pub fn list(seed: u64, bank: &BankState, family: Family) -> Value {
    let mut items = Vec::new();
    for (language, lang) in LANGUAGES {
        items.extend(items_in(seed, bank, family, lang, *language));
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

fn items_in(
    seed: u64,
    bank: &BankState,
    family: Family,
    lang: &str,
    language: Language,
) -> Vec<Value> {
    let id = bank.profile.id.as_str();
    match family {
        Family::Savings => products(bank, ProductKind::Savings)
            .iter()
            .chain(products(bank, ProductKind::ForeignCurrency))
            .map(|p| savings(p, lang, language))
            .collect(),
        Family::Current => products(bank, ProductKind::Current)
            .iter()
            .map(|p| current(p, lang, language))
            .collect(),
        Family::TimeDeposit => products(bank, ProductKind::TimeDeposit)
            .iter()
            .map(|p| time_deposit(p, lang, language))
            .collect(),
        Family::CreditCard => products(bank, ProductKind::CreditCard)
            .iter()
            .map(|p| credit_card(p, lang, language))
            .collect(),
        Family::Mortgage => products(bank, ProductKind::Mortgage)
            .iter()
            .map(|p| mortgage(p, lang, language))
            .collect(),
        Family::PersonalLoan | Family::TaxLoan => {
            let tax = family == Family::TaxLoan;
            products(bank, ProductKind::UnsecuredLoan)
                .iter()
                .filter(|p| p.name_en.contains("Tax") == tax)
                .map(|p| loan(p, lang, language))
                .collect()
        }
        Family::SafeDepositBox => locations(bank, ProductKind::DepositBox)
            .iter()
            .flat_map(|l| boxes(seed, id, l, lang, language))
            .collect(),
        Family::Branch => locations(bank, ProductKind::Branch)
            .iter()
            .map(|l| branch(l, lang, language))
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
                .map(|p| investment(p, lang, language))
                .collect()
        }
        Family::MetalPassbook | Family::PhysicalMetal | Family::MetalFxMargin => {
            of_sub_type(bank, ProductKind::Investment, &["metal"])
                .into_iter()
                .map(|p| investment(p, lang, language))
                .collect()
        }
        Family::FxTrading | Family::Bond => of_sub_type(bank, ProductKind::Investment, &["fund"])
            .into_iter()
            .map(|p| investment(p, lang, language))
            .collect(),
        Family::Ipo => ipos(seed, id, lang, language),
        Family::SecuritiesTrading | Family::MarginTrading | Family::MonthlyStockPlan => {
            vec![securities(seed, id, family, lang, language)]
        }
        Family::LifeInsurance => insurance_list(bank, &["life", "annuity"], lang, language),
        Family::MotorInsurance => insurance_list(bank, &["car"], lang, language),
        Family::HomeInsurance => insurance_list(bank, &["home"], lang, language),
        Family::TravelInsurance => insurance_list(bank, &["travel"], lang, language),
        Family::MedicalInsurance => insurance_list(bank, &["medical"], lang, language),
        Family::HomeInsurancePremium
        | Family::TravelInsurancePremium
        | Family::MedicalInsurancePremium
        | Family::PersonalAccidentInsurancePremium => premiums(seed, id, family, lang, language),
    }
}

fn deposit_rates(p: &Product) -> Vec<Value> {
    p.rate_tiers
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut r = json!({
                "currency": p.currency,
                "minamount": wire::amount(t.min_amount),
                "interestrate": t.rate.to_string(),
            });
            if let (Value::Object(o), Some(max)) = (&mut r, p.tier_maximum(i)) {
                o.insert("maxamount".into(), Value::from(wire::amount(max)));
            }
            r
        })
        .collect()
}

fn savings(p: &Product, lang: &str, language: Language) -> Value {
    json!({
        "lang": lang,
        "productcode": p.code,
        "productname": language.text(&p.name_en, &p.name_zh),
        "currency": [p.currency],
        "interestrates": deposit_rates(p),
        "interestcalculationmethodology": language.text("Daily balance", "按每日結餘計算"),
        "interestdepositfrequency": language.text("Monthly", "每月"),
        "minaccopenbalance": wire::amount(p.min_amount),
        "minbalancereq": wire::amount(p.min_amount),
        "minagereq": p.min_age.to_string(),
        "servicefee": format!("HKD {}", wire::amount(p.fee)),
        "atmcard": "Y",
        "passbook": yes_no(p.name_en.contains("Passbook")),
        "internetbanking": "Y",
        "mobilebanking": "Y",
        "phonebanking": "Y",
        "leafleturl": p.page_link,
    })
}

fn current(p: &Product, lang: &str, language: Language) -> Value {
    json!({
        "lang": lang,
        "productcode": p.code,
        "productname": language.text(&p.name_en, &p.name_zh),
        "currency": [p.currency],
        "interestrates": deposit_rates(p),
        "minaccopenbalance": wire::amount(p.min_amount),
        "minbalancereq": wire::amount(p.min_amount),
        "minagereq": p.min_age.to_string(),
        "servicefee": format!("HKD {}", wire::amount(p.fee)),
        "feesofchequebooks": "HKD 0",
        "feesofreturnedcheques": "HKD 150",
        "echeque": "Y",
        "atmcard": "Y",
        "internetbanking": "Y",
        "leafleturl": p.page_link,
    })
}

fn time_deposit(p: &Product, lang: &str, language: Language) -> Value {
    let table: Vec<Value> = p
        .rate_tiers
        .iter()
        .map(|t| {
            json!({
                "currency": p.currency,
                "depositperiod": p.term_months.unwrap_or(1),
                "depositperiodunit": "M",
                "minamount": wire::amount(t.min_amount),
                "interestrate": t.rate.to_string(),
            })
        })
        .collect();
    json!({
        "lang": lang,
        "productcode": p.code,
        "productname": language.text(&p.name_en, &p.name_zh),
        "ratetable": table,
        "interestdepositfrequency": language.text("At maturity", "到期時"),
        "minaccopenbalance": wire::amount(p.min_amount),
        "leafleturl": p.page_link,
    })
}

fn credit_card(p: &Product, lang: &str, language: Language) -> Value {
    json!({
        "lang": lang,
        "cardid": p.code,
        "cardname": language.text(&p.name_en, &p.name_zh),
        "annualfeehkd": wire::amount(p.fee),
        "retailspendingapr": p.first_rate().to_string(),
        "cashadvanceapr": p.first_rate().to_string(),
        "interestfreerepaymentperiod": 56,
        "minannualsalaryreq": wire::amount(p.min_amount.saturating_mul(Decimal::from(12))),
        "minagereq": p.min_age.max(18).to_string(),
        "leafleturl": p.page_link,
    })
}

fn mortgage(p: &Product, lang: &str, language: Language) -> Value {
    let rate = p.first_rate().to_string();
    let min = wire::amount(p.min_amount);
    let row = match p.reference_rate() {
        Some(ReferenceRate::Hibor) => {
            json!({ "ratetype": "HIBOR", "margin": rate, "minloanamount": min })
        }
        Some(ReferenceRate::Prime) => {
            json!({ "ratetype": "PRIME", "margin": rate, "minloanamount": min })
        }
        None => {
            json!({ "ratetype": "FIXED", "fixedrate": rate, "fixedperiod": 36, "minloanamount": min })
        }
    };
    let mut item = json!({
        "lang": lang,
        "productcode": p.code,
        "productname": language.text(&p.name_en, &p.name_zh),
        "ratetable": [row],
        "maxloantovalueratio": "70",
        "leafleturl": p.page_link,
    });
    if let (Value::Object(o), Some(term)) = (&mut item, p.term_months) {
        o.insert("maxrepaymentperiod".into(), Value::from(term));
    }
    item
}

fn loan(p: &Product, lang: &str, language: Language) -> Value {
    let mut item = json!({
        "lang": lang,
        "productname": language.text(&p.name_en, &p.name_zh),
        "ratetableid": p.code,
        "annualisedpercentagerate": p.first_rate().to_string(),
        "handlingfee": format!("HKD {}", wire::amount(p.fee)),
    });
    if let Value::Object(o) = &mut item {
        if let Some(max) = p.max_amount {
            o.insert("loanamount".into(), Value::from(wire::amount(max)));
        }
        if let Some(term) = p.term_months {
            o.insert("repaymentperiod".into(), Value::from(term));
        }
    }
    item
}

fn boxes(seed: u64, bank: &str, l: &Location, lang: &str, language: Language) -> Vec<Value> {
    let mut rng = Rng::derive(seed, &[bank, "bochk-box", &l.code]);
    [("S", 8, 1_000u64), ("M", 13, 1_800), ("L", 25, 3_200)]
        .iter()
        .map(|(size, height, fee)| {
            json!({
                "lang": lang,
                "branchname": language.text(&l.name_en, &l.name_zh),
                "boxsize": size,
                "height": height.to_string(),
                "width": "27",
                "depth": "60",
                "annualfeehkd": wire::amount(Decimal::from(rng.range(0, 5).saturating_mul(100).saturating_add(*fee))),
                "keydeposithkd": "1000.00",
                "availability": yes_no(rng.chance(60)),
            })
        })
        .collect()
}

fn branch(l: &Location, lang: &str, language: Language) -> Value {
    let mut item = json!({
        "lang": lang,
        "BranchCode": l.code,
        "BranchName": language.text(&l.name_en, &l.name_zh),
        "Address": language.text(&l.address_en, &l.address_zh),
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
        "LastUpdateTime": LAST_UPDATED,
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

fn investment(p: &Product, lang: &str, language: Language) -> Value {
    json!({
        "lang": lang,
        "productcode": p.code,
        "productname": language.text(&p.name_en, &p.name_zh),
        "investmentcurrency": [p.currency],
        "investmentamount": wire::amount(p.min_amount),
        "fee": format!("HKD {}", wire::amount(p.fee)),
        "leafleturl": p.page_link,
    })
}

fn ipos(seed: u64, bank: &str, lang: &str, language: Language) -> Vec<Value> {
    let mut rng = Rng::derive(seed, &[bank, "bochk-ipo"]);
    (1..=3u64)
        .map(|i| {
            let code = format!("{:04}", rng.range(1, 9_999));
            json!({
                "lang": lang,
                "stockcode": code,
                "stockname": language.text(&format!("Example Holdings {i}"), &format!("模擬控股{i}")),
                "offerprice": format!("HKD {}.{:02}", rng.range(1, 60), rng.range(0, 99)),
                "iposubscription": "Y",
                "ipofinancing": yes_no(rng.chance(50)),
                "settlementdate": crate::data::date_from_days(i.saturating_mul(7).saturating_add(9_400)),
            })
        })
        .collect()
}

fn securities(seed: u64, bank: &str, family: Family, lang: &str, language: Language) -> Value {
    let mut rng = Rng::derive(seed, &[bank, "bochk-securities", family.path()]);
    let (en, cn) = match family {
        Family::MarginTrading => ("Margin Securities Trading", "孖展證券買賣"),
        Family::MonthlyStockPlan => ("Monthly Stocks Savings Plan", "月供股票計劃"),
        _ => ("Securities Trading Service", "證券買賣服務"),
    };
    json!({
        "lang": lang,
        "productname": language.text(en, cn),
        "securitymarket": ["HK", "SH", "SZ"],
        "commission": Decimal::new(rng.range(10, 25) as i64, 2).to_string(),
        "mincommission": wire::amount(Decimal::from(rng.range(50, 100))),
    })
}

fn insurance_list(bank: &BankState, subs: &[&str], lang: &str, language: Language) -> Vec<Value> {
    of_sub_type(bank, ProductKind::Insurance, subs)
        .into_iter()
        .map(|p| {
            json!({
                "lang": lang,
                "productcode": p.code,
                "productname": language.text(&p.name_en, &p.name_zh),
                "insurer": language.text(&bank.profile.name, &bank.profile.name_zh),
                "policycurrency": [p.currency],
                "agefr": p.min_age.to_string(),
                "ageto": "80",
                "annualpremium": wire::amount(p.fee.saturating_mul(Decimal::from(12))),
                "leafleturl": p.page_link,
            })
        })
        .collect()
}

fn premiums(seed: u64, bank: &str, family: Family, lang: &str, language: Language) -> Vec<Value> {
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
                "productname": language.text(en, cn),
                "planname": language.text(plan_en, plan_zh),
                "agefr": from.to_string(),
                "ageto": to.to_string(),
                "premiumhkd": wire::amount(Decimal::from(base.saturating_add((i as u64).saturating_mul(rng.range(50, 300))))),
                "premiumtype": language.text("Annual", "每年"),
            });
            if let Value::Object(o) = &mut row {
                match family {
                    Family::TravelInsurancePremium => {
                        o.insert(
                            "regioncountry".into(),
                            Value::from(language.text("Asia", "亞洲")),
                        );
                        o.insert("dayofinsurance".into(), Value::from(7));
                        o.insert(
                            "premiumtype".into(),
                            Value::from(language.text("Single trip", "單次")),
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
