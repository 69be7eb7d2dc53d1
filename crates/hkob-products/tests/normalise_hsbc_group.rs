//! The HSBC group normaliser on realistic answers: complete items, missing fields, unknown enum
//! values, amounts as JSON strings and numbers, and values that cannot be normalised.

use hkob_core::headers::Language;
use hkob_core::paging::Page;
use hkob_core::{Amount, Currency, Decimal};
use hkob_products::generated::hsbc_group::types as hx;
use hkob_products::model::{
    BankId, CardNetwork, Frequency, LoanRateKind, LoanSecurity, PersonalLoanKind, Tenor, Weekday,
};
use hkob_products::normalise::{Outcome, Problem, hsbc_group};

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal literal")
}

fn bank() -> BankId {
    BankId::new("hsbc")
}

const TIME_DEPOSITS: &str = r#"{
  "meta": { "TotalResults": 2 },
  "data": [ { "Brand": [ { "BrandName": "HSBC", "TimeDeposit": [
    {
      "Identification": "TD-HKD",
      "Name": "HKD Time Deposit",
      "CurrencyCode": "HKD",
      "CoreProduct": { "ProductDescription": "Fixed terms.", "ProductURL": "https://bank.example/td" },
      "MinimumDepositAmount": "10000",
      "CreditInterest": { "TierBand": [
        { "TermValue": 3, "TermUnit": "Month", "TierValueMinimum": "10000", "TierValueMaximum": "999999.99", "InterestRate": "3.35", "ApplicationFrequency": "AtMaturity" },
        { "TermValue": 3, "TermUnit": "Month", "TierValueMinimum": 1000000, "InterestRate": 3.6 },
        { "TermValue": 2, "TermUnit": "Week", "InterestRate": "2.0" },
        { "TermValue": 1, "TermUnit": "Fortnight", "InterestRate": "2.0" },
        { "TermValue": 6, "TermUnit": "Month", "InterestRate": "-0.5" },
        { "TermValue": 6, "TermUnit": "Month", "TierValueMinimum": "900000", "TierValueMaximum": "1000", "InterestRate": "3.2" },
        { "CurrencyCode": "USD", "TermValue": 1, "TermUnit": "Month", "InterestRate": "4.1" },
        { "CurrencyCode": "U$D", "TermValue": 1, "TermUnit": "Month", "InterestRate": "4.1" },
        { "InterestRate": "1.0" }
      ] }
    },
    { "Name": "No code deposit", "CreditInterest": { "TierBand": [] } }
  ] } ] } ]
}"#;

#[test]
fn time_deposits_keep_valid_tiers_and_report_the_rest() {
    let page: hx::TimeDepositListResponse = serde_json::from_str(TIME_DEPOSITS).expect("decodes");
    let out = hsbc_group::time_deposits(&bank(), Language::English, page.into_items());
    assert_eq!(out.items.len(), 1, "the product without a code is left out");
    let td = &out.items[0];
    assert_eq!(td.info.code, "TD-HKD");
    assert_eq!(td.info.name.en.as_deref(), Some("HKD Time Deposit"));
    assert_eq!(td.info.description.en.as_deref(), Some("Fixed terms."));
    assert_eq!(
        td.info.links.product_page.as_deref(),
        Some("https://bank.example/td")
    );
    assert_eq!(
        td.currencies,
        vec![Currency::HKD, Currency::new("USD").unwrap()]
    );
    assert_eq!(td.interest_frequency, Some(Frequency::AtMaturity));
    assert_eq!(td.min_deposit, Some(Amount::hkd(dec("10000"))));
    assert_eq!(td.tiers.len(), 4);
    assert_eq!(td.tiers[1].rate, dec("3.6"));
    assert_eq!(td.tiers[1].min_balance, Some(dec("1000000")));
    assert_eq!(td.tiers[2].term, Tenor::days(14), "weeks become days");
    assert_eq!(
        td.rate_for(Amount::hkd(dec("50000")), Tenor::months(3)),
        Some(dec("3.35"))
    );
    let problems: Vec<_> = out
        .issues
        .iter()
        .map(|i| (&i.field, &i.problem, i.outcome))
        .collect();
    assert!(problems.contains(&(
        &"CreditInterest.TierBand[3].TermUnit".to_owned(),
        &Problem::UnknownValue("Fortnight".into()),
        Outcome::EntryLeftOut
    )));
    assert!(problems.contains(&(
        &"CreditInterest.TierBand[4].InterestRate".to_owned(),
        &Problem::NegativeRate(dec("-0.5")),
        Outcome::EntryLeftOut
    )));
    assert!(problems.iter().any(|(f, p, _)| f.as_str()
        == "CreditInterest.TierBand[5].TierValueMinimum"
        && matches!(p, Problem::MinAboveMax { .. })));
    assert!(problems.contains(&(
        &"CreditInterest.TierBand[7].CurrencyCode".to_owned(),
        &Problem::InvalidCurrency("U$D".into()),
        Outcome::FieldLeftEmpty
    )));
    assert!(problems.contains(&(
        &"CreditInterest.TierBand[8].TermValue".to_owned(),
        &Problem::Missing,
        Outcome::EntryLeftOut
    )));
    assert!(problems.contains(&(
        &"Identification".to_owned(),
        &Problem::Missing,
        Outcome::ItemLeftOut
    )));
    assert!(out.issues.iter().all(|i| i.bank == bank()));
}

