//! The same key checks against the spawned binary.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{Target, client, json};

#[tokio::test]
async fn binary_serves_health_and_paging() {
    let t = Target::binary(&["--seed", "3"]);
    let health = json(
        client()
            .get(format!("{}/health", t.base))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(health["status"], "ok");
    crate::products::check_paging(&t).await;
}

#[tokio::test]
async fn binary_checks_credentials() {
    crate::credentials::check_credentials(&Target::binary(&[])).await;
}

#[tokio::test]
async fn binary_injects_faults() {
    let t = Target::binary(&[]);
    crate::faults::check_header_faults(&t).await;
    crate::faults::check_admin_faults(&t).await;
}

#[tokio::test]
async fn binary_idempotency() {
    crate::idempotency::check_idempotency(&Target::binary(&[])).await;
}

#[tokio::test]
async fn binary_request_log_is_bounded() {
    let path =
        std::env::temp_dir().join(format!("hkob-mock-bank-test-{}.toml", std::process::id()));
    std::fs::write(
        &path,
        "request_log_capacity = 24\nbanks = [\"bea\", \"dsb\"]\n",
    )
    .expect("config written");
    let t = Target::binary(&["--config", path.to_str().expect("utf-8 path")]);
    crate::request_log::check_request_log(&t, 24).await;
    let banks = json(
        client()
            .get(format!("{}/__admin/banks", t.base))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(banks.as_array().map(Vec::len), Some(2));
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn binary_same_seed_same_data() {
    let a = Target::binary(&["--seed", "99"]);
    let b = Target::binary(&["--seed", "99"]);
    let c = Target::binary(&["--seed", "100"]);
    let sa = crate::determinism::snapshot(&a).await;
    assert_eq!(sa, crate::determinism::snapshot(&b).await);
    assert_ne!(sa, crate::determinism::snapshot(&c).await);
}

#[tokio::test]
async fn binary_stops_cleanly_on_sigterm() {
    let mut t = Target::binary(&[]);
    let child = t.child_mut().expect("child");
    let pid = child.id().to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("waitable") {
            break exit;
        }
        assert!(Instant::now() < deadline, "did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn binary_rejects_bad_arguments() {
    let out = Command::new(env!("CARGO_BIN_EXE_hkob-mock-bank"))
        .args(["--listen", "not-an-address"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_hkob-mock-bank"))
        .args(["--seed"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn binary_tokens_and_token_faults() {
    crate::tokens::check_tokens(&Target::binary(&[])).await;
}
