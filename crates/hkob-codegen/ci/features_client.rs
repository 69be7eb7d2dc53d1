//! Behaviour of the generated feature-snapshot client against a mock server: every paging style,
//! idempotency keys, signing, JSON and text bodies, empty and raw responses.
//! Copied into the temporary crate by `check-real-specs.sh`; not built as part of hkob-codegen.

use futures_util::StreamExt;
use hkob_real_specs_check::features::{operations, types};
use wiremock::matchers::{
    body_json, body_string, header, header_exists, method, path, query_param,
};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[derive(Debug)]
struct FixedSigner;

impl hkob_core::signing::RequestSigner for FixedSigner {
    fn sign(
        &self,
        _input: hkob_core::signing::SigningInput<'_>,
    ) -> Result<Vec<(http::HeaderName, http::HeaderValue)>, hkob_core::Error> {
        Ok(vec![(
            http::HeaderName::from_static("x-jws-signature"),
            http::HeaderValue::from_static("signed-by-test"),
        )])
    }
}

async fn client(server: &MockServer) -> hkob_core::Client {
    hkob_core::Client::builder()
        .base_url(server.uri())
        .signer(FixedSigner)
        .build()
        .expect("client")
}

fn account(id: &str) -> serde_json::Value {
    serde_json::json!({"accountId": id, "type": "SAVINGS", "balance": {"amount": "1.00", "currency": "HKD"}})
}

#[tokio::test]
async fn page_index_paging_walks_every_page() {
    let server = MockServer::start().await;
    for (page, ids) in [("1", vec!["A1", "A2"]), ("2", vec!["A3"])] {
        let accounts: Vec<_> = ids.iter().map(|i| account(i)).collect();
        Mock::given(method("GET"))
            .and(path("/accounts"))
            .and(query_param("page", page))
            .and(query_param("page-size", "2"))
            .and(query_param("status", "OPEN"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "data": {"accounts": accounts}, "meta": {"totalPages": 2, "totalRecords": 3}
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server).await;
    let request = operations::ListAccounts::new().status(vec![types::ListAccountsStatusItem::Open]);
    let items: Vec<types::Account> = request
        .paginate(&client)
        .page_size(2)
        .items()
        .map(|r| r.expect("page"))
        .collect()
        .await;
    let ids: Vec<&str> = items.iter().map(|a| a.account_id.as_str()).collect();
    assert_eq!(ids, ["A1", "A2", "A3"]);
}

#[tokio::test]
async fn cursor_paging_sends_the_cursor_back() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(query_param("cursor", "c2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"events": [{"id": "E3"}]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"events": [{"id": "E1"}, {"id": "E2"}], "cursor": "c2"}),
        ))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let items: Vec<_> = operations::ListEvents::new()
        .paginate(&client)
        .items()
        .map(|r| r.expect("page").id.unwrap_or_default())
        .collect()
        .await;
    assert_eq!(items, ["E1", "E2", "E3"]);
}

#[tokio::test]
async fn next_link_paging_follows_links() {
    let server = MockServer::start().await;
    let next = format!("{}/transfers?after=T1", server.uri());
    Mock::given(method("GET"))
        .and(path("/transfers"))
        .and(query_param("after", "T1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"data": {"transfers": [{"id": "T2", "status": "DONE"}]}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/transfers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {"transfers": [{"id": "T1", "status": "PENDING"}]}, "links": {"next": next}
        })))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let items: Vec<_> = operations::ListTransfers::new()
        .paginate(&client)
        .items()
        .map(|r| r.expect("page").id)
        .collect()
        .await;
    assert_eq!(items, ["T1", "T2"]);
}

#[tokio::test]
async fn offset_paging_flattens_nested_arrays() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/brands/atms"))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [{"Brand": [{"ATM": [{"id": "A1"}, {"id": "A2"}]}, {"ATM": [{"id": "A3"}]}]}, {}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let items: Vec<_> = operations::ListBrandAtms::new()
        .paginate(&client)
        .page_size(10)
        .items()
        .map(|r| r.expect("page").id.unwrap_or_default())
        .collect()
        .await;
    assert_eq!(items, ["A1", "A2", "A3"]);
}

