//! The Standard Chartered normaliser on realistic answers: complete items, multi-currency
//! deposits, missing fields, unknown enum values, amounts as JSON strings and numbers, and values
//! that cannot be normalised; and the catalog against a local server.

use hkob_core::headers::Language;
use hkob_core::{Amount, Currency, Decimal};
use hkob_products::generated::standard_chartered::types as sx;
use hkob_products::model::{BankId, LoanRateKind, LoanSecurity, Tenor, Weekday};
use hkob_products::normalise::{Outcome, Problem, standard_chartered};

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal literal")
}

fn bank() -> BankId {
    BankId::new("scb")
}

const SAVINGS: &str = r#"{ "savings-accounts": [
  { "id": "1001", "code": "SAV", "sub-code": "SAV-MC", "title": "Multi-currency Savings",
    "summary": "One account for twelve currencies.", "currency": "HKD, USD, CNY, EUR",
    "initial-deposit": "0.00", "min-balance": "10000.00", "service-fee": "60.00",
    "deposit-rates": [
      { "currency": "HKD", "max-amount": "99999.99", "rate": "0.01" },
      { "currency": "HKD", "min-amount": 100000, "rate": 0.1 },
      { "currency": "USD", "min-amount": "500000", "max-amount": "100", "rate": "0.5" },
      { "currency": "US", "rate": "0.2" }
    ],
    "fees-and-charges": [ { "type": "Counter withdrawal", "description": "Per withdrawal", "amount": "50" } ],
    "product-url": "https://bank.example/sav", "last-updated": "20240502093000" },
  { "code": "SAV-HKD", "title": "HKD Savings", "currency": "HKD", "initial-deposit": "-1", "last-updated": "yesterday" }
] }"#;

#[test]
fn savings_handle_currency_lists_and_report_bad_values() {
    let response: sx::ProductListResponse = serde_json::from_str(SAVINGS).expect("decodes");
    let out = standard_chartered::savings(
        &bank(),
        Language::English,
        response.savings_accounts.unwrap_or_default(),
    );
    assert_eq!(out.items.len(), 2);
    let mc = &out.items[0];
    assert_eq!(mc.info.code, "SAV-MC", "the sub-code names the variant");
    assert_eq!(
        mc.currency, None,
        "several currencies: none is the account's"
    );
    assert_eq!(mc.min_initial_deposit, Some(Amount::hkd(dec("0"))));
    assert_eq!(mc.min_balance, Some(dec("10000")));
    assert_eq!(mc.rates.len(), 2);
    assert_eq!(mc.rates[1].min_balance, Some(dec("100000")));
    assert_eq!(mc.rates[1].rate, dec("0.1"));
    assert_eq!(mc.info.fees.len(), 2);
    assert_eq!(mc.info.fees[0].name.en.as_deref(), Some("service-fee"));
    assert_eq!(
        mc.info.fees[1].name.en.as_deref(),
        Some("Counter withdrawal")
    );
    assert_eq!(
        mc.info.fees[1].condition.en.as_deref(),
        Some("Per withdrawal")
    );
    assert_eq!(
        mc.info.last_updated.map(|d| d.to_string()),
        Some("2024-05-02".into())
    );
    assert_eq!(mc.interest_frequency, None, "the dialect states none");
    let hkd = &out.items[1];
    assert_eq!(hkd.info.code, "SAV-HKD");
    assert_eq!(hkd.currency, Some(Currency::HKD));
    assert_eq!(hkd.min_initial_deposit, None);
    assert_eq!(hkd.info.last_updated, None);
    let problems: Vec<_> = out
        .issues
        .iter()
        .map(|i| (i.product.as_deref(), i.field.as_str(), &i.problem))
        .collect();
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(
        problems
            .iter()
            .any(|(_, f, p)| *f == "deposit-rates[2].min-amount"
                && matches!(p, Problem::MinAboveMax { .. }))
    );
    assert!(problems.contains(&(
        Some("SAV-MC"),
        "deposit-rates[3].currency",
        &Problem::InvalidCurrency("US".into())
    )));
    assert!(problems.contains(&(
        Some("SAV-HKD"),
        "initial-deposit",
        &Problem::NegativeAmount(dec("-1"))
    )));
}

