//! JETCO APIX Phase I: the product, location and FX endpoints of
//! `specs/phase1-jetco-apix.yaml`, for every JETCO bank under
//! `/jetco/{apix code}`; Phase III is in [`accounts`], Phase IV in [`payments`].
//!
//! Items are serialized once when the mock starts (per language); a page is
//! then the concatenation of ready bytes, so serving a list allocates little.

mod accounts;
mod applications;
mod payments;
mod render;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::get;
use bytes::Bytes;
use http::{HeaderMap, StatusCode, Uri};
use serde_json::{Value, json};

use super::wire::{self, Language};
use super::{BankRoute, Dialect};
use crate::bank::{AuthStyle, ProductKind, SimulatedBank, SimulatedDialect};
use crate::data::Catalog;
use crate::envelope::{error_response, json_response};
use crate::instance::{BankState, Instance};
use crate::rejection::Checked;

/// The JETCO APIX dialect.
pub(crate) struct JetcoApix;

impl Dialect for JetcoApix {
    fn dialect(&self) -> SimulatedDialect {
        SimulatedDialect::JetcoApix
    }

    fn name(&self) -> &'static str {
        "jetco-apix"
    }

    fn spec(&self) -> &'static str {
        "phase1-jetco-apix.yaml"
    }

    fn auth_style(&self) -> AuthStyle {
        AuthStyle::IbmClientHeaders
    }

    /// Every member bank sits behind the APIX gateway, at `/jetco/{apix code}`.
    fn gateway(&self) -> &'static str {
        "/jetco"
    }

    /// The IBM API Connect gateway's error body.
    fn error_body(&self, status: StatusCode, message: &str) -> Value {
        json!({
            "httpCode": status.as_str(),
            "httpMessage": status.canonical_reason().unwrap_or("Error"),
            "moreInformation": message,
        })
    }

    /// Lists get one static route per bank (no path parameter to parse on
    /// the hot path), and single-product reads one route each.
    fn routes(&self, instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        let served = Arc::new(Served {
            catalog: JetcoCatalog::render(instance.settings.seed, &bank.profile, &bank.catalog),
            bank: bank.clone(),
        });
        let mut routes = Vec::new();
        for endpoint in Endpoint::ALL {
            let list_of = served.clone();
            routes.push(BankRoute::guarded(
                endpoint.path(),
                get(
                    move |State(inst): State<Arc<Instance>>, req: Request| async move {
                        list(&inst, &list_of, endpoint, req.headers(), req.uri())
                    },
                ),
            ));
            if endpoint.has_single_read() {
                let one_of = served.clone();
                routes.push(BankRoute::guarded(
                    format!("{}/{{product}}", endpoint.path()),
                    get(
                        move |Checked(Path(product)): Checked<Path<String>>,
                              headers: HeaderMap| async move {
                            single(&one_of, endpoint, &product, &headers)
                        },
                    ),
                ));
            }
        }
        routes
    }

    /// Phase III: accounts, balances, transactions, cards, availability.
    fn account_routes(&self, instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        accounts::routes(instance, bank)
    }

    /// Phase II: applications, with the bank's encryption keys.
    fn application_routes(&self, _instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        applications::routes(bank)
    }

    /// Phase IV: payment consents and payments.
    fn payment_routes(&self, _instance: &Instance, bank: &Arc<BankState>) -> Vec<BankRoute> {
        payments::routes(bank)
    }

    /// `GET /cards/v1/cards` and its transactions.
    fn serves_cards(&self) -> bool {
        true
    }

    /// How many items each list holds (by the key of its item array).
    fn admin_details(&self, bank: &BankState) -> Option<(&'static str, Value)> {
        let counts: serde_json::Map<String, Value> = Endpoint::ALL
            .iter()
            .filter(|e| bank.profile.offers(e.kind()))
            .map(|e| {
                let n = match e.kind() {
                    ProductKind::FxRate => bank.catalog.fx_rates.len(),
                    kind @ (ProductKind::Branch | ProductKind::Atm | ProductKind::DepositBox) => {
                        bank.catalog.locations.get(&kind).map_or(0, Vec::len)
                    }
                    kind => bank.catalog.products.get(&kind).map_or(0, Vec::len),
                };
                (e.data_key().to_owned(), json!(n))
            })
            .collect();
        Some(("jetcoItemCounts", Value::Object(counts)))
    }
}

/// A bank's rendered items, with the bank.
struct Served {
    bank: Arc<BankState>,
    catalog: JetcoCatalog,
}

