//! The JETCO APIX normaliser on realistic answers: complete items, missing fields, unknown enum
//! values, amounts as JSON strings and numbers, and values that cannot be normalised.

use hkob_core::headers::Language;
use hkob_core::{Amount, Currency, Decimal};
use hkob_products::generated::jetco_apix::types as jx;
use hkob_products::model::{
    BankId, CardNetwork, Frequency, LoanRateKind, LoanSecurity, MortgagePurpose, PersonalLoanKind,
    Tenor,
};
use hkob_products::normalise::{Outcome, Problem, jetco_apix};

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal literal")
}

fn bank() -> BankId {
    BankId::new("bea")
}

const TIME_DEPOSITS: &str = r#"{
  "totalPages": 1, "totalElements": 2, "pageSize": 20, "pageIdx": 1,
  "data": { "timeDepositProducts": [
    {
      "productCode": "TD-HKD",
      "productName": "HKD Time Deposit",
      "productDescription": "Fixed deposits from 7 days to 12 months.",
      "bankCode": "bea",
      "currencies": ["HKD", "USD", "HK$"],
      "rateInfo": [
        { "currency": "HKD", "depositTerm": 3, "depositTermUnit": "M", "minAmount": "10000.00", "maxAmount": "499999.99", "rate": "3.350" },
        { "currency": "HKD", "depositTerm": 3, "depositTermUnit": "M", "minAmount": 500000, "rate": 3.6 },
        { "currency": "HKD", "depositTerm": 12, "depositTermUnit": "M", "minAmount": "10000", "rate": "3.100" },
        { "currency": "HKD", "depositTerm": 2, "depositTermUnit": "W", "minAmount": "10000", "rate": "2.000" },
        { "currency": "HKD", "depositTerm": 6, "depositTermUnit": "M", "minAmount": "10000", "rate": "-0.500" },
        { "currency": "HKD", "depositTerm": 6, "depositTermUnit": "M", "minAmount": "900000", "maxAmount": "100000", "rate": "3.200" },
        { "currency": "H$D", "depositTerm": 1, "depositTermUnit": "M", "rate": "1.000" },
        { "currency": "USD", "depositTerm": 7, "depositTermUnit": "D", "minAmount": "1000", "rate": "4.100" }
      ],
      "depositFreq": "AT_MATURITY",
      "compoundingFreq": "FORTNIGHTLY",
      "withEarlyUplift": false,
      "eligibility": { "minInitialDeposit": "10000.00" },
      "serviceFees": [ { "chargeName": "Early uplift", "chargeAmount": "200", "chargeReq": "Per withdrawal" } ],
      "productPageLink": "https://www.bank.example/td",
      "effectiveDate": "2024-05-01"
    },
    {
      "productCode": "TD-MIN",
      "productName": "Online Time Deposit",
      "rateInfo": [
        { "currency": "HKD", "depositTerm": 1, "depositTermUnit": "Y", "rate": "3.000" }
      ]
    }
  ]}
}"#;