const TIME_DEPOSITS: &str = r#"{ "time-deposit-accounts": [
  { "code": "TD", "title": "Time Deposit", "currency": "HKD", "initial-deposit": "10000",
    "deposit-rates": [
      { "currency": "HKD", "tenor": 3, "tenor-unit": "M", "min-amount": "10000", "rate": "3.5" },
      { "currency": "HKD", "tenor": 1, "tenor-unit": "W", "rate": "1.0" },
      { "currency": "USD", "tenor": 6, "rate": "4.8" },
      { "currency": "HKD", "tenor": 2, "tenor-unit": "Q", "rate": "3.0" },
      { "currency": "HKD", "rate": "3.0" },
      { "currency": "HKD", "tenor": 0, "tenor-unit": "M", "rate": "3.0" }
    ] }
] }"#;

#[test]
fn time_deposit_rates_read_terms_and_leave_out_bad_ones() {
    let response: sx::ProductListResponse = serde_json::from_str(TIME_DEPOSITS).expect("decodes");
    let out = standard_chartered::time_deposits(
        &bank(),
        Language::English,
        response.time_deposit_accounts.unwrap_or_default(),
    );
    let td = &out.items[0];
    assert_eq!(td.tiers.len(), 3);
    assert_eq!(td.tiers[1].term, Tenor::days(7));
    assert_eq!(
        td.tiers[2].term,
        Tenor::months(6),
        "months when the unit is absent"
    );
    assert_eq!(
        td.currencies,
        vec![Currency::HKD, Currency::new("USD").unwrap()]
    );
    assert_eq!(td.min_deposit, Some(Amount::hkd(dec("10000"))));
    assert_eq!(
        td.rate_for(Amount::hkd(dec("20000")), Tenor::months(3)),
        Some(dec("3.5"))
    );
    let problems: Vec<_> = out.issues.iter().map(|i| (&i.problem, i.outcome)).collect();
    assert_eq!(
        problems,
        vec![
            (&Problem::UnknownValue("Q".into()), Outcome::EntryLeftOut),
            (&Problem::Missing, Outcome::EntryLeftOut),
            (&Problem::OutOfRange("term 0".into()), Outcome::EntryLeftOut),
        ]
    );
}

