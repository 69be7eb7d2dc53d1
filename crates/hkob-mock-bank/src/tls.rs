//! Optional TLS and mutual TLS for the mock bank, with a throw-away PKI made
//! at start.
//!
//! [`TestPki::generate`] makes a CA and a server certificate for `127.0.0.1`,
//! `::1` and `localhost`; [`TestPki::issue_client_identity`] signs client
//! certificates with the same CA. [`serve`] runs an axum [`Router`] over
//! TLS; with [`ClientAuth::Required`] a client must present a certificate
//! that chains to the CA, and the handlers see it as a [`ClientCertificate`]
//! request extension.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use hkob_mock_bank::{ClientAuth, TestPki, serve_tls as serve};
//!
//! let pki = TestPki::generate()?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let config = pki.server_config(ClientAuth::Required)?;
//! let router = axum::Router::new();
//! tokio::spawn(serve(listener, config, router, std::future::pending()));
//! let identity = pki.issue_client_identity("tsp-one")?;
//! // A client trusts pki.ca_pem() and presents identity.to_pem().
//! # let _ = identity; Ok(()) }
//! ```

use std::fmt;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::RootCertStore;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::WebPkiClientVerifier;
use tokio::net::TcpListener;
use tower_service::Service;

/// How long a client may take to finish the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Why TLS material or configuration could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlsError {
    /// A key or certificate could not be generated.
    Certificate(String),
    /// The rustls configuration was refused.
    Config(String),
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Certificate(s) => write!(f, "certificate: {s}"),
            Self::Config(s) => write!(f, "TLS configuration: {s}"),
        }
    }
}

impl std::error::Error for TlsError {}

fn cert_err(e: impl fmt::Display) -> TlsError {
    TlsError::Certificate(e.to_string())
}

fn config_err(e: impl fmt::Display) -> TlsError {
    TlsError::Config(e.to_string())
}

/// Whether the server asks for client certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientAuth {
    /// Plain TLS: no client certificate.
    None,
    /// A client certificate is checked if one is sent, but not required.
    Optional,
    /// Mutual TLS: the handshake fails without a certificate from the CA.
    Required,
}

/// A client certificate and its private key, signed by a [`TestPki`]'s CA.
#[derive(Clone)]
pub struct ClientIdentity {
    common_name: String,
    cert_der: Vec<u8>,
    cert_pem: String,
    key_pem: String,
}

impl fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientIdentity")
            .field("common_name", &self.common_name)
            .field("key_pem", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl ClientIdentity {
    /// The certificate's common name.
    pub fn common_name(&self) -> &str {
        &self.common_name
    }

    /// The certificate, PEM.
    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// The certificate, DER.
    pub fn cert_der(&self) -> &[u8] {
        &self.cert_der
    }

    /// The private key, PKCS#8 PEM.
    pub fn key_pem(&self) -> &str {
        &self.key_pem
    }

    /// Certificate and key in one PEM text, as `reqwest::Identity::from_pem` takes it.
    pub fn to_pem(&self) -> String {
        format!("{}{}", self.cert_pem, self.key_pem)
    }
}

/// The client certificate a connection presented (DER of the leaf), put in
/// each request's extensions by [`serve`] when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCertificate(pub Vec<u8>);

impl ClientCertificate {
    /// The certificate's SHA-256 thumbprint, base64url (`x5t#S256`, RFC 8705).
    pub fn thumbprint(&self) -> String {
        certificate_thumbprint(&self.0)
    }
}

/// The SHA-256 thumbprint of a DER certificate, base64url without padding
/// (`x5t#S256`, RFC 8705 §3.1).
pub fn certificate_thumbprint(der: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(ring::digest::digest(&ring::digest::SHA256, der).as_ref())
}

/// A throw-away PKI: a CA, a server certificate for the loopback names,
/// and client certificates on demand.
pub struct TestPki {
    ca: Issuer<'static, KeyPair>,
    ca_pem: String,
    ca_der: CertificateDer<'static>,
    server_cert: CertificateDer<'static>,
    server_cert_pem: String,
    server_key: Vec<u8>,
}

impl fmt::Debug for TestPki {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestPki").finish_non_exhaustive()
    }
}

impl TestPki {
    /// Makes a CA (ECDSA P-256) and a server certificate for `127.0.0.1`,
    /// `::1` and `localhost`.
    pub fn generate() -> Result<Self, TlsError> {
        let mut ca_params = CertificateParams::new(Vec::new()).map_err(cert_err)?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "hkob mock bank test CA");
        ca_params
            .distinguished_name
            .push(DnType::OrganizationName, "hkob");
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(cert_err)?;
        let ca_cert = ca_params.self_signed(&ca_key).map_err(cert_err)?;
        let ca = Issuer::new(ca_params, ca_key);

