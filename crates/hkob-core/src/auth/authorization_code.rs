//! The authorization-code flow with PKCE (S256), for customer consent.

use std::fmt;

use oauth2::{AuthUrl, CsrfToken, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope};
use secrecy::{ExposeSecret, SecretString};

use super::oauth::{OAuthClient, OauthHttp, parse_endpoint, token_set};
use super::token::TokenSet;
use crate::client::Client;
use crate::error::{AuthError, AuthErrorKind, Error, InvalidRequest};

/// The authorization-code flow at one bank, for one redirect URI.
///
/// 1. [`start`](Self::start) gives the URL to send the customer to, and a
///    [`PendingAuthorization`] (state, nonce, PKCE verifier) to keep until
///    they come back;
/// 2. [`validate_callback`](Self::validate_callback) checks the redirect
///    (`state`, `iss`, `error`) before anything is sent to the bank;
/// 3. [`exchange`](Self::exchange) trades the code for tokens.
///
/// ```
/// use hkob_core::auth::{AuthorizationCodeFlow, ClientAuth, OAuthClient};
///
/// let registration = OAuthClient::new(
///     "tsp-client",
///     "https://bank.example/oauth/token",
///     ClientAuth::secret_basic("secret"),
/// )?;
/// let flow = AuthorizationCodeFlow::new(
///     registration,
///     "https://bank.example/oauth/authorize",
///     "https://tsp.example/callback",
/// )?
/// .issuer("https://bank.example")
/// .scope("openid")
/// .scope("accounts");
/// let start = flow.start();
/// assert!(start.url.as_str().contains("code_challenge_method=S256"));
/// # Ok::<(), hkob_core::error::InvalidRequest>(())
/// ```
#[derive(Debug, Clone)]
pub struct AuthorizationCodeFlow {
    oauth: OAuthClient,
    authorize_url: url::Url,
    redirect_url: url::Url,
    issuer: Option<String>,
    scopes: Vec<String>,
}

/// Where to send the customer, and what to keep until they return.
pub struct AuthorizationStart {
    /// The bank's authorization URL, with every parameter set.
    pub url: url::Url,
    /// The values to check the callback against and to finish the exchange.
    pub pending: PendingAuthorization,
}

impl fmt::Debug for AuthorizationStart {
    /// Shows the endpoint only: the query carries `state` and `nonce`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut endpoint = self.url.clone();
        endpoint.set_query(None);
        f.debug_struct("AuthorizationStart")
            .field("url", &endpoint.as_str())
            .field("pending", &self.pending)
            .finish()
    }
}

/// The secrets of one authorization in progress: keep them server-side
/// (for example in the customer's session) until the callback.
pub struct PendingAuthorization {
    state: SecretString,
    nonce: SecretString,
    verifier: SecretString,
}

impl PendingAuthorization {
    /// Rebuilds a pending authorization from stored values.
    pub fn from_parts(state: String, nonce: String, pkce_verifier: String) -> Self {
        Self {
            state: state.into(),
            nonce: nonce.into(),
            verifier: pkce_verifier.into(),
        }
    }

    /// The `state` sent.
    pub fn state(&self) -> &str {
        self.state.expose_secret()
    }

    /// The `nonce` sent; the ID token must carry it.
    pub fn nonce(&self) -> &str {
        self.nonce.expose_secret()
    }

    /// The PKCE verifier; it goes to the bank only with the code.
    pub fn pkce_verifier(&self) -> &str {
        self.verifier.expose_secret()
    }
}

impl fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PendingAuthorization([redacted])")
    }
}

/// An authorization code from a validated callback.
pub struct AuthorizationCode(SecretString);

impl AuthorizationCode {
    /// The code. It is single-use and short-lived.
    pub fn secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for AuthorizationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthorizationCode([redacted])")
    }
}

impl AuthorizationCodeFlow {
    /// A flow for `oauth` at `authorize_url`, returning to `redirect_url`.
    pub fn new(
        oauth: OAuthClient,
        authorize_url: &str,
        redirect_url: &str,
    ) -> Result<Self, InvalidRequest> {
        Ok(Self {
            oauth,
            authorize_url: parse_endpoint(authorize_url, "authorization URL")?,
            redirect_url: url::Url::parse(redirect_url).map_err(|e| {
                InvalidRequest::new(format!(
                    "the redirect URL `{redirect_url}` is not a URL: {e}"
                ))
            })?,
            issuer: None,
            scopes: Vec::new(),
        })
    }

