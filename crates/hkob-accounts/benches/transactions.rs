//! Streaming one account's transactions from the mock bank: hkob's paginator against a
//! hand-written reqwest loop over the same pages, in the same run (interleaved, best of three), at
//! 100,000 and 1,000,000 transactions. Prints items per second, the ratio of the two, and the peak memory each
//! needed above what was allocated before it started (which must not grow with the count).
//! The session's transaction stream asks for the next page while it yields this one
//! (`Paginator::prefetch`); the hand-written loop asks for one page after the other.
//!
//! ```text
//! cargo bench -p hkob-accounts --bench transactions
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use futures_util::TryStreamExt;
use hkob_accounts::generated::jetco_apix::types::TransactionListResponse;
use hkob_accounts::{
    AccessOptions, AccountAccess, ConsentRequest, ConsentStore, MemoryStore, Permission,
    TransactionQuery,
};
use hkob_mock_bank::{AutoApproval, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded to the system allocator with the caller's layout.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f`, returning its output, the time it took and the peak heap it needed above the
/// heap live when it started.
async fn measured<F, T>(f: F) -> (T, f64, usize)
where
    F: std::future::Future<Output = T>,
{
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let out = f.await;
    let secs = start.elapsed().as_secs_f64();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    (out, secs, peak)
}

const PAGE: u32 = 500;

struct Setup {
    _mock: MockBank,
    access: AccountAccess,
    store: Arc<MemoryStore>,
    consent: String,
    account: String,
    base: String,
}

async fn setup(transactions: u64) -> Setup {
    let mock = MockBank::builder()
        .seed(3)
        .banks(["bea"])
        .customers_per_bank(1)
        .transactions_per_account(transactions)
        .start()
        .await
        .expect("the mock bank starts");
    let auth = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth");
    let username = hkob_mock_bank::TEST_CUSTOMERS[0].0;
    auth.set_auto_approval(Some(AutoApproval::Approve {
        username: username.to_owned(),
    }));
    let profile = hkob_banks::mock_profiles_of(&mock, &["bea"])
        .pop()
        .expect("profile");
    let base = profile.base_url.clone();
    let store = Arc::new(MemoryStore::new());
    let access = AccountAccess::connect(
        profile,
        AccessOptions::new("http://127.0.0.1:9/callback"),
        store.clone(),
    )
    .await
    .expect("connect");
    let request = ConsentRequest::new([Permission::AccountsBasic, Permission::TransactionsDetail]);
    let redirect = access.begin(&request).await.expect("consent");
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let answer = browser
        .get(redirect.url.as_str())
        .send()
        .await
        .expect("authorize");
    let callback = answer
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("redirect")
        .to_owned();
    let consent = access.complete(&callback).await.expect("approved").id;
    let session = access.session(&consent).await.expect("session");
    let account = session
        .accounts()
        .try_next()
        .await
        .expect("accounts")
        .expect("one account")
        .id;
    Setup {
        _mock: mock,
        access,
        store,
        consent,
        account,
        base,
    }
}

async fn with_hkob(setup: &Setup) -> u64 {
    let session = setup.access.session(&setup.consent).await.expect("session");
    session
        .transactions(&setup.account, TransactionQuery::all().page_size(PAGE))
        .try_fold(0u64, |n, _| async move { Ok(n + 1) })
        .await
        .expect("every transaction")
}

async fn by_hand(setup: &Setup) -> u64 {
    let record = setup
        .store
        .consent("bea", &setup.consent)
        .await
        .expect("store")
        .expect("record");
    let token = record.tokens.expect("tokens").access_token.expose().clone();
    let client = reqwest::Client::new();
    let mut count = 0u64;
    for page in 1u64.. {
        let url = format!(
            "{}/transactions/v1/accounts/{}/transactions?pageSize={PAGE}&pageIdx={page}",
            setup.base, setup.account
        );
        let body = client
            .get(url)
            .bearer_auth(&token)
            .header("X-IBM-Client-Id", DEFAULT_CLIENT_ID)
            .header("X-IBM-Client-Secret", DEFAULT_CLIENT_SECRET)
            .header("X-Consent-Id", &setup.consent)
            .send()
            .await
            .expect("sent")
            .error_for_status()
            .expect("a page")
            .bytes()
            .await
            .expect("body");
        let page: TransactionListResponse = serde_json::from_slice(&body).expect("decodes");
        let n = page.data.transaction.len() as u64;
        count += n;
        if n < u64::from(PAGE) {
            break;
        }
    }
    count
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        println!("transactions   hkob items/s   by hand items/s   ratio   hkob peak   by hand peak");
        for total in [100_000u64, 1_000_000] {
            let setup = setup(total).await;
            // Interleaved, best of three: the machine is shared, so each side gets its best run.
            let mut hand = (0, f64::MAX, 0);
            let mut ours = (0, f64::MAX, 0);
            for _ in 0..3 {
                let run = measured(by_hand(&setup)).await;
                if run.1 < hand.1 {
                    hand = run;
                }
                let run = measured(with_hkob(&setup)).await;
                if run.1 < ours.1 {
                    ours = run;
                }
            }
            let (hand, hand_secs, hand_peak) = hand;
            let (ours, our_secs, our_peak) = ours;
            assert_eq!(ours, total, "hkob streamed every transaction");
            assert_eq!(hand, total, "the loop read every transaction");
            let ours_rate = ours as f64 / our_secs;
            let hand_rate = hand as f64 / hand_secs;
            println!(
                "{total:>12}   {ours_rate:>13.0}   {hand_rate:>15.0}   {:>5.2}   {:>6} KiB   {:>9} KiB",
                ours_rate / hand_rate,
                our_peak / 1024,
                hand_peak / 1024,
            );
        }
    });
}
