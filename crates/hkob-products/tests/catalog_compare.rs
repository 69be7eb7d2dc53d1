//! Comparison helpers and model helpers on hand-made products.

use hkob_core::headers::Language;
use hkob_core::{Amount, Currency, Decimal};
use hkob_products::catalog::compare;
use hkob_products::model::{
    BankId, CreditCard, LoanRate, LoanRateKind, LoanSecurity, LocalizedText, PersonalLoan,
    ProductInfo, ProductLinks, RateTier, Tenor, TimeDeposit,
};

fn d(v: &str) -> Decimal {
    v.parse().expect("a decimal")
}

fn tier(term: Tenor, min: Option<i64>, max: Option<i64>, rate: &str) -> RateTier {
    RateTier {
        currency: Currency::HKD,
        term,
        min_balance: min.map(Decimal::from),
        max_balance: max.map(Decimal::from),
        rate: d(rate),
    }
}

fn deposit(bank: &str, code: &str, tiers: Vec<RateTier>) -> TimeDeposit {
    TimeDeposit {
        tiers,
        ..TimeDeposit::empty(BankId::new(bank), code)
    }
}

fn card(bank: &str, fee: Option<&str>, apr: Option<&str>) -> CreditCard {
    CreditCard {
        info: ProductInfo {
            bank: BankId::new(bank),
            code: format!("{bank}-card"),
            name: LocalizedText::single(Language::English, "Card"),
            description: LocalizedText::default(),
            fees: Vec::new(),
            links: ProductLinks::default(),
            effective_date: None,
            last_updated: None,
        },
        network: None,
        level: None,
        currency: Some(Currency::HKD),
        annual_fee: fee.map(|f| Amount::hkd(d(f))),
        annual_fee_waiver: LocalizedText::default(),
        purchase_apr: apr.map(d),
        cash_advance_apr: None,
        min_credit_limit: None,
        max_credit_limit: None,
        min_annual_income: None,
    }
}

fn loan(bank: &str, aprs: &[&str]) -> PersonalLoan {
    PersonalLoan {
        info: ProductInfo {
            bank: BankId::new(bank),
            code: format!("{bank}-loan"),
            name: LocalizedText::default(),
            description: LocalizedText::default(),
            fees: Vec::new(),
            links: ProductLinks::default(),
            effective_date: None,
            last_updated: None,
        },
        security: LoanSecurity::Unsecured,
        kind: None,
        currency: Some(Currency::HKD),
        rates: aprs
            .iter()
            .map(|apr| LoanRate {
                kind: LoanRateKind::Flat,
                rate: Decimal::ONE,
                cap: None,
                apr: Some(d(apr)),
                min_amount: None,
                max_amount: None,
                tenor: None,
            })
            .collect(),
        min_amount: None,
        max_amount: None,
        max_tenor: None,
        repayment_frequency: None,
        max_ltv_ratio: None,
    }
}

#[test]
fn tier_bounds_are_inclusive() {
    let t = tier(Tenor::months(3), Some(10_000), Some(99_999), "3.5");
    let hkd = |v: i64| Amount::hkd(Decimal::from(v));
    assert!(t.applies_to(hkd(10_000), Tenor::months(3)));
    assert!(t.applies_to(hkd(99_999), Tenor::months(3)));
    assert!(!t.applies_to(hkd(100_000), Tenor::months(3)));
    assert!(!t.applies_to(hkd(9_999), Tenor::months(3)));
    assert!(!t.applies_to(
        Amount::new(Decimal::from(50_000), Currency::USD),
        Tenor::months(3)
    ));
    assert!(
        !t.applies_to(hkd(50_000), Tenor::days(90)),
        "days never match months"
    );
}

