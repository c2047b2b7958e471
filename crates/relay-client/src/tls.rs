//! TLS to the relay, the client's half (the server's identity is in
//! `relay::tls`, which uses this module's provider and pin): rustls on the
//! `aws-lc-rs` provider (no OpenSSL).
//!
//! **The provider** ([`provider`]) is `aws-lc-rs`, rustls's default, for
//! the relay's clients and its server alike: it builds here with the C
//! compiler alone (no cmake or other Debian package), and it offers the
//! post-quantum hybrid key exchange (X25519MLKEM768) first, so traffic
//! recorded today on a boat's Wi-Fi stays private against a future quantum
//! computer. `ring` (rustls's other provider) has no post-quantum key
//! exchange, and rustls marks its default provider deprecated for that
//! reason; no FieldScreen crate asks for it.
//!
//! **The pin** ([`spki_sha256`]) is the SHA-256 of the certificate's
//! SubjectPublicKeyInfo (the DER of the public key and its algorithm, as
//! RFC 7469 pins it), 64 hex digits. It names the relay's key, not the
//! certificate: a renewed certificate for the same key keeps the pin, and a
//! self-signed certificate is trusted through the invite that carries it.
//! `relay serve` prints it; people compare its short form
//! ([`sync::team::pin_fingerprint`]).
//!
//! **The client** trusts a relay in one of two ways ([`Trust`]):
//!
//! - **Pinned** (every device of a team, and an admin who was given the
//!   relay's pin): the certificate's key must hash to one of the pins the
//!   invite or the team's membership log names. Nothing else about the
//!   certificate matters (a self-signed one is the usual case), but the
//!   handshake signature is still verified with the certificate's key
//!   through the provider's algorithms, so only the holder of the pinned
//!   key can answer.
//! - **Authorities** (an admin creating a team against a relay with a
//!   CA-issued certificate): the usual Web PKI check against Mozilla's
//!   roots (`webpki-roots`, built in, the same on every platform) or the
//!   given ones; the key seen is then pinned in the team's log.
//!
//! The verifier remembers what it saw ([`Seen`]), so a refusal can say
//! which key the relay showed, and a creation can pin it.
//!
//! **The server** (`relay::tls::load_identity`) reads its certificate
//! chain and key from PEM files (TLS 1.3 and 1.2, HTTP/1.1).

use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use sha2::{Digest, Sha256};
use sync::team::RelayPin;

/// Why a certificate, a key or a TLS configuration could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TlsError {
    /// Not a DER X.509 certificate.
    #[error("not a certificate")]
    BadCertificate,
    /// The client's TLS configuration could not be built.
    #[error("TLS configuration: {0}")]
    Config(String),
    /// A PEM file could not be read, or holds nothing usable.
    #[error("{path}: {reason}")]
    Pem {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// rustls refused the certificate and key (for example, they do not
    /// belong together).
    #[error("certificate and key: {0}")]
    Rustls(#[from] rustls::Error),
}

/// The SHA-256 of the certificate's SubjectPublicKeyInfo (DER): the pin
/// of a relay's key, as `relay serve` prints it and an invite carries it.
pub fn spki_sha256(cert_der: &[u8]) -> Result<RelayPin, TlsError> {
    let der = CertificateDer::from(cert_der);
    let cert = webpki::EndEntityCert::try_from(&der).map_err(|_| TlsError::BadCertificate)?;
    Ok(Sha256::digest(cert.subject_public_key_info().as_ref()).into())
}

/// The crypto provider of every TLS connection of FieldScreen, client and
/// server: `aws-lc-rs` with its default (post-quantum hybrid first) key
/// exchange.
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// Makes [`provider`] the process's default rustls provider (once; later
/// calls do nothing), for code that builds rustls configurations without
/// naming one. Nothing in FieldScreen needs it: [`client_config`] and
/// [`identity`] name theirs, and reqwest's own default is `aws-lc-rs`.
pub fn install_provider() {
    let _ = CryptoProvider::install_default((*provider()).clone());
}

/// How a client decides that it talks to the right relay.
#[derive(Debug, Clone)]
pub enum Trust {
    /// Exactly a certificate whose key hashes to one of these pins.
    Pinned(Vec<RelayPin>),
    /// A certificate chaining to one of these authorities, valid for the
    /// host name (see [`Trust::public_authorities`]).
    Authorities(Arc<RootCertStore>),
}

impl Trust {
    /// Mozilla's root authorities (built in).
    pub fn public_authorities() -> Self {
        let mut roots = RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        Trust::Authorities(Arc::new(roots))
    }
}

/// What the last handshake showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// The pin of the relay's certificate.
    pub pin: RelayPin,
    /// Whether it was accepted.
    pub accepted: bool,
}

