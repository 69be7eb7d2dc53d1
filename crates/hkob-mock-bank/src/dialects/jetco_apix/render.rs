//! Renders generated data as JETCO APIX Phase I items (see
//! `specs/phase1-jetco-apix.yaml`).

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Endpoint;
use crate::bank::SimulatedBank;
use crate::data::{FxRate, Location, Product};
use crate::dialects::wire::{self, Language, PRODUCT_DESCRIPTION};
use crate::prng::Rng;

fn rate(d: Decimal) -> String {
    let mut d = d;
    d.rescale(3);
    d.to_string()
}

fn links(p: &Product) -> Value {
    json!({
        "productPageLink": p.page_link,
        "productApplicationLink": p.application_link(),
        "tncLink": p.terms_link(),
    })
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(b), Value::Object(e)) = (&mut base, extra) {
        b.extend(e);
    }
    base
}

fn eligibility(p: &Product, lang: Language) -> Value {
    json!({
        "minAge": p.min_age,
        "minInitialDeposit": wire::amount(p.min_amount),
        "currency": p.currency,
        "remark": lang.text("Hong Kong residents with a valid HKID card.", "持有效香港身份證的香港居民。"),
    })
}

fn fees(p: &Product, lang: Language) -> Value {
    json!([{
        "chargeName": lang.text("Below minimum balance fee", "低於最低結餘服務費"),
        "chargeAmount": wire::amount(p.fee),
        "currency": "HKD",
        "chargeReq": lang.text("Charged monthly when the average balance is below the minimum.", "平均結餘低於最低要求時每月收取。"),
    }])
}

fn bank_service(rng: &mut Rng) -> Value {
    json!({
        "withATMCard": rng.chance(80),
        "withPassbook": rng.chance(40),
        "withIbanking": true,
        "withPhonebanking": rng.chance(70),
        "withMobilebanking": true,
        "withFPS": true,
        "withJetcoPay": rng.chance(50),
        "withCHATS": rng.chance(30),
        "withRTGS": rng.chance(30),
        "withTT": rng.chance(60),
        "statementType": *rng.pick(&["paper", "electronic", "both"]),
    })
}

const FREQS: &[&str] = &["DAILY", "MONTHLY", "QUARTERLY", "HALF_YEARLY", "YEARLY"];

