//! DBS: from the [generated types](crate::generated::dbs::types) to the
//! [canonical model](crate::model).
//!
//! One DBS answer carries every item once per language, each tagged with its `language`
//! (`en_US`, `zh_TW`, `zh_CN`). The normaliser merges the items of one product (or branch, ATM,
//! currency) into one model item: the numbers and codes come from the English item when there is
//! one (else the first), and the text of the others fills the [`LocalizedText`]s. Issues are
//! reported for every item, so a bad value repeated in each language is reported once per language.
//!
//! Time deposit terms are strings such as `3M` (`D` days, `W` weeks, `M` months, `Y` years); loan
//! tenures are in months; a `monthlyFlat` loan rate becomes a [`LoanRateKind::Flat`] rate per annum
//! (twelve times the monthly rate). Opening hours are text (`Mon-Fri 09:00-17:00; Sat
//! 09:00-13:00`); text that does not read that way is reported and the hours left empty. The
//! mortgage list's key is `mortagageProductInfo`, as DBS spells it. Only `standard` deposit rates
//! become rate tiers: `promotional` rates (for new funds, for a while) are left out by design, so
//! that comparisons use the rates every customer gets.

use hkob_core::headers::Language;
use hkob_core::{Amount, Currency, Decimal};

use crate::generated::dbs::types as dx;
use crate::model::{
    Atm, BalanceRate, BankId, Branch, CreditCard, CurrentAccount, Fee, ForeignCurrencyAccount,
    Frequency, FxRate, LoanRate, LoanRateKind, LoanSecurity, LocalizedText, Mortgage, OpeningHours,
    PersonalLoan, ProductInfo, RateTier, SavingsAccount, Tenor, TenorUnit, TimeDeposit,
};
use crate::normalise::context::{Cx, hkd_quote, links, run, text};
use crate::normalise::languages::{LanguageCopy, Localized, merge_copies};
use crate::normalise::{Normalised, Outcome, Problem};

/// The language of one item.
fn language(value: &dx::Language) -> Language {
    match value {
        dx::Language::ZhTw => Language::TraditionalChinese,
        dx::Language::ZhCn => Language::SimplifiedChinese,
        _ => Language::English,
    }
}

/// The copies of each item merged into one (see [`merge_copies`]), matched by `key`.
fn merged<T: Localized>(
    out: Normalised<(Language, T)>,
    key: impl Fn(&T) -> Option<String>,
) -> Normalised<T> {
    let copies = out
        .items
        .into_iter()
        .map(|(lang, item)| LanguageCopy {
            lang,
            key: key(&item),
            item,
        })
        .collect();
    Normalised {
        items: merge_copies(copies),
        issues: out.issues,
    }
}

/// What the deposit families share.
struct Deposit {
    lang: Language,
    name: LocalizedText,
    description: LocalizedText,
    currencies: Vec<Currency>,
    rates: Vec<(dx::InterestRate, usize)>,
    interest_frequency: Option<Frequency>,
    min_initial: Option<Amount>,
    fees: Vec<Fee>,
    links: crate::model::ProductLinks,
}

fn deposit(cx: &mut Cx<'_>, p: &mut dx::DepositProduct) -> Deposit {
    cx.product = Some(p.product_id.clone());
    let lang = language(&p.language);
    let currencies = cx.currency_list("currencies", p.currencies.take().unwrap_or_default());
    let detail = p.interest_rates_detl.take();
    let interest_frequency = detail
        .as_ref()
        .and_then(|d| d.interest_calculation.as_ref())
        .and_then(|c| c.crediting_frequency.as_ref())
        .map(|f| frequency(cx, f));
    let rates = detail
        .map(|d| d.interest_rate)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, r)| (r, i))
        .collect();
    let min_initial = eligibility_amount(
        cx,
        p.eligibility_criteria.as_ref(),
        &dx::CriteriaAmountType::InitialMinimumBalanceAmount,
    );
    Deposit {
        lang,
        name: text(lang, Some(p.product_name.clone())),
        description: text(lang, p.more_info.take().and_then(|m| m.description)),
        currencies,
        rates,
        interest_frequency,
        min_initial,
        fees: fees(cx, lang, p.fee_charge_detl.take()),
        links: links(p.product_url.take(), p.application_url.take(), None, None),
    }
}

