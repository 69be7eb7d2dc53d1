//! The BOCHK group normaliser on realistic answers: items once per language merged by code or by
//! position, loan rate rows grouped by product name, missing fields, unknown values and values
//! that cannot be normalised.

use hkob_core::{Amount, Currency, Decimal};
use hkob_products::generated::bochk_group::types as bx;
use hkob_products::model::{
    BankId, CardNetwork, Frequency, LoanRateKind, PersonalLoanKind, Tenor, TenorUnit, Weekday,
};
use hkob_products::normalise::bochk_group::{self as bochk, FxBoard};
use hkob_products::normalise::{Outcome, Problem};

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal literal")
}

fn bank() -> BankId {
    BankId::new("bochk")
}

const SAVINGS: &str = r#"{ "products": [
  { "lang": "en-US", "productcode": "SAV01", "productname": "Statement Savings", "summary": "Everyday savings.",
    "currency": ["HKD", "US$"], "interestdepositfrequency": "Monthly",
    "interestrates": [
      { "currency": "HKD", "minamount": "0", "maxamount": "9999.99", "interestrate": "0.001" },
      { "currency": "HKD", "minamount": "10000", "interestrate": "0.01" },
      { "currency": "HKDX", "interestrate": "0.01" },
      { "currency": "HKD", "minamount": "500", "maxamount": "100", "interestrate": "0.01" },
      { "currency": "HKD", "interestrate": "-0.5" }
    ],
    "minaccopenbalance": "100.00", "minbalancereq": "-5", "leafleturl": "https://bank.example/sav" },
  { "lang": "zh-TW", "productcode": "SAV01", "productname": "月結單儲蓄", "interestdepositfrequency": "每月",
    "interestrates": [] },
  { "lang": "zh-CN", "productname": "无代码储蓄" },
  { "lang": "en-US", "productname": "No Code Savings", "interestdepositfrequency": "whenever" },
  { "lang": "zh-CN", "productcode": "SAV01", "productname": "月结单储蓄" }
] }"#;

#[test]
fn savings_merge_by_code_then_by_position() {
    let response: bx::SavingsProductListResponse = serde_json::from_str(SAVINGS).expect("decodes");
    let out = bochk::savings(&bank(), response.products);
    assert_eq!(out.items.len(), 2);
    let s = &out.items[0];
    assert_eq!(s.info.code, "SAV01");
    assert_eq!(s.info.name.en.as_deref(), Some("Statement Savings"));
    assert_eq!(s.info.name.zh_hant.as_deref(), Some("月結單儲蓄"));
    assert_eq!(s.info.name.zh_hans.as_deref(), Some("月结单储蓄"));
    assert_eq!(s.rates.len(), 2, "numbers come from the English copy");
    assert_eq!(s.rates[1].min_balance, Some(dec("10000")));
    assert_eq!(s.currency, Some(Currency::HKD), "the bad code is left out");
    assert_eq!(s.interest_frequency, Some(Frequency::Monthly));
    assert_eq!(s.min_initial_deposit, Some(Amount::hkd(dec("100"))));
    assert_eq!(s.min_balance, None, "negative minimum left empty");
    assert_eq!(
        s.info.links.product_page.as_deref(),
        Some("https://bank.example/sav")
    );
    let n = &out.items[1];
    assert_eq!(n.info.code, "No Code Savings", "no code: the English name");
    assert_eq!(n.info.name.zh_hans.as_deref(), Some("无代码储蓄"));
    assert_eq!(
        n.interest_frequency,
        Some(Frequency::Unknown("whenever".into()))
    );
    assert_eq!(n.min_initial_deposit, None, "a missing field is None");
    let fields: Vec<_> = out.issues.iter().map(|i| i.field.as_str()).collect();
    for f in [
        "currency[1]",
        "interestrates[2].currency",
        "interestrates[3].minamount",
        "interestrates[4].interestrate",
        "minbalancereq",
        "interestdepositfrequency",
    ] {
        assert!(fields.contains(&f), "{f} reported: {fields:?}");
    }
    assert_eq!(out.issues.len(), 6);
}

