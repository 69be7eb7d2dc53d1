//! Serves one JETCO product list page under the same concurrent load from
//! three servers, each in its own child process:
//!
//! - the mock bank (client id/secret checked, request log on, fault table consulted),
//! - a wiremock `MockServer` returning the same JSON for the same request,
//! - a bare axum handler returning the same bytes.
//!
//! Prints throughput, latency (p50/p99) and memory (peak RSS, and RSS growth
//! over the sustained run) of each, and the ratios.
//!
//! `cargo bench -p hkob-mock-bank --bench serve_products`
//! (`BENCH_SECONDS` sets the measured seconds per server, default 6;
//! `BENCH_CONCURRENCY` the concurrent requests, default 32).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};

const PATH: &str = "/jetco/bea/deposits/v1/savings";
const QUERY: &str = "pageSize=10&pageIdx=1";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--serve") {
        let kind = args.get(i + 1).cloned().unwrap_or_default();
        let body_file = args.get(i + 2).cloned();
        serve(&kind, body_file);
        return;
    }
    if let Err(e) = run() {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}

/// Child process: serve until stdin closes.
fn serve(kind: &str, body_file: Option<String>) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let body = body_file
            .map(|f| std::fs::read(f).expect("body file"))
            .unwrap_or_default();
        let (url, _keep): (String, Box<dyn std::any::Any>) = match kind {
            "mock" => {
                let mock = MockBank::builder().start().await.expect("mock starts");
                (mock.base_url().to_owned(), Box::new(mock))
            }
            "wiremock" => {
                use wiremock::matchers::{header, method, path, query_param};
                use wiremock::{Mock, MockServer, ResponseTemplate};
                let server = MockServer::start().await;
                Mock::given(method("GET"))
                    .and(path(PATH))
                    .and(query_param("pageSize", "10"))
                    .and(header("x-ibm-client-id", DEFAULT_CLIENT_ID))
                    .and(header("x-ibm-client-secret", DEFAULT_CLIENT_SECRET))
                    .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
                    .mount(&server)
                    .await;
                (server.uri(), Box::new(server))
            }
            _ => {
                let body = bytes::Bytes::from(body);
                let app = axum::Router::new().route(
                    PATH,
                    axum::routing::get(move || {
                        let body = body.clone();
                        async move { ([(http::header::CONTENT_TYPE, "application/json")], body) }
                    }),
                );
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                let url = format!("http://{}", listener.local_addr().expect("addr"));
                tokio::spawn(async move {
                    // Same socket option as the mock bank's server (no Nagle delay).
                    use axum::serve::ListenerExt as _;
                    let listener = listener.tap_io(|tcp| {
                        let _ = tcp.set_nodelay(true);
                    });
                    let _ = axum::serve(listener, app).await;
                });
                (url, Box::new(()))
            }
        };
        println!("{url}");
        let _ = std::io::stdout().flush();
        // Serve until the parent closes our stdin.
        tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            while std::io::stdin()
                .read_line(&mut line)
                .map(|n| n > 0)
                .unwrap_or(false)
            {
                line.clear();
            }
        })
        .await
        .ok();
    });
}

struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn spawn(kind: &str, body_file: Option<&str>) -> Result<Server, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        // With two or more CPUs, the server gets CPU 1 and the load generator
        // CPU 0, so a server's throughput is not eaten by the client.
        let mut cmd = if pinning() {
            let mut c = Command::new("taskset");
            c.args(["-c", "1"]).arg(exe);
            c
        } else {
            Command::new(exe)
        };
        cmd.arg("--serve").arg(kind);
        if let Some(f) = body_file {
            cmd.arg(f);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        Ok(Server {
            child,
            url: line.trim().to_owned(),
        })
    }

    /// CPU time the server process used so far (user + system), in seconds.
    fn cpu_secs(&self) -> f64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name (which may contain spaces): state is field 3.
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        // utime and stime are fields 14 and 15 of the whole line: 11 and 12 here.
        (ticks(11) + ticks(12)) as f64 / 100.0
    }

    fn rss_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether servers and the load generator run on separate CPUs (decided
/// once, before the parent pins itself).
fn pinning() -> bool {
    static PIN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *PIN.get_or_init(|| {
        std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
            && Command::new("taskset")
                .arg("-V")
                .output()
                .is_ok_and(|o| o.status.success())
    })
}

struct Outcome {
    name: &'static str,
    cpu_secs: f64,
    requests: u64,
    errors: u64,
    secs: f64,
    p50_us: u64,
    p99_us: u64,
    peak_kib: u64,
    rss_start_kib: u64,
    rss_end_kib: u64,
}

impl Outcome {
    fn rps(&self) -> f64 {
        self.requests as f64 / self.secs
    }

    /// Requests served per second of server CPU time.
    fn per_cpu_sec(&self) -> f64 {
        self.requests as f64 / self.cpu_secs.max(0.01)
    }
}

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().build().expect("client")
}

