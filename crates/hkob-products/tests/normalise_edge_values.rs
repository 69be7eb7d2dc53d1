//! Values at the edge of what the wire types hold never panic a normaliser or wrap into a wrong
//! number: they are reported as normalisation issues and the rest of the answer is kept.

use hkob_core::headers::Language;
use hkob_core::paging::Page;
use hkob_products::generated::bochk_group::types as bx;
use hkob_products::generated::dbs::types as dx;
use hkob_products::generated::hsbc_group::types as hx;
use hkob_products::generated::standard_chartered::types as sx;
use hkob_products::model::{BankId, PersonalLoanKind, Tenor};
use hkob_products::normalise::{
    NormaliseIssue, Problem, bochk_group, dbs, hsbc_group, standard_chartered,
};

/// A monthly rate whose twelvefold does not fit a `Decimal` (the largest is about 7.9e28).
const HUGE: &str = "10000000000000000000000000000";

fn bank() -> BankId {
    BankId::new("edge")
}

fn out_of_range(issues: &[NormaliseIssue], field_part: &str) -> bool {
    issues
        .iter()
        .any(|i| i.field.contains(field_part) && matches!(i.problem, Problem::OutOfRange(_)))
}

#[test]
fn a_huge_monthly_flat_rate_is_reported_at_every_dialect() {
    let sc: Vec<sx::PersonalLoanProduct> = serde_json::from_str(&format!(
        r#"[{{ "code": "PIL", "title": "Loan", "monthly-flat-rate": "{HUGE}" }},
            {{ "code": "OK", "title": "Loan", "monthly-flat-rate": "0.1" }}]"#
    ))
    .expect("decodes");
    let out = standard_chartered::personal_loans(&bank(), Language::English, sc);
    assert_eq!(out.items.len(), 2);
    assert!(out.items[0].rates.is_empty());
    assert_eq!(out.items[1].rates.len(), 1);
    assert!(
        out_of_range(&out.issues, "monthly-flat-rate"),
        "{:?}",
        out.issues
    );

    let hsbc: hx::UnsecuredLoanListResponse = serde_json::from_str(&format!(
        r#"{{ "data": [ {{ "Brand": [ {{ "BrandName": "HSBC", "UnsecuredLoan": [
            {{ "Identification": "PIL", "Name": "Loan", "LoanType": "Instalment",
               "LoanInterest": {{ "LoanInterestTierBand": [
                 {{ "FixedVariableInterestRateType": "Fixed", "InterestRate": "{HUGE}" }} ] }} }} ] }} ] }} ] }}"#
    ))
    .expect("decodes");
    let out = hsbc_group::unsecured_loans(&bank(), Language::English, hsbc.into_items());
    assert_eq!(out.items.len(), 1);
    assert!(
        out_of_range(&out.issues, "InterestRate"),
        "{:?}",
        out.issues
    );

    let bochk: bx::LoanProductListResponse = serde_json::from_str(&format!(
        r#"{{ "products": [
            {{ "lang": "en-US", "productname": "Loan", "ratetableid": "A", "repaymentperiod": 12,
               "monthlyflatrate": "{HUGE}", "annualisedpercentagerate": "3" }},
            {{ "lang": "en-US", "productname": "Loan", "ratetableid": "B", "repaymentperiod": 12,
               "monthlyflatrate": "0.1", "annualisedpercentagerate": "3" }} ] }}"#
    ))
    .expect("decodes");
    let out = bochk_group::personal_loans(&bank(), PersonalLoanKind::Instalment, bochk.products);
    assert_eq!(out.items.len(), 1);
    assert_eq!(out.items[0].rates.len(), 1, "the huge row is left out");
    assert!(
        out_of_range(&out.issues, "monthlyflatrate"),
        "{:?}",
        out.issues
    );

    let dbs_loans: dx::UnsecuredLoanListResponse = serde_json::from_str(&format!(
        r#"{{ "unsecuredLoanProductInfo": [
          {{ "language": "en_US", "productId": "PIL", "productName": "Loan",
             "loanPricingDetl": {{ "interestRateDetl": [
               {{ "rateType": "monthlyFlat", "rate": "{HUGE}" }},
               {{ "rateType": "monthlyFlat", "rate": "0.1" }} ] }} }} ] }}"#
    ))
    .expect("decodes");
    let out = dbs::personal_loans(&bank(), false, dbs_loans.unsecured_loan_product_info);
    assert_eq!(out.items[0].rates.len(), 1);
    assert!(
        out_of_range(&out.issues, "interestRateDetl[0].rate"),
        "{:?}",
        out.issues
    );
}

#[test]
fn a_dbs_period_of_too_many_weeks_is_reported_not_wrapped() {
    for weeks in [
        "9223372036854775807W",
        "5270498306774157605W",
        "99999999999999999999W",
    ] {
        let response: dx::TimeDepositListResponse = serde_json::from_str(&format!(
            r#"{{ "timeDepositProductInfo": [
              {{ "language": "en_US", "productId": "TD", "productName": "Time Deposit",
                 "interestRatesDetl": {{ "interestRate": [
                   {{ "rateType": "standard", "rate": "3", "minimumDepositAmount": {{ "amount": 1000, "currency": "HKD" }}, "depositPeriod": "{weeks}" }},
                   {{ "rateType": "standard", "rate": "3", "minimumDepositAmount": {{ "amount": 1000, "currency": "HKD" }}, "depositPeriod": "2W" }} ] }} }} ] }}"#
        ))
        .expect("decodes");
        let out = dbs::time_deposits(&bank(), response.time_deposit_product_info);
        let terms: Vec<Tenor> = out.items[0].tiers.iter().map(|t| t.term).collect();
        assert_eq!(terms, [Tenor::days(14)], "{weeks}");
        assert_eq!(out.issues.len(), 1, "{weeks}: {:?}", out.issues);
    }
}
