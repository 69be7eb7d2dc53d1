//! Every public async API of hkob-core returns a future or stream that is `Send`, so that an
//! application can hand it to `tokio::spawn` on a multi-threaded runtime.
//!
//! The `*_are_send` functions are checked by the compiler and never run: they compile only if
//! each future is `Send`. [`every_public_async_fn_is_checked`] reads the crate's sources and
//! fails when a public `async fn`, or a function returning a boxed future or stream, is missing
//! from this file.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use hkob_core::auth::oidc::{
    ClientRegistration, IdTokenChecks, IdTokenVerifier, Jwks, ProviderMetadata, Registrar,
    RegistrationRequest,
};
use hkob_core::auth::{
    AccessToken, AuthContext, AuthorizationCode, AuthorizationCodeFlow, ClientCredentials,
    Credentials, Layered, NoCredentials, PendingAuthorization, PersistFuture, StaticHeaders,
    TokenCache, UserCredentials,
};
use hkob_core::error::AuthError;
use hkob_core::paging::{Page, Paginator};
use hkob_core::retry::{Sleep, TokioSleep};
use hkob_core::signing::ResponseVerifier;
use hkob_core::transport::{HttpRequest, ReqwestTransport, Transport};
use hkob_core::{ApiRequest, Client, Error, Operation};
use http::HeaderMap;

fn assert_send<T: Send>(_: T) {}

fn assert_send_type<T: Send>() {}

fn assert_send_sync<T: Send + Sync>() {}

/// The client's own calls, and [`Client::send`] for every operation (the generic `O` stands for
/// all of them: this compiles only if the future is `Send` whatever the operation).
#[allow(dead_code)]
fn client_futures_are_send<O: Operation>(client: &Client, request: ApiRequest, operation: &O) {
    assert_send(client.execute(request.clone()));
    assert_send(client.send_json::<serde_json::Value>(request.clone()));
    assert_send(client.send_empty(request));
    assert_send(client.send(operation));
}

/// A paginator and its three streams, for every page type.
#[allow(dead_code)]
fn paging_streams_are_send<P: Page>(pages: Paginator<P>, items: Paginator<P>, cursors: Paginator<P>)
where
    P::Item: Send,
{
    assert_send_sync::<Paginator<P>>();
    assert_send(pages.pages());
    assert_send(items.items());
    assert_send(cursors.pages_with_cursor());
}

/// Credentials: the authorization-code exchange, the token cache (with any `Send` fetch), and
/// `Credentials::apply` of each credential type and of a `dyn Credentials`.
#[allow(dead_code)]
fn auth_futures_are_send<F, Fut>(
    client: &Client,
    flow: &AuthorizationCodeFlow,
    code: AuthorizationCode,
    pending: PendingAuthorization,
    cache: &TokenCache,
    fetch: F,
) where
    F: FnOnce() -> Fut + Send,
    Fut: Future<Output = Result<AccessToken, AuthError>> + Send,
{
    assert_send(flow.exchange(client, code, pending));
    assert_send(flow.push(client, "https://bank.example/par", &[("scope", "accounts")]));
    assert_send(cache.header(fetch));
    // What `UserCredentials::persist_with`'s hook returns.
    assert_send_type::<PersistFuture>();
}

/// `Credentials::apply` of each credential type of the crate, and of any `dyn Credentials`.
#[allow(dead_code)]
fn credential_futures_are_send(
    cx: AuthContext<'_>,
    headers: &mut HeaderMap,
    pair: &StaticHeaders,
    client_credentials: &ClientCredentials,
    user: &UserCredentials,
    layered: &Layered,
    any: &dyn Credentials,
) {
    assert_send(NoCredentials.apply(cx, headers));
    assert_send(pair.apply(cx, headers));
    assert_send(client_credentials.apply(cx, headers));
    assert_send(user.apply(cx, headers));
    assert_send(layered.apply(cx, headers));
    assert_send(any.apply(cx, headers));
}