#[test]
fn time_deposits_keep_valid_tiers_and_report_the_rest() {
    let page: jx::TimeDepositProductListResponse =
        serde_json::from_str(TIME_DEPOSITS).expect("the fixture decodes");
    let out =
        jetco_apix::time_deposits(&bank(), Language::English, page.data.time_deposit_products);

    assert_eq!(out.items.len(), 2, "both products are kept");
    let td = &out.items[0];
    assert_eq!(td.info.bank, bank());
    assert_eq!(td.info.code, "TD-HKD");
    assert_eq!(td.info.name.en.as_deref(), Some("HKD Time Deposit"));
    assert_eq!(td.info.name.zh_hant, None);
    assert_eq!(td.currencies, vec![Currency::HKD, Currency::USD]);
    assert_eq!(td.tiers.len(), 4, "valid tiers only: {:?}", td.tiers);
    assert_eq!(td.interest_frequency, Some(Frequency::AtMaturity));
    assert_eq!(td.early_withdrawal, Some(false));
    assert_eq!(td.min_deposit, Some(Amount::hkd(dec("10000.00"))));
    assert_eq!(td.info.fees.len(), 1);
    assert_eq!(td.info.fees[0].amount, Some(Amount::hkd(dec("200"))));

    // Rates by tenor and balance tier, from string and number amounts alike.
    let hkd = |v: i64| Amount::hkd(Decimal::from(v));
    assert_eq!(
        td.rate_for(hkd(100_000), Tenor::months(3)),
        Some(dec("3.350"))
    );
    assert_eq!(
        td.rate_for(hkd(600_000), Tenor::months(3)),
        Some(dec("3.6"))
    );
    assert_eq!(td.rate_for(hkd(5_000), Tenor::months(3)), None);
    assert_eq!(
        td.rate_for(hkd(100_000), Tenor::years(1)),
        Some(dec("3.100"))
    );
    assert_eq!(td.rate_for(hkd(100_000), Tenor::months(6)), None);
    let usd = Amount::new(Decimal::from(5_000), Currency::USD);
    assert_eq!(td.rate_for(usd, Tenor::days(7)), Some(dec("4.100")));

    // A product with only its required fields: everything else empty, nothing invented.
    let bare = &out.items[1];
    assert!(bare.currencies.is_empty());
    assert!(bare.info.description.is_empty());
    assert_eq!(bare.interest_frequency, None);
    assert_eq!(bare.min_deposit, None);
    assert_eq!(bare.early_withdrawal, None);
    assert_eq!(bare.tiers[0].term, Tenor::years(1));
    assert_eq!(bare.tiers[0].min_balance, None);
    assert_eq!(
        bare.rate_for(hkd(1), Tenor::months(12)),
        Some(dec("3.000")),
        "12 months is the same length as 1 year"
    );

    let problems: Vec<(&str, &Problem, Outcome)> = out
        .issues
        .iter()
        .map(|i| (i.field.as_str(), &i.problem, i.outcome))
        .collect();
    assert_eq!(
        problems,
        vec![
            (
                "rateInfo[3].depositTermUnit",
                &Problem::UnknownValue("W".into()),
                Outcome::EntryLeftOut
            ),
            (
                "rateInfo[4].rate",
                &Problem::NegativeRate(dec("-0.500")),
                Outcome::EntryLeftOut
            ),
            (
                "rateInfo[5].minAmount",
                &Problem::MinAboveMax {
                    min: dec("900000"),
                    max: dec("100000")
                },
                Outcome::EntryLeftOut
            ),
            (
                "rateInfo[6].currency",
                &Problem::InvalidCurrency("H$D".into()),
                Outcome::EntryLeftOut
            ),
            (
                "currencies[2]",
                &Problem::InvalidCurrency("HK$".into()),
                Outcome::EntryLeftOut
            ),
        ]
    );
    assert!(out.issues.iter().all(|i| i.bank == bank()));
    assert!(
        out.issues
            .iter()
            .all(|i| i.product.as_deref() == Some("TD-HKD"))
    );
}

const SAVINGS: &str = r#"{
  "totalPages": 1, "totalElements": 2, "pageSize": 20, "pageIdx": 1,
  "data": { "savingsProducts": [
    {
      "productCode": "SAV01",
      "productName": "港元儲蓄戶口",
      "currency": "HKD",
      "rateInfo": [
        { "currency": "HKD", "minAmount": "0", "maxAmount": "9999.99", "rate": "0.001" },
        { "currency": "HKD", "minAmount": 10000, "rate": 0.125 }
      ],
      "depositFreq": "MONTHLY",
      "minBalance": 5000,
      "eligibility": { "minAge": 18, "minInitialDeposit": "100", "currency": "CNY" },
      "serviceFees": [ { "chargeName": "低於最低結餘服務費", "chargeAmount": "50", "currency": "HKD" } ],
      "bankService": { "withFPS": true }
    },
    {
      "productCode": "SAV02",
      "productName": "  ",
      "depositFreq": "EVERY_BLUE_MOON",
      "minBalance": "-10"
    }
  ]}
}"#;

