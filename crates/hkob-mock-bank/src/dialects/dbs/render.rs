//! Renders generated data as DBS Phase I lists (see `specs/phase1-dbs.yaml`):
//! `{<wrapper>: [item, ...]}` with every item once per language.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::Family;
use crate::data::{FxRate, Location, Product, ReferenceRate};
use crate::dialects::wire::{LAST_UPDATED, Language, LanguageCodes};
use crate::instance::BankState;

/// The spec's `language` values.
const LANGUAGES: LanguageCodes = &[
    (Language::En, "en_US"),
    (Language::ZhHant, "zh_TW"),
    (Language::ZhHans, "zh_CN"),
];

/// A money amount as a JSON number (the spec's `Amount.amount`), exact for
/// the two-decimal amounts the mock generates.
fn number(d: Decimal) -> Value {
    let d = d.normalize();
    if d.scale() == 0
        && let Ok(i) = i64::try_from(d.mantissa())
    {
        return Value::from(i);
    }
    d.to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

fn amount(d: Decimal, currency: &str) -> Value {
    json!({ "amount": number(d), "currency": currency })
}

/// A whole list.
pub fn list(bank: &BankState, family: Family) -> Value {
    let catalog = &bank.catalog;
    let mut items = Vec::new();
    for (lang, language) in LANGUAGES {
        let (lang, language) = (*lang, *language);
        match family {
            Family::ExchangeRates => {
                for fx in &catalog.fx_rates {
                    items.push(fx_item(language, "TT", fx, fx.tt_bid, fx.tt_offer));
                    items.push(fx_item(language, "NOTES", fx, fx.note_bid, fx.note_offer));
                }
            }
            Family::Branches | Family::Atms => {
                for l in catalog
                    .locations
                    .get(&family.kind())
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    items.push(location(family, l, language, lang));
                }
            }
            _ => {
                for p in catalog
                    .products
                    .get(&family.kind())
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    items.push(product(family, p, language, lang));
                }
            }
        }
    }
    let mut out = Map::new();
    out.insert(family.wrapper().into(), Value::Array(items));
    Value::Object(out)
}

fn fx_item(language: &str, board: &str, fx: &FxRate, buy: Decimal, sell: Decimal) -> Value {
    json!({
        "language": language,
        "boardRateType": board,
        "exchangeRates": {
            "currency": fx.currency,
            "unit": 1,
            "buyRate": buy.to_string(),
            "sellRate": sell.to_string(),
            "lastUpdate": LAST_UPDATED,
        },
    })
}

fn location(family: Family, l: &Location, language: &str, lang: Language) -> Value {
    let mut contact = json!({
        "address": {
            "addressLine1": lang.text(&l.address_en, &l.address_zh),
            "district": l.district,
            "location": {
                "latitude": l.latitude.to_string(),
                "longitude": l.longitude.to_string(),
            },
        },
    });
    if let (Value::Object(c), Some(phone)) = (&mut contact, &l.phone) {
        c.insert("phoneNumber".into(), Value::from(phone.clone()));
    }
    let name = lang.text(&l.name_en, &l.name_zh);
    if family == Family::Atms {
        let mut services = vec!["Cash withdrawal"];
        if l.with_cdm {
            services.push("Cash deposit");
        }
        if l.with_fcy {
            services.push("Foreign currency withdrawal");
        }
        json!({
            "language": language,
            "atmId": l.code,
            "ATM Name": name,
            "ATMNetwork": "JETCO",
            "contactDetl": contact,
            "operatingHours": l.opening_hours,
            "servicesOffered": services.join(", "),
        })
    } else {
        json!({
            "language": language,
            "branchId": l.code,
            "branchName": name,
            "contactDetl": contact,
            "operatingHours": l.opening_hours,
            "servicesOffered": "Account opening, Deposits, Foreign exchange",
        })
    }
}

fn product_type(family: Family) -> &'static str {
    match family {
        Family::SavingsAccounts => "Savings Account",
        Family::CurrentAccounts => "Current Account",
        Family::ForeignCurrencyAccounts => "Foreign Currency Account",
        Family::TimeDeposits => "Time Deposit",
        Family::CreditCards => "Credit Card",
        Family::Mortgages => "Mortgage",
        Family::UnsecuredLoans => "Personal Loan",
        Family::SecuredLoans => "Secured Loan",
        Family::Branches | Family::Atms | Family::ExchangeRates => "",
    }
}

