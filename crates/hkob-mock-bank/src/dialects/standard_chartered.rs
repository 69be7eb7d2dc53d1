//! Standard Chartered HK Phase I: the three reads of
//! `specs/phase1-standard-chartered.yaml` (`/retail/v1/products`,
//! `/retail/v1/bank-locations`, `/retail/v1/fx-rates`), behind an OAuth 2.0
//! client-credentials token from `{bank}/retail/v1/oauth2/token` (the bank's
//! authorization server, configured with that token path).
//!
//! Product lists are serialized once per category and language, location
//! lists once per type, and exchange rates once per currency pair.

use std::collections::HashMap;
use std::sync::Arc;

use axum::response::Response;
use axum::routing::get;
use bytes::Bytes;
use http::{StatusCode, Uri};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::wire::{self, Language, LanguageCodes};
use super::{BankRoute, Dialect};
use crate::auth_server::AuthConfig;
use crate::bank::{AuthStyle, ProductKind, SimulatedDialect};
use crate::data::{Location, Product, ReferenceRate};
use crate::envelope::{error_response, json_response};
use crate::instance::{BankState, Instance};

/// The Standard Chartered dialect.
pub(crate) struct StandardChartered;

impl Dialect for StandardChartered {
    fn dialect(&self) -> SimulatedDialect {
        SimulatedDialect::StandardChartered
    }

    fn name(&self) -> &'static str {
        "standard-chartered"
    }

    fn spec(&self) -> &'static str {
        "phase1-standard-chartered.yaml"
    }

    fn auth_style(&self) -> AuthStyle {
        AuthStyle::OAuthClientCredentials
    }

    /// `{code, message}`.
    fn error_body(&self, status: StatusCode, message: &str) -> Value {
        json!({ "code": status.as_str(), "message": message })
    }

    fn configure_auth(&self, config: &mut AuthConfig) {
        config.paths.token = TOKEN_PATH.to_owned();
        config.lifetimes.access_token_secs = TOKEN_LIFETIME_SECS;
    }

    /// The three reads; their bodies are serialized here.
    fn routes(&self, _instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        let bodies = Arc::new(render(bank));
        [
            (PRODUCTS_PATH, Read::Products),
            (LOCATIONS_PATH, Read::Locations),
            (FX_RATES_PATH, Read::FxRates),
        ]
        .into_iter()
        .map(|(path, read)| {
            let bodies = bodies.clone();
            BankRoute::guarded(
                path,
                get(move |uri: Uri| async move {
                    serve(&bodies, read, uri.query().unwrap_or_default())
                }),
            )
        })
        .collect()
    }
}

/// The token endpoint below the bank prefix.
pub const TOKEN_PATH: &str = "/retail/v1/oauth2/token";
/// How long an access token lives, in seconds.
pub const TOKEN_LIFETIME_SECS: i64 = 1800;
/// The products read, below the bank prefix.
pub const PRODUCTS_PATH: &str = "/retail/v1/products";
/// The branches and ATMs read.
pub const LOCATIONS_PATH: &str = "/retail/v1/bank-locations";
/// The exchange rates read.
pub const FX_RATES_PATH: &str = "/retail/v1/fx-rates";

/// When every list says it was last updated (the spec's 14-digit form).
static LAST_UPDATED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    wire::LAST_UPDATED
        .chars()
        .take_while(|c| *c != '+')
        .filter(char::is_ascii_digit)
        .collect()
});

/// The `category` values, their list keys and the data they come from.
pub const CATEGORIES: [(&str, &str, &[ProductKind]); 8] = [
    (
        "SA",
        "savings-accounts",
        &[ProductKind::Savings, ProductKind::ForeignCurrency],
    ),
    ("CA", "current-accounts", &[ProductKind::Current]),
    ("TD", "time-deposit-accounts", &[ProductKind::TimeDeposit]),
    ("CC", "credit-cards", &[ProductKind::CreditCard]),
    ("PL", "personal-loans", &[ProductKind::UnsecuredLoan]),
    ("ML", "mortgages", &[ProductKind::Mortgage]),
    ("Inv", "investments", &[ProductKind::Investment]),
    ("Ins", "insurance", &[ProductKind::Insurance]),
];

/// The `language` values; English first (the default).
const LANGUAGES: LanguageCodes = &[(Language::En, "en-HK"), (Language::ZhHant, "zh-HK")];

