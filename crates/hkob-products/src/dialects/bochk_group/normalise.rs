//! BOCHK group: from the [generated types](crate::generated::bochk_group::types) to the
//! [canonical model](crate::model).
//!
//! One BOCHK answer carries every item once per language, each tagged with its `lang` (`en-US`,
//! `zh-TW`, `zh-CN`). The normaliser merges the copies of one item into one model item: the numbers
//! and codes come from the English copy when there is one (else the first), and the text of the
//! others fills the [`LocalizedText`]s.
//!
//! The merge key is the product code (`productcode`, branch code or currency pair) when the item
//! has one; an item without one is matched by its position among the items of its language
//! without one (the first such English item with the first such Chinese ones, and so on), as the
//! bank lists every language in the same order. A product without a code takes its English name
//! (else its name in any language) as its [`code`](crate::model::SavingsAccount::code).
//!
//! Amounts given in HKD (`minaccopenbalance`) become HKD [`Amount`]s. How often interest is
//! credited is text (`interestdepositfrequency`); English text naming a day, month, quarter, year
//! or maturity becomes a [`Frequency`], other English text is kept as `Unknown` and reported, and
//! Chinese text is not read. Issues are reported for every copy, so a bad value repeated in each
//! language is reported once per language.

use hkob_core::headers::Language;
use hkob_core::{Amount, Currency, Decimal};

use crate::generated::bochk_group::types as bx;
use crate::model::{
    BalanceRate, BankId, Branch, CardNetwork, CreditCard, CurrentAccount, Frequency, FxRate,
    LoanRate, LoanRateKind, LoanSecurity, LocalizedText, Mortgage, PersonalLoan, PersonalLoanKind,
    ProductInfo, RateTier, SafeDepositBox, SavingsAccount, TenorUnit, TimeDeposit,
};
use crate::normalise::context::{Cx, links, parse_hours, run, text};
use crate::normalise::languages::{LanguageCopy, Localized, merge_copies};
use crate::normalise::{Normalised, Outcome, Problem};

/// The language of one item.
fn language(value: &bx::Lang) -> Language {
    match value {
        bx::Lang::ZhTw => Language::TraditionalChinese,
        bx::Lang::ZhCn => Language::SimplifiedChinese,
        _ => Language::English,
    }
}

fn merged<T: Localized>(
    out: Normalised<LanguageCopy<T>>,
    finish: impl Fn(&mut T),
) -> Normalised<T> {
    let mut items = merge_copies(out.items);
    items.iter_mut().for_each(finish);
    Normalised {
        items,
        issues: out.issues,
    }
}

/// A product without a code takes its English name (else any) as its code.
fn code_from_name(code: &mut String, name: &LocalizedText) {
    if code.is_empty() {
        *code = name
            .get_or_any(Language::English)
            .unwrap_or_default()
            .to_owned();
    }
}

/// The product code as given; blank counts as none.
fn product_code(code: Option<&String>) -> Option<String> {
    code.filter(|c| !c.trim().is_empty()).cloned()
}

fn hkd(cx: &mut Cx<'_>, field: &str, value: Option<Decimal>) -> Option<Amount> {
    cx.amount(field, value)
        .map(|v| Amount::new(v, Currency::HKD))
}

/// `interestrates` rows: a bad currency or a negative rate or band leaves the row out.
fn balance_rates(cx: &mut Cx<'_>, rates: Option<Vec<bx::DepositRate>>) -> Vec<BalanceRate> {
    let mut out = Vec::new();
    for (i, r) in rates.unwrap_or_default().into_iter().enumerate() {
        let field = format!("interestrates[{i}]");
        let Ok(currency) = Currency::new(&r.currency) else {
            cx.report(
                format!("{field}.currency"),
                Problem::InvalidCurrency(r.currency.clone()),
                Outcome::EntryLeftOut,
            );
            continue;
        };
        let Some(rate) = cx.entry_rate(&format!("{field}.interestrate"), r.interestrate) else {
            continue;
        };
        let Some((min, max)) =
            cx.entry_bounds(&format!("{field}.minamount"), r.minamount, r.maxamount)
        else {
            continue;
        };
        out.push(BalanceRate {
            currency: Some(currency),
            min_balance: min,
            max_balance: max,
            rate,
        });
    }
    out
}