fn product(family: Family, p: &Product, language: &str, lang: Language) -> Value {
    let mut item = Map::new();
    item.insert("language".into(), Value::from(language));
    item.insert("productId".into(), Value::from(p.code.clone()));
    item.insert(
        "productName".into(),
        Value::from(lang.text(&p.name_en, &p.name_zh)),
    );
    item.insert("productType".into(), Value::from(product_type(family)));
    let first_rate = p.first_rate();
    match family {
        Family::CreditCards => {
            item.insert(
                "interestRatesDetl".into(),
                json!({ "interestRate": [
                    { "rateType": "purchaseApr", "rate": first_rate.to_string() },
                    { "rateType": "cashAdvanceApr", "rate": first_rate.to_string() },
                ]}),
            );
            item.insert("interestFreePeriodDays".into(), Value::from(56));
            item.insert("minimumCreditLimit".into(), amount(p.min_amount, "HKD"));
            item.insert(
                "eligibilityCriteria".into(),
                json!({
                    "minimumAge": p.min_age.max(18).to_string(),
                    "criteriaAmountType": "Minimum Annual Income",
                    "amount": amount(Decimal::from(120_000), "HKD"),
                }),
            );
            item.insert(
                "feeChargeDetl".into(),
                json!([{ "feeType": "membershipFee", "feeAmount": amount(p.fee, "HKD") }]),
            );
        }
        Family::Mortgages | Family::UnsecuredLoans | Family::SecuredLoans => {
            item.insert("partySegment".into(), Value::from("Retail"));
            let rate_type = match p.reference_rate() {
                Some(ReferenceRate::Hibor) => "hibor",
                Some(ReferenceRate::Prime) => "prime",
                None => "fixed",
            };
            let mut rate = json!({
                "rateType": rate_type,
                "rate": first_rate.to_string(),
                "annualPercentageRate": first_rate.to_string(),
            });
            let mut pricing = json!({
                "minimumLoanAmount": amount(p.min_amount, p.currency),
                "minimumLoanTenure": 1,
            });
            if let (Value::Object(r), Value::Object(pr)) = (&mut rate, &mut pricing) {
                if let Some(term) = p.term_months {
                    r.insert("tenure".into(), Value::from(term));
                    pr.insert("maximumLoanTenure".into(), Value::from(term));
                }
                if let Some(max) = p.max_amount {
                    pr.insert("maximumLoanAmount".into(), amount(max, p.currency));
                }
                pr.insert("interestRateDetl".into(), Value::Array(vec![rate]));
            }
            item.insert("loanPricingDetl".into(), pricing);
            item.insert(
                "eligibilityCriteria".into(),
                json!({ "minimumAge": p.min_age.max(18).to_string() }),
            );
            item.insert(
                "feeChargeDetl".into(),
                json!([{ "feeType": "handlingFee", "feeAmount": amount(p.fee, "HKD") }]),
            );
        }
        _ => {
            item.insert("partySegment".into(), Value::from("Retail"));
            let currencies: Vec<&str> = if family == Family::ForeignCurrencyAccounts
                && (p.name_en.contains("Multi") || p.name_en.contains("Foreign"))
            {
                vec![p.currency, "EUR", "GBP", "JPY", "AUD"]
            } else {
                vec![p.currency]
            };
            item.insert("currencies".into(), json!(currencies));
            let rates: Vec<Value> = p
                .rate_tiers
                .iter()
                .map(|t| {
                    let mut r = json!({
                        "rateType": "standard",
                        "rate": t.rate.to_string(),
                        "minimumDepositAmount": amount(t.min_amount, p.currency),
                    });
                    if let (Value::Object(o), Some(term)) = (&mut r, p.term_months) {
                        o.insert("depositPeriod".into(), Value::from(format!("{term}M")));
                    }
                    r
                })
                .collect();
            let crediting = if family == Family::TimeDeposits {
                "atMaturity"
            } else {
                "monthly"
            };
            item.insert(
                "interestRatesDetl".into(),
                json!({
                    "interestRate": rates,
                    "interestCalculation": {
                        "calculationFrequency": "daily",
                        "creditingFrequency": crediting,
                    },
                }),
            );
            item.insert(
                "eligibilityCriteria".into(),
                json!({
                    "minimumAge": p.min_age.to_string(),
                    "criteriaAmountType": "Initial Minimum Balance Amount",
                    "amount": amount(p.min_amount, p.currency),
                }),
            );
            if family != Family::TimeDeposits {
                item.insert(
                    "feeChargeDetl".into(),
                    json!([{ "feeType": "minimumBalanceCharge", "feeAmount": amount(p.fee, "HKD") }]),
                );
            }
        }
    }
    item.insert("productURL".into(), Value::from(p.page_link.clone()));
    item.insert("applicationURL".into(), Value::from(p.application_link()));
    Value::Object(item)
}
