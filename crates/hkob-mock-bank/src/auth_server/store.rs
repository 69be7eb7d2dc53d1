//! The server's state: pending logins, codes, tokens, consents and seen
//! assertion ids. One mutex guards it; every operation is short.

use std::collections::{HashMap, HashSet};

use super::consent::{Consent, ConsentStatus};
use super::error::AuthFailure;
use super::random;

/// What a token or code was granted for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Grant {
    pub(super) client_id: String,
    pub(super) scopes: Vec<String>,
    pub(super) consent_id: Option<String>,
    /// The customer's id (the ID token `sub`), when a person authorised.
    pub(super) customer: Option<String>,
    pub(super) accounts: Vec<String>,
    /// Thumbprint of the client certificate the token is bound to.
    pub(super) certificate: Option<String>,
}

/// What [`super::AuthServer::check_bearer`] tells a resource endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenInfo {
    /// The client the token was issued to.
    pub client_id: String,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// The consent the token is bound to.
    pub consent_id: Option<String>,
    /// The customer id of the person who authorised (`None` for client
    /// credentials).
    pub customer_id: Option<String>,
    /// Accounts (and credit cards) the token may read: those the customer
    /// chose for the consent, or the customer's own when there is no consent.
    pub account_ids: Vec<String>,
    /// When the token expires (seconds since the Unix epoch, server clock).
    pub expires_at: i64,
    /// The SHA-256 thumbprint (`x5t#S256`) of the client certificate the
    /// token is bound to, if it was issued over mutual TLS.
    pub certificate_thumbprint: Option<String>,
}

impl TokenInfo {
    /// Whether the token carries `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// Fails with [`AuthFailure::InsufficientScope`] unless the token carries `scope`.
    pub fn require_scope(&self, scope: &str) -> Result<(), AuthFailure> {
        if self.has_scope(scope) {
            Ok(())
        } else {
            Err(AuthFailure::InsufficientScope {
                required: scope.to_owned(),
            })
        }
    }
}

#[derive(Debug)]
struct AccessToken {
    grant: Grant,
    family: Option<String>,
    expires_at: i64,
    revoked: bool,
}

/// A refresh token and the authorization it continues.
#[derive(Debug, Clone)]
pub(super) struct RefreshToken {
    pub(super) grant: Grant,
    pub(super) family: String,
    pub(super) expires_at: i64,
    pub(super) used: bool,
    pub(super) auth_time: i64,
}

/// An issued authorization code.
#[derive(Debug, Clone)]
pub(super) struct AuthorizationCode {
    pub(super) grant: Grant,
    pub(super) redirect_uri: String,
    pub(super) code_challenge: String,
    pub(super) nonce: Option<String>,
    pub(super) state: Option<String>,
    pub(super) expires_at: i64,
    pub(super) auth_time: i64,
}

/// A validated authorize request waiting for the person's decision.
#[derive(Debug, Clone)]
pub(super) struct PendingAuthorization {
    pub(super) client_id: String,
    pub(super) redirect_uri: String,
    pub(super) scopes: Vec<String>,
    pub(super) state: Option<String>,
    pub(super) nonce: Option<String>,
    pub(super) code_challenge: String,
    pub(super) consent_id: Option<String>,
    pub(super) login_hint: Option<String>,
    /// The customer id of the person who signed in on the page, once they have.
    pub(super) customer: Option<String>,
    pub(super) expires_at: i64,
}

/// What happened to a presented code.
pub(super) enum CodeLookup {
    Found(Box<AuthorizationCode>),
    Reused,
    Unknown,
}

/// What happened to a presented refresh token.
pub(super) enum RefreshLookup {
    Found(RefreshToken),
    /// A rotated token came back: its family is now revoked.
    Reused,
    Revoked,
    Expired,
    Unknown,
}

#[derive(Debug, Default)]
pub(super) struct Store {
    pending: HashMap<String, PendingAuthorization>,
    /// Pushed authorization requests by `request_uri`.
    pushed: HashMap<String, PendingAuthorization>,
    codes: HashMap<String, AuthorizationCode>,
    /// Spent codes and the family their tokens belong to.
    used_codes: HashMap<String, (String, i64)>,
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshToken>,
    revoked_families: HashSet<String>,
    consents: HashMap<String, Consent>,
    /// (client id, jti) of accepted client assertions, until their `exp`.
    assertion_jtis: HashMap<(String, String), i64>,
}

const SWEEP_AT: usize = 4096;
/// How long a used authorization code is remembered (to catch its reuse).
const USED_CODE_SECS: i64 = 24 * 3600;

impl Store {
    // --- pending logins -------------------------------------------------