/// How often interest is credited, from English text; `None` for other languages or no text.
fn frequency(
    cx: &mut Cx<'_>,
    lang: Language,
    field: &str,
    value: Option<&str>,
) -> Option<Frequency> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    if lang != Language::English {
        return None;
    }
    let lower = value.to_ascii_lowercase();
    let known = [
        ("maturity", Frequency::AtMaturity),
        ("half", Frequency::HalfYearly),
        ("quarter", Frequency::Quarterly),
        ("month", Frequency::Monthly),
        ("week", Frequency::Weekly),
        ("dai", Frequency::Daily),
        ("day", Frequency::Daily),
        ("year", Frequency::Yearly),
        ("annual", Frequency::Yearly),
    ];
    match known.into_iter().find(|(word, _)| lower.contains(word)) {
        Some((_, f)) => Some(f),
        None => {
            cx.unknown(field, value);
            Some(Frequency::Unknown(value.to_owned()))
        }
    }
}

/// The single currency of a list, if it has exactly one.
fn single(currencies: &[Currency]) -> Option<Currency> {
    match currencies {
        [one] => Some(*one),
        _ => None,
    }
}

/// Savings account products.
pub fn savings(bank: &BankId, items: Vec<bx::SavingsProduct>) -> Normalised<SavingsAccount> {
    let out = run(bank, items, |cx, p| {
        let key = product_code(p.productcode.as_ref());
        cx.product = key.clone();
        let lang = language(&p.lang);
        let currencies = cx.currency_list("currency", p.currency.unwrap_or_default());
        let rates = balance_rates(cx, p.interestrates);
        let interest_frequency = frequency(
            cx,
            lang,
            "interestdepositfrequency",
            p.interestdepositfrequency.as_deref(),
        );
        let min_balance = cx.amount("minbalancereq", p.minbalancereq);
        let min_initial_deposit = hkd(cx, "minaccopenbalance", p.minaccopenbalance);
        Some(LanguageCopy {
            lang,
            key: key.clone(),
            item: SavingsAccount {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: key.unwrap_or_default(),
                    name: text(lang, Some(p.productname)),
                    description: text(lang, p.summary),
                    fees: Vec::new(),
                    links: links(p.leafleturl, p.applicationappointmenturl, None, None),
                    effective_date: None,
                    last_updated: None,
                },
                currency: single(&currencies),
                rates,
                interest_frequency,
                min_balance,
                min_initial_deposit,
            },
        })
    });
    merged(out, |p: &mut SavingsAccount| {
        code_from_name(&mut p.info.code, &p.info.name)
    })
}

/// Current account products.
pub fn current(bank: &BankId, items: Vec<bx::CurrentProduct>) -> Normalised<CurrentAccount> {
    let out = run(bank, items, |cx, p| {
        let key = product_code(p.productcode.as_ref());
        cx.product = key.clone();
        let lang = language(&p.lang);
        let currencies = cx.currency_list("currency", p.currency.unwrap_or_default());
        let rates = balance_rates(cx, p.interestrates);
        let min_balance = cx.amount("minbalancereq", p.minbalancereq);
        let min_initial_deposit = hkd(cx, "minaccopenbalance", p.minaccopenbalance);
        Some(LanguageCopy {
            lang,
            key: key.clone(),
            item: CurrentAccount {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: key.unwrap_or_default(),
                    name: text(lang, Some(p.productname)),
                    description: text(lang, p.summary),
                    fees: Vec::new(),
                    links: links(p.leafleturl, None, None, None),
                    effective_date: None,
                    last_updated: None,
                },
                currency: single(&currencies),
                rates,
                interest_frequency: None,
                min_balance,
                min_initial_deposit,
                echeque: p.echeque.as_ref().and_then(|v| yes_no(cx, "echeque", v)),
            },
        })
    });
    merged(out, |p: &mut CurrentAccount| {
        code_from_name(&mut p.info.code, &p.info.name)
    })
}