#[test]
fn cards_loans_and_mortgages_keep_what_the_dialect_states() {
    let cards: Vec<sx::CreditCardProduct> = serde_json::from_str(
        r#"[{ "code": "CC1", "title": "Smart Card", "card-category": "Platinum", "annual-fee": "0",
              "fee-waiver": "Waived for life", "purchase-apr": "35.18", "cash-advance-apr": 36,
              "eligibility": [ { "min-age": 18 }, { "min-annual-income": "96000" } ] }]"#,
    )
    .expect("cards decode");
    let out = standard_chartered::credit_cards(&bank(), Language::TraditionalChinese, cards);
    let card = &out.items[0];
    assert!(card.has_no_annual_fee());
    assert_eq!(card.network, None, "the dialect names no network");
    assert_eq!(card.level.as_deref(), Some("Platinum"));
    assert_eq!(card.info.name.zh_hant.as_deref(), Some("Smart Card"));
    assert_eq!(
        card.annual_fee_waiver.zh_hant.as_deref(),
        Some("Waived for life")
    );
    assert_eq!(card.min_annual_income, Some(Amount::hkd(dec("96000"))));
    assert!(out.issues.is_empty());

    let loans: Vec<sx::PersonalLoanProduct> = serde_json::from_str(
        r#"[{ "code": "PIL", "title": "Personal Instalment Loan",
              "loan-amount": { "min": "10000", "max": "4000000", "currency": "HKD" },
              "tenor": { "min": 6, "max": 60, "unit": "M" }, "monthly-flat-rate": "0.08",
              "apr": "1.95", "handling-fee": "0" },
            { "code": "BAD", "title": "Bad", "loan-amount": { "min": "50000", "max": "100" },
              "monthly-flat-rate": "-0.1" }]"#,
    )
    .expect("loans decode");
    let out = standard_chartered::personal_loans(&bank(), Language::English, loans);
    let pil = &out.items[0];
    assert_eq!(pil.security, LoanSecurity::Unsecured);
    assert_eq!(pil.rates[0].kind, LoanRateKind::Flat);
    assert_eq!(pil.rates[0].rate, dec("0.96"));
    assert_eq!(pil.lowest_apr(), Some(dec("1.95")));
    assert_eq!(pil.max_tenor, Some(Tenor::months(60)));
    assert_eq!(pil.max_amount, Some(dec("4000000")));
    let bad = &out.items[1];
    assert!(bad.rates.is_empty());
    assert_eq!((bad.min_amount, bad.max_amount), (None, None));
    assert_eq!(out.issues.len(), 2);

    let mortgages: Vec<sx::MortgageProduct> = serde_json::from_str(
        r#"[{ "code": "ML", "title": "Mortgage", "ltv": "90", "tenor": { "max": 30, "unit": "Y" },
              "interest-rates": [
                { "type": "HIBOR", "margin": "1.3", "cap-rate": "4.125" },
                { "type": "FIXED", "fixed-rate": "3.98", "fixed-period": 2 },
                { "type": "GREEN", "margin": "1" },
                { "type": "PRIME" }
              ] }]"#,
    )
    .expect("mortgages decode");
    let out = standard_chartered::mortgages(&bank(), Language::English, mortgages);
    let m = &out.items[0];
    assert_eq!(m.max_ltv_ratio, Some(dec("90")));
    assert_eq!(m.max_tenor, Some(Tenor::years(30)));
    assert_eq!(m.rates.len(), 2);
    assert_eq!(m.rates[0].kind, LoanRateKind::Hibor);
    assert_eq!(m.rates[0].cap, Some(dec("4.125")));
    assert_eq!(m.rates[1].tenor, Some(Tenor::years(2)));
    assert_eq!(out.issues.len(), 2);
}

#[test]
fn fx_rates_merge_tt_and_notes_per_currency() {
    let response: sx::FxRateListResponse = serde_json::from_str(
        r#"{ "fx-rates": [
          { "currency-pair": "USDHKD", "buy-price": "7.7850", "sell-price": "7.8350", "last-updated": "20240502093000" },
          { "currency-pair": "USDHKD", "rate-type": "NOTES", "buy-price": 7.70, "sell-price": "7.90" },
          { "currency-pair": "JPYHKD", "unit": 100, "buy-price": "4.98", "sell-price": "-5" },
          { "currency-pair": "USDCNY", "buy-price": "7.1", "sell-price": "7.2" },
          { "currency-pair": "EURHKD", "rate-type": "CHEQUE", "buy-price": "8.4", "sell-price": "8.5" }
        ] }"#,
    )
    .expect("decodes");
    let out = standard_chartered::fx_rates(&bank(), response.fx_rates);
    assert_eq!(out.items.len(), 2);
    let usd = &out.items[0];
    assert_eq!(usd.tt_buy, Some(dec("7.7850")));
    assert_eq!(usd.note_buy, Some(dec("7.70")));
    assert_eq!(
        usd.updated_at.map(|t| t.to_rfc3339()),
        Some("2024-05-02T09:30:00+08:00".into())
    );
    assert_eq!(out.items[1].unit, Some(100));
    assert_eq!(out.items[1].tt_sell, None);
    assert_eq!(out.issues.len(), 3);
}

const LOCATIONS: &str = r#"{ "locations": [
  { "id": "B001", "types": ["branch", "atm"], "status": "active", "title": "Central Branch",
    "address": { "address-lines": ["4-4A Example Road", "Central"], "district": "Central",
      "latitude": "22.2810", "longitude": "114.1590" },
    "telephone": "+852 2886 8868", "services": ["Cash Withdrawal", "Cash and Cheque Deposit Machines"],
    "regular-hours": [ { "open-day": 1, "open-time": "09:00 AM", "close-day": 1, "close-time": "05:00 PM" },
                       { "open-day": 8, "open-time": "09:00 AM", "close-day": 8, "close-time": "01:00 PM" } ] },
  { "id": "A002", "types": ["atm"], "title": "MTR ATM", "address": { "latitude": "222", "longitude": "114" },
    "services": ["Cash Withdrawal"] }
] }"#;

