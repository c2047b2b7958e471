//! A seized phone gives nothing away: the vault attacked as a thief or a
//! forensic examiner with the files would (raw SQL on the database, old
//! copies put back, the counter deleted, the clock moved).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use common::*;
use vault::{
    DamageReason, KdfParams, ManualClock, Passphrase, RecordState, UnlockPolicy, Vault, VaultError,
    VaultOptions,
};

const CHILD_ENV: &str = "FIELDSCREEN_SEIZED_CHILD";

fn vm_hwm_kib() -> u64 {
    let s = fs::read_to_string("/proc/self/status").unwrap();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap()
}

/// Child entry point (a no-op in a normal run): opens and unlocks the vault
/// named by the environment, or runs one derivation at 128 MiB, then
/// prints the outcome and the peak resident memory.
#[test]
fn seized_child() {
    let Ok(arg) = std::env::var(CHILD_ENV) else {
        return;
    };
    let outcome = if arg == "control" {
        vault::measure_kdf(KdfParams {
            m_kib: 128 * 1024,
            t: 1,
            p: 1,
        })
        .map(|_| "derived".to_owned())
        .unwrap_or_else(|e| e.message_id().to_owned())
    } else {
        match Vault::open(Path::new(&arg), cheap()) {
            Err(e) => e.message_id().to_owned(),
            Ok(mut v) => match v.unlock(&pass()) {
                Err(e) => e.message_id().to_owned(),
                Ok(()) => "unlocked".to_owned(),
            },
        }
    };
    println!("OUTCOME {outcome} HWM {} .", vm_hwm_kib());
}

fn run_child(arg: &str) -> (String, u64) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "seized_child",
            "--nocapture",
            "--test-threads=1",
            "--quiet",
        ])
        .env(CHILD_ENV, arg)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("OUTCOME "))
        .unwrap_or_else(|| panic!("no outcome: {text}"));
    let parts: Vec<&str> = line.split_whitespace().collect();
    (parts[1].to_owned(), parts[3].parse().unwrap())
}

fn set_header(dir: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    tamper(dir, |c| {
        let body: Vec<u8> = c
            .query_row("SELECT body FROM header WHERE id = 1", [], |r| r.get(0))
            .unwrap();
        let mut h: serde_json::Value = serde_json::from_slice(&body).unwrap();
        f(&mut h);
        c.execute(
            "UPDATE header SET body = ?1 WHERE id = 1",
            [serde_json::to_vec(&h).unwrap()],
        )
        .unwrap();
    });
}

