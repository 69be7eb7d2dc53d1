//! Error envelopes, and bodies that do not decode.

use bytes::Bytes;
use hkob_core::error::{ApiError, EnvelopeKind};
use hkob_core::{ApiRequest, Error, StatusCode};
use http::HeaderMap;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RecordingSleep, builder};

fn parse(status: u16, body: &str) -> ApiError {
    ApiError::from_response(
        StatusCode::from_u16(status).unwrap(),
        &HeaderMap::new(),
        Bytes::from(body.to_owned()),
    )
}

#[test]
fn hkma_header_envelope() {
    let e = parse(
        400,
        r#"{"header":{"success":false,"err_code":"1002","err_msg":"Missing segment"},"result":{}}"#,
    );
    assert_eq!(e.envelope(), EnvelopeKind::Hkma);
    assert_eq!(e.code(), Some("1002"));
    assert_eq!(e.message(), Some("Missing segment"));
}

#[test]
fn ibm_api_connect_envelope() {
    let e = parse(
        401,
        r#"{"httpCode":"401","httpMessage":"Unauthorized","moreInformation":"Invalid client id or secret."}"#,
    );
    assert_eq!(e.envelope(), EnvelopeKind::IbmApiConnect);
    assert_eq!(e.code(), Some("401"));
    assert_eq!(e.message(), Some("Invalid client id or secret."));
}

#[test]
fn field_errors_beside_a_gateway_or_message_envelope() {
    let e = parse(
        400,
        r#"{"httpCode":"400","httpMessage":"Bad Request","moreInformation":"Invalid application","errors":[{"field":"applicant.identityDocument.number","message":"check digit"},{"field":"applicant.email","message":"no @"}]}"#,
    );
    assert_eq!(e.envelope(), EnvelopeKind::IbmApiConnect);
    assert_eq!(e.field_errors().len(), 2);
    assert_eq!(
        e.field_errors()[0].path.as_deref(),
        Some("applicant.identityDocument.number")
    );
    assert_eq!(e.field_errors()[1].message.as_deref(), Some("no @"));

    let e = parse(
        400,
        r#"{"ErrorMsg":"Invalid application","errors":[{"field":"checksum","message":"does not match"}]}"#,
    );
    assert_eq!(e.envelope(), EnvelopeKind::Message);
    assert_eq!(e.message(), Some("Invalid application"));
    assert_eq!(e.field_errors()[0].path.as_deref(), Some("checksum"));
}

#[test]
fn uk_open_banking_envelope() {
    let e = parse(
        400,
        r#"{"Code":"400 BadRequest","Id":"x","Message":"Bad input","Errors":[{"ErrorCode":"UK.OBIE.Field.Missing","Message":"Amount missing","Path":"Data.Initiation.InstructedAmount"}]}"#,
    );
    assert_eq!(e.envelope(), EnvelopeKind::UkOpenBanking);
    assert_eq!(e.code(), Some("400 BadRequest"));
    let field = &e.field_errors()[0];
    assert_eq!(field.code.as_deref(), Some("UK.OBIE.Field.Missing"));
    assert_eq!(
        field.path.as_deref(),
        Some("Data.Initiation.InstructedAmount")
    );
}

#[test]
fn cdr_and_brazil_errors_array() {
    let e = parse(
        422,
        r#"{"errors":[{"code":"urn:au-cds:error:cds-all:Field/Missing","title":"Missing Required Field","detail":"accountId","meta":{}},{"code":"X","title":"Second"}]}"#,
    );
    assert_eq!(e.envelope(), EnvelopeKind::ErrorsArray);
    assert_eq!(e.code(), Some("urn:au-cds:error:cds-all:Field/Missing"));
    assert_eq!(e.message(), Some("Missing Required Field"));
    assert_eq!(e.field_errors().len(), 2);
    assert_eq!(e.field_errors()[0].message.as_deref(), Some("accountId"));
}