fn balance_rates(cx: &mut Cx<'_>, rates: Vec<(dx::InterestRate, usize)>) -> Vec<BalanceRate> {
    let mut out = Vec::new();
    for (r, i) in rates {
        let field = format!("interestRatesDetl.interestRate[{i}]");
        let Some((rate, min, max, currency)) = rate_entry(cx, &field, &r) else {
            continue;
        };
        out.push(BalanceRate {
            currency,
            min_balance: min,
            max_balance: max,
            rate,
        });
    }
    out
}

/// A deposit rate: the rate, the band's bounds and the band's currency.
type RateEntry = (Decimal, Option<Decimal>, Option<Decimal>, Option<Currency>);

/// A deposit rate's value, band and currency; a promotional or unknown rate type is left out.
fn rate_entry(cx: &mut Cx<'_>, field: &str, r: &dx::InterestRate) -> Option<RateEntry> {
    match &r.rate_type {
        dx::RateType::Standard => {}
        dx::RateType::Promotional => return None,
        other => {
            cx.report(
                format!("{field}.rateType"),
                Problem::UnknownValue(other.as_str().to_owned()),
                Outcome::EntryLeftOut,
            );
            return None;
        }
    }
    let rate = cx.entry_rate(&format!("{field}.rate"), r.rate)?;
    let min = r.minimum_deposit_amount.as_ref();
    let max = r.maximum_deposit_amount.as_ref();
    let currency = match min.or(max) {
        Some(a) => Some(cx.currency(
            &format!("{field}.minimumDepositAmount.currency"),
            &a.currency,
        )?),
        None => None,
    };
    let (lo, hi) = cx.entry_bounds(
        &format!("{field}.minimumDepositAmount"),
        min.map(|a| a.amount),
        max.map(|a| a.amount),
    )?;
    Some((rate, lo, hi, currency))
}

/// Savings account products.
pub fn savings(bank: &BankId, items: Vec<dx::DepositProduct>) -> Normalised<SavingsAccount> {
    let out = run(bank, items, |cx, mut p| {
        let d = deposit(cx, &mut p);
        let rates = balance_rates(cx, d.rates);
        Some((
            d.lang,
            SavingsAccount {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: p.product_id,
                    name: d.name,
                    description: d.description,
                    fees: d.fees,
                    links: d.links,
                    effective_date: None,
                    last_updated: None,
                },
                currency: single(&d.currencies),
                rates,
                interest_frequency: d.interest_frequency,
                min_balance: None,
                min_initial_deposit: d.min_initial,
            },
        ))
    });
    merged(out, |p| Some(p.info.code.clone()))
}

/// Current account products.
pub fn current(bank: &BankId, items: Vec<dx::DepositProduct>) -> Normalised<CurrentAccount> {
    let out = run(bank, items, |cx, mut p| {
        let d = deposit(cx, &mut p);
        let rates = balance_rates(cx, d.rates);
        Some((
            d.lang,
            CurrentAccount {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: p.product_id,
                    name: d.name,
                    description: d.description,
                    fees: d.fees,
                    links: d.links,
                    effective_date: None,
                    last_updated: None,
                },
                currency: single(&d.currencies),
                rates,
                interest_frequency: d.interest_frequency,
                min_balance: None,
                min_initial_deposit: d.min_initial,
                echeque: None,
            },
        ))
    });
    merged(out, |p| Some(p.info.code.clone()))
}

/// Foreign currency account products.
pub fn foreign_currency(
    bank: &BankId,
    items: Vec<dx::DepositProduct>,
) -> Normalised<ForeignCurrencyAccount> {
    let out = run(bank, items, |cx, mut p| {
        let d = deposit(cx, &mut p);
        let rates = balance_rates(cx, d.rates);
        Some((
            d.lang,
            ForeignCurrencyAccount {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: p.product_id,
                    name: d.name,
                    description: d.description,
                    fees: d.fees,
                    links: d.links,
                    effective_date: None,
                    last_updated: None,
                },
                currencies: d.currencies,
                rates,
                interest_frequency: d.interest_frequency,
                min_balance: None,
            },
        ))
    });
    merged(out, |p| Some(p.info.code.clone()))
}

