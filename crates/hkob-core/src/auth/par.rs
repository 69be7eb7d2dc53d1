//! Pushed authorization requests (RFC 9126): the authorization parameters go to the bank
//! directly, authenticated, and the customer's browser carries only a short-lived reference.

use base64::Engine;
use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use secrecy::ExposeSecret;
use serde::Deserialize;

use super::authorization_code::{AuthorizationCodeFlow, AuthorizationStart};
use super::oauth::{ClientAuth, parse_endpoint};
use crate::client::Client;
use crate::error::{AuthError, AuthErrorKind, Error};

#[derive(Deserialize)]
struct PushedAnswer {
    request_uri: String,
    #[serde(default)]
    #[allow(dead_code)]
    expires_in: Option<u64>,
}

impl AuthorizationCodeFlow {
    /// Starts an authorization as [`start_with`](Self::start_with) does, but pushes its
    /// parameters to the bank's pushed-authorization endpoint `par_endpoint` (from the
    /// discovery document) with the client's authentication: the URL to send the customer to
    /// then carries only `client_id` and the `request_uri` the bank answered with.
    pub async fn push(
        &self,
        client: &Client,
        par_endpoint: &str,
        extra: &[(&str, &str)],
    ) -> Result<AuthorizationStart, Error> {
        let endpoint = parse_endpoint(par_endpoint, "pushed authorization endpoint")?;
        let mut start = self.start_with(extra);
        let oauth = self.oauth_client();
        // The form serializer is not `Sync`: it lives in this block only, so that it is not held
        // across the await below and the future is `Send`.
        let (request, body) = {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for (name, value) in start.url.query_pairs() {
                form.append_pair(&name, &value);
            }
            let mut request = http::Request::post(endpoint.as_str())
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(http::header::ACCEPT, "application/json");
            match oauth.auth() {
                ClientAuth::SecretBasic(secret) => {
                    let pair = format!(
                        "{}:{}",
                        form_encode(oauth.client_id()),
                        form_encode(secret.expose_secret())
                    );
                    let basic = base64::engine::general_purpose::STANDARD.encode(pair);
                    request = request.header(AUTHORIZATION, format!("Basic {basic}"));
                }
                ClientAuth::SecretPost(secret) => {
                    form.append_pair("client_secret", secret.expose_secret());
                }
                ClientAuth::PrivateKeyJwt(_) | ClientAuth::TlsClientAuth | ClientAuth::None => {}
            }
            for (name, value) in oauth.assertion_params()? {
                form.append_pair(name, &value);
            }
            (request, Bytes::from(form.finish()))
        };
        let response = super::endpoint::call(
            client,
            request,
            body,
            "pushed authorization endpoint",
            AuthErrorKind::TokenRequest,
        )
        .await?;
        let status = response.status();
        let answer: PushedAnswer = serde_json::from_slice(response.body()).map_err(|e| {
            AuthError::new(
                AuthErrorKind::InvalidTokenResponse,
                format!("the pushed authorization answer has no request_uri: {e}"),
            )
            .with_status(Some(status))
        })?;
        let mut url = start.url.clone();
        url.set_query(None);
        url.query_pairs_mut()
            .append_pair("client_id", oauth.client_id())
            .append_pair("request_uri", &answer.request_uri);
        start.url = url;
        Ok(start)
    }
}

/// `application/x-www-form-urlencoded` encoding, as RFC 6749 §2.3.1 asks of Basic credentials.
fn form_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
