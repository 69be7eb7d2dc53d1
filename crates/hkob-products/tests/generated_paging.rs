//! The generated JETCO APIX requests page from where they are set to start, against the mock bank.

use futures_util::TryStreamExt;
use hkob_core::auth::StaticHeaders;
use hkob_core::paging::PageCursor;
use hkob_core::{Client, Error};
use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank};
use hkob_products::generated::jetco_apix::operations::ListTimeDepositProducts;

async fn bea() -> (MockBank, Client) {
    let mock = MockBank::builder()
        .seed(5)
        .banks(["bea"])
        .start()
        .await
        .expect("mock starts");
    let url = mock.bank_url("bea").expect("bea is served");
    let client = Client::builder()
        .base_url(url)
        .credentials(StaticHeaders::ibm_api_connect(
            DEFAULT_CLIENT_ID,
            DEFAULT_CLIENT_SECRET,
        ))
        .build()
        .expect("client");
    (mock, client)
}

async fn codes(client: &Client, request: &ListTimeDepositProducts) -> Result<Vec<String>, Error> {
    request
        .paginate(client)
        .items()
        .map_ok(|product| product.product_code)
        .try_collect()
        .await
}

#[tokio::test]
async fn paginate_starts_at_the_page_index_set_on_the_request() {
    let (_mock, client) = bea().await;
    let all = codes(&client, &ListTimeDepositProducts::new().page_size(1))
        .await
        .expect("every page");
    assert!(
        all.len() >= 3,
        "the mock has products to page through: {all:?}"
    );

    let request = ListTimeDepositProducts::new().page_size(1).page_idx(3);
    assert_eq!(
        request.paginate(&client).start_cursor().ok(),
        Some(PageCursor::Index(3))
    );
    let from_third = codes(&client, &request).await.expect("the pages from 3");
    assert_eq!(from_third, all[2..], "from page 3, not from the first page");

    // Page 0 comes before JETCO's first page (1): refused before anything is sent.
    let before = codes(&client, &ListTimeDepositProducts::new().page_idx(0)).await;
    assert!(
        matches!(before, Err(Error::InvalidRequest(_))),
        "{before:?}"
    );
}