    /// The bank's issuer identifier: the callback's `iss` must equal it
    /// (RFC 9207), which defeats mix-up attacks.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Asks for `scope` (call again for more scopes).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    /// The registration this flow uses.
    pub fn oauth_client(&self) -> &OAuthClient {
        &self.oauth
    }

    /// Starts an authorization with fresh `state`, `nonce` and PKCE verifier.
    pub fn start(&self) -> AuthorizationStart {
        self.start_with(&[])
    }

    /// Starts an authorization with extra parameters, such as
    /// `("consent_id", id)` for a consent resource.
    pub fn start_with(&self, extra: &[(&str, &str)]) -> AuthorizationStart {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let nonce = CsrfToken::new_random();
        let client = self
            .oauth
            .client()
            .set_auth_uri(AuthUrl::from_url(self.authorize_url.clone()))
            .set_redirect_uri(RedirectUrl::from_url(self.redirect_url.clone()));
        let mut request = client
            .authorize_url(CsrfToken::new_random)
            .add_scopes(self.scopes.iter().cloned().map(Scope::new))
            .set_pkce_challenge(challenge)
            .add_extra_param("nonce", nonce.secret().clone());
        for (name, value) in extra {
            request = request.add_extra_param(*name, *value);
        }
        let (url, state) = request.url();
        AuthorizationStart {
            url,
            pending: PendingAuthorization {
                state: state.secret().clone().into(),
                nonce: nonce.secret().clone().into(),
                verifier: verifier.secret().clone().into(),
            },
        }
    }

    /// Checks the redirect the customer came back with: the full callback
    /// URL or its query string. `state` must match, `iss` must be the
    /// bank's (when an issuer is configured), and an `error` is reported as
    /// [`AuthErrorKind::AuthorizationDenied`].
    pub fn validate_callback(
        &self,
        pending: &PendingAuthorization,
        callback: &str,
    ) -> Result<AuthorizationCode, AuthError> {
        let query = match url::Url::parse(callback) {
            Ok(url) => url.query().unwrap_or_default().to_owned(),
            Err(_) => callback.trim_start_matches('?').to_owned(),
        };
        let mut state = None;
        let mut iss = None;
        let mut code = None;
        let mut error = None;
        let mut description = None;
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let slot = match key.as_ref() {
                "state" => &mut state,
                "iss" => &mut iss,
                "code" => &mut code,
                "error" => &mut error,
                "error_description" => &mut description,
                _ => continue,
            };
            if slot.replace(value.into_owned()).is_some() {
                return Err(AuthError::new(
                    AuthErrorKind::MalformedCallback,
                    format!("the callback repeats `{key}`"),
                ));
            }
        }
        let Some(state) = state else {
            return Err(AuthError::new(
                AuthErrorKind::MalformedCallback,
                "the callback has no `state`",
            ));
        };
        if !constant_time_eq(state.as_bytes(), pending.state().as_bytes()) {
            return Err(AuthError::new(
                AuthErrorKind::StateMismatch,
                "the callback's `state` is not the one sent",
            ));
        }
        if let Some(expected) = &self.issuer {
            match &iss {
                Some(iss) if iss == expected => {}
                Some(iss) => {
                    return Err(AuthError::new(
                        AuthErrorKind::IssuerMismatch,
                        format!("the callback's `iss` is `{iss}`, expected `{expected}`"),
                    ));
                }
                None => {
                    return Err(AuthError::new(
                        AuthErrorKind::IssuerMismatch,
                        "the callback has no `iss`",
                    ));
                }
            }
        }
        if let Some(error) = error {
            let message = description.unwrap_or_else(|| format!("authorization refused: {error}"));
            return Err(
                AuthError::new(AuthErrorKind::AuthorizationDenied, message).with_oauth_error(error)
            );
        }
        match code {
            Some(code) if !code.is_empty() => Ok(AuthorizationCode(code.into())),
            _ => Err(AuthError::new(
                AuthErrorKind::MalformedCallback,
                "the callback has no `code`",
            )),
        }
    }

    /// Trades a validated code for tokens, sending the PKCE verifier.
    pub async fn exchange(
        &self,
        client: &Client,
        code: AuthorizationCode,
        pending: PendingAuthorization,
    ) -> Result<TokenSet, Error> {
        let oauth = self
            .oauth
            .client()
            .set_redirect_uri(RedirectUrl::from_url(self.redirect_url.clone()));
        let mut request = oauth
            .exchange_code(oauth2::AuthorizationCode::new(code.secret().to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier().to_owned()));
        for (name, value) in self.oauth.assertion_params()? {
            request = request.add_extra_param(name, value);
        }
        let http = OauthHttp::new(client.transport().clone());
        let response = request
            .request_async(&http)
            .await
            .map_err(|e| http.error(e))?;
        Ok(token_set(response))
    }
}