/// The slot where a client's verifier leaves what it saw.
pub type SeenSlot = Arc<Mutex<Option<Seen>>>;

#[derive(Debug)]
struct Verifier {
    trust: Trust,
    webpki: Option<Arc<WebPkiServerVerifier>>,
    provider: Arc<CryptoProvider>,
    seen: SeenSlot,
}

impl Verifier {
    fn note(&self, pin: RelayPin, accepted: bool) {
        if let Ok(mut s) = self.seen.lock() {
            *s = Some(Seen { pin, accepted });
        }
    }
}

/// Compares two pins without an early exit.
fn same_pin(a: &RelayPin, b: &RelayPin) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let pin = spki_sha256(end_entity)
            .map_err(|_| rustls::Error::InvalidCertificate(CertificateError::BadEncoding))?;
        match (&self.trust, &self.webpki) {
            (Trust::Pinned(pins), _) => {
                let ok = pins.iter().any(|p| same_pin(p, &pin));
                self.note(pin, ok);
                if ok {
                    Ok(ServerCertVerified::assertion())
                } else {
                    Err(rustls::Error::InvalidCertificate(
                        CertificateError::ApplicationVerificationFailure,
                    ))
                }
            }
            (Trust::Authorities(_), Some(webpki)) => {
                let r = webpki.verify_server_cert(
                    end_entity,
                    intermediates,
                    server_name,
                    ocsp_response,
                    now,
                );
                self.note(pin, r.is_ok());
                r
            }
            (Trust::Authorities(_), None) => Err(rustls::Error::General(
                "no certificate authorities".to_owned(),
            )),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A rustls client configuration that trusts the relay as `trust` says
/// and leaves what each handshake showed in `seen`.
pub fn client_config(trust: &Trust, seen: SeenSlot) -> Result<rustls::ClientConfig, TlsError> {
    let provider = provider();
    let webpki = match trust {
        Trust::Authorities(roots) => Some(
            WebPkiServerVerifier::builder_with_provider(roots.clone(), provider.clone())
                .build()
                .map_err(|e| TlsError::Config(e.to_string()))?,
        ),
        Trust::Pinned(_) => None,
    };
    let verifier = Verifier {
        trust: trust.clone(),
        webpki,
        provider: provider.clone(),
        seen,
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Config(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pin_is_the_hash_of_the_key_not_of_the_certificate() {
        let key = rcgen::KeyPair::generate().expect("key");
        let a = rcgen::CertificateParams::new(vec!["relay.example".into()])
            .expect("params")
            .self_signed(&key)
            .expect("cert");
        let b = rcgen::CertificateParams::new(vec!["other.example".into()])
            .expect("params")
            .self_signed(&key)
            .expect("cert");
        let pin = spki_sha256(a.der()).expect("pin");
        // Same key, another certificate: same pin.
        assert_eq!(spki_sha256(b.der()).expect("pin"), pin);
        // It is the SHA-256 of the DER SubjectPublicKeyInfo rcgen wrote.
        let expected: [u8; 32] =
            Sha256::digest(rcgen::PublicKeyData::subject_public_key_info(&key)).into();
        assert_eq!(pin, expected);
        // Another key: another pin.
        let other = rcgen::KeyPair::generate().expect("key");
        let c = rcgen::CertificateParams::new(vec!["relay.example".into()])
            .expect("params")
            .self_signed(&other)
            .expect("cert");
        assert_ne!(spki_sha256(c.der()).expect("pin"), pin);
        assert!(same_pin(&pin, &pin) && !same_pin(&pin, &[0; 32]));
    }

    #[test]
    fn garbage_is_not_a_certificate() {
        assert_eq!(
            spki_sha256(b"not a certificate"),
            Err(TlsError::BadCertificate)
        );
        assert!(spki_sha256(&[]).is_err());
    }
}
