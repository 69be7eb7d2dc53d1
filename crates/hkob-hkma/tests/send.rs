//! Every public async API of hkob-hkma returns a future or stream that is `Send`, so that an
//! application can hand it to `tokio::spawn` on a multi-threaded runtime.
//!
//! The `*_are_send` functions are checked by the compiler and never run: they compile only if
//! each future is `Send`. [`every_public_async_fn_is_checked`] reads the crate's sources and
//! fails when a public `async fn` (a generated `send` or `paginate` included), or a function
//! returning a boxed future or stream, is missing from this file.

use std::future::Future;
use std::path::{Path, PathBuf};

use hkob_core::paging::{Page, Paginator};
use hkob_core::{Client, ListOperation};
use hkob_hkma::generated::hkma_public::operations;
use hkob_hkma::{AnyDataset, HkmaClient, Record, RecordPage};
use serde::de::DeserializeOwned;

fn assert_send<T: Send>(_: T) {}

fn assert_send_sync<T: Send + Sync>() {}

/// A generated request's `send`: its future is `Send`.
fn send_future<'a, O, F>(_: fn(&'a O, &'a Client) -> F)
where
    F: Future + Send,
{
}

/// A generated request's `paginate`: its paginator (and so its streams) is `Send`.
fn paginator<'a, O, P: Page>(_: fn(&'a O, &'a Client) -> Paginator<P>)
where
    Paginator<P>: Send + Sync,
    P::Item: Send,
{
}

/// `send` and `paginate` of every generated request type.
#[test]
fn generated_futures_are_send() {
    send_future(operations::ListAuthorizedInstitutions::send);
    paginator(operations::ListAuthorizedInstitutions::paginate);
    send_future(operations::ListBankAtms::send);
    paginator(operations::ListBankAtms::paginate);
    send_future(operations::ListBankBranches::send);
    paginator(operations::ListBankBranches::paginate);
    send_future(operations::ListCustomerDepositsByCurrency::send);
    paginator(operations::ListCustomerDepositsByCurrency::paginate);
    send_future(operations::ListExchangeRatesDaily::send);
    paginator(operations::ListExchangeRatesDaily::paginate);
    send_future(operations::ListHiborFixings::send);
    paginator(operations::ListHiborFixings::paginate);
    send_future(operations::ListHkdInterestRateAverages::send);
    paginator(operations::ListHkdInterestRateAverages::paginate);
    send_future(operations::ListHkdInterestRateChanges::send);
    paginator(operations::ListHkdInterestRateChanges::paginate);
    send_future(operations::ListInterbankLiquidity::send);
    paginator(operations::ListInterbankLiquidity::paginate);
}

/// [`HkmaClient`] with any list operation (the generic `O` stands for all of them: the typed
/// requests, `AnyDataset` and requests of the caller's), and `AnyDataset`'s own calls, for
/// records of any type.
#[allow(dead_code)]
fn client_futures_are_send<O, T>(hkma: &HkmaClient, dataset: &O, any: &AnyDataset<T>)
where
    O: ListOperation,
    Record<O>: DeserializeOwned,
    T: DeserializeOwned + Send + 'static,
{
    assert_send(hkma.fetch(dataset));
    assert_send(hkma.records(dataset));
    assert_send(hkma.paginate(dataset));
    assert_send(hkma.paginate(dataset).pages());
    assert_send(hkma.paginate(dataset).items());
    assert_send(any.send(hkma.client()));
    assert_send(any.paginate(hkma.client()));
    assert_send(any.paginate(hkma.client()).pages());
}

#[test]
fn shared_types_are_send_and_sync() {
    assert_send_sync::<HkmaClient>();
    assert_send_sync::<AnyDataset>();
    assert_send_sync::<RecordPage<serde_json::Value>>();
    assert_send_sync::<hkob_hkma::DateRange>();
    assert_send_sync::<hkob_hkma::MonthRange>();
}

/// Return types that make a function asynchronous without `async fn`.
const FUTURE_RETURNS: &[&str] = &[
    "-> impl Future",
    "-> impl Stream",
    "BoxFuture",
    "BoxStream",
    "dyn Future",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The name of the function a line declares, when it is a public `async fn` or a function
/// returning a future or stream.
fn async_fn_name(line: &str) -> Option<&str> {
    let code = line.trim_start();
    if code.starts_with("//") || code.starts_with("pub(") {
        return None;
    }
    let rest = if let Some(rest) = code.strip_prefix("pub async fn ") {
        rest
    } else if FUTURE_RETURNS.iter().any(|r| code.contains(r)) {
        let start = code.find("fn ")?;
        code.get(start + 3..)?
    } else {
        return None;
    };
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    rest.get(..end).filter(|name| !name.is_empty())
}

/// Whether a line of this file hands a call of `name` to `assert_send`.
fn is_checked(this: &str, name: &str) -> bool {
    this.lines()
        .filter(|l| l.contains("assert_send("))
        .any(|line| {
            [".", "::"].iter().any(|before| {
                ["(", "::<"]
                    .iter()
                    .any(|after| line.contains(&format!("{before}{name}{after}")))
            })
        })
}

#[test]
fn every_public_async_fn_is_checked() {
    let this = include_str!("send.rs");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let generated = src.join("generated");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut missing = Vec::new();
    let mut found = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        if file.starts_with(&generated) {
            // One request type per `impl Name {`: its `send` and `paginate`.
            let mut current = None;
            for line in text.lines() {
                if let Some(name) = line
                    .strip_prefix("impl ")
                    .and_then(|rest| rest.strip_suffix(" {"))
                {
                    current = Some(name.to_owned());
                }
                let method = match line.trim_start() {
                    l if l.starts_with("pub async fn send(") => "send",
                    l if l.starts_with("pub fn paginate(") => "paginate",
                    _ => continue,
                };
                found += 1;
                let name = current.as_deref().unwrap_or("?");
                if !this.contains(&format!("operations::{name}::{method});")) {
                    missing.push(format!("operations::{name}::{method}"));
                }
            }
            continue;
        }
        for line in text.lines() {
            let Some(name) = async_fn_name(line) else {
                continue;
            };
            found += 1;
            if !is_checked(this, name) {
                missing.push(format!("{}: {name}", file.display()));
            }
        }
    }
    assert!(found >= 20, "the scan found only {found} async functions");
    assert!(
        missing.is_empty(),
        "not checked for Send in tests/send.rs: {missing:#?}"
    );
}
