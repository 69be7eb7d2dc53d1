//! What hkob's pipeline costs over a bare reqwest + serde_json call, and
//! what its decode helpers cost over plain serde (a generated open object, whose
//! unnamed keys keep every digit, against a derived `#[serde(flatten)]` map).
//!
//! `cargo bench -p hkob-core` runs the criterion groups, then prints the
//! ratios measured in the same run (interleaved, median of rounds).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use hkob_core::retry::RetryPolicy;
use hkob_core::{ApiRequest, Client, Decimal};
use serde::Deserialize;
use tokio::runtime::Runtime;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Product {
    #[serde(rename = "productCode")]
    code: String,
    #[serde(rename = "productName")]
    name: String,
    #[serde(with = "hkob_core::money::decimal_str")]
    rate: Decimal,
    #[serde(
        rename = "minAmount",
        default,
        with = "hkob_core::money::decimal_str_opt"
    )]
    min_amount: Option<Decimal>,
    currency: hkob_core::Currency,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct ProductPage {
    products: Vec<Product>,
}

/// `Product` with a map of the keys it does not name, as a plain derive writes it.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct FlattenedProduct {
    #[serde(rename = "productCode")]
    code: String,
    #[serde(rename = "productName")]
    name: String,
    #[serde(with = "hkob_core::money::decimal_str")]
    rate: Decimal,
    currency: hkob_core::Currency,
    #[serde(flatten)]
    others: BTreeMap<String, serde_json::Value>,
}

/// The same, as generated code writes it (`open_object!`).
#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(remote = "Self")]
#[allow(dead_code)]
struct OpenProduct {
    #[serde(rename = "productCode")]
    code: String,
    #[serde(rename = "productName")]
    name: String,
    #[serde(with = "hkob_core::money::decimal_str")]
    rate: Decimal,
    currency: hkob_core::Currency,
    #[serde(flatten)]
    others: BTreeMap<String, hkob_core::RawJson>,
}

hkob_core::open_object!(OpenProduct, others: hkob_core::RawJson, ["currency", "productCode", "productName", "rate"]);

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Page<T> {
    products: Vec<T>,
}

fn page(items: usize) -> Vec<u8> {
    let products: Vec<_> = (0..items)
        .map(|i| {
            serde_json::json!({
                "productCode": format!("TD{i:04}"),
                "productName": format!("Time deposit {i}"),
                "rate": format!("{}.{:03}", i % 5, i % 1000),
                "minAmount": "10000.00",
                "currency": "HKD",
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "products": products })).unwrap()
}

/// Answers every request at once with the same body: isolates the pipeline's own cost.
#[derive(Debug)]
struct Canned(bytes::Bytes);

impl hkob_core::transport::Transport for Canned {
    fn send(
        &self,
        _: hkob_core::transport::HttpRequest,
    ) -> hkob_core::transport::TransportFuture<'_> {
        let body = self.0.clone();
        Box::pin(async move { Ok(http::Response::new(body)) })
    }
}

fn canned_client() -> Client {
    Client::builder()
        .base_url("https://bank.example")
        .transport(Canned(bytes::Bytes::from(page(10))))
        .build()
        .unwrap()
}

fn bench_overhead(c: &mut Criterion, s: &Setup) {
    let body = page(10);
    let client = s.runtime.block_on(async { canned_client() });
    let mut group = c.benchmark_group("in-memory transport");
    group.bench_function("serde_json decode only", |b| {
        b.iter(|| serde_json::from_slice::<ProductPage>(black_box(&body)).unwrap())
    });
    group.bench_function("hkob pipeline + decode", |b| {
        b.to_async(&s.runtime).iter(|| hkob_call(&client))
    });
    group.finish();
}

struct Setup {
    runtime: Runtime,
    _server: MockServer,
    url: String,
    hkob: Client,
    bare: reqwest::Client,
}

