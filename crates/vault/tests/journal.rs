//! The answer journal (see `vault::store`): an answer to an interview in
//! progress is written as one chunk alone, and folded into its record's
//! index row and the vault-wide commitment by the next other write, by a
//! read of the index rows, or by the next unlock after a stop. Each test
//! plays what can happen to the files between two runs of the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

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

/// A record with some answers already (so its snapshot outweighs the next
/// few answers' changes and they are journaled, not compacted).
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

/// Answers `q` and returns the chunk row it wrote (exactly one, nothing
/// else written: the index row and the state row stay as they were).
fn journaled(v: &mut Vault, dir: &Path, id: RecordId, q: &str, secs: i64) -> Vec<u8> {
    let (chunks, records) = (rows(dir, "chunks"), rows(dir, "records"));
    answer(v, id, q, "yes", secs);
    let d = diff(&chunks, &rows(dir, "chunks"));
    let r = diff(&records, &rows(dir, "records"));
    assert!(
        d.removed.is_empty() && d.changed.is_empty() && r.changed.is_empty(),
        "an answer journaled alone: {d:?} {r:?}"
    );
    assert_eq!(d.added.len(), 1, "one chunk");
    d.added[0].clone()
}

#[test]
fn answers_are_journaled_alone_and_folded_by_the_next_read_of_the_index() {
    let d = tempfile::tempdir().unwrap();
    let mut v = create(d.path());
    let id = interview(&mut v, "Crew 3");
    let state = rows_of_state(d.path());
    for (i, q) in ["age", "hours", "wages"].iter().enumerate() {
        journaled(&mut v, d.path(), id, q, 10 + i as i64);
    }
    assert_eq!(rows_of_state(d.path()), state, "the state row not written");
    let records = rows(d.path(), "records");
    // The case list reads index rows: the journal is folded first.
    assert_eq!(answer_count(&mut v, id), 12 + 3);
    assert_eq!(diff(&records, &rows(d.path(), "records")).changed.len(), 1);
    assert_ne!(rows_of_state(d.path()), state, "the commitment moved");
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
        journaled(&mut v, d.path(), id, q, 10 + i as i64);
    }
    // The app stops without locking (killed, battery out).
    drop(v);
    let records = rows(d.path(), "records");
    let v = open_unlocked(d.path());
    assert_eq!(v.rolled_back_count(), 0);
    drop(v);
    assert_eq!(
        diff(&records, &rows(d.path(), "records")).changed.len(),
        1,
        "the unlock folded the journal into the index row"
    );
    let mut v = open_unlocked(d.path());
    assert_eq!(answers(&mut v, id), ["age", "hours"]);
    assert_eq!(answer_count(&mut v, id), 12 + 2);
    // And the record goes on being answered.
    answer(&mut v, id, "wages", "no", 20);
    assert_eq!(answers(&mut v, id), ["age", "hours", "wages"]);
}

/// Two records answered in turn (a1, b1, a2), then the app stops.
fn two_records(dir: &Path) -> (RecordId, RecordId, [Vec<u8>; 3]) {
    let mut v = create(dir);
    let a = interview(&mut v, "A");
    let b = interview(&mut v, "B");
    let a1 = journaled(&mut v, dir, a, "a1", 10);
    let b1 = journaled(&mut v, dir, b, "b1", 11);
    let a2 = journaled(&mut v, dir, a, "a2", 12);
    drop(v);
    (a, b, [a1, b1, a2])
}

fn delete_chunk(dir: &Path, cid: &[u8]) {
    tamper(dir, |c| {
        let n = c
            .execute("DELETE FROM chunks WHERE cid = ?1", [cid])
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
    delete_chunk(d.path(), &a1);
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
    // A person who was told takes what is there; A goes on being answered
    // (its cut-off second answer superseded by the new ones).
    v.accept_current_state().unwrap();
    assert_eq!(answers(&mut v, b), ["b1"]);
    assert!(answers(&mut v, a).is_empty());
    answer(&mut v, a, "x", "1", 20);
    answer(&mut v, a, "y", "2", 21);
    assert_eq!(answers(&mut v, a), ["x", "y"]);
    drop(v);
    let mut v = open_unlocked(d.path());
    assert_eq!(v.rolled_back_count(), 0);
    assert_eq!(answers(&mut v, a), ["x", "y"]);
}

#[test]
fn the_newest_journaled_answer_taken_out_is_an_older_copy_of_the_vault() {
    // What no local check can tell from an older copy of the whole vault
    // (documented): the newest answers gone, everything else consistent.
    let d = tempfile::tempdir().unwrap();
    let (a, b, [_, _, a2]) = two_records(d.path());
    delete_chunk(d.path(), &a2);
    let mut v = open_unlocked(d.path());
    assert_eq!(v.rolled_back_count(), 0);
    assert_eq!(answers(&mut v, a), ["a1"]);
    assert_eq!(answers(&mut v, b), ["b1"]);
}

#[test]
fn a_journaled_chunk_swapped_between_records_is_damage() {
    let d = tempfile::tempdir().unwrap();
    let (a, b, [a1, b1, _]) = two_records(d.path());
    // B's chunk put where A's first one was: bound to B and its sequence
    // number, it does not open as A's.
    tamper(d.path(), |c| {
        let blob: Vec<u8> = c
            .query_row("SELECT blob FROM chunks WHERE cid = ?1", [&b1], |r| {
                r.get(0)
            })
            .unwrap();
        c.execute("UPDATE chunks SET blob = ?2 WHERE cid = ?1", (&a1, blob))
            .unwrap();
    });
    let mut v = open_unlocked(d.path());
    // Read with A, it makes A damaged for what it is; the journal has no
    // hole (the chunk is there), so B reads as it should.
    assert_eq!(v.rolled_back_count(), 0);
    assert!(matches!(
        v.record(a),
        Err(VaultError::RecordDamaged {
            reason: DamageReason::Undecryptable,
            ..
        })
    ));
    assert_eq!(answers(&mut v, b), ["b1"]);
}

#[test]
fn a_passphrase_change_while_locked_keeps_the_journaled_answers() {
    let d = tempfile::tempdir().unwrap();
    let mut v = create(d.path());
    let id = interview(&mut v, "Crew 5");
    journaled(&mut v, d.path(), id, "age", 10);
    journaled(&mut v, d.path(), id, "hours", 11);
    drop(v);
    let mut v = Vault::open(d.path(), cheap()).unwrap();
    let new = vault::Passphrase::from("another passphrase");
    v.change_passphrase(&pass(), &new, None).unwrap();
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
    let before = rows(d.path(), "chunks");
    let mine: Vec<Vec<u8>> = ["age", "hours"]
        .iter()
        .enumerate()
        .map(|(i, q)| journaled(&mut v, d.path(), id, q, 10 + i as i64))
        .collect();
    v.delete(id).unwrap();
    let after = rows(d.path(), "chunks");
    for cid in &mine {
        assert!(!after.contains_key(cid), "a journaled chunk left behind");
    }
    assert_eq!(diff(&before, &after).added.len(), 0);
    assert_eq!(answers(&mut v, keep), Vec::<String>::new());
}

fn rows_of_state(dir: &Path) -> Vec<u8> {
    let c = rusqlite::Connection::open(dir.join(vault::DB_FILE)).unwrap();
    c.query_row("SELECT blob FROM state WHERE id = 1", [], |r| r.get(0))
        .unwrap()
}
