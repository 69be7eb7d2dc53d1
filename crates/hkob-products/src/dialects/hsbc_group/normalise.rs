//! HSBC group (HSBC HK, Hang Seng): from the [generated types](crate::generated::hsbc_group::types)
//! to the [canonical model](crate::model).
//!
//! The dialect answers in one language per call (`Accept-Language`), like JETCO APIX, so each
//! function takes the [`Language`] the items were fetched in. Products carry their rates in
//! `CreditInterest.TierBand` (deposits) or `LoanInterest.LoanInterestTierBand` (loans), their
//! links in `CoreProduct`, their thresholds in `Eligibility.AmountEligibility` and their fees in
//! `FeesCharges`. A product without an `Identification` cannot be told apart from the others and
//! is left out with a [`Problem::Missing`] issue.
//!
//! Instalment loans state a monthly flat rate (`InterestRate`); it becomes a
//! [`LoanRateKind::Flat`] rate per annum (twelve times the monthly rate). A variable rate becomes a
//! [`LoanRateKind::Hibor`] or [`LoanRateKind::Prime`] rate whose `rate` is the margin.

use hkob_core::headers::Language;
use hkob_core::{Amount, Currency, Decimal};

use crate::generated::hsbc_group::types as hx;
use crate::model::{
    Atm, BalanceRate, BankId, Branch, CardNetwork, Collateral, CreditCard, CurrentAccount, Fee,
    ForeignCurrencyAccount, Frequency, FxRate, LoanRate, LoanRateKind, LoanSecurity, LocalizedText,
    Mortgage, OpeningHours, PersonalLoan, PersonalLoanKind, ProductInfo, ProductLinks, RateTier,
    SavingsAccount, Tenor, TenorUnit, TimeDeposit, Weekday,
};
use crate::normalise::context::{Cx, hkd_quote, links, run, text};
use crate::normalise::{Normalised, Outcome, Problem};

/// The `Accept-Language` code the dialect expects for `language`.
pub fn accept_language(language: Language) -> hx::AcceptLanguage {
    match language {
        Language::TraditionalChinese => hx::AcceptLanguage::ZhHk,
        Language::SimplifiedChinese => hx::AcceptLanguage::ZhCn,
        _ => hx::AcceptLanguage::EnHk,
    }
}

/// Savings (and all-in-one) account products.
pub fn savings(
    bank: &BankId,
    language: Language,
    items: Vec<hx::SavingsAccount>,
) -> Normalised<SavingsAccount> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, p.identification, &p.name)?;
        let currency = cx.currency_opt("CurrencyCode", p.currency_code.as_deref());
        let (rates, interest_frequency) = balance_rates(cx, currency, p.credit_interest);
        let (description, links) = core(language, p.core_product);
        let eligibility = p.eligibility.as_ref();
        Some(SavingsAccount {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.name)),
                description,
                fees: fees(cx, language, p.fees_charges),
                links,
                effective_date: None,
                last_updated: None,
            },
            currency,
            rates,
            interest_frequency,
            min_balance: threshold(cx, eligibility, hx::AmountType::MinimumBalance)
                .map(|a| a.value),
            min_initial_deposit: threshold(cx, eligibility, hx::AmountType::InitialDeposit),
        })
    })
}

/// Current account products.
pub fn current(
    bank: &BankId,
    language: Language,
    items: Vec<hx::CurrentAccount>,
) -> Normalised<CurrentAccount> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, p.identification, &p.name)?;
        let currency = cx.currency_opt("CurrencyCode", p.currency_code.as_deref());
        let (rates, interest_frequency) = balance_rates(cx, currency, p.credit_interest);
        let (description, links) = core(language, p.core_product);
        let eligibility = p.eligibility.as_ref();
        Some(CurrentAccount {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.name)),
                description,
                fees: fees(cx, language, p.fees_charges),
                links,
                effective_date: None,
                last_updated: None,
            },
            currency,
            rates,
            interest_frequency,
            min_balance: threshold(cx, eligibility, hx::AmountType::MinimumBalance)
                .map(|a| a.value),
            min_initial_deposit: threshold(cx, eligibility, hx::AmountType::InitialDeposit),
            echeque: p.e_cheque_indicator,
        })
    })
}

