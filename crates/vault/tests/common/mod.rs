//! Helpers shared by the vault integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use vault::{
    AnswerValue, FormRef, KdfParams, ManualClock, NewRecord, Passphrase, Provenance, RecordId,
    UserText, Vault, VaultOptions,
};

pub const PASS: &str = "correct horse battery staple";

/// Options with cheap Argon2 parameters and a manual clock.
pub fn options(clock: Arc<ManualClock>) -> VaultOptions {
    VaultOptions {
        kdf: KdfParams::insecure_for_tests(),
        idle_timeout: Some(Duration::from_secs(300)),
        clock,
        ..VaultOptions::default()
    }
}

pub fn cheap() -> VaultOptions {
    options(Arc::new(ManualClock::new()))
}

pub fn pass() -> Passphrase {
    Passphrase::from(PASS)
}

pub fn create(dir: &Path) -> Vault {
    Vault::create(dir, &pass(), cheap()).expect("create vault")
}

pub fn open_unlocked(dir: &Path) -> Vault {
    let mut v = Vault::open(dir, cheap()).expect("open vault");
    v.unlock(&pass()).expect("unlock");
    v
}

pub fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_750_000_000 + secs, 0)
        .single()
        .expect("time")
}

pub fn new_record(title: &str) -> NewRecord {
    NewRecord {
        form: FormRef {
            id: "screening".into(),
            version: "2025.1".into(),
            hash: "sha256:00ff".into(),
        },
        language: "my".into(),
        device_id: "device-a".into(),
        created_at: t(0),
        title: UserText::from(title),
    }
}

pub fn prov(device: &str, secs: i64) -> Provenance {
    Provenance {
        language: "my".into(),
        at: t(secs),
        device_id: device.into(),
        interpreter: true,
        self_administered: false,
    }
}

pub fn val(s: &str) -> AnswerValue {
    AnswerValue::Value(s.into())
}

pub fn answer(v: &mut Vault, id: RecordId, q: &str, value: &str, secs: i64) {
    v.apply_answer(id, q, val(value), prov("device-a", secs))
        .expect("apply answer");
}

/// Every file under `dir` with its SHA-like fingerprint (content bytes).
pub fn snapshot_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(dir).expect("read dir") {
        let e = e.expect("entry");
        if e.file_type().expect("type").is_file() {
            out.insert(
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read file"),
            );
        }
    }
    out
}

/// Every row of a table as raw bytes: key column → blob column.
pub fn rows(dir: &Path, table: &str) -> std::collections::BTreeMap<Vec<u8>, Vec<u8>> {
    let c = rusqlite::Connection::open(dir.join(vault::DB_FILE)).expect("db");
    let key = match table {
        "records" => "rid",
        "chunks" => "cid",
        "secrets" => "sid",
        other => panic!("no table {other}"),
    };
    let mut stmt = c
        .prepare(&format!("SELECT {key}, blob FROM {table}"))
        .expect("select");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect()
}

/// What changed in a table between two snapshots of its rows: the keys
/// added, removed and changed.
#[derive(Debug, Default)]
pub struct Diff {
    pub added: Vec<Vec<u8>>,
    pub removed: Vec<Vec<u8>>,
    pub changed: Vec<Vec<u8>>,
}

pub fn diff(
    before: &std::collections::BTreeMap<Vec<u8>, Vec<u8>>,
    after: &std::collections::BTreeMap<Vec<u8>, Vec<u8>>,
) -> Diff {
    let mut d = Diff::default();
    for (k, v) in after {
        match before.get(k) {
            None => d.added.push(k.clone()),
            Some(old) if old != v => d.changed.push(k.clone()),
            _ => {}
        }
    }
    for k in before.keys() {
        if !after.contains_key(k) {
            d.removed.push(k.clone());
        }
    }
    d
}

/// Runs SQL on the closed vault's database, as an attacker with the files.
pub fn tamper(dir: &Path, f: impl FnOnce(&rusqlite::Connection)) {
    let c = rusqlite::Connection::open(dir.join(vault::DB_FILE)).expect("db");
    f(&c);
}

/// This test binary re-executed as a child that runs only `test`, with
/// `env` set; its stdout lines arrive on the returned channel (the reader
/// thread ends when the child's stdout closes).
pub fn spawn_child(
    test: &str,
    env: &[(&str, String)],
) -> (
    std::process::Child,
    std::sync::mpsc::Receiver<String>,
    std::thread::JoinHandle<()>,
) {
    use std::io::{BufRead, BufReader};
    let mut cmd = std::process::Command::new(std::env::current_exe().expect("test binary"));
    cmd.args([
        "--exact",
        test,
        "--nocapture",
        "--test-threads=1",
        "--quiet",
    ])
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn child");
    let stdout = child.stdout.take().expect("child stdout");
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx, reader)
}
