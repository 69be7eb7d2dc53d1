//! Standard Chartered: from the [generated types](crate::generated::standard_chartered::types) to
//! the [canonical model](crate::model).
//!
//! One product list serves every category (`SA`, `CA`, `TD`, `CC`, `PL`, `ML`), one location list
//! serves branches and ATMs, and the text comes in the language asked for: English or traditional
//! Chinese only ([`text_language`] says which one a request in a given language gets).
//!
//! A product's code is its `sub-code` when it has one (the variant), else its `code`. A deposit's
//! `currency` may list several codes (`HKD, USD, CNY`): a product with one currency gets it as its
//! [`SavingsAccount::currency`]; with several, its currency is left empty (the rates carry theirs)
//! and the first listed is the currency of its `initial-deposit` and `min-balance`. Times of last
//! update are 14-digit Hong Kong local times (`YYYYMMDDhhmmss`). Personal loans state a monthly flat
//! rate: it becomes a [`LoanRateKind::Flat`] rate per annum (twelve times the monthly rate).

use hkob_core::headers::Language;
use hkob_core::{Amount, Currency, Date, DateTime, Decimal};

use crate::generated::standard_chartered::types as sx;
use crate::model::{
    Atm, BalanceRate, BankId, Branch, CardNetwork, CreditCard, CurrentAccount, Fee, FxRate,
    LoanRate, LoanRateKind, LoanSecurity, LocalizedText, Mortgage, OpeningHours, PersonalLoan,
    ProductInfo, RateTier, SavingsAccount, Tenor, TenorUnit, TimeDeposit, Weekday,
};
use crate::normalise::context::{Cx, hkd_quote, links, run, text};
use crate::normalise::{Normalised, Outcome, Problem};

/// The `language` value to ask for text in `language`, and the language the text then comes in
/// (traditional Chinese when simplified Chinese is asked for: the dialect has none).
pub fn text_language(language: Language) -> (sx::Language, Language) {
    match language {
        Language::TraditionalChinese | Language::SimplifiedChinese => {
            (sx::Language::ZhHk, Language::TraditionalChinese)
        }
        _ => (sx::Language::EnHk, Language::English),
    }
}

/// Savings account products (`category=SA`).
pub fn savings(
    bank: &BankId,
    language: Language,
    items: Vec<sx::DepositProduct>,
) -> Normalised<SavingsAccount> {
    run(bank, items, |cx, p| {
        let d = deposit(cx, language, p);
        Some(SavingsAccount {
            info: ProductInfo {
                bank: bank.clone(),
                code: d.code,
                name: d.name,
                description: d.description,
                fees: d.fees,
                links: d.links,
                effective_date: None,
                last_updated: d.last_updated,
            },
            currency: d.currency,
            rates: d.rates,
            interest_frequency: None,
            min_balance: d.min_balance,
            min_initial_deposit: d.initial_deposit,
        })
    })
}

/// Current account products (`category=CA`).
pub fn current(
    bank: &BankId,
    language: Language,
    items: Vec<sx::DepositProduct>,
) -> Normalised<CurrentAccount> {
    run(bank, items, |cx, p| {
        let echeque = p.e_cheque;
        let d = deposit(cx, language, p);
        Some(CurrentAccount {
            info: ProductInfo {
                bank: bank.clone(),
                code: d.code,
                name: d.name,
                description: d.description,
                fees: d.fees,
                links: d.links,
                effective_date: None,
                last_updated: d.last_updated,
            },
            currency: d.currency,
            rates: d.rates,
            interest_frequency: None,
            min_balance: d.min_balance,
            min_initial_deposit: d.initial_deposit,
            echeque,
        })
    })
}

