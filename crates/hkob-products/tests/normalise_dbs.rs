//! The DBS normaliser on realistic answers: items in several languages merged by code, missing
//! fields, unknown enum values, amounts as JSON strings and numbers, and values that cannot be
//! normalised; and the catalog against a local server.

use hkob_core::{Amount, Currency, Decimal};
use hkob_products::generated::dbs::types as dx;
use hkob_products::model::{BankId, Frequency, LoanRateKind, Tenor, Weekday};
use hkob_products::normalise::{Outcome, Problem, dbs};

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal literal")
}

fn bank() -> BankId {
    BankId::new("dbs")
}

const TIME_DEPOSITS: &str = r#"{ "timeDepositProductInfo": [
  { "language": "zh_TW", "productId": "TD01", "productName": "定期存款", "currencies": ["HKD", "USD"],
    "interestRatesDetl": { "interestRate": [
      { "rateType": "standard", "rate": "3.2", "minimumDepositAmount": { "amount": 10000, "currency": "HKD" }, "depositPeriod": "3M" }
    ] } },
  { "language": "en_US", "productId": "TD01", "productName": "Time Deposit", "currencies": ["HKD", "USD"],
    "moreInfo": { "description": "Fixed terms from 7 days." },
    "interestRatesDetl": {
      "interestRate": [
        { "rateType": "standard", "rate": "3.2", "minimumDepositAmount": { "amount": 10000, "currency": "HKD" }, "depositPeriod": "3M" },
        { "rateType": "standard", "rate": 3.5, "minimumDepositAmount": { "amount": "500000", "currency": "HKD" }, "depositPeriod": "3m" },
        { "rateType": "standard", "rate": "4.1", "minimumDepositAmount": { "amount": "1000", "currency": "USD" }, "depositPeriod": "2W" },
        { "rateType": "promotional", "rate": "5.0", "minimumDepositAmount": { "amount": "10000", "currency": "HKD" }, "depositPeriod": "1M" },
        { "rateType": "bonus", "rate": "5.0", "depositPeriod": "1M" },
        { "rateType": "standard", "rate": "3.0", "minimumDepositAmount": { "amount": "10000", "currency": "HKD" }, "depositPeriod": "six months" },
        { "rateType": "standard", "rate": "3.0", "minimumDepositAmount": { "amount": "10000", "currency": "HKD" } },
        { "rateType": "standard", "rate": "-1", "minimumDepositAmount": { "amount": "10000", "currency": "HKD" }, "depositPeriod": "1Y" }
      ],
      "interestCalculation": { "creditingFrequency": "atMaturity" } },
    "eligibilityCriteria": { "criteriaAmountType": "Initial Minimum Balance Amount", "amount": { "amount": 10000, "currency": "HKD" } },
    "feeChargeDetl": [ { "feeType": "earlyUpliftFee", "feeAmount": { "amount": 200, "currency": "HKD" }, "feeDescription": "Per withdrawal" } ] }
] }"#;

#[test]
fn time_deposits_merge_languages_and_read_periods() {
    let response: dx::TimeDepositListResponse =
        serde_json::from_str(TIME_DEPOSITS).expect("decodes");
    let out = dbs::time_deposits(&bank(), response.time_deposit_product_info);
    assert_eq!(out.items.len(), 1, "one product in two languages");
    let td = &out.items[0];
    assert_eq!(td.info.name.en.as_deref(), Some("Time Deposit"));
    assert_eq!(td.info.name.zh_hant.as_deref(), Some("定期存款"));
    assert_eq!(
        td.info.description.en.as_deref(),
        Some("Fixed terms from 7 days.")
    );
    assert_eq!(td.tiers.len(), 3, "numbers come from the English item");
    assert_eq!(td.tiers[1].rate, dec("3.5"));
    assert_eq!(td.tiers[2].term, Tenor::days(14));
    assert_eq!(td.tiers[2].currency, Currency::new("USD").unwrap());
    assert_eq!(td.interest_frequency, Some(Frequency::AtMaturity));
    assert_eq!(td.min_deposit, Some(Amount::hkd(dec("10000"))));
    assert_eq!(td.info.fees[0].amount, Some(Amount::hkd(dec("200"))));
    assert_eq!(
        td.rate_for(Amount::hkd(dec("600000")), Tenor::months(3)),
        Some(dec("3.5"))
    );
    let problems: Vec<_> = out.issues.iter().map(|i| (&i.problem, i.outcome)).collect();
    assert_eq!(
        problems,
        vec![
            (
                &Problem::UnknownValue("bonus".into()),
                Outcome::EntryLeftOut
            ),
            (
                &Problem::UnknownValue("six months".into()),
                Outcome::EntryLeftOut
            ),
            (&Problem::Missing, Outcome::EntryLeftOut),
            (&Problem::NegativeRate(dec("-1")), Outcome::EntryLeftOut),
        ]
    );
}

