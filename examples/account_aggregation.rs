//! One view of a customer's money across banks (Phase III): consents at two banks of different
//! dialects (BEA on JETCO APIX, HSBC), the customer's approval, then each account's balance and
//! its last 20 transactions, and a total per currency.
//!
//! It runs on the embedded mock bank. By default the test customer `chantaiman` approves at once:
//!
//! ```text
//! cargo run --example account_aggregation
//! ```
//!
//! With `--browser` it prints each bank's consent page URL instead: open it, log in as
//! `chantaiman` / `password1`, choose accounts and approve; the bank sends the browser back to a
//! listener on `127.0.0.1`, and the example goes on.
//!
//! ```text
//! cargo run --example account_aggregation -- --browser
//! ```

use std::sync::Arc;

use futures_util::{StreamExt, TryStreamExt};
use hkob::accounts::model::Direction;
use hkob::accounts::{
    AccessOptions, AccountAccess, AccountAggregator, ConsentRequest, MemoryStore, Permission,
    TransactionQuery,
};
use hkob::banks::mock_profiles_of;
use hkob::mock_bank::{AutoApproval, MockBank};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const BANKS: [&str; 2] = ["bea", "hsbc"];
const CUSTOMER: &str = "chantaiman";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let browser = std::env::args().any(|a| a == "--browser");
    let mock = MockBank::builder().banks(BANKS).start().await?;
    // The bank sends the customer back here; the mock accepts any port on 127.0.0.1.
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let redirect_uri = format!(
        "http://127.0.0.1:{}/callback",
        listener.local_addr()?.port()
    );

    let store = Arc::new(MemoryStore::new());
    let request = ConsentRequest::new([
        Permission::AccountsBasic,
        Permission::Balances,
        Permission::TransactionsDetail,
    ]);
    let mut banks = Vec::new();
    for profile in mock_profiles_of(&mock, &BANKS) {
        let id = profile.id.clone();
        let auth = mock.bank(id.as_str()).and_then(|b| b.auth_server());
        if let (false, Some(auth)) = (browser, auth) {
            auth.set_auto_approval(Some(AutoApproval::Approve {
                username: CUSTOMER.to_owned(),
            }));
        }
        let access = AccountAccess::connect(
            profile,
            AccessOptions::new(redirect_uri.clone()),
            store.clone(),
        )
        .await?;
        let redirect = access.begin(&request).await?;
        let callback = if browser {
            println!("{id}: open {}", redirect.url);
            wait_for_callback(&listener).await?
        } else {
            follow(&redirect.url).await?
        };
        let consent = access.complete(&callback).await?;
        println!("{id}: consent {} is {}", consent.id, consent.status);
        banks.push(access);
    }

    let overview = AccountAggregator::new(banks.clone()).overview().await;
    for bank in &overview.banks {
        let access = banks
            .iter()
            .find(|a| *a.bank() == bank.bank)
            .ok_or("a bank that was not asked")?;
        for consent in &bank.consents {
            let session = access.session(consent).await?;
            for entry in &bank.accounts {
                let account = &entry.account;
                let balance = entry
                    .headline()
                    .map(|b| format!("{} {}", b.amount.currency, b.signed()))
                    .unwrap_or_else(|| "no balance".to_owned());
                println!(
                    "\n{} {} {} ({}): {balance}",
                    bank.bank,
                    account.kind,
                    account.product_name.as_deref().unwrap_or(""),
                    account.status,
                );
                let recent: Vec<_> = session
                    .transactions(&account.id, TransactionQuery::all())
                    .take(20)
                    .try_collect()
                    .await?;
                for t in recent {
                    let sign = match t.direction {
                        Direction::Credit => "+",
                        Direction::Debit => "-",
                    };
                    println!(
                        "  {}  {sign}{:>12}  {}",
                        t.booked_at.format("%Y-%m-%d %H:%M"),
                        t.amount.value,
                        t.description.as_deref().unwrap_or(""),
                    );
                }
            }
        }
    }
    println!("\nTotal per currency across banks:");
    for (currency, total) in overview.totals() {
        match total {
            Some(total) => println!("  {currency} {total}"),
            None => println!("  {currency} (too large to add up)"),
        }
    }
    for failure in &overview.failures {
        eprintln!("failed: {failure}");
    }
    Ok(())
}

/// Follows the authorization URL as the customer's browser would, and returns where the bank
/// sent them back to.
async fn follow(url: &url::Url) -> Result<String, Box<dyn std::error::Error>> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = client.get(url.as_str()).send().await?;
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or("the bank did not send the customer back")?;
    Ok(location.to_owned())
}

/// Waits for the browser to come back to the listener, and returns the callback URL.
async fn wait_for_callback(listener: &TcpListener) -> Result<String, Box<dyn std::error::Error>> {
    loop {
        let (mut stream, _) = listener.accept().await?;
        let mut buffer = vec![0u8; 16 * 1024];
        let read = stream.read(&mut buffer).await?;
        let head = String::from_utf8_lossy(&buffer[..read]).into_owned();
        let target = head
            .lines()
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .unwrap_or("/");
        if !target.starts_with("/callback") {
            stream
                .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                .await?;
            continue;
        }
        let page = "<html><body><p>Done: you can close this window.</p></body></html>";
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\n\r\n{page}",
            page.len()
        );
        stream.write_all(answer.as_bytes()).await?;
        let port = listener.local_addr()?.port();
        return Ok(format!("http://127.0.0.1:{port}{target}"));
    }
}
