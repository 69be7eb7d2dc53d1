//! Renders generated data as HSBC group Phase I lists (see
//! `specs/phase1-hsbc-group.yaml`): `{meta, data: [{Brand: [{BrandName, <array>}]}]}`.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::Family;
use crate::bank::ProductKind;
use crate::data::{FxRate, Location, Product, ReferenceRate};
use crate::dialects::wire::{self, LAST_UPDATED, Language, PRODUCT_DESCRIPTION};
use crate::instance::BankState;

/// A whole list in one language.
pub fn list(bank: &BankState, family: Family, lang: Language) -> Value {
    let catalog = &bank.catalog;
    let items: Vec<Value> = match family {
        Family::ExchangeRates => {
            if catalog.fx_rates.is_empty() {
                Vec::new()
            } else {
                vec![
                    fx_type("TelegraphicTransfer", &catalog.fx_rates, |f| {
                        (f.tt_bid, f.tt_offer)
                    }),
                    fx_type("Banknote", &catalog.fx_rates, |f| {
                        (f.note_bid, f.note_offer)
                    }),
                ]
            }
        }
        Family::Atms | Family::Branches => catalog
            .locations
            .get(&family.kind())
            .map(|locs| locs.iter().map(|l| location(family, l, lang)).collect())
            .unwrap_or_default(),
        _ => catalog
            .products
            .get(&family.kind())
            .map(|ps| ps.iter().map(|p| product(family, p, lang)).collect())
            .unwrap_or_default(),
    };
    let total = items.len();
    let brand_name = lang.text(&bank.profile.name, &bank.profile.name_zh);
    let mut brand = Map::new();
    brand.insert("BrandName".into(), Value::from(brand_name));
    brand.insert(family.brand_key().into(), Value::Array(items));
    json!({
        "meta": { "LastUpdated": LAST_UPDATED, "TotalResults": total },
        "data": [{ "Brand": [Value::Object(brand)] }],
    })
}

fn fx_type(name: &str, rates: &[FxRate], pick: fn(&FxRate) -> (Decimal, Decimal)) -> Value {
    let bands: Vec<Value> = rates
        .iter()
        .map(|f| {
            let (buy, sell) = pick(f);
            json!({
                "CurrencyCode": f.currency,
                "QuotationUnit": 1,
                "BankBuyRate": buy.to_string(),
                "BankSellRate": sell.to_string(),
                "LastUpdateDateTime": LAST_UPDATED,
            })
        })
        .collect();
    json!({
        "ExchangeRateTypeName": name,
        "ExchangeRate": [{
            "BaseCurrencyCode": "HKD",
            "ExchangeRateTierBand": bands,
        }],
    })
}

fn location(family: Family, l: &Location, lang: Language) -> Value {
    let address = json!({
        "AddressLine": [lang.text(&l.address_en, &l.address_zh)],
        "DistrictName": l.district,
        "TerritoryName": "Hong Kong",
        "LatitudeDescription": l.latitude.to_string(),
        "LongitudeDescription": l.longitude.to_string(),
    });
    let mut item = json!({
        "Identification": l.code,
        "Name": lang.text(&l.name_en, &l.name_zh),
        "Address": address,
        "OpeningHours": [{ "OpenDayDescription": l.opening_hours }],
        "Accessibility": if l.accessible { vec!["WheelchairAccess"] } else { Vec::new() },
    });
    if let Value::Object(o) = &mut item {
        if family == Family::Atms {
            o.insert(
                "Services".into(),
                json!({
                    "CashWithdrawalIndicator": true,
                    "ForeignCurrencyWithdrawalIndicator": l.with_fcy,
                    "CashDepositIndicator": l.with_cdm,
                }),
            );
        } else {
            o.insert(
                "Services".into(),
                json!({ "ForeignCurrencyNotesIndicator": true }),
            );
            if let Some(phone) = &l.phone {
                o.insert("ContactInformation".into(), json!({ "PhoneNumber": phone }));
            }
        }
    }
    item
}

fn core_product(p: &Product, lang: Language) -> Value {
    json!({
        "ProductDescription": lang.text(PRODUCT_DESCRIPTION.0, PRODUCT_DESCRIPTION.1),
        "ProductURL": p.page_link,
        "ApplicationFormURL": p.application_link(),
        "TcsAndCsURL": p.terms_link(),
        "AccessChannels": ["Branch", "Online", "MobileApp"],
    })
}

fn eligibility(p: &Product, amount_type: &str) -> Value {
    json!({
        "AgeEligibility": { "MinimumAge": p.min_age },
        "AmountEligibility": [{
            "AmountType": amount_type,
            "Amount": wire::amount(p.min_amount),
            "CurrencyCode": p.currency,
        }],
    })
}

fn fees(p: &Product, fee_type: &str, frequency: &str) -> Value {
    json!({ "FeeChargeDetail": [{
        "FeeType": fee_type,
        "FeeAmount": wire::amount(p.fee),
        "FeeAmountCurrencyCode": "HKD",
        "FeeFrequency": frequency,
    }]})
}

fn deposit_tiers(p: &Product) -> Value {
    let bands: Vec<Value> = p
        .rate_tiers
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut band = json!({
                "CurrencyCode": p.currency,
                "TierValueMinimum": wire::amount(t.min_amount),
                "InterestRate": t.rate.to_string(),
                "CalculationFrequency": "Daily",
                "ApplicationFrequency": "Monthly",
            });
            if let (Value::Object(b), Some(max)) = (&mut band, p.tier_maximum(i)) {
                b.insert("TierValueMaximum".into(), Value::from(wire::amount(max)));
            }
            band
        })
        .collect();
    json!({ "TierBand": bands })
}