/// One keep-alive connection per task, requests sent back to back with a
/// bare hyper client, so that the load generator costs as little CPU as
/// possible and the servers' differences show.
async fn load(
    url: &str,
    concurrency: usize,
    duration: Duration,
    expect_len: usize,
) -> (u64, u64, Vec<u32>) {
    use http_body_util::BodyExt as _;
    let authority = url.trim_start_matches("http://").to_owned();
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let stop = stop.clone();
        let authority = authority.clone();
        tasks.push(tokio::spawn(async move {
            let mut ok = 0u64;
            let mut errors = 0u64;
            let mut lat = Vec::with_capacity(100_000);
            'reconnect: while !stop.load(Ordering::Relaxed) {
                let Ok(stream) = tokio::net::TcpStream::connect(&authority).await else {
                    errors += 1;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let Ok((mut sender, conn)) =
                    hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                        .await
                else {
                    errors += 1;
                    continue;
                };
                tokio::spawn(conn);
                while !stop.load(Ordering::Relaxed) {
                    let req = http::Request::get(format!("{PATH}?{QUERY}"))
                        .header(http::header::HOST, authority.as_str())
                        .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
                        .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
                        .body(http_body_util::Empty::<bytes::Bytes>::new())
                        .expect("request");
                    let t0 = Instant::now();
                    if sender.ready().await.is_err() {
                        errors += 1;
                        continue 'reconnect;
                    }
                    let good = match sender.send_request(req).await {
                        Ok(resp) if resp.status() == 200 => resp
                            .into_body()
                            .collect()
                            .await
                            .map(|b| b.to_bytes().len() == expect_len)
                            .unwrap_or(false),
                        _ => false,
                    };
                    lat.push(t0.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                    if good {
                        ok += 1;
                    } else {
                        errors += 1;
                        continue 'reconnect;
                    }
                }
            }
            (ok, errors, lat)
        }));
    }
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut ok = 0;
    let mut errors = 0;
    let mut lat = Vec::new();
    for t in tasks {
        if let Ok((o, e, l)) = t.await {
            ok += o;
            errors += e;
            lat.extend(l);
        }
    }
    (ok, errors, lat)
}

fn percentile(sorted: &[u32], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    u64::from(sorted[i.min(sorted.len() - 1)])
}

/// How many interleaved rounds each server is measured in.
const ROUNDS: usize = 5;

