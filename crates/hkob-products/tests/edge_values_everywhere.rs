//! Structure-aware edge values in every field of every spec example: each example response of
//! each Phase I dialect is taken from `specs/`, each of its values (every leaf, object and array)
//! is replaced in turn by an edge value (29-digit decimals, integer limits, negative and huge
//! numbers, empty and null, wrong types, long text), and the result is decoded and normalised. A
//! body that does not decode is a typed error; one that decodes is normalised; nothing panics.
//! Bounded and deterministic; it runs with the normal tests.

use std::panic::{AssertUnwindSafe, catch_unwind};

use hkob_core::headers::Language;
use hkob_core::paging::Page;
use hkob_products::generated::{
    bochk_group::types as bx, dbs::types as dx, hsbc_group::types as hx, jetco_apix::types as jx,
    standard_chartered::types as sx,
};
use hkob_products::model::{BankId, PersonalLoanKind};
use hkob_products::normalise::{
    bochk_group as nb, dbs as nd, hsbc_group as nh, jetco_apix as nj, standard_chartered as ns,
};
use serde_json::{Value, json};

/// Decodes a body as a dialect's answer and normalises it; `None` when it does not decode.
type Run = fn(Value) -> Option<usize>;

fn bank() -> BankId {
    BankId::new("edge")
}

fn size<T>(out: hkob_products::normalise::Normalised<T>) -> usize {
    out.items.len() + out.issues.len()
}

macro_rules! case {
    ($op:literal, $ty:ty, |$r:ident| $($normalised:expr),+ $(,)?) => {
        ($op, (|value: Value| {
            let $r: $ty = serde_json::from_value(value).ok()?;
            Some(0 $(+ size($normalised))+)
        }) as Run)
    };
}

const EN: Language = Language::English;

fn jetco() -> Vec<(&'static str, Run)> {
    vec![
        case!("listSavingsProducts", jx::SavingsProductListResponse, |r| {
            nj::savings(&bank(), EN, r.into_items())
        }),
        case!("listCurrentProducts", jx::CurrentProductListResponse, |r| {
            nj::current(&bank(), EN, r.into_items())
        }),
        case!(
            "listTimeDepositProducts",
            jx::TimeDepositProductListResponse,
            |r| nj::time_deposits(&bank(), EN, r.into_items())
        ),
        case!("listFcyProducts", jx::FcyProductListResponse, |r| {
            nj::foreign_currency(&bank(), EN, r.into_items())
        }),
        case!(
            "listCreditCardProducts",
            jx::CreditCardProductListResponse,
            |r| nj::credit_cards(&bank(), EN, r.into_items())
        ),
        case!(
            "listMortgageProducts",
            jx::MortgageProductListResponse,
            |r| nj::mortgages(&bank(), EN, r.into_items())
        ),
        case!(
            "listSecuredLoanProducts",
            jx::SecuredLoanProductListResponse,
            |r| nj::secured_loans(&bank(), EN, r.into_items())
        ),
        case!(
            "listUnsecuredLoanProducts",
            jx::UnsecuredLoanProductListResponse,
            |r| nj::unsecured_loans(&bank(), EN, r.into_items())
        ),
        case!("listFxRates", jx::FxRateListResponse, |r| nj::fx_rates(
            &bank(),
            EN,
            r.into_items()
        )),
        case!("listBranches", jx::BranchListResponse, |r| nj::branches(
            &bank(),
            EN,
            r.into_items()
        )),
        case!("listAtms", jx::AtmListResponse, |r| nj::atms(
            &bank(),
            EN,
            r.into_items()
        )),
        case!("listDepositBoxes", jx::DepositBoxListResponse, |r| {
            nj::safe_deposit_boxes(&bank(), EN, r.into_items())
        }),
    ]
}

fn hsbc() -> Vec<(&'static str, Run)> {
    vec![
        case!(
            "listAllInOneAndSavingsAccounts",
            hx::SavingsAccountListResponse,
            |r| nh::savings(&bank(), EN, r.into_items())
        ),
        case!("listSavingsAccounts", hx::SavingsAccountListResponse, |r| {
            nh::savings(&bank(), EN, r.into_items())
        }),
        case!("listCurrentAccounts", hx::CurrentAccountListResponse, |r| {
            nh::current(&bank(), EN, r.into_items())
        }),
        case!("listTimeDeposits", hx::TimeDepositListResponse, |r| {
            nh::time_deposits(&bank(), EN, r.into_items())
        }),
        case!(
            "listForeignCurrencyAccounts",
            hx::ForeignCurrencyAccountListResponse,
            |r| nh::foreign_currency(&bank(), EN, r.into_items())
        ),
        case!("listCreditCards", hx::CreditCardListResponse, |r| {
            nh::credit_cards(&bank(), EN, r.into_items())
        }),
        case!(
            "listMortgages",
            hx::MortgageListResponse,
            |r| nh::mortgages(&bank(), EN, r.into_items())
        ),
        case!("listSecuredLoans", hx::SecuredLoanListResponse, |r| {
            nh::secured_loans(&bank(), EN, r.into_items())
        }),
        case!("listUnsecuredLoans", hx::UnsecuredLoanListResponse, |r| {
            nh::unsecured_loans(&bank(), EN, r.into_items())
        }),
        case!(
            "listForeignExchangeRates",
            hx::ExchangeRateListResponse,
            |r| nh::fx_rates(&bank(), EN, r)
        ),
        case!("listBranches", hx::BranchListResponse, |r| nh::branches(
            &bank(),
            EN,
            r.into_items()
        )),
        case!("listAtms", hx::AtmListResponse, |r| nh::atms(
            &bank(),
            EN,
            r.into_items()
        )),
    ]
}