fn loan_interest(p: &Product) -> Value {
    let (kind, reference) = match p.reference_rate() {
        Some(ReferenceRate::Hibor) => ("Variable", Some("HIBOR")),
        Some(ReferenceRate::Prime) => ("Variable", Some("Prime")),
        None if p.kind == ProductKind::UnsecuredLoan || p.name_en.contains("Fixed") => {
            ("Fixed", None)
        }
        None => ("Variable", None),
    };
    let rate = p.first_rate();
    let mut band = json!({
        "CurrencyCode": p.currency,
        "TierValueMinimum": wire::amount(p.min_amount),
        "FixedVariableInterestRateType": kind,
        "InterestRate": rate.to_string(),
        "APR": rate.to_string(),
    });
    if let Value::Object(b) = &mut band {
        if let Some(max) = p.max_amount {
            b.insert("TierValueMaximum".into(), Value::from(wire::amount(max)));
        }
        if let Some(term) = p.term_months {
            b.insert("MaximumTermMonths".into(), Value::from(term));
        }
        if let Some(r) = reference {
            b.insert("ReferenceRate".into(), Value::from(r));
        }
    }
    json!({ "LoanInterestTierBand": [band] })
}

fn product(family: Family, p: &Product, lang: Language) -> Value {
    let mut item = Map::new();
    item.insert("Identification".into(), Value::from(p.code.clone()));
    item.insert(
        "Name".into(),
        Value::from(lang.text(&p.name_en, &p.name_zh)),
    );
    if family == Family::ForeignCurrency {
        let currencies: Vec<&str> = if p.name_en.contains("Multi") || p.name_en.contains("Foreign")
        {
            vec![p.currency, "EUR", "GBP", "JPY", "AUD"]
        } else {
            vec![p.currency]
        };
        item.insert("AvailableCurrencyCode".into(), json!(currencies));
    } else {
        item.insert("CurrencyCode".into(), Value::from(p.currency));
    }
    item.insert("CoreProduct".into(), core_product(p, lang));
    match family {
        Family::Savings | Family::Current | Family::ForeignCurrency => {
            item.insert("Eligibility".into(), eligibility(p, "MinimumBalance"));
            item.insert("CreditInterest".into(), deposit_tiers(p));
            item.insert(
                "FeesCharges".into(),
                fees(p, "BelowMinimumBalance", "Monthly"),
            );
        }
        Family::TimeDeposits => {
            item.insert("Eligibility".into(), eligibility(p, "InitialDeposit"));
            item.insert(
                "MinimumDepositAmount".into(),
                Value::from(wire::amount(p.min_amount)),
            );
            let bands: Vec<Value> = p
                .rate_tiers
                .iter()
                .map(|t| {
                    json!({
                        "CurrencyCode": p.currency,
                        "TermValue": p.term_months.unwrap_or(1),
                        "TermUnit": "Month",
                        "TierValueMinimum": wire::amount(t.min_amount),
                        "InterestRate": t.rate.to_string(),
                        "CalculationFrequency": "AtMaturity",
                        "ApplicationFrequency": "AtMaturity",
                    })
                })
                .collect();
            item.insert("CreditInterest".into(), json!({ "TierBand": bands }));
        }
        Family::CreditCards => {
            let scheme = if p.name_en.contains("Mastercard") {
                "Mastercard"
            } else if p.name_en.contains("UnionPay") {
                "UnionPay"
            } else {
                "Visa"
            };
            let apr = p.first_rate();
            item.insert("CardScheme".into(), Value::from(scheme));
            item.insert(
                "MinCreditLimit".into(),
                Value::from(wire::amount(p.min_amount)),
            );
            item.insert("MaxPurchaseInterestFreeLengthDays".into(), Value::from(56));
            item.insert("APR".into(), Value::from(apr.to_string()));
            item.insert("CashAdvanceAPR".into(), Value::from(apr.to_string()));
            item.insert("Eligibility".into(), eligibility(p, "AnnualIncome"));
            item.insert("FeesCharges".into(), fees(p, "AnnualFee", "Yearly"));
        }
        Family::Mortgages | Family::SecuredLoans | Family::UnsecuredLoans => {
            if family == Family::SecuredLoans {
                let collateral = if p.name_en.contains("Deposit") {
                    "Deposit"
                } else if p.name_en.contains("Securities") {
                    "Securities"
                } else if p.name_en.contains("Car") {
                    "Vehicle"
                } else {
                    "Other"
                };
                item.insert("CollateralType".into(), Value::from(collateral));
            }
            if family == Family::UnsecuredLoans {
                let loan_type = if p.name_en.contains("Tax") {
                    "Tax"
                } else if p.name_en.contains("Revolving") {
                    "Revolving"
                } else if p.name_en.contains("Balance Transfer") {
                    "BalanceTransfer"
                } else {
                    "Instalment"
                };
                item.insert("LoanType".into(), Value::from(loan_type));
            }
            item.insert("Eligibility".into(), eligibility(p, "MonthlyIncome"));
            item.insert("LoanInterest".into(), loan_interest(p));
            if let Some(max) = p.max_amount {
                item.insert(
                    "LoanCap".into(),
                    json!([{ "Amount": wire::amount(max), "CurrencyCode": p.currency }]),
                );
            }
            item.insert("FeesCharges".into(), fees(p, "Handling", "OneOff"));
        }
        Family::Atms | Family::Branches | Family::ExchangeRates => {}
    }
    Value::Object(item)
}
