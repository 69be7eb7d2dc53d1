//! What every dialect's normaliser shares: the per-item context that collects
//! [`NormaliseIssue`]s, and checks of currencies, amounts, rates, tenors and positions.

use hkob_core::headers::Language;
use hkob_core::{Amount, Currency, Decimal};

use super::{NormaliseIssue, Normalised, Outcome, Problem};
use crate::model::{
    BankId, FxRate, GeoPoint, LocalizedText, OpeningHours, ProductLinks, Tenor, TenorUnit, Weekday,
};

/// Normalises each item with `one`, collecting the issues.
pub(crate) fn run<W, T>(
    bank: &BankId,
    items: Vec<W>,
    mut one: impl FnMut(&mut Cx<'_>, W) -> Option<T>,
) -> Normalised<T> {
    let mut out = Normalised {
        items: Vec::with_capacity(items.len()),
        issues: Vec::new(),
    };
    for item in items {
        let mut cx = Cx {
            bank,
            product: None,
            issues: &mut out.issues,
        };
        if let Some(model) = one(&mut cx, item) {
            out.items.push(model);
        }
    }
    out
}

/// Text in one language; blank text counts as none.
pub(crate) fn text(language: Language, value: Option<String>) -> LocalizedText {
    match value {
        Some(v) if !v.trim().is_empty() => LocalizedText::single(language, v),
        _ => LocalizedText::default(),
    }
}

/// The product links; blank ones count as none.
pub(crate) fn links(
    page: Option<String>,
    application: Option<String>,
    terms: Option<String>,
    document: Option<String>,
) -> ProductLinks {
    let keep = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
    ProductLinks {
        product_page: keep(page),
        application: keep(application),
        terms: keep(terms),
        document: keep(document),
    }
}

/// The normalising context of one item: where issues go and which item they are about.
pub(crate) struct Cx<'a> {
    pub(crate) bank: &'a BankId,
    pub(crate) product: Option<String>,
    pub(crate) issues: &'a mut Vec<NormaliseIssue>,
}