/// Time deposit products (`category=TD`). A rate without a tenor is left out.
pub fn time_deposits(
    bank: &BankId,
    language: Language,
    items: Vec<sx::DepositProduct>,
) -> Normalised<TimeDeposit> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, &p.code, p.sub_code.as_deref());
        let currencies = currency_field(cx, p.currency.as_deref());
        let base = currencies.first().copied();
        let fees = deposit_fees(cx, language, &p);
        let mut tiers = Vec::new();
        let mut all_currencies = currencies.clone();
        for (i, r) in p.deposit_rates.unwrap_or_default().into_iter().enumerate() {
            let field = format!("deposit-rates[{i}]");
            let Ok(currency) = Currency::new(&r.currency) else {
                cx.report(
                    format!("{field}.currency"),
                    Problem::InvalidCurrency(r.currency.clone()),
                    Outcome::EntryLeftOut,
                );
                continue;
            };
            let Some(term) = tenor(cx, &field, r.tenor, r.tenor_unit.as_ref()) else {
                continue;
            };
            let Some(rate) = cx.entry_rate(&format!("{field}.rate"), r.rate) else {
                continue;
            };
            let Some((min_balance, max_balance)) =
                cx.entry_bounds(&format!("{field}.min-amount"), r.min_amount, r.max_amount)
            else {
                continue;
            };
            if !all_currencies.contains(&currency) {
                all_currencies.push(currency);
            }
            tiers.push(RateTier {
                currency,
                term,
                min_balance,
                max_balance,
                rate,
            });
        }
        let min_deposit = cx
            .amount("initial-deposit", p.initial_deposit)
            .zip(base)
            .map(|(v, c)| Amount::new(v, c));
        Some(TimeDeposit {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.title)),
                description: text(language, p.summary),
                fees,
                links: links(p.product_url, p.product_apply_url, p.tnc_url, None),
                effective_date: None,
                last_updated: cx.date("last-updated", p.last_updated.as_deref()),
            },
            currencies: all_currencies,
            tiers,
            interest_frequency: None,
            early_withdrawal: None,
            min_deposit,
        })
    })
}

/// Credit card products (`category=CC`). The dialect names no card network.
pub fn credit_cards(
    bank: &BankId,
    language: Language,
    items: Vec<sx::CreditCardProduct>,
) -> Normalised<CreditCard> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, &p.code, p.sub_code.as_deref());
        let min_annual_income = income(cx, p.eligibility.as_deref());
        let mut fees = Vec::new();
        push_fee(cx, &mut fees, "supplementary-fee", p.supplementary_fee);
        fees.extend(listed_fees(cx, language, p.fees_and_charges));
        Some(CreditCard {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.title)),
                description: text(language, p.summary),
                fees,
                links: links(p.product_url, p.product_apply_url, None, None),
                effective_date: None,
                last_updated: cx.date("last-updated", p.last_updated.as_deref()),
            },
            network: None::<CardNetwork>,
            level: p.card_category.filter(|c| !c.trim().is_empty()),
            currency: Some(Currency::HKD),
            annual_fee: cx.money("annual-fee", p.annual_fee, Some(Currency::HKD)),
            annual_fee_waiver: text(language, p.fee_waiver),
            purchase_apr: cx.rate_opt("purchase-apr", p.purchase_apr),
            cash_advance_apr: cx.rate_opt("cash-advance-apr", p.cash_advance_apr),
            min_credit_limit: None,
            max_credit_limit: None,
            min_annual_income,
        })
    })
}

/// Unsecured personal loans (`category=PL`).
pub fn personal_loans(
    bank: &BankId,
    language: Language,
    items: Vec<sx::PersonalLoanProduct>,
) -> Normalised<PersonalLoan> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, &p.code, None);
        let (min_amount, max_amount, currency) = loan_amount(cx, p.loan_amount);
        let max_tenor = max_tenor(cx, p.tenor.as_ref());
        let yearly = cx
            .rate_opt("monthly-flat-rate", p.monthly_flat_rate)
            .and_then(|m| cx.yearly_flat_rate("monthly-flat-rate", m, Outcome::FieldLeftEmpty));
        let rates = match yearly {
            Some(rate) => vec![LoanRate {
                kind: LoanRateKind::Flat,
                rate,
                cap: None,
                apr: cx.rate_opt("apr", p.apr),
                min_amount,
                max_amount,
                tenor: max_tenor,
            }],
            None => Vec::new(),
        };
        let mut fees = Vec::new();
        push_fee(cx, &mut fees, "handling-fee", p.handling_fee);
        fees.extend(listed_fees(cx, language, p.fees_and_charges));
        Some(PersonalLoan {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.title)),
                description: text(language, p.summary),
                fees,
                links: links(p.product_url, p.product_apply_url, None, None),
                effective_date: None,
                last_updated: cx.date("last-updated", p.last_updated.as_deref()),
            },
            security: LoanSecurity::Unsecured,
            kind: None,
            currency,
            rates,
            min_amount,
            max_amount,
            max_tenor,
            repayment_frequency: None,
            max_ltv_ratio: None,
        })
    })
}