/// OpenID Connect: discovery, the key set, ID token validation and dynamic client
/// registration.
#[allow(dead_code)]
fn oidc_futures_are_send(
    client: &Client,
    jwks: &Jwks,
    verifier: &IdTokenVerifier,
    checks: &IdTokenChecks<'_>,
    registrar: &Registrar,
    request: &RegistrationRequest,
    registration: &ClientRegistration,
) {
    assert_send(ProviderMetadata::discover(client, "https://bank.example"));
    assert_send(jwks.fetches());
    assert_send(verifier.verify("header.claims.signature", checks));
    assert_send(registrar.register(client, request));
    assert_send(registrar.read(client, registration));
    assert_send(registrar.update(client, registration, request));
    assert_send(registrar.delete(client, registration));
}

/// Checking a signed answer with the bank's keys.
#[allow(dead_code)]
fn signature_futures_are_send(signed: &ResponseVerifier, answer: &hkob_core::ApiResponse) {
    assert_send(signed.verify_body(Some("h..s"), b"{}"));
    assert_send(signed.verify(answer));
}

/// The transports and the retry sleep, as traits and as the crate's implementations.
#[allow(dead_code)]
fn transport_futures_are_send(
    reqwest: &ReqwestTransport,
    any: &dyn Transport,
    request: HttpRequest,
    sleep: &dyn Sleep,
) {
    assert_send(reqwest.send(request.clone()));
    assert_send(any.send(request));
    assert_send(TokioSleep.sleep(Duration::ZERO));
    assert_send(sleep.sleep(Duration::ZERO));
}

#[test]
fn shared_types_are_send_and_sync() {
    assert_send_sync::<Client>();
    assert_send_sync::<Error>();
    assert_send_sync::<ApiRequest>();
    assert_send_sync::<TokenCache>();
    assert_send_sync::<Jwks>();
    assert_send_sync::<IdTokenVerifier>();
    assert_send_sync::<AuthorizationCodeFlow>();
    assert_send_sync::<Registrar>();
    assert_send_sync::<Layered>();
}

/// Functions the scan below finds that are not public API: private helpers of the crate's
/// credential types (their futures are boxed `+ Send` by type all the same).
const NOT_PUBLIC: &[&str] = &[
    // `ClientCredentials`' private token request.
    "fetch", // `UserCredentials`' private refresh.
    "refresh",
];

/// Return types that make a function asynchronous without `async fn`.
const FUTURE_RETURNS: &[&str] = &[
    "-> impl Future",
    "-> impl Stream",
    "BoxFuture",
    "BoxStream",
    "ApplyFuture",
    "TransportFuture",
    "TokenFuture",
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
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut missing = Vec::new();
    let mut found = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        for line in text.lines() {
            let Some(name) = async_fn_name(line) else {
                continue;
            };
            found += 1;
            let called = is_checked(this, name);
            if !called && !NOT_PUBLIC.contains(&name) {
                missing.push(format!("{}: {name}", file.display()));
            }
        }
    }
    assert!(found >= 15, "the scan found only {found} async functions");
    assert!(
        missing.is_empty(),
        "not checked for Send in tests/send.rs: {missing:#?}"
    );
}

/// The typed records every phase's store is written with.
#[allow(dead_code)]
fn record_futures_are_send(records: &hkob_core::store::Records<String>, value: &String) {
    assert_send(records.put("id", value, None));
    assert_send(records.put_until("id", value, chrono::Utc::now()));
    assert_send(records.get("id"));
    assert_send(records.take("id"));
    assert_send(records.delete("id"));
    assert_send(records.list());
    assert_send(records.update("id", |v| Some(v.clone())));
}

/// The fleet's single-flight lease.
#[allow(dead_code)]
async fn lease_futures_are_send(backend: std::sync::Arc<dyn hkob_core::store::StateBackend>) {
    let ttl = std::time::Duration::from_secs(1);
    assert_send(hkob_core::store::Lease::try_take(&backend, "c", "id", ttl));
    if let Ok(Some(lease)) = hkob_core::store::Lease::try_take(&backend, "c", "id", ttl).await {
        assert_send(lease.release());
    }
}
