//! Faults the server can be told to commit, so that client tests can check
//! that a client notices them.

use std::fmt;
use std::str::FromStr;

/// One way the server can misbehave. Turn it on with
/// [`super::AuthServer::set_misbehaviour`], or for one request by putting
/// [`RequestMisbehaviours`] in the request's extensions.
///
/// Each has a kebab-case name ([`Misbehaviour::name`], [`FromStr`]) for admin
/// APIs and scenario headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Misbehaviour {
    /// `wrong-state`: the authorization response carries another `state`.
    WrongState,
    /// `missing-state`: the authorization response has no `state`.
    MissingState,
    /// `wrong-iss`: the authorization response `iss` (RFC 9207) is not the issuer.
    WrongIssuer,
    /// `missing-iss`: the authorization response has no `iss`.
    MissingIssuer,
    /// `wrong-nonce`: the ID token's `nonce` differs from the request's.
    WrongNonce,
    /// `missing-nonce`: the ID token has no `nonce`.
    MissingNonce,
    /// `wrong-id-token-iss`: the ID token's `iss` is not the issuer.
    WrongIdTokenIssuer,
    /// `wrong-id-token-aud`: the ID token's `aud` is another client.
    WrongIdTokenAudience,
    /// `bad-id-token-signature`: the ID token's signature is corrupted.
    BadIdTokenSignature,
    /// `id-token-alg-none`: the ID token is unsigned (`alg: none`).
    IdTokenAlgNone,
    /// `expired-id-token`: the ID token's `exp` is six minutes past.
    ExpiredIdToken,
    /// `wrong-c-hash`: the ID token's `c_hash` does not match the code.
    WrongCHash,
    /// `wrong-s-hash`: the ID token's `s_hash` does not match the state.
    WrongSHash,
    /// `expired-access-token`: issued access tokens are already expired when
    /// presented (the token response still claims a normal lifetime).
    ExpiredAccessToken,
    /// `revoked-access-token`: issued access tokens are already revoked.
    RevokedAccessToken,
    /// `discovery-issuer-mismatch`: discovery names another issuer.
    DiscoveryIssuerMismatch,
    /// `no-expires-in`: token responses omit `expires_in`.
    NoExpiresIn,
    /// `odd-case-token-type`: token responses say `bEARER`.
    OddCaseTokenType,
    /// `id-token-aud-array`: the ID token's `aud` is a one-element array
    /// (valid: a client must accept it).
    IdTokenAudienceArray,
    /// `id-token-untrusted-aud`: the ID token's `aud` also names an untrusted party.
    IdTokenUntrustedAudience,
    /// `missing-id-token-iss`: the ID token has no `iss`.
    MissingIdTokenIssuer,
    /// `missing-id-token-aud`: the ID token has no `aud`.
    MissingIdTokenAudience,
    /// `missing-id-token-exp`: the ID token has no `exp`.
    MissingIdTokenExp,
    /// `id-token-iat-week-past`: the ID token's `iat` is a week ago.
    IdTokenIatWeekInPast,
    /// `future-id-token-iat`: the ID token's `iat` is ten minutes ahead.
    FutureIdTokenIat,
    /// `missing-c-hash`: the ID token has no `c_hash`.
    MissingCHash,
    /// `missing-s-hash`: the ID token has no `s_hash`.
    MissingSHash,
    /// `wrong-consent-id`: the ID token's `consent_id` /
    /// `openbanking_intent_id` is not the consent that was authorised.
    WrongConsentId,
    /// `jwks-decoy-keys`: the JWKS also holds a key that signs nothing.
    JwksDecoyKeys,
    /// `payment-signature-tampered`: the `x-jws-signature` of signed (Phase II and IV)
    /// answers has its signature bytes altered.
    PaymentSignatureTampered,
    /// `payment-signature-wrong-kid`: signed (Phase II and IV) answers are signed by another
    /// key, under a `kid` the JWKS does not hold.
    PaymentSignatureWrongKid,
    /// `payment-signature-unknown-crit`: the signature's `crit` also lists
    /// a header parameter (present in the header) no client understands.
    PaymentSignatureUnknownCrit,
    /// `payment-signature-missing`: signed (Phase II and IV) answers carry no `x-jws-signature`.
    PaymentSignatureMissing,
}

