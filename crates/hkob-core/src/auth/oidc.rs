//! OpenID Connect and FAPI client pieces: what a TSP needs to trust a bank's identity layer
//! before it reads a customer's data or moves their money.
//!
//! 1. [`ProviderMetadata::discover`] reads the bank's discovery document from its issuer; the
//!    document's `issuer` must be exactly the configured one, and only its endpoints are used.
//! 2. [`Jwks`] fetches and caches the bank's signing keys; a token signed with a key id the
//!    cache does not know makes it fetch the set once more (key rotation), and a key the set
//!    does not hold is never trusted (keys named in a token's own header are ignored).
//! 3. [`IdTokenVerifier`] validates an ID token: the signature under an allowed algorithm
//!    (PS256 and ES256 by default; never `none`), `iss`, `aud` (and `azp` when there are several
//!    audiences), `exp`, `iat` within a skew and a maximum age, the `nonce`, `c_hash`, `s_hash` and
//!    `at_hash` when present or required, and a check of the caller's own (the bank's consent-id
//!    claim).
//!
//! ```no_run
//! use hkob_core::Client;
//! use hkob_core::auth::oidc::{IdTokenChecks, IdTokenVerifier, Jwks, ProviderMetadata};
//!
//! # async fn run(client: Client, id_token: &str, code: &str) -> Result<(), hkob_core::Error> {
//! let bank = ProviderMetadata::discover(&client, "https://sandbox.ob.hsbc.com.hk").await?;
//! let keys = Jwks::new(&client, &bank.jwks_uri)?;
//! let verifier = IdTokenVerifier::new(&bank, "my-client-id", keys);
//! let claims = verifier
//!     .verify(id_token, &IdTokenChecks::new("the-nonce-sent").code(code))
//!     .await?;
//! println!("customer {}", claims.subject());
//! # Ok(()) }
//! ```

mod discovery;
mod fetch;
mod id_token;
mod jwks;
mod registration;

pub use discovery::{MtlsEndpointAliases, ProviderMetadata};
pub use id_token::{IdTokenChecks, IdTokenClaims, IdTokenVerifier};
pub use jwks::{Jwks, KeySetFuture};
pub use registration::{ClientRegistration, Registrar, RegistrationRequest};