/// Time deposit products. A rate without a currency or a readable `depositPeriod` is left out.
pub fn time_deposits(bank: &BankId, items: Vec<dx::DepositProduct>) -> Normalised<TimeDeposit> {
    let out = run(bank, items, |cx, mut p| {
        let d = deposit(cx, &mut p);
        let mut currencies = d.currencies.clone();
        let mut tiers = Vec::new();
        for (r, i) in d.rates {
            let field = format!("interestRatesDetl.interestRate[{i}]");
            let Some((rate, min, max, currency)) = rate_entry(cx, &field, &r) else {
                continue;
            };
            let Some(currency) = currency.or_else(|| single(&d.currencies)) else {
                cx.report(
                    format!("{field}.minimumDepositAmount.currency"),
                    Problem::Missing,
                    Outcome::EntryLeftOut,
                );
                continue;
            };
            let Some(term) = period(
                cx,
                &format!("{field}.depositPeriod"),
                r.deposit_period.as_deref(),
            ) else {
                continue;
            };
            if !currencies.contains(&currency) {
                currencies.push(currency);
            }
            tiers.push(RateTier {
                currency,
                term,
                min_balance: min,
                max_balance: max,
                rate,
            });
        }
        Some((
            d.lang,
            TimeDeposit {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: p.product_id,
                    name: d.name,
                    description: d.description,
                    fees: d.fees,
                    links: d.links,
                    effective_date: None,
                    last_updated: None,
                },
                currencies,
                tiers,
                interest_frequency: d.interest_frequency,
                early_withdrawal: None,
                min_deposit: d.min_initial,
            },
        ))
    });
    merged(out, |p| Some(p.info.code.clone()))
}

/// Credit card products. APRs are the `purchaseApr` and `cashAdvanceApr` entries of
/// `interestRatesDetl`; the annual fee is the `membershipFee` entry of `feeChargeDetl`.
pub fn credit_cards(bank: &BankId, items: Vec<dx::CreditCardProduct>) -> Normalised<CreditCard> {
    let out = run(bank, items, |cx, p| {
        cx.product = Some(p.product_id.clone());
        let lang = language(&p.language);
        let rates = p
            .interest_rates_detl
            .map(|d| d.interest_rate)
            .unwrap_or_default();
        let apr = |kind: &dx::RateType| rates.iter().find(|r| &r.rate_type == kind).map(|r| r.rate);
        let purchase = apr(&dx::RateType::PurchaseApr);
        let cash = apr(&dx::RateType::CashAdvanceApr);
        let annual = p.fee_charge_detl.as_ref().and_then(|f| {
            f.iter()
                .find(|f| f.fee_type == dx::FeeType::MembershipFee)
                .and_then(|f| f.fee_amount.as_ref())
                .map(|a| (a.amount, a.currency.clone()))
        });
        let currency = annual
            .as_ref()
            .and_then(|(_, c)| cx.currency("feeChargeDetl.membershipFee.currency", c));
        let limit = p.minimum_credit_limit.as_ref().map(|a| a.amount);
        Some((
            lang,
            CreditCard {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: p.product_id,
                    name: text(lang, Some(p.product_name)),
                    description: text(lang, p.more_info.and_then(|m| m.description)),
                    fees: fees(cx, lang, p.fee_charge_detl),
                    links: links(p.product_url, p.application_url, None, None),
                    effective_date: None,
                    last_updated: None,
                },
                network: None,
                level: p.product_type.filter(|t| !t.trim().is_empty()),
                currency,
                annual_fee: cx.money(
                    "feeChargeDetl.membershipFee",
                    annual.map(|(v, _)| v),
                    currency,
                ),
                annual_fee_waiver: LocalizedText::default(),
                purchase_apr: cx.rate_opt("purchaseApr", purchase),
                cash_advance_apr: cx.rate_opt("cashAdvanceApr", cash),
                min_credit_limit: cx.amount("minimumCreditLimit", limit),
                max_credit_limit: None,
                min_annual_income: eligibility_amount(
                    cx,
                    p.eligibility_criteria.as_ref(),
                    &dx::CriteriaAmountType::MinimumAnnualIncome,
                ),
            },
        ))
    });
    merged(out, |p| Some(p.info.code.clone()))
}