const CURRENT: &str = r#"{ "products": [
  { "lang": "en-US", "productcode": "CUR01", "productname": "Current Account", "currency": ["HKD"],
    "minaccopenbalance": "10000", "echeque": "Y" },
  { "lang": "zh-TW", "productcode": "CUR01", "productname": "往來帳戶", "echeque": "X" }
] }"#;

#[test]
fn current_accounts_read_echeque_and_report_unknown_flags() {
    let response: bx::CurrentProductListResponse = serde_json::from_str(CURRENT).expect("decodes");
    let out = bochk::current(&bank(), response.products);
    assert_eq!(out.items.len(), 1);
    let c = &out.items[0];
    assert_eq!(c.echeque, Some(true));
    assert_eq!(c.info.name.zh_hant.as_deref(), Some("往來帳戶"));
    assert_eq!(c.rates, vec![]);
    assert_eq!(out.issues.len(), 1);
    assert_eq!(out.issues[0].field, "echeque");
    assert_eq!(out.issues[0].problem, Problem::UnknownValue("X".into()));
}

const TIME_DEPOSITS: &str = r#"{ "products": [
  { "lang": "en-US", "productcode": "TD01", "productname": "Time Deposit", "interestdepositfrequency": "At maturity",
    "minaccopenbalance": "50000",
    "ratetable": [
      { "currency": "HKD", "depositperiod": 3, "depositperiodunit": "M", "minamount": "10000", "interestrate": "3.2" },
      { "currency": "USD", "depositperiod": 2, "depositperiodunit": "W", "interestrate": "4.1" },
      { "currency": "HKD", "depositperiod": 1, "depositperiodunit": "Q", "interestrate": "3.0" },
      { "currency": "HKD", "depositperiod": 0, "depositperiodunit": "D", "interestrate": "3.0" },
      { "currency": "HKD", "depositperiod": 1, "depositperiodunit": "Y", "interestrate": "-1" }
    ] },
  { "lang": "zh-TW", "productcode": "TD01", "productname": "定期存款", "ratetable": [] }
] }"#;

#[test]
fn time_deposits_read_terms_and_leave_bad_rows_out() {
    let response: bx::TimeDepositProductListResponse =
        serde_json::from_str(TIME_DEPOSITS).expect("decodes");
    let out = bochk::time_deposits(&bank(), response.products);
    assert_eq!(out.items.len(), 1);
    let td = &out.items[0];
    assert_eq!(td.tiers.len(), 2);
    assert_eq!(
        td.tiers[0].term,
        Tenor {
            count: 3,
            unit: TenorUnit::Month
        }
    );
    assert_eq!(td.tiers[1].term, Tenor::days(14));
    assert_eq!(td.currencies, vec![Currency::HKD, Currency::USD]);
    assert_eq!(td.interest_frequency, Some(Frequency::AtMaturity));
    assert_eq!(td.min_deposit, Some(Amount::hkd(dec("50000"))));
    assert_eq!(td.info.name.zh_hant.as_deref(), Some("定期存款"));
    let problems: Vec<_> = out
        .issues
        .iter()
        .map(|i| (&i.field[..], &i.problem))
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert_eq!(
        problems[0],
        (
            "ratetable[2].depositperiodunit",
            &Problem::UnknownValue("Q".into())
        )
    );
    assert!(
        out.issues
            .iter()
            .all(|i| i.outcome == Outcome::EntryLeftOut)
    );
}

const CARDS: &str = r#"{ "products": [
  { "lang": "en-US", "cardid": "CC01", "cardname": "Example Platinum Card", "cardtype": "Visa Platinum",
    "annualfeehkd": "1800.00", "retailspendingapr": "35.11", "cashadvanceapr": "-1", "minannualsalaryreq": "150000.00" },
  { "lang": "zh-TW", "cardid": "CC01", "cardname": "白金卡", "cardtype": "Visa 白金" },
  { "lang": "en-US", "cardid": "CC02", "cardname": "Odd Card", "cardtype": "Diners Club" }
] }"#;