#[test]
fn savings_in_chinese_with_missing_fields_and_an_unknown_frequency() {
    let page: jx::SavingsProductListResponse =
        serde_json::from_str(SAVINGS).expect("the fixture decodes");
    let out = jetco_apix::savings(
        &bank(),
        Language::TraditionalChinese,
        page.data.savings_products,
    );
    assert_eq!(out.items.len(), 2);
    let s = &out.items[0];
    assert_eq!(s.info.name.zh_hant.as_deref(), Some("港元儲蓄戶口"));
    assert_eq!(s.info.name.en, None, "the English name was not fetched");
    assert_eq!(s.currency, Some(Currency::HKD));
    assert_eq!(s.rates.len(), 2);
    assert_eq!(s.rates[1].rate, dec("0.125"));
    assert_eq!(s.rates[1].max_balance, None);
    assert_eq!(s.min_balance, Some(Decimal::from(5000)));
    assert_eq!(
        s.min_initial_deposit,
        Some(Amount::new(Decimal::from(100), Currency::CNY))
    );
    assert_eq!(
        s.info.fees[0].name.zh_hant.as_deref(),
        Some("低於最低結餘服務費")
    );

    let bare = &out.items[1];
    assert!(bare.info.name.is_empty(), "blank text is no text");
    assert!(bare.rates.is_empty());
    assert_eq!(bare.currency, None);
    assert_eq!(
        bare.interest_frequency,
        Some(Frequency::Unknown("EVERY_BLUE_MOON".into()))
    );
    assert_eq!(bare.min_balance, None);
    let issues: Vec<_> = out
        .issues
        .iter()
        .map(|i| (i.product.as_deref(), i.field.as_str(), i.outcome))
        .collect();
    assert_eq!(
        issues,
        vec![
            (Some("SAV02"), "depositFreq", Outcome::KeptAsUnknown),
            (Some("SAV02"), "minBalance", Outcome::FieldLeftEmpty),
        ]
    );
}

const CARDS: &str = r#"{
  "totalPages": 1, "totalElements": 3, "pageSize": 20, "pageIdx": 1,
  "data": { "creditCardProducts": [
    { "productCode": "CC-VISA", "productName": "Visa Platinum", "cardCompany": "VISA", "cardLevel": "Platinum",
      "currency": "HKD", "annualFee": "1800.00", "purchaseApr": "35.72", "cashAdvanceApr": 36.16,
      "minCreditLimit": "10000.00", "eligibility": { "minAnnualIncome": "150000" } },
    { "productCode": "CC-FREE", "productName": "Mastercard Free", "cardCompany": "MASTER", "annualFee": 0,
      "purchaseApr": "33.00" },
    { "productCode": "CC-DC", "productName": "Diners Club", "cardCompany": "DINERS", "purchaseApr": "-1" }
  ]}
}"#;

#[test]
fn credit_cards_map_networks_and_keep_unknown_ones() {
    let page: jx::CreditCardProductListResponse =
        serde_json::from_str(CARDS).expect("the fixture decodes");
    let out = jetco_apix::credit_cards(&bank(), Language::English, page.data.credit_card_products);
    assert_eq!(out.items.len(), 3);
    let [visa, free, diners] = [&out.items[0], &out.items[1], &out.items[2]];
    assert_eq!(visa.network, Some(CardNetwork::Visa));
    assert_eq!(visa.annual_fee, Some(Amount::hkd(dec("1800.00"))));
    assert_eq!(visa.cash_advance_apr, Some(dec("36.16")));
    assert_eq!(visa.min_credit_limit, Some(dec("10000.00")));
    assert_eq!(visa.max_credit_limit, None, "APIX gives no maximum limit");
    assert_eq!(
        visa.min_annual_income,
        Some(Amount::hkd(Decimal::from(150_000)))
    );
    assert!(!visa.has_no_annual_fee());
    assert_eq!(free.network, Some(CardNetwork::Mastercard));
    assert!(free.has_no_annual_fee());
    assert_eq!(free.currency, None);
    assert_eq!(diners.network, Some(CardNetwork::Unknown("DINERS".into())));
    assert_eq!(diners.purchase_apr, None);
    assert!(
        !diners.has_no_annual_fee(),
        "an unstated fee is not a zero fee"
    );
    let fields: Vec<_> = out.issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, vec!["cardCompany", "purchaseApr"]);
}

