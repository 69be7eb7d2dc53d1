//! Every public async API of the mock bank returns a `Send` future, so a
//! test can start, use and stop the mock from `tokio::spawn` on a
//! multi-threaded runtime.
//!
//! [`futures_are_send`] is checked by the compiler and never run: it
//! compiles only if each future is `Send`. [`every_public_async_fn_is_checked`]
//! reads the crate's sources and fails when a public `async fn` (a method of
//! a type, or a function `lib.rs` re-exports), or a public function returning
//! a future, is not handed to `assert_send` here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hkob_mock_bank::{
    AuthServer, BankHandle, MockBank, MockBankBuilder, Settings, TestPki, serve_tls,
};

fn assert_send<T: Send>(_: T) {}

fn assert_send_sync<T: Send + Sync>() {}

/// The futures of every public async function.
#[allow(dead_code)]
fn futures_are_send(
    builder: MockBankBuilder,
    mock: MockBank,
    listener: tokio::net::TcpListener,
    config: Arc<rustls::ServerConfig>,
    router: axum::Router,
) {
    assert_send(builder.start());
    assert_send(MockBank::start());
    assert_send(mock.shutdown());
    assert_send(serve_tls(listener, config, router, async {}));
}

#[test]
fn shared_types_are_send_and_sync() {
    assert_send_sync::<MockBank>();
    assert_send_sync::<MockBankBuilder>();
    assert_send_sync::<BankHandle<'static>>();
    assert_send_sync::<AuthServer>();
    assert_send_sync::<Settings>();
    assert_send_sync::<TestPki>();
}

/// Return types that make a function asynchronous without `async fn`.
const FUTURE_RETURNS: &[&str] = &["-> impl Future", "BoxFuture", "dyn Future"];

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

/// The name of the function a line declares, when it is a `pub async fn` or
/// a `pub fn` returning a future (not `pub(crate)` or narrower), and whether
/// it is a method (indented, inside an `impl`).
fn async_fn(line: &str) -> Option<(&str, bool)> {
    let code = line.trim_start();
    let method = code.len() != line.len();
    let rest = if let Some(rest) = code.strip_prefix("pub async fn ") {
        rest
    } else if code.starts_with("pub fn ") && FUTURE_RETURNS.iter().any(|r| code.contains(r)) {
        code.strip_prefix("pub fn ")?
    } else {
        return None;
    };
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    rest.get(..end)
        .filter(|name| !name.is_empty())
        .map(|name| (name, method))
}

/// What `lib.rs` re-exports from each of its modules: module name to
/// `(name, name at the crate root)`.
fn re_exports(lib: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut rest = lib;
    while let Some(start) = rest.find("\npub use ") {
        rest = &rest[start + "\npub use ".len()..];
        let end = rest.find(';').unwrap_or(rest.len());
        let item = &rest[..end];
        let (module, names) = match item.split_once("::{") {
            Some((module, names)) => (module, names.trim_end_matches('}')),
            None => item.rsplit_once("::").unwrap_or(("", item)),
        };
        let module = module
            .split("::")
            .next()
            .unwrap_or(module)
            .trim()
            .to_owned();
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let (name, alias) = name.split_once(" as ").unwrap_or((name, name));
            out.entry(module.clone())
                .or_default()
                .push((name.trim().to_owned(), alias.trim().to_owned()));
        }
    }
    out
}

/// Whether a line of this file hands a call of `name` to `assert_send`.
fn is_checked(this: &str, name: &str) -> bool {
    this.lines()
        .filter(|l| l.trim_start().starts_with("assert_send("))
        .any(|line| {
            ["(", ".", "::"]
                .iter()
                .any(|before| line.contains(&format!("{before}{name}(")))
        })
}

#[test]
fn every_public_async_fn_is_checked() {
    let this = include_str!("send.rs");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap_or_else(|e| panic!("{e}"));
    let exports = re_exports(&lib);
    assert!(
        exports
            .get("tls")
            .is_some_and(|names| names.iter().any(|(_, alias)| alias == "serve_tls")),
        "the scan reads lib.rs's re-exports: {exports:?}"
    );
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut missing = Vec::new();
    let mut found = 0;
    for file in &files {
        // The module a top-level function of this file would be re-exported from.
        let module = file
            .strip_prefix(&src)
            .ok()
            .and_then(|p| p.components().next())
            .and_then(|c| c.as_os_str().to_str())
            .map(|c| c.trim_end_matches(".rs").to_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        for line in text.lines() {
            let Some((name, method)) = async_fn(line) else {
                continue;
            };
            let public_as = if method || module == "lib" {
                Some(name.to_owned())
            } else {
                exports
                    .get(&module)
                    .and_then(|names| names.iter().find(|(n, _)| n == name))
                    .map(|(_, alias)| alias.clone())
            };
            // A function of a private module that lib.rs does not re-export
            // (an axum handler or middleware) is no public API.
            let Some(public_name) = public_as else {
                continue;
            };
            found += 1;
            if !is_checked(this, &public_name) {
                missing.push(format!("{}: {public_name}", file.display()));
            }
        }
    }
    assert!(found >= 4, "the scan found only {found} async functions");
    assert!(
        missing.is_empty(),
        "not checked for Send in tests/send.rs: {missing:#?}"
    );
}