#[test]
fn locations_split_into_branches_and_atms() {
    let response: sx::LocationListResponse = serde_json::from_str(LOCATIONS).expect("decodes");
    let out = standard_chartered::branches(&bank(), Language::English, response.locations.clone());
    assert_eq!(out.items.len(), 1);
    let b = &out.items[0];
    assert_eq!(b.code.as_deref(), Some("B001"));
    assert_eq!(b.address.en.as_deref(), Some("4-4A Example Road, Central"));
    assert_eq!(b.opening_hours[0].day, Weekday::Mon);
    assert_eq!(b.opening_hours[0].opens, "09:00 AM");
    assert_eq!(b.opening_hours[1].day, Weekday::Unknown("8".into()));
    assert_eq!(out.issues.len(), 1);
    let out = standard_chartered::atms(&bank(), Language::English, response.locations);
    assert_eq!(out.items.len(), 2);
    assert_eq!(out.items[0].cash_deposit, Some(true));
    assert_eq!(out.items[0].cheque_deposit, Some(true));
    assert_eq!(out.items[1].cash_deposit, Some(false));
    assert_eq!(out.items[1].location, None);
    assert!(
        out.issues
            .iter()
            .any(|i| i.product.as_deref() == Some("A002") && i.field == "address.latitude")
    );
}

mod catalog {
    use hkob_core::headers::Language;
    use hkob_products::model::{SafeDepositBox, SavingsAccount};
    use hkob_products::{BankCredentials, BankProfile, CatalogOptions, Dialect, ProductCatalog};
    use wiremock::matchers::{body_string_contains, method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;

    #[tokio::test]
    async fn the_catalog_gets_a_token_then_merges_both_languages() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/retail/v1/oauth2/token"))
            .and(body_string_contains("grant_type=client_credentials"))
            .and(body_string_contains("client_id=tsp-sc"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": "tok-1", "token_type": "Bearer", "expires_in": 1800
            })))
            .expect(1)
            .mount(&server)
            .await;
        let zh = SAVINGS
            .replace("Multi-currency Savings", "綜合貨幣儲蓄")
            .replace("HKD Savings", "港元儲蓄");
        Mock::given(method("GET"))
            .and(path("/retail/v1/products"))
            .and(query_param("category", "SA"))
            .and(query_param("language", "zh-HK"))
            .and(wiremock::matchers::header("authorization", "Bearer tok-1"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(zh, "application/json"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/retail/v1/products"))
            .and(query_param("category", "SA"))
            .and(query_param("language", "en-HK"))
            .and(wiremock::matchers::header("authorization", "Bearer tok-1"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(SAVINGS, "application/json"))
            .mount(&server)
            .await;
        let catalog = ProductCatalog::with_options(
            vec![BankProfile::new(
                "scb",
                "Standard Chartered",
                Dialect::StandardChartered,
                server.uri(),
                BankCredentials::client_secret("tsp-sc", "sc-secret"),
            )],
            CatalogOptions::new().languages([Language::English, Language::TraditionalChinese]),
        );
        let savings = catalog.fetch::<SavingsAccount>().await;
        assert!(savings.failures.is_empty(), "{:?}", savings.failures);
        assert_eq!(savings.items.len(), 2);
        assert_eq!(
            savings.items[0].info.name.en.as_deref(),
            Some("Multi-currency Savings")
        );
        assert_eq!(
            savings.items[0].info.name.zh_hant.as_deref(),
            Some("綜合貨幣儲蓄")
        );
        let boxes = catalog.fetch::<SafeDepositBox>().await;
        assert!(boxes.failures.is_empty());
        assert_eq!(boxes.not_offered, vec![BankId::new("scb")]);
    }
}