fn run() -> Result<(), String> {
    let secs: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let concurrency: usize = std::env::var("BENCH_CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32);
    if pinning() {
        let _ = Command::new("taskset")
            .args(["-cp", "0", &std::process::id().to_string()])
            .output();
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;

    // The mock bank first: its page is the body the others serve.
    let mock = Server::spawn("mock", None)?;
    let body = rt.block_on(async {
        client()
            .get(format!("{}{PATH}?{QUERY}", mock.url))
            .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
            .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
            .send()
            .await
            .map_err(|e| e.to_string())?
            .bytes()
            .await
            .map_err(|e| e.to_string())
    })?;
    let body_file =
        std::env::temp_dir().join(format!("hkob-bench-body-{}.json", std::process::id()));
    std::fs::write(&body_file, &body).map_err(|e| e.to_string())?;
    let body_path = body_file.to_string_lossy().into_owned();
    println!(
        "serve_products: GET {PATH}?{QUERY} ({} bytes), {concurrency} concurrent, {secs}s per server",
        body.len()
    );

    let mut servers = vec![("mock bank", mock)];
    servers.push(("wiremock", Server::spawn("wiremock", Some(&body_path))?));
    servers.push(("bare axum", Server::spawn("axum", Some(&body_path))?));
    // Warm up each server (connections, allocator).
    for (_, server) in &servers {
        rt.block_on(load(
            &server.url,
            concurrency,
            Duration::from_millis(1000),
            body.len(),
        ));
    }
    // Measure in interleaved rounds, so that a passing load on the shared
    // machine hits every server alike; the ratios are medians of the rounds.
    let starts: Vec<(u64, f64)> = servers
        .iter()
        .map(|(_, s)| (s.rss_kib("VmRSS:"), s.cpu_secs()))
        .collect();
    let round = Duration::from_secs_f64(secs as f64 / ROUNDS as f64);
    let mut totals: Vec<(u64, u64, f64, Vec<u32>)> = vec![(0, 0, 0.0, Vec::new()); servers.len()];
    let mut round_rps: Vec<Vec<f64>> = vec![Vec::new(); servers.len()];
    for _ in 0..ROUNDS {
        for (i, (_, server)) in servers.iter().enumerate() {
            let started = Instant::now();
            let (requests, errors, lat) =
                rt.block_on(load(&server.url, concurrency, round, body.len()));
            let elapsed = started.elapsed().as_secs_f64();
            round_rps[i].push(requests as f64 / elapsed.max(f64::EPSILON));
            totals[i].0 += requests;
            totals[i].1 += errors;
            totals[i].2 += elapsed;
            totals[i].3.extend(lat);
        }
    }
    let mut outcomes = Vec::new();
    for (i, (name, server)) in servers.iter().enumerate() {
        let (requests, errors, elapsed, lat) = &mut totals[i];
        lat.sort_unstable();
        outcomes.push(Outcome {
            name,
            cpu_secs: server.cpu_secs() - starts[i].1,
            requests: *requests,
            errors: *errors,
            secs: *elapsed,
            p50_us: percentile(lat, 0.50),
            p99_us: percentile(lat, 0.99),
            peak_kib: server.rss_kib("VmHWM:"),
            rss_start_kib: starts[i].0,
            rss_end_kib: server.rss_kib("VmRSS:"),
        });
    }
    let _ = std::fs::remove_file(&body_file);

    println!(
        "server CPU pinned apart from the load generator: {}",
        pinning()
    );
    println!(
        "{:<10} {:>10} {:>14} {:>8} {:>9} {:>9} {:>10} {:>14}",
        "server", "req/s", "req/CPU-s", "errors", "p50 ms", "p99 ms", "peak MiB", "RSS growth KiB"
    );
    for o in &outcomes {
        println!(
            "{:<10} {:>10.0} {:>14.0} {:>8} {:>9.2} {:>9.2} {:>10.1} {:>14}",
            o.name,
            o.rps(),
            o.per_cpu_sec(),
            o.errors,
            o.p50_us as f64 / 1000.0,
            o.p99_us as f64 / 1000.0,
            o.peak_kib as f64 / 1024.0,
            o.rss_end_kib as i64 - o.rss_start_kib as i64,
        );
    }
    let mock = &outcomes[0];
    let wiremock = &outcomes[1];
    let bare = &outcomes[2];
    let median_ratio = |a: usize, b: usize| {
        let mut ratios: Vec<f64> = round_rps[a]
            .iter()
            .zip(&round_rps[b])
            .map(|(x, y)| x / y.max(1.0))
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios[ratios.len() / 2]
    };
    println!(
        "mock bank / wiremock: {:.2}x req/s (median of {ROUNDS} interleaved rounds), {:.2}x req per server CPU-second (target >= 3x)",
        median_ratio(0, 1),
        mock.per_cpu_sec() / wiremock.per_cpu_sec().max(1.0)
    );
    println!(
        "mock bank / bare axum: {:.2}x req/s (median of {ROUNDS} interleaved rounds), {:.2}x req per server CPU-second (target >= 0.7x)",
        median_ratio(0, 2),
        mock.per_cpu_sec() / bare.per_cpu_sec().max(1.0)
    );
    Ok(())
}