fn yes_no(cx: &mut Cx<'_>, field: &str, value: &bx::YesNo) -> Option<bool> {
    match value {
        bx::YesNo::Y => Some(true),
        bx::YesNo::N => Some(false),
        other => {
            cx.report(
                field,
                Problem::UnknownValue(other.as_str().to_owned()),
                Outcome::FieldLeftEmpty,
            );
            None
        }
    }
}

/// Time deposit products. A rate row with a bad currency, an unknown term unit, a term that is
/// not positive, a negative rate or a bad band is left out; a week counts as seven days.
pub fn time_deposits(bank: &BankId, items: Vec<bx::TimeDepositProduct>) -> Normalised<TimeDeposit> {
    let out = run(bank, items, |cx, p| {
        let key = product_code(p.productcode.as_ref());
        cx.product = key.clone();
        let lang = language(&p.lang);
        let mut currencies = Vec::new();
        let mut tiers = Vec::new();
        for (i, r) in p.ratetable.into_iter().enumerate() {
            let field = format!("ratetable[{i}]");
            let Ok(currency) = Currency::new(&r.currency) else {
                cx.report(
                    format!("{field}.currency"),
                    Problem::InvalidCurrency(r.currency.clone()),
                    Outcome::EntryLeftOut,
                );
                continue;
            };
            let (unit, factor) = match &r.depositperiodunit {
                bx::TenorUnit::D => (TenorUnit::Day, 1),
                bx::TenorUnit::W => (TenorUnit::Day, 7),
                bx::TenorUnit::M => (TenorUnit::Month, 1),
                bx::TenorUnit::Y => (TenorUnit::Year, 1),
                other => {
                    cx.report(
                        format!("{field}.depositperiodunit"),
                        Problem::UnknownValue(other.as_str().to_owned()),
                        Outcome::EntryLeftOut,
                    );
                    continue;
                }
            };
            let Some(term) = cx.tenor(
                &format!("{field}.depositperiod"),
                i64::from(r.depositperiod).saturating_mul(factor),
                unit,
                Outcome::EntryLeftOut,
            ) else {
                continue;
            };
            let Some(rate) = cx.entry_rate(&format!("{field}.interestrate"), r.interestrate) else {
                continue;
            };
            let Some((min, max)) =
                cx.entry_bounds(&format!("{field}.minamount"), r.minamount, r.maxamount)
            else {
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
        let interest_frequency = frequency(
            cx,
            lang,
            "interestdepositfrequency",
            p.interestdepositfrequency.as_deref(),
        );
        let min_deposit = hkd(cx, "minaccopenbalance", p.minaccopenbalance);
        Some(LanguageCopy {
            lang,
            key: key.clone(),
            item: TimeDeposit {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: key.unwrap_or_default(),
                    name: text(lang, Some(p.productname)),
                    description: text(lang, p.summary),
                    fees: Vec::new(),
                    links: links(p.leafleturl, None, None, None),
                    effective_date: None,
                    last_updated: None,
                },
                currencies,
                tiers,
                interest_frequency,
                early_withdrawal: None,
                min_deposit,
            },
        })
    });
    merged(out, |p: &mut TimeDeposit| {
        code_from_name(&mut p.info.code, &p.info.name)
    })
}

/// Which board an FX list comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FxBoard {
    /// Banknote rates against HKD (`/fx/hkdnoterate`): the rates become the note rates.
    HkdBanknote,
    /// Telegraphic transfer rates against HKD (`/fx/hkdrate`): the rates become the TT rates.
    HkdTelegraphicTransfer,
    /// Telegraphic transfer rates against USD (`/fx/usdrate`): the rates become the TT rates.
    UsdTelegraphicTransfer,
}

impl FxBoard {
    /// The currency the board quotes in.
    pub fn quote_currency(self) -> Currency {
        match self {
            FxBoard::UsdTelegraphicTransfer => Currency::USD,
            _ => Currency::HKD,
        }
    }
}

