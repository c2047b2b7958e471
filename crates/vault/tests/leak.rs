//! Nothing a person wrote reaches the disk in plaintext: the raw bytes of
//! every vault file (database, WAL, shm, attempt counter) and of the temp
//! directory are scanned for canary answers. The same scan finds the canaries
//! in a plain SQLite copy of the same rows, so the scan can fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use common::*;
use vault::{AnswerValue, Passphrase, UserText, Vault};

fn random_from(range: std::ops::RangeInclusive<u32>, n: usize, seed: &[u8]) -> String {
    range
        .clone()
        .count()
        .checked_sub(0)
        .map(|len| {
            seed.iter()
                .take(n)
                .map(|b| char::from_u32(range.start() + u32::from(*b) % len as u32).expect("char"))
                .collect()
        })
        .expect("non-empty range")
}

fn canaries() -> Vec<String> {
    let u = uuid::Uuid::new_v4();
    let b = u.as_bytes();
    vec![
        // Thai consonants U+0E01..U+0E2E.
        format!("ผู้เสียหาย{}", random_from(0x0E01..=0x0E2E, 12, b)),
        // Myanmar letters U+1000..U+1020.
        format!("ငါး{}", random_from(0x1000..=0x1020, 12, &b[4..])),
        format!("ascii-canary-{}", u.simple()),
    ]
}

/// Files under `root` (recursively) changed since `since`, skipping `skip`.
fn files_under(root: &Path, since: SystemTime, skip: &[PathBuf], out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(root) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if skip.iter().any(|s| p.starts_with(s)) {
            continue;
        }
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            files_under(&p, since, skip, out);
        } else if ft.is_file()
            && let Ok(m) = e.metadata()
            && m.modified().map(|t| t >= since).unwrap_or(true)
            && m.len() < 512 * 1024 * 1024
        {
            out.push(p);
        }
    }
}

fn hits(files: &[PathBuf], needles: &[String]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for f in files {
        let Ok(bytes) = fs::read(f) else { continue };
        for n in needles {
            let n = n.as_bytes();
            if bytes.windows(n.len()).any(|w| w == n) {
                found.push((f.clone(), String::from_utf8_lossy(n).into_owned()));
            }
        }
    }
    found
}

/// Needles: each canary whole, and also a distinctive fragment (the random
/// part), in case a value were split across pages.
fn needles(canaries: &[String]) -> Vec<String> {
    let mut v = canaries.to_vec();
    for c in canaries {
        let chars: Vec<char> = c.chars().collect();
        v.push(chars[chars.len() - 8..].iter().collect());
    }
    v
}

#[test]
fn no_plaintext_in_vault_files_or_temp_dir() {
    let start = SystemTime::now() - std::time::Duration::from_secs(2);
    let root = tempfile::tempdir().unwrap();
    let vault_dir = root.path().join("vault");
    let plain_dir = root.path().join("plain");
    fs::create_dir_all(&plain_dir).unwrap();
    let canaries = canaries();
    let needles = needles(&canaries);

    let pass = Passphrase::from(canaries[2].as_str());
    let mut v = Vault::create(&vault_dir, &pass, cheap()).unwrap();
    let mut rows = Vec::new();
    let mut ids = Vec::new();
    for (n, c) in canaries.iter().enumerate() {
        let mut rec = new_record(c);
        rec.title = UserText(format!("{c} title"));
        let id = v.create_interview(rec).unwrap();
        for k in 0..30 {
            let value = format!("{c} #{k}");
            v.apply_answer(
                id,
                &format!("q{k}"),
                AnswerValue::Value(value.clone()),
                prov("d", k),
            )
            .unwrap();
            rows.push((format!("q{k}"), value));
        }
        // A long free-text note, many times over, to push pages through the WAL.
        v.apply_answer(id, "note", AnswerValue::Value(c.repeat(200)), prov("d", 99))
            .unwrap();
        rows.push(("note".into(), c.repeat(200)));
        ids.push((n, id));
    }
    let _ = v.list().unwrap();
    let _ = v.search(&canaries[0]).unwrap();

    // Plain copy of the same rows (WAL too, same durability): must leak.
    {
        let c = rusqlite::Connection::open(plain_dir.join("plain.db")).unwrap();
        c.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
            .unwrap();
        c.pragma_update(None, "synchronous", "FULL").unwrap();
        c.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        c.execute("CREATE TABLE answers (q TEXT, v TEXT)", [])
            .unwrap();
        for (q, val) in &rows {
            c.execute("INSERT INTO answers VALUES (?1, ?2)", [q, val])
                .unwrap();
        }
        let mut plain_files = Vec::new();
        files_under(&plain_dir, start, &[], &mut plain_files);
        let found = hits(&plain_files, &canaries);
        for canary in &canaries {
            assert!(
                found.iter().any(|(_, n)| n == canary),
                "the scan must find {canary:?} in the plain copy (open), found {found:?}"
            );
        }
    }

    let scan = |label: &str| {
        let mut files = Vec::new();
        files_under(&vault_dir, SystemTime::UNIX_EPOCH, &[], &mut files);
        let names: Vec<_> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_owned())
            .collect();
        let mut tmp_files = Vec::new();
        files_under(
            &std::env::temp_dir(),
            start,
            &[plain_dir.clone(), vault_dir.clone()],
            &mut tmp_files,
        );
        let found = hits(&files, &needles);
        assert!(
            found.is_empty(),
            "{label}: plaintext in vault files: {found:?}"
        );
        let found = hits(&tmp_files, &needles);
        assert!(
            found.is_empty(),
            "{label}: plaintext in temp dir: {found:?}"
        );
        (names, files.len() + tmp_files.len())
    };

    // While open: the WAL and shm exist and hold recent pages.
    let (names, scanned) = scan("open");
    let wal = vault_dir.join(format!("{}-wal", vault::DB_FILE));
    assert!(
        names.iter().any(|n| n.to_string_lossy().ends_with("-wal")),
        "{names:?}"
    );
    assert!(fs::metadata(&wal).unwrap().len() > 0);
    assert!(scanned >= 3);

    // Read back to make sure the data really is there.
    for (n, id) in &ids {
        let r = v.record(*id).unwrap();
        assert_eq!(
            r.answers["q3"].answer.value,
            val(&format!("{} #3", canaries[*n]))
        );
    }
    // A failed unlock, a passphrase change, then close.
    drop(v);
    let mut v = Vault::open(&vault_dir, cheap()).unwrap();
    assert!(v.unlock(&Passphrase::from("nope")).is_err());
    v.unlock(&pass).unwrap();
    v.change_passphrase(&pass, &Passphrase::from(canaries[0].as_str()), None)
        .unwrap();
    drop(v);
    scan("closed");

    // The plain copy still leaks after close, proving the scan can fail.
    let mut plain_files = Vec::new();
    files_under(&plain_dir, start, &[], &mut plain_files);
    assert!(!hits(&plain_files, &canaries).is_empty());
}
