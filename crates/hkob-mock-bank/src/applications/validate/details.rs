//! The check of `details`: exactly the member of the product type, and its
//! fields (amounts above 0, tenors and ranges of the contract).

use serde_json::{Map, Value};

use super::{Checker, PRODUCT_TYPES, join};

/// Checks `details` for the product type `kind` (`None`: unknown, only the
/// members are checked to be objects).
pub(super) fn check(c: &mut Checker, kind: Option<&str>, details: &Map<String, Value>) {
    let Some(kind) = kind else {
        return;
    };
    let Some((_, member)) = PRODUCT_TYPES.iter().find(|(k, _)| *k == kind) else {
        return;
    };
    for key in details.keys() {
        if key != member && !details.get(key).is_some_and(Value::is_null) {
            c.fail(
                &format!("details.{key}"),
                format!("must not be set for {kind}"),
            );
        }
    }
    let path = join("details", member);
    let Some(d) = c.object(details, "details", member) else {
        return;
    };
    let p = path.as_str();
    match *member {
        "savingsAccount" => {
            c.code(d, p, "currency", 3);
        }
        "currentAccount" => {
            c.code(d, p, "currency", 3);
            c.boolean(d, p, "chequeBook");
        }
        "foreignCurrencyAccount" => currencies(c, d, p),
        "timeDeposit" => {
            c.money(d, p, "principal");
            c.integer(d, p, "tenorDays", 1, 3660);
            c.one_of(
                d,
                p,
                "maturityInstruction",
                &["RENEW_PRINCIPAL", "RENEW_ALL", "CREDIT_ACCOUNT"],
            );
        }
        "creditCard" => c.optional_money(d, p, "requestedLimit"),
        "mortgage" => {
            c.address(d, p, "propertyAddress");
            c.money(d, p, "propertyValue");
            c.money(d, p, "loanAmount");
            c.integer(d, p, "tenorMonths", 12, 360);
        }
        "unsecuredLoan" => {
            c.money(d, p, "loanAmount");
            c.integer(d, p, "tenorMonths", 1, 120);
            c.optional_text(d, p, "purpose", 1, 140);
        }
        "securedLoan" => {
            c.money(d, p, "loanAmount");
            c.integer(d, p, "tenorMonths", 1, 360);
            c.one_of(
                d,
                p,
                "collateral",
                &["TIME_DEPOSIT", "SECURITIES", "PROPERTY", "INSURANCE_POLICY"],
            );
            c.money(d, p, "collateralValue");
        }
        "safeDepositBox" => {
            c.one_of(d, p, "size", &["SMALL", "MEDIUM", "LARGE"]);
            c.text(d, p, "branchCode", 1, 20);
        }
        "investmentFundAccount" => {
            c.code(d, p, "settlementCurrency", 3);
            c.integer(d, p, "riskTolerance", 1, 5);
            c.integer(d, p, "investmentExperienceYears", 0, 80);
        }
        "preciousMetalAccount" => {
            c.one_of(d, p, "metal", &["GOLD", "SILVER", "PLATINUM"]);
            c.code(d, p, "settlementCurrency", 3);
        }
        "stockAccount" => {
            c.code(d, p, "settlementCurrency", 3);
            c.integer(d, p, "riskTolerance", 1, 5);
            c.integer(d, p, "investmentExperienceYears", 0, 80);
            markets(c, d, p);
        }
        "generalInsurance" => {
            c.one_of(
                d,
                p,
                "cover",
                &[
                    "TRAVEL",
                    "HOME",
                    "MOTOR",
                    "MEDICAL",
                    "PERSONAL_ACCIDENT",
                    "OTHER",
                ],
            );
            c.money(d, p, "sumInsured");
            let start = c.date(d, p, "startDate");
            if d.get("endDate").is_some_and(|v| !v.is_null())
                && let (Some(s), Some(e)) = (start, c.date(d, p, "endDate"))
                && e < s
            {
                c.fail(&join(p, "endDate"), "must not be before startDate");
            }
        }
        "lifeInsurance" => {
            c.money(d, p, "sumAssured");
            c.integer(d, p, "termYears", 5, 100);
            c.boolean(d, p, "smoker");
            beneficiaries(c, d, p);
        }
        _ => {}
    }
}

fn list<'a>(
    c: &mut Checker,
    d: &'a Map<String, Value>,
    p: &str,
    key: &str,
    max: usize,
) -> Option<&'a Vec<Value>> {
    let field = join(p, key);
    match d.get(key) {
        Some(Value::Array(items)) if (1..=max).contains(&items.len()) => Some(items),
        Some(Value::Array(_)) => {
            c.fail(&field, format!("must hold 1 to {max} items"));
            None
        }
        Some(_) => {
            c.fail(&field, "must be a list");
            None
        }
        None => {
            c.fail(&field, "is required");
            None
        }
    }
}

fn currencies(c: &mut Checker, d: &Map<String, Value>, p: &str) {
    let Some(items) = list(c, d, p, "currencies", 10) else {
        return;
    };
    for (i, v) in items.iter().enumerate() {
        let ok = v
            .as_str()
            .is_some_and(|s| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()));
        if !ok {
            c.fail(
                &format!("{p}.currencies.{i}"),
                "must be an ISO 4217 currency",
            );
        }
    }
}

fn markets(c: &mut Checker, d: &Map<String, Value>, p: &str) {
    let Some(items) = list(c, d, p, "markets", 3) else {
        return;
    };
    for (i, v) in items.iter().enumerate() {
        if !v.as_str().is_some_and(|s| ["HK", "CN", "US"].contains(&s)) {
            c.fail(&format!("{p}.markets.{i}"), "must be one of HK, CN, US");
        }
    }
}

fn beneficiaries(c: &mut Checker, d: &Map<String, Value>, p: &str) {
    let Some(items) = list(c, d, p, "beneficiaries", 10) else {
        return;
    };
    for (i, v) in items.iter().enumerate() {
        let at = format!("{p}.beneficiaries.{i}");
        let Some(b) = v.as_object() else {
            c.fail(&at, "must be an object");
            continue;
        };
        c.text(b, &at, "name", 1, 140);
        c.text(b, &at, "relationship", 1, 35);
        c.integer(b, &at, "sharePercent", 1, 100);
    }
}
