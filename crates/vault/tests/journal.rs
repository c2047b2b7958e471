//! The answer journal (see `vault::store`): an answer to an interview in
//! progress is written as one journal row alone, and folded into its
//! record's chunks, index row and the vault-wide commitment by the next
//! other write, by a read of the index rows, or by the next unlock after a
//! stop. Each test plays what can happen to the files between two runs of
//! the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use vault::{DamageReason, RecordId, RecordState, Vault, VaultError};

/// The record's answers beside the first twelve (see [`interview`]).
fn answers(v: &mut Vault, id: RecordId) -> Vec<String> {
    v.record(id)
        .unwrap()
        .answers
        .keys()
        .filter(|q| !q.starts_with("intro"))
        .cloned()
        .collect()
}

fn answer_count(v: &mut Vault, id: RecordId) -> u32 {
    let row = v.list().unwrap().into_iter().find(|c| c.id == id).unwrap();
    match row.state {
        RecordState::Ok(e) => e.answer_count,
        RecordState::Damaged { reason } => panic!("damaged: {reason:?}"),
    }
}

/// A record with some answers already.
fn interview(v: &mut Vault, title: &str) -> RecordId {
    let id = v.create_interview(new_record(title)).unwrap();
    for i in 0..12i64 {
        let words: Vec<String> = (0..40i64)
            .map(|k| ((i * 7919 + k * 104_729) % 100_003).to_string())
            .collect();
        answer(v, id, &format!("intro{i:02}"), &words.join(" "), i);
    }
    id
}