/// What a loan's `loanPricingDetl` gives.
struct Pricing {
    lang: Language,
    name: LocalizedText,
    description: LocalizedText,
    currency: Option<Currency>,
    rates: Vec<LoanRate>,
    min_amount: Option<Decimal>,
    max_amount: Option<Decimal>,
    max_tenor: Option<Tenor>,
    max_ltv_ratio: Option<Decimal>,
    fees: Vec<Fee>,
    links: crate::model::ProductLinks,
}

fn loan(cx: &mut Cx<'_>, p: &mut dx::LoanProduct) -> Pricing {
    cx.product = Some(p.product_id.clone());
    let lang = language(&p.language);
    let pricing = p.loan_pricing_detl.take();
    let (mut min_amount, mut max_amount, mut currency) = (None, None, None);
    let (mut max_tenor, mut max_ltv_ratio, mut rates) = (None, None, Vec::new());
    if let Some(d) = pricing {
        let min = d.minimum_loan_amount.as_ref();
        let max = d.maximum_loan_amount.as_ref();
        if let Some(a) = min.or(max) {
            currency = cx.currency("loanPricingDetl.minimumLoanAmount.currency", &a.currency);
        }
        min_amount = cx.amount("loanPricingDetl.minimumLoanAmount", min.map(|a| a.amount));
        max_amount = cx.amount("loanPricingDetl.maximumLoanAmount", max.map(|a| a.amount));
        if let (Some(lo), Some(hi)) = (min_amount, max_amount)
            && lo > hi
        {
            cx.report(
                "loanPricingDetl.minimumLoanAmount",
                Problem::MinAboveMax { min: lo, max: hi },
                Outcome::FieldLeftEmpty,
            );
            (min_amount, max_amount) = (None, None);
        }
        max_tenor = d.maximum_loan_tenure.and_then(|m| {
            cx.tenor(
                "loanPricingDetl.maximumLoanTenure",
                i64::from(m),
                TenorUnit::Month,
                Outcome::FieldLeftEmpty,
            )
        });
        max_ltv_ratio = cx.percentage(
            "loanPricingDetl.maximumLoanToValueRatio",
            d.maximum_loan_to_value_ratio,
        );
        for (i, r) in d
            .interest_rate_detl
            .unwrap_or_default()
            .into_iter()
            .enumerate()
        {
            let field = format!("loanPricingDetl.interestRateDetl[{i}]");
            let (kind, monthly) = match &r.rate_type {
                dx::LoanRateType::MonthlyFlat => (LoanRateKind::Flat, true),
                dx::LoanRateType::Fixed => (LoanRateKind::Fixed, false),
                dx::LoanRateType::Hibor => (LoanRateKind::Hibor, false),
                dx::LoanRateType::Prime => (LoanRateKind::Prime, false),
                other => {
                    cx.report(
                        format!("{field}.rateType"),
                        Problem::UnknownValue(other.as_str().to_owned()),
                        Outcome::EntryLeftOut,
                    );
                    continue;
                }
            };
            let Some(rate) = r.rate else {
                cx.report(
                    format!("{field}.rate"),
                    Problem::Missing,
                    Outcome::EntryLeftOut,
                );
                continue;
            };
            let margin = matches!(kind, LoanRateKind::Hibor | LoanRateKind::Prime);
            let rate = if margin {
                rate
            } else {
                let Some(rate) = cx.entry_rate(&format!("{field}.rate"), rate) else {
                    continue;
                };
                if monthly {
                    let yearly =
                        cx.yearly_flat_rate(&format!("{field}.rate"), rate, Outcome::EntryLeftOut);
                    let Some(yearly) = yearly else { continue };
                    yearly
                } else {
                    rate
                }
            };
            let tenor = r.tenure.and_then(|m| {
                cx.tenor(
                    &format!("{field}.tenure"),
                    i64::from(m),
                    TenorUnit::Month,
                    Outcome::FieldLeftEmpty,
                )
            });
            rates.push(LoanRate {
                kind,
                rate,
                cap: cx.rate_opt(&format!("{field}.capRate"), r.cap_rate),
                apr: cx.rate_opt(
                    &format!("{field}.annualPercentageRate"),
                    r.annual_percentage_rate,
                ),
                min_amount: None,
                max_amount: None,
                tenor,
            });
        }
    }
    Pricing {
        lang,
        name: text(lang, Some(p.product_name.clone())),
        description: text(lang, p.more_info.take().and_then(|m| m.description)),
        currency,
        rates,
        min_amount,
        max_amount,
        max_tenor,
        max_ltv_ratio,
        fees: fees(cx, lang, p.fee_charge_detl.take()),
        links: links(p.product_url.take(), p.application_url.take(), None, None),
    }
}

