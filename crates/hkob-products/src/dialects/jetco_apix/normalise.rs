//! JETCO APIX: from the [generated types](crate::generated::jetco_apix::types) to the
//! [canonical model](crate::model).
//!
//! APIX answers in one language per call (`Accept-Language`), so each function takes the
//! [`Language`] the items were fetched in and puts their text in that slot of each
//! [`LocalizedText`](crate::model::LocalizedText). Amounts the dialect states without a currency
//! are in HKD where the spec says so (eligibility thresholds, service fees, safe deposit box fees),
//! in the product currency where the spec says that (minimum balances), and otherwise kept beside
//! the product's own `currency`.

use hkob_core::headers::Language;
use hkob_core::{Amount, Currency, Decimal};

use crate::generated::jetco_apix::types as jx;
use crate::model::{
    Atm, BalanceRate, BankId, Branch, CardNetwork, Collateral, CreditCard, CurrentAccount, Fee,
    ForeignCurrencyAccount, Frequency, FxRate, LoanRate, LoanRateKind, LoanSecurity, Mortgage,
    MortgagePurpose, OpeningHours, PersonalLoan, PersonalLoanKind, ProductInfo, ProductLinks,
    RateTier, SafeDepositBox, SavingsAccount, Tenor, TimeDeposit, Weekday,
};
use crate::normalise::context::{Cx, run, text};
use crate::normalise::{Normalised, Outcome, Problem};

/// The `Accept-Language` code APIX expects for `language`.
pub fn accept_language(language: Language) -> jx::AcceptLanguage {
    match language {
        Language::TraditionalChinese => jx::AcceptLanguage::Hk,
        Language::SimplifiedChinese => jx::AcceptLanguage::Zh,
        _ => jx::AcceptLanguage::En,
    }
}

/// Savings account products.
pub fn savings(
    bank: &BankId,
    language: Language,
    items: Vec<jx::SavingsProduct>,
) -> Normalised<SavingsAccount> {
    run(bank, items, |cx, p| {
        cx.product = Some(p.product_code.clone());
        let currency = cx.currency_opt("currency", p.currency.as_deref());
        Some(SavingsAccount {
            info: ProductInfo {
                bank: bank.clone(),
                code: p.product_code,
                name: text(language, Some(p.product_name)),
                description: text(language, p.product_description),
                fees: cx.fees(language, p.service_fees.unwrap_or_default()),
                links: links(
                    p.product_page_link,
                    p.product_application_link,
                    p.tnc_link,
                    p.doc_link,
                ),
                effective_date: p.effective_date,
                last_updated: p.last_update_date,
            },
            currency,
            rates: cx.balance_rates(p.rate_info.unwrap_or_default()),
            interest_frequency: cx.frequency("depositFreq", p.deposit_freq),
            min_balance: cx.amount("minBalance", p.min_balance),
            min_initial_deposit: cx.min_initial_deposit(p.eligibility.as_ref()),
        })
    })
}

/// Current account products.
pub fn current(
    bank: &BankId,
    language: Language,
    items: Vec<jx::CurrentProduct>,
) -> Normalised<CurrentAccount> {
    run(bank, items, |cx, p| {
        cx.product = Some(p.product_code.clone());
        let currency = cx.currency_opt("currency", p.currency.as_deref());
        Some(CurrentAccount {
            info: ProductInfo {
                bank: bank.clone(),
                code: p.product_code,
                name: text(language, Some(p.product_name)),
                description: text(language, p.product_description),
                fees: cx.fees(language, p.service_fees.unwrap_or_default()),
                links: links(
                    p.product_page_link,
                    p.product_application_link,
                    p.tnc_link,
                    p.doc_link,
                ),
                effective_date: p.effective_date,
                last_updated: p.last_update_date,
            },
            currency,
            rates: cx.balance_rates(p.rate_info.unwrap_or_default()),
            interest_frequency: cx.frequency("depositFreq", p.deposit_freq),
            min_balance: cx.amount("minBalance", p.min_balance),
            min_initial_deposit: cx.min_initial_deposit(p.eligibility.as_ref()),
            echeque: p.bank_service.as_ref().and_then(|s| s.with_echeque),
        })
    })
}

