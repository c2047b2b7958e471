//! TLS for the relay: its certificate and key from PEM files, and its pin.
//!
//! **The pin** is the SHA-256 of the certificate's SubjectPublicKeyInfo
//! (the DER of the public key and its algorithm, as RFC 7469 pins it), 64
//! hex digits. It names the relay's key, not the certificate: a renewed
//! certificate for the same key keeps the pin, and a self-signed
//! certificate is trusted through the invite that carries it. The short
//! fingerprint ([`pin_fingerprint`]) is what a person compares.
//!
//! The crypto provider is `aws-lc-rs`, rustls's default: it builds here
//! with the C compiler alone (no cmake or other Debian package), and it
//! offers the post-quantum hybrid key exchange (X25519MLKEM768) first, so
//! traffic recorded today on a boat's Wi-Fi stays private against a
//! future quantum computer. `ring` (rustls's other provider) has no
//! post-quantum key exchange, and rustls now marks its default provider
//! deprecated for that reason.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};
use x509_cert::der::{Decode, Encode};

/// Why the relay's TLS identity could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// Not a DER X.509 certificate.
    #[error("not an X.509 certificate: {0}")]
    BadCertificate(String),
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

/// SHA-256 of the certificate's SubjectPublicKeyInfo (DER): the relay's pin.
pub fn spki_sha256(cert_der: &[u8]) -> Result<[u8; 32], TlsError> {
    let cert = x509_cert::Certificate::from_der(cert_der)
        .map_err(|e| TlsError::BadCertificate(e.to_string()))?;
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| TlsError::BadCertificate(e.to_string()))?;
    Ok(Sha256::digest(&spki).into())
}

/// The pin as 64 lowercase hex digits.
pub fn pin_hex(pin: &[u8; 32]) -> String {
    hex::encode(pin)
}

/// The pin's first 8 bytes as four groups of four hex digits
/// (`3f9a 07c2 e1d4 9b60`): what a person reads to compare.
pub fn pin_fingerprint(pin: &[u8; 32]) -> String {
    let h = hex::encode(&pin[..8]);
    let groups: Vec<&str> = (0..4).map(|i| &h[i * 4..i * 4 + 4]).collect();
    groups.join(" ")
}

/// The relay's TLS identity: the rustls configuration and the pin.
#[derive(Debug, Clone)]
pub struct TlsIdentity {
    /// For [`crate::serve_tls`].
    pub config: Arc<rustls::ServerConfig>,
    /// [`spki_sha256`] of the leaf certificate.
    pub pin: [u8; 32],
}

fn pem_error(path: &Path, reason: impl ToString) -> TlsError {
    TlsError::Pem {
        path: path.display().to_string(),
        reason: reason.to_string(),
    }
}

/// Reads a certificate chain (leaf first) and its private key from PEM
/// files and builds the server configuration (TLS 1.3 and 1.2, HTTP/1.1).
pub fn load_identity(cert_pem: &Path, key_pem: &Path) -> Result<TlsIdentity, TlsError> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert_pem)
        .map_err(|e| pem_error(cert_pem, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| pem_error(cert_pem, e))?;
    let leaf = chain
        .first()
        .ok_or_else(|| pem_error(cert_pem, "no certificate"))?;
    let pin = spki_sha256(leaf)?;
    let key = PrivateKeyDer::from_pem_file(key_pem).map_err(|e| pem_error(key_pem, e))?;
    identity(chain, key).map(|config| TlsIdentity { config, pin })
}

/// The server configuration for a chain and key already in memory.
pub fn identity(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pin_is_the_hash_of_the_public_key_info_and_survives_a_new_certificate() {
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
        assert_eq!(pin_hex(&pin).len(), 64);
        let fp = pin_fingerprint(&pin);
        assert_eq!(fp.len(), 19);
        assert!(pin_hex(&pin).starts_with(&fp.replace(' ', "")));
    }

    #[test]
    fn garbage_is_not_a_certificate() {
        assert!(matches!(
            spki_sha256(b"not a certificate"),
            Err(TlsError::BadCertificate(_))
        ));
        assert!(spki_sha256(&[]).is_err());
    }

    #[test]
    fn pem_files_load_and_a_mismatched_key_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let key = rcgen::KeyPair::generate().expect("key");
        let cert = rcgen::CertificateParams::new(vec!["localhost".into()])
            .expect("params")
            .self_signed(&key)
            .expect("cert");
        let (c, k) = (dir.path().join("c.pem"), dir.path().join("k.pem"));
        std::fs::write(&c, cert.pem()).expect("write");
        std::fs::write(&k, key.serialize_pem()).expect("write");
        let id = load_identity(&c, &k).expect("identity");
        assert_eq!(id.pin, spki_sha256(cert.der()).expect("pin"));
        let wrong = dir.path().join("w.pem");
        std::fs::write(
            &wrong,
            rcgen::KeyPair::generate().expect("key").serialize_pem(),
        )
        .expect("write");
        assert!(load_identity(&c, &wrong).is_err());
        assert!(matches!(
            load_identity(&dir.path().join("missing.pem"), &k),
            Err(TlsError::Pem { .. })
        ));
    }
}