#[test]
fn loans_convert_monthly_flat_rates_and_keep_margins() {
    let response: dx::MortgageListResponse = serde_json::from_str(
        r#"{ "mortagageProductInfo": [
          { "language": "en_US", "productId": "ML1", "productName": "HIBOR Mortgage",
            "loanPricingDetl": { "minimumLoanAmount": { "amount": "500000", "currency": "HKD" },
              "maximumLoanTenure": 360, "maximumLoanToValueRatio": "90",
              "interestRateDetl": [ { "rateType": "hibor", "rate": "1.3", "capRate": "4.125" },
                                    { "rateType": "prime", "rate": "-1.75" },
                                    { "rateType": "green" } ] } } ] }"#,
    )
    .expect("mortgages decode");
    let out = dbs::mortgages(&bank(), response.mortagage_product_info);
    let m = &out.items[0];
    assert_eq!(m.max_tenor, Some(Tenor::months(360)));
    assert_eq!(m.max_ltv_ratio, Some(dec("90")));
    assert_eq!(m.min_amount, Some(dec("500000")));
    assert_eq!(m.currency, Some(Currency::HKD));
    assert_eq!(m.rates.len(), 2);
    assert_eq!(m.rates[0].kind, LoanRateKind::Hibor);
    assert_eq!(m.rates[1].rate, dec("-1.75"));
    assert_eq!(out.issues.len(), 1);

    let response: dx::UnsecuredLoanListResponse = serde_json::from_str(
        r#"{ "unsecuredLoanProductInfo": [
          { "language": "en_US", "productId": "PIL", "productName": "Personal Loan",
            "loanPricingDetl": { "interestRateDetl": [
              { "rateType": "monthlyFlat", "rate": "0.1", "annualPercentageRate": "2.5", "tenure": 60 } ] } } ] }"#,
    )
    .expect("loans decode");
    let out = dbs::personal_loans(&bank(), false, response.unsecured_loan_product_info);
    let pil = &out.items[0];
    assert!(!pil.is_secured());
    assert_eq!(pil.rates[0].kind, LoanRateKind::Flat);
    assert_eq!(pil.rates[0].rate, dec("1.2"));
    assert_eq!(pil.rates[0].tenor, Some(Tenor::months(60)));
    assert_eq!(pil.lowest_apr(), Some(dec("2.5")));
    assert!(out.issues.is_empty());
}

#[test]
fn branches_merge_names_and_parse_opening_hours() {
    let response: dx::BranchListResponse = serde_json::from_str(
        r#"{ "branchInfo": [
          { "language": "en_US", "branchId": "B01", "branchName": "Central Branch",
            "contactDetl": { "address": { "addressLine1": "G/F, 99 Example Road", "addressLine2": "Central",
              "district": "Central and Western", "location": { "latitude": "22.2821", "longitude": 114.1564 } },
              "phone": [ { "tel": "+852 2000 1122" } ] },
            "operatingHours": "Mon-Fri 09:00-17:00; Sat 09:00-13:00" },
          { "language": "zh_TW", "branchId": "B01", "branchName": "中環分行",
            "contactDetl": { "address": { "addressLine1": "中環示例道99號地下", "district": "中西區" } },
            "operatingHours": "星期一至五 09:00-17:00" },
          { "language": "en_US", "branchId": "B02", "branchName": "Night Branch", "operatingHours": "24 hours" }
        ] }"#,
    )
    .expect("branches decode");
    let out = dbs::branches(&bank(), response.branch_info);
    assert_eq!(out.items.len(), 2);
    let b = &out.items[0];
    assert_eq!(b.name.en.as_deref(), Some("Central Branch"));
    assert_eq!(b.name.zh_hant.as_deref(), Some("中環分行"));
    assert_eq!(
        b.address.en.as_deref(),
        Some("G/F, 99 Example Road, Central")
    );
    assert_eq!(b.address.zh_hant.as_deref(), Some("中環示例道99號地下"));
    assert_eq!(b.district.as_deref(), Some("Central and Western"));
    assert_eq!(b.phone.as_deref(), Some("+852 2000 1122"));
    assert_eq!(b.opening_hours.len(), 6);
    assert_eq!(b.opening_hours[4].day, Weekday::Fri);
    assert_eq!(b.opening_hours[5].closes, "13:00");
    assert_eq!(
        out.items[1].opening_hours.len(),
        8,
        "every day and holidays"
    );
    assert_eq!(out.items[1].opening_hours[7].day, Weekday::PublicHoliday);
    assert_eq!(out.issues.len(), 1, "the Chinese hours are reported");
    assert_eq!(
        out.issues[0].problem,
        Problem::UnknownValue("星期一至五 09:00-17:00".into())
    );
}