const MORTGAGES: &str = r#"{
  "totalPages": 1, "totalElements": 1, "pageSize": 20, "pageIdx": 1,
  "data": { "mortgageProducts": [
    { "productCode": "MTG", "productName": "HIBOR Mortgage", "loanPurpose": "5", "currency": "HKD",
      "rateInfo": [
        { "rateType": "HIBOR", "rate": "1.30", "capRate": "4.125", "apr": "5.95" },
        { "rateType": "PRIME", "rate": "-1.75", "apr": "4.10" },
        { "rateType": "STEP_UP", "rate": "2.00", "tenor": 3, "tenorUnit": "Y" }
      ],
      "minLoanAmount": "30000000", "maxLoanAmount": "500000", "tenor": 30, "tenorUnit": "Y",
      "maxLtvRatio": "190" }
  ]}
}"#;

#[test]
fn mortgages_report_crossed_bounds_and_unknown_codes() {
    let page: jx::MortgageProductListResponse =
        serde_json::from_str(MORTGAGES).expect("the fixture decodes");
    let out = jetco_apix::mortgages(&bank(), Language::English, page.data.mortgage_products);
    let m = &out.items[0];
    assert_eq!(m.purpose, Some(MortgagePurpose::Unknown("5".into())));
    assert_eq!(m.rates.len(), 3);
    assert_eq!(m.rates[0].kind, LoanRateKind::Hibor);
    assert_eq!(m.rates[0].cap, Some(dec("4.125")));
    assert_eq!(
        m.rates[1].rate,
        dec("-1.75"),
        "a prime margin may be negative"
    );
    assert_eq!(m.rates[2].kind, LoanRateKind::Unknown("STEP_UP".into()));
    assert_eq!(m.rates[2].tenor, Some(Tenor::years(3)));
    assert_eq!((m.min_amount, m.max_amount), (None, None));
    assert_eq!(m.max_tenor, Some(Tenor::years(30)));
    assert_eq!(m.max_ltv_ratio, None);
    let fields: Vec<_> = out.issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "loanPurpose",
            "minLoanAmount",
            "rateInfo[2].rateType",
            "maxLtvRatio"
        ]
    );
}

#[test]
fn secured_and_unsecured_loans_become_personal_loans() {
    let secured: jx::SecuredLoanProductListResponse = serde_json::from_str(
        r#"{ "totalPages": 1, "totalElements": 1, "pageSize": 20, "pageIdx": 1,
             "data": { "securedLoanProducts": [
               { "productCode": "SL", "productName": "Deposit-secured loan", "collateralType": ["DEPOSIT", "ART"],
                 "rateInfo": [ { "rateType": "FIXED", "rate": "3.5", "apr": "3.9" } ] } ] } }"#,
    )
    .expect("decodes");
    let unsecured: jx::UnsecuredLoanProductListResponse = serde_json::from_str(
        r#"{ "totalPages": 1, "totalElements": 1, "pageSize": 20, "pageIdx": 1,
             "data": { "unsecuredLoanProducts": [
               { "productCode": "PL", "productName": "Tax loan", "loanType": "TAX",
                 "rateInfo": [ { "rateType": "FLAT", "rate": "0.9", "apr": "2.1" }, { "rateType": "FLAT", "rate": "1.1", "apr": "1.8" } ] } ] } }"#,
    )
    .expect("decodes");
    let s = jetco_apix::secured_loans(
        &bank(),
        Language::English,
        secured.data.secured_loan_products,
    );
    let u = jetco_apix::unsecured_loans(
        &bank(),
        Language::English,
        unsecured.data.unsecured_loan_products,
    );
    assert!(s.items[0].is_secured());
    match &s.items[0].security {
        LoanSecurity::Secured(c) => assert_eq!(c.len(), 2),
        other => panic!("expected secured, got {other:?}"),
    }
    assert_eq!(s.issues.len(), 1, "the unknown collateral `ART`");
    assert_eq!(s.items[0].lowest_apr(), Some(dec("3.9")));
    assert!(!u.items[0].is_secured());
    assert_eq!(u.items[0].kind, Some(PersonalLoanKind::Tax));
    assert_eq!(u.items[0].lowest_apr(), Some(dec("1.8")));
    assert!(u.issues.is_empty());
}