/// Mortgage products (`category=ML`).
pub fn mortgages(
    bank: &BankId,
    language: Language,
    items: Vec<sx::MortgageProduct>,
) -> Normalised<Mortgage> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, &p.code, None);
        let (min_amount, max_amount, currency) = loan_amount(cx, p.loan_amount);
        let mut rates = Vec::new();
        for (i, r) in p.interest_rates.unwrap_or_default().into_iter().enumerate() {
            let field = format!("interest-rates[{i}]");
            let (kind, rate, tenor) = match &r.r#type {
                sx::MortgageRateType::Hibor => (LoanRateKind::Hibor, r.margin, None),
                sx::MortgageRateType::Prime => (LoanRateKind::Prime, r.margin, None),
                sx::MortgageRateType::Fixed => (
                    LoanRateKind::Fixed,
                    r.fixed_rate,
                    r.fixed_period.and_then(|y| {
                        cx.tenor(
                            &format!("{field}.fixed-period"),
                            i64::from(y),
                            TenorUnit::Year,
                            Outcome::FieldLeftEmpty,
                        )
                    }),
                ),
                other => {
                    cx.report(
                        format!("{field}.type"),
                        Problem::UnknownValue(other.as_str().to_owned()),
                        Outcome::EntryLeftOut,
                    );
                    continue;
                }
            };
            let Some(rate) = rate else {
                cx.report(field, Problem::Missing, Outcome::EntryLeftOut);
                continue;
            };
            rates.push(LoanRate {
                kind,
                rate,
                cap: cx.rate_opt(&format!("{field}.cap-rate"), r.cap_rate),
                apr: None,
                min_amount: None,
                max_amount: None,
                tenor,
            });
        }
        Some(Mortgage {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.title)),
                description: text(language, p.summary),
                fees: listed_fees(cx, language, p.fees_and_charges),
                links: links(p.product_url, p.product_apply_url, None, None),
                effective_date: None,
                last_updated: cx.date("last-updated", p.last_updated.as_deref()),
            },
            purpose: None,
            currency,
            rates,
            min_amount,
            max_amount,
            max_tenor: max_tenor(cx, p.tenor.as_ref()),
            repayment_frequency: None,
            max_ltv_ratio: cx.percentage("ltv", p.ltv),
        })
    })
}