const SAVINGS: &str = r#"{
  "data": [ { "Brand": [ { "BrandName": "HSBC", "SavingsAccount": [
    {
      "Identification": "SAV-1",
      "Name": "Statement Savings",
      "CurrencyCode": "HKD",
      "Eligibility": { "AmountEligibility": [
        { "AmountType": "MinimumBalance", "Amount": "5000" },
        { "AmountType": "InitialDeposit", "Amount": 100, "CurrencyCode": "HKD" }
      ] },
      "CreditInterest": { "TierBand": [
        { "TierValueMaximum": "9999.99", "InterestRate": "0.001", "ApplicationFrequency": "Monthly" },
        { "TierValueMinimum": "10000", "InterestRate": 0.01, "ApplicationFrequency": "Monthly" }
      ] },
      "FeesCharges": { "FeeChargeDetail": [
        { "FeeType": "BelowMinimumBalance", "FeeAmount": "50", "FeeFrequency": "Monthly", "Notes": ["Average balance below HKD 5,000."] },
        { "FeeType": "Dormancy", "FeeRate": "1.5" }
      ] }
    },
    { "Identification": "SAV-2", "Name": "Basic", "CreditInterest": { "TierBand": [
      { "InterestRate": "0.01", "ApplicationFrequency": "Fortnightly" }
    ] } }
  ] } ] } ]
}"#;

#[test]
fn savings_read_thresholds_fees_and_unknown_frequencies() {
    let page: hx::SavingsAccountListResponse = serde_json::from_str(SAVINGS).expect("decodes");
    let out = hsbc_group::savings(&bank(), Language::English, page.into_items());
    assert_eq!(out.items.len(), 2);
    let s = &out.items[0];
    assert_eq!(s.min_balance, Some(dec("5000")));
    assert_eq!(s.min_initial_deposit, Some(Amount::hkd(dec("100"))));
    assert_eq!(s.rates.len(), 2);
    assert_eq!(s.rates[0].min_balance, None);
    assert_eq!(s.rates[0].currency, Some(Currency::HKD));
    assert_eq!(s.interest_frequency, Some(Frequency::Monthly));
    assert_eq!(s.info.fees.len(), 2);
    assert_eq!(s.info.fees[0].amount, Some(Amount::hkd(dec("50"))));
    assert_eq!(
        s.info.fees[0].name.en.as_deref(),
        Some("BelowMinimumBalance")
    );
    assert_eq!(
        s.info.fees[1].amount, None,
        "a fee given as a rate has no amount"
    );
    assert_eq!(
        s.info.effective_date, None,
        "the dialect has no effective date"
    );
    let basic = &out.items[1];
    assert_eq!(basic.currency, None);
    assert_eq!(
        basic.interest_frequency,
        Some(Frequency::Unknown("Fortnightly".into()))
    );
    assert_eq!(out.issues.len(), 1);
    assert_eq!(
        out.issues[0].problem,
        Problem::UnknownValue("Fortnightly".into())
    );
    assert_eq!(out.issues[0].product.as_deref(), Some("SAV-2"));
}