/// Foreign currency account products.
pub fn foreign_currency(
    bank: &BankId,
    language: Language,
    items: Vec<hx::ForeignCurrencyAccount>,
) -> Normalised<ForeignCurrencyAccount> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, p.identification, &p.name)?;
        let currencies = cx.currency_list(
            "AvailableCurrencyCode",
            p.available_currency_code.unwrap_or_default(),
        );
        let (rates, interest_frequency) = balance_rates(cx, None, p.credit_interest);
        let (description, links) = core(language, p.core_product);
        Some(ForeignCurrencyAccount {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.name)),
                description,
                fees: fees(cx, language, p.fees_charges),
                links,
                effective_date: None,
                last_updated: None,
            },
            currencies,
            rates,
            interest_frequency,
            min_balance: threshold(cx, p.eligibility.as_ref(), hx::AmountType::MinimumBalance),
        })
    })
}

/// Time deposit products. A tier band without a currency (its own or the product's) or without a
/// term is left out.
pub fn time_deposits(
    bank: &BankId,
    language: Language,
    items: Vec<hx::TimeDeposit>,
) -> Normalised<TimeDeposit> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, p.identification, &p.name)?;
        let product_currency = cx.currency_opt("CurrencyCode", p.currency_code.as_deref());
        let mut tiers = Vec::with_capacity(p.credit_interest.tier_band.len());
        let mut currencies: Vec<Currency> = product_currency.into_iter().collect();
        let mut interest_frequency = None;
        for (i, band) in p.credit_interest.tier_band.into_iter().enumerate() {
            let field = format!("CreditInterest.TierBand[{i}]");
            if interest_frequency.is_none() {
                interest_frequency = frequency(cx, &field, band.application_frequency.as_ref());
            }
            let currency = match band.currency_code.as_deref() {
                Some(code) => cx.currency(&format!("{field}.CurrencyCode"), code),
                None => product_currency,
            };
            let Some(currency) = currency else {
                cx.report(
                    format!("{field}.CurrencyCode"),
                    Problem::Missing,
                    Outcome::EntryLeftOut,
                );
                continue;
            };
            let Some(term) = term(cx, &field, band.term_value, band.term_unit.as_ref()) else {
                continue;
            };
            let Some(rate) = cx.entry_rate(&format!("{field}.InterestRate"), band.interest_rate)
            else {
                continue;
            };
            let Some((min_balance, max_balance)) = cx.entry_bounds(
                &format!("{field}.TierValueMinimum"),
                band.tier_value_minimum,
                band.tier_value_maximum,
            ) else {
                continue;
            };
            if !currencies.contains(&currency) {
                currencies.push(currency);
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
            .amount("MinimumDepositAmount", p.minimum_deposit_amount)
            .and_then(|v| product_currency.map(|c| Amount::new(v, c)))
            .or_else(|| threshold(cx, p.eligibility.as_ref(), hx::AmountType::InitialDeposit));
        let (description, links) = core(language, p.core_product);
        Some(TimeDeposit {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.name)),
                description,
                fees: fees(cx, language, p.fees_charges),
                links,
                effective_date: None,
                last_updated: None,
            },
            currencies,
            tiers,
            interest_frequency,
            early_withdrawal: None,
            min_deposit,
        })
    })
}