/// Exchange rates of one board. The pair is `exchange_code` (`USD/HKD`); a code that is only a
/// currency (`USD`) is quoted in the board's currency. A code that does not read as currency
/// codes leaves the rate out, and a rate that is not above zero is left empty. Copies are merged
/// by pair.
pub fn fx_rates(bank: &BankId, board: FxBoard, items: Vec<bx::FxRate>) -> Normalised<FxRate> {
    let out = run(bank, items, |cx, r| {
        cx.product = Some(r.exchange_code.clone());
        let lang = language(&r.lang);
        let pair = match r.exchange_code.split_once('/') {
            Some((a, b)) => Currency::new(a.trim())
                .ok()
                .zip(Currency::new(b.trim()).ok()),
            None => Currency::new(r.exchange_code.trim())
                .ok()
                .map(|c| (c, board.quote_currency())),
        };
        let Some((currency, quote_currency)) = pair else {
            cx.report(
                "exchange_code",
                Problem::InvalidCurrency(r.exchange_code.clone()),
                Outcome::ItemLeftOut,
            );
            return None;
        };
        let unit = cx.fx_unit("unit", r.unit);
        let buy = cx.fx("bank_buy", Some(r.bank_buy));
        let sell = cx.fx("bank_sell", Some(r.bank_sell));
        let (tt, note) = match board {
            FxBoard::HkdBanknote => ((None, None), (buy, sell)),
            _ => ((buy, sell), (None, None)),
        };
        Some(LanguageCopy {
            lang,
            key: Some(format!("{currency}/{quote_currency}")),
            item: FxRate {
                bank: bank.clone(),
                currency,
                quote_currency,
                currency_name: text(lang, r.currency_name),
                unit,
                tt_buy: tt.0,
                tt_sell: tt.1,
                note_buy: note.0,
                note_sell: note.1,
                updated_at: r.last_update_time,
            },
        })
    });
    merged(out, |_| {})
}

/// Branches, merged by branch code (else by position). Opening hours come from
/// `opening_hours_mon_to_fri`, `opening_hours_sat` and `opening_hours_sun_and_ph`, each
/// `09:00-17:00` (or `24 hours`, `00:00` to `24:00`), the last also for public holidays;
/// `Closed` (or blank) means closed, other text is reported and that day group left empty. Only
/// the English copy's hours are read.
pub fn branches(bank: &BankId, items: Vec<bx::Branch>) -> Normalised<Branch> {
    let out = run(bank, items, |cx, b| {
        let key = product_code(b.branch_code.as_ref());
        cx.product = key.clone();
        let lang = language(&b.lang);
        let mut opening_hours = Vec::new();
        if lang == Language::English {
            for (field, days, value) in [
                (
                    "opening_hours_mon_to_fri",
                    "Mon-Fri",
                    &b.opening_hours_mon_to_fri,
                ),
                ("opening_hours_sat", "Sat", &b.opening_hours_sat),
                (
                    "opening_hours_sun_and_ph",
                    "Sun",
                    &b.opening_hours_sun_and_ph,
                ),
            ] {
                let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
                    continue;
                };
                if value.eq_ignore_ascii_case("closed") {
                    continue;
                }
                let compact: String = value.split_whitespace().collect();
                let times = if compact.eq_ignore_ascii_case("24hours") {
                    "00:00-24:00"
                } else {
                    value
                };
                let hours = parse_hours(&format!("{days} {times}"));
                match hours {
                    Some(mut h) => {
                        if days == "Sun" {
                            let ph: Vec<_> = h
                                .iter()
                                .map(|o| crate::model::OpeningHours {
                                    day: crate::model::Weekday::PublicHoliday,
                                    opens: o.opens.clone(),
                                    closes: o.closes.clone(),
                                })
                                .collect();
                            h.extend(ph);
                        }
                        opening_hours.extend(h);
                    }
                    None => cx.report(
                        field,
                        Problem::UnknownValue(value.to_owned()),
                        Outcome::FieldLeftEmpty,
                    ),
                }
            }
        }
        let location = cx.location("latitude", b.latitude, b.longitude);
        let mut flag =
            |field: &str, v: &Option<bx::YesNo>| v.as_ref().and_then(|v| yes_no(cx, field, v));
        let safe_deposit_boxes = flag("safe_deposit_box", &b.safe_deposit_box);
        Some(LanguageCopy {
            lang,
            key: key.clone(),
            item: Branch {
                bank: bank.clone(),
                code: key,
                name: text(lang, Some(b.branch_name)),
                address: text(lang, b.address),
                district: b
                    .area
                    .filter(|a| !a.trim().is_empty() && lang == Language::English),
                location,
                phone: b.telephone.filter(|t| !t.trim().is_empty()),
                opening_hours,
                atm: None,
                cash_deposit_machine: None,
                safe_deposit_boxes,
                last_updated: None,
            },
        })
    });
    merged(out, |_| {})
}