/// A header asking Argon2 for 4 GiB is refused before anything is
/// allocated: the child's peak memory stays far below what one derivation
/// at a mere 128 MiB reaches (the control, proving the measure sees it).
#[test]
fn a_header_asking_for_4_gib_is_refused_without_allocating() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));
    set_header(dir.path(), |h| {
        h["kdf"]["m_kib"] = serde_json::json!(4u64 * 1024 * 1024)
    });
    let err = Vault::open(dir.path(), cheap()).unwrap_err();
    assert!(
        matches!(
            err,
            VaultError::KdfOutOfRange {
                m_kib: 4_194_304,
                t: 1,
                p: 1
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.message_id(), "vault-kdf-out-of-range");
    // Parallelism and passes are bounded too.
    for (field, value) in [("p", 64u64), ("t", 1_000_000)] {
        let d = tempfile::tempdir().unwrap();
        drop(create(d.path()));
        set_header(d.path(), |h| h["kdf"][field] = serde_json::json!(value));
        assert!(matches!(
            Vault::open(d.path(), cheap()),
            Err(VaultError::KdfOutOfRange { .. })
        ));
    }

    let (outcome, hwm) = run_child(dir.path().to_str().unwrap());
    assert_eq!(outcome, "vault-kdf-out-of-range");
    let (control, control_hwm) = run_child("control");
    assert_eq!(control, "derived");
    println!("peak RSS: refused header {hwm} KiB, 128 MiB derivation {control_hwm} KiB");
    assert!(
        control_hwm >= 128 * 1024,
        "the measure must see an allocation"
    );
    assert!(hwm < 64 * 1024, "refused header used {hwm} KiB");
}

fn header_body(dir: &Path) -> Vec<u8> {
    let c = rusqlite::Connection::open(dir.join(vault::DB_FILE)).unwrap();
    c.query_row("SELECT body FROM header WHERE id = 1", [], |r| r.get(0))
        .unwrap()
}

/// After a passphrase change, the saved old header put back with the old
/// passphrase opens nothing written after the change (nor before: every
/// row was sealed again under a new data key and new row ids).
#[test]
fn after_a_passphrase_change_the_old_header_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let a = v.create_interview(new_record("before")).unwrap();
    answer(&mut v, a, "q1", "before the change", 1);
    v.put_secret("team", b"team state").unwrap();
    drop(v);
    let old_header = header_body(dir.path());
    let (records_before, chunks_before) = (rows(dir.path(), "records"), rows(dir.path(), "chunks"));

    let new_pass = Passphrase::from("a new passphrase for the vault");
    let mut v = Vault::open(dir.path(), cheap()).unwrap();
    v.unlock(&pass()).unwrap();
    v.change_passphrase(&pass(), &new_pass, None).unwrap();
    // Still unlocked, under the new key.
    answer(&mut v, a, "q2", "after the change", 2);
    let b = v.create_interview(new_record("after")).unwrap();
    answer(&mut v, b, "q", "new record", 3);
    assert_eq!(v.secret("team").unwrap().unwrap().to_vec(), b"team state");
    drop(v);

    // Every row has a new id and new bytes.
    let (records_after, chunks_after) = (rows(dir.path(), "records"), rows(dir.path(), "chunks"));
    assert!(
        records_before
            .keys()
            .all(|k| !records_after.contains_key(k))
    );
    assert!(chunks_before.keys().all(|k| !chunks_after.contains_key(k)));
    let new_header = header_body(dir.path());

    // The old header put back: the old passphrase unwraps the old key,
    // which opens nothing in this store.
    tamper(dir.path(), |c| {
        c.execute("UPDATE header SET body = ?1 WHERE id = 1", [&old_header])
            .unwrap();
    });
    let mut v = Vault::open(dir.path(), cheap()).unwrap();
    assert!(matches!(
        v.unlock(&pass()),
        Err(VaultError::StoreDamaged { .. })
    ));
    assert!(matches!(v.list(), Err(VaultError::Locked)));
    assert!(matches!(v.record(b), Err(VaultError::Locked)));
    assert!(matches!(
        v.unlock(&new_pass),
        Err(VaultError::WrongPassphrase)
    ));
    drop(v);

    tamper(dir.path(), |c| {
        c.execute("UPDATE header SET body = ?1 WHERE id = 1", [&new_header])
            .unwrap();
    });
    let mut v = Vault::open(dir.path(), cheap()).unwrap();
    v.unlock(&new_pass).unwrap();
    let r = v.record(a).unwrap();
    assert_eq!(r.answers["q1"].answer.value, val("before the change"));
    assert_eq!(r.answers["q2"].answer.value, val("after the change"));
    assert_eq!(
        v.record(b).unwrap().answers["q"].answer.value,
        val("new record")
    );
    assert!(v.verify_all().unwrap().is_empty());
}

/// Three records with answers; returns them with the chunk rows the last
/// answer of each added.
fn three_records(dir: &Path) -> (Vec<vault::RecordId>, Vec<Vec<u8>>) {
    let mut v = create(dir);
    let mut ids = Vec::new();
    let mut newest = Vec::new();
    for r in 0..3 {
        let id = v.create_interview(new_record(&format!("r{r}"))).unwrap();
        for k in 0..4 {
            answer(&mut v, id, &format!("q{k}"), &format!("v{r}-{k}"), k);
        }
        v.settle().unwrap();
        let before = rows(dir, "chunks");
        answer(&mut v, id, "last", &format!("newest {r}"), 9);
        // The answer is journaled; folded, it is one chunk.
        v.settle().unwrap();
        let d = diff(&before, &rows(dir, "chunks"));
        assert_eq!(d.added.len(), 1, "one chunk per fold");
        newest.push(d.added[0].clone());
        ids.push(id);
    }
    (ids, newest)
}

fn assert_damaged(
    dir: &Path,
    id: vault::RecordId,
    reason: DamageReason,
    others: &[vault::RecordId],
) {
    let mut v = open_unlocked(dir);
    match v.record(id) {
        Err(VaultError::RecordDamaged { id: got, reason: r }) => {
            assert_eq!((got, r), (id, reason));
        }
        other => panic!("expected damage, got {other:?}"),
    }
    assert!(v.verify_all().unwrap().contains(&(id, reason)));
    for o in others {
        v.record(*o).expect("other records read");
    }
}

