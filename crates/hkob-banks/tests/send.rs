//! hkob-banks hands out clients and credentials, which other crates' futures carry across
//! threads, and its only `async fn`s are those of `BankAuthorizer`. These checks keep it that
//! way: what it hands out is `Send + Sync`, the futures of a client built from a profile and of
//! the authorizer are `Send`, and so are those of the credentials a custom auth scheme builds.
//!
//! The `*_are_send` functions are checked by the compiler and never run.
//! [`no_async_fn_unchecked`] reads the crate's sources and fails when a public `async fn`, or a
//! function returning a future or stream, appears without a check here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hkob_banks::{
    AccessOptions, AuthScheme, BankAuthorizer, BankCredentials, BankId, BankProfile,
    BuildCredentials, ConnectError, Dialect, KnownBank, ProfileError,
};
use hkob_core::auth::oidc::RegistrationRequest;
use hkob_core::auth::{ApplyFuture, Credentials};
use hkob_core::signing::SigningKey;
use hkob_core::{ApiRequest, Client};

fn assert_send<T: Send>(_: T) {}

fn assert_send_type<T: Send>() {}

fn assert_send_sync<T: Send + Sync>() {}

/// A client made from a profile, and the credentials a custom scheme builds: their futures are
/// `Send`, so a call can be spawned.
#[allow(dead_code)]
fn profile_futures_are_send(
    profile: &BankProfile,
    scheme: &AuthScheme,
    build: BuildCredentials,
    request: ApiRequest,
) -> Result<(), ProfileError> {
    let client: Client = profile.client(scheme)?;
    assert_send(client.execute(request.clone()));
    let built = profile.client_builder(scheme)?;
    assert_send(built);
    let credentials: Arc<dyn Credentials> = build(profile)?;
    assert_send(credentials);
    // `Credentials::apply` returns this type whatever the credentials.
    assert_send_type::<ApplyFuture<'static>>();
    // What an application does with them: move a profile's client into a spawned task.
    let spawned = async move { client.execute(request).await };
    assert_send(spawned);
    Ok(())
}

/// The authorizer's futures are `Send`.
#[allow(dead_code)]
fn authorizer_futures_are_send(
    profile: BankProfile,
    options: AccessOptions,
    authorizer: &BankAuthorizer,
    pending: hkob_banks::PendingApproval,
    key: SigningKey,
    request: &RegistrationRequest,
) {
    assert_send(BankAuthorizer::register(
        &profile, &options, key, "software", request,
    ));
    assert_send(BankAuthorizer::connect(
        profile,
        options,
        &AuthScheme::None,
        "accounts",
    ));
    assert_send(authorizer.finish(pending, "?state=s"));
}

/// The `async fn`s checked above.
const CHECKED: &[&str] = &[
    "pub async fn connect(",
    "pub async fn register(",
    "pub async fn finish(",
];

#[test]
fn what_the_crate_hands_out_is_send_and_sync() {
    assert_send_sync::<BankAuthorizer>();
    assert_send_sync::<AccessOptions>();
    assert_send_sync::<ConnectError>();
    assert_send_sync::<BankProfile>();
    assert_send_sync::<AuthScheme>();
    assert_send_sync::<BankCredentials>();
    assert_send_sync::<BankId>();
    assert_send_sync::<Dialect>();
    assert_send_sync::<KnownBank>();
    assert_send_sync::<ProfileError>();
    assert_send_sync::<Vec<BankProfile>>();
}

/// Return types that make a function asynchronous without `async fn`.
const FUTURE_RETURNS: &[&str] = &[
    "-> impl Future",
    "-> impl Stream",
    "BoxFuture",
    "BoxStream",
    "ApplyFuture",
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

#[test]
fn no_async_fn_unchecked() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(!files.is_empty(), "the crate's sources are not found");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || CHECKED.iter().any(|c| code.starts_with(c)) {
                continue;
            }
            if code.contains("async fn") || FUTURE_RETURNS.iter().any(|r| code.contains(r)) {
                found.push(format!("{}:{}: {code}", file.display(), n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "hkob-banks has asynchronous functions not checked for Send in tests/send.rs; \
         check them there and list them in CHECKED: {found:#?}"
    );
}