const CARDS: &str = r#"{
  "data": [ { "Brand": [ { "BrandName": "HSBC", "CreditCard": [
    { "Identification": "CC-RED", "Name": "Red Card", "CardScheme": "Mastercard", "CurrencyCode": "HKD",
      "APR": "35.17", "CashAdvanceAPR": 36.0, "MinCreditLimit": "10000",
      "Eligibility": { "AmountEligibility": [ { "AmountType": "AnnualIncome", "Amount": "120000" } ] },
      "FeesCharges": { "FeeChargeDetail": [ { "FeeType": "AnnualFee", "FeeAmount": "0" } ] } },
    { "Identification": "CC-X", "Name": "Diners", "CardScheme": "Diners", "APR": "-1" }
  ] } ] } ]
}"#;

#[test]
fn credit_cards_map_schemes_and_annual_fees() {
    let page: hx::CreditCardListResponse = serde_json::from_str(CARDS).expect("decodes");
    let out = hsbc_group::credit_cards(&bank(), Language::English, page.into_items());
    assert_eq!(out.items.len(), 2);
    let red = &out.items[0];
    assert_eq!(red.network, Some(CardNetwork::Mastercard));
    assert!(red.has_no_annual_fee());
    assert_eq!(red.purchase_apr, Some(dec("35.17")));
    assert_eq!(red.cash_advance_apr, Some(dec("36")));
    assert_eq!(red.min_annual_income, Some(Amount::hkd(dec("120000"))));
    let diners = &out.items[1];
    assert_eq!(diners.network, Some(CardNetwork::Unknown("Diners".into())));
    assert_eq!(diners.annual_fee, None, "an unstated fee is not zero");
    assert_eq!(diners.purchase_apr, None);
    assert_eq!(out.issues.len(), 2);
}

const UNSECURED: &str = r#"{
  "data": [ { "Brand": [ { "BrandName": "HSBC", "UnsecuredLoan": [
    { "Identification": "PIL", "Name": "Personal Instalment Loan", "CurrencyCode": "HKD", "LoanType": "Instalment",
      "LoanInterest": { "LoanInterestTierBand": [
        { "TierValueMinimum": "10000", "TierValueMaximum": "1000000", "MaximumTermMonths": 60,
          "FixedVariableInterestRateType": "Fixed", "InterestRate": "0.1", "APR": "2.37" },
        { "FixedVariableInterestRateType": "Fixed" }
      ] },
      "LoanCap": [ { "Amount": "1000000" } ] },
    { "Identification": "RL", "Name": "Revolving", "LoanType": "Overdraft",
      "LoanInterest": { "LoanInterestTierBand": [
        { "FixedVariableInterestRateType": "Variable", "ReferenceRate": "Prime", "Margin": "-1.5", "CapRate": "7.5" },
        { "FixedVariableInterestRateType": "Variable", "Margin": "1" },
        { "FixedVariableInterestRateType": "Floating", "InterestRate": "1" }
      ] } }
  ] } ] } ]
}"#;

#[test]
fn unsecured_loans_convert_monthly_flat_rates_and_keep_margins() {
    let page: hx::UnsecuredLoanListResponse = serde_json::from_str(UNSECURED).expect("decodes");
    let out = hsbc_group::unsecured_loans(&bank(), Language::English, page.into_items());
    assert_eq!(out.items.len(), 2);
    let pil = &out.items[0];
    assert_eq!(pil.security, LoanSecurity::Unsecured);
    assert_eq!(pil.kind, Some(PersonalLoanKind::Instalment));
    assert_eq!(pil.rates.len(), 1);
    assert_eq!(pil.rates[0].kind, LoanRateKind::Flat);
    assert_eq!(
        pil.rates[0].rate,
        dec("1.2"),
        "0.1% a month is 1.2% a year flat"
    );
    assert_eq!(pil.rates[0].tenor, Some(Tenor::months(60)));
    assert_eq!(pil.lowest_apr(), Some(dec("2.37")));
    assert_eq!(pil.max_amount, Some(dec("1000000")));
    assert_eq!(pil.max_tenor, Some(Tenor::months(60)));
    let rl = &out.items[1];
    assert_eq!(rl.kind, Some(PersonalLoanKind::Unknown("Overdraft".into())));
    assert_eq!(rl.rates.len(), 1);
    assert_eq!(rl.rates[0].kind, LoanRateKind::Prime);
    assert_eq!(rl.rates[0].rate, dec("-1.5"), "a discount on prime is kept");
    assert_eq!(rl.rates[0].cap, Some(dec("7.5")));
    let fields: Vec<_> = out.issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "LoanInterest.LoanInterestTierBand[1].InterestRate",
            "LoanType",
            "LoanInterest.LoanInterestTierBand[1].ReferenceRate",
            "LoanInterest.LoanInterestTierBand[2].FixedVariableInterestRateType",
        ]
    );
}

