//! What one answer costs the disk: the pages its durable transaction
//! appends to the write-ahead log (each a frame of 24 + 4,096 bytes),
//! counted from the WAL's growth. An answer to an interview in progress is
//! journaled: its chunk alone, one B-tree page. The writes that fold the
//! journal (a new snapshot of the record, here every few answers because
//! the record is small) write its chunk, its index row and the vault-wide
//! commitment: three B-tree pages and the snapshot's overflow pages, never
//! an overflow page for the index row (a row whose envelope outgrows a
//! page's local payload, 1,002 bytes, would add one to each of them).

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use vault::{
    AnswerValue, FormRef, KdfParams, ManualClock, NewRecord, Passphrase, Provenance, UserText,
    Vault, VaultOptions,
};

const FRAME: u64 = 24 + 4096;

fn wal_len(dir: &std::path::Path) -> u64 {
    std::fs::metadata(dir.join("vault.db-wal"))
        .map(|m| m.len())
        .unwrap_or(0)
}

#[test]
fn an_answer_appends_one_page_to_the_log() {
    let d = tempfile::tempdir().expect("tempdir");
    let mut v = Vault::create(
        d.path(),
        &Passphrase::from("pages"),
        VaultOptions {
            kdf: KdfParams::insecure_for_tests(),
            idle_timeout: None,
            clock: Arc::new(ManualClock::new()),
            ..VaultOptions::default()
        },
    )
    .expect("vault");
    // A realistic index row: a full questionnaire hash, a short title in
    // two scripts. (A title of more than about 30 Thai or Burmese
    // characters, 3 bytes each, still pushes the row into the 1,024-byte
    // bucket, and every fold then writes a fourth page.)
    let id = v
        .create_interview(NewRecord {
            form: FormRef {
                id: "fishing-crew-screening".into(),
                version: "2025.1".into(),
                hash: format!("sha256:{}", "ab".repeat(32)),
            },
            language: "my".into(),
            device_id: "device-7f3a".into(),
            created_at: Utc.timestamp_opt(1_750_000_000, 0).single().expect("t"),
            title: UserText("Crew 12 — สมชาย".into()),
        })
        .expect("create");
    let mut frames = Vec::new();
    for i in 0..60i64 {
        let before = wal_len(d.path());
        v.apply_answer(
            id,
            &format!("q{}", i % 30),
            AnswerValue::Value(format!("{}", 18 + i)),
            Provenance {
                language: "my".into(),
                at: Utc.timestamp_opt(1_750_000_100 + i, 0).single().expect("t"),
                device_id: "device-7f3a".into(),
                interpreter: false,
                self_administered: false,
            },
        )
        .expect("answer");
        let grown = wal_len(d.path()).saturating_sub(before);
        if grown > 0 {
            assert_eq!(grown % FRAME, 0, "whole frames");
            frames.push(grown / FRAME);
        }
    }
    assert!(
        frames.len() > 40,
        "the log was not reset meanwhile: {frames:?}"
    );
    let journaled = frames.iter().filter(|f| **f == 1).count();
    assert!(
        journaled * 3 >= frames.len() * 2,
        "most answers journaled alone: {frames:?}"
    );
    frames.sort_unstable();
    assert_eq!(frames[frames.len() / 2], 1, "pages per answer: {frames:?}");
    // A fold: the snapshot (one page and its overflow pages), its index
    // row, the commitment.
    assert!(
        frames.iter().all(|f| *f == 1 || (3..=6).contains(f)),
        "{frames:?}"
    );
}
