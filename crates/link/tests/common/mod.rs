//! What the link tests share: a relay in this process, cheap vaults, and a
//! device enrolled into an admin's team.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use vault::{KdfParams, Passphrase, Vault, VaultOptions};

/// A small runtime for the in-process relay.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("rt")
}

/// A relay on loopback with its database in `dir`, served by `rt` (it
/// stops with the runtime); returns its URL.
pub fn relay(rt: &tokio::runtime::Runtime, dir: &std::path::Path) -> String {
    relay_with(rt, dir, relay::RelayConfig::open(), |r| r).0
}

/// [`relay`] with its configuration and a wrapper around its routes (a
/// middleware that plays a dishonest relay); returns its URL and its store
/// (for tests that change what the relay holds).
pub fn relay_with(
    rt: &tokio::runtime::Runtime,
    dir: &std::path::Path,
    config: relay::RelayConfig,
    wrap: impl FnOnce(axum::Router) -> axum::Router,
) -> (String, Arc<relay::SqliteStore>) {
    std::fs::create_dir_all(dir).expect("relay dir");
    let store = Arc::new(relay::SqliteStore::open(&dir.join("relay.db")).expect("store"));
    let app = wrap(relay::router(store.clone(), config));
    let base = rt.block_on(async {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(l, app).await });
        format!("http://{addr}")
    });
    (base, store)
}

/// The device key of a signed request (its `x-fs-auth` header).
pub fn signer(req: &axum::extract::Request) -> Option<sync::DevicePublicKey> {
    let h = req.headers().get(sync::auth::H_AUTH)?.to_str().ok()?;
    sync::auth::RequestAuth::from_header(Some(h))
        .ok()
        .map(|a| a.device)
}

/// A TLS-terminating proxy on loopback in front of a plain relay, with a
/// self-signed certificate (or one a test CA issued): what a relay with
/// TLS looks like to a device. It counts connections, failed handshakes
/// and the decrypted bytes clients sent, and can change its key.
pub struct TlsProxy {
    /// `https://127.0.0.1:PORT`.
    pub url: String,
    config: Arc<std::sync::Mutex<Arc<rustls::ServerConfig>>>,
    /// TLS handshakes that failed (the client refused the certificate).
    pub refused: Arc<std::sync::atomic::AtomicU64>,
    /// Decrypted bytes clients sent (requests, bodies).
    pub received: Arc<std::sync::atomic::AtomicU64>,
}