/// Exchange rates, one [`FxRate`] per currency with its TT and banknote prices. A pair that is
/// not six letters ending in `HKD` is left out.
pub fn fx_rates(bank: &BankId, items: Vec<sx::FxRate>) -> Normalised<FxRate> {
    let mut out: Normalised<FxRate> = Normalised::default();
    for r in items {
        let mut cx = Cx {
            bank,
            product: Some(r.currency_pair.clone()),
            issues: &mut out.issues,
        };
        let pair = r.currency_pair.trim();
        let currency = match (pair.get(..3), pair.get(3..)) {
            (Some(base), Some("HKD")) => Currency::new(base).ok(),
            _ => None,
        };
        let Some(currency) = currency else {
            cx.report(
                "currency-pair",
                Problem::InvalidCurrency(r.currency_pair.clone()),
                Outcome::ItemLeftOut,
            );
            continue;
        };
        let is_note = match &r.rate_type {
            None | Some(sx::FxRateType::Tt) => false,
            Some(sx::FxRateType::Notes) => true,
            Some(other) => {
                cx.report(
                    "rate-type",
                    Problem::UnknownValue(other.as_str().to_owned()),
                    Outcome::ItemLeftOut,
                );
                continue;
            }
        };
        let unit = cx.fx_unit("unit", r.unit);
        let buy = cx.fx("buy-price", Some(r.buy_price));
        let sell = cx.fx("sell-price", Some(r.sell_price));
        let updated = cx.date_time("last-updated", r.last_updated.as_deref());
        let item = hkd_quote(&mut out.items, bank, currency);
        item.unit = item.unit.or(unit);
        if is_note {
            item.note_buy = buy;
            item.note_sell = sell;
        } else {
            item.tt_buy = buy;
            item.tt_sell = sell;
        }
        item.updated_at = match (item.updated_at, updated) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
    out
}

/// The branches among the bank's locations (`types` holds `branch`).
pub fn branches(bank: &BankId, language: Language, items: Vec<sx::Location>) -> Normalised<Branch> {
    let items = of_type(items, &sx::LocationType::Branch);
    run(bank, items, |cx, l| {
        cx.product = Some(l.id.clone());
        Some(Branch {
            bank: bank.clone(),
            name: text(language, Some(l.title)),
            address: address(language, &l.address),
            district: l.address.district.clone(),
            location: cx.location("address.latitude", l.address.latitude, l.address.longitude),
            phone: l.telephone,
            opening_hours: regular_hours(cx, l.regular_hours),
            atm: None,
            cash_deposit_machine: None,
            safe_deposit_boxes: None,
            last_updated: None,
            code: Some(l.id),
        })
    })
}

/// The ATMs among the bank's locations (`types` holds `atm`). Deposits are read from the
/// `services` names (`Cash Deposit`, `Cheque Deposit`); without `services` they stay unknown.
pub fn atms(bank: &BankId, language: Language, items: Vec<sx::Location>) -> Normalised<Atm> {
    let items = of_type(items, &sx::LocationType::Atm);
    run(bank, items, |cx, l| {
        cx.product = Some(l.id.clone());
        let services = l
            .services
            .as_ref()
            .map(|s| s.iter().map(|s| s.to_ascii_lowercase()).collect::<Vec<_>>());
        let offers = |word: &str| {
            services
                .as_ref()
                .map(|s| s.iter().any(|s| s.contains(word) && s.contains("deposit")))
        };
        Some(Atm {
            bank: bank.clone(),
            name: text(language, Some(l.title)),
            address: address(language, &l.address),
            district: l.address.district.clone(),
            location: cx.location("address.latitude", l.address.latitude, l.address.longitude),
            opening_hours: regular_hours(cx, l.regular_hours),
            cash_deposit: offers("cash"),
            cheque_deposit: offers("cheque"),
            renminbi_notes: None,
            foreign_currency_notes: Vec::new(),
            network: None,
            last_updated: None,
            code: Some(l.id),
        })
    })
}

/// The locations of one type.
fn of_type(items: Vec<sx::Location>, wanted: &sx::LocationType) -> Vec<sx::Location> {
    items
        .into_iter()
        .filter(|l| l.types.as_ref().is_some_and(|t| t.contains(wanted)))
        .collect()
}

fn product_code(cx: &mut Cx<'_>, code: &str, sub_code: Option<&str>) -> String {
    let code = sub_code
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(code)
        .to_owned();
    cx.product = Some(code.clone());
    code
}

/// What the three deposit families share.
struct Deposit {
    code: String,
    name: LocalizedText,
    description: LocalizedText,
    currency: Option<Currency>,
    rates: Vec<BalanceRate>,
    min_balance: Option<Decimal>,
    initial_deposit: Option<Amount>,
    fees: Vec<Fee>,
    links: crate::model::ProductLinks,
    last_updated: Option<Date>,
}

fn deposit(cx: &mut Cx<'_>, language: Language, p: sx::DepositProduct) -> Deposit {
    let code = product_code(cx, &p.code, p.sub_code.as_deref());
    let currencies = currency_field(cx, p.currency.as_deref());
    let base = currencies.first().copied();
    let mut rates = Vec::new();
    for (i, r) in p
        .deposit_rates
        .clone()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let field = format!("deposit-rates[{i}]");
        let Some(currency) = cx.currency(&format!("{field}.currency"), &r.currency) else {
            continue;
        };
        let Some(rate) = cx.entry_rate(&format!("{field}.rate"), r.rate) else {
            continue;
        };
        let Some((min_balance, max_balance)) =
            cx.entry_bounds(&format!("{field}.min-amount"), r.min_amount, r.max_amount)
        else {
            continue;
        };
        rates.push(BalanceRate {
            currency: Some(currency),
            min_balance,
            max_balance,
            rate,
        });
    }
    let fees = deposit_fees(cx, language, &p);
    Deposit {
        code,
        name: text(language, Some(p.title)),
        description: text(language, p.summary),
        currency: if currencies.len() == 1 { base } else { None },
        rates,
        min_balance: cx.amount("min-balance", p.min_balance),
        initial_deposit: cx
            .amount("initial-deposit", p.initial_deposit)
            .zip(base)
            .map(|(v, c)| Amount::new(v, c)),
        fees,
        links: links(p.product_url, p.product_apply_url, p.tnc_url, None),
        last_updated: cx.date("last-updated", p.last_updated.as_deref()),
    }
}