/// Foreign currency account products.
pub fn foreign_currency(
    bank: &BankId,
    language: Language,
    items: Vec<jx::FcyProduct>,
) -> Normalised<ForeignCurrencyAccount> {
    run(bank, items, |cx, p| {
        cx.product = Some(p.product_code.clone());
        Some(ForeignCurrencyAccount {
            info: ProductInfo {
                bank: bank.clone(),
                code: p.product_code,
                name: text(language, Some(p.product_name)),
                description: text(language, p.product_description),
                fees: cx.fees(language, p.service_fees.unwrap_or_default()),
                links: links(
                    p.product_page_link,
                    p.product_application_link,
                    p.tnc_link,
                    p.doc_link,
                ),
                effective_date: p.effective_date,
                last_updated: p.last_update_date,
            },
            currencies: cx.currencies_as_listed("currencies", p.currencies.unwrap_or_default()),
            rates: cx.balance_rates(p.rate_info.unwrap_or_default()),
            interest_frequency: cx.frequency("depositFreq", p.deposit_freq),
            min_balance: cx.amount("minBalance", p.min_balance).map(Amount::hkd),
        })
    })
}

/// Time deposit products.
pub fn time_deposits(
    bank: &BankId,
    language: Language,
    items: Vec<jx::TimeDepositProduct>,
) -> Normalised<TimeDeposit> {
    run(bank, items, |cx, p| {
        cx.product = Some(p.product_code.clone());
        let mut tiers = Vec::with_capacity(p.rate_info.len());
        for (i, info) in p.rate_info.into_iter().enumerate() {
            if let Some(tier) = cx.time_deposit_tier(i, info) {
                tiers.push(tier);
            }
        }
        Some(TimeDeposit {
            info: ProductInfo {
                bank: bank.clone(),
                code: p.product_code,
                name: text(language, Some(p.product_name)),
                description: text(language, p.product_description),
                fees: cx.fees(language, p.service_fees.unwrap_or_default()),
                links: links(
                    p.product_page_link,
                    p.product_application_link,
                    p.tnc_link,
                    p.doc_link,
                ),
                effective_date: p.effective_date,
                last_updated: p.last_update_date,
            },
            currencies: cx.currencies_as_listed("currencies", p.currencies.unwrap_or_default()),
            tiers,
            interest_frequency: cx.frequency("depositFreq", p.deposit_freq),
            early_withdrawal: p.with_early_uplift,
            min_deposit: cx.min_initial_deposit(p.eligibility.as_ref()),
        })
    })
}

/// Credit card products.
pub fn credit_cards(
    bank: &BankId,
    language: Language,
    items: Vec<jx::CreditCardProduct>,
) -> Normalised<CreditCard> {
    run(bank, items, |cx, p| {
        cx.product = Some(p.product_code.clone());
        let network = match p.card_company {
            jx::CardCompany::Visa => CardNetwork::Visa,
            jx::CardCompany::Master => CardNetwork::Mastercard,
            jx::CardCompany::Unionpay => CardNetwork::UnionPay,
            jx::CardCompany::Amex => CardNetwork::Amex,
            jx::CardCompany::Jcb => CardNetwork::Jcb,
            other => {
                let raw = other.as_str().to_owned();
                cx.report(
                    "cardCompany",
                    Problem::UnknownValue(raw.clone()),
                    Outcome::KeptAsUnknown,
                );
                CardNetwork::Unknown(raw)
            }
        };
        let min_annual_income = p.eligibility.as_ref().and_then(|e| {
            let currency = cx.eligibility_currency(e)?;
            cx.amount("eligibility.minAnnualIncome", e.min_annual_income)
                .map(|v| Amount::new(v, currency))
        });
        let currency = cx.currency_opt("currency", p.currency.as_deref());
        Some(CreditCard {
            info: ProductInfo {
                bank: bank.clone(),
                code: p.product_code,
                name: text(language, Some(p.product_name)),
                description: text(language, p.product_description),
                fees: cx.fees(language, p.service_fees.unwrap_or_default()),
                links: links(
                    p.product_page_link,
                    p.product_application_link,
                    p.tnc_link,
                    p.doc_link,
                ),
                effective_date: p.effective_date,
                last_updated: p.last_update_date,
            },
            network: Some(network),
            level: p.card_level.filter(|l| !l.trim().is_empty()),
            currency,
            // APIX states fees in Hong Kong dollars when it gives no currency.
            annual_fee: cx.money("annualFee", p.annual_fee, currency.or(Some(Currency::HKD))),
            annual_fee_waiver: text(language, p.annual_fee_waiver),
            purchase_apr: cx.rate_opt("purchaseApr", p.purchase_apr),
            cash_advance_apr: cx.rate_opt("cashAdvanceApr", p.cash_advance_apr),
            min_credit_limit: cx.amount("minCreditLimit", p.min_credit_limit),
            max_credit_limit: None,
            min_annual_income,
        })
    })
}