/// A certificate for `127.0.0.1` and `localhost` with a fresh key: the
/// chain, the key and the pin of the key.
pub fn self_signed() -> (
    Vec<rustls::pki_types::CertificateDer<'static>>,
    rustls::pki_types::PrivateKeyDer<'static>,
    [u8; 32],
) {
    let key = rcgen::KeyPair::generate().expect("key");
    let cert = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .expect("params")
        .self_signed(&key)
        .expect("cert");
    let pin = relay::tls::spki_sha256(cert.der()).expect("pin");
    (
        vec![cert.der().clone()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        pin,
    )
}

fn server_config(
    chain: Vec<rustls::pki_types::CertificateDer<'static>>,
    key: rustls::pki_types::PrivateKeyDer<'static>,
) -> Arc<rustls::ServerConfig> {
    Arc::new(
        rustls::ServerConfig::builder_with_provider(relay::tls::provider())
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("server config"),
    )
}

impl TlsProxy {
    /// A proxy with a new self-signed key in front of `upstream` (a
    /// relay's `http://` URL); returns it and the pin of its key.
    pub fn start(rt: &tokio::runtime::Runtime, upstream: &str) -> (TlsProxy, [u8; 32]) {
        let (chain, key, pin) = self_signed();
        (Self::start_with(rt, upstream, chain, key), pin)
    }

    /// A proxy serving `chain` with `key` in front of `upstream`.
    pub fn start_with(
        rt: &tokio::runtime::Runtime,
        upstream: &str,
        chain: Vec<rustls::pki_types::CertificateDer<'static>>,
        key: rustls::pki_types::PrivateKeyDer<'static>,
    ) -> TlsProxy {
        use std::sync::atomic::Ordering;
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let upstream = upstream.trim_start_matches("http://").to_owned();
        let config = Arc::new(std::sync::Mutex::new(server_config(chain, key)));
        let refused = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let received = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (cfg, no, got) = (config.clone(), refused.clone(), received.clone());
        let url = rt.block_on(async move {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let addr = l.local_addr().expect("addr");
            tokio::spawn(async move {
                while let Ok((tcp, _)) = l.accept().await {
                    let acceptor =
                        tokio_rustls::TlsAcceptor::from(cfg.lock().expect("config").clone());
                    let (no, got, upstream) = (no.clone(), got.clone(), upstream.clone());
                    tokio::spawn(async move {
                        let Ok(tls) = acceptor.accept(tcp).await else {
                            no.fetch_add(1, Ordering::SeqCst);
                            return;
                        };
                        let Ok(up) = tokio::net::TcpStream::connect(&upstream).await else {
                            return;
                        };
                        let (mut cr, mut cw) = tokio::io::split(tls);
                        let (mut ur, mut uw) = up.into_split();
                        let to_relay = async {
                            let mut buf = vec![0u8; 16 * 1024];
                            loop {
                                let n = match cr.read(&mut buf).await {
                                    Ok(0) | Err(_) => break,
                                    Ok(n) => n,
                                };
                                got.fetch_add(n as u64, Ordering::SeqCst);
                                if uw.write_all(&buf[..n]).await.is_err() {
                                    break;
                                }
                            }
                            let _ = uw.shutdown().await;
                        };
                        let to_client = async {
                            let _ = tokio::io::copy(&mut ur, &mut cw).await;
                            let _ = cw.shutdown().await;
                        };
                        tokio::join!(to_relay, to_client);
                    });
                }
            });
            format!("https://{addr}")
        });
        TlsProxy {
            url,
            config,
            refused,
            received,
        }
    }

    /// From now on the proxy shows a certificate with another key (what a
    /// man in the middle at the relay's address would do); returns its pin.
    pub fn change_key(&self) -> [u8; 32] {
        let (chain, key, pin) = self_signed();
        self.use_key(chain, key);
        pin
    }

    /// From now on the proxy shows `chain` with `key` (a relay moving to
    /// the key its admin announced).
    pub fn use_key(
        &self,
        chain: Vec<rustls::pki_types::CertificateDer<'static>>,
        key: rustls::pki_types::PrivateKeyDer<'static>,
    ) {
        *self.config.lock().expect("config") = server_config(chain, key);
    }

    /// Decrypted bytes clients sent so far.
    pub fn received(&self) -> u64 {
        self.received.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Handshakes refused so far.
    pub fn refused(&self) -> u64 {
        self.refused.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A new vault with a fast (test-only) key derivation.
pub fn vault(dir: &std::path::Path) -> Vault {
    Vault::create(
        dir,
        &Passphrase::from("pass"),
        VaultOptions {
            kdf: KdfParams::insecure_for_tests(),
            ..VaultOptions::default()
        },
    )
    .expect("vault")
}

/// (Admin) admits every waiting device, as a script that trusts what it
/// sees would (`team admit --yes-fingerprint` with each fingerprint).
pub fn admit_all(admin: &mut Vault) -> Result<Vec<link::Waiting>, link::LinkError> {
    let fps: Vec<String> = link::waiting_devices(admin)?
        .into_iter()
        .map(|w| w.fingerprint)
        .collect();
    if fps.is_empty() {
        return Ok(Vec::new());
    }
    link::admit(admin, &fps)
}

/// An invite valid for a day.
pub fn invite(admin: &mut Vault) -> Result<String, link::LinkError> {
    link::invite(admin, link::INVITE_TTL)
}

/// A new vault in `dir` that joins `admin`'s team (the admin admits it).
pub fn enrolled(admin: &mut Vault, dir: &std::path::Path) -> Vault {
    join_with(admin, vault(dir))
}

/// `v` joins `admin`'s team (the admin admits it).
pub fn join_with(admin: &mut Vault, v: Vault) -> Vault {
    let code = invite(admin).expect("invite");
    let mut v = v;
    let joiner = std::thread::spawn(move || {
        link::join(
            &mut v,
            &code,
            Duration::from_secs(20),
            Duration::from_millis(30),
        )
        .expect("join");
        v
    });
    while admit_all(admin).expect("admit").is_empty() {
        std::thread::sleep(Duration::from_millis(30));
    }
    joiner.join().expect("joined")
}

/// A new interview in `v` with one answer; returns its id.
pub fn case_with(v: &mut Vault, title: &str, question: &str, value: &str) -> vault::RecordId {
    let at = chrono::Utc::now();
    let id = v
        .create_interview(vault::NewRecord {
            form: vault::FormRef {
                id: "screening".into(),
                version: "1".into(),
                hash: "sha256:00".into(),
            },
            language: "th".into(),
            device_id: "dev".into(),
            created_at: at,
            title: vault::UserText::from(title),
        })
        .expect("record");
    answer_with(v, id, question, value);
    id
}

/// One answer in `v`'s record `id`.
pub fn answer_with(v: &mut Vault, id: vault::RecordId, question: &str, value: &str) {
    v.apply_answer(
        id,
        question,
        vault::AnswerValue::Value(value.into()),
        vault::Provenance {
            language: "th".into(),
            at: chrono::Utc::now(),
            device_id: "dev".into(),
            interpreter: false,
            self_administered: false,
        },
    )
    .expect("answer");
}

/// This vault's device key.
pub fn device_of(v: &mut Vault) -> sync::DevicePublicKey {
    let hex = link::info(v).expect("info").expect("team").device;
    sync::DevicePublicKey::from_hex(&hex).expect("key")
}

/// `b` waits on loopback, `a` connects; returns both outcomes and `b`.
pub fn session(
    a: &mut Vault,
    b: Vault,
) -> (
    Result<link::LanReport, link::LinkError>,
    Result<link::LanReport, link::LinkError>,
    Vault,
) {
    let listener = link::LanListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.addresses().expect("addresses")[0].clone();
    let server = std::thread::spawn(move || {
        let mut b = b;
        let stream = listener
            .accept(Duration::from_secs(20), &|| false)
            .expect("accept")
            .expect("a connection");
        let r = link::lan::serve(&mut b, stream, &mut |_| {});
        (r, b)
    });
    let ra = link::lan::connect(a, &addr, &mut |_| {});
    let (rb, b) = server.join().expect("server");
    (ra, rb, b)
}

/// Every record of `v` with its sorted heads, in id order.
pub fn heads(v: &mut Vault) -> Vec<(vault::RecordId, Vec<vault::ChangeHash>)> {
    let mut ids: Vec<vault::RecordId> = v.list().expect("list").into_iter().map(|c| c.id).collect();
    ids.sort();
    ids.into_iter()
        .map(|id| {
            let mut h = v.heads(id).expect("heads");
            h.sort();
            (id, h)
        })
        .collect()
}
