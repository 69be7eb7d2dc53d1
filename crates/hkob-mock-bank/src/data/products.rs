//! Product catalogue generation (deposits, loans, cards, investments, insurance).

use rust_decimal::Decimal;

use crate::bank::{ProductKind, SimulatedBank};
use crate::prng::Rng;

/// One interest rate band.
#[derive(Debug, Clone, PartialEq)]
pub struct RateTier {
    /// The lowest balance (or loan amount) the band applies to, in the product currency.
    pub min_amount: Decimal,
    /// The rate, in percent per annum.
    pub rate: Decimal,
}

/// One published product.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// The bank's product code.
    pub code: String,
    /// The kind of product.
    pub kind: ProductKind,
    /// English name.
    pub name_en: String,
    /// Traditional Chinese name.
    pub name_zh: String,
    /// ISO 4217 currency.
    pub currency: &'static str,
    /// Interest (deposits) or lending rate bands; empty where none applies.
    pub rate_tiers: Vec<RateTier>,
    /// Minimum balance, deposit or loan amount.
    pub min_amount: Decimal,
    /// Maximum loan amount or credit limit (loans and cards).
    pub max_amount: Option<Decimal>,
    /// Monthly (or annual, for cards) fee.
    pub fee: Decimal,
    /// Term in months (time deposits, loans).
    pub term_months: Option<u32>,
    /// Minimum age of an applicant.
    pub min_age: u32,
    /// The product web page.
    pub page_link: String,
    /// Effective date, `YYYY-MM-DD`.
    pub effective_date: String,
    /// Sub-type for investments and insurance (`fund`, `travel`...).
    pub sub_type: Option<&'static str>,
}

/// The market rate a floating-rate product follows, as its name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReferenceRate {
    /// The Hong Kong Interbank Offered Rate.
    Hibor,
    /// The bank's prime rate.
    Prime,
}

impl Product {
    /// The rate of the first band (zero when there is none).
    pub(crate) fn first_rate(&self) -> Decimal {
        self.rate_tiers
            .first()
            .map(|t| t.rate)
            .unwrap_or(Decimal::ZERO)
    }

    /// The highest amount band `index` applies to: one cent below the next
    /// band's minimum (none for the last band).
    pub(crate) fn tier_maximum(&self, index: usize) -> Option<Decimal> {
        self.rate_tiers
            .get(index.checked_add(1)?)
            .map(|next| next.min_amount.saturating_sub(Decimal::new(1, 2)))
    }

    /// The market rate the product follows, when its name names one.
    pub(crate) fn reference_rate(&self) -> Option<ReferenceRate> {
        if self.name_en.contains("HIBOR") {
            Some(ReferenceRate::Hibor)
        } else if self.name_en.contains("Prime") {
            Some(ReferenceRate::Prime)
        } else {
            None
        }
    }

    /// The application page.
    pub(crate) fn application_link(&self) -> String {
        format!("{}/apply", self.page_link)
    }

    /// The terms and conditions document.
    pub(crate) fn terms_link(&self) -> String {
        format!("{}/terms.pdf", self.page_link)
    }
}

struct Names {
    en: &'static [&'static str],
    zh: &'static [&'static str],
}