/// Compares two byte strings in time that depends only on their lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::ClientAuth;

    fn flow() -> AuthorizationCodeFlow {
        let oauth = OAuthClient::new("c", "https://bank.example/token", ClientAuth::None).unwrap();
        AuthorizationCodeFlow::new(
            oauth,
            "https://bank.example/authorize",
            "https://tsp.example/cb",
        )
        .unwrap()
        .issuer("https://bank.example")
        .scope("openid")
    }

    #[test]
    fn start_sends_s256_state_and_nonce() {
        let start = flow().start_with(&[("consent_id", "c-1")]);
        let pairs: std::collections::HashMap<_, _> = start.url.query_pairs().into_owned().collect();
        assert_eq!(pairs["code_challenge_method"], "S256");
        assert_eq!(pairs["state"], start.pending.state());
        assert_eq!(pairs["nonce"], start.pending.nonce());
        assert_eq!(pairs["consent_id"], "c-1");
        assert_eq!(pairs["response_type"], "code");
        assert!(!pairs.values().any(|v| v == start.pending.pkce_verifier()));
        let again = flow().start();
        assert_ne!(again.pending.state(), start.pending.state());
        assert_ne!(again.pending.nonce(), start.pending.nonce());
    }

    #[test]
    fn callback_checks_state_issuer_and_error() {
        let f = flow();
        let p = f.start().pending;
        let ok = format!(
            "https://tsp.example/cb?code=abc&state={}&iss=https%3A%2F%2Fbank.example",
            p.state()
        );
        assert_eq!(f.validate_callback(&p, &ok).unwrap().secret(), "abc");

        let kind = |cb: String| f.validate_callback(&p, &cb).unwrap_err().kind();
        assert_eq!(
            kind("code=abc&state=wrong&iss=https%3A%2F%2Fbank.example".into()),
            AuthErrorKind::StateMismatch
        );
        assert_eq!(
            kind(format!(
                "code=abc&state={}&iss=https%3A%2F%2Fevil.example",
                p.state()
            )),
            AuthErrorKind::IssuerMismatch
        );
        assert_eq!(
            kind(format!("code=abc&state={}", p.state())),
            AuthErrorKind::IssuerMismatch
        );
        assert_eq!(
            kind(format!(
                "error=access_denied&state={}&iss=https%3A%2F%2Fbank.example",
                p.state()
            )),
            AuthErrorKind::AuthorizationDenied
        );
        assert_eq!(
            kind(format!(
                "state={}&iss=https%3A%2F%2Fbank.example",
                p.state()
            )),
            AuthErrorKind::MalformedCallback
        );
        assert_eq!(kind("code=abc".into()), AuthErrorKind::MalformedCallback);
        assert_eq!(
            kind(format!(
                "code=a&code=b&state={}&iss=https%3A%2F%2Fbank.example",
                p.state()
            )),
            AuthErrorKind::MalformedCallback
        );
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let start = flow().start();
        let shown = format!("{:?}", start.pending);
        assert!(!shown.contains(start.pending.state()));
        assert!(!shown.contains(start.pending.pkce_verifier()));
    }
}