/// Mortgage products.
pub fn mortgages(
    bank: &BankId,
    language: Language,
    items: Vec<jx::MortgageProduct>,
) -> Normalised<Mortgage> {
    run(bank, items, |cx, p| {
        cx.product = Some(p.product_code.clone());
        let purpose = p.loan_purpose.map(|purpose| match purpose {
            jx::LoanPurpose::V1 => MortgagePurpose::NewPurchase,
            jx::LoanPurpose::V2 => MortgagePurpose::Transfer,
            jx::LoanPurpose::V3 => MortgagePurpose::TransferWithTopUp,
            jx::LoanPurpose::V4 => MortgagePurpose::Refinancing,
            other => {
                let raw = other.as_str().to_owned();
                cx.report(
                    "loanPurpose",
                    Problem::UnknownValue(raw.clone()),
                    Outcome::KeptAsUnknown,
                );
                MortgagePurpose::Unknown(raw)
            }
        });
        let (min_amount, max_amount) = cx.bounds(
            "minLoanAmount",
            "maxLoanAmount",
            p.min_loan_amount,
            p.max_loan_amount,
        );
        Some(Mortgage {
            info: ProductInfo {
                bank: bank.clone(),
                code: p.product_code,
                name: text(language, Some(p.product_name)),
                description: text(language, p.product_description),
                fees: cx.fees(language, p.service_fees.unwrap_or_default()),
                links: links(
                    p.product_page_link,
                    p.product_application_link,
                    p.tnc_link,
                    p.doc_link,
                ),
                effective_date: p.effective_date,
                last_updated: p.last_update_date,
            },
            purpose,
            currency: cx.currency_opt("currency", p.currency.as_deref()),
            rates: cx.loan_rates(p.rate_info.unwrap_or_default()),
            min_amount,
            max_amount,
            max_tenor: cx.tenor_opt("tenor", p.tenor, p.tenor_unit.as_ref()),
            repayment_frequency: cx.frequency("repayFreq", p.repay_freq),
            max_ltv_ratio: cx.percentage("maxLtvRatio", p.max_ltv_ratio),
        })
    })
}

/// Secured loan products, as [`PersonalLoan`]s with [`LoanSecurity::Secured`].
pub fn secured_loans(
    bank: &BankId,
    language: Language,
    items: Vec<jx::SecuredLoanProduct>,
) -> Normalised<PersonalLoan> {
    run(bank, items, |cx, p| {
        cx.product = Some(p.product_code.clone());
        let collateral = p
            .collateral_type
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let model = Collateral::from(c.as_str());
                if !model.is_known() {
                    cx.report(
                        format!("collateralType[{i}]"),
                        Problem::UnknownValue(c.as_str().to_owned()),
                        Outcome::KeptAsUnknown,
                    );
                }
                model
            })
            .collect();
        let (min_amount, max_amount) = cx.bounds(
            "minLoanAmount",
            "maxLoanAmount",
            p.min_loan_amount,
            p.max_loan_amount,
        );
        Some(PersonalLoan {
            info: ProductInfo {
                bank: bank.clone(),
                code: p.product_code,
                name: text(language, Some(p.product_name)),
                description: text(language, p.product_description),
                fees: cx.fees(language, p.service_fees.unwrap_or_default()),
                links: links(
                    p.product_page_link,
                    p.product_application_link,
                    p.tnc_link,
                    p.doc_link,
                ),
                effective_date: p.effective_date,
                last_updated: p.last_update_date,
            },
            security: LoanSecurity::Secured(collateral),
            kind: None,
            currency: cx.currency_opt("currency", p.currency.as_deref()),
            rates: cx.loan_rates(p.rate_info.unwrap_or_default()),
            min_amount,
            max_amount,
            max_tenor: cx.tenor_opt("tenor", p.tenor, p.tenor_unit.as_ref()),
            repayment_frequency: cx.frequency("repayFreq", p.repay_freq),
            max_ltv_ratio: cx.percentage("maxLtvRatio", p.max_ltv_ratio),
        })
    })
}