/// Credit card products. The annual fee is the `AnnualFee` entry of `FeesCharges`.
pub fn credit_cards(
    bank: &BankId,
    language: Language,
    items: Vec<hx::CreditCard>,
) -> Normalised<CreditCard> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, p.identification, &p.name)?;
        let network = p.card_scheme.map(|scheme| match scheme {
            hx::CardScheme::Visa => CardNetwork::Visa,
            hx::CardScheme::Mastercard => CardNetwork::Mastercard,
            hx::CardScheme::UnionPay => CardNetwork::UnionPay,
            hx::CardScheme::AmericanExpress => CardNetwork::Amex,
            hx::CardScheme::Jcb => CardNetwork::Jcb,
            other => {
                cx.unknown("CardScheme", other.as_str());
                CardNetwork::Unknown(other.as_str().to_owned())
            }
        });
        let annual_fee = p.fees_charges.as_ref().and_then(|f| {
            f.fee_charge_detail
                .iter()
                .find(|d| d.fee_type == hx::FeeType::AnnualFee)
                .and_then(|d| d.fee_amount)
        });
        let (description, links) = core(language, p.core_product);
        let currency = cx.currency_opt("CurrencyCode", p.currency_code.as_deref());
        Some(CreditCard {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.name)),
                description,
                fees: fees(cx, language, p.fees_charges),
                links,
                effective_date: None,
                last_updated: None,
            },
            network,
            level: None,
            currency,
            annual_fee: cx.money("FeesCharges.AnnualFee", annual_fee, currency),
            annual_fee_waiver: LocalizedText::default(),
            purchase_apr: cx.rate_opt("APR", p.apr),
            cash_advance_apr: cx.rate_opt("CashAdvanceAPR", p.cash_advance_apr),
            min_credit_limit: cx.amount("MinCreditLimit", p.min_credit_limit),
            max_credit_limit: None,
            min_annual_income: threshold(cx, p.eligibility.as_ref(), hx::AmountType::AnnualIncome),
        })
    })
}

/// Mortgage products.
pub fn mortgages(
    bank: &BankId,
    language: Language,
    items: Vec<hx::Mortgage>,
) -> Normalised<Mortgage> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, p.identification, &p.name)?;
        let loan = loan_terms(cx, false, p.loan_interest, p.loan_cap);
        let (description, links) = core(language, p.core_product);
        Some(Mortgage {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.name)),
                description,
                fees: fees(cx, language, p.fees_charges),
                links,
                effective_date: None,
                last_updated: None,
            },
            purpose: None,
            currency: cx.currency_opt("CurrencyCode", p.currency_code.as_deref()),
            rates: loan.rates,
            min_amount: None,
            max_amount: loan.max_amount,
            max_tenor: loan.max_tenor,
            repayment_frequency: None,
            max_ltv_ratio: loan.max_ltv_ratio,
        })
    })
}

/// Secured loan products, as [`PersonalLoan`]s with [`LoanSecurity::Secured`].
pub fn secured_loans(
    bank: &BankId,
    language: Language,
    items: Vec<hx::SecuredLoan>,
) -> Normalised<PersonalLoan> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, p.identification, &p.name)?;
        let collateral = p
            .collateral_type
            .map(|c| match c {
                hx::CollateralType::Deposit => Collateral::Deposit,
                hx::CollateralType::Securities => Collateral::Securities,
                hx::CollateralType::Property => Collateral::Property,
                hx::CollateralType::Insurance => Collateral::Insurance,
                hx::CollateralType::Vehicle => Collateral::Vehicle,
                other => {
                    cx.unknown("CollateralType", other.as_str());
                    Collateral::Unknown(other.as_str().to_owned())
                }
            })
            .into_iter()
            .collect();
        let loan = loan_terms(cx, false, p.loan_interest, p.loan_cap);
        let (description, links) = core(language, p.core_product);
        Some(PersonalLoan {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.name)),
                description,
                fees: fees(cx, language, p.fees_charges),
                links,
                effective_date: None,
                last_updated: None,
            },
            security: LoanSecurity::Secured(collateral),
            kind: None,
            currency: cx.currency_opt("CurrencyCode", p.currency_code.as_deref()),
            rates: loan.rates,
            min_amount: None,
            max_amount: loan.max_amount,
            max_tenor: loan.max_tenor,
            repayment_frequency: None,
            max_ltv_ratio: loan.max_ltv_ratio,
        })
    })
}

