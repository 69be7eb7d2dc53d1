//! Amounts as strings or numbers, without loss; forward-compatible enums.

use std::str::FromStr;

use hkob_core::Decimal;
use hkob_core::money::{Amount, Currency};
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Rates {
    #[serde(with = "hkob_core::money::decimal_str")]
    as_string: Decimal,
    #[serde(with = "hkob_core::money::decimal_num")]
    as_number: Decimal,
    #[serde(default, with = "hkob_core::money::decimal_str_opt")]
    maybe_string: Option<Decimal>,
    #[serde(default, with = "hkob_core::money::decimal_num_opt")]
    maybe_number: Option<Decimal>,
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn strings_keep_every_digit() {
    let r: Rates = serde_json::from_str(
        r#"{"as_string":"1234567890123.4500","as_number":"0.125","maybe_string":"1.50","maybe_number":"2"}"#,
    )
    .unwrap();
    assert_eq!(r.as_string.to_string(), "1234567890123.4500");
    assert_eq!(r.maybe_string.unwrap().to_string(), "1.50");
    let back = serde_json::to_value(&r).unwrap();
    assert_eq!(back["as_string"], "1234567890123.4500");
    assert_eq!(back["as_number"], serde_json::json!(0.125));
}

#[test]
fn numbers_read_exactly_up_to_fifteen_digits() {
    let r: Rates = serde_json::from_str(
        r#"{"as_string":4.15,"as_number":0.1,"maybe_number":123456789.012345}"#,
    )
    .unwrap();
    assert_eq!(r.as_string, d("4.15"));
    assert_eq!(r.as_number, d("0.1"));
    assert_eq!(r.maybe_number, Some(d("123456789.012345")));
    assert_eq!(r.maybe_string, None);
    let r: Rates =
        serde_json::from_str(r#"{"as_string":100000,"as_number":-3,"maybe_number":1e2}"#).unwrap();
    assert_eq!(r.as_string, d("100000"));
    assert_eq!(r.as_number, d("-3"));
    assert_eq!(r.maybe_number, Some(d("100")));
}

#[test]
fn null_and_empty_are_none_only_where_optional() {
    let r: Rates = serde_json::from_str(
        r#"{"as_string":"1","as_number":1,"maybe_string":"","maybe_number":null}"#,
    )
    .unwrap();
    assert_eq!((r.maybe_string, r.maybe_number), (None, None));
    for bad in [
        r#"{"as_string":null,"as_number":1}"#,
        r#"{"as_string":"","as_number":1}"#,
        r#"{"as_string":"1.2.3","as_number":1}"#,
        r#"{"as_string":"N/A","as_number":1}"#,
        r#"{"as_string":true,"as_number":1}"#,
        r#"{"as_string":"1","as_number":[1]}"#,
    ] {
        assert!(serde_json::from_str::<Rates>(bad).is_err(), "{bad}");
    }
}

#[test]
fn amounts_and_currencies() {
    let a: Amount = serde_json::from_str(r#"{"amount":"100.50","currency":"HKD"}"#).unwrap();
    assert_eq!(a, Amount::hkd(d("100.50")));
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        r#"{"amount":"100.50","currency":"HKD"}"#
    );
    assert_eq!(
        a.checked_add(Amount::hkd(d("0.50"))),
        Some(Amount::hkd(d("101.00")))
    );
    assert_eq!(a.checked_add(Amount::new(d("1"), Currency::USD)), None);
    assert_eq!(Currency::new("cny").unwrap(), Currency::CNY);
    assert!(Currency::new("HK").is_err());
    assert!(Currency::new("H1D").is_err());
    assert!(serde_json::from_str::<Amount>(r#"{"amount":"1","currency":"DOLLARS"}"#).is_err());
}

hkob_core::open_enum! {
    /// Test enum.
    pub enum TenorUnit {
        /// Days.
        Day = "D",
        /// Months.
        Month = "M",
    }
}

#[test]
fn open_enums_keep_unknown_values() {
    let units: Vec<TenorUnit> = serde_json::from_str(r#"["D","M","W"]"#).unwrap();
    assert_eq!(
        units,
        vec![
            TenorUnit::Day,
            TenorUnit::Month,
            TenorUnit::Unknown("W".into())
        ]
    );
    assert!(!units[2].is_known());
    assert_eq!(serde_json::to_string(&units).unwrap(), r#"["D","M","W"]"#);
    assert_eq!("M".parse::<TenorUnit>().unwrap(), TenorUnit::Month);
    assert_eq!(TenorUnit::Day.to_string(), "D");
    assert!(serde_json::from_str::<TenorUnit>("1").is_err());
}

#[test]
fn dates_and_times() {
    let date: hkob_core::Date = serde_json::from_str(r#""2026-11-23""#).unwrap();
    assert_eq!(date.to_string(), "2026-11-23");
    let at: hkob_core::DateTime = serde_json::from_str(r#""2026-11-23T09:30:00+08:00""#).unwrap();
    assert_eq!(at.offset().local_minus_utc(), 8 * 3600);
    assert!(serde_json::from_str::<hkob_core::Date>(r#""23/11/2026""#).is_err());
}