        let mut server_params =
            CertificateParams::new(vec!["localhost".to_owned()]).map_err(cert_err)?;
        server_params.subject_alt_names.extend([
            SanType::IpAddress(std::net::IpAddr::from([127, 0, 0, 1])),
            SanType::IpAddress(std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST)),
        ]);
        server_params
            .distinguished_name
            .push(DnType::CommonName, "hkob mock bank");
        server_params.use_authority_key_identifier_extension = true;
        server_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let server_key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(cert_err)?;
        let server_cert = server_params
            .signed_by(&server_key, &ca)
            .map_err(cert_err)?;

        Ok(Self {
            ca,
            ca_pem: ca_cert.pem(),
            ca_der: ca_cert.der().clone(),
            server_cert_pem: server_cert.pem(),
            server_cert: server_cert.der().clone(),
            server_key: server_key.serialize_der(),
        })
    }

    /// The CA certificate, PEM: what clients trust.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// The CA certificate, DER.
    pub fn ca_der(&self) -> &[u8] {
        self.ca_der.as_ref()
    }

    /// The server certificate, PEM.
    pub fn server_cert_pem(&self) -> &str {
        &self.server_cert_pem
    }

    /// Issues a client certificate (ECDSA P-256, client-auth usage) with
    /// this common name, signed by the CA.
    pub fn issue_client_identity(&self, common_name: &str) -> Result<ClientIdentity, TlsError> {
        let mut params = CertificateParams::new(Vec::new()).map_err(cert_err)?;
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        params.use_authority_key_identifier_extension = true;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(cert_err)?;
        let cert = params.signed_by(&key, &self.ca).map_err(cert_err)?;
        Ok(ClientIdentity {
            common_name: common_name.to_owned(),
            cert_der: cert.der().to_vec(),
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        })
    }

    /// A rustls server configuration with the server certificate, TLS 1.2
    /// and 1.3 (ring provider), ALPN `http/1.1`, and the given client
    /// certificate policy.
    pub fn server_config(
        &self,
        client_auth: ClientAuth,
    ) -> Result<Arc<rustls::ServerConfig>, TlsError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(config_err)?;
        let builder = match client_auth {
            ClientAuth::None => builder.with_no_client_auth(),
            ClientAuth::Optional | ClientAuth::Required => {
                let mut roots = RootCertStore::empty();
                roots.add(self.ca_der.clone()).map_err(config_err)?;
                let verifier =
                    WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider);
                let verifier = if client_auth == ClientAuth::Optional {
                    verifier.allow_unauthenticated()
                } else {
                    verifier
                };
                builder.with_client_cert_verifier(verifier.build().map_err(config_err)?)
            }
        };
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.server_key.clone()));
        let mut config = builder
            .with_single_cert(vec![self.server_cert.clone()], key)
            .map_err(config_err)?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

/// Serves `router` over TLS on `listener` until `shutdown` completes.
///
/// Each request carries [`ConnectInfo<std::net::SocketAddr>`] and, when the client
/// presented one, its [`ClientCertificate`]. Connections that fail the
/// handshake (for example without a required client certificate) are
/// closed. Connections already open when `shutdown` completes run to
/// their end.
pub async fn serve(
    listener: TcpListener,
    config: Arc<rustls::ServerConfig>,
    router: Router,
    shutdown: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // A failed accept (e.g. too many open files) is not fatal.
                Err(_) => continue,
            },
            () = &mut shutdown => return Ok(()),
        };
        let acceptor = acceptor.clone();
        let router = router.clone();
        tokio::spawn(async move {
            let Ok(Ok(tls)) =
                tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await
            else {
                return;
            };
            let certificate = tls
                .get_ref()
                .1
                .peer_certificates()
                .and_then(|certs| certs.first())
                .map(|c| ClientCertificate(c.as_ref().to_vec()));
            let service = hyper::service::service_fn(move |mut req: http::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(remote));
                if let Some(c) = &certificate {
                    req.extensions_mut().insert(c.clone());
                }
                router.clone().call(req)
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tls), service)
                .await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn pki_is_shareable_and_keys_are_redacted() {
        assert_send_sync::<TestPki>();
        let pki = TestPki::generate().unwrap();
        let id = pki.issue_client_identity("tsp").unwrap();
        assert!(id.to_pem().contains("BEGIN CERTIFICATE"));
        assert!(id.to_pem().contains("PRIVATE KEY"));
        assert!(!format!("{id:?}").contains("PRIVATE KEY"));
        assert!(pki.ca_pem().starts_with("-----BEGIN CERTIFICATE-----"));
    }
}