fn setup() -> Setup {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let body = page(10);
    let server = runtime.block_on(async {
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        Mock::given(path("/products"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        server
    });
    let hkob = runtime.block_on(async {
        Client::builder()
            .base_url(server.uri())
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap()
    });
    let _ = rustls::crypto::ring::default_provider().install_default();
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Setup {
        url: format!("{}/products", server.uri()),
        runtime,
        _server: server,
        hkob,
        bare,
    }
}

async fn bare_call(bare: &reqwest::Client, url: &str) -> ProductPage {
    let bytes = bare.get(url).send().await.unwrap().bytes().await.unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

async fn hkob_call(client: &Client) -> ProductPage {
    client
        .send_json(ApiRequest::get("/products"))
        .await
        .unwrap()
}

fn bench_call(c: &mut Criterion, s: &Setup) {
    let mut group = c.benchmark_group("call");
    group.bench_function("bare reqwest + serde_json", |b| {
        b.to_async(&s.runtime).iter(|| bare_call(&s.bare, &s.url))
    });
    group.bench_function("hkob pipeline", |b| {
        b.to_async(&s.runtime).iter(|| hkob_call(&s.hkob))
    });
    group.finish();
}

fn bench_decode(c: &mut Criterion) {
    let body = page(1000);
    let mut group = c.benchmark_group("decode 1000 items");
    group.bench_function("serde_json::from_slice", |b| {
        b.iter(|| serde_json::from_slice::<ProductPage>(black_box(&body)).unwrap())
    });
    group.bench_function("hkob_core::decode_json", |b| {
        b.iter(|| hkob_core::decode_json::<ProductPage>(black_box(&body)).unwrap())
    });
    group.bench_function("derived flatten map", |b| {
        b.iter(|| serde_json::from_slice::<Page<FlattenedProduct>>(black_box(&body)).unwrap())
    });
    group.bench_function("open object", |b| {
        b.iter(|| serde_json::from_slice::<Page<OpenProduct>>(black_box(&body)).unwrap())
    });
    group.finish();
}

/// Median of `rounds` timings of `batch` runs of `f`.
fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The median time of 20 runs of `measured` over that of 20 runs of `baseline`, the two
/// interleaved over `rounds` rounds.
fn interleaved_ratio<A, B>(
    rounds: usize,
    baseline: impl Fn() -> A,
    measured: impl Fn() -> B,
) -> f64 {
    let (mut base, mut other) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..20 {
            baseline();
        }
        base.push(start.elapsed());
        let start = Instant::now();
        for _ in 0..20 {
            measured();
        }
        other.push(start.elapsed());
    }
    median(other).as_secs_f64() / median(base).as_secs_f64()
}

fn ratios(s: &Setup) {
    let rounds = 15;
    let batch = 200;
    let (mut bare, mut hkob) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        s.runtime.block_on(async {
            for _ in 0..batch {
                black_box(bare_call(&s.bare, &s.url).await);
            }
        });
        bare.push(start.elapsed());
        let start = Instant::now();
        s.runtime.block_on(async {
            for _ in 0..batch {
                black_box(hkob_call(&s.hkob).await);
            }
        });
        hkob.push(start.elapsed());
    }
    let bare_median = median(bare).as_secs_f64();
    let bare_call_time = bare_median / batch as f64;
    let call_ratio = median(hkob).as_secs_f64() / bare_median;

    let body = page(10);
    let client = s.runtime.block_on(async { canned_client() });
    let (mut decode_only, mut pipeline) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..batch {
            black_box(serde_json::from_slice::<ProductPage>(&body).unwrap());
        }
        decode_only.push(start.elapsed());
        let start = Instant::now();
        s.runtime.block_on(async {
            for _ in 0..batch {
                black_box(hkob_call(&client).await);
            }
        });
        pipeline.push(start.elapsed());
    }
    let overhead =
        (median(pipeline).as_secs_f64() - median(decode_only).as_secs_f64()) / batch as f64;

    let body = page(1000);
    let decode_ratio = interleaved_ratio(
        rounds,
        || black_box(serde_json::from_slice::<ProductPage>(&body).unwrap()),
        || black_box(hkob_core::decode_json::<ProductPage>(&body).unwrap()),
    );
    let open_ratio = interleaved_ratio(
        rounds,
        || black_box(serde_json::from_slice::<Page<FlattenedProduct>>(&body).unwrap()),
        || black_box(serde_json::from_slice::<Page<OpenProduct>>(&body).unwrap()),
    );

    println!();
    println!("hkob pipeline / bare reqwest call : {call_ratio:.3} (target <= 1.05)");
    println!(
        "pipeline's own cost per call       : {:.1} us ({:.1}% of a bare local call of {:.1} us)",
        overhead * 1e6,
        100.0 * overhead / bare_call_time,
        bare_call_time * 1e6
    );
    println!("hkob decode / serde_json (1000)   : {decode_ratio:.3}");
    println!("open object / derived flatten map : {open_ratio:.3} (1000 items; target <= 1.10)");
}

fn main() {
    let setup = setup();
    let mut criterion = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    bench_call(&mut criterion, &setup);
    bench_overhead(&mut criterion, &setup);
    bench_decode(&mut criterion);
    criterion.final_summary();
    ratios(&setup);
}