fn names(kind: ProductKind) -> Names {
    match kind {
        ProductKind::Savings => Names {
            en: &[
                "Statement Savings",
                "Passbook Savings",
                "Integrated Savings",
                "Youth Savings",
                "Senior Savings",
                "e-Savings",
            ],
            zh: &[
                "結單儲蓄",
                "存摺儲蓄",
                "綜合儲蓄",
                "青少年儲蓄",
                "長者儲蓄",
                "電子儲蓄",
            ],
        },
        ProductKind::Current => Names {
            en: &[
                "Current Account",
                "Business Current",
                "Integrated Current",
                "Premier Current",
            ],
            zh: &["往來戶口", "商業往來", "綜合往來", "卓越往來"],
        },
        ProductKind::TimeDeposit => Names {
            en: &[
                "HKD Time Deposit",
                "USD Time Deposit",
                "RMB Time Deposit",
                "Online Time Deposit",
                "Flexi Time Deposit",
            ],
            zh: &[
                "港元定期存款",
                "美元定期存款",
                "人民幣定期存款",
                "網上定期存款",
                "靈活定期存款",
            ],
        },
        ProductKind::ForeignCurrency => Names {
            en: &[
                "Multi-currency Savings",
                "Foreign Currency Savings",
                "RMB Savings",
                "USD Savings",
            ],
            zh: &["多種貨幣儲蓄", "外幣儲蓄", "人民幣儲蓄", "美元儲蓄"],
        },
        ProductKind::CreditCard => Names {
            en: &[
                "Visa Platinum",
                "Mastercard World",
                "UnionPay Dual Currency",
                "Cash Rebate Card",
                "Travel Card",
                "Signature Card",
            ],
            zh: &[
                "Visa白金卡",
                "萬事達世界卡",
                "銀聯雙幣卡",
                "現金回贈卡",
                "旅遊卡",
                "簽名卡",
            ],
        },
        ProductKind::Mortgage => Names {
            en: &[
                "HIBOR Mortgage",
                "Prime Mortgage",
                "Fixed Rate Mortgage",
                "Mortgage Insurance Programme",
            ],
            zh: &["H按", "P按", "定息按揭", "按揭保險計劃"],
        },
        ProductKind::UnsecuredLoan => Names {
            en: &[
                "Personal Instalment Loan",
                "Tax Loan",
                "Balance Transfer",
                "Revolving Loan",
            ],
            zh: &["私人分期貸款", "稅務貸款", "結餘轉戶", "循環貸款"],
        },
        ProductKind::SecuredLoan => Names {
            en: &[
                "Time Deposit Secured Loan",
                "Securities Secured Loan",
                "Car Loan",
            ],
            zh: &["定期存款抵押貸款", "證券抵押貸款", "汽車貸款"],
        },
        ProductKind::Investment => Names {
            en: &[
                "Unit Trust Fund",
                "Structured Deposit",
                "Securities Trading",
                "Precious Metal Passbook",
            ],
            zh: &["單位信託基金", "結構性存款", "證券買賣", "貴金屬存摺"],
        },
        ProductKind::Insurance => Names {
            en: &[
                "Travel Insurance",
                "Home Insurance",
                "Medical Insurance",
                "Life Protection",
                "Motor Insurance",
                "Annuity Plan",
            ],
            zh: &[
                "旅遊保險",
                "家居保險",
                "醫療保險",
                "人壽保障",
                "汽車保險",
                "年金計劃",
            ],
        },
        ProductKind::Branch | ProductKind::Atm | ProductKind::DepositBox | ProductKind::FxRate => {
            Names {
                en: &["Service"],
                zh: &["服務"],
            }
        }
    }
}

fn sub_type(kind: ProductKind, index: usize) -> Option<&'static str> {
    match kind {
        ProductKind::Investment => Some(["fund", "structured", "stock", "metal"][index % 4]),
        ProductKind::Insurance => {
            Some(["travel", "home", "medical", "life", "car", "annuity"][index % 6])
        }
        _ => None,
    }
}