/// The card network named at the start of `cardtype` (`Visa Platinum`); `None` when it names
/// none this version knows.
fn network(cardtype: &str) -> Option<CardNetwork> {
    let lower = cardtype.trim().to_ascii_lowercase();
    [
        ("visa", CardNetwork::Visa),
        ("mastercard", CardNetwork::Mastercard),
        ("unionpay", CardNetwork::UnionPay),
        ("american express", CardNetwork::Amex),
        ("amex", CardNetwork::Amex),
        ("jcb", CardNetwork::Jcb),
    ]
    .into_iter()
    .find(|(word, _)| lower.starts_with(word))
    .map(|(_, n)| n)
}

/// Credit card products, merged by `cardid` (else by position). The annual fee is in HKD; the
/// network is read from the English `cardtype`, which is also kept as the level.
pub fn credit_cards(bank: &BankId, items: Vec<bx::CreditCardProduct>) -> Normalised<CreditCard> {
    let out = run(bank, items, |cx, p| {
        let key = product_code(p.cardid.as_ref());
        cx.product = key.clone();
        let lang = language(&p.lang);
        let cardtype = p
            .cardtype
            .filter(|t| !t.trim().is_empty() && lang == Language::English);
        let network = cardtype.as_deref().and_then(network);
        let annual_fee = cx.money("annualfeehkd", p.annualfeehkd, Some(Currency::HKD));
        Some(LanguageCopy {
            lang,
            key: key.clone(),
            item: CreditCard {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: key.unwrap_or_default(),
                    name: text(lang, Some(p.cardname)),
                    description: text(lang, p.remark),
                    fees: Vec::new(),
                    links: links(p.leafleturl, None, None, None),
                    effective_date: None,
                    last_updated: None,
                },
                network,
                level: cardtype,
                currency: annual_fee.map(|_| Currency::HKD),
                annual_fee,
                annual_fee_waiver: LocalizedText::default(),
                purchase_apr: cx.rate_opt("retailspendingapr", p.retailspendingapr),
                cash_advance_apr: cx.rate_opt("cashadvanceapr", p.cashadvanceapr),
                min_credit_limit: None,
                max_credit_limit: None,
                min_annual_income: hkd(cx, "minannualsalaryreq", p.minannualsalaryreq),
            },
        })
    });
    merged(out, |p: &mut CreditCard| {
        code_from_name(&mut p.info.code, &p.info.name)
    })
}

