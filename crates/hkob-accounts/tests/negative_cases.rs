//! Every way a bank's answer can be forged or broken during the consent flow is refused before
//! any customer data is read; refresh tokens rotate, and a reused one is refused.

mod support;

use std::sync::Arc;

use futures_util::TryStreamExt;
use hkob_accounts::{AccessError, ConsentStatus, ConsentStore, MemoryStore};
use hkob_core::error::AuthErrorKind;
use hkob_mock_bank::Misbehaviour;
use support::*;

/// The kind of auth error `result` is, if it is one.
fn auth_kind<T: std::fmt::Debug>(result: &Result<T, AccessError>) -> Option<AuthErrorKind> {
    match result {
        Err(AccessError::Request(hkob_core::Error::Auth(e))) => Some(e.kind()),
        _ => None,
    }
}

#[tokio::test]
async fn each_forged_or_broken_answer_is_refused_before_any_data_is_read() {
    use AuthErrorKind::{InvalidIdToken, IssuerMismatch, MalformedCallback};
    let cases: [(Misbehaviour, Option<AuthErrorKind>); 20] = [
        (Misbehaviour::WrongState, None),
        (Misbehaviour::MissingState, Some(MalformedCallback)),
        (Misbehaviour::WrongIssuer, Some(IssuerMismatch)),
        (Misbehaviour::MissingIssuer, Some(IssuerMismatch)),
        (Misbehaviour::WrongNonce, Some(InvalidIdToken)),
        (Misbehaviour::MissingNonce, Some(InvalidIdToken)),
        (Misbehaviour::WrongIdTokenIssuer, Some(InvalidIdToken)),
        (Misbehaviour::WrongIdTokenAudience, Some(InvalidIdToken)),
        (Misbehaviour::IdTokenUntrustedAudience, Some(InvalidIdToken)),
        (Misbehaviour::BadIdTokenSignature, Some(InvalidIdToken)),
        (Misbehaviour::IdTokenAlgNone, Some(InvalidIdToken)),
        (Misbehaviour::ExpiredIdToken, Some(InvalidIdToken)),
        (Misbehaviour::IdTokenIatWeekInPast, Some(InvalidIdToken)),
        (Misbehaviour::FutureIdTokenIat, Some(InvalidIdToken)),
        (Misbehaviour::WrongCHash, Some(InvalidIdToken)),
        (Misbehaviour::WrongSHash, Some(InvalidIdToken)),
        (Misbehaviour::MissingIdTokenIssuer, Some(InvalidIdToken)),
        (Misbehaviour::MissingIdTokenAudience, Some(InvalidIdToken)),
        (Misbehaviour::MissingIdTokenExp, Some(InvalidIdToken)),
        (Misbehaviour::WrongConsentId, Some(InvalidIdToken)),
    ];
    let mock = mock(&["bea"]).await;
    auto_approve(&mock, "bea", CUSTOMER);
    let auth = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth");
    let store = Arc::new(MemoryStore::new());
    let bea = access(&mock, "bea", store.clone()).await;
    for (misbehaviour, expected) in cases {
        auth.clear_misbehaviours();
        let redirect = bea.begin(&everything()).await.expect("consent created");
        auth.set_misbehaviour(misbehaviour);
        let callback = visit(&redirect.url).await;
        let result = bea.complete(&callback).await;
        match expected {
            None => assert!(
                matches!(result, Err(AccessError::UnknownAuthorization)),
                "{misbehaviour:?}: {result:?}"
            ),
            Some(kind) => assert_eq!(
                auth_kind(&result),
                Some(kind),
                "{misbehaviour:?}: {result:?}"
            ),
        }
        let record = store
            .consent("bea", &redirect.consent.id)
            .await
            .unwrap()
            .expect("the consent is kept");
        assert!(record.tokens.is_none(), "{misbehaviour:?}: no tokens kept");
        let session = bea.session(&redirect.consent.id).await;
        assert!(
            matches!(session, Err(AccessError::ConsentNotUsable { .. })),
            "{misbehaviour:?}: no session: {session:?}"
        );
    }
}