#[test]
fn fx_rates_join_tt_and_notes_in_every_language() {
    let response: dx::ExchangeRateListResponse = serde_json::from_str(
        r#"{ "exchangeRatesInfo": [
          { "language": "en_US", "boardRateType": "TT", "exchangeRates": { "currency": "USD", "currencyName": "US Dollar", "buyRate": "7.78", "sellRate": 7.83, "lastUpdate": "2024-05-02T09:30:00+08:00" } },
          { "language": "zh_TW", "boardRateType": "TT", "exchangeRates": { "currency": "USD", "currencyName": "美元", "buyRate": "7.78", "sellRate": "7.83" } },
          { "language": "en_US", "boardRateType": "NOTES", "exchangeRates": { "currency": "USD", "buyRate": "7.70", "sellRate": "0" } },
          { "language": "en_US", "boardRateType": "CHEQUE", "exchangeRates": { "currency": "EUR", "buyRate": "8.4", "sellRate": "8.5" } },
          { "language": "en_US", "boardRateType": "TT", "exchangeRates": { "currency": "EU", "buyRate": "8.4", "sellRate": "8.5" } }
        ] }"#,
    )
    .expect("rates decode");
    let out = dbs::fx_rates(&bank(), response.exchange_rates_info);
    assert_eq!(out.items.len(), 1);
    let usd = &out.items[0];
    assert_eq!(usd.currency_name.en.as_deref(), Some("US Dollar"));
    assert_eq!(usd.currency_name.zh_hant.as_deref(), Some("美元"));
    assert_eq!(usd.tt_sell, Some(dec("7.83")));
    assert_eq!(usd.note_buy, Some(dec("7.70")));
    assert_eq!(usd.note_sell, None);
    assert_eq!(out.issues.len(), 3);
}

mod catalog {
    use hkob_products::model::{SafeDepositBox, TimeDeposit};
    use hkob_products::{BankCredentials, BankProfile, Dialect, ProductCatalog};
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;

    #[tokio::test]
    async fn the_catalog_exchanges_the_partner_token_then_fetches_once() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(hkob_products::dbs_auth::AUTHORIZE_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "accessToken": "dbs-token-1", "expiresIn": 3600
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/hk/v1/products/timeDeposits"))
            .and(header("accessToken", "dbs-token-1"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(TIME_DEPOSITS, "application/json"),
            )
            .expect(1)
            .mount(&server)
            .await;
        let catalog = ProductCatalog::with_options(
            vec![BankProfile::new(
                "dbs",
                "DBS Bank (Hong Kong)",
                Dialect::Dbs,
                server.uri(),
                BankCredentials::dbs_partner("app-1", "app-secret", "partner-1", "partner.jwt"),
            )],
            hkob_products::CatalogOptions::new().languages([
                hkob_core::headers::Language::English,
                hkob_core::headers::Language::TraditionalChinese,
            ]),
        );
        let deposits = catalog.fetch::<TimeDeposit>().await;
        assert!(deposits.failures.is_empty(), "{:?}", deposits.failures);
        assert_eq!(deposits.items.len(), 1);
        assert_eq!(
            deposits.items[0].info.name.zh_hant.as_deref(),
            Some("定期存款")
        );
        let boxes = catalog.fetch::<SafeDepositBox>().await;
        assert_eq!(boxes.not_offered, vec![BankId::new("dbs")]);
    }

    #[tokio::test]
    async fn a_client_secret_is_not_enough_for_dbs() {
        let catalog = ProductCatalog::new(vec![BankProfile::new(
            "dbs",
            "DBS",
            Dialect::Dbs,
            "http://127.0.0.1:9",
            BankCredentials::client_secret("id", "secret"),
        )]);
        let result = catalog.fetch::<TimeDeposit>().await;
        let failure = result.failure_of(&BankId::new("dbs")).expect("dbs fails");
        assert!(
            failure.error.to_string().contains("DBS partner")
                || failure.error.to_string().contains("client id and secret"),
            "{}",
            failure.error
        );
    }
}