/// One list operation of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `deposits/v1/savings`
    Savings,
    /// `deposits/v1/current`
    Current,
    /// `deposits/v1/timedeposit`
    TimeDeposit,
    /// `deposits/v1/fcy`
    ForeignCurrency,
    /// `loans/v1/creditcard`
    CreditCard,
    /// `loans/v1/mortgage`
    Mortgage,
    /// `loans/v1/securedloan`
    SecuredLoan,
    /// `loans/v1/unsecuredloan`
    UnsecuredLoan,
    /// `locations/v1/branch`
    Branch,
    /// `locations/v1/atm`
    Atm,
    /// `locations/v1/depositbox`
    DepositBox,
    /// `fx/v1/fxrate`
    FxRate,
}

impl Endpoint {
    /// Every endpoint.
    pub const ALL: [Endpoint; 12] = [
        Endpoint::Savings,
        Endpoint::Current,
        Endpoint::TimeDeposit,
        Endpoint::ForeignCurrency,
        Endpoint::CreditCard,
        Endpoint::Mortgage,
        Endpoint::SecuredLoan,
        Endpoint::UnsecuredLoan,
        Endpoint::Branch,
        Endpoint::Atm,
        Endpoint::DepositBox,
        Endpoint::FxRate,
    ];

    /// The path below the bank prefix.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Savings => "/deposits/v1/savings",
            Endpoint::Current => "/deposits/v1/current",
            Endpoint::TimeDeposit => "/deposits/v1/timedeposit",
            Endpoint::ForeignCurrency => "/deposits/v1/fcy",
            Endpoint::CreditCard => "/loans/v1/creditcard",
            Endpoint::Mortgage => "/loans/v1/mortgage",
            Endpoint::SecuredLoan => "/loans/v1/securedloan",
            Endpoint::UnsecuredLoan => "/loans/v1/unsecuredloan",
            Endpoint::Branch => "/locations/v1/branch",
            Endpoint::Atm => "/locations/v1/atm",
            Endpoint::DepositBox => "/locations/v1/depositbox",
            Endpoint::FxRate => "/fx/v1/fxrate",
        }
    }

    /// The key of the item array inside `data`.
    pub fn data_key(self) -> &'static str {
        match self {
            Endpoint::Savings => "savingsProducts",
            Endpoint::Current => "currentProducts",
            Endpoint::TimeDeposit => "timeDepositProducts",
            Endpoint::ForeignCurrency => "fcyProducts",
            Endpoint::CreditCard => "creditCardProducts",
            Endpoint::Mortgage => "mortgageProducts",
            Endpoint::SecuredLoan => "securedLoanProducts",
            Endpoint::UnsecuredLoan => "unsecuredLoanProducts",
            Endpoint::Branch => "branches",
            Endpoint::Atm => "atms",
            Endpoint::DepositBox => "boxDetails",
            Endpoint::FxRate => "fxRates",
        }
    }

    /// Whether the spec has a `/{product}` read for it.
    pub fn has_single_read(self) -> bool {
        !matches!(
            self,
            Endpoint::Branch | Endpoint::Atm | Endpoint::DepositBox | Endpoint::FxRate
        )
    }

    fn kind(self) -> ProductKind {
        match self {
            Endpoint::Savings => ProductKind::Savings,
            Endpoint::Current => ProductKind::Current,
            Endpoint::TimeDeposit => ProductKind::TimeDeposit,
            Endpoint::ForeignCurrency => ProductKind::ForeignCurrency,
            Endpoint::CreditCard => ProductKind::CreditCard,
            Endpoint::Mortgage => ProductKind::Mortgage,
            Endpoint::SecuredLoan => ProductKind::SecuredLoan,
            Endpoint::UnsecuredLoan => ProductKind::UnsecuredLoan,
            Endpoint::Branch => ProductKind::Branch,
            Endpoint::Atm => ProductKind::Atm,
            Endpoint::DepositBox => ProductKind::DepositBox,
            Endpoint::FxRate => ProductKind::FxRate,
        }
    }
}

/// The `Accept-Language` values of the spec (`EN`, `HK`, `ZH`) and the
/// tags taken for them.
const LANGUAGE_TAGS: &[(&str, Language)] = &[
    ("hk", Language::ZhHant),
    ("zh-hk", Language::ZhHant),
    ("zh-tw", Language::ZhHant),
    ("zh", Language::ZhHans),
    ("zh-cn", Language::ZhHans),
];