#[test]
fn credit_cards_read_network_fee_and_aprs() {
    let response: bx::CreditCardProductListResponse = serde_json::from_str(CARDS).expect("decodes");
    let out = bochk::credit_cards(&bank(), response.products);
    assert_eq!(out.items.len(), 2);
    let c = &out.items[0];
    assert_eq!(c.network, Some(CardNetwork::Visa));
    assert_eq!(c.level.as_deref(), Some("Visa Platinum"));
    assert_eq!(c.annual_fee, Some(Amount::hkd(dec("1800"))));
    assert_eq!(c.currency, Some(Currency::HKD));
    assert_eq!(c.purchase_apr, Some(dec("35.11")));
    assert_eq!(c.cash_advance_apr, None);
    assert_eq!(c.min_annual_income, Some(Amount::hkd(dec("150000"))));
    assert_eq!(c.info.name.zh_hant.as_deref(), Some("白金卡"));
    assert_eq!(
        out.items[1].network, None,
        "a network this version does not know"
    );
    assert_eq!(out.issues.len(), 1);
    assert_eq!(out.issues[0].problem, Problem::NegativeRate(dec("-1")));
}

const BOXES: &str = r#"{ "products": [
  { "lang": "en-US", "branchname": "Central Branch", "boxsize": "S", "height": "5", "width": "10", "depth": "20",
    "annualfeehkd": "800", "keydeposithkd": "500", "availability": "Y" },
  { "lang": "en-US", "branchname": "Central Branch", "boxsize": "L", "height": "0", "annualfeehkd": "-1" },
  { "lang": "zh-TW", "branchname": "中區分行", "boxsize": "S" },
  { "lang": "zh-TW", "branchname": "中區分行", "boxsize": "L" }
] }"#;

#[test]
fn safe_deposit_boxes_merge_by_position() {
    let response: bx::SafeDepositBoxListResponse = serde_json::from_str(BOXES).expect("decodes");
    let out = bochk::safe_deposit_boxes(&bank(), response.products);
    assert_eq!(out.items.len(), 2);
    let s = &out.items[0];
    assert_eq!(s.dimensions.as_deref(), Some("5 x 10 x 20"));
    assert_eq!(s.annual_rental, Some(Amount::hkd(dec("800"))));
    assert_eq!(s.available, Some(true));
    assert_eq!(s.branch_name.zh_hant.as_deref(), Some("中區分行"));
    let l = &out.items[1];
    assert_eq!(
        (l.size.as_str(), l.dimensions.as_deref(), l.annual_rental),
        ("L", None, None)
    );
    assert_eq!(out.issues.len(), 2);
}

const MORTGAGES: &str = r#"{ "products": [
  { "lang": "en-US", "productcode": "MG01", "productname": "HIBOR Mortgage", "maxloantovalueratio": "90",
    "maxrepaymentperiod": 30,
    "ratetable": [
      { "ratetype": "HIBOR", "margin": "1.3", "caprate": "4.125", "minloanamount": "500000" },
      { "ratetype": "PRIME", "margin": "-1.75" },
      { "ratetype": "FIXED", "fixedrate": "3.5", "fixedperiod": 2 },
      { "ratetype": "FIXED" },
      { "ratetype": "LIBOR", "margin": "1" }
    ] },
  { "lang": "zh-CN", "productcode": "MG01", "productname": "按揭", "maxloantovalueratio": "190" }
] }"#;