    pub(super) fn add_pending(&mut self, pending: PendingAuthorization, now: i64) -> String {
        if self.pending.len() >= SWEEP_AT {
            self.pending.retain(|_, p| p.expires_at > now);
        }
        let id = random::token();
        self.pending.insert(id.clone(), pending);
        id
    }

    pub(super) fn pending(&self, id: &str, now: i64) -> Option<PendingAuthorization> {
        self.pending.get(id).filter(|p| p.expires_at > now).cloned()
    }

    pub(super) fn take_pending(&mut self, id: &str, now: i64) -> Option<PendingAuthorization> {
        self.pending.remove(id).filter(|p| p.expires_at > now)
    }

    /// Stores a pushed request; returns its `request_uri`.
    pub(super) fn add_pushed(&mut self, pending: PendingAuthorization, now: i64) -> String {
        if self.pushed.len() >= SWEEP_AT {
            self.pushed.retain(|_, p| p.expires_at > now);
        }
        let uri = format!("urn:ietf:params:oauth:request_uri:{}", random::token());
        self.pushed.insert(uri.clone(), pending);
        uri
    }

    /// Takes a pushed request out (a `request_uri` works once).
    pub(super) fn take_pushed(
        &mut self,
        request_uri: &str,
        now: i64,
    ) -> Option<PendingAuthorization> {
        self.pushed
            .remove(request_uri)
            .filter(|p| p.expires_at > now)
    }

    // --- codes ----------------------------------------------------------

    pub(super) fn add_code(&mut self, code: AuthorizationCode, now: i64) -> String {
        if self.codes.len() >= SWEEP_AT {
            self.codes.retain(|_, c| c.expires_at > now);
        }
        if self.used_codes.len() >= SWEEP_AT {
            self.used_codes.retain(|_, (_, exp)| *exp > now);
        }
        let value = random::token();
        self.codes.insert(value.clone(), code);
        value
    }

    /// Takes a code out (a code works once). A code seen before revokes the
    /// tokens it produced (RFC 6749 §4.1.2).
    pub(super) fn take_code(&mut self, code: &str, family: &str, now: i64) -> CodeLookup {
        if let Some((fam, _)) = self.used_codes.get(code) {
            let fam = fam.clone();
            self.revoke_family(&fam);
            return CodeLookup::Reused;
        }
        match self.codes.remove(code) {
            Some(c) => {
                self.used_codes.insert(
                    code.to_owned(),
                    (family.to_owned(), now.saturating_add(USED_CODE_SECS)),
                );
                CodeLookup::Found(Box::new(c))
            }
            None => CodeLookup::Unknown,
        }
    }

    // --- tokens ---------------------------------------------------------

    pub(super) fn issue_access_token(
        &mut self,
        grant: &Grant,
        family: Option<&str>,
        now: i64,
        expires_at: i64,
    ) -> String {
        if self.access.len() >= SWEEP_AT {
            self.access
                .retain(|_, t| t.expires_at.saturating_add(3600) > now);
        }
        let value = random::token();
        self.access.insert(
            value.clone(),
            AccessToken {
                grant: grant.clone(),
                family: family.map(str::to_owned),
                expires_at,
                revoked: false,
            },
        );
        value
    }

    pub(super) fn issue_refresh_token(&mut self, token: RefreshToken, now: i64) -> String {
        if self.refresh.len() >= SWEEP_AT {
            self.refresh.retain(|_, t| t.expires_at > now);
        }
        let value = random::token();
        self.refresh.insert(value.clone(), token);
        value
    }

    /// Marks an access token revoked (used by misbehaviours).
    pub(super) fn mark_access_revoked(&mut self, token: &str) {
        if let Some(t) = self.access.get_mut(token) {
            t.revoked = true;
        }
    }

    /// Looks up a refresh token of a client without spending it. A token
    /// already rotated revokes its family.
    pub(super) fn find_refresh_token(
        &mut self,
        token: &str,
        client_id: &str,
        now: i64,
    ) -> RefreshLookup {
        let Some(t) = self.refresh.get(token) else {
            return RefreshLookup::Unknown;
        };
        if t.grant.client_id != client_id {
            return RefreshLookup::Unknown;
        }
        let family = t.family.clone();
        if t.used {
            self.revoke_family(&family);
            return RefreshLookup::Reused;
        }
        if self.revoked_families.contains(&family) {
            return RefreshLookup::Revoked;
        }
        if t.expires_at <= now {
            return RefreshLookup::Expired;
        }
        RefreshLookup::Found(t.clone())
    }

    /// Spends a refresh token (rotation). False when it was already spent,
    /// by a request that raced this one; its family is then revoked.
    pub(super) fn spend_refresh_token(&mut self, token: &str) -> bool {
        let Some(t) = self.refresh.get_mut(token) else {
            return false;
        };
        if t.used {
            let family = t.family.clone();
            self.revoke_family(&family);
            return false;
        }
        t.used = true;
        true
    }