const ALL: &[(Misbehaviour, &str)] = &[
    (Misbehaviour::WrongState, "wrong-state"),
    (Misbehaviour::MissingState, "missing-state"),
    (Misbehaviour::WrongIssuer, "wrong-iss"),
    (Misbehaviour::MissingIssuer, "missing-iss"),
    (Misbehaviour::WrongNonce, "wrong-nonce"),
    (Misbehaviour::MissingNonce, "missing-nonce"),
    (Misbehaviour::WrongIdTokenIssuer, "wrong-id-token-iss"),
    (Misbehaviour::WrongIdTokenAudience, "wrong-id-token-aud"),
    (Misbehaviour::BadIdTokenSignature, "bad-id-token-signature"),
    (Misbehaviour::IdTokenAlgNone, "id-token-alg-none"),
    (Misbehaviour::ExpiredIdToken, "expired-id-token"),
    (Misbehaviour::WrongCHash, "wrong-c-hash"),
    (Misbehaviour::WrongSHash, "wrong-s-hash"),
    (Misbehaviour::ExpiredAccessToken, "expired-access-token"),
    (Misbehaviour::RevokedAccessToken, "revoked-access-token"),
    (
        Misbehaviour::DiscoveryIssuerMismatch,
        "discovery-issuer-mismatch",
    ),
    (Misbehaviour::NoExpiresIn, "no-expires-in"),
    (Misbehaviour::OddCaseTokenType, "odd-case-token-type"),
    (Misbehaviour::IdTokenAudienceArray, "id-token-aud-array"),
    (
        Misbehaviour::IdTokenUntrustedAudience,
        "id-token-untrusted-aud",
    ),
    (Misbehaviour::MissingIdTokenIssuer, "missing-id-token-iss"),
    (Misbehaviour::MissingIdTokenAudience, "missing-id-token-aud"),
    (Misbehaviour::MissingIdTokenExp, "missing-id-token-exp"),
    (Misbehaviour::IdTokenIatWeekInPast, "id-token-iat-week-past"),
    (Misbehaviour::FutureIdTokenIat, "future-id-token-iat"),
    (Misbehaviour::MissingCHash, "missing-c-hash"),
    (Misbehaviour::MissingSHash, "missing-s-hash"),
    (Misbehaviour::WrongConsentId, "wrong-consent-id"),
    (Misbehaviour::JwksDecoyKeys, "jwks-decoy-keys"),
    (
        Misbehaviour::PaymentSignatureTampered,
        "payment-signature-tampered",
    ),
    (
        Misbehaviour::PaymentSignatureWrongKid,
        "payment-signature-wrong-kid",
    ),
    (
        Misbehaviour::PaymentSignatureUnknownCrit,
        "payment-signature-unknown-crit",
    ),
    (
        Misbehaviour::PaymentSignatureMissing,
        "payment-signature-missing",
    ),
];

impl Misbehaviour {
    /// Every misbehaviour.
    pub fn all() -> impl Iterator<Item = Misbehaviour> {
        ALL.iter().map(|(m, _)| *m)
    }

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        ALL.iter()
            .find(|(m, _)| *m == self)
            .map(|(_, n)| *n)
            .unwrap_or("unknown")
    }
}

impl fmt::Display for Misbehaviour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no [`Misbehaviour`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMisbehaviour(pub String);

impl fmt::Display for UnknownMisbehaviour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown misbehaviour: {}", self.0)
    }
}

impl std::error::Error for UnknownMisbehaviour {}

impl FromStr for Misbehaviour {
    type Err = UnknownMisbehaviour;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ALL.iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(s.trim()))
            .map(|(m, _)| *m)
            .ok_or_else(|| UnknownMisbehaviour(s.to_owned()))
    }
}

/// Misbehaviours for one request only: insert into the request's extensions
/// (e.g. from a scenario header middleware) before it reaches the routes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestMisbehaviours(pub Vec<Misbehaviour>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in Misbehaviour::all() {
            assert_eq!(m.name().parse::<Misbehaviour>(), Ok(m));
        }
        assert!("no-such-thing".parse::<Misbehaviour>().is_err());
    }
}