#[test]
fn problem_details() {
    let e = parse(
        400,
        r#"{"type":"https://bank.example/probs/limit","title":"Over limit","status":400,"detail":"Daily limit exceeded","invalid-params":[{"name":"amount","reason":"too large"}]}"#,
    );
    assert_eq!(e.envelope(), EnvelopeKind::ProblemDetails);
    assert_eq!(e.code(), Some("https://bank.example/probs/limit"));
    assert_eq!(e.message(), Some("Daily limit exceeded"));
    assert_eq!(e.field_errors()[0].path.as_deref(), Some("amount"));
}

#[test]
fn oauth_error() {
    let e = parse(
        400,
        r#"{"error":"invalid_grant","error_description":"code expired"}"#,
    );
    assert_eq!(e.envelope(), EnvelopeKind::OAuth);
    assert_eq!(e.code(), Some("invalid_grant"));
    assert_eq!(e.message(), Some("code expired"));
}

#[test]
fn bare_message_and_unrecognised_bodies() {
    let e = parse(401, r#"{"ErrorMsg":"Access token is expired"}"#);
    assert_eq!(e.envelope(), EnvelopeKind::Message);
    assert_eq!(e.message(), Some("Access token is expired"));

    let html = "<l7:policyResult status=\"Assertion Falsified\"/>";
    let e = parse(500, html);
    assert_eq!(e.envelope(), EnvelopeKind::Unrecognised);
    assert_eq!(e.code(), None);
    assert_eq!(e.raw_body(), html.as_bytes());
    assert!(e.to_string().contains("500"));
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Product {
    code: String,
    rate: hkob_core::Decimal,
}

#[tokio::test]
async fn bad_success_bodies_are_typed_decode_errors() {
    let server = MockServer::start().await;
    let cases = [
        ("/truncated", "{\"code\":\"A\",\"rate\":"),
        ("/empty", ""),
        (
            "/html",
            "<html><body>Service temporarily unavailable</body></html>",
        ),
        ("/wrong", "{\"code\":\"A\",\"rate\":{\"x\":1}}"),
        ("/missing", "{\"code\":\"A\"}"),
    ];
    for (p, body) in cases {
        Mock::given(path(p))
            .respond_with(ResponseTemplate::new(200).set_body_string(body))
            .mount(&server)
            .await;
    }
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    for (p, _) in cases {
        let err = client
            .send_json::<Product>(ApiRequest::get(p))
            .await
            .unwrap_err();
        let Error::Decode(decode) = &err else {
            panic!("{p}: {err:?}")
        };
        assert_eq!(decode.status(), Some(StatusCode::OK));
        assert!(decode.interaction_id().is_some());
        assert!(!err.is_retryable());
        if p == "/wrong" {
            assert_eq!(decode.path(), "rate");
        }
    }
}

#[tokio::test]
async fn the_banks_code_message_and_interaction_id_are_on_the_top_level_error() {
    let server = MockServer::start().await;
    Mock::given(path("/refused"))
        .respond_with(ResponseTemplate::new(403).set_body_string(
            r#"{"Code":"403","Message":"Forbidden","Errors":[{"ErrorCode":"HK.HKMA.Resource.NotFound","Message":"No such account"}]}"#,
        ))
        .mount(&server)
        .await;
    let client = builder(&server, &RecordingSleep::default())
        .build()
        .unwrap();
    let err = client
        .send_empty(ApiRequest::get("/refused"))
        .await
        .unwrap_err();
    assert!(err.code().is_some(), "{err:?}");
    assert!(!err.message().is_empty());
    assert!(err.interaction_id().is_some());
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(err.code(), api.code());
    assert_eq!(Some(err.message().as_str()), api.message());

    let invalid = client
        .send_empty(ApiRequest::get("/x").header("bad\nname", "v"))
        .await
        .unwrap_err();
    assert_eq!(invalid.code(), None);
    assert!(!invalid.message().is_empty());
}