/// Unsecured loan products, as [`PersonalLoan`]s with [`LoanSecurity::Unsecured`].
pub fn unsecured_loans(
    bank: &BankId,
    language: Language,
    items: Vec<hx::UnsecuredLoan>,
) -> Normalised<PersonalLoan> {
    run(bank, items, |cx, p| {
        let code = product_code(cx, p.identification, &p.name)?;
        let kind = p.loan_type.map(|t| match t {
            hx::UnsecuredLoanType::Instalment => PersonalLoanKind::Instalment,
            hx::UnsecuredLoanType::Revolving => PersonalLoanKind::Revolving,
            hx::UnsecuredLoanType::Tax => PersonalLoanKind::Tax,
            hx::UnsecuredLoanType::BalanceTransfer => PersonalLoanKind::BalanceTransfer,
            other => {
                cx.unknown("LoanType", other.as_str());
                PersonalLoanKind::Unknown(other.as_str().to_owned())
            }
        });
        let monthly_flat = matches!(
            kind,
            Some(PersonalLoanKind::Instalment | PersonalLoanKind::Tax)
        );
        let loan = loan_terms(cx, monthly_flat, p.loan_interest, p.loan_cap);
        let (description, links) = core(language, p.core_product);
        Some(PersonalLoan {
            info: ProductInfo {
                bank: bank.clone(),
                code,
                name: text(language, Some(p.name)),
                description,
                fees: fees(cx, language, p.fees_charges),
                links,
                effective_date: None,
                last_updated: None,
            },
            security: LoanSecurity::Unsecured,
            kind,
            currency: cx.currency_opt("CurrencyCode", p.currency_code.as_deref()),
            rates: loan.rates,
            min_amount: None,
            max_amount: loan.max_amount,
            max_tenor: loan.max_tenor,
            repayment_frequency: None,
            max_ltv_ratio: None,
        })
    })
}

/// Exchange rates: the telegraphic transfer and banknote lists of every brand, one [`FxRate`]
/// per currency. A rate against a base other than HKD, or with a currency code that is not one,
/// is left out.
pub fn fx_rates(
    bank: &BankId,
    language: Language,
    response: hx::ExchangeRateListResponse,
) -> Normalised<FxRate> {
    let mut out: Normalised<FxRate> = Normalised::default();
    let types = response
        .data
        .into_iter()
        .flat_map(|d| d.brand)
        .flat_map(|b| b.exchange_rate_type);
    for rate_type in types {
        let is_note = match &rate_type.exchange_rate_type_name {
            hx::ExchangeRateTypeName::TelegraphicTransfer => false,
            hx::ExchangeRateTypeName::Banknote => true,
            other => {
                let mut cx = Cx {
                    bank,
                    product: None,
                    issues: &mut out.issues,
                };
                cx.report(
                    "ExchangeRateTypeName",
                    Problem::UnknownValue(other.as_str().to_owned()),
                    Outcome::EntryLeftOut,
                );
                continue;
            }
        };
        for rate in rate_type.exchange_rate {
            for band in rate.exchange_rate_tier_band {
                let mut cx = Cx {
                    bank,
                    product: Some(band.currency_code.clone()),
                    issues: &mut out.issues,
                };
                if rate.base_currency_code != "HKD" {
                    cx.report(
                        "BaseCurrencyCode",
                        Problem::UnknownValue(rate.base_currency_code.clone()),
                        Outcome::EntryLeftOut,
                    );
                    continue;
                }
                let Ok(currency) = Currency::new(&band.currency_code) else {
                    cx.report(
                        "CurrencyCode",
                        Problem::InvalidCurrency(band.currency_code.clone()),
                        Outcome::EntryLeftOut,
                    );
                    continue;
                };
                let unit = cx.fx_unit("QuotationUnit", band.quotation_unit);
                let buy = cx.fx("BankBuyRate", Some(band.bank_buy_rate));
                let sell = cx.fx("BankSellRate", Some(band.bank_sell_rate));
                let item = hkd_quote(&mut out.items, bank, currency);
                item.currency_name
                    .merge(&text(language, band.currency_name));
                item.unit = item.unit.or(unit);
                if is_note {
                    item.note_buy = buy;
                    item.note_sell = sell;
                } else {
                    item.tt_buy = buy;
                    item.tt_sell = sell;
                }
                item.updated_at = match (item.updated_at, band.last_update_date_time) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
            }
        }
    }
    out
}