/// One bank's ready bodies.
#[derive(Debug, Default)]
struct Bodies {
    /// By (category, language index).
    products: HashMap<(&'static str, usize), Bytes>,
    /// By location type (`atm`, `branch`).
    locations: HashMap<&'static str, Bytes>,
    /// By currency pair (`USDHKD`): the TT and NOTES items, serialized.
    fx: HashMap<String, Bytes>,
}

#[derive(Debug, Clone, Copy)]
enum Read {
    Products,
    Locations,
    FxRates,
}

fn bad_request(message: &str) -> Response {
    error_response(
        SimulatedDialect::StandardChartered,
        StatusCode::BAD_REQUEST,
        message,
    )
}

fn query_param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn serve(bodies: &Bodies, read: Read, query: &str) -> Response {
    match read {
        Read::Products => {
            let Some(category) = query_param(query, "category") else {
                return bad_request("The category parameter is required.");
            };
            let language = match query_param(query, "language") {
                None => 0,
                Some(l) => match LANGUAGES.iter().position(|(_, code)| *code == l) {
                    Some(i) => i,
                    None => return bad_request("The language parameter must be en-HK or zh-HK."),
                },
            };
            let Some((code, ..)) = CATEGORIES.iter().find(|(c, ..)| *c == category) else {
                return bad_request("The category parameter is not a known category.");
            };
            match bodies.products.get(&(*code, language)) {
                Some(body) => json_response(StatusCode::OK, body.clone()),
                None => error_response(
                    SimulatedDialect::StandardChartered,
                    StatusCode::NOT_FOUND,
                    "This category is not offered.",
                ),
            }
        }
        Read::Locations => {
            let Some(body) = query_param(query, "type").and_then(|t| bodies.locations.get(t))
            else {
                return bad_request("The type parameter must be atm or branch.");
            };
            json_response(StatusCode::OK, body.clone())
        }
        Read::FxRates => {
            let Some(pairs) = query_param(query, "currency")
                .map(|c| c.replace("%2C", ",").replace("%2c", ","))
                .filter(|c| valid_pairs(c))
            else {
                return bad_request(
                    "The currency parameter must be comma-separated six-letter currency pairs.",
                );
            };
            let mut out = Vec::with_capacity(64 * 8);
            out.extend_from_slice(b"{\"fx-rates\":[");
            let mut first = true;
            for pair in pairs.split(',') {
                if let Some(items) = bodies.fx.get(pair) {
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    out.extend_from_slice(items);
                }
            }
            out.extend_from_slice(b"]}");
            json_response(StatusCode::OK, Bytes::from(out))
        }
    }
}

/// `^[A-Z]{6}(,[A-Z]{6})*$`
fn valid_pairs(s: &str) -> bool {
    s.split(',')
        .all(|p| p.len() == 6 && p.bytes().all(|b| b.is_ascii_uppercase()))
}

fn render(bank: &BankState) -> Bodies {
    let mut bodies = Bodies::default();
    let catalog = &bank.catalog;
    for (code, key, kinds) in CATEGORIES {
        if !kinds.iter().any(|k| bank.profile.offers(*k)) {
            continue;
        }
        for (i, (language, _)) in LANGUAGES.iter().enumerate() {
            let items: Vec<Value> = kinds
                .iter()
                .filter_map(|k| catalog.products.get(k))
                .flatten()
                .map(|p| product(p, *language))
                .collect();
            let mut body = Map::new();
            body.insert(key.into(), Value::Array(items));
            bodies
                .products
                .insert((code, i), Bytes::from(Value::Object(body).to_string()));
        }
    }
    for (kind, label) in [(ProductKind::Atm, "atm"), (ProductKind::Branch, "branch")] {
        let items: Vec<Value> = catalog
            .locations
            .get(&kind)
            .map(|ls| ls.iter().map(|l| location(l, label)).collect())
            .unwrap_or_default();
        bodies.locations.insert(
            label,
            Bytes::from(json!({ "locations": items }).to_string()),
        );
    }
    for fx in &catalog.fx_rates {
        let pair = format!("{}HKD", fx.currency);
        let item = |rate_type: &str, buy: Decimal, sell: Decimal| {
            json!({
                "currency-pair": pair,
                "rate-type": rate_type,
                "unit": 1,
                "buy-price": buy.to_string(),
                "sell-price": sell.to_string(),
                "last-updated": LAST_UPDATED.as_str(),
            })
            .to_string()
        };
        let both = format!(
            "{},{}",
            item("TT", fx.tt_bid, fx.tt_offer),
            item("NOTES", fx.note_bid, fx.note_offer)
        );
        bodies.fx.insert(pair, Bytes::from(both));
    }
    bodies
}

fn location(l: &Location, label: &str) -> Value {
    let mut item = json!({
        "id": l.code,
        "types": [label],
        "status": "active",
        "title": l.name_en,
        "address": {
            "address-lines": [l.address_en],
            "district": l.district,
            "latitude": l.latitude.to_string(),
            "longitude": l.longitude.to_string(),
        },
        "is-24-hours": label == "atm",
    });
    if let (Value::Object(o), Some(phone)) = (&mut item, &l.phone) {
        o.insert("telephone".into(), Value::from(phone.clone()));
    }
    item
}

fn eligibility(p: &Product) -> Value {
    json!([{ "min-age": p.min_age, "currency": p.currency }])
}

fn product(p: &Product, language: Language) -> Value {
    let title = language.text(&p.name_en, &p.name_zh);
    let first_rate = p.first_rate();
    let mut item = json!({
        "id": p.code,
        "code": p.code,
        "title": title,
        "eligibility": eligibility(p),
        "product-url": p.page_link,
        "last-updated": LAST_UPDATED.as_str(),
    });
    let Value::Object(o) = &mut item else {
        return item;
    };
    match p.kind {
        ProductKind::Savings
        | ProductKind::ForeignCurrency
        | ProductKind::Current
        | ProductKind::TimeDeposit => {
            let rates: Vec<Value> = p
                .rate_tiers
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let mut r = json!({
                        "currency": p.currency,
                        "min-amount": wire::amount(t.min_amount),
                        "rate": t.rate.to_string(),
                    });
                    if let Value::Object(r) = &mut r {
                        if let Some(term) = p.term_months {
                            r.insert("tenor".into(), Value::from(term));
                            r.insert("tenor-unit".into(), Value::from("M"));
                        }
                        if let Some(max) = p.tier_maximum(i) {
                            r.insert("max-amount".into(), Value::from(wire::amount(max)));
                        }
                    }
                    r
                })
                .collect();
            o.insert("currency".into(), Value::from(p.currency));
            o.insert(
                "initial-deposit".into(),
                Value::from(wire::amount(p.min_amount)),
            );
            o.insert("deposit-rates".into(), Value::Array(rates));
            o.insert(
                "product-apply-url".into(),
                Value::from(p.application_link()),
            );
            if p.kind != ProductKind::TimeDeposit {
                o.insert(
                    "min-balance".into(),
                    Value::from(wire::amount(p.min_amount)),
                );
                o.insert("service-fee".into(), Value::from(wire::amount(p.fee)));
            }
        }
        ProductKind::CreditCard => {
            o.insert("annual-fee".into(), Value::from(wire::amount(p.fee)));
            o.insert("purchase-apr".into(), Value::from(first_rate.to_string()));
            o.insert(
                "cash-advance-apr".into(),
                Value::from(first_rate.to_string()),
            );
            o.insert("interest-free-days".into(), Value::from(56));
            o.insert(
                "product-apply-url".into(),
                Value::from(p.application_link()),
            );
        }
        ProductKind::UnsecuredLoan | ProductKind::Mortgage => {
            let mut range = json!({ "min": wire::amount(p.min_amount), "currency": p.currency });
            if let (Value::Object(r), Some(max)) = (&mut range, p.max_amount) {
                r.insert("max".into(), Value::from(wire::amount(max)));
            }
            o.insert("loan-amount".into(), range);
            if let Some(term) = p.term_months {
                o.insert(
                    "tenor".into(),
                    json!({ "min": 1, "max": term, "unit": "M" }),
                );
            }
            o.insert(
                "product-apply-url".into(),
                Value::from(p.application_link()),
            );
            if p.kind == ProductKind::Mortgage {
                let rate = match p.reference_rate() {
                    Some(ReferenceRate::Hibor) => {
                        json!({ "type": "HIBOR", "margin": first_rate.to_string() })
                    }
                    Some(ReferenceRate::Prime) => {
                        json!({ "type": "PRIME", "margin": first_rate.to_string() })
                    }
                    None => json!({ "type": "FIXED", "fixed-rate": first_rate.to_string() }),
                };
                o.insert("interest-rates".into(), json!([rate]));
            } else {
                o.insert("apr".into(), Value::from(first_rate.to_string()));
                o.insert("handling-fee".into(), Value::from(wire::amount(p.fee)));
            }
        }
        ProductKind::Investment => {
            o.insert(
                "investment-category".into(),
                Value::from(p.sub_type.unwrap_or("fund")),
            );
        }
        ProductKind::Insurance => {
            o.insert(
                "insurance-category".into(),
                Value::from(p.sub_type.unwrap_or("life")),
            );
            o.insert(
                "product-apply-url".into(),
                Value::from(p.application_link()),
            );
        }
        _ => {}
    }
    item
}