/// The currency a product's name promises (a "USD Time Deposit" is in USD;
/// a foreign currency account is never in HKD); otherwise the drawn one.
fn currency_of(kind: ProductKind, name: &str, drawn: &'static str) -> &'static str {
    if name.contains("USD") {
        "USD"
    } else if name.contains("RMB") {
        "CNY"
    } else if name.contains("HKD") {
        "HKD"
    } else if kind == ProductKind::ForeignCurrency && drawn == "HKD" {
        "USD"
    } else {
        drawn
    }
}

fn pct(basis_points: u64) -> Decimal {
    Decimal::new(basis_points as i64, 4)
}

/// Generates the products of one kind for one bank.
// Generated data: constants and draws from small fixed ranges, nothing from a request or a config.
#[allow(clippy::arithmetic_side_effects)]
pub fn generate_products(seed: u64, bank: &SimulatedBank, kind: ProductKind) -> Vec<Product> {
    let mut rng = Rng::derive(seed, &[&bank.id, "products", kind.label()]);
    let n = names(kind);
    let count = match kind {
        ProductKind::Savings | ProductKind::TimeDeposit | ProductKind::CreditCard => {
            rng.range(8, 30)
        }
        _ => rng.range(2, 12),
    } as usize;
    let short = bank.id.to_uppercase();
    (0..count)
        .map(|i| {
            let base = i % n.en.len();
            let edition = i / n.en.len();
            let (name_en, name_zh) = if edition == 0 {
                (format!("{short} {}", n.en[base]), n.zh[base].to_owned())
            } else {
                (
                    format!("{short} {} {}", n.en[base], edition + 1),
                    format!("{} {}", n.zh[base], edition + 1),
                )
            };
            let drawn = *rng.pick(&["HKD", "HKD", "HKD", "USD", "CNY"]);
            let currency = currency_of(kind, n.en[base], drawn);
            let (rate_tiers, min_amount, max_amount, term_months) = match kind {
                ProductKind::Savings | ProductKind::Current | ProductKind::ForeignCurrency => {
                    let base_bp = rng.range(1, 80);
                    let tiers = (0..rng.range(1, 4))
                        .map(|t| RateTier {
                            min_amount: Decimal::from(
                                10_000u64 * 10u64.pow(t as u32) * u64::from(t > 0),
                            ),
                            rate: pct(base_bp * 10 + t * rng.range(50, 400)),
                        })
                        .collect();
                    (tiers, Decimal::from(rng.range(0, 10) * 1_000), None, None)
                }
                ProductKind::TimeDeposit => {
                    let term = *rng.pick(&[1u32, 3, 6, 12, 24]);
                    let tiers = vec![RateTier {
                        min_amount: Decimal::from(rng.range(1, 50) * 1_000),
                        rate: pct(rng.range(5_000, 45_000)),
                    }];
                    let min = tiers[0].min_amount;
                    (tiers, min, None, Some(term))
                }
                ProductKind::CreditCard => (
                    vec![RateTier {
                        min_amount: Decimal::ZERO,
                        rate: pct(rng.range(300_000, 360_000)),
                    }],
                    Decimal::from(rng.range(5, 50) * 1_000),
                    Some(Decimal::from(rng.range(50, 500) * 1_000)),
                    None,
                ),
                ProductKind::Mortgage | ProductKind::SecuredLoan | ProductKind::UnsecuredLoan => {
                    let tenor = if kind == ProductKind::Mortgage {
                        *rng.pick(&[120u32, 240, 300, 360])
                    } else {
                        *rng.pick(&[12u32, 24, 36, 48, 60])
                    };
                    (
                        vec![RateTier {
                            min_amount: Decimal::ZERO,
                            rate: pct(rng.range(15_000, 120_000)),
                        }],
                        Decimal::from(rng.range(1, 20) * 10_000),
                        Some(Decimal::from(rng.range(50, 900) * 10_000)),
                        Some(tenor),
                    )
                }
                _ => (
                    Vec::new(),
                    Decimal::from(rng.range(0, 100) * 100),
                    None,
                    None,
                ),
            };
            let fee = Decimal::new(rng.range(0, 300) as i64 * 10, 2);
            let effective = super::date_from_days(8_400 + rng.range(0, 1_000));
            Product {
                code: format!(
                    "{}-{}-{:03}",
                    bank.id.to_uppercase(),
                    kind.label().to_uppercase(),
                    i + 1
                ),
                kind,
                name_en,
                name_zh,
                currency,
                rate_tiers,
                min_amount,
                max_amount,
                fee,
                term_months,
                min_age: *rng.pick(&[0u32, 11, 18, 18, 18, 21, 65]),
                page_link: format!("https://www.{}.example/{}/{}", bank.id, kind.label(), i + 1),
                effective_date: effective,
                sub_type: sub_type(kind, i),
            }
        })
        .collect()
}
