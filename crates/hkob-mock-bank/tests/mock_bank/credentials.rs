//! `X-IBM-Client-Id` / `X-IBM-Client-Secret` checks and the gateway error envelope.

use hkob_mock_bank::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockBank, TspClient};

use crate::support::{Spec, Target, client, json};

async fn status_and_body(url: &str, creds: Option<(&str, &str)>) -> (u16, serde_json::Value) {
    let mut req = client().get(url);
    if let Some((id, secret)) = creds {
        req = req
            .header("X-IBM-Client-Id", id)
            .header("X-IBM-Client-Secret", secret);
    }
    let resp = req.send().await.expect("sent");
    (resp.status().as_u16(), json(resp).await)
}

pub async fn check_credentials(t: &Target) {
    let spec = Spec::load();
    let url = format!("{}/deposits/v1/timedeposit", t.bank_url("bea"));
    let cases = [
        None,
        Some((DEFAULT_CLIENT_ID, "wrong-secret")),
        Some(("unknown-client", DEFAULT_CLIENT_SECRET)),
        Some((DEFAULT_CLIENT_ID, "")),
    ];
    for creds in cases {
        let (status, body) = status_and_body(&url, creds).await;
        assert_eq!(status, 401, "{creds:?}");
        spec.assert_valid("ErrorResponse", &body);
        assert_eq!(body["httpCode"], "401");
        assert_eq!(body["httpMessage"], "Unauthorized");
        assert!(
            body["moreInformation"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
    let (status, _) = status_and_body(&url, Some((DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET))).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn wrong_credentials_in_process() {
    check_credentials(&Target::in_process(MockBank::builder()).await).await;
}

#[tokio::test]
async fn clients_are_registered_per_bank() {
    let t = Target::in_process(
        MockBank::builder()
            .banks(["bea", "dsb"])
            .tsp_client_at("dsb", TspClient::new("dsb-only", "s3cret")),
    )
    .await;
    let creds = Some(("dsb-only", "s3cret"));
    let (dsb, _) = status_and_body(&format!("{}/fx/v1/fxrate", t.bank_url("dsb")), creds).await;
    let (bea, _) = status_and_body(&format!("{}/fx/v1/fxrate", t.bank_url("bea")), creds).await;
    assert_eq!((dsb, bea), (200, 401));
}

#[tokio::test]
async fn unknown_bank_code_is_404() {
    let t = Target::in_process(MockBank::builder().banks(["bea"])).await;
    let (status, _) = status_and_body(
        &format!("{}/jetco/dsb/fx/v1/fxrate", t.base),
        Some((DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)),
    )
    .await;
    assert_eq!(status, 404);
}