/// Branches.
pub fn branches(bank: &BankId, language: Language, items: Vec<hx::Branch>) -> Normalised<Branch> {
    run(bank, items, |cx, b| {
        cx.product.clone_from(&b.identification);
        let services = b.services.as_ref();
        Some(Branch {
            bank: bank.clone(),
            code: b.identification,
            name: text(language, Some(b.name)),
            address: address_text(language, &b.address),
            district: b.address.district_name.clone(),
            location: cx.location(
                "Address.LatitudeDescription",
                b.address.latitude_description,
                b.address.longitude_description,
            ),
            phone: b.contact_information.and_then(|c| c.phone_number),
            opening_hours: opening_hours(cx, b.opening_hours),
            atm: None,
            cash_deposit_machine: None,
            safe_deposit_boxes: services.and_then(|s| s.safe_deposit_box_indicator),
            last_updated: None,
        })
    })
}

/// ATMs. [`Atm::network`] stays empty: the dialect's brand is the bank's own name, not an ATM
/// network.
pub fn atms(bank: &BankId, language: Language, items: Vec<hx::Atm>) -> Normalised<Atm> {
    run(bank, items, |cx, a| {
        cx.product.clone_from(&a.identification);
        let services = a.services.as_ref();
        Some(Atm {
            bank: bank.clone(),
            code: a.identification,
            name: text(language, a.name),
            address: address_text(language, &a.address),
            district: a.address.district_name.clone(),
            location: cx.location(
                "Address.LatitudeDescription",
                a.address.latitude_description,
                a.address.longitude_description,
            ),
            opening_hours: opening_hours(cx, a.opening_hours),
            cash_deposit: services.and_then(|s| s.cash_deposit_indicator),
            cheque_deposit: services.and_then(|s| s.cheque_deposit_indicator),
            renminbi_notes: services.and_then(|s| s.rmb_withdrawal_indicator),
            foreign_currency_notes: Vec::new(),
            network: None,
            last_updated: None,
        })
    })
}

/// The product's `Identification`; a product without one is reported and left out.
fn product_code(cx: &mut Cx<'_>, identification: Option<String>, name: &str) -> Option<String> {
    match identification.filter(|c| !c.trim().is_empty()) {
        Some(code) => {
            cx.product = Some(code.clone());
            Some(code)
        }
        None => {
            cx.product = Some(name.to_owned());
            cx.report("Identification", Problem::Missing, Outcome::ItemLeftOut);
            None
        }
    }
}

/// The description and links of `CoreProduct`.
fn core(language: Language, core: Option<hx::CoreProduct>) -> (LocalizedText, ProductLinks) {
    match core {
        None => (LocalizedText::default(), ProductLinks::default()),
        Some(c) => (
            text(language, c.product_description),
            links(
                c.product_url,
                c.application_form_url,
                c.tcs_and_cs_url,
                None,
            ),
        ),
    }
}

/// The `AmountEligibility` entry of one kind, as an amount in its own currency (HKD when it
/// states none, as the spec says).
fn threshold(
    cx: &mut Cx<'_>,
    eligibility: Option<&hx::Eligibility>,
    kind: hx::AmountType,
) -> Option<Amount> {
    let entries = eligibility?.amount_eligibility.as_ref()?;
    let (i, entry) = entries
        .iter()
        .enumerate()
        .find(|(_, e)| e.amount_type == kind)?;
    let field = format!("Eligibility.AmountEligibility[{i}]");
    let value = cx.amount(&format!("{field}.Amount"), Some(entry.amount))?;
    let currency = match entry.currency_code.as_deref() {
        Some(code) => cx.currency(&format!("{field}.CurrencyCode"), code)?,
        None => Currency::HKD,
    };
    Some(Amount::new(value, currency))
}