fn bochk() -> Vec<(&'static str, Run)> {
    vec![
        case!("listSavingsProducts", bx::SavingsProductListResponse, |r| {
            nb::savings(&bank(), r.products)
        }),
        case!("listCurrentProducts", bx::CurrentProductListResponse, |r| {
            nb::current(&bank(), r.products)
        }),
        case!(
            "listTimeDepositProducts",
            bx::TimeDepositProductListResponse,
            |r| nb::time_deposits(&bank(), r.products)
        ),
        case!(
            "listCreditCardProducts",
            bx::CreditCardProductListResponse,
            |r| nb::credit_cards(&bank(), r.products)
        ),
        case!(
            "listMortgageProducts",
            bx::MortgageProductListResponse,
            |r| nb::mortgages(&bank(), r.products)
        ),
        case!(
            "listPersonalLoanProducts",
            bx::LoanProductListResponse,
            |r| nb::personal_loans(&bank(), PersonalLoanKind::Instalment, r.products)
        ),
        case!("listTaxLoanProducts", bx::LoanProductListResponse, |r| {
            nb::personal_loans(&bank(), PersonalLoanKind::Tax, r.products)
        }),
        case!("listHkdBanknoteRates", bx::FxRateListResponse, |r| {
            nb::fx_rates(&bank(), nb::FxBoard::HkdBanknote, r.products)
        }),
        case!("listHkdTtRates", bx::FxRateListResponse, |r| nb::fx_rates(
            &bank(),
            nb::FxBoard::HkdTelegraphicTransfer,
            r.products
        )),
        case!("listUsdRates", bx::FxRateListResponse, |r| nb::fx_rates(
            &bank(),
            nb::FxBoard::UsdTelegraphicTransfer,
            r.products
        )),
        case!("listBranches", bx::BranchListResponse, |r| nb::branches(
            &bank(),
            r.products
        )),
        case!(
            "listSafeDepositBoxes",
            bx::SafeDepositBoxListResponse,
            |r| nb::safe_deposit_boxes(&bank(), r.products)
        ),
    ]
}

fn dbs() -> Vec<(&'static str, Run)> {
    vec![
        case!("listSavingsAccounts", dx::SavingsAccountListResponse, |r| {
            nd::savings(&bank(), r.savings_account_product_info)
        }),
        case!("listCurrentAccounts", dx::CurrentAccountListResponse, |r| {
            nd::current(&bank(), r.current_account_product_info)
        }),
        case!("listTimeDeposits", dx::TimeDepositListResponse, |r| {
            nd::time_deposits(&bank(), r.time_deposit_product_info)
        }),
        case!(
            "listForeignCurrencyAccounts",
            dx::ForeignCurrencyAccountListResponse,
            |r| nd::foreign_currency(&bank(), r.foreign_currency_account_product_info)
        ),
        case!("listCreditCards", dx::CreditCardListResponse, |r| {
            nd::credit_cards(&bank(), r.credit_card_product_info)
        }),
        case!(
            "listMortgages",
            dx::MortgageListResponse,
            |r| nd::mortgages(&bank(), r.mortagage_product_info)
        ),
        case!("listSecuredLoans", dx::SecuredLoanListResponse, |r| {
            nd::personal_loans(&bank(), true, r.secured_loan_product_info)
        }),
        case!("listUnsecuredLoans", dx::UnsecuredLoanListResponse, |r| {
            nd::personal_loans(&bank(), false, r.unsecured_loan_product_info)
        }),
        case!("listExchangeRates", dx::ExchangeRateListResponse, |r| {
            nd::fx_rates(&bank(), r.exchange_rates_info)
        }),
        case!("listBranches", dx::BranchListResponse, |r| nd::branches(
            &bank(),
            r.branch_info
        )),
        case!("listAtms", dx::AtmListResponse, |r| nd::atms(
            &bank(),
            r.atm_info
        )),
    ]
}

