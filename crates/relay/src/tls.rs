//! TLS for the relay server: its identity (certificate chain and key from
//! PEM files, TLS 1.3 and 1.2, HTTP/1.1) on the provider every FieldScreen
//! TLS connection uses. The provider, the pin and the client's verifier
//! live in [`relay_client::tls`], re-exported here: one place picks them.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sync::team::RelayPin;

pub use relay_client::tls::{
    Seen, SeenSlot, TlsError, Trust, client_config, install_provider, provider, spki_sha256,
};

/// The relay's TLS identity: the rustls configuration and the pin.
#[derive(Debug, Clone)]
pub struct TlsIdentity {
    /// For [`crate::serve_tls`].
    pub config: Arc<rustls::ServerConfig>,
    /// [`spki_sha256`] of the leaf certificate.
    pub pin: RelayPin,
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
    let mut config = rustls::ServerConfig::builder_with_provider(provider())
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