fn frequency(cx: &mut Cx<'_>, field: &str, value: Option<&hx::Frequency>) -> Option<Frequency> {
    Some(match value? {
        hx::Frequency::Daily => Frequency::Daily,
        hx::Frequency::Weekly => Frequency::Weekly,
        hx::Frequency::Monthly => Frequency::Monthly,
        hx::Frequency::Quarterly => Frequency::Quarterly,
        hx::Frequency::HalfYearly => Frequency::HalfYearly,
        hx::Frequency::Yearly => Frequency::Yearly,
        hx::Frequency::AtMaturity => Frequency::AtMaturity,
        other => {
            cx.unknown(format!("{field}.ApplicationFrequency"), other.as_str());
            Frequency::Unknown(other.as_str().to_owned())
        }
    })
}

/// A tier band's term; weeks become days. A band without a term is left out.
fn term(
    cx: &mut Cx<'_>,
    field: &str,
    value: Option<i32>,
    unit: Option<&hx::TermUnit>,
) -> Option<Tenor> {
    let (Some(value), Some(unit)) = (value, unit) else {
        cx.report(
            format!("{field}.TermValue"),
            Problem::Missing,
            Outcome::EntryLeftOut,
        );
        return None;
    };
    let field = format!("{field}.TermValue");
    let value = i64::from(value);
    match unit {
        hx::TermUnit::Day => cx.tenor(&field, value, TenorUnit::Day, Outcome::EntryLeftOut),
        hx::TermUnit::Week => cx.tenor(
            &field,
            value.saturating_mul(7),
            TenorUnit::Day,
            Outcome::EntryLeftOut,
        ),
        hx::TermUnit::Month => cx.tenor(&field, value, TenorUnit::Month, Outcome::EntryLeftOut),
        hx::TermUnit::Year => cx.tenor(&field, value, TenorUnit::Year, Outcome::EntryLeftOut),
        other => {
            cx.report(
                field.replace("TermValue", "TermUnit"),
                Problem::UnknownValue(other.as_str().to_owned()),
                Outcome::EntryLeftOut,
            );
            None
        }
    }
}

/// The balance rates of a deposit account, and how often its interest is paid.
fn balance_rates(
    cx: &mut Cx<'_>,
    product_currency: Option<Currency>,
    interest: Option<hx::CreditInterest>,
) -> (Vec<BalanceRate>, Option<Frequency>) {
    let bands = interest.map(|i| i.tier_band).unwrap_or_default();
    let mut rates = Vec::with_capacity(bands.len());
    let mut interest_frequency = None;
    for (i, band) in bands.into_iter().enumerate() {
        let field = format!("CreditInterest.TierBand[{i}]");
        if interest_frequency.is_none() {
            interest_frequency = frequency(cx, &field, band.application_frequency.as_ref());
        }
        let currency = match band.currency_code.as_deref() {
            Some(code) => {
                let Some(c) = cx.currency(&format!("{field}.CurrencyCode"), code) else {
                    continue;
                };
                Some(c)
            }
            None => product_currency,
        };
        let Some(rate) = cx.entry_rate(&format!("{field}.InterestRate"), band.interest_rate) else {
            continue;
        };
        let Some((min_balance, max_balance)) = cx.entry_bounds(
            &format!("{field}.TierValueMinimum"),
            band.tier_value_minimum,
            band.tier_value_maximum,
        ) else {
            continue;
        };
        rates.push(BalanceRate {
            currency,
            min_balance,
            max_balance,
            rate,
        });
    }
    (rates, interest_frequency)
}

/// What a loan's `LoanInterest` and `LoanCap` give.
struct LoanTerms {
    rates: Vec<LoanRate>,
    max_amount: Option<Decimal>,
    max_tenor: Option<Tenor>,
    max_ltv_ratio: Option<Decimal>,
}