fn standard_chartered() -> Vec<(&'static str, Run)> {
    vec![
        case!(
            "listProducts",
            sx::ProductListResponse,
            |r| ns::savings(&bank(), EN, r.savings_accounts.clone().unwrap_or_default()),
            ns::current(&bank(), EN, r.current_accounts.clone().unwrap_or_default()),
            ns::time_deposits(
                &bank(),
                EN,
                r.time_deposit_accounts.clone().unwrap_or_default()
            ),
            ns::credit_cards(&bank(), EN, r.credit_cards.clone().unwrap_or_default()),
            ns::mortgages(&bank(), EN, r.mortgages.clone().unwrap_or_default()),
            ns::personal_loans(&bank(), EN, r.personal_loans.clone().unwrap_or_default()),
        ),
        case!(
            "listBankLocations",
            sx::LocationListResponse,
            |r| ns::branches(&bank(), EN, r.locations.clone()),
            ns::atms(&bank(), EN, r.locations.clone()),
        ),
        case!("listFxRates", sx::FxRateListResponse, |r| ns::fx_rates(
            &bank(),
            r.fx_rates
        )),
    ]
}

/// The example answers of a spec, by operation id.
fn examples(spec: &str) -> Vec<(String, Value)> {
    let path = format!("{}/../../specs/{spec}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = Vec::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for op in item.as_object().into_iter().flat_map(|o| o.values()) {
            let Some(id) = op["operationId"].as_str() else {
                continue;
            };
            let media = &op["responses"]["200"]["content"]["application/json"];
            let mut found: Vec<Value> = media.get("example").cloned().into_iter().collect();
            if let Some(named) = media.get("examples").and_then(Value::as_object) {
                found.extend(named.values().filter_map(|e| e.get("value").cloned()));
            }
            out.extend(found.into_iter().map(|e| (id.to_owned(), e)));
        }
    }
    out
}

fn edge_values() -> Vec<Value> {
    vec![
        json!(null),
        json!(""),
        json!(" "),
        json!("99999999999999999999999999999"),
        json!("-99999999999999999999999999999"),
        json!("0.0000000000000000000000000001"),
        json!("1e28"),
        json!("NaN"),
        json!("9223372036854775807W"),
        json!("2026-02-30"),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(-1),
        json!(0),
        json!(1e308),
        json!(-1e308),
        json!(true),
        json!([]),
        json!({}),
        json!("x".repeat(10_000)),
        json!("\u{0}\u{202e}\u{fffd}"),
    ]
}

/// Every value of `doc`, as a path of keys and indexes.
fn paths(doc: &Value, prefix: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(prefix.clone());
    match doc {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(PathStep::Key(k.clone()));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(PathStep::Index(i));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at<'a>(doc: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |v, step| match step {
        PathStep::Key(k) => v.get_mut(k.as_str()),
        PathStep::Index(i) => v.get_mut(*i),
    })
}

fn run_dialect(spec: &str, cases: Vec<(&'static str, Run)>) -> (usize, usize) {
    let examples = examples(spec);
    let edges = edge_values();
    let (mut decoded, mut tried) = (0, 0);
    for (op, run) in &cases {
        let mine: Vec<&Value> = examples
            .iter()
            .filter(|(id, _)| id == op)
            .map(|(_, e)| e)
            .collect();
        assert!(!mine.is_empty(), "{spec}: no example for {op}");
        for example in mine {
            assert!(
                run(example.clone()).is_some(),
                "{spec}: the example of {op} does not decode"
            );
            let mut all = Vec::new();
            paths(example, &mut Vec::new(), &mut all);
            for path in all.iter().skip(1) {
                for edge in &edges {
                    let mut mutated = example.clone();
                    if let Some(slot) = at(&mut mutated, path) {
                        *slot = edge.clone();
                    }
                    tried += 1;
                    match catch_unwind(AssertUnwindSafe(|| run(mutated))) {
                        Ok(Some(_)) => decoded += 1,
                        Ok(None) => {}
                        Err(_) => panic!("{spec} {op}: panicked with {path:?} = {edge}"),
                    }
                }
            }
        }
    }
    (tried, decoded)
}

#[test]
fn no_edge_value_panics_a_normaliser() {
    let mut report = Vec::new();
    for (spec, cases) in [
        ("phase1-jetco-apix.yaml", jetco()),
        ("phase1-hsbc-group.yaml", hsbc()),
        ("phase1-bochk-group.yaml", bochk()),
        ("phase1-dbs.yaml", dbs()),
        ("phase1-standard-chartered.yaml", standard_chartered()),
    ] {
        let (tried, decoded) = run_dialect(spec, cases);
        assert!(decoded > 0, "{spec}: no mutated body decoded");
        report.push(format!(
            "{spec}: {tried} bodies, {decoded} decoded and normalised"
        ));
    }
    println!("{}", report.join("\n"));
}