fn language(headers: &HeaderMap) -> Language {
    Language::from_accept_language(headers, LANGUAGE_TAGS)
}

/// One endpoint's items, serialized in each language.
#[derive(Debug, Default)]
struct ItemList {
    codes: HashMap<String, usize>,
    by_language: [Vec<Bytes>; 3],
}

/// A JETCO bank's items, ready to serve.
#[derive(Debug, Default)]
pub struct JetcoCatalog {
    lists: HashMap<Endpoint, ItemList>,
    pages: PageCache,
}

/// Pages already assembled, keyed by what shapes them; bounded, so odd
/// page sizes or hosts cannot make it grow without limit.
#[derive(Debug, Default)]
struct PageCache {
    map: std::sync::RwLock<HashMap<PageKey, (Box<str>, Bytes)>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct PageKey {
    endpoint: Endpoint,
    language: Language,
    size: u32,
    idx: u32,
    host_hash: u64,
}

/// The most pages a bank keeps ready.
const PAGE_CACHE_CAPACITY: usize = 2048;

impl PageCache {
    fn get(&self, key: &PageKey, host: &str) -> Option<Bytes> {
        let map = self.map.read().unwrap_or_else(|p| p.into_inner());
        map.get(key)
            .filter(|(h, _)| &**h == host)
            .map(|(_, b)| b.clone())
    }

