//! Amounts and currencies as both Phase IV specs write them: a JSON
//! string of one to thirteen digits and at most two decimals, positive;
//! `HKD` or `CNY` (FPS settles both).

use rust_decimal::Decimal;

/// The currencies a payment may be in.
pub(crate) const CURRENCIES: [&str; 2] = ["HKD", "CNY"];

/// An amount's value, or why the text is not one.
pub(crate) fn parse(text: &str) -> Result<Decimal, &'static str> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || whole.len() > 13 {
        return Err("must be 1 to 13 digits with at most two decimals");
    }
    if let Some(f) = fraction
        && (!digits(f) || f.len() > 2)
    {
        return Err("must have one or two decimals after the point");
    }
    let value: Decimal = text.parse().map_err(|_| "is not a number")?;
    if value <= Decimal::ZERO {
        return Err("must be positive");
    }
    Ok(value)
}

/// Whether a payment may be in this currency.
pub(crate) fn currency_accepted(code: &str) -> bool {
    CURRENCIES.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_follow_the_pattern_and_are_positive() {
        assert_eq!(parse("250.00"), Ok(Decimal::new(25_000, 2)));
        assert_eq!(parse("1"), Ok(Decimal::ONE));
        assert_eq!(parse("9999999999999.99").map(|d| d.scale()), Ok(2));
        for bad in [
            "",
            "0",
            "0.00",
            "-1",
            "1.234",
            "1.",
            ".5",
            "1e3",
            "12345678901234",
            "1,000",
            " 1",
            "+1",
            "NaN",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(currency_accepted("CNY") && !currency_accepted("USD"));
    }
}