impl Cx<'_> {
    pub(crate) fn report(&mut self, field: impl Into<String>, problem: Problem, outcome: Outcome) {
        self.issues.push(NormaliseIssue {
            bank: self.bank.clone(),
            product: self.product.clone(),
            field: field.into(),
            problem,
            outcome,
        });
    }

    /// An unknown enum value, kept as `Unknown` in the model.
    pub(crate) fn unknown(&mut self, field: impl Into<String>, raw: &str) {
        self.report(
            field,
            Problem::UnknownValue(raw.to_owned()),
            Outcome::KeptAsUnknown,
        );
    }

    pub(crate) fn currency(&mut self, field: &str, code: &str) -> Option<Currency> {
        match Currency::new(code) {
            Ok(c) => Some(c),
            Err(_) => {
                self.report(
                    field,
                    Problem::InvalidCurrency(code.to_owned()),
                    Outcome::FieldLeftEmpty,
                );
                None
            }
        }
    }

    pub(crate) fn currency_opt(&mut self, field: &str, code: Option<&str>) -> Option<Currency> {
        code.and_then(|c| self.currency(field, c))
    }

    pub(crate) fn currency_list(&mut self, field: &str, codes: Vec<String>) -> Vec<Currency> {
        let mut out = Vec::with_capacity(codes.len());
        for (i, code) in codes.iter().enumerate() {
            match Currency::new(code) {
                Ok(c) if !out.contains(&c) => out.push(c),
                Ok(_) => {}
                Err(_) => self.report(
                    format!("{field}[{i}]"),
                    Problem::InvalidCurrency(code.clone()),
                    Outcome::EntryLeftOut,
                ),
            }
        }
        out
    }

    /// A non-negative amount; a negative one is reported and left out.
    pub(crate) fn amount(&mut self, field: &str, value: Option<Decimal>) -> Option<Decimal> {
        match value {
            Some(v) if v.is_sign_negative() && !v.is_zero() => {
                self.report(field, Problem::NegativeAmount(v), Outcome::FieldLeftEmpty);
                None
            }
            other => other,
        }
    }

    /// A non-negative amount of money in `currency`; a negative one is reported and left out, and
    /// so is one whose currency is not known (reported as a missing `{field}` currency).
    pub(crate) fn money(
        &mut self,
        field: &str,
        value: Option<Decimal>,
        currency: Option<Currency>,
    ) -> Option<Amount> {
        let value = self.amount(field, value)?;
        match currency {
            Some(currency) => Some(Amount::new(value, currency)),
            None => {
                self.report(
                    format!("{field} (currency)"),
                    Problem::Missing,
                    Outcome::FieldLeftEmpty,
                );
                None
            }
        }
    }

    /// A non-negative rate; a negative one is reported and left out.
    pub(crate) fn rate_opt(&mut self, field: &str, value: Option<Decimal>) -> Option<Decimal> {
        match value {
            Some(v) if v.is_sign_negative() && !v.is_zero() => {
                self.report(field, Problem::NegativeRate(v), Outcome::FieldLeftEmpty);
                None
            }
            other => other,
        }
    }

    /// A rate that an entry of a list needs: a negative one leaves the entry out.
    pub(crate) fn entry_rate(&mut self, field: &str, rate: Decimal) -> Option<Decimal> {
        if rate.is_sign_negative() && !rate.is_zero() {
            self.report(field, Problem::NegativeRate(rate), Outcome::EntryLeftOut);
            return None;
        }
        Some(rate)
    }

    /// The yearly rate of a monthly flat rate (twelve times it); one too large to multiply is
    /// reported with `outcome`, never wrapped or panicked on.
    pub(crate) fn yearly_flat_rate(
        &mut self,
        field: &str,
        monthly: Decimal,
        outcome: Outcome,
    ) -> Option<Decimal> {
        let yearly = monthly.checked_mul(Decimal::from(12));
        if yearly.is_none() {
            self.report(
                field,
                Problem::OutOfRange(format!("monthly rate {monthly}")),
                outcome,
            );
        }
        yearly
    }

    /// A percentage from 0 to 100.
    pub(crate) fn percentage(&mut self, field: &str, value: Option<Decimal>) -> Option<Decimal> {
        match value {
            Some(v) if v.is_sign_negative() && !v.is_zero() || v > Decimal::ONE_HUNDRED => {
                self.report(
                    field,
                    Problem::OutOfRange(format!("{v}%")),
                    Outcome::FieldLeftEmpty,
                );
                None
            }
            other => other,
        }
    }

    /// An exchange rate, which must be above zero.
    /// A quotation unit (`100` for a rate per 100 units); zero or less is reported and left empty.
    pub(crate) fn fx_unit(&mut self, field: &str, unit: Option<i32>) -> Option<u32> {
        let unit = unit?;
        match u32::try_from(unit) {
            Ok(u) if u > 0 => Some(u),
            _ => {
                self.report(
                    field,
                    Problem::OutOfRange(format!("unit {unit}")),
                    Outcome::FieldLeftEmpty,
                );
                None
            }
        }
    }

    pub(crate) fn fx(&mut self, field: &str, value: Option<Decimal>) -> Option<Decimal> {
        let value = value?;
        if value <= Decimal::ZERO {
            self.report(
                field,
                Problem::OutOfRange(format!("exchange rate {value}")),
                Outcome::FieldLeftEmpty,
            );
            return None;
        }
        Some(value)
    }

    /// A tier's balance band: a band whose minimum is above its maximum leaves the entry out.
    pub(crate) fn entry_bounds(
        &mut self,
        field: &str,
        min: Option<Decimal>,
        max: Option<Decimal>,
    ) -> Option<(Option<Decimal>, Option<Decimal>)> {
        for v in [min, max].into_iter().flatten() {
            if v.is_sign_negative() && !v.is_zero() {
                self.report(field, Problem::NegativeAmount(v), Outcome::EntryLeftOut);
                return None;
            }
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            self.report(
                field,
                Problem::MinAboveMax { min: lo, max: hi },
                Outcome::EntryLeftOut,
            );
            return None;
        }
        Some((min, max))
    }

    /// A positive count of `unit`s; zero or a negative count is reported with `outcome`.
    pub(crate) fn tenor(
        &mut self,
        field: &str,
        count: i64,
        unit: TenorUnit,
        outcome: Outcome,
    ) -> Option<Tenor> {
        match u32::try_from(count) {
            Ok(count) if count > 0 => Some(Tenor { count, unit }),
            _ => {
                self.report(field, Problem::OutOfRange(format!("term {count}")), outcome);
                None
            }
        }
    }

    /// A position; one outside the globe is reported and left out.
    pub(crate) fn location(
        &mut self,
        field: &str,
        lat: Option<Decimal>,
        lon: Option<Decimal>,
    ) -> Option<GeoPoint> {
        let (latitude, longitude) = (lat?, lon?);
        if latitude.abs() > Decimal::from(90) || longitude.abs() > Decimal::from(180) {
            self.report(
                field,
                Problem::OutOfRange(format!("{latitude}, {longitude}")),
                Outcome::FieldLeftEmpty,
            );
            return None;
        }
        Some(GeoPoint {
            latitude,
            longitude,
        })
    }
}