    fn put(&self, key: PageKey, host: &str, body: Bytes) {
        let mut map = self.map.write().unwrap_or_else(|p| p.into_inner());
        if map.len() < PAGE_CACHE_CAPACITY {
            map.insert(key, (host.into(), body));
        }
    }
}

fn host_hash(host: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    host.hash(&mut h);
    h.finish()
}

impl JetcoCatalog {
    /// Serializes a bank's catalog for every endpoint and language.
    pub fn render(seed: u64, bank: &SimulatedBank, catalog: &Catalog) -> Self {
        let mut lists = HashMap::new();
        let updated_at = wire::LAST_UPDATED;
        let updated = wire::last_updated_date();
        for endpoint in Endpoint::ALL {
            let kind = endpoint.kind();
            if !bank.offers(kind) {
                continue;
            }
            let mut list = ItemList::default();
            for lang in Language::ALL {
                let items: Vec<Bytes> = match endpoint {
                    Endpoint::FxRate => catalog
                        .fx_rates
                        .iter()
                        .map(|fx| Bytes::from(render::fx_item(fx, lang, updated_at).to_string()))
                        .collect(),
                    Endpoint::Branch | Endpoint::Atm | Endpoint::DepositBox => catalog
                        .locations
                        .get(&kind)
                        .map(|locs| {
                            locs.iter()
                                .map(|l| {
                                    Bytes::from(
                                        render::location_item(endpoint, l, lang, updated)
                                            .to_string(),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    _ => catalog
                        .products
                        .get(&kind)
                        .map(|ps| {
                            ps.iter()
                                .map(|p| {
                                    Bytes::from(
                                        render::product_item(seed, bank, endpoint, p, lang)
                                            .to_string(),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                };
                list.by_language[lang.index()] = items;
            }
            if endpoint.has_single_read()
                && let Some(ps) = catalog.products.get(&kind)
            {
                list.codes = ps
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.code.clone(), i))
                    .collect();
            }
            lists.insert(endpoint, list);
        }
        Self {
            lists,
            pages: PageCache::default(),
        }
    }
}

fn jetco_error(status: StatusCode, message: &str) -> Response {
    error_response(SimulatedDialect::JetcoApix, status, message)
}

/// A refusal, turned into the gateway error envelope.
struct Reject(StatusCode, &'static str);

impl Reject {
    fn into_response(self) -> Response {
        jetco_error(self.0, self.1)
    }
}

struct PageQuery {
    size: u32,
    idx: u32,
}

fn parse_page_query(
    query: Option<&str>,
    default_size: u32,
    max_size: u32,
) -> Result<PageQuery, Reject> {
    let mut size = default_size;
    let mut idx = 1;
    for pair in query.unwrap_or_default().split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "pageSize" => {
                size = match v.parse::<u32>() {
                    Ok(n) if n >= 1 => n.min(max_size),
                    _ => {
                        return Err(Reject(
                            StatusCode::BAD_REQUEST,
                            "pageSize must be a positive integer.",
                        ));
                    }
                }
            }
            "pageIdx" => {
                idx = match v.parse::<u32>() {
                    Ok(n) if n >= 1 => n,
                    _ => {
                        return Err(Reject(
                            StatusCode::BAD_REQUEST,
                            "pageIdx must be a positive integer.",
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(PageQuery { size, idx })
}

fn not_offered(bank: &BankState) -> Response {
    jetco_error(
        StatusCode::NOT_FOUND,
        &format!("This API is not offered by {}.", bank.profile.name),
    )
}

/// A list request, read by reference: no header map is cloned.
fn list(
    inst: &Instance,
    served: &Served,
    endpoint: Endpoint,
    headers: &HeaderMap,
    uri: &Uri,
) -> Response {
    let Some(items) = served.catalog.lists.get(&endpoint) else {
        return not_offered(&served.bank);
    };
    let page = match parse_page_query(
        uri.query(),
        inst.settings.default_page_size,
        inst.settings.max_page_size,
    ) {
        Ok(p) => p,
        Err(reject) => return reject.into_response(),
    };
    let language = language(headers);
    let host = headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let key = PageKey {
        endpoint,
        language,
        size: page.size,
        idx: page.idx,
        host_hash: host_hash(host),
    };
    let cache = &served.catalog.pages;
    if let Some(body) = cache.get(&key, host) {
        return json_response(StatusCode::OK, body);
    }
    let all = &items.by_language[language.index()];
    let total = all.len();
    let size = page.size as usize;
    let total_pages = total.div_ceil(size);
    let start = (page.idx as usize)
        .saturating_sub(1)
        .saturating_mul(size)
        .min(total);
    let end = start.saturating_add(size).min(total);
    let base = if !host.is_empty() && json_safe(host) && json_safe(uri.path()) {
        format!("http://{host}{}", uri.path())
    } else if json_safe(uri.path()) {
        uri.path().to_owned()
    } else {
        String::new()
    };
    let body = assemble_page(
        endpoint,
        &all[start..end],
        total,
        total_pages,
        page.size,
        page.idx,
        Some(&base),
    );
    cache.put(key, host, body.clone());
    json_response(StatusCode::OK, body)
}

fn single(served: &Served, endpoint: Endpoint, product: &str, headers: &HeaderMap) -> Response {
    let Some(items) = served.catalog.lists.get(&endpoint) else {
        return not_offered(&served.bank);
    };
    let Some(&i) = items.codes.get(product) else {
        return jetco_error(
            StatusCode::NOT_FOUND,
            &format!("No product with code {product}."),
        );
    };
    let all = &items.by_language[language(headers).index()];
    let body = assemble_page(endpoint, &all[i..=i], 1, 1, 1, 1, None);
    json_response(StatusCode::OK, body)
}

/// Whether a string can be put between JSON quotes as it is.
fn json_safe(s: &str) -> bool {
    s.bytes()
        .all(|b| b >= 0x20 && b != b'"' && b != b'\\' && b < 0x7f)
}

/// Writes the paging envelope around ready item bytes.
fn assemble_page(
    endpoint: Endpoint,
    items: &[Bytes],
    total: usize,
    total_pages: usize,
    size: u32,
    idx: u32,
    link_base: Option<&str>,
) -> Bytes {
    let items_len = items.iter().fold(512, |n: usize, b| {
        n.saturating_add(b.len()).saturating_add(1)
    });
    let mut out = String::with_capacity(items_len);
    let idx_usize = idx as usize;
    let _ = write!(
        out,
        r#"{{"first":{},"last":{},"totalPages":{total_pages},"totalElements":{total},"pageSize":{size},"pageIdx":{idx}"#,
        idx == 1,
        idx_usize >= total_pages,
    );
    if let Some(base) = link_base {
        let last = total_pages.max(1);
        let _ = write!(
            out,
            r#","links":{{"first":"{base}?pageSize={size}&pageIdx=1","last":"{base}?pageSize={size}&pageIdx={last}""#
        );
        if idx_usize < total_pages {
            let _ = write!(
                out,
                r#","next":"{base}?pageSize={size}&pageIdx={}""#,
                idx.saturating_add(1)
            );
        }
        if idx > 1 {
            let _ = write!(
                out,
                r#","prev":"{base}?pageSize={size}&pageIdx={}""#,
                idx.saturating_sub(1).min(last as u32)
            );
        }
        out.push('}');
    }
    let _ = write!(out, r#","data":{{"{}":["#, endpoint.data_key());
    let mut bytes = out.into_bytes();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        bytes.extend_from_slice(item);
    }
    bytes.extend_from_slice(b"]}}");
    Bytes::from(bytes)
}