    fn revoke_family(&mut self, family: &str) {
        self.revoked_families.insert(family.to_owned());
    }

    pub(super) fn check_access_token(
        &mut self,
        token: &str,
        now: i64,
    ) -> Result<TokenInfo, AuthFailure> {
        self.check_access_token_with(token, now, |s| s == ConsentStatus::Authorised)
    }

    /// Like [`Store::check_access_token`], with the consent statuses that
    /// still let the token work.
    pub(super) fn check_access_token_with(
        &mut self,
        token: &str,
        now: i64,
        usable: impl Fn(ConsentStatus) -> bool,
    ) -> Result<TokenInfo, AuthFailure> {
        let t = self.access.get(token).ok_or(AuthFailure::UnknownToken)?;
        if t.revoked
            || t.family
                .as_ref()
                .is_some_and(|f| self.revoked_families.contains(f))
        {
            return Err(AuthFailure::RevokedToken);
        }
        if t.expires_at <= now {
            return Err(AuthFailure::ExpiredToken);
        }
        let grant = t.grant.clone();
        let expires_at = t.expires_at;
        let account_ids = match &grant.consent_id {
            Some(id) => {
                let consent =
                    self.consent(id, now)
                        .ok_or_else(|| AuthFailure::ConsentNotAuthorised {
                            consent_id: id.clone(),
                            status: ConsentStatus::Revoked,
                        })?;
                if !usable(consent.status) {
                    return Err(AuthFailure::ConsentNotAuthorised {
                        consent_id: id.clone(),
                        status: consent.status,
                    });
                }
                consent.account_ids
            }
            None => grant.accounts.clone(),
        };
        Ok(TokenInfo {
            client_id: grant.client_id,
            scopes: grant.scopes,
            consent_id: grant.consent_id,
            customer_id: grant.customer,
            account_ids,
            expires_at,
            certificate_thumbprint: grant.certificate,
        })
    }

    pub(super) fn expire_access_tokens(&mut self, client_id: Option<&str>, now: i64) -> usize {
        let mut n: usize = 0;
        for t in self.access.values_mut() {
            if client_id.is_none_or(|c| c == t.grant.client_id) && t.expires_at > now {
                t.expires_at = now;
                n = n.saturating_add(1);
            }
        }
        n
    }

    /// Revokes an access token, or a refresh token with its family.
    pub(super) fn revoke_token(&mut self, token: &str) -> bool {
        if let Some(t) = self.access.get_mut(token) {
            t.revoked = true;
            return true;
        }
        if let Some(family) = self.refresh.get(token).map(|t| t.family.clone()) {
            self.revoke_family(&family);
            return true;
        }
        false
    }

    /// The client a token (access or refresh) was issued to.
    pub(super) fn token_client(&self, token: &str) -> Option<&str> {
        self.access
            .get(token)
            .map(|t| t.grant.client_id.as_str())
            .or_else(|| self.refresh.get(token).map(|t| t.grant.client_id.as_str()))
    }

    // --- client assertions ----------------------------------------------

    /// Records a client assertion's `jti`; false when it was seen before
    /// (and has not yet expired).
    pub(super) fn record_assertion_jti(
        &mut self,
        client_id: &str,
        jti: &str,
        exp: i64,
        now: i64,
    ) -> bool {
        if self.assertion_jtis.len() >= SWEEP_AT {
            self.assertion_jtis.retain(|_, e| *e > now);
        }
        let key = (client_id.to_owned(), jti.to_owned());
        if self.assertion_jtis.get(&key).is_some_and(|e| *e > now) {
            return false;
        }
        self.assertion_jtis
            .insert(key, exp.max(now.saturating_add(1)));
        true
    }

    // --- consents -------------------------------------------------------

    pub(super) fn insert_consent(&mut self, consent: Consent) {
        self.consents.insert(consent.consent_id.clone(), consent);
    }

    /// A consent, moved to `Expired` first if its time has passed.
    pub(super) fn consent(&mut self, id: &str, now: i64) -> Option<Consent> {
        let c = self.consents.get_mut(id)?;
        c.expire_if_due(now);
        Some(c.clone())
    }

    /// Applies `change` to a consent (after expiry is applied) and returns it.
    pub(super) fn update_consent(
        &mut self,
        id: &str,
        now: i64,
        change: impl FnOnce(&mut Consent),
    ) -> Option<Consent> {
        let c = self.consents.get_mut(id)?;
        c.expire_if_due(now);
        change(c);
        Some(c.clone())
    }
}