/// Unsecured loan products, as [`PersonalLoan`]s with [`LoanSecurity::Unsecured`].
pub fn unsecured_loans(
    bank: &BankId,
    language: Language,
    items: Vec<jx::UnsecuredLoanProduct>,
) -> Normalised<PersonalLoan> {
    run(bank, items, |cx, p| {
        cx.product = Some(p.product_code.clone());
        let kind = p.loan_type.map(|t| {
            let model = PersonalLoanKind::from(t.as_str());
            if !model.is_known() {
                cx.report(
                    "loanType",
                    Problem::UnknownValue(t.as_str().to_owned()),
                    Outcome::KeptAsUnknown,
                );
            }
            model
        });
        let (min_amount, max_amount) = cx.bounds(
            "minLoanAmount",
            "maxLoanAmount",
            p.min_loan_amount,
            p.max_loan_amount,
        );
        Some(PersonalLoan {
            info: ProductInfo {
                bank: bank.clone(),
                code: p.product_code,
                name: text(language, Some(p.product_name)),
                description: text(language, p.product_description),
                fees: cx.fees(language, p.service_fees.unwrap_or_default()),
                links: links(
                    p.product_page_link,
                    p.product_application_link,
                    p.tnc_link,
                    p.doc_link,
                ),
                effective_date: p.effective_date,
                last_updated: p.last_update_date,
            },
            security: LoanSecurity::Unsecured,
            kind,
            currency: cx.currency_opt("currency", p.currency.as_deref()),
            rates: cx.loan_rates(p.rate_info.unwrap_or_default()),
            min_amount,
            max_amount,
            max_tenor: cx.tenor_opt("tenor", p.tenor, p.tenor_unit.as_ref()),
            repayment_frequency: cx.frequency("repayFreq", p.repay_freq),
            max_ltv_ratio: None,
        })
    })
}

/// Exchange rates. An item whose currency code is not one is left out.
pub fn fx_rates(bank: &BankId, language: Language, items: Vec<jx::FxRate>) -> Normalised<FxRate> {
    run(bank, items, |cx, r| {
        cx.product = Some(r.currency_code.clone());
        let Ok(currency) = Currency::new(&r.currency_code) else {
            cx.report(
                "currencyCode",
                Problem::InvalidCurrency(r.currency_code.clone()),
                Outcome::ItemLeftOut,
            );
            return None;
        };
        let tt = r.tt_rate_info.as_ref();
        let note = r.note_rate_info.as_ref();
        let unit = tt.or(note).and_then(|info| info.unit);
        let unit = cx.fx_unit("ttRateInfo.unit", unit);
        Some(FxRate {
            bank: bank.clone(),
            currency,
            quote_currency: Currency::HKD,
            currency_name: text(language, r.currency_name),
            unit,
            tt_buy: tt.and_then(|i| cx.fx("ttRateInfo.bidRate", Some(i.bid_rate))),
            tt_sell: tt.and_then(|i| cx.fx("ttRateInfo.offerRate", Some(i.offer_rate))),
            note_buy: note.and_then(|i| cx.fx("noteRateInfo.bidRate", Some(i.bid_rate))),
            note_sell: note.and_then(|i| cx.fx("noteRateInfo.offerRate", Some(i.offer_rate))),
            updated_at: tt
                .and_then(|i| i.last_update_datetime)
                .or_else(|| note.and_then(|i| i.last_update_datetime)),
        })
    })
}

/// Branches.
pub fn branches(bank: &BankId, language: Language, items: Vec<jx::Branch>) -> Normalised<Branch> {
    run(bank, items, |cx, b| {
        cx.product = b.branch_code.clone();
        Some(Branch {
            bank: bank.clone(),
            name: text(language, Some(b.branch_name)),
            address: text(language, Some(b.address)),
            district: b.hk_district.map(|d| d.as_str().to_owned()),
            location: cx.location("latitude", b.latitude, b.longitude),
            phone: b.phone_no,
            opening_hours: cx.opening_hours(b.opening_hours),
            atm: b.with_atm,
            cash_deposit_machine: b.with_cdm,
            safe_deposit_boxes: b.with_deposit_box,
            last_updated: b.last_update_date,
            code: b.branch_code,
        })
    })
}