#[test]
fn deleting_the_newest_chunk_row_is_damage_not_an_older_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (ids, newest) = three_records(dir.path());
    tamper(dir.path(), |c| {
        assert_eq!(
            c.execute("DELETE FROM chunks WHERE cid = ?1", [&newest[1]])
                .unwrap(),
            1
        );
    });
    assert_damaged(dir.path(), ids[1], DamageReason::Missing, &[ids[0], ids[2]]);
}

#[test]
fn swapping_two_chunks_between_records_is_damage() {
    let dir = tempfile::tempdir().unwrap();
    let (ids, newest) = three_records(dir.path());
    let chunks = rows(dir.path(), "chunks");
    tamper(dir.path(), |c| {
        for (k, other) in [(&newest[0], &newest[2]), (&newest[2], &newest[0])] {
            c.execute(
                "UPDATE chunks SET blob = ?1 WHERE cid = ?2",
                rusqlite::params![chunks[other], k],
            )
            .unwrap();
        }
    });
    assert_damaged(dir.path(), ids[0], DamageReason::Undecryptable, &[ids[1]]);
    assert_damaged(dir.path(), ids[2], DamageReason::Undecryptable, &[ids[1]]);
}

#[test]
fn reordered_or_duplicated_chunks_of_one_record_are_damage() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let id = v.create_interview(new_record("r")).unwrap();
    answer(&mut v, id, "q0", "a", 0);
    let mut added = Vec::new();
    for k in 1..3 {
        let before = rows(dir.path(), "chunks");
        answer(&mut v, id, &format!("q{k}"), "b", k);
        v.settle().unwrap();
        added.extend(diff(&before, &rows(dir.path(), "chunks")).added);
    }
    drop(v);
    let saved = rows(dir.path(), "chunks");
    // Reordered: the two newest chunks trade places.
    tamper(dir.path(), |c| {
        c.execute(
            "UPDATE chunks SET blob = ?1 WHERE cid = ?2",
            rusqlite::params![saved[&added[1]], added[0]],
        )
        .unwrap();
        c.execute(
            "UPDATE chunks SET blob = ?1 WHERE cid = ?2",
            rusqlite::params![saved[&added[0]], added[1]],
        )
        .unwrap();
    });
    assert_damaged(dir.path(), id, DamageReason::Undecryptable, &[]);
    // Duplicated: the older chunk in both places.
    tamper(dir.path(), |c| {
        c.execute(
            "UPDATE chunks SET blob = ?1 WHERE cid = ?2",
            rusqlite::params![saved[&added[0]], added[0]],
        )
        .unwrap();
        c.execute(
            "UPDATE chunks SET blob = ?1 WHERE cid = ?2",
            rusqlite::params![saved[&added[0]], added[1]],
        )
        .unwrap();
    });
    assert_damaged(dir.path(), id, DamageReason::Undecryptable, &[]);
}