const FX: &str = r#"{
  "totalPages": 1, "totalElements": 3, "pageSize": 20, "pageIdx": 1,
  "data": { "fxRates": [
    { "currencyCode": "USD", "currencyName": "US Dollar",
      "ttRateInfo": { "bidRate": "7.7810", "offerRate": "7.8190", "lastUpdateDatetime": "2024-05-02T09:30:00+08:00" },
      "noteRateInfo": { "bidRate": 7.72, "offerRate": "7.87" } },
    { "currencyCode": "JPY", "ttRateInfo": { "bidRate": "5.01", "offerRate": "0", "unit": 100 } },
    { "currencyCode": "US-D", "ttRateInfo": { "bidRate": "1", "offerRate": "1" } }
  ]}
}"#;

#[test]
fn fx_rates_drop_items_without_a_currency_code() {
    let page: jx::FxRateListResponse = serde_json::from_str(FX).expect("the fixture decodes");
    let out = jetco_apix::fx_rates(&bank(), Language::English, page.data.fx_rates);
    assert_eq!(out.items.len(), 2);
    let usd = &out.items[0];
    assert_eq!(usd.currency, Currency::USD);
    assert_eq!(usd.quote_currency, Currency::HKD);
    assert_eq!(usd.tt_buy, Some(dec("7.7810")));
    assert_eq!(usd.tt_sell, Some(dec("7.8190")));
    assert_eq!(usd.note_buy, Some(dec("7.72")));
    assert_eq!(usd.note_sell, Some(dec("7.87")));
    assert!(usd.updated_at.is_some());
    let jpy = &out.items[1];
    assert_eq!(jpy.unit, Some(100));
    assert_eq!(jpy.tt_sell, None, "a zero rate is reported, not kept");
    assert_eq!(jpy.note_buy, None);
    let outcomes: Vec<_> = out
        .issues
        .iter()
        .map(|i| (i.product.as_deref(), i.outcome))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            (Some("JPY"), Outcome::FieldLeftEmpty),
            (Some("US-D"), Outcome::ItemLeftOut)
        ]
    );
}

#[test]
fn locations_keep_their_codes_and_coordinates() {
    let branches: jx::BranchListResponse = serde_json::from_str(
        r#"{ "totalPages": 1, "totalElements": 2, "pageSize": 20, "pageIdx": 1,
             "data": { "branches": [
               { "branchCode": "001", "branchName": "Central", "address": "10 Des Voeux Road Central",
                 "hkDistrict": "CentralNWestern", "latitude": "22.2819", "longitude": 114.1578,
                 "openingHours": [ { "day": "MON", "openTime": "09:00", "closeTime": "17:00" } ], "withAtm": true },
               { "branchName": "Nowhere", "address": "Somewhere", "latitude": "222.1", "longitude": "114" } ] } }"#,
    )
    .expect("decodes");
    let out = jetco_apix::branches(&bank(), Language::English, branches.data.branches);
    assert_eq!(out.items.len(), 2);
    let central = &out.items[0];
    assert_eq!(central.code.as_deref(), Some("001"));
    assert_eq!(central.district.as_deref(), Some("CentralNWestern"));
    assert_eq!(central.location.map(|p| p.longitude), Some(dec("114.1578")));
    assert_eq!(central.opening_hours.len(), 1);
    assert_eq!(out.items[1].location, None);
    assert_eq!(out.issues.len(), 1);
}

#[test]
fn the_wire_form_of_every_issue_names_bank_product_and_field() {
    let page: jx::TimeDepositProductListResponse =
        serde_json::from_str(TIME_DEPOSITS).expect("the fixture decodes");
    let out =
        jetco_apix::time_deposits(&bank(), Language::English, page.data.time_deposit_products);
    let first = out
        .issues
        .first()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert_eq!(
        first,
        "bea TD-HKD `rateInfo[3].depositTermUnit`: unknown value `W` (entry left out)"
    );
}