/// ATMs.
pub fn atms(bank: &BankId, language: Language, items: Vec<jx::Atm>) -> Normalised<Atm> {
    run(bank, items, |cx, a| {
        cx.product = a.atm_code.clone();
        Some(Atm {
            bank: bank.clone(),
            name: text(language, a.atm_name),
            address: text(language, Some(a.address)),
            district: a.hk_district.map(|d| d.as_str().to_owned()),
            location: cx.location("latitude", a.latitude, a.longitude),
            opening_hours: cx.opening_hours(a.opening_hours),
            cash_deposit: a.with_cdm,
            cheque_deposit: a.with_chq,
            renminbi_notes: a.with_cny_atm,
            foreign_currency_notes: cx
                .currencies_as_listed("fcyCurrencies", a.fcy_currencies.unwrap_or_default()),
            network: a.atm_provider_network,
            last_updated: a.last_update_date,
            code: a.atm_code,
        })
    })
}

/// Safe deposit boxes.
pub fn safe_deposit_boxes(
    bank: &BankId,
    language: Language,
    items: Vec<jx::DepositBox>,
) -> Normalised<SafeDepositBox> {
    run(bank, items, |cx, b| {
        cx.product = b.branch_code.clone();
        // The spec: fee amounts are in HKD when `currency` is absent.
        let currency = match b.currency.as_deref() {
            None => Some(Currency::HKD),
            Some(code) => cx.currency("currency", code),
        };
        let money = |cx: &mut Cx<'_>, field: &str, value: Option<Decimal>| {
            let value = cx.amount(field, value)?;
            currency.map(|c| Amount::new(value, c))
        };
        Some(SafeDepositBox {
            bank: bank.clone(),
            branch_name: text(language, Some(b.branch_name)),
            address: text(language, b.address),
            size: b.box_size,
            dimensions: b.box_dimension,
            annual_rental: money(cx, "rentalFee", b.rental_fee),
            key_deposit: money(cx, "keyDeposit", b.key_deposit),
            available: b.available,
            links: links(
                b.product_page_link,
                b.product_application_link,
                b.tnc_link,
                None,
            ),
            last_updated: b.last_update_date,
            branch_code: b.branch_code,
        })
    })
}

/// The product links as sent (unlike the shared helper, a blank link is kept).
fn links(
    page: Option<String>,
    application: Option<String>,
    terms: Option<String>,
    document: Option<String>,
) -> ProductLinks {
    ProductLinks {
        product_page: page,
        application,
        terms,
        document,
    }
}