/// A week-old copy of one record's rows (its index row and its chunks, a
/// consistent set) put back while the other records stay current: the
/// vault-wide commitment catches it, and the record is reported as rolled
/// back, never shown with its older answers.
#[test]
fn restoring_a_week_old_copy_of_one_record_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let a = v.create_interview(new_record("a")).unwrap();
    let b = v.create_interview(new_record("b")).unwrap();
    answer(&mut v, a, "hours", "12", 1);
    answer(&mut v, b, "hours", "8", 1);
    v.settle().unwrap();
    drop(v);
    let week_old = (rows(dir.path(), "records"), rows(dir.path(), "chunks"));

    // A week of work on `a` (enough answers to compact it), then on `b`.
    let mut v = open_unlocked(dir.path());
    let (rb, cb) = (rows(dir.path(), "records"), rows(dir.path(), "chunks"));
    for k in 0..30 {
        answer(&mut v, a, "hours", &format!("{}", 13 + k), 2 + k);
    }
    v.settle().unwrap();
    let (ra, ca) = (rows(dir.path(), "records"), rows(dir.path(), "chunks"));
    let (a_records, a_chunks) = (diff(&rb, &ra), diff(&cb, &ca));
    answer(&mut v, b, "hours", "9", 40);
    v.settle().unwrap();
    drop(v);

    // Put `a`'s week-old rows back: its index row, the chunks it had then,
    // without the chunks it gained since.
    tamper(dir.path(), |c| {
        for rid in a_records.changed.iter() {
            c.execute(
                "UPDATE records SET blob = ?1 WHERE rid = ?2",
                rusqlite::params![week_old.0[rid], rid],
            )
            .unwrap();
        }
        for cid in &a_chunks.added {
            c.execute("DELETE FROM chunks WHERE cid = ?1", [cid])
                .unwrap();
        }
        for cid in &a_chunks.removed {
            c.execute(
                "INSERT INTO chunks (cid, blob) VALUES (?1, ?2)",
                rusqlite::params![cid, week_old.1[cid]],
            )
            .unwrap();
        }
    });
    assert_eq!(a_records.changed.len(), 1);
    assert_damaged(dir.path(), a, DamageReason::RolledBack, &[b]);
    let mut v = open_unlocked(dir.path());
    assert_eq!(v.rolled_back(), vec![a]);
    let listed = v.list().unwrap();
    let row = listed.iter().find(|c| c.id == a).unwrap();
    assert_eq!(
        row.state,
        RecordState::Damaged {
            reason: DamageReason::RolledBack
        }
    );
    assert_eq!(v.record(b).unwrap().answers["hours"].answer.value, val("9"));
    assert!(v.apply_answer(a, "hours", val("1"), prov("d", 99)).is_err());
    // A passphrase change refuses to launder it.
    assert!(matches!(
        v.change_passphrase(&pass(), &Passphrase::from("another long passphrase"), None),
        Err(VaultError::RecordDamaged {
            reason: DamageReason::RolledBack,
            ..
        })
    ));
    // Once a person accepts what is on disk, the record reads again.
    v.accept_current_state().unwrap();
    assert_eq!(
        v.record(a).unwrap().answers["hours"].answer.value,
        val("12")
    );
    drop(v);
    let mut v = open_unlocked(dir.path());
    assert!(v.rolled_back().is_empty());
    assert!(v.verify_all().unwrap().is_empty());
}

/// A whole record's rows deleted, or two records rolled back at once: the
/// vault still says so (every record present is reported, since which ones
/// changed cannot be told).
#[test]
fn deleting_a_whole_record_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let before = rows(dir.path(), "records");
    let gone = v.create_interview(new_record("gone")).unwrap();
    let gone_rid = diff(&before, &rows(dir.path(), "records")).added.remove(0);
    let kept = v.create_interview(new_record("kept")).unwrap();
    drop(v);
    tamper(dir.path(), |c| {
        c.execute("DELETE FROM records WHERE rid = ?1", [&gone_rid])
            .unwrap();
    });
    let mut v = open_unlocked(dir.path());
    assert_eq!(v.rolled_back(), vec![kept]);
    assert!(matches!(
        v.record(gone),
        Err(VaultError::RecordNotFound { .. })
    ));
    assert!(matches!(
        v.record(kept),
        Err(VaultError::RecordDamaged {
            reason: DamageReason::RolledBack,
            ..
        })
    ));
}

fn is_bucket(n: usize) -> bool {
    // envelope = 1 version + 12 nonce + padded + 16 tag
    let Some(p) = n.checked_sub(29) else {
        return false;
    };
    ((256..=16 * 1024).contains(&p) && p.is_power_of_two())
        || (p > 16 * 1024 && p.is_multiple_of(64))
}

