//! The portal's shared query parameters, applied to generated rows.

use std::cmp::Ordering;

use serde_json::{Map, Value};

/// Why a request is refused.
#[derive(Debug)]
pub(super) enum Refusal {
    /// A parameter is missing or has a value the dataset does not accept (HTTP 400, `1002`).
    Invalid(String),
    /// `pagesize` is above the dataset's ceiling (HTTP 200, `success: false`, `9999`).
    PageTooLarge,
}

fn invalid(name: &str, allowed: &str) -> Refusal {
    Refusal::Invalid(format!(
        "Invalid input value: {name} is missing or invalid input ({allowed})"
    ))
}

/// Filters, sorts, pages and projects `rows` as the parameters say. Returns
/// the page and the number of rows that matched before paging.
pub(super) fn apply(
    rows: &[Value],
    params: &[(String, String)],
    max_page_size: u64,
) -> Result<(Vec<Value>, usize), Refusal> {
    let param = |name: &str| {
        params
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
    };
    let offset = match param("offset") {
        None => 0,
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| invalid("offset", "a whole number from 0"))?,
    };
    let page_size = match param("pagesize") {
        None => 100,
        Some(v) => match v.parse::<u64>() {
            Ok(n) if n >= 1 => n,
            _ => return Err(invalid("pagesize", "a whole number from 1")),
        },
    };
    if page_size > max_page_size {
        return Err(Refusal::PageTooLarge);
    }
    let known = |field: &str| {
        rows.first()
            .and_then(Value::as_object)
            .is_some_and(|r| r.contains_key(field))
    };

    let mut selected: Vec<&Value> = rows.iter().collect();

    if let (Some(column), Some(filter)) = (param("column"), param("filter")) {
        if !rows.is_empty() && !known(column) {
            return Err(invalid("column", "a field of the dataset"));
        }
        let wanted = split_values(filter);
        selected.retain(|row| {
            let value = row.get(column).unwrap_or(&Value::Null);
            wanted.iter().any(|w| equals(value, w))
        });
    }

    if let Some(field) = param("choose") {
        if !rows.is_empty() && !known(field) {
            return Err(invalid("choose", "a number or date field of the dataset"));
        }
        let from = param("from").map(str::to_owned);
        let to = param("to").map(str::to_owned);
        selected.retain(|row| {
            let value = row.get(field).unwrap_or(&Value::Null);
            if value.is_null() {
                return false;
            }
            from.as_deref()
                .is_none_or(|f| compare_to_text(value, f) != Ordering::Less)
                && to
                    .as_deref()
                    .is_none_or(|t| compare_to_text(value, t) != Ordering::Greater)
        });
    }

    if let Some(field) = param("sortby") {
        if !rows.is_empty() && !known(field) {
            return Err(invalid("sortby", "a field of the dataset"));
        }
        let descending = match param("sortorder") {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(invalid("sortorder", "asc/desc")),
        };
        selected.sort_by(|a, b| {
            let order = compare_values(
                a.get(field).unwrap_or(&Value::Null),
                b.get(field).unwrap_or(&Value::Null),
            );
            if descending { order.reverse() } else { order }
        });
    } else if let Some(order) = param("sortorder")
        && order != "asc"
        && order != "desc"
    {
        return Err(invalid("sortorder", "asc/desc"));
    }

    let matched = selected.len();
    let fields: Option<Vec<&str>> = param("fields").map(|f| {
        f.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    });
    let page = selected
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(page_size).unwrap_or(usize::MAX))
        .map(|row| match (&fields, row.as_object()) {
            (Some(fields), Some(object)) => Value::Object(
                object
                    .iter()
                    .filter(|(k, _)| fields.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Map<String, Value>>(),
            ),
            _ => row.clone(),
        })
        .collect();
    Ok((page, matched))
}

/// Splits `"a","b, c",3` into its values, without the quotes.
fn split_values(filter: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in filter.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                values.push(current.trim().to_owned());
                current.clear();
            }
            c => current.push(c),
        }
    }
    values.push(current.trim().to_owned());
    values
}

fn equals(value: &Value, wanted: &str) -> bool {
    match value {
        Value::String(s) => s == wanted,
        Value::Number(n) => match (n.as_f64(), wanted.parse::<f64>()) {
            (Some(a), Ok(b)) => a == b,
            _ => false,
        },
        _ => false,
    }
}

fn compare_to_text(value: &Value, bound: &str) -> Ordering {
    match value {
        Value::Number(n) => match (n.as_f64(), bound.parse::<f64>()) {
            (Some(a), Ok(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
            _ => Ordering::Equal,
        },
        Value::String(s) => s.as_str().cmp(bound),
        _ => Ordering::Equal,
    }
}

/// Numbers by value, text by characters, nulls last.
fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Greater,
        (_, Value::Null) => Ordering::Less,
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rows() -> Vec<Value> {
        (1..=25)
            .rev()
            .map(|d| json!({"end_of_day": format!("2026-01-{d:02}"), "rate": d as f64 / 10.0, "name": format!("n{d}")}))
            .collect()
    }

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn pages_sorts_and_ranges() {
        let rows = rows();
        let p = params(&[
            ("choose", "end_of_day"),
            ("from", "2026-01-05"),
            ("to", "2026-01-14"),
            ("sortby", "end_of_day"),
            ("sortorder", "asc"),
            ("offset", "8"),
            ("pagesize", "5"),
        ]);
        let (page, matched) = apply(&rows, &p, 1000).unwrap_or_default();
        assert_eq!(matched, 10);
        let days: Vec<_> = page.iter().map(|r| r["end_of_day"].clone()).collect();
        assert_eq!(days, vec![json!("2026-01-13"), json!("2026-01-14")]);
    }

    #[test]
    fn filters_and_projects() {
        let rows = rows();
        let p = params(&[
            ("column", "name"),
            ("filter", "\"n3\",\"n7\""),
            ("fields", "name"),
        ]);
        let (page, _) = apply(&rows, &p, 1000).unwrap_or_default();
        assert_eq!(page, vec![json!({"name": "n7"}), json!({"name": "n3"})]);
    }

    #[test]
    fn refuses_bad_values() {
        let rows = rows();
        assert!(matches!(
            apply(&rows, &params(&[("pagesize", "2000")]), 1000),
            Err(Refusal::PageTooLarge)
        ));
        assert!(matches!(
            apply(
                &rows,
                &params(&[("sortby", "rate"), ("sortorder", "up")]),
                1000
            ),
            Err(Refusal::Invalid(_))
        ));
        assert!(matches!(
            apply(&rows, &params(&[("offset", "-1")]), 1000),
            Err(Refusal::Invalid(_))
        ));
    }
}