#[test]
fn mortgages_read_margins_caps_and_fixed_periods() {
    let response: bx::MortgageProductListResponse =
        serde_json::from_str(MORTGAGES).expect("decodes");
    let out = bochk::mortgages(&bank(), response.products);
    assert_eq!(out.items.len(), 1);
    let m = &out.items[0];
    assert_eq!(m.rates.len(), 3);
    assert_eq!(m.rates[0].kind, LoanRateKind::Hibor);
    assert_eq!(m.rates[0].cap, Some(dec("4.125")));
    assert_eq!(m.rates[1].rate, dec("-1.75"), "a margin may be negative");
    assert_eq!(
        m.rates[2].tenor,
        Some(Tenor {
            count: 2,
            unit: TenorUnit::Year
        })
    );
    assert_eq!(m.max_ltv_ratio, Some(dec("90")));
    assert_eq!(
        m.max_tenor,
        Some(Tenor {
            count: 30,
            unit: TenorUnit::Year
        })
    );
    assert_eq!(m.min_amount, Some(dec("500000")));
    assert_eq!(m.info.name.zh_hans.as_deref(), Some("按揭"));
    let fields: Vec<_> = out.issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "ratetable[3].fixedrate",
            "ratetable[4].ratetype",
            "maxloantovalueratio"
        ]
    );
}

const LOANS: &str = r#"{ "products": [
  { "lang": "en-US", "productname": "Example Personal Instalment Loan", "ratetableid": "PL-100K-12",
    "loanamount": "100000.00", "repaymentperiod": 12, "monthlyflatrate": "0.150", "annualisedpercentagerate": "3.69" },
  { "lang": "en-US", "productname": "Example Personal Instalment Loan", "ratetableid": "PL-100K-24",
    "loanamount": "100000.00", "repaymentperiod": 24, "monthlyflatrate": "0.180", "annualisedpercentagerate": "4.46" },
  { "lang": "en-US", "productname": "Example Personal Instalment Loan", "ratetableid": "PL-BAD",
    "repaymentperiod": 0, "annualisedpercentagerate": "4.46" },
  { "lang": "en-US", "productname": "Other Loan", "annualisedpercentagerate": "-2" },
  { "lang": "en-US", "productname": "Plain Loan", "annualisedpercentagerate": "6.1" },
  { "lang": "zh-TW", "productname": "私人分期貸款", "ratetableid": "PL-100K-24", "annualisedpercentagerate": "4.46" }
] }"#;

#[test]
fn loan_rows_become_one_product_per_name() {
    let response: bx::LoanProductListResponse = serde_json::from_str(LOANS).expect("decodes");
    let out = bochk::personal_loans(&bank(), PersonalLoanKind::Instalment, response.products);
    assert_eq!(out.items.len(), 2, "{:?}", out.items);
    let p = &out.items[0];
    assert_eq!(p.info.code, "Example Personal Instalment Loan");
    assert_eq!(p.info.name.zh_hant.as_deref(), Some("私人分期貸款"));
    assert_eq!(p.rates.len(), 2);
    assert_eq!(p.rates[0].kind, LoanRateKind::Flat);
    assert_eq!(
        p.rates[0].rate,
        dec("1.8"),
        "twelve times the monthly flat rate"
    );
    assert_eq!(p.rates[1].apr, Some(dec("4.46")));
    assert_eq!(
        p.max_tenor,
        Some(Tenor {
            count: 24,
            unit: TenorUnit::Month
        })
    );
    assert_eq!(p.max_amount, Some(dec("100000")));
    assert_eq!(p.kind, Some(PersonalLoanKind::Instalment));
    assert_eq!(out.items[1].rates[0].kind, LoanRateKind::Fixed);
    assert_eq!(out.issues.len(), 2);
    assert!(
        out.issues
            .iter()
            .all(|i| i.outcome == Outcome::EntryLeftOut)
    );
}

const FX: &str = r#"{ "products": [
  { "lang": "en-US", "ExchangeCode": "USD/HKD", "CurrencyName": "US Dollar", "Unit": 1,
    "BankBuy": "7.7800", "BankSell": "7.8400", "LastUpdateTime": "2024-05-02T09:30:00+08:00" },
  { "lang": "zh-TW", "ExchangeCode": "USD/HKD", "CurrencyName": "美元", "BankBuy": "7.7800", "BankSell": "7.8400" },
  { "lang": "en-US", "ExchangeCode": "JPY/HKD", "Unit": 0, "BankBuy": "0", "BankSell": "5.1" },
  { "lang": "en-US", "ExchangeCode": "GOLD", "BankBuy": "1", "BankSell": "1" },
  { "lang": "en-US", "ExchangeCode": "EUR", "BankBuy": "8.1", "BankSell": "8.3" }
] }"#;

