//! `hkob-mock-bank`: serve the mock banks for any CI suite.
//!
//! ```text
//! hkob-mock-bank [--listen 127.0.0.1:8080] [--seed N] [--config banks.toml]
//! ```
//!
//! The first line on stdout is the bound address (`listening on http://127.0.0.1:8080`),
//! so a test can start it with port 0 and read the port back. SIGINT or
//! SIGTERM stops it cleanly.

use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;

use hkob_mock_bank::{MockBank, Settings};

const USAGE: &str = "usage: hkob-mock-bank [--listen ADDR] [--seed N] [--config FILE]\n\
  --listen ADDR   address to bind (default 127.0.0.1:8080; port 0 picks a free one)\n\
  --seed N        seed of the generated data (default 1, or the config file's)\n\
  --config FILE   TOML settings (banks, clients, log capacity ...)\n";

struct Args {
    listen: SocketAddr,
    seed: Option<u64>,
    config: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
        seed: None,
        config: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or(format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--listen" => {
                let v = value("--listen")?;
                args.listen = v
                    .parse()
                    .map_err(|_| format!("--listen: not a socket address: {v}"))?;
            }
            "--seed" => {
                let v = value("--seed")?;
                args.seed = Some(
                    v.parse()
                        .map_err(|_| format!("--seed: not a number: {v}"))?,
                );
            }
            "--config" => args.config = Some(value("--config")?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("hkob-mock-bank: {msg}");
            }
            eprint!("{USAGE}");
            return if msg.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let mut settings = match &args.config {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {path}: {e}"))
            .and_then(|t| Settings::from_toml(&t).map_err(|e| e.to_string()))
        {
            Ok(s) => s,
            Err(e) => {
                eprintln!("hkob-mock-bank: {e}");
                return ExitCode::from(2);
            }
        },
        None => Settings::default(),
    };
    if let Some(seed) = args.seed {
        settings.seed = seed;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("hkob-mock-bank: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args.listen, settings))
}

async fn run(listen: SocketAddr, settings: Settings) -> ExitCode {
    // Install the signal handlers before announcing the address, so a
    // supervisor that signals right after reading it is handled cleanly.
    let signals = Signals::install();
    let mock = match MockBank::builder()
        .settings(settings)
        .listen(listen)
        .start()
        .await
    {
        Ok(m) => m,
        Err(e) => {
            eprintln!("hkob-mock-bank: {e}");
            return ExitCode::FAILURE;
        }
    };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {}", mock.base_url());
        let _ = out.flush();
    }
    eprintln!(
        "hkob-mock-bank: {} banks, seed {}; admin API at {}/__admin/banks",
        mock.banks().count(),
        mock.seed(),
        mock.base_url()
    );
    signals.wait().await;
    eprintln!("hkob-mock-bank: shutting down");
    mock.shutdown().await;
    ExitCode::SUCCESS
}

/// SIGINT and SIGTERM, registered as soon as this is built.
struct Signals {
    #[cfg(unix)]
    streams: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Signals {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let streams = match (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) {
                (Ok(int), Ok(term)) => Some((int, term)),
                _ => None,
            };
            Self { streams }
        }
        #[cfg(not(unix))]
        {
            Self {}
        }
    }

    async fn wait(self) {
        #[cfg(unix)]
        {
            match self.streams {
                Some((mut int, mut term)) => {
                    tokio::select! {
                        _ = int.recv() => {}
                        _ = term.recv() => {}
                    }
                }
                None => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
