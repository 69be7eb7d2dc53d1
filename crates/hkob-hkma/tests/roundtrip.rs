//! Every example of `specs/hkma-public.yaml` decodes into its type and
//! encodes back to the same JSON.
//!
//! One normalisation: JSON numbers are compared by value, since a `Decimal`
//! is written back as the shortest number (`101.0` in an example comes back
//! as `101`, the same JSON number; whole-number money is written as an
//! integer). Everything else, `null`s and text included (the signed figures
//! such as `"-1,250"` and `"-0"`), must come back exactly.

use std::str::FromStr;

use hkob_core::{Decimal, Nullable};
use hkob_hkma::InterbankLiquidityDay;
use hkob_hkma::generated::hkma_public::types;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../specs/hkma-public.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    serde_json::to_value(yaml).expect("the spec is JSON-compatible")
}

/// The 200 example of the operation at `path`.
fn example(spec: &Value, path: &str) -> Value {
    spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["example"].clone()
}

fn normalise(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), normalise(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        Value::Number(n) => {
            let d = Decimal::from_str(&n.to_string())
                .or_else(|_| Decimal::from_scientific(&n.to_string()))
                .expect("a number in an example is a decimal");
            Value::String(format!("number {}", d.normalize()))
        }
        other => other.clone(),
    }
}

fn round_trip<T: DeserializeOwned + Serialize>(example: &Value) -> T {
    assert!(!example.is_null(), "the example exists");
    let decoded: T = serde_json::from_value(example.clone()).expect("the example decodes");
    let encoded = serde_json::to_value(&decoded).expect("the value encodes");
    assert_eq!(normalise(&encoded), normalise(example));
    decoded
}

/// The page of a served answer (a refusal has none).
fn served<R>(result: &Option<R>) -> &R {
    result.as_ref().expect("the example was served")
}

const MARKET: &str = "/market-data-and-statistics";

#[test]
fn interbank_liquidity_keeps_signed_text_exactly() {
    let spec = spec();
    let example = example(
        &spec,
        &format!("{MARKET}/daily-monetary-statistics/daily-figures-interbank-liquidity"),
    );
    let records = &example["result"]["records"];
    let days: Vec<InterbankLiquidityDay> = round_trip(records);
    assert_eq!(days.len(), 3);
    let first = &days[0];
    assert_eq!(first.end_of_date.to_string(), "2026-03-04");
    let efbn = first
        .interest_payment_issuance_efbn_t1
        .as_option()
        .expect("the figure is present");
    assert_eq!(efbn.value(), Decimal::from(-1250));
    assert_eq!(efbn.as_str(), "-1,250");
    assert_eq!(
        first
            .interest_payment_issuance_efbn_u
            .as_option()
            .map(|a| a.as_str()),
        Some("-0")
    );
    assert_eq!(
        days[2].market_activities.as_option().map(|a| a.value()),
        Some(Decimal::from(-10820))
    );
    assert_eq!(
        first.hibor_overnight.into_option(),
        Decimal::from_str("2.61345").ok()
    );
    // Whole-number money is written back as a JSON integer.
    let encoded = serde_json::to_value(first).expect("encodes");
    assert!(encoded["opening_balance"].is_u64());
    assert_eq!(encoded["forex_trans_t1"], "+0");

    // The generated envelope type round-trips too.
    round_trip::<types::InterbankLiquidityResponse>(&example);
}