#[test]
fn fx_rates_fill_the_board_they_come_from() {
    let response: bx::FxRateListResponse = serde_json::from_str(FX).expect("decodes");
    let notes = bochk::fx_rates(&bank(), FxBoard::HkdBanknote, response.products.clone());
    let tt = bochk::fx_rates(&bank(), FxBoard::UsdTelegraphicTransfer, response.products);
    assert_eq!(notes.items.len(), 3);
    let usd = &notes.items[0];
    assert_eq!(
        (usd.currency, usd.quote_currency),
        (Currency::USD, Currency::HKD)
    );
    assert_eq!(usd.note_buy, Some(dec("7.78")));
    assert_eq!(usd.tt_buy, None);
    assert_eq!(usd.currency_name.zh_hant.as_deref(), Some("美元"));
    assert!(usd.updated_at.is_some());
    assert_eq!(tt.items[0].tt_sell, Some(dec("7.84")));
    let eur = (&notes.items[2], &tt.items[2]);
    assert_eq!(
        (eur.0.quote_currency, eur.1.quote_currency),
        (Currency::HKD, Currency::USD),
        "a bare currency code is quoted in the board's currency"
    );
    let jpy = &notes.items[1];
    assert_eq!(
        (jpy.unit, jpy.note_buy, jpy.note_sell),
        (None, None, Some(dec("5.1")))
    );
    let outcomes: Vec<_> = notes
        .issues
        .iter()
        .map(|i| (i.field.as_str(), i.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("unit", Outcome::FieldLeftEmpty),
            ("bank_buy", Outcome::FieldLeftEmpty),
            ("exchange_code", Outcome::ItemLeftOut)
        ]
    );
}

const BRANCHES: &str = r#"{ "products": [
  { "lang": "en-US", "BranchCode": "001", "BranchName": "Central Branch", "Address": "1 Queen's Road", "Area": "Central",
    "latitude": "22.28", "longitude": "114.16", "openingHoursMonToFri": "09:00-17:00", "openingHoursSat": "09:00-13:00",
    "openingHoursSunAndPH": "", "SafeDepositBox": "Y" },
  { "lang": "zh-TW", "BranchCode": "001", "BranchName": "中區分行", "Address": "皇后大道1號", "openingHoursMonToFri": "上午9時" },
  { "lang": "en-US", "BranchName": "Airport", "latitude": "122.3", "longitude": "113.9",
    "openingHoursMonToFri": "by appointment", "openingHoursSunAndPH": "24 hours" }
] }"#;

#[test]
fn branches_read_hours_flags_and_positions() {
    let response: bx::BranchListResponse = serde_json::from_str(BRANCHES).expect("decodes");
    let out = bochk::branches(&bank(), response.products);
    assert_eq!(out.items.len(), 2);
    let b = &out.items[0];
    assert_eq!(b.code.as_deref(), Some("001"));
    assert_eq!(b.address.zh_hant.as_deref(), Some("皇后大道1號"));
    assert_eq!(b.district.as_deref(), Some("Central"));
    assert_eq!(b.opening_hours.len(), 6);
    assert_eq!(b.opening_hours[5].day, Weekday::Sat);
    assert_eq!(b.safe_deposit_boxes, Some(true));
    assert!(b.location.is_some());
    let a = &out.items[1];
    assert_eq!(a.code, None);
    assert_eq!(a.location, None);
    assert_eq!(
        a.opening_hours.len(),
        2,
        "24 hours on Sunday and public holidays"
    );
    assert_eq!(a.opening_hours[1].day, Weekday::PublicHoliday);
    assert_eq!(a.opening_hours[1].closes, "24:00");
    let fields: Vec<_> = out.issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, ["opening_hours_mon_to_fri", "latitude"]);
}