#[test]
fn best_rates_rank_products_and_keep_one_per_bank() {
    let deposits = vec![
        deposit(
            "bea",
            "A",
            vec![
                tier(Tenor::months(3), Some(10_000), None, "3.10"),
                tier(Tenor::months(3), Some(50_000), None, "3.40"),
            ],
        ),
        deposit("bea", "B", vec![tier(Tenor::months(3), None, None, "3.20")]),
        deposit(
            "dsb",
            "C",
            vec![tier(Tenor::months(3), None, Some(50_000), "4.00")],
        ),
        deposit("cal", "D", vec![tier(Tenor::months(6), None, None, "5.00")]),
        deposit("fbb", "E", vec![tier(Tenor::months(3), None, None, "3.40")]),
    ];
    let amount = Amount::hkd(Decimal::from(100_000));
    let quotes = compare::time_deposit_quotes(&deposits, amount, Tenor::months(3));
    let ranked: Vec<(&str, &str, Decimal)> = quotes
        .iter()
        .map(|q| (q.bank.as_str(), q.product_code.as_str(), q.rate))
        .collect();
    assert_eq!(
        ranked,
        vec![
            ("bea", "A", d("3.40")),
            ("fbb", "E", d("3.40")),
            ("bea", "B", d("3.20")),
        ]
    );
    let per_bank = compare::best_time_deposit_rate_per_bank(&deposits, amount, Tenor::months(3));
    let banks: Vec<&str> = per_bank.iter().map(|q| q.bank.as_str()).collect();
    assert_eq!(banks, vec!["bea", "fbb"]);

    assert_eq!(
        deposits[3].best_tier(Currency::HKD).map(|t| t.rate),
        Some(d("5.00"))
    );
    assert_eq!(deposits[3].best_tier(Currency::USD), None);
}

#[test]
fn cards_sort_by_apr_with_unknown_last_and_filter_free_ones() {
    let cards = vec![
        card("a", Some("1800"), Some("35.0")),
        card("b", Some("0"), None),
        card("c", None, Some("30.5")),
        card("d", Some("0.00"), Some("33")),
    ];
    let order: Vec<&str> = compare::cards_by_lowest_apr(&cards)
        .iter()
        .map(|c| c.info.bank.as_str())
        .collect();
    assert_eq!(order, vec!["c", "d", "a", "b"]);
    let free: Vec<&str> = compare::cards_without_annual_fee(&cards)
        .iter()
        .map(|c| c.info.bank.as_str())
        .collect();
    assert_eq!(free, vec!["b", "d"]);
}

#[test]
fn loans_sort_by_their_lowest_apr() {
    let loans = vec![
        loan("a", &["5.1", "4.2"]),
        loan("b", &[]),
        loan("c", &["3.9"]),
    ];
    let order: Vec<&str> = compare::loans_by_lowest_apr(&loans)
        .iter()
        .map(|l| l.info.bank.as_str())
        .collect();
    assert_eq!(order, vec!["c", "a", "b"]);
    assert_eq!(loans[0].lowest_apr(), Some(d("4.2")));
    assert_eq!(loans[1].lowest_apr(), None);
}

#[test]
fn localized_text_merges_and_falls_back() {
    let mut text = LocalizedText::single(Language::English, "Savings");
    text.merge(&LocalizedText::single(Language::TraditionalChinese, "儲蓄"));
    text.merge(&LocalizedText::single(Language::English, "Other"));
    assert_eq!(text.en.as_deref(), Some("Savings"), "existing text wins");
    assert_eq!(text.get(Language::TraditionalChinese), Some("儲蓄"));
    assert_eq!(text.get(Language::SimplifiedChinese), None);
    assert_eq!(
        text.get_or_any(Language::SimplifiedChinese),
        Some("Savings")
    );
    assert_eq!(format!("[{text:<9}]"), "[Savings  ]");
}

#[test]
fn tenors_compare_by_length() {
    assert!(Tenor::months(12).same_length(Tenor::years(1)));
    assert!(!Tenor::days(30).same_length(Tenor::months(1)));
    assert_eq!(Tenor::months(3).to_string(), "3 months");
    assert_eq!(Tenor::years(1).to_string(), "1 year");
}