const FX: &str = r#"{
  "data": [ { "Brand": [ { "BrandName": "HSBC", "ExchangeRateType": [
    { "ExchangeRateTypeName": "TelegraphicTransfer", "ExchangeRate": [ { "BaseCurrencyCode": "HKD", "ExchangeRateTierBand": [
      { "CurrencyCode": "USD", "CurrencyName": "US Dollar", "BankBuyRate": "7.7895", "BankSellRate": 7.8295, "LastUpdateDateTime": "2024-05-02T09:30:00+08:00" },
      { "CurrencyCode": "JPY", "QuotationUnit": 100, "BankBuyRate": "4.9870", "BankSellRate": "0" },
      { "CurrencyCode": "XX", "BankBuyRate": "1", "BankSellRate": "1" }
    ] } ] },
    { "ExchangeRateTypeName": "Banknote", "ExchangeRate": [ { "BaseCurrencyCode": "HKD", "ExchangeRateTierBand": [
      { "CurrencyCode": "USD", "BankBuyRate": "7.70", "BankSellRate": "7.90" }
    ] } ] },
    { "ExchangeRateTypeName": "Cheque", "ExchangeRate": [] }
  ] } ] } ]
}"#;

#[test]
fn fx_rates_merge_tt_and_banknote_lists_per_currency() {
    let response: hx::ExchangeRateListResponse = serde_json::from_str(FX).expect("decodes");
    let out = hsbc_group::fx_rates(&bank(), Language::English, response);
    assert_eq!(out.items.len(), 2);
    let usd = &out.items[0];
    assert_eq!(usd.currency.code(), "USD");
    assert_eq!(usd.tt_buy, Some(dec("7.7895")));
    assert_eq!(usd.tt_sell, Some(dec("7.8295")));
    assert_eq!(usd.note_buy, Some(dec("7.70")));
    assert_eq!(usd.currency_name.en.as_deref(), Some("US Dollar"));
    assert!(usd.updated_at.is_some());
    let jpy = &out.items[1];
    assert_eq!(jpy.unit, Some(100));
    assert_eq!(jpy.tt_sell, None);
    let problems: Vec<_> = out.issues.iter().map(|i| (&i.problem, i.outcome)).collect();
    assert_eq!(problems.len(), 3);
    assert!(problems.contains(&(
        &Problem::InvalidCurrency("XX".into()),
        Outcome::EntryLeftOut
    )));
    assert!(problems.contains(&(
        &Problem::UnknownValue("Cheque".into()),
        Outcome::EntryLeftOut
    )));
}

const BRANCHES: &str = r#"{
  "data": [ { "Brand": [ { "BrandName": "HSBC", "Branch": [
    { "Identification": "BR-001", "Name": "Harbour Road Branch",
      "Address": { "AddressLine": ["G/F, 1 Example Harbour Road", "Wan Chai"], "DistrictName": "Wan Chai",
        "LatitudeDescription": "22.279900", "LongitudeDescription": 114.1716 },
      "ContactInformation": { "PhoneNumber": "+852 2000 0000" },
      "OpeningHours": [ { "OpenDayDescription": "Monday", "OpenTime": "09:00", "CloseTime": "16:30" },
                        { "OpenDayDescription": "Everyday", "OpenTime": "09:00", "CloseTime": "12:00" },
                        { "OpenDayDescription": "Sunday" } ],
      "Services": { "SafeDepositBoxIndicator": true } },
    { "Name": "Pop-up", "Address": { "LatitudeDescription": "122.3", "LongitudeDescription": "114.1" } }
  ] } ] } ]
}"#;

