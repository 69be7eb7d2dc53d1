//! A payment worker killed (SIGKILL) after the bank accepted its payment, and the job resumed by
//! another process: separate processes sharing only a sealed SQLite file and the mock bank's
//! URL. The bank holds exactly one payment, and the resumed `submit` returns it.
//!
//! The workers are this test binary run again with `--exact worker` and the environment
//! variables below; the mock bank runs in the parent.

#![cfg(unix)]

mod support;

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use hkob_banks::{BankCredentials, BankProfile, Dialect};
use hkob_core::Decimal;
use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};
use hkob_payments::{AccessOptions, PaymentAccess};
use support::interrupt::{ACCEPTED, Interrupted};
use support::stores::{TempDir, sealed_sqlite};
use support::*;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// What the worker does: `hang` (submits, and hangs as the bank's answer is recorded),
/// `linger` (submits, prints [`SUBMITTED`], then waits to be killed) or `resume` (submits,
/// prints [`PAID`], exits).
const MODE: &str = "HKOB_PAYMENTS_WORKER";
const FILE: &str = "HKOB_PAYMENTS_WORKER_FILE";
const BANK: &str = "HKOB_PAYMENTS_WORKER_BANK";
const DIALECT: &str = "HKOB_PAYMENTS_WORKER_DIALECT";
const URL: &str = "HKOB_PAYMENTS_WORKER_URL";
const CONSENT: &str = "HKOB_PAYMENTS_WORKER_CONSENT";

const SUBMITTED: &str = "SUBMITTED:";
const PAID: &str = "PAID:";

/// How long a worker may take to say what it did.
const WORKER_DEADLINE: Duration = Duration::from_secs(60);

/// The payment POSTs the mock received at `bank`, and the idempotency keys they carried.
fn submissions(mock: &MockBank, bank: &str) -> (usize, std::collections::BTreeSet<String>) {
    let posts: Vec<_> = mock
        .requests_to(bank)
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("payments"))
        .collect();
    let keys = posts
        .iter()
        .filter_map(|r| r.header("x-idempotency-key").map(str::to_owned))
        .collect();
    (posts.len(), keys)
}

fn spawn_worker(mode: &str, mock: &MockBank, bank: &str, file: &Path, consent: &str) -> Child {
    let profile = hkob_banks::mock_profiles_of(mock, &[bank])
        .pop()
        .expect("a profile");
    Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--exact",
            "worker",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(MODE, mode)
        .env(FILE, file)
        .env(BANK, bank)
        .env(DIALECT, profile.dialect.to_string())
        .env(URL, &profile.base_url)
        .env(CONSENT, consent)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("a worker process")
}

/// Reads the worker's output until a line carries `marker`; what follows it.
async fn wait_for(child: &mut Child, marker: &str) -> String {
    let stdout = child.stdout.as_mut().expect("piped");
    let mut lines = BufReader::new(stdout).lines();
    let found = tokio::time::timeout(WORKER_DEADLINE, async {
        while let Some(line) = lines.next_line().await.expect("the worker's output") {
            // The test harness may print on the same line before the marker.
            if let Some((_, rest)) = line.split_once(marker) {
                return Some(rest.trim().to_owned());
            }
        }
        None
    })
    .await;
    match found {
        Ok(Some(rest)) => rest,
        Ok(None) => panic!("the worker ended without printing {marker}"),
        Err(_) => panic!("the worker did not print {marker} in {WORKER_DEADLINE:?}"),
    }
}

/// Kills the worker with SIGKILL and checks it died of it.
async fn kill(mut child: Child) {
    child.start_kill().expect("SIGKILL sent");
    let status = child.wait().await.expect("the worker ends");
    assert_eq!(status.signal(), Some(9), "killed by SIGKILL: {status:?}");
}

/// A worker submits and is killed at `mode`'s moment; another resumes. One payment.
async fn killed_then_resumed(bank: &str, payee_bank: &str, mode: &str) {
    let mock = mock(&[bank, payee_bank]).await;
    auto_approve(&mock, bank);
    let dir = TempDir::new();
    let store = sealed_sqlite(&dir.file()).await;
    let parent = access_with(&mock, bank, Arc::clone(&store)).await;
    let consent = approved(
        &parent,
        &to_mobile(&mobile_at(&mock, payee_bank), Decimal::TEN),
    )
    .await;
    let handle = mock.bank(bank).expect("the bank");
    assert_eq!(handle.payment_count(), 0);

    let mut first = spawn_worker(mode, &mock, bank, &dir.file(), &consent);
    let accepted = wait_for(
        &mut first,
        if mode == "hang" { ACCEPTED } else { SUBMITTED },
    )
    .await;
    assert_eq!(handle.payment_count(), 1, "the bank accepted the payment");
    kill(first).await;
    let intent = store
        .intent(bank, &consent)
        .await
        .unwrap()
        .expect("the intent");
    if mode == "hang" {
        assert!(intent.in_doubt(), "killed before the answer was recorded");
    } else {
        assert_eq!(
            intent.payment.as_ref().map(|p| p.id.as_str()),
            Some(&*accepted)
        );
    }
    let (posts_before, _) = submissions(&mock, bank);

    let mut second = spawn_worker("resume", &mock, bank, &dir.file(), &consent);
    let paid = wait_for(&mut second, PAID).await;
    let status = second.wait().await.expect("the worker ends");
    assert!(status.success(), "the resuming worker failed: {status:?}");

    assert_eq!(
        paid, accepted,
        "the resumed submit returns the payment the bank made"
    );
    assert_eq!(handle.payment_count(), 1, "exactly one payment");
    let (posts, keys) = submissions(&mock, bank);
    assert_eq!(
        keys.len(),
        1,
        "one idempotency key for every attempt: {keys:?}"
    );
    assert!(keys.contains(&intent.idempotency_key));
    if mode == "hang" {
        assert_eq!(
            posts,
            posts_before + 1,
            "the lost answer asked for again, same key"
        );
    } else {
        assert_eq!(
            posts, posts_before,
            "a recorded payment is not submitted again"
        );
    }
    // The parent, over the same file, sees the one payment too.
    let again = parent.submit(&consent).await.expect("the payment");
    assert_eq!(again.id, accepted);
    assert_eq!(handle.payment_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_before_recording_the_accepted_payment_is_resumed_into_one_payment() {
    killed_then_resumed("bea", "dsb", "hang").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_after_recording_the_payment_is_resumed_without_a_second_submission() {
    killed_then_resumed("hsbc", "bea", "linger").await;
}

/// One worker of the tests above, run as a separate process by them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a worker process that the tests in this file start; does nothing alone"]
async fn worker() {
    let Ok(mode) = std::env::var(MODE) else {
        eprintln!("{MODE} is not set: not started as a worker, nothing to do");
        return;
    };
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is set"));
    let bank = var(BANK);
    let dialect: Dialect = var(DIALECT).parse().expect("a dialect");
    let profile = BankProfile::new(
        bank.as_str(),
        bank.clone(),
        dialect,
        var(URL),
        BankCredentials::client_secret(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    );
    let store = Interrupted::new(sealed_sqlite(Path::new(&var(FILE))).await);
    if mode == "hang" {
        store
            .hang_records
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }
    let access = PaymentAccess::connect(profile, AccessOptions::new(REDIRECT), store)
        .await
        .expect("discovery and setup");
    let payment = access.submit(&var(CONSENT)).await.expect("the payment");
    if mode == "linger" {
        println!("{SUBMITTED}{}", payment.id);
        std::future::pending::<()>().await;
    }
    println!("{PAID}{}", payment.id);
}