/// Mortgage products (the `mortagageProductInfo` list).
pub fn mortgages(bank: &BankId, items: Vec<dx::LoanProduct>) -> Normalised<Mortgage> {
    let out = run(bank, items, |cx, mut p| {
        let l = loan(cx, &mut p);
        Some((
            l.lang,
            Mortgage {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: p.product_id,
                    name: l.name,
                    description: l.description,
                    fees: l.fees,
                    links: l.links,
                    effective_date: None,
                    last_updated: None,
                },
                purpose: None,
                currency: l.currency,
                rates: l.rates,
                min_amount: l.min_amount,
                max_amount: l.max_amount,
                max_tenor: l.max_tenor,
                repayment_frequency: None,
                max_ltv_ratio: l.max_ltv_ratio,
            },
        ))
    });
    merged(out, |p| Some(p.info.code.clone()))
}

/// Secured (`secured == true`) or unsecured loan products, as [`PersonalLoan`]s.
pub fn personal_loans(
    bank: &BankId,
    secured: bool,
    items: Vec<dx::LoanProduct>,
) -> Normalised<PersonalLoan> {
    let out = run(bank, items, |cx, mut p| {
        let l = loan(cx, &mut p);
        Some((
            l.lang,
            PersonalLoan {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: p.product_id,
                    name: l.name,
                    description: l.description,
                    fees: l.fees,
                    links: l.links,
                    effective_date: None,
                    last_updated: None,
                },
                security: if secured {
                    LoanSecurity::Secured(Vec::new())
                } else {
                    LoanSecurity::Unsecured
                },
                kind: None,
                currency: l.currency,
                rates: l.rates,
                min_amount: l.min_amount,
                max_amount: l.max_amount,
                max_tenor: l.max_tenor,
                repayment_frequency: None,
                max_ltv_ratio: if secured { l.max_ltv_ratio } else { None },
            },
        ))
    });
    merged(out, |p| Some(p.info.code.clone()))
}