#[test]
fn deposit_boxes_default_to_hkd_only_where_the_spec_says_so() {
    let page: jx::DepositBoxListResponse = serde_json::from_str(
        r#"{ "totalPages": 1, "totalElements": 3, "pageSize": 20, "pageIdx": 1,
             "data": { "boxDetails": [
               { "branchCode": "001", "branchName": "Central", "boxSize": "S", "rentalFee": "900.00", "keyDeposit": 1000, "available": true },
               { "branchCode": "002", "branchName": "Mong Kok", "boxSize": "L", "currency": "USD", "rentalFee": "300" },
               { "branchCode": "003", "branchName": "Sha Tin", "boxSize": "M", "currency": "??", "rentalFee": "-5" } ] } }"#,
    )
    .expect("decodes");
    let out = jetco_apix::safe_deposit_boxes(&bank(), Language::English, page.data.box_details);
    assert_eq!(out.items.len(), 3);
    assert_eq!(out.items[0].annual_rental, Some(Amount::hkd(dec("900.00"))));
    assert_eq!(
        out.items[0].key_deposit,
        Some(Amount::hkd(Decimal::from(1000)))
    );
    assert_eq!(
        out.items[1].annual_rental,
        Some(Amount::new(Decimal::from(300), Currency::USD))
    );
    assert_eq!(out.items[2].annual_rental, None);
    let fields: Vec<_> = out.issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, vec!["currency", "rentalFee"]);
}

#[test]
fn current_fcy_and_atms_keep_what_apix_gives() {
    let current: jx::CurrentProductListResponse = serde_json::from_str(
        r#"{ "totalPages": 1, "totalElements": 1, "pageSize": 20, "pageIdx": 1,
             "data": { "currentProducts": [
               { "productCode": "CUR", "productName": "Current Account", "currency": "HKD", "minBalance": "10000",
                 "bankService": { "withEcheque": true } } ] } }"#,
    )
    .expect("decodes");
    let c = jetco_apix::current(&bank(), Language::English, current.data.current_products);
    assert_eq!(c.items[0].echeque, Some(true));
    assert!(c.items[0].rates.is_empty());
    assert_eq!(c.items[0].min_balance, Some(Decimal::from(10_000)));

    let fcy: jx::FcyProductListResponse = serde_json::from_str(
        r#"{ "totalPages": 1, "totalElements": 1, "pageSize": 20, "pageIdx": 1,
             "data": { "fcyProducts": [
               { "productCode": "FCY", "productName": "Multi-currency", "currencies": ["USD", "EUR"],
                 "rateInfo": [ { "currency": "USD", "minAmount": "100", "rate": "1.25" }, { "currency": "EUR", "rate": "0.5", "minAmount": "500", "maxAmount": "100" } ],
                 "minBalance": "5000" } ] } }"#,
    )
    .expect("decodes");
    let f = jetco_apix::foreign_currency(&bank(), Language::English, fcy.data.fcy_products);
    assert_eq!(f.items[0].currencies, vec![Currency::USD, Currency::EUR]);
    assert_eq!(f.items[0].rates.len(), 1);
    assert_eq!(f.items[0].rates[0].currency, Some(Currency::USD));
    assert_eq!(
        f.items[0].min_balance,
        Some(Amount::hkd(Decimal::from(5_000))),
        "APIX states it as an HKD equivalent"
    );
    assert_eq!(f.issues.len(), 1);

    let atms: jx::AtmListResponse = serde_json::from_str(
        r#"{ "totalPages": 1, "totalElements": 1, "pageSize": 20, "pageIdx": 1,
             "data": { "atms": [
               { "atmCode": "A1", "address": "MTR Central Exit A", "withCdm": true, "fcyCurrencies": ["USD", "RMB1"],
                 "atmProviderNetwork": "JETCO", "openingHours": [ { "day": "XMAS", "openTime": "00:00", "closeTime": "23:59" } ] } ] } }"#,
    )
    .expect("decodes");
    let a = jetco_apix::atms(&bank(), Language::English, atms.data.atms);
    assert_eq!(a.items[0].code.as_deref(), Some("A1"));
    assert!(a.items[0].name.is_empty());
    assert_eq!(a.items[0].foreign_currency_notes, vec![Currency::USD]);
    assert_eq!(a.items[0].network.as_deref(), Some("JETCO"));
    let fields: Vec<_> = a.issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, vec!["openingHours[0].day", "fcyCurrencies[1]"]);
}