/// Safe deposit boxes: one item per branch and box size, merged by position (the bank gives no
/// branch code). Dimensions are `height x width x depth` in the bank's unit; fees are in HKD.
pub fn safe_deposit_boxes(
    bank: &BankId,
    items: Vec<bx::SafeDepositBox>,
) -> Normalised<SafeDepositBox> {
    let out = run(bank, items, |cx, b| {
        cx.product = Some(b.boxsize.clone());
        let lang = language(&b.lang);
        let dims = [b.height, b.width, b.depth];
        for (field, v) in ["height", "width", "depth"].into_iter().zip(dims) {
            if let Some(v) = v
                && v <= Decimal::ZERO
            {
                cx.report(
                    field,
                    Problem::OutOfRange(format!("size {v}")),
                    Outcome::FieldLeftEmpty,
                );
            }
        }
        let dimensions = match dims {
            [Some(h), Some(w), Some(d)]
                if h > Decimal::ZERO && w > Decimal::ZERO && d > Decimal::ZERO =>
            {
                Some(format!("{h} x {w} x {d}"))
            }
            _ => None,
        };
        let available = b
            .availability
            .as_ref()
            .and_then(|v| yes_no(cx, "availability", v));
        Some(LanguageCopy {
            lang,
            key: None,
            item: SafeDepositBox {
                bank: bank.clone(),
                branch_code: None,
                branch_name: text(lang, Some(b.branchname)),
                address: LocalizedText::default(),
                size: b.boxsize,
                dimensions,
                annual_rental: hkd(cx, "annualfeehkd", b.annualfeehkd),
                key_deposit: hkd(cx, "keydeposithkd", b.keydeposithkd),
                available,
                links: links(None, None, None, None),
                last_updated: None,
            },
        })
    });
    merged(out, |_| {})
}

/// Mortgage products, merged by `productcode` (else by position). `HIBOR` and `PRIME` rates
/// become rates whose `rate` is the margin (which may be negative) and whose `cap` is `caprate`;
/// a `FIXED` rate keeps `fixedperiod` (years) as its tenor. A rate row lacking the number its
/// type needs, or of an unknown type, is left out.
pub fn mortgages(bank: &BankId, items: Vec<bx::MortgageProduct>) -> Normalised<Mortgage> {
    let out = run(bank, items, |cx, p| {
        let key = product_code(p.productcode.as_ref());
        cx.product = key.clone();
        let lang = language(&p.lang);
        let mut rates = Vec::new();
        for (i, r) in p.ratetable.unwrap_or_default().into_iter().enumerate() {
            let field = format!("ratetable[{i}]");
            let (kind, value, value_field) = match &r.ratetype {
                bx::MortgageRateType::Hibor => (LoanRateKind::Hibor, r.margin, "margin"),
                bx::MortgageRateType::Prime => (LoanRateKind::Prime, r.margin, "margin"),
                bx::MortgageRateType::Fixed => (LoanRateKind::Fixed, r.fixedrate, "fixedrate"),
                other => {
                    cx.report(
                        format!("{field}.ratetype"),
                        Problem::UnknownValue(other.as_str().to_owned()),
                        Outcome::EntryLeftOut,
                    );
                    continue;
                }
            };
            let Some(value) = value else {
                cx.report(
                    format!("{field}.{value_field}"),
                    Problem::Missing,
                    Outcome::EntryLeftOut,
                );
                continue;
            };
            let rate = if kind == LoanRateKind::Fixed {
                let Some(rate) = cx.entry_rate(&format!("{field}.fixedrate"), value) else {
                    continue;
                };
                rate
            } else {
                value
            };
            let tenor = match (kind == LoanRateKind::Fixed, r.fixedperiod) {
                (true, Some(years)) => cx.tenor(
                    &format!("{field}.fixedperiod"),
                    i64::from(years),
                    TenorUnit::Year,
                    Outcome::FieldLeftEmpty,
                ),
                _ => None,
            };
            rates.push(LoanRate {
                kind,
                rate,
                cap: cx.rate_opt(&format!("{field}.caprate"), r.caprate),
                apr: None,
                min_amount: cx.amount(&format!("{field}.minloanamount"), r.minloanamount),
                max_amount: None,
                tenor,
            });
        }
        let max_tenor = match p.maxrepaymentperiod {
            Some(years) => cx.tenor(
                "maxrepaymentperiod",
                i64::from(years),
                TenorUnit::Year,
                Outcome::FieldLeftEmpty,
            ),
            None => None,
        };
        Some(LanguageCopy {
            lang,
            key: key.clone(),
            item: Mortgage {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: key.unwrap_or_default(),
                    name: text(lang, Some(p.productname)),
                    description: text(lang, p.summary),
                    fees: Vec::new(),
                    links: links(p.leafleturl, None, None, None),
                    effective_date: None,
                    last_updated: None,
                },
                purpose: None,
                currency: Some(Currency::HKD),
                min_amount: rates.iter().filter_map(|r| r.min_amount).min(),
                rates,
                max_amount: None,
                max_tenor,
                repayment_frequency: None,
                max_ltv_ratio: cx.percentage("maxloantovalueratio", p.maxloantovalueratio),
            },
        })
    });
    merged(out, |p: &mut Mortgage| {
        code_from_name(&mut p.info.code, &p.info.name)
    })
}