/// A `currency` field that may list several codes.
fn currency_field(cx: &mut Cx<'_>, value: Option<&str>) -> Vec<Currency> {
    let codes = value
        .unwrap_or_default()
        .split([',', '/', ' '])
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    cx.currency_list("currency", codes)
}

fn deposit_fees(cx: &mut Cx<'_>, language: Language, p: &sx::DepositProduct) -> Vec<Fee> {
    let mut fees = Vec::new();
    push_fee(cx, &mut fees, "service-fee", p.service_fee);
    push_fee(cx, &mut fees, "cheque-book-fee", p.cheque_book_fee);
    push_fee(cx, &mut fees, "returned-cheque-fee", p.returned_cheque_fee);
    fees.extend(listed_fees(cx, language, p.fees_and_charges.clone()));
    fees
}

/// A fee the dialect gives as its own field, in HKD, named by the field.
fn push_fee(cx: &mut Cx<'_>, fees: &mut Vec<Fee>, field: &str, value: Option<Decimal>) {
    if let Some(v) = cx.amount(field, value) {
        fees.push(Fee {
            name: LocalizedText::single(Language::English, field),
            amount: Some(Amount::hkd(v)),
            condition: LocalizedText::default(),
        });
    }
}

/// The `fees-and-charges` list: each entry's `type` is its name and its description its condition.
fn listed_fees(cx: &mut Cx<'_>, language: Language, fees: Option<Vec<sx::FeeCharge>>) -> Vec<Fee> {
    let mut out = Vec::new();
    for (i, f) in fees.unwrap_or_default().into_iter().enumerate() {
        let field = format!("fees-and-charges[{i}]");
        let value = cx.amount(&format!("{field}.amount"), f.amount);
        let currency = match f.currency.as_deref() {
            Some(code) => cx.currency(&format!("{field}.currency"), code),
            None => Some(Currency::HKD),
        };
        out.push(Fee {
            name: text(language, Some(f.r#type)),
            amount: value.zip(currency).map(|(v, c)| Amount::new(v, c)),
            condition: text(language, f.description),
        });
    }
    out
}

fn income(cx: &mut Cx<'_>, eligibility: Option<&[sx::EligibilityCriterion]>) -> Option<Amount> {
    let (i, e) = eligibility?
        .iter()
        .enumerate()
        .find(|(_, e)| e.min_annual_income.is_some())?;
    let field = format!("eligibility[{i}]");
    let value = cx.amount(&format!("{field}.min-annual-income"), e.min_annual_income)?;
    let currency = match e.currency.as_deref() {
        Some(code) => cx.currency(&format!("{field}.currency"), code)?,
        None => Currency::HKD,
    };
    Some(Amount::new(value, currency))
}

fn loan_amount(
    cx: &mut Cx<'_>,
    range: Option<sx::AmountRange>,
) -> (Option<Decimal>, Option<Decimal>, Option<Currency>) {
    let Some(range) = range else {
        return (None, None, None);
    };
    let currency = cx.currency_opt("loan-amount.currency", range.currency.as_deref());
    let min = cx.amount("loan-amount.min", range.min);
    let max = cx.amount("loan-amount.max", range.max);
    match (min, max) {
        (Some(lo), Some(hi)) if lo > hi => {
            cx.report(
                "loan-amount.min",
                Problem::MinAboveMax { min: lo, max: hi },
                Outcome::FieldLeftEmpty,
            );
            (None, None, currency)
        }
        (lo, hi) => (lo, hi, currency),
    }
}

fn max_tenor(cx: &mut Cx<'_>, range: Option<&sx::TenorRange>) -> Option<Tenor> {
    let range = range?;
    tenor_of(
        cx,
        "tenor.max",
        range.max?,
        range.unit.as_ref(),
        Outcome::FieldLeftEmpty,
    )
}

/// A deposit rate's term; a rate without one is left out.
fn tenor(
    cx: &mut Cx<'_>,
    field: &str,
    count: Option<i32>,
    unit: Option<&sx::TenorUnit>,
) -> Option<Tenor> {
    let Some(count) = count else {
        cx.report(
            format!("{field}.tenor"),
            Problem::Missing,
            Outcome::EntryLeftOut,
        );
        return None;
    };
    tenor_of(
        cx,
        &format!("{field}.tenor"),
        count,
        unit,
        Outcome::EntryLeftOut,
    )
}

/// A count of `unit`s (months when the unit is absent); weeks become days.
fn tenor_of(
    cx: &mut Cx<'_>,
    field: &str,
    count: i32,
    unit: Option<&sx::TenorUnit>,
    outcome: Outcome,
) -> Option<Tenor> {
    let count = i64::from(count);
    match unit {
        Some(sx::TenorUnit::D) => cx.tenor(field, count, TenorUnit::Day, outcome),
        Some(sx::TenorUnit::W) => cx.tenor(field, count.saturating_mul(7), TenorUnit::Day, outcome),
        Some(sx::TenorUnit::M) | None => cx.tenor(field, count, TenorUnit::Month, outcome),
        Some(sx::TenorUnit::Y) => cx.tenor(field, count, TenorUnit::Year, outcome),
        Some(other) => {
            cx.report(
                format!("{field}-unit"),
                Problem::UnknownValue(other.as_str().to_owned()),
                outcome,
            );
            None
        }
    }
}

fn address(language: Language, address: &sx::Address) -> LocalizedText {
    let lines = address.address_lines.clone().unwrap_or_default();
    text(language, Some(lines.join(", ")))
}

/// `regular-hours`: day numbers `1` Monday to `7` Sunday; times as the bank writes them
/// (`09:00 AM`).
fn regular_hours(cx: &mut Cx<'_>, hours: Option<Vec<sx::RegularHours>>) -> Vec<OpeningHours> {
    let mut out = Vec::new();
    for (i, h) in hours.unwrap_or_default().into_iter().enumerate() {
        let day = match h.open_day {
            1 => Weekday::Mon,
            2 => Weekday::Tue,
            3 => Weekday::Wed,
            4 => Weekday::Thu,
            5 => Weekday::Fri,
            6 => Weekday::Sat,
            7 => Weekday::Sun,
            n => {
                cx.unknown(format!("regular-hours[{i}].open-day"), &n.to_string());
                Weekday::Unknown(n.to_string())
            }
        };
        out.push(OpeningHours {
            day,
            opens: h.open_time,
            closes: h.close_time,
        });
    }
    out
}

impl Cx<'_> {
    /// The day of a 14-digit `YYYYMMDDhhmmss` time (or a `YYYY-MM-DD` date).
    fn date(&mut self, field: &str, value: Option<&str>) -> Option<Date> {
        let value = value?.trim();
        let parsed = match value.get(..8) {
            Some(day) if value.len() == 14 => Date::parse_from_str(day, "%Y%m%d").ok(),
            _ => Date::parse_from_str(value.get(..10).unwrap_or(value), "%Y-%m-%d").ok(),
        };
        if parsed.is_none() {
            self.report(
                field,
                Problem::OutOfRange(format!("date `{value}`")),
                Outcome::FieldLeftEmpty,
            );
        }
        parsed
    }

    /// A 14-digit Hong Kong local time (`YYYYMMDDhhmmss`), at +08:00.
    fn date_time(&mut self, field: &str, value: Option<&str>) -> Option<DateTime> {
        let value = value?.trim();
        let parsed = DateTime::parse_from_str(&format!("{value}+0800"), "%Y%m%d%H%M%S%z")
            .or_else(|_| DateTime::parse_from_rfc3339(value))
            .ok();
        if parsed.is_none() {
            self.report(
                field,
                Problem::OutOfRange(format!("time `{value}`")),
                Outcome::FieldLeftEmpty,
            );
        }
        parsed
    }
}