fn loan_terms(
    cx: &mut Cx<'_>,
    monthly_flat: bool,
    interest: Option<hx::LoanInterest>,
    caps: Option<Vec<hx::LoanCap>>,
) -> LoanTerms {
    let bands = interest
        .map(|i| i.loan_interest_tier_band)
        .unwrap_or_default();
    let mut rates = Vec::with_capacity(bands.len());
    let mut longest: Option<u32> = None;
    for (i, band) in bands.into_iter().enumerate() {
        let field = format!("LoanInterest.LoanInterestTierBand[{i}]");
        let tenor = band.maximum_term_months.and_then(|m| {
            cx.tenor(
                &format!("{field}.MaximumTermMonths"),
                i64::from(m),
                TenorUnit::Month,
                Outcome::FieldLeftEmpty,
            )
        });
        if let Some(t) = tenor {
            longest = Some(longest.map_or(t.count, |l| l.max(t.count)));
        }
        let (kind, rate) = match &band.fixed_variable_interest_rate_type {
            hx::RateType::Fixed if monthly_flat => (
                LoanRateKind::Flat,
                band.interest_rate.and_then(|r| {
                    cx.yearly_flat_rate(
                        &format!("{field}.InterestRate"),
                        r,
                        Outcome::FieldLeftEmpty,
                    )
                }),
            ),
            hx::RateType::Fixed => (LoanRateKind::Fixed, band.interest_rate),
            hx::RateType::Variable => {
                let kind = match &band.reference_rate {
                    Some(hx::ReferenceRate::Hibor) => LoanRateKind::Hibor,
                    Some(hx::ReferenceRate::Prime) => LoanRateKind::Prime,
                    Some(other) => {
                        cx.unknown(format!("{field}.ReferenceRate"), other.as_str());
                        LoanRateKind::Unknown(other.as_str().to_owned())
                    }
                    None => {
                        cx.report(
                            format!("{field}.ReferenceRate"),
                            Problem::Missing,
                            Outcome::EntryLeftOut,
                        );
                        continue;
                    }
                };
                (kind, band.margin)
            }
            other => {
                cx.report(
                    format!("{field}.FixedVariableInterestRateType"),
                    Problem::UnknownValue(other.as_str().to_owned()),
                    Outcome::EntryLeftOut,
                );
                continue;
            }
        };
        let Some(rate) = rate else {
            let what = if matches!(kind, LoanRateKind::Hibor | LoanRateKind::Prime) {
                "Margin"
            } else {
                "InterestRate"
            };
            cx.report(
                format!("{field}.{what}"),
                Problem::Missing,
                Outcome::EntryLeftOut,
            );
            continue;
        };
        // A margin may be negative (a discount on prime); a fixed or flat rate may not.
        let rate = if matches!(kind, LoanRateKind::Hibor | LoanRateKind::Prime) {
            rate
        } else {
            let Some(rate) = cx.entry_rate(&format!("{field}.InterestRate"), rate) else {
                continue;
            };
            rate
        };
        let Some((min_amount, max_amount)) = cx.entry_bounds(
            &format!("{field}.TierValueMinimum"),
            band.tier_value_minimum,
            band.tier_value_maximum,
        ) else {
            continue;
        };
        rates.push(LoanRate {
            kind,
            rate,
            cap: cx.rate_opt(&format!("{field}.CapRate"), band.cap_rate),
            apr: cx.rate_opt(&format!("{field}.APR"), band.apr),
            min_amount,
            max_amount,
            tenor,
        });
    }
    let mut max_amount: Option<Decimal> = None;
    let mut max_ltv_ratio: Option<Decimal> = None;
    for (i, cap) in caps.unwrap_or_default().into_iter().enumerate() {
        if let Some(v) = cx.amount(&format!("LoanCap[{i}].Amount"), Some(cap.amount)) {
            max_amount = Some(max_amount.map_or(v, |m| m.max(v)));
        }
        if let Some(v) = cx.percentage(
            &format!("LoanCap[{i}].MaximumLoanToValueRatio"),
            cap.maximum_loan_to_value_ratio,
        ) {
            max_ltv_ratio = Some(max_ltv_ratio.map_or(v, |m| m.max(v)));
        }
    }
    LoanTerms {
        rates,
        max_amount,
        max_tenor: longest.map(Tenor::months),
        max_ltv_ratio,
    }
}