#[tokio::test]
async fn idempotent_signed_json_post() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/transfers"))
        .and(header_exists("x-idempotency-key"))
        .and(header("x-jws-signature", "signed-by-test"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            serde_json::json!({"amount": {"amount": "10.50", "currency": "HKD"}}),
        ))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(serde_json::json!({"id": "T9", "status": "SETTLING"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let body = types::TransferRequest {
        amount: types::Money {
            amount: "10.50".parse().expect("decimal"),
            currency: "HKD".into(),
            additional_properties: Default::default(),
        },
        reference: None,
        additional_properties: Default::default(),
    };
    let transfer = operations::CreateTransfer::new(body)
        .send(&client)
        .await
        .expect("sent");
    assert_eq!(transfer.id, "T9");
    assert_eq!(
        transfer.status,
        types::TransferStatus::Unknown("SETTLING".into())
    );
}

#[tokio::test]
async fn text_bodies_empty_and_raw_responses() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/transfers/signed"))
        .and(header("content-type", "application/jwt"))
        .and(header_exists("x-idempotency-key"))
        .and(body_string("a.b.c"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(serde_json::json!({"id": "T1", "status": "DONE"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/accounts/A%201"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/accounts/A1/statement"))
        .and(query_param("month", "2024-05-01"))
        .respond_with(|_: &Request| {
            ResponseTemplate::new(200).set_body_raw(b"%PDF-1.7".to_vec(), "application/pdf")
        })
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;

    let t = operations::CreateSignedTransfer::new("a.b.c")
        .send(&client)
        .await
        .expect("sent");
    assert_eq!(t.status, types::TransferStatus::Done);

    #[allow(deprecated)]
    let closed = operations::CloseAccount::new("A 1").send(&client).await;
    assert!(closed.is_ok(), "{closed:?}");

    let month = hkob_core::Date::from_ymd_opt(2024, 5, 1).expect("date");
    let pdf = operations::GetStatement::new("A1", month)
        .send(&client)
        .await
        .expect("sent");
    assert_eq!(pdf.body().as_ref(), b"%PDF-1.7");
}

#[test]
fn requests_are_plain_data() {
    let request = operations::ListAccounts::new()
        .page(3)
        .accept_language(types::Lang::Hk)
        .to_request();
    assert_eq!(request.path(), "/accounts");
    let query: Vec<_> = request.query_pairs().collect();
    assert_eq!(query, [("page", "3")]);
    assert_eq!(request.headers()["accept-language"], "HK");
    assert!(request.is_retry_safe());
    let post = operations::CreateSignedTransfer::new("x").to_request();
    assert!(
        post.is_retry_safe(),
        "an idempotency key makes a POST retry-safe"
    );
}

#[test]
fn utype_selector_borrows_the_selected_field() {
    let payee: types::Payee =
        serde_json::from_str(r#"{"payeeUType": "biller", "biller": "B77", "domestic": {}}"#)
            .expect("payee");
    assert_eq!(
        payee.payee(),
        Some(types::PayeeVariant::Biller(&"B77".to_owned()))
    );
    let unknown: types::Payee = serde_json::from_str(r#"{"payeeUType": "crypto"}"#).expect("payee");
    assert_eq!(unknown.payee(), None);
    let missing: types::Payee =
        serde_json::from_str(r#"{"payeeUType": "domestic"}"#).expect("payee");
    assert_eq!(missing.payee(), None);
}

#[test]
fn keys_the_schema_does_not_name_are_kept() {
    let text = r#"{"email":"info@example.com","region":"HK","tags":[1,{"a":null}]}"#;
    let email: types::EmailContact = serde_json::from_str(text).expect("email contact");
    assert_eq!(email.email.as_deref(), Some("info@example.com"));
    assert_eq!(
        email.additional_properties.get("region").map(hkob_core::RawJson::as_str),
        Some(r#""HK""#)
    );
    assert_eq!(
        serde_json::to_value(&email).expect("encode"),
        serde_json::from_str::<serde_json::Value>(text).expect("json")
    );
    // Their values are read from the text, so a number keeps every digit.
    let text = r#"{"email":"a@example.com","ref":123456789012345678901234567890.000000001}"#;
    let email: types::EmailContact = serde_json::from_str(text).expect("email contact");
    assert_eq!(serde_json::to_string(&email).expect("encode"), text);
    // `additionalProperties: false`: nothing to keep, and no map to keep it in.
    let note: types::ClosedNote = serde_json::from_str(r#"{"text":"hi"}"#).expect("note");
    assert_eq!(
        note,
        types::ClosedNote {
            text: Some("hi".into())
        }
    );
}

#[test]
fn an_untagged_union_of_open_objects_picks_the_member_that_names_the_keys() {
    let decode = |text: &str| serde_json::from_str::<types::ContactPoint>(text).expect("contact");
    let email = decode(r#"{"email":"info@example.com","preferred":true}"#);
    assert_eq!(
        email.as_email_contact().and_then(|e| e.preferred),
        Some(true),
        "{email:?}"
    );
    let phone = decode(r#"{"phone":"+852 2123 4567"}"#);
    assert!(phone.as_phone_contact().is_some(), "{phone:?}");
    // Both members leave one key unnamed: the fewer-unnamed tie goes to the first member.
    let partly = decode(r#"{"email":"a@example.com","fax":"2"}"#);
    let kept = partly.as_email_contact().expect("email names more keys");
    assert_eq!(kept.additional_properties.len(), 1);
    let neither = decode(r#"{"fax":"2"}"#);
    assert!(neither.as_phone_contact().is_some(), "{neither:?}");
    assert_eq!(
        serde_json::to_string(&neither).expect("encode"),
        r#"{"fax":"2"}"#
    );
    // Not an object: no member decodes it, so it is kept as it came.
    let other = decode("42");
    assert_eq!(other.other().map(hkob_core::RawJson::as_str), Some("42"));
    let big = decode("[123456789012345678901234567890]");
    assert_eq!(serde_json::to_string(&big).expect("encode"), "[123456789012345678901234567890]");
}

#[test]
fn numbers_beyond_64_bits_and_an_f64_keep_every_digit() {
    let text = concat!(
        r#"{"reading":1234567890.123456789012345678,"#,
        r#""readings":[0.1234567890123456789012345678,2.5,-7],"#,
        r#""serial":-123456789012345678901234567890,"count":1000000000000000000000000000000,"#,
        r#""reported":{"t":[1e400,0.30000000000000000000000001]}}"#
    );
    let m: types::Measurement = serde_json::from_str(text).expect("measurement");
    assert_eq!(m.serial, Some(-123_456_789_012_345_678_901_234_567_890));
    assert_eq!(m.count, Some(1_000_000_000_000_000_000_000_000_000_000));
    assert_eq!(m.reading.to_string(), "1234567890.123456789012345678");
    assert_eq!(
        m.reported.as_ref().map(hkob_core::RawJson::as_str),
        Some(r#"{"t":[1e400,0.30000000000000000000000001]}"#)
    );
    assert_eq!(serde_json::to_string(&m).expect("encode"), text);
    let decoded: types::Measurement = hkob_core::decode_json(text.as_bytes()).expect("decode");
    assert_eq!(decoded, m);
    // A union member decodes from the value's text, so it keeps every digit too.
    let either: types::MeasurementOrNote = serde_json::from_str(text).expect("union");
    assert_eq!(either.as_measurement(), Some(&m));
    assert_eq!(serde_json::to_string(&either).expect("encode"), text);
    let note: types::MeasurementOrNote = serde_json::from_str(r#""recalibrate""#).expect("note");
    assert_eq!(note.as_string().map(String::as_str), Some("recalibrate"));
    // What the types cannot hold is refused, never rounded.
    for refused in [
        r#"{"reading":0.12345678901234567890123456789}"#,
        r#"{"reading":1,"count":-1}"#,
        r#"{"reading":1,"serial":1e40}"#,
        r#"{"reading":1,"serial":1.5}"#,
    ] {
        assert!(
            serde_json::from_str::<types::Measurement>(refused).is_err(),
            "{refused} was accepted"
        );
    }
}

#[test]
fn password_fields_stay_out_of_debug() {
    let login = types::Login {
        user: "tsp-user".into(),
        password: "hunter2".into(),
        otp: Some("123456".into()),
        additional_properties: [("pin".to_owned(), serde_json::json!("8642").into())].into(),
    };
    let shown = format!("{login:?}");
    assert!(shown.contains("tsp-user"), "{shown}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("123456") && !shown.contains("8642"),
        "{shown}"
    );
    let no_otp = types::Login { otp: None, ..login };
    assert!(format!("{no_otp:?}").contains("otp: None"));
    assert!(
        shown.contains(r#"additional_properties: ["pin"]"#),
        "{shown}"
    );
}

#[test]
fn a_range_setter_sends_both_bounds_and_refuses_a_reversed_range() {
    let day = |d: u32| hkob_core::Date::from_ymd_opt(2026, 3, d).expect("a date");
    let range = types::Range::new(day(1), day(31)).expect("in order");
    let request = operations::ListTransfers::new()
        .booked_between(range)
        .to_request();
    let query: Vec<_> = request.query_pairs().collect();
    assert_eq!(query, [("from", "2026-03-01"), ("to", "2026-03-31")]);
    assert_eq!(types::Range::single(day(5)).into_bounds(), (day(5), day(5)));

    let reversed = types::Range::new(day(31), day(1)).expect_err("reversed");
    assert_eq!((*reversed.start(), *reversed.end()), (day(31), day(1)));
    let error: hkob_core::Error = reversed.into();
    assert!(
        matches!(error, hkob_core::Error::InvalidRequest(_)),
        "{error:?}"
    );
    assert!(types::Range::try_from(day(2)..=day(1)).is_err());

    let events = operations::ListEvents::new()
        .day(day(2))
        .channel("mobile")
        .to_request();
    let query: Vec<_> = events.query_pairs().collect();
    assert_eq!(query, [("day", "2026-03-02"), ("channel", "mobile")]);
}

fn upload_parts(pages: Vec<hkob_core::FileUpload>) -> operations::UploadFileParts {
    operations::UploadFileParts {
        purpose: types::UploadFilePurpose::Identity,
        file: None,
        pages,
        labels: Some(vec!["front".into(), "back".into()]),
        meta: Some(types::UploadFileMeta {
            source: Some("scanner".into()),
            additional_properties: Default::default(),
        }),
        count: Some(2),
    }
}

#[tokio::test]
async fn a_multipart_body_sends_every_part_in_order() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/upload"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let page =
        |n: u8| hkob_core::FileUpload::new(format!("page{n}.jpg"), "image/jpeg", vec![0xff, n]);
    operations::UploadFile::new()
        .body(upload_parts(vec![page(1), page(2)]))
        .send(&client)
        .await
        .expect("sent");

    let received = server.received_requests().await.expect("recorded");
    let request = &received[0];
    let content_type = request.headers["content-type"].to_str().expect("ascii");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart body");
    let body = &request.body;
    let part = |head: &str, data: &[u8]| {
        let mut bytes =
            format!("--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n").into_bytes();
        bytes.extend_from_slice(data);
        bytes.extend_from_slice(b"\r\n");
        bytes
    };
    let mut expected = Vec::new();
    expected.extend(part("name=\"purpose\"", b"IDENTITY"));
    expected.extend(part(
        "name=\"pages\"; filename=\"page1.jpg\"\r\nContent-Type: image/jpeg",
        &[0xff, 1],
    ));
    expected.extend(part(
        "name=\"pages\"; filename=\"page2.jpg\"\r\nContent-Type: image/jpeg",
        &[0xff, 2],
    ));
    expected.extend(part("name=\"labels\"", b"front"));
    expected.extend(part("name=\"labels\"", b"back"));
    expected.extend(part(
        "name=\"meta\"\r\nContent-Type: application/json",
        br#"{"source":"scanner"}"#,
    ));
    expected.extend(part("name=\"count\"", b"2"));
    expected.extend(format!("--{boundary}--\r\n").into_bytes());
    assert_eq!(
        String::from_utf8_lossy(body),
        String::from_utf8_lossy(&expected)
    );
}

#[tokio::test]
async fn a_multipart_body_without_a_required_list_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let error = operations::UploadFile::new()
        .body(upload_parts(Vec::new()))
        .send(&client)
        .await
        .expect_err("refused");
    assert!(
        matches!(error, hkob_core::Error::InvalidRequest(_)),
        "{error:?}"
    );
    assert!(error.to_string().contains("`pages`"), "{error}");
    let shown = format!(
        "{:?}",
        upload_parts(vec![hkob_core::FileUpload::new(
            "chan-tai-man.jpg",
            "image/jpeg",
            "x"
        )])
    );
    assert!(!shown.contains("chan-tai-man"), "{shown}");
}