/// What a seized database shows: no record id, no exact size, no edit
/// count, no secret name; files 0600 in a 0700 folder (whatever the umask).
#[test]
fn the_files_show_no_record_id_no_exact_size_and_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let vdir = dir.path().join("vault");
    let mut v = Vault::create(&vdir, &pass(), cheap()).unwrap();
    let mut ids = Vec::new();
    for i in 0..50 {
        let id = v
            .create_interview(new_record(&format!("case {i}")))
            .unwrap();
        // Answers whose lengths differ by one byte.
        for k in 0..(i % 7) {
            answer(
                &mut v,
                id,
                &format!("q{k}"),
                &"x".repeat(10 + i + k),
                k as i64,
            );
        }
        ids.push(id);
    }
    // One answer journaled, not folded yet (each new record folded the
    // journal before it).
    answer(&mut v, ids[47], "extra", &"y".repeat(33), 9);
    v.put_secret("team", b"state").unwrap();
    let scan = |label: &str| {
        let files = ["vault.db", "vault.db-wal", "vault.db-shm"];
        let mut scanned = 0;
        for f in files {
            let Ok(bytes) = fs::read(vdir.join(f)) else {
                continue;
            };
            scanned += 1;
            for id in &ids {
                let u = id.uuid();
                for needle in [
                    u.as_bytes().to_vec(),
                    u.hyphenated().to_string().into_bytes(),
                    u.simple().to_string().into_bytes(),
                ] {
                    assert!(
                        !bytes.windows(needle.len()).any(|w| w == needle),
                        "{label}: {f} holds record id {id}"
                    );
                }
            }
            #[cfg(unix)]
            assert_eq!(vault::files::mode_of(&vdir.join(f)).unwrap(), 0o600, "{f}");
        }
        scanned
    };
    assert_eq!(scan("open"), 3, "db, WAL and shm all scanned while open");
    #[cfg(unix)]
    {
        assert_eq!(vault::files::mode_of(&vdir).unwrap(), 0o700);
        assert_eq!(
            vault::files::mode_of(&vdir.join(vault::ATTEMPTS_FILE)).unwrap(),
            0o600
        );
    }
    // Every stored blob has a bucket's size: no exact plaintext length.
    for table in ["records", "chunks", "secrets"] {
        for (k, blob) in rows(&vdir, table) {
            assert_eq!(k.len(), 16);
            assert!(is_bucket(blob.len()), "{table}: a {}-byte blob", blob.len());
        }
    }
    // The journal's rows too (answers not folded yet: there are some).
    tamper(&vdir, |c| {
        let blobs: Vec<Vec<u8>> = c
            .prepare("SELECT blob FROM journal")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(!blobs.is_empty());
        for blob in blobs {
            assert!(is_bucket(blob.len()), "journal: a {}-byte blob", blob.len());
        }
    });
    // And the schema has no column that could hold one.
    tamper(&vdir, |c| {
        let sql: Vec<String> = c
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let all = sql.join("\n");
        for word in ["size", "seq", "kind", "name", "record_id"] {
            assert!(!all.contains(word), "schema mentions {word}: {all}");
        }
    });
    drop(v);
    scan("closed");
    // The scan can fail: the same bytes it looks for, written in clear.
    fs::write(
        vdir.join("vault.db-wal"),
        ids[3].uuid().hyphenated().to_string(),
    )
    .unwrap();
    assert!(std::panic::catch_unwind(|| scan("planted")).is_err());
}

fn counter_options(clock: Arc<ManualClock>) -> VaultOptions {
    VaultOptions {
        unlock_policy: UnlockPolicy {
            free_attempts: 2,
            base_delay: Duration::from_secs(10),
            max_delay: Duration::from_secs(600),
            wipe_after: None,
            persist_failures: true,
        },
        ..options(clock)
    }
}

/// The counter cannot be reset by deleting it, editing it, putting back an
/// older copy, or moving the date forward.
#[test]
fn the_attempt_counter_is_hard_to_reset() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new());
    drop(Vault::create(dir.path(), &pass(), counter_options(clock.clone())).unwrap());
    let counter = dir.path().join(vault::ATTEMPTS_FILE);
    let bad = Passphrase::from("bad");
    let open = || Vault::open(dir.path(), counter_options(clock.clone())).unwrap();
    let delayed =
        |v: &mut Vault| matches!(v.unlock(&pass()), Err(VaultError::UnlockDelayed { .. }));

    // A copy taken now (no failures) will be put back later.
    let clean_copy = fs::read(&counter).unwrap();
    let mut v = open();
    for _ in 0..2 {
        assert!(matches!(v.unlock(&bad), Err(VaultError::WrongPassphrase)));
    }
    assert!(delayed(&mut v));

    // The wall clock moved a year forward: still delayed.
    clock.set_wall_forward(Duration::from_secs(365 * 24 * 3600));
    assert!(delayed(&mut open()));

    // Edited to zero failures: not believed, the longest delay applies.
    let text = fs::read_to_string(&counter).unwrap();
    assert!(text.contains("\"failures\":2"), "{text}");
    fs::write(&counter, text.replace("\"failures\":2", "\"failures\":0")).unwrap();
    match open().unlock(&pass()) {
        Err(VaultError::UnlockDelayed { retry_after }) => {
            assert_eq!(retry_after, Duration::from_secs(600))
        }
        other => panic!("{other:?}"),
    }
    // Deleted: the same.
    fs::remove_file(&counter).unwrap();
    match open().unlock(&pass()) {
        Err(VaultError::UnlockDelayed { retry_after }) => {
            assert_eq!(retry_after, Duration::from_secs(600))
        }
        other => panic!("{other:?}"),
    }
    // After a reboot the wait starts again (it is never shortened).
    clock.advance(Duration::from_secs(300));
    clock.reboot();
    match open().unlock(&pass()) {
        Err(VaultError::UnlockDelayed { retry_after }) => {
            assert_eq!(retry_after, Duration::from_secs(600))
        }
        other => panic!("{other:?}"),
    }
    clock.advance(Duration::from_secs(600));
    open().unlock(&pass()).unwrap();

    // The copy from before the last success (another epoch): not believed.
    fs::write(&counter, &clean_copy).unwrap();
    assert!(delayed(&mut open()));
    clock.advance(Duration::from_secs(600));
    let mut v = open();
    v.unlock(&pass()).unwrap();
    // And the vault's database bytes never changed through all of this
    // except for the header's new epoch after each success.
}