/// Opening hours written as text: `Mon-Fri 09:00-17:00; Sat 09:00-13:00` (parts split by `;` or
/// `,`, a day or a day range, then `opens-closes`), or `24 hours` (every day and public holidays,
/// `00:00` to `24:00`); `None` when the text does not read that way.
/// The rate of `currency` against HKD among `rates`, added empty when the bank's list has not
/// mentioned that currency yet (dialects that quote TT and banknotes in separate lists).
pub(crate) fn hkd_quote<'a>(
    rates: &'a mut Vec<FxRate>,
    bank: &BankId,
    currency: Currency,
) -> &'a mut FxRate {
    let index = match rates.iter().position(|r| r.currency == currency) {
        Some(index) => index,
        None => {
            rates.push(FxRate {
                bank: bank.clone(),
                currency,
                quote_currency: Currency::HKD,
                currency_name: LocalizedText::default(),
                unit: None,
                tt_buy: None,
                tt_sell: None,
                note_buy: None,
                note_sell: None,
                updated_at: None,
            });
            rates.len().saturating_sub(1)
        }
    };
    &mut rates[index]
}

pub(crate) fn parse_hours(value: &str) -> Option<Vec<OpeningHours>> {
    const DAYS: [&str; 7] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if matches!(
        compact.as_str(),
        "24hours" | "24hrs" | "24/7" | "24hoursdaily"
    ) {
        let days = DAYS.iter().map(|d| Weekday::from(*d));
        return Some(
            days.chain([Weekday::PublicHoliday])
                .map(|day| OpeningHours {
                    day,
                    opens: "00:00".to_owned(),
                    closes: "24:00".to_owned(),
                })
                .collect(),
        );
    }
    let mut out = Vec::new();
    for part in value
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (days, times) = part.split_once(' ')?;
        let (opens, closes) = times.trim().split_once('-')?;
        let day_index = |d: &str| {
            let d = d.trim().to_ascii_uppercase();
            DAYS.iter().position(|x| d.starts_with(x))
        };
        let selected: Vec<Weekday> = match days.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (day_index(from)?, day_index(to)?);
                if from > to {
                    return None;
                }
                (from..=to).map(|i| Weekday::from(DAYS[i])).collect()
            }
            None if days.trim().eq_ignore_ascii_case("PH") => vec![Weekday::PublicHoliday],
            None => vec![Weekday::from(DAYS[day_index(days)?])],
        };
        for day in selected {
            out.push(OpeningHours {
                day,
                opens: opens.trim().to_owned(),
                closes: closes.trim().to_owned(),
            });
        }
    }
    Some(out)
}