/// Fees: each `FeeChargeDetail` with its type as the name (the dialect's English code, such as
/// `AnnualFee`) and its notes as the condition. A fee given as a rate has no amount.
fn fees(cx: &mut Cx<'_>, language: Language, fees: Option<hx::FeesCharges>) -> Vec<Fee> {
    let details = fees.map(|f| f.fee_charge_detail).unwrap_or_default();
    let mut out = Vec::with_capacity(details.len());
    for (i, d) in details.into_iter().enumerate() {
        let field = format!("FeesCharges.FeeChargeDetail[{i}]");
        let value = cx.amount(&format!("{field}.FeeAmount"), d.fee_amount);
        let currency = match d.fee_amount_currency_code.as_deref() {
            Some(code) => cx.currency(&format!("{field}.FeeAmountCurrencyCode"), code),
            None => Some(Currency::HKD),
        };
        let amount = value.zip(currency).map(|(v, c)| Amount::new(v, c));
        let notes = d.notes.unwrap_or_default().join(" ");
        out.push(Fee {
            name: LocalizedText::single(Language::English, d.fee_type.as_str()),
            amount,
            condition: text(language, Some(notes)),
        });
    }
    out
}

fn address_text(language: Language, address: &hx::PostalAddress) -> LocalizedText {
    let lines = address.address_line.clone().unwrap_or_default();
    text(language, Some(lines.join(", ")))
}

/// Opening hours; `OpenDayDescription` is a day name (`Monday`) or `PublicHoliday`, or a whole
/// schedule as text when the times are absent.
fn opening_hours(cx: &mut Cx<'_>, hours: Option<Vec<hx::OpeningHours>>) -> Vec<OpeningHours> {
    let hours = hours.unwrap_or_default();
    let mut out = Vec::with_capacity(hours.len());
    for (i, h) in hours.into_iter().enumerate() {
        // Some banks put a whole schedule (`Mon-Fri 09:00-17:00, Sat 09:00-13:00`) in the day
        // description and no times: it is read as such.
        if h.open_time.is_none()
            && h.close_time.is_none()
            && let Some(schedule) = crate::normalise::context::parse_hours(&h.open_day_description)
            && !schedule.is_empty()
        {
            out.extend(schedule);
            continue;
        }
        let day = weekday(&h.open_day_description);
        if !day.is_known() {
            cx.unknown(
                format!("OpeningHours[{i}].OpenDayDescription"),
                &h.open_day_description,
            );
        }
        let (Some(opens), Some(closes)) = (h.open_time, h.close_time) else {
            cx.report(
                format!("OpeningHours[{i}].OpenTime"),
                Problem::Missing,
                Outcome::EntryLeftOut,
            );
            continue;
        };
        out.push(OpeningHours { day, opens, closes });
    }
    out
}

/// A day name (`Monday`, `Mon`, `PublicHoliday`) as a [`Weekday`].
pub(super) fn weekday(name: &str) -> Weekday {
    let key: String = name
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase();
    match key.as_str() {
        "MON" | "MONDAY" => Weekday::Mon,
        "TUE" | "TUES" | "TUESDAY" => Weekday::Tue,
        "WED" | "WEDNESDAY" => Weekday::Wed,
        "THU" | "THUR" | "THURS" | "THURSDAY" => Weekday::Thu,
        "FRI" | "FRIDAY" => Weekday::Fri,
        "SAT" | "SATURDAY" => Weekday::Sat,
        "SUN" | "SUNDAY" => Weekday::Sun,
        "PH" | "PUBLICHOLIDAY" | "PUBLICHOLIDAYS" => Weekday::PublicHoliday,
        _ => Weekday::Unknown(name.to_owned()),
    }
}