#[tokio::test]
async fn a_discovery_document_for_another_issuer_is_refused_at_connect() {
    let mock = mock(&["bea"]).await;
    mock.bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth")
        .set_misbehaviour(Misbehaviour::DiscoveryIssuerMismatch);
    let profile = hkob_banks::mock_profiles_of(&mock, &["bea"])
        .pop()
        .expect("profile");
    let result = hkob_accounts::AccountAccess::connect(
        profile,
        hkob_accounts::AccessOptions::new(REDIRECT),
        Arc::new(MemoryStore::new()),
    )
    .await;
    assert_eq!(
        auth_kind(&result),
        Some(AuthErrorKind::Discovery),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_rotated_signing_key_and_decoy_keys_still_verify() {
    let mock = mock(&["bea"]).await;
    auto_approve(&mock, "bea", CUSTOMER);
    let auth = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth");
    let bea = access(&mock, "bea", Arc::new(MemoryStore::new())).await;
    // The keys are cached by a first approval, then the bank rotates.
    let first = bea.begin(&everything()).await.expect("consent");
    bea.complete(&visit(&first.url).await)
        .await
        .expect("approved");
    auth.rotate_signing_key().expect("rotated");
    auth.set_misbehaviour(Misbehaviour::JwksDecoyKeys);
    let second = bea.begin(&everything()).await.expect("consent");
    let consent = bea
        .complete(&visit(&second.url).await)
        .await
        .expect("verified with the new key");
    assert_eq!(consent.status, ConsentStatus::Authorised);
}

#[tokio::test]
async fn refresh_rotates_the_stored_token_and_a_reused_refresh_token_is_refused() {
    let mock = mock(&["bea"]).await;
    auto_approve(&mock, "bea", CUSTOMER);
    let auth = mock
        .bank("bea")
        .and_then(|b| b.auth_server())
        .expect("auth");
    let store = Arc::new(MemoryStore::new());
    let bea = access(&mock, "bea", store.clone()).await;
    let redirect = bea.begin(&everything()).await.expect("consent");
    let consent = bea
        .complete(&visit(&redirect.url).await)
        .await
        .expect("approved");
    let refresh_of = |record: Option<hkob_accounts::ConsentRecord>| {
        record
            .and_then(|r| r.tokens)
            .and_then(|t| t.refresh_token)
            .map(|r| r.expose().clone())
            .expect("a refresh token")
    };
    let before = refresh_of(store.consent("bea", &consent.id).await.unwrap());

    let session = bea.session(&consent.id).await.expect("session");
    assert!(
        auth.expire_tokens(None) > 0,
        "the access token expires at the bank"
    );
    let accounts: Vec<_> = session
        .accounts()
        .try_collect()
        .await
        .expect("read after refresh");
    assert!(!accounts.is_empty());
    let after = refresh_of(store.consent("bea", &consent.id).await.unwrap());
    assert_ne!(before, after, "the rotated refresh token is stored");

    // Someone replays the old refresh token: the bank refuses it (and ends the consent).
    let token_url = bea.metadata().token_endpoint.clone();
    let replay = reqwest::Client::new()
        .post(token_url)
        .basic_auth(
            hkob_mock_bank::DEFAULT_CLIENT_ID,
            Some(hkob_mock_bank::DEFAULT_CLIENT_SECRET),
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("grant_type", "refresh_token")
                .append_pair("refresh_token", &before)
                .finish(),
        )
        .send()
        .await
        .expect("sent");
    assert_eq!(replay.status(), 400, "a reused refresh token is refused");
    let body: serde_json::Value =
        serde_json::from_slice(&replay.bytes().await.expect("a body")).expect("OAuth error JSON");
    assert_eq!(body["error"], "invalid_grant");
}