/// The journal's rows: `jid` → blob.
fn journal(dir: &Path) -> BTreeMap<i64, Vec<u8>> {
    let c = rusqlite::Connection::open(dir.join(vault::DB_FILE)).unwrap();
    let mut stmt = c.prepare("SELECT jid, blob FROM journal").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn state(dir: &Path) -> Vec<u8> {
    let c = rusqlite::Connection::open(dir.join(vault::DB_FILE)).unwrap();
    c.query_row("SELECT blob FROM state WHERE id = 1", [], |r| r.get(0))
        .unwrap()
}

/// Answers `q` and returns the journal row it wrote (exactly one, nothing
/// else written: no chunk, the index row and the state row as they were).
fn journaled(v: &mut Vault, dir: &Path, id: RecordId, q: &str, secs: i64) -> i64 {
    let (chunks, records, before_state) = (rows(dir, "chunks"), rows(dir, "records"), state(dir));
    let before = journal(dir);
    answer(v, id, q, "yes", secs);
    assert_eq!(rows(dir, "chunks"), chunks, "no chunk written");
    assert_eq!(rows(dir, "records"), records, "no index row written");
    assert_eq!(state(dir), before_state, "no state row written");
    let after = journal(dir);
    let added: Vec<i64> = after
        .keys()
        .filter(|j| !before.contains_key(j))
        .copied()
        .collect();
    assert_eq!((added.len(), after.len()), (1, before.len() + 1), "one row");
    added[0]
}

#[test]
fn answers_are_journaled_alone_and_folded_by_the_next_read_of_the_index() {
    let d = tempfile::tempdir().unwrap();
    let mut v = create(d.path());
    let id = interview(&mut v, "Crew 3");
    v.settle().unwrap();
    let before = state(d.path());
    for (i, q) in ["age", "hours", "wages"].iter().enumerate() {
        journaled(&mut v, d.path(), id, q, 10 + i as i64);
    }
    let records = rows(d.path(), "records");
    // The case list reads index rows: the journal is folded first.
    assert_eq!(answer_count(&mut v, id), 12 + 3);
    assert_eq!(diff(&records, &rows(d.path(), "records")).changed.len(), 1);
    assert_ne!(state(d.path()), before, "the commitment moved");
    assert!(journal(d.path()).is_empty(), "the rows are gone");
    drop(v);
    let mut v = open_unlocked(d.path());
    assert_eq!(v.rolled_back_count(), 0);
    assert_eq!(answers(&mut v, id), ["age", "hours", "wages"]);
}

#[test]
fn journaled_answers_left_by_a_stopped_app_are_folded_at_the_next_unlock() {
    let d = tempfile::tempdir().unwrap();
    let mut v = create(d.path());
    let id = interview(&mut v, "Crew 4");
    for (i, q) in ["age", "hours"].iter().enumerate() {
        journaled(&mut v, d.path(), id, q, 20 + i as i64);
    }
    // The app stops without locking (killed, battery out).
    drop(v);
    assert_eq!(journal(d.path()).len(), 12 + 2, "journaled since created");
    let records = rows(d.path(), "records");
    let v = open_unlocked(d.path());
    assert_eq!(v.rolled_back_count(), 0);
    drop(v);
    assert_eq!(
        diff(&records, &rows(d.path(), "records")).changed.len(),
        1,
        "the unlock folded the journal into the index row"
    );
    assert!(journal(d.path()).is_empty());
    let mut v = open_unlocked(d.path());
    assert_eq!(answers(&mut v, id), ["age", "hours"]);
    assert_eq!(answer_count(&mut v, id), 12 + 2);
    // And the record goes on being answered.
    answer(&mut v, id, "wages", "no", 30);
    assert_eq!(answers(&mut v, id), ["age", "hours", "wages"]);
}

/// Two records answered in turn (a1, b1, a2), then the app stops.
fn two_records(dir: &Path) -> (RecordId, RecordId, [i64; 3]) {
    let mut v = create(dir);
    let a = interview(&mut v, "A");
    let b = interview(&mut v, "B");
    v.settle().unwrap();
    let a1 = journaled(&mut v, dir, a, "a1", 20);
    let b1 = journaled(&mut v, dir, b, "b1", 21);
    let a2 = journaled(&mut v, dir, a, "a2", 22);
    drop(v);
    (a, b, [a1, b1, a2])
}

fn delete_row(dir: &Path, jid: i64) {
    tamper(dir, |c| {
        let n = c
            .execute("DELETE FROM journal WHERE jid = ?1", [jid])
            .unwrap();
        assert_eq!(n, 1);
    });
}

#[test]
fn a_journaled_answer_taken_out_before_a_later_one_is_found() {
    let d = tempfile::tempdir().unwrap();
    let (a, b, [a1, _, _]) = two_records(d.path());
    // Someone with the files deletes A's first answer: B's later one is
    // still there, so the journal has a hole no stop could leave.
    delete_row(d.path(), a1);
    let mut v = open_unlocked(d.path());
    assert_eq!(
        v.rolled_back_count(),
        2,
        "which record lost it cannot be told"
    );
    assert!(matches!(
        v.record(b),
        Err(VaultError::RecordDamaged {
            reason: DamageReason::RolledBack,
            ..
        })
    ));
    // A person who was told takes what is there: B reads; A's second
    // answer depends on the first, which is gone, so A reads as damaged
    // (kept, never shown without it).
    v.accept_current_state().unwrap();
    assert_eq!(answers(&mut v, b), ["b1"]);
    assert!(matches!(
        v.record(a),
        Err(VaultError::RecordDamaged {
            reason: DamageReason::Missing,
            ..
        })
    ));
    drop(v);
    let mut v = open_unlocked(d.path());
    assert_eq!(v.rolled_back_count(), 0);
    assert_eq!(answers(&mut v, b), ["b1"]);
}

#[test]
fn the_newest_journaled_answer_taken_out_is_an_older_copy_of_the_vault() {
    // What no local check can tell from an older copy of the whole vault
    // (documented): the newest answers gone, everything else consistent.
    let d = tempfile::tempdir().unwrap();
    let (a, b, [_, _, a2]) = two_records(d.path());
    delete_row(d.path(), a2);
    let mut v = open_unlocked(d.path());
    assert_eq!(v.rolled_back_count(), 0);
    assert_eq!(answers(&mut v, a), ["a1"]);
    assert_eq!(answers(&mut v, b), ["b1"]);
}

#[test]
fn a_journal_row_altered_or_moved_is_found() {
    for moved in [false, true] {
        let d = tempfile::tempdir().unwrap();
        let (a, b, [_, b1, _]) = two_records(d.path());
        tamper(d.path(), |c| {
            let mut blob: Vec<u8> = c
                .query_row("SELECT blob FROM journal WHERE jid = ?1", [b1], |r| {
                    r.get(0)
                })
                .unwrap();
            if moved {
                // B's row put under another row id: bound to its own, it
                // does not open there.
                c.execute("DELETE FROM journal WHERE jid = ?1", [b1])
                    .unwrap();
                c.execute(
                    "INSERT INTO journal (jid, blob) VALUES (?1, ?2)",
                    (b1.wrapping_add(1_000_000), blob),
                )
                .unwrap();
            } else {
                blob[30] ^= 1;
                c.execute("UPDATE journal SET blob = ?2 WHERE jid = ?1", (b1, blob))
                    .unwrap();
            }
        });
        let mut v = open_unlocked(d.path());
        // Whose it was cannot be read: every record is reported.
        assert_eq!(v.rolled_back_count(), 2, "moved: {moved}");
        v.accept_current_state().unwrap();
        assert_eq!(answers(&mut v, a), ["a1", "a2"]);
        assert!(answers(&mut v, b).is_empty());
        assert!(journal(d.path()).is_empty(), "the row let go once accepted");
    }
}

#[test]
fn a_passphrase_change_while_locked_keeps_the_journaled_answers() {
    let d = tempfile::tempdir().unwrap();
    let mut v = create(d.path());
    let id = interview(&mut v, "Crew 5");
    journaled(&mut v, d.path(), id, "age", 20);
    journaled(&mut v, d.path(), id, "hours", 21);
    drop(v);
    let before = journal(d.path());
    let mut v = Vault::open(d.path(), cheap()).unwrap();
    let new = vault::Passphrase::from("another passphrase");
    v.change_passphrase(&pass(), &new, None).unwrap();
    let after = journal(d.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before.iter().all(|(j, b)| after[j] != *b), "re-sealed");
    v.unlock(&new).unwrap();
    assert_eq!(v.rolled_back_count(), 0);
    assert_eq!(answers(&mut v, id), ["age", "hours"]);
    assert_eq!(answer_count(&mut v, id), 12 + 2);
}

#[test]
fn deleting_a_record_takes_its_journaled_answers_with_it() {
    let d = tempfile::tempdir().unwrap();
    let mut v = create(d.path());
    let id = interview(&mut v, "Crew 6");
    let keep = interview(&mut v, "Crew 7");
    v.settle().unwrap();
    let chunks = rows(d.path(), "chunks");
    journaled(&mut v, d.path(), id, "age", 20);
    journaled(&mut v, d.path(), id, "hours", 21);
    v.delete(id).unwrap();
    assert!(journal(d.path()).is_empty(), "a journal row left behind");
    let after = rows(d.path(), "chunks");
    assert!(after.len() < chunks.len(), "its chunks went");
    assert!(after.keys().all(|k| chunks.contains_key(k)), "none added");
    assert_eq!(answers(&mut v, keep), Vec::<String>::new());
}

#[test]
fn writes_held_for_one_command_are_one_row_written_at_release() {
    let d = tempfile::tempdir().unwrap();
    let mut v = create(d.path());
    let id = interview(&mut v, "Crew 8");
    v.settle().unwrap();
    v.hold();
    answer(&mut v, id, "age", "17", 20);
    v.set_meta(id, "position", &vault::UserText("hours".into()), t(20))
        .unwrap();
    assert!(journal(d.path()).is_empty(), "nothing written while held");
    // Read in memory meanwhile.
    assert_eq!(answers(&mut v, id), ["age"]);
    v.release().unwrap();
    assert_eq!(journal(d.path()).len(), 1, "one row for both changes");
    drop(v);
    let mut v = open_unlocked(d.path());
    assert_eq!(answers(&mut v, id), ["age"]);
    assert_eq!(v.record(id).unwrap().meta["position"].0, "hours");
}

#[test]
fn what_reads_the_disk_while_held_writes_the_held_changes_first() {
    let d = tempfile::tempdir().unwrap();
    let mut v = create(d.path());
    let id = interview(&mut v, "Crew 9");
    v.hold();
    answer(&mut v, id, "age", "17", 20);
    // The case list reads index rows: the held answer is written and
    // folded first, so the list counts it.
    assert_eq!(answer_count(&mut v, id), 12 + 1);
    // Many other records loaded meanwhile never push a held one out.
    answer(&mut v, id, "hours", "14", 21);
    for i in 0..70 {
        let other = v.create_interview(new_record(&format!("o{i}"))).unwrap();
        v.record(other).unwrap();
    }
    v.release().unwrap();
    drop(v);
    let mut v = open_unlocked(d.path());
    assert_eq!(answers(&mut v, id), ["age", "hours"]);
}