/// One item of an endpoint's list, as JSON.
pub fn product_item(
    seed: u64,
    bank: &SimulatedBank,
    endpoint: Endpoint,
    p: &Product,
    lang: Language,
) -> Value {
    let mut rng = Rng::derive(seed, &[&bank.id, "jetco", &p.code]);
    let name = lang.text(&p.name_en, &p.name_zh);
    let common = json!({
        "productCode": p.code,
        "productName": name,
        "productDescription": lang.text(PRODUCT_DESCRIPTION.0, PRODUCT_DESCRIPTION.1),
        "bankCode": bank.id,
        "effectiveDate": p.effective_date,
        "lastUpdateDate": p.effective_date,
        "eligibility": eligibility(p, lang),
        "serviceFees": fees(p, lang),
    });
    let specific = match endpoint {
        Endpoint::Savings | Endpoint::Current => json!({
            "currency": p.currency,
            "rateInfo": p.rate_tiers.iter().map(|t| json!({
                "currency": p.currency,
                "minAmount": wire::amount(t.min_amount),
                "rate": rate(t.rate),
            })).collect::<Vec<_>>(),
            "depositFreq": *rng.pick(&["MONTHLY", "QUARTERLY"]),
            "compoundingFreq": *rng.pick(FREQS),
            "minBalance": wire::amount(p.min_amount),
            "bankService": bank_service(&mut rng),
        }),
        Endpoint::ForeignCurrency => json!({
            "currencies": ["USD", "CNY", "EUR", "GBP", "JPY", "AUD"],
            "rateInfo": p.rate_tiers.iter().map(|t| json!({
                "currency": p.currency,
                "minAmount": wire::amount(t.min_amount),
                "rate": rate(t.rate),
            })).collect::<Vec<_>>(),
            "depositFreq": "MONTHLY",
            "compoundingFreq": *rng.pick(FREQS),
            "minBalance": wire::amount(p.min_amount),
            "bankService": bank_service(&mut rng),
        }),
        Endpoint::TimeDeposit => json!({
            "currencies": [p.currency],
            "rateInfo": p.rate_tiers.iter().map(|t| json!({
                "currency": p.currency,
                "depositTerm": p.term_months.unwrap_or(3),
                "depositTermUnit": "M",
                "minAmount": wire::amount(t.min_amount),
                "rate": rate(t.rate),
            })).collect::<Vec<_>>(),
            "depositFreq": "AT_MATURITY",
            "compoundingFreq": "AT_MATURITY",
            "withEarlyUplift": rng.chance(20),
        }),
        Endpoint::CreditCard => json!({
            "cardCompany": *rng.pick(&["VISA", "MASTER", "UNIONPAY", "AMEX", "JCB"]),
            "cardLevel": *rng.pick(&["Classic", "Gold", "Platinum", "Signature", "Infinite"]),
            "currency": "HKD",
            "annualFee": wire::amount(p.fee.saturating_mul(Decimal::from(12))),
            "annualFeeWaiver": lang.text("Waived for the first year.", "首年免年費。"),
            "purchaseApr": rate(p.rate_tiers.first().map_or(Decimal::new(3_500, 2), |t| t.rate)),
            "cashAdvanceApr": rate(p.rate_tiers.first().map_or(Decimal::new(3_600, 2), |t| t.rate.saturating_add(Decimal::ONE))),
            "minCreditLimit": wire::amount(p.min_amount),
            "rewards": [{
                "rewardType": *rng.pick(&["CASH_REBATE", "MILES", "POINTS"]),
                "rewardRate": rate(Decimal::new(rng.range(4, 60) as i64, 1)),
                "rewardRateUnit": *rng.pick(&["PERCENT_OF_SPEND", "HKD_PER_MILE", "POINTS_PER_HKD"]),
                "spendCategory": lang.text("Online spending", "網上簽賬"),
            }],
        }),
        Endpoint::Mortgage | Endpoint::SecuredLoan | Endpoint::UnsecuredLoan => {
            let tenor = p.term_months.unwrap_or(12);
            let rate_type = match endpoint {
                Endpoint::Mortgage => *rng.pick(&["HIBOR", "PRIME", "FIXED"]),
                _ => *rng.pick(&["FIXED", "FLAT"]),
            };
            let r = p
                .rate_tiers
                .first()
                .map_or(Decimal::new(2_500, 3), |t| t.rate);
            let mut v = json!({
                "currency": "HKD",
                "rateInfo": [{
                    "rateType": rate_type,
                    "rate": rate(r),
                    "apr": rate(r.saturating_add(Decimal::new(25, 2))),
                    "minLoanAmount": wire::amount(p.min_amount),
                    "maxLoanAmount": wire::amount(p.max_amount.unwrap_or(p.min_amount)),
                    "tenor": tenor,
                    "tenorUnit": "M",
                }],
                "minLoanAmount": wire::amount(p.min_amount),
                "maxLoanAmount": wire::amount(p.max_amount.unwrap_or(p.min_amount)),
                "tenor": tenor,
                "tenorUnit": "M",
                "repayFreq": "MONTHLY",
            });
            let extra = match endpoint {
                Endpoint::Mortgage => json!({
                    "loanPurpose": *rng.pick(&["1", "2", "3", "4"]),
                    "maxLtvRatio": rate(Decimal::from(*rng.pick(&[50u32, 60, 70, 80, 90]))),
                }),
                Endpoint::SecuredLoan => json!({
                    "collateralType": [*rng.pick(&["DEPOSIT", "SECURITIES", "PROPERTY", "VEHICLE"])],
                    "maxLtvRatio": rate(Decimal::from(*rng.pick(&[50u32, 70, 90]))),
                }),
                _ => json!({
                    "loanType": *rng.pick(&["INSTALMENT", "REVOLVING", "TAX", "BALANCE_TRANSFER"]),
                }),
            };
            v = merge(v, extra);
            v
        }
        _ => json!({}),
    };
    let mut item = merge(common, specific);
    item = merge(item, links(p));
    item
}