/// Unsecured loans (personal instalment loans from `/loan/product/ploan`, tax loans from
/// `/loan/product/tax`): the bank gives rate rows, each row one loan amount and repayment period
/// (months), and the rows sharing a `productname` become one product, whose code is the English
/// name. Chinese rows are matched to English ones by their position within their language. The
/// monthly flat rate becomes a [`LoanRateKind::Flat`] rate per annum (twelve times); the row's
/// APR is kept beside it. A row with a negative rate is left out.
pub fn personal_loans(
    bank: &BankId,
    kind: PersonalLoanKind,
    items: Vec<bx::LoanProduct>,
) -> Normalised<PersonalLoan> {
    // Each row is first its own one-rate product, merged across languages by position; then
    // the rows are grouped by English name.
    let out = run(bank, items, |cx, r| {
        cx.product = Some(r.productname.clone());
        let lang = language(&r.lang);
        let row = product_code(r.ratetableid.as_ref());
        let apr = cx.entry_rate("annualisedpercentagerate", r.annualisedpercentagerate)?;
        let flat = match r.monthlyflatrate {
            Some(m) => {
                let monthly = cx.entry_rate("monthlyflatrate", m)?;
                Some(cx.yearly_flat_rate("monthlyflatrate", monthly, Outcome::EntryLeftOut)?)
            }
            None => None,
        };
        let tenor = match r.repaymentperiod {
            Some(m) => Some(cx.tenor(
                "repaymentperiod",
                i64::from(m),
                TenorUnit::Month,
                Outcome::EntryLeftOut,
            )?),
            None => None,
        };
        let amount = cx.amount("loanamount", r.loanamount);
        let rate = LoanRate {
            kind: if flat.is_some() {
                LoanRateKind::Flat
            } else {
                LoanRateKind::Fixed
            },
            rate: flat.unwrap_or(apr),
            cap: None,
            apr: Some(apr),
            min_amount: None,
            max_amount: amount,
            tenor,
        };
        Some(LanguageCopy {
            lang,
            key: row,
            item: PersonalLoan {
                info: ProductInfo {
                    bank: bank.clone(),
                    code: String::new(),
                    name: text(lang, Some(r.productname)),
                    description: text(lang, r.summary),
                    fees: Vec::new(),
                    links: links(None, r.applicationformdownloadurl, None, None),
                    effective_date: None,
                    last_updated: None,
                },
                security: LoanSecurity::Unsecured,
                kind: Some(kind.clone()),
                currency: Some(Currency::HKD),
                rates: vec![rate],
                min_amount: None,
                max_amount: None,
                max_tenor: None,
                repayment_frequency: None,
                max_ltv_ratio: None,
            },
        })
    });
    let rows = merge_copies(out.items);
    let mut products: Vec<PersonalLoan> = Vec::new();
    for mut row in rows {
        code_from_name(&mut row.info.code, &row.info.name);
        match products.iter_mut().find(|p| p.info.code == row.info.code) {
            Some(p) => {
                p.rates.append(&mut row.rates);
                p.info.name.merge(&row.info.name);
                p.info.description.merge(&row.info.description);
            }
            None => products.push(row),
        }
    }
    for p in &mut products {
        p.max_amount = p.rates.iter().filter_map(|r| r.max_amount).max();
        p.max_tenor = p
            .rates
            .iter()
            .filter_map(|r| r.tenor)
            .max_by_key(|t| t.approx_days());
    }
    Normalised {
        items: products,
        issues: out.issues,
    }
}
