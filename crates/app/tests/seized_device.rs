//! A seized device cannot be linked to the relay's data: 50 records made in
//! the app and synced through a relay on loopback (in process); the relay's
//! database holds their ids, the device's `vault.db`, WAL and shm hold none
//! of them (raw or as text), and the vault's files are 0600 in a 0700
//! folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use app::App;
use app::sync::NewTeam;

const PASS: &str = "stencil yarn obituary deflected carport";

fn start_relay(dir: &std::path::Path) -> (String, relay::LoopbackRelay) {
    let relay = relay::LoopbackRelay::start(dir);
    (relay.url.clone(), relay)
}

fn needles(id: &uuid::Uuid) -> [Vec<u8>; 3] {
    [
        id.as_bytes().to_vec(),
        id.hyphenated().to_string().into_bytes(),
        id.simple().to_string().into_bytes(),
    ]
}

fn holds(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_vault_holds_no_id_the_relay_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (relay, _stop) = start_relay(dir.path());
    let app = App::open(dir.path().join("device")).unwrap();
    app.create_vault(PASS.into(), PASS.into()).unwrap();
    app.create_team(NewTeam {
        relay,
        name: "Ranong port".into(),
        relay_pin: None,
        operator_token: None,
    })
    .unwrap();
    let now = chrono::Utc::now();
    for _ in 0..50 {
        app.with_store(|s| s.new_shipped_interview("victim-screening", "my", now))
            .unwrap();
    }
    let mut synced = false;
    for _ in 0..100 {
        app.sync_now();
        app.sync_tick();
        if app.sync_screen().status.pending == 0 {
            synced = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(synced, "{:?}", app.sync_screen().status);

    // The ids the relay holds (one per record, as the sync envelopes carry them).
    let relay_db = rusqlite::Connection::open(dir.path().join("relay.db")).unwrap();
    let docs: Vec<uuid::Uuid> = relay_db
        .prepare("SELECT DISTINCT doc FROM blobs")
        .unwrap()
        .query_map([], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|d| uuid::Uuid::from_slice(&d.unwrap()).unwrap())
        .collect();
    assert!(docs.len() >= 50, "the relay holds {} records", docs.len());
    let relay_bytes = std::fs::read(dir.path().join("relay.db")).unwrap();
    let relay_wal = std::fs::read(dir.path().join("relay.db-wal")).unwrap_or_default();
    assert!(
        docs.iter()
            .all(|d| holds(&relay_bytes, d.as_bytes()) || holds(&relay_wal, d.as_bytes())),
        "the scan can see them"
    );

    let vault_dir = app.vault_dir();
    let mut scanned = 0;
    for name in ["vault.db", "vault.db-wal", "vault.db-shm"] {
        let Ok(bytes) = std::fs::read(vault_dir.join(name)) else {
            continue;
        };
        scanned += 1;
        for d in &docs {
            for n in needles(d) {
                assert!(!holds(&bytes, &n), "{name} holds the relay's id {d}");
            }
        }
        #[cfg(unix)]
        assert_eq!(
            vault::files::mode_of(&vault_dir.join(name)).unwrap(),
            0o600,
            "{name}"
        );
    }
    assert_eq!(
        scanned, 3,
        "the database, its WAL and shm are all there while open"
    );
    #[cfg(unix)]
    {
        assert_eq!(vault::files::mode_of(&vault_dir).unwrap(), 0o700);
        for e in std::fs::read_dir(&vault_dir).unwrap() {
            let e = e.unwrap();
            let want = if e.file_type().unwrap().is_dir() {
                0o700
            } else {
                0o600
            };
            assert_eq!(
                vault::files::mode_of(&e.path()).unwrap(),
                want,
                "{:?}",
                e.file_name()
            );
        }
    }
}