fn opening_hours(loc: &Location) -> Value {
    if loc.opening_hours == "24 hours" {
        return json!(
            ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN", "PH"]
                .iter()
                .map(|d| json!({"day": d, "openTime": "00:00", "closeTime": "24:00"}))
                .collect::<Vec<_>>()
        );
    }
    let mut days: Vec<Value> = ["MON", "TUE", "WED", "THU", "FRI"]
        .iter()
        .map(|d| json!({"day": d, "openTime": "09:00", "closeTime": "17:00"}))
        .collect();
    if loc.opening_hours.contains("Sat") {
        days.push(json!({"day": "SAT", "openTime": "09:00", "closeTime": "13:00"}));
    }
    Value::Array(days)
}

fn accessibilities(loc: &Location) -> Value {
    if loc.accessible {
        json!(["wheelchairAccess", "lowCounter"])
    } else {
        json!([])
    }
}

/// One location item, as JSON.
pub fn location_item(endpoint: Endpoint, loc: &Location, lang: Language, updated: &str) -> Value {
    let name = lang.text(&loc.name_en, &loc.name_zh);
    let address = lang.text(&loc.address_en, &loc.address_zh);
    let lat = loc.latitude.to_string();
    let lng = loc.longitude.to_string();
    match endpoint {
        Endpoint::Atm => json!({
            "atmCode": loc.code,
            "atmName": name,
            "address": address,
            "hkDistrict": loc.district_code,
            "latitude": lat,
            "longitude": lng,
            "openingHours": opening_hours(loc),
            "accessibilities": accessibilities(loc),
            "withCdm": loc.with_cdm,
            "withChq": false,
            "withCnyAtm": loc.with_fcy,
            "withFcyAtm": loc.with_fcy,
            "fcyCurrencies": if loc.with_fcy { json!(["CNY", "USD"]) } else { json!([]) },
            "atmProviderNetwork": "JETCO",
            "lastUpdateDate": updated,
        }),
        Endpoint::DepositBox => json!({
            "branchCode": loc.code,
            "branchName": name,
            "address": address,
            "hkDistrict": loc.district_code,
            "latitude": lat,
            "longitude": lng,
            "boxSize": if loc.accessible { "S" } else { "M" },
            "boxDimension": if loc.accessible { "5 x 7 x 21 in" } else { "10 x 10 x 21 in" },
            "currency": "HKD",
            "rentalFee": if loc.accessible { "700.00" } else { "1200.00" },
            "keyDeposit": "500.00",
            "available": loc.with_cdm || loc.accessible,
            "lastUpdateDate": updated,
        }),
        _ => json!({
            "branchCode": loc.code,
            "branchName": name,
            "address": address,
            "hkDistrict": loc.district_code,
            "latitude": lat,
            "longitude": lng,
            "phoneNo": loc.phone.clone().unwrap_or_default(),
            "openingHours": opening_hours(loc),
            "accessibilities": accessibilities(loc),
            "withAtm": true,
            "withCdm": loc.accessible,
            "withChq": true,
            "withDepositBox": loc.with_fcy,
            "lastUpdateDate": updated,
        }),
    }
}

/// One exchange-rate item, as JSON.
pub fn fx_item(fx: &FxRate, lang: Language, updated_at: &str) -> Value {
    let name = match (fx.currency, lang) {
        ("USD", Language::En) => "US Dollar",
        ("CNY", Language::En) => "Renminbi",
        ("EUR", Language::En) => "Euro",
        ("GBP", Language::En) => "Pound Sterling",
        ("JPY", Language::En) => "Japanese Yen",
        (_, Language::En) => fx.currency,
        ("USD", _) => "美元",
        ("CNY", _) => "人民幣",
        ("EUR", _) => "歐元",
        ("GBP", _) => "英鎊",
        ("JPY", _) => "日圓",
        _ => fx.currency,
    };
    let unit = if fx.currency == "JPY" || fx.currency == "THB" {
        100
    } else {
        1
    };
    let scale = Decimal::from(unit);
    json!({
        "currencyCode": fx.currency,
        "currencyName": name,
        "ttRateInfo": {
            "bidRate": fx.tt_bid.saturating_mul(scale).normalize().to_string(),
            "offerRate": fx.tt_offer.saturating_mul(scale).normalize().to_string(),
            "unit": unit,
            "lastUpdateDatetime": updated_at,
        },
        "noteRateInfo": {
            "bidRate": fx.note_bid.saturating_mul(scale).normalize().to_string(),
            "offerRate": fx.note_offer.saturating_mul(scale).normalize().to_string(),
            "unit": unit,
            "lastUpdateDatetime": updated_at,
        },
    })
}