/// What only JETCO APIX items need of the shared [`Cx`].
impl Cx<'_> {
    /// The currencies as listed (a repeated code is kept); a bad code is reported and left out.
    fn currencies_as_listed(&mut self, field: &str, codes: Vec<String>) -> Vec<Currency> {
        let mut out = Vec::with_capacity(codes.len());
        for (i, code) in codes.iter().enumerate() {
            match Currency::new(code) {
                Ok(c) => out.push(c),
                Err(_) => self.report(
                    format!("{field}[{i}]"),
                    Problem::InvalidCurrency(code.clone()),
                    Outcome::EntryLeftOut,
                ),
            }
        }
        out
    }

    /// A min/max pair; both are left out when the minimum is above the maximum.
    fn bounds(
        &mut self,
        min_field: &str,
        max_field: &str,
        min: Option<Decimal>,
        max: Option<Decimal>,
    ) -> (Option<Decimal>, Option<Decimal>) {
        let min = self.amount(min_field, min);
        let max = self.amount(max_field, max);
        match (min, max) {
            (Some(lo), Some(hi)) if lo > hi => {
                self.report(
                    min_field,
                    Problem::MinAboveMax { min: lo, max: hi },
                    Outcome::FieldLeftEmpty,
                );
                (None, None)
            }
            pair => pair,
        }
    }

    fn term(&mut self, field: &str, count: i32, unit: &jx::TenorUnit) -> Option<Tenor> {
        let Ok(count) = u32::try_from(count) else {
            self.report(
                field,
                Problem::OutOfRange(format!("term {count}")),
                Outcome::FieldLeftEmpty,
            );
            return None;
        };
        if count == 0 {
            self.report(
                field,
                Problem::OutOfRange("term 0".to_owned()),
                Outcome::FieldLeftEmpty,
            );
            return None;
        }
        match unit {
            jx::TenorUnit::D => Some(Tenor::days(count)),
            jx::TenorUnit::M => Some(Tenor::months(count)),
            jx::TenorUnit::Y => Some(Tenor::years(count)),
            other => {
                self.report(
                    format!("{field}Unit"),
                    Problem::UnknownValue(other.as_str().to_owned()),
                    Outcome::FieldLeftEmpty,
                );
                None
            }
        }
    }

    fn tenor_opt(
        &mut self,
        field: &str,
        count: Option<i32>,
        unit: Option<&jx::TenorUnit>,
    ) -> Option<Tenor> {
        match (count, unit) {
            (Some(count), Some(unit)) => self.term(field, count, unit),
            _ => None,
        }
    }

    fn frequency(&mut self, field: &str, value: Option<jx::Frequency>) -> Option<Frequency> {
        let value = value?;
        let model = Frequency::from(value.as_str());
        if !model.is_known() {
            self.report(
                field,
                Problem::UnknownValue(value.as_str().to_owned()),
                Outcome::KeptAsUnknown,
            );
        }
        Some(model)
    }

    /// The currency of eligibility thresholds: HKD when absent, per the spec.
    fn eligibility_currency(&mut self, e: &jx::Eligibility) -> Option<Currency> {
        match e.currency.as_deref() {
            None => Some(Currency::HKD),
            Some(code) => self.currency("eligibility.currency", code),
        }
    }

    fn min_initial_deposit(&mut self, e: Option<&jx::Eligibility>) -> Option<Amount> {
        let e = e?;
        let currency = self.eligibility_currency(e)?;
        self.amount("eligibility.minInitialDeposit", e.min_initial_deposit)
            .map(|v| Amount::new(v, currency))
    }

    fn fees(&mut self, language: Language, fees: Vec<jx::ServiceFee>) -> Vec<Fee> {
        let mut out = Vec::with_capacity(fees.len());
        for (i, fee) in fees.into_iter().enumerate() {
            let field = format!("serviceFees[{i}]");
            // The spec: `chargeAmount` is in HKD when `currency` is absent.
            let currency = match fee.currency.as_deref() {
                None => Some(Currency::HKD),
                Some(code) => self.currency(&format!("{field}.currency"), code),
            };
            let value = self.amount(&format!("{field}.chargeAmount"), fee.charge_amount);
            out.push(Fee {
                name: text(language, Some(fee.charge_name)),
                amount: value.zip(currency).map(|(v, c)| Amount::new(v, c)),
                condition: text(language, fee.charge_req),
            });
        }
        out
    }

    fn balance_rates(&mut self, infos: Vec<jx::RateInfo>) -> Vec<BalanceRate> {
        let mut out = Vec::with_capacity(infos.len());
        for (i, info) in infos.into_iter().enumerate() {
            let field = format!("rateInfo[{i}]");
            if let Some(rate) = self.entry_rate(&format!("{field}.rate"), info.rate) {
                let Some((min, max)) = self.tier_bounds(&field, info.min_amount, info.max_amount)
                else {
                    continue;
                };
                let currency = match info.currency.as_deref() {
                    None => None,
                    Some(code) => match Currency::new(code) {
                        Ok(c) => Some(c),
                        Err(_) => {
                            self.report(
                                format!("{field}.currency"),
                                Problem::InvalidCurrency(code.to_owned()),
                                Outcome::EntryLeftOut,
                            );
                            continue;
                        }
                    },
                };
                out.push(BalanceRate {
                    currency,
                    min_balance: min,
                    max_balance: max,
                    rate,
                });
            }
        }
        out
    }

    fn time_deposit_tier(&mut self, i: usize, info: jx::TimeDepositRateInfo) -> Option<RateTier> {
        let field = format!("rateInfo[{i}]");
        let Ok(currency) = Currency::new(&info.currency) else {
            self.report(
                format!("{field}.currency"),
                Problem::InvalidCurrency(info.currency.clone()),
                Outcome::EntryLeftOut,
            );
            return None;
        };
        let term = self.tier_term(&field, info.deposit_term, &info.deposit_term_unit)?;
        let rate = self.entry_rate(&format!("{field}.rate"), info.rate)?;
        let (min, max) = self.tier_bounds(&field, info.min_amount, info.max_amount)?;
        Some(RateTier {
            currency,
            term,
            min_balance: min,
            max_balance: max,
            rate,
        })
    }

    fn tier_term(&mut self, field: &str, count: i32, unit: &jx::TenorUnit) -> Option<Tenor> {
        let unit_field = format!("{field}.depositTermUnit");
        let count_field = format!("{field}.depositTerm");
        let problem = match (u32::try_from(count), unit) {
            (Ok(0) | Err(_), _) => (count_field, Problem::OutOfRange(format!("term {count}"))),
            (Ok(n), jx::TenorUnit::D) => return Some(Tenor::days(n)),
            (Ok(n), jx::TenorUnit::M) => return Some(Tenor::months(n)),
            (Ok(n), jx::TenorUnit::Y) => return Some(Tenor::years(n)),
            (Ok(_), other) => (unit_field, Problem::UnknownValue(other.as_str().to_owned())),
        };
        self.report(problem.0, problem.1, Outcome::EntryLeftOut);
        None
    }

    /// The bounds of a tier; `None` (the tier is left out) when they are negative or crossed.
    #[allow(clippy::type_complexity)]
    fn tier_bounds(
        &mut self,
        field: &str,
        min: Option<Decimal>,
        max: Option<Decimal>,
    ) -> Option<(Option<Decimal>, Option<Decimal>)> {
        for (name, value) in [("minAmount", min), ("maxAmount", max)] {
            if let Some(v) = value
                && v.is_sign_negative()
                && !v.is_zero()
            {
                self.report(
                    format!("{field}.{name}"),
                    Problem::NegativeAmount(v),
                    Outcome::EntryLeftOut,
                );
                return None;
            }
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            self.report(
                format!("{field}.minAmount"),
                Problem::MinAboveMax { min: lo, max: hi },
                Outcome::EntryLeftOut,
            );
            return None;
        }
        Some((min, max))
    }

    fn loan_rates(&mut self, infos: Vec<jx::LoanRateInfo>) -> Vec<LoanRate> {
        let mut out = Vec::with_capacity(infos.len());
        for (i, info) in infos.into_iter().enumerate() {
            let field = format!("rateInfo[{i}]");
            let kind = LoanRateKind::from(info.rate_type.as_str());
            if !kind.is_known() {
                self.report(
                    format!("{field}.rateType"),
                    Problem::UnknownValue(info.rate_type.as_str().to_owned()),
                    Outcome::KeptAsUnknown,
                );
            }
            // A HIBOR or prime margin may be negative (prime minus 1.75%); other rates may not.
            let rate = if matches!(kind, LoanRateKind::Hibor | LoanRateKind::Prime) {
                info.rate
            } else {
                let Some(rate) = self.entry_rate(&format!("{field}.rate"), info.rate) else {
                    continue;
                };
                rate
            };
            let Some((min, max)) =
                self.tier_bounds(&field, info.min_loan_amount, info.max_loan_amount)
            else {
                continue;
            };
            out.push(LoanRate {
                kind,
                rate,
                cap: self.rate_opt(&format!("{field}.capRate"), info.cap_rate),
                apr: self.rate_opt(&format!("{field}.apr"), info.apr),
                min_amount: min,
                max_amount: max,
                tenor: self.tenor_opt(
                    &format!("{field}.tenor"),
                    info.tenor,
                    info.tenor_unit.as_ref(),
                ),
            });
        }
        out
    }

    fn opening_hours(&mut self, hours: Option<Vec<jx::OpeningHours>>) -> Vec<OpeningHours> {
        let hours = hours.unwrap_or_default();
        let mut out = Vec::with_capacity(hours.len());
        for (i, h) in hours.into_iter().enumerate() {
            let day = Weekday::from(h.day.as_str());
            if !day.is_known() {
                self.report(
                    format!("openingHours[{i}].day"),
                    Problem::UnknownValue(h.day.as_str().to_owned()),
                    Outcome::KeptAsUnknown,
                );
            }
            out.push(OpeningHours {
                day,
                opens: h.open_time,
                closes: h.close_time,
            });
        }
        out
    }
}