#[test]
fn branches_read_addresses_days_and_positions() {
    let page: hx::BranchListResponse = serde_json::from_str(BRANCHES).expect("decodes");
    let out = hsbc_group::branches(&bank(), Language::TraditionalChinese, page.into_items());
    assert_eq!(out.items.len(), 2, "a branch without a code is kept");
    let b = &out.items[0];
    assert_eq!(b.code.as_deref(), Some("BR-001"));
    assert_eq!(b.name.zh_hant.as_deref(), Some("Harbour Road Branch"));
    assert_eq!(
        b.address.zh_hant.as_deref(),
        Some("G/F, 1 Example Harbour Road, Wan Chai")
    );
    assert_eq!(b.location.map(|l| l.longitude), Some(dec("114.1716")));
    assert_eq!(b.safe_deposit_boxes, Some(true));
    assert_eq!(b.atm, None);
    assert_eq!(b.opening_hours.len(), 2);
    assert_eq!(b.opening_hours[0].day, Weekday::Mon);
    assert_eq!(b.opening_hours[1].day, Weekday::Unknown("Everyday".into()));
    assert_eq!(out.items[1].location, None);
    assert_eq!(out.issues.len(), 3);
}

mod catalog {
    use hkob_products::model::{PersonalLoan, SafeDepositBox, SavingsAccount, TimeDeposit};
    use hkob_products::{BankCredentials, BankProfile, Dialect, ProductCatalog};
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;

    async fn server() -> MockServer {
        let server = MockServer::start().await;
        let json = |body: &str| {
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .set_body_string(body.to_owned())
        };
        Mock::given(method("GET"))
            .and(path("/open-banking/v1.0/time-deposit-accounts"))
            .and(header("ClientID", "tsp-1"))
            .and(header("ClientSecret", "s3cret"))
            .respond_with(json(TIME_DEPOSITS))
            .mount(&server)
            .await;
        // Hang Seng style: no all-in-one list, savings at the other path.
        Mock::given(method("GET"))
            .and(path(
                "/open-banking/v1.0/personal-all-in-one-and-savings-accounts",
            ))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/open-banking/v1.0/personal-savings-accounts"))
            .and(header("ClientID", "tsp-1"))
            .respond_with(json(SAVINGS))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/open-banking/v1.0/personal-unsecured-loans"))
            .respond_with(json(UNSECURED))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/open-banking/v1.0/personal-secured-loans"))
            .respond_with(json(r#"{"data":[]}"#))
            .mount(&server)
            .await;
        server
    }

    fn catalog(server: &MockServer) -> ProductCatalog {
        ProductCatalog::new(vec![BankProfile::new(
            "hangseng",
            "Hang Seng Bank",
            Dialect::HsbcGroup,
            server.uri(),
            BankCredentials::client_secret("tsp-1", "s3cret"),
        )])
    }

    #[tokio::test]
    async fn the_catalog_fetches_hsbc_group_banks_with_client_id_headers() {
        let server = server().await;
        let catalog = catalog(&server);
        let deposits = catalog.fetch::<TimeDeposit>().await;
        assert!(deposits.failures.is_empty(), "{:?}", deposits.failures);
        assert_eq!(deposits.items.len(), 1);
        assert_eq!(deposits.items[0].info.bank, BankId::new("hangseng"));
        assert!(!deposits.issues.is_empty());
        let savings = catalog.fetch::<SavingsAccount>().await;
        assert!(savings.failures.is_empty(), "{:?}", savings.failures);
        assert_eq!(savings.items.len(), 2, "the savings path is the fallback");
        let loans = catalog.fetch::<PersonalLoan>().await;
        assert!(loans.failures.is_empty(), "{:?}", loans.failures);
        assert_eq!(loans.items.len(), 2);
    }

    #[tokio::test]
    async fn families_the_dialect_lacks_are_not_offered_rather_than_failed() {
        let server = server().await;
        let boxes = catalog(&server).fetch::<SafeDepositBox>().await;
        assert!(boxes.items.is_empty());
        assert!(boxes.failures.is_empty());
        assert_eq!(boxes.not_offered, vec![BankId::new("hangseng")]);
        assert!(
            server
                .received_requests()
                .await
                .unwrap_or_default()
                .is_empty(),
            "nothing is asked"
        );
    }
}
