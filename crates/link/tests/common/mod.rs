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
    relay_with(rt, dir, relay::RelayConfig::open())
}

/// [`relay`] with its own configuration.
pub fn relay_with(
    rt: &tokio::runtime::Runtime,
    dir: &std::path::Path,
    config: relay::RelayConfig,
) -> String {
    std::fs::create_dir_all(dir).expect("relay dir");
    let store = Arc::new(relay::SqliteStore::open(&dir.join("relay.db")).expect("store"));
    rt.block_on(async {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr");
        tokio::spawn(relay::serve(l, store, config));
        format!("http://{addr}")
    })
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
    let code = invite(admin).expect("invite");
    let mut v = vault(dir);
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