/// The generated record reads the signed figures as `SignedAmount`s and
/// writes back exactly what it read: the text as sent (sign and separators
/// kept, `"-0"` stays `"-0"`) and `null` for a figure sent as `null`.
#[test]
fn generated_liquidity_record_keeps_signed_text_and_nulls() {
    let sent = serde_json::json!({
        "end_of_date": "2026-03-05",
        "market_activities": "+11,660",
        "interest_payment": "-0",
        "discount_window_reversal": null,
        "forex_trans_u": "-1,234,567.5",
    });
    let day: InterbankLiquidityDay = serde_json::from_value(sent.clone()).expect("decodes");
    let encoded = serde_json::to_value(&day).expect("encodes");
    for (key, value) in sent.as_object().expect("an object") {
        assert_eq!(&encoded[key], value, "{key}");
    }
    let activities = day.market_activities.as_option().expect("sent");
    assert_eq!(activities.value(), Decimal::from(11660));
    assert_eq!(activities.as_str(), "+11,660");
    assert_eq!(
        day.interest_payment.as_option().map(|a| a.as_str()),
        Some("-0")
    );
    assert_eq!(day.discount_window_reversal, Nullable::Null);
    assert_eq!(
        day.forex_trans_u.as_option().map(|a| a.value()),
        Decimal::from_str("-1234567.5").ok()
    );
    // A figure sent as `null` stays `null`; one left out stays out (the fields are nullable and
    // optional in the spec: the three states are kept apart).
    assert_eq!(day.forex_trans_t1, Nullable::Absent);
    assert!(encoded.get("forex_trans_t1").is_none());
    // Text that is not a signed figure (including `""`) is a decode error,
    // not a silent `None`.
    for bad in ["", "12,34", "n/a"] {
        let mut record = sent.clone();
        record["market_activities"] = Value::String(bad.to_owned());
        assert!(
            serde_json::from_value::<InterbankLiquidityDay>(record).is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn hibor_fixings() {
    let spec = spec();
    let example = example(
        &spec,
        &format!("{MARKET}/monthly-statistical-bulletin/er-ir/hk-interbank-ir-daily"),
    );
    let page: types::HiborFixingsResponse = round_trip(&example);
    assert_eq!(served(&page.result).records.len(), 4);
    assert_eq!(
        served(&page.result).records[0].ir_1m.into_option(),
        Decimal::from_str("2.48631").ok()
    );
    assert_eq!(served(&page.result).records[0].ir_9m, Nullable::Null);
}

#[test]
fn exchange_rates_daily() {
    let spec = spec();
    let example = example(
        &spec,
        &format!("{MARKET}/monthly-statistical-bulletin/er-ir/er-eeri-daily"),
    );
    let page: types::ExchangeRatesDailyResponse = round_trip(&example);
    let day = &served(&page.result).records[0];
    assert_eq!(day.usd.into_option(), Decimal::from_str("7.8245").ok());
    assert_eq!(day.idr.into_option(), Decimal::from_str("0.000478").ok());
    assert_eq!(day.dem, Nullable::Null);
}

#[test]
fn hkd_interest_rate_averages() {
    let spec = spec();
    let example = example(
        &spec,
        &format!("{MARKET}/monthly-statistical-bulletin/er-ir/hkd-ir-periodaverage"),
    );
    let page: types::HkdInterestRateAveragesResponse = round_trip(&example);
    assert_eq!(served(&page.result).records[0].end_of_month, "2025-12");
    assert_eq!(
        served(&page.result).records[2]
            .best_lending_rate
            .into_option(),
        Decimal::from_str("5.375").ok()
    );
}

#[test]
fn hkd_interest_rate_changes() {
    let spec = spec();
    let example = example(
        &spec,
        &format!("{MARKET}/monthly-statistical-bulletin/er-ir/hkd-ir-effdates"),
    );
    let page: types::HkdInterestRateChangesResponse = round_trip(&example);
    assert_eq!(
        served(&page.result).records[0].effect_date.to_string(),
        "2025-10-30"
    );
}

#[test]
fn customer_deposits_by_currency() {
    let spec = spec();
    let example = example(
        &spec,
        &format!("{MARKET}/monthly-statistical-bulletin/banking/customer-deposits-by-currency"),
    );
    let page: types::CustomerDepositsResponse = round_trip(&example);
    assert_eq!(
        served(&page.result).records[0].deposits_all.into_option(),
        Some(Decimal::from(16_877_630))
    );
    let encoded = serde_json::to_value(&page).expect("encodes");
    assert!(encoded["result"]["records"][0]["deposits_all"].is_u64());
}

#[test]
fn bank_branches() {
    let spec = spec();
    let page: types::BankBranchesResponse =
        round_trip(&example(&spec, "/bank-svf-info/banks-branch-locator"));
    assert_eq!(
        served(&page.result).records[0].district.as_deref(),
        Some("YuenLong")
    );
    assert_eq!(
        served(&page.result).records[0].latitude.into_option(),
        Decimal::from_str("22.444186").ok()
    );
    // Coordinates sent as text go back as text.
    let encoded = serde_json::to_value(&page).expect("encodes");
    assert_eq!(encoded["result"]["records"][0]["latitude"], "22.444186");
}

#[test]
fn bank_atms() {
    let spec = spec();
    let page: types::BankAtmsResponse =
        round_trip(&example(&spec, "/bank-svf-info/banks-atm-locator"));
    assert_eq!(served(&page.result).records.len(), 3);
    assert_eq!(
        served(&page.result).records[1].network.as_deref(),
        Some("JETCO")
    );
}

#[test]
fn authorized_institutions() {
    let spec = spec();
    let page: types::AuthorizedInstitutionsResponse =
        round_trip(&example(&spec, "/bank-svf-info/register-ais-lros"));
    let records = &served(&page.result).records;
    assert_eq!(records[0].r#type.as_deref(), Some("Licensed Bank"));
    assert_eq!(records[0].principle_address, Nullable::Null);
    assert_eq!(records[2].secstaff_reg_url, Nullable::Null);
}

#[test]
fn error_examples() {
    let spec = spec();
    let responses = spec["components"]["responses"]
        .as_object()
        .expect("responses");
    let mut seen = 0;
    for (name, response) in responses {
        let Some(example) = response["content"]["application/json"]["example"].as_object() else {
            continue;
        };
        let decoded: types::ErrorResponse = round_trip(&Value::Object(example.clone()));
        assert!(!decoded.header.success, "{name}");
        assert_eq!(decoded.header.err_code, "1002", "{name}");
        seen += 1;
    }
    assert_eq!(seen, 4);
    let refusal = &spec["components"]["examples"]["PageSizeTooLarge"]["value"];
    let decoded: types::ErrorResponse = round_trip(refusal);
    assert_eq!(decoded.header.err_code, "9999");
}

/// A refusal sent with HTTP 200 decodes into every dataset's response type, without a page,
/// and writes back the same JSON.
#[test]
fn a_refusal_fits_every_response_type() {
    let spec = spec();
    let refusal = &spec["components"]["examples"]["PageSizeTooLarge"]["value"];
    macro_rules! check {
        ($($t:ident),+) => {$(
            let decoded: types::$t = round_trip(refusal);
            assert!(!decoded.header.success, stringify!($t));
            assert_eq!(decoded.header.err_code, "9999", stringify!($t));
            assert!(decoded.result.is_none(), stringify!($t));
        )+};
    }
    check!(
        InterbankLiquidityResponse,
        HiborFixingsResponse,
        ExchangeRatesDailyResponse,
        HkdInterestRateAveragesResponse,
        HkdInterestRateChangesResponse,
        CustomerDepositsResponse,
        BankBranchesResponse,
        BankAtmsResponse,
        AuthorizedInstitutionsResponse
    );
}

#[test]
fn every_operation_example_is_covered() {
    let spec = spec();
    let paths = spec["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), 9, "a new dataset needs a round-trip test here");
}