/// Wipe-after-N counts across restarts and cannot be dodged by deleting
/// the counter.
#[test]
fn wipe_after_n_survives_restarts_and_a_deleted_counter() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new());
    let opts = || VaultOptions {
        unlock_policy: UnlockPolicy {
            free_attempts: 10,
            wipe_after: Some(5),
            ..UnlockPolicy::default()
        },
        ..options(clock.clone())
    };
    drop(Vault::create(dir.path(), &pass(), opts()).unwrap());
    let bad = Passphrase::from("bad");
    for _ in 0..2 {
        let mut v = Vault::open(dir.path(), opts()).unwrap();
        assert!(matches!(v.unlock(&bad), Err(VaultError::WrongPassphrase)));
    }
    fs::remove_file(dir.path().join(vault::ATTEMPTS_FILE)).unwrap();
    let mut v = Vault::open(dir.path(), opts()).unwrap();
    // Not believed: counted as 4 failures, so the next wrong one wipes.
    assert!(matches!(
        v.unlock(&bad),
        Err(VaultError::WipedAfterFailedAttempts)
    ));
    drop(v);
    assert!(!Vault::exists(dir.path()));
}

/// Wipe on a vault whose database is truncated: the keys are destroyed
/// (the file's own bytes are overwritten before it is unlinked: a hard link
/// taken before shows no trace of the wrapped key), set-aside copies too,
/// and the folder holds no vault file afterwards.
#[test]
fn wipe_destroys_the_keys_of_a_truncated_and_a_set_aside_database() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("vault");
    let mut v = Vault::create(&dir, &pass(), cheap()).unwrap();
    let id = v.create_interview(new_record("x")).unwrap();
    for i in 0..40 {
        answer(&mut v, id, &format!("q{i}"), &"y".repeat(1500), i);
    }
    drop(v);
    let header: serde_json::Value = serde_json::from_slice(&header_body(&dir)).unwrap();
    let wrapped = header["wrapped_key"].as_str().unwrap().to_owned();
    let db = dir.join(vault::DB_FILE);
    // A damaged copy set aside earlier, holding the same wrapped key.
    let aside = dir.join("vault.db.damaged-20260101T000000Z");
    fs::copy(&db, &aside).unwrap();
    let len = fs::metadata(&db).unwrap().len();
    fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    assert!(matches!(
        Vault::open(&dir, cheap()),
        Err(VaultError::StoreDamaged { .. })
    ));
    let (link_db, link_aside) = (root.path().join("link-db"), root.path().join("link-aside"));
    fs::hard_link(&db, &link_db).unwrap();
    fs::hard_link(&aside, &link_aside).unwrap();
    let holds = |p: &Path| {
        let b = fs::read(p).unwrap();
        b.windows(wrapped.len()).any(|w| w == wrapped.as_bytes())
    };
    assert!(
        holds(&link_db) && holds(&link_aside),
        "the check can see the key"
    );

    Vault::wipe_dir(&dir).unwrap();
    assert!(
        !holds(&link_db),
        "the truncated database still holds the wrapped key"
    );
    assert!(
        !holds(&link_aside),
        "the set-aside database still holds the wrapped key"
    );
    let left: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(!Vault::exists(&dir));
}