/// Exchange rates: the `TT` and `NOTES` entries of each currency in each language, one
/// [`FxRate`] per currency.
pub fn fx_rates(bank: &BankId, items: Vec<dx::ExchangeRateInfo>) -> Normalised<FxRate> {
    let mut out: Normalised<FxRate> = Normalised::default();
    for info in items {
        let r = info.exchange_rates;
        let mut cx = Cx {
            bank,
            product: Some(r.currency.clone()),
            issues: &mut out.issues,
        };
        let Ok(currency) = Currency::new(&r.currency) else {
            cx.report(
                "exchangeRates.currency",
                Problem::InvalidCurrency(r.currency.clone()),
                Outcome::EntryLeftOut,
            );
            continue;
        };
        let is_note = match &info.board_rate_type {
            dx::BoardRateType::Tt => false,
            dx::BoardRateType::Notes => true,
            other => {
                cx.report(
                    "boardRateType",
                    Problem::UnknownValue(other.as_str().to_owned()),
                    Outcome::EntryLeftOut,
                );
                continue;
            }
        };
        let unit = cx.fx_unit("exchangeRates.unit", r.unit);
        let buy = cx.fx("exchangeRates.buyRate", Some(r.buy_rate));
        let sell = cx.fx("exchangeRates.sellRate", Some(r.sell_rate));
        let item = hkd_quote(&mut out.items, bank, currency);
        item.currency_name
            .merge(&text(language(&info.language), r.currency_name));
        item.unit = item.unit.or(unit);
        let (b, s) = if is_note {
            (&mut item.note_buy, &mut item.note_sell)
        } else {
            (&mut item.tt_buy, &mut item.tt_sell)
        };
        *b = b.or(buy);
        *s = s.or(sell);
        item.updated_at = match (item.updated_at, r.last_update) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
    out
}

/// Branches.
pub fn branches(bank: &BankId, items: Vec<dx::Branch>) -> Normalised<Branch> {
    let out = run(bank, items, |cx, b| {
        cx.product.clone_from(&b.branch_id);
        let lang = language(&b.language);
        let contact = b.contact_detl;
        let (address, district, location) = place(cx, lang, contact.as_ref());
        let phone = contact.as_ref().and_then(phone);
        Some((
            lang,
            Branch {
                bank: bank.clone(),
                code: b.branch_id,
                name: text(lang, Some(b.branch_name)),
                address,
                district,
                location,
                phone,
                opening_hours: hours(cx, b.operating_hours.as_deref()),
                atm: None,
                cash_deposit_machine: None,
                safe_deposit_boxes: None,
                last_updated: None,
            },
        ))
    });
    merged(out, |b| b.code.clone())
}

/// ATMs.
pub fn atms(bank: &BankId, items: Vec<dx::Atm>) -> Normalised<Atm> {
    let out = run(bank, items, |cx, a| {
        cx.product.clone_from(&a.atm_id);
        let lang = language(&a.language);
        let (address, district, location) = place(cx, lang, a.contact_detl.as_ref());
        let services = a.services_offered.as_deref().map(str::to_ascii_lowercase);
        let offers = |word: &str| {
            services
                .as_ref()
                .filter(|_| lang == Language::English)
                .map(|s| {
                    s.split(',')
                        .any(|s| s.contains(word) && s.contains("deposit"))
                })
        };
        Some((
            lang,
            Atm {
                bank: bank.clone(),
                code: a.atm_id,
                name: text(lang, Some(a.atm_name)),
                address,
                district,
                location,
                opening_hours: hours(cx, a.operating_hours.as_deref()),
                cash_deposit: offers("cash"),
                cheque_deposit: offers("cheque"),
                renminbi_notes: None,
                foreign_currency_notes: Vec::new(),
                network: a.atm_network.filter(|n| !n.trim().is_empty()),
                last_updated: None,
            },
        ))
    });
    merged(out, |a| a.code.clone())
}

fn place(
    cx: &mut Cx<'_>,
    lang: Language,
    contact: Option<&dx::ContactDetail>,
) -> (
    LocalizedText,
    Option<String>,
    Option<crate::model::GeoPoint>,
) {
    let Some(address) = contact.and_then(|c| c.address.as_ref()) else {
        return (LocalizedText::default(), None, None);
    };
    let lines: Vec<String> = [&address.address_line1, &address.address_line2]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let location = address.location.as_ref().and_then(|l| {
        cx.location(
            "contactDetl.address.location",
            Some(l.latitude),
            Some(l.longitude),
        )
    });
    (
        text(lang, Some(lines.join(", "))),
        address.district.clone(),
        location,
    )
}

fn phone(contact: &dx::ContactDetail) -> Option<String> {
    contact.phone_number.clone().or_else(|| {
        contact
            .phone
            .as_ref()
            .and_then(|p| p.iter().find_map(|p| p.tel.clone()))
    })
}

fn single(currencies: &[Currency]) -> Option<Currency> {
    match currencies {
        [one] => Some(*one),
        _ => None,
    }
}

fn frequency(cx: &mut Cx<'_>, value: &dx::Frequency) -> Frequency {
    match value {
        dx::Frequency::Daily => Frequency::Daily,
        dx::Frequency::Monthly => Frequency::Monthly,
        dx::Frequency::Quarterly => Frequency::Quarterly,
        dx::Frequency::Yearly => Frequency::Yearly,
        dx::Frequency::AtMaturity => Frequency::AtMaturity,
        other => {
            cx.unknown(
                "interestRatesDetl.interestCalculation.creditingFrequency",
                other.as_str(),
            );
            Frequency::Unknown(other.as_str().to_owned())
        }
    }
}

fn eligibility_amount(
    cx: &mut Cx<'_>,
    criteria: Option<&dx::EligibilityCriteria>,
    kind: &dx::CriteriaAmountType,
) -> Option<Amount> {
    let c = criteria?;
    if c.criteria_amount_type.as_ref() != Some(kind) {
        return None;
    }
    let a = c.amount.as_ref()?;
    let value = cx.amount("eligibilityCriteria.amount", Some(a.amount))?;
    let currency = cx.currency("eligibilityCriteria.amount.currency", &a.currency)?;
    Some(Amount::new(value, currency))
}

/// Fees: the fee type (DBS's English code, such as `membershipFee`) is the name, the description
/// the condition.
fn fees(cx: &mut Cx<'_>, lang: Language, fees: Option<Vec<dx::FeeCharge>>) -> Vec<Fee> {
    let mut out = Vec::new();
    for (i, f) in fees.unwrap_or_default().into_iter().enumerate() {
        let field = format!("feeChargeDetl[{i}]");
        let amount = f.fee_amount.as_ref().and_then(|a| {
            let v = cx.amount(&format!("{field}.feeAmount"), Some(a.amount))?;
            let c = cx.currency(&format!("{field}.feeAmount.currency"), &a.currency)?;
            Some(Amount::new(v, c))
        });
        out.push(Fee {
            name: LocalizedText::single(Language::English, f.fee_type.as_str()),
            amount,
            condition: text(lang, f.fee_description),
        });
    }
    out
}

/// A term such as `3M` or `14D`; weeks become days.
fn period(cx: &mut Cx<'_>, field: &str, value: Option<&str>) -> Option<Tenor> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        cx.report(field, Problem::Missing, Outcome::EntryLeftOut);
        return None;
    };
    let split = value.len().saturating_sub(1);
    let (count, unit) = (value.get(..split), value.get(split..));
    let count = count.and_then(|c| c.trim().parse::<i64>().ok());
    let unit = match unit.map(|u| u.to_ascii_uppercase()).as_deref() {
        Some("D") => Some((TenorUnit::Day, 1)),
        Some("W") => Some((TenorUnit::Day, 7)),
        Some("M") => Some((TenorUnit::Month, 1)),
        Some("Y") => Some((TenorUnit::Year, 1)),
        _ => None,
    };
    match (count, unit) {
        (Some(count), Some((unit, factor))) => match count.checked_mul(factor) {
            Some(count) => cx.tenor(field, count, unit, Outcome::EntryLeftOut),
            None => {
                cx.report(
                    field,
                    Problem::OutOfRange(format!("term {value}")),
                    Outcome::EntryLeftOut,
                );
                None
            }
        },
        _ => {
            cx.report(
                field,
                Problem::UnknownValue(value.to_owned()),
                Outcome::EntryLeftOut,
            );
            None
        }
    }
}

/// Opening hours written as `Mon-Fri 09:00-17:00; Sat 09:00-13:00`.
fn hours(cx: &mut Cx<'_>, value: Option<&str>) -> Vec<OpeningHours> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Vec::new();
    };
    match crate::normalise::context::parse_hours(value) {
        Some(hours) => hours,
        None => {
            cx.report(
                "operatingHours",
                Problem::UnknownValue(value.to_owned()),
                Outcome::FieldLeftEmpty,
            );
            Vec::new()
        }
    }
}
