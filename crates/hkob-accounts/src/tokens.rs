//! A customer's tokens between the store and the credentials that use them: refreshed once for
//! every process that shares the store, and each rotated refresh token stored by
//! compare-and-set.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use hkob_banks::BankAuthorizer;
use hkob_core::auth::{AccessToken, RefreshCoordination, TokenSet, UserCredentials};
use hkob_core::store::StateBackend;

use crate::model::BankId;
use crate::store::{ConsentStore, StoredTokens};

/// The customer's credentials for consent `consent_id` at `bank`, from `tokens`: each refresh
/// is stored in `store` by compare-and-set, and serialised under a lease in `leases` with every
/// process (and every session) that shares it, reading the latest tokens from `store`.
pub(crate) fn credentials(
    authorizer: &BankAuthorizer,
    store: &Arc<dyn ConsentStore>,
    leases: &Arc<dyn StateBackend>,
    bank: &BankId,
    consent_id: &str,
    tokens: &StoredTokens,
) -> UserCredentials {
    let persist = {
        let (store, bank, consent) = (store.clone(), bank.clone(), consent_id.to_owned());
        move |used: Option<String>, tokens: TokenSet| {
            let (store, bank, consent) = (store.clone(), bank.clone(), consent.clone());
            Box::pin(async move {
                let replaced = store
                    .replace_tokens(
                        bank.as_str(),
                        &consent,
                        used.as_deref(),
                        stored(&tokens, used.as_deref()),
                    )
                    .await?;
                if replaced {
                    Ok(())
                } else {
                    Err("the stored refresh token changed meanwhile; kept the newer one".into())
                }
            }) as hkob_core::auth::PersistFuture
        }
    };
    let latest = {
        let (store, bank, consent) = (store.clone(), bank.clone(), consent_id.to_owned());
        move || {
            let (store, bank, consent) = (store.clone(), bank.clone(), consent.clone());
            Box::pin(async move {
                let record = store.consent(bank.as_str(), &consent).await?;
                Ok(record.and_then(|r| r.tokens).map(|t| token_set(&t)))
            }) as hkob_core::auth::LatestTokensFuture
        }
    };
    let lease_id = format!("accounts/{}/{consent_id}", bank.as_str());
    authorizer
        .user_credentials(token_set(tokens))
        .persist_with(persist)
        .coordinate_with(RefreshCoordination::new(leases.clone(), lease_id, latest))
}

/// The token set of stored tokens, the access token's expiry counted from now.
fn token_set(tokens: &StoredTokens) -> TokenSet {
    let lifetime = tokens.access_expires_at.map(|at| {
        at.signed_duration_since(Utc::now())
            .to_std()
            .unwrap_or(Duration::ZERO)
    });
    TokenSet::new(
        AccessToken::new(tokens.access_token.expose().clone(), lifetime),
        tokens.refresh_token.as_ref().map(|r| r.expose().clone()),
        None,
    )
}

/// The tokens to store from a token answer; a refresh answer without a new refresh token keeps
/// the one used.
pub(crate) fn stored(tokens: &TokenSet, used_refresh: Option<&str>) -> StoredTokens {
    let access = tokens.access_token();
    let expires_at = access.expires_at().and_then(|at| {
        let left = at.saturating_duration_since(tokio::time::Instant::now());
        chrono::Duration::from_std(left)
            .ok()
            .and_then(|left| Utc::now().checked_add_signed(left))
    });
    StoredTokens::new(
        access.secret(),
        expires_at,
        tokens.refresh_token().or(used_refresh).map(str::to_owned),
    )
}
